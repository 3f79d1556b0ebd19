"""Turn a prepared report or letter into an accessible PDF, rendered by WeasyPrint.

The print template of the theme gets the same document as the web page; the
only change is where footnotes go: on the web they are a list at the end, in
print each note's text is put at its call and floats to the foot of that page.
WeasyPrint may read only the theme's files: any other URL is refused. The
structure tree is written by sitegen's tagging pass (:mod:`sitegen.pdf.tags`).
"""

from __future__ import annotations

import logging
import re
from contextlib import nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import Markup

from sitegen import __version__
from sitegen.content.limits import MAX_PDF_PAGES
from sitegen.content.model import Site
from sitegen.content.problems import ContentError, Problem
from sitegen.documents.markdown import Footnote
from sitegen.pdf.options import PDF_VARIANTS, PdfOptions
from sitegen.pdf.tags import sitegen_tags
from sitegen.site.theme import render_template

log = logging.getLogger("sitegen.pdf")

_HYPHENATED = re.compile(r"\w+(?:-\w+)+")
_TEXT_BETWEEN_TAGS = re.compile(r"(<[^>]*>)")
_CALL = re.compile(r'<sup class="fn-call"><a href="#fn-(\d+)" id="fnref-\1(?:-(\d+))?"[^>]*>\1</a></sup>')


class RefusedURL(Exception):
    """A resource outside what a PDF may read."""


#: A commercial printer's edition: 3 mm bleed and crop marks round the A4 trim.
# WeasyPrint draws marks only where the root element has a background.
PRINT_READY_CSS = "@page { bleed: 3mm; marks: crop cross; } html { background: #fff; }"


class Printable(Protocol):
    """What the print templates and this module need of a document."""

    slug: str
    source: str
    footnotes: list[Footnote]

    @property
    def published_ym(self) -> tuple[int, int]: ...

    @property
    def document_title(self) -> str: ...


def source_date(document: Printable, epoch: str | None) -> str:
    """The PDF's dates: SOURCE_DATE_EPOCH if set, else the first day of the publication month."""
    if epoch:
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    else:
        year, month = document.published_ym
        moment = datetime(year, month, 1, tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def inline_footnotes(html: str, document: Printable) -> str:
    """Put each note's text at its first call; later calls only show the number."""
    notes = {n.number: n for n in document.footnotes}

    def replace(match: re.Match[str]) -> str:
        number, repeat = int(match[1]), match[2]
        if repeat is None and number in notes:
            body = notes[number].html
            return str(Markup('<span class="footnote" data-number="{n}">{b}</span>').format(n=number, b=body))
        return f'<sup class="fn-call">{number}</sup>'

    return _CALL.sub(replace, html)


def keep_hyphenated_words_whole(html: str) -> str:
    """Stop lines breaking after the hyphen of 'year-to-date'.

    A line ending in a hard hyphen is read back by text extraction (and by some
    screen readers) as one word, 'year-todate'; kept whole, the word reads right.
    """
    parts = _TEXT_BETWEEN_TAGS.split(html)
    body = False
    for i, part in enumerate(parts):
        if part.startswith("<"):
            body = body or part.startswith("<body")
            continue
        if body and "-" in part:
            parts[i] = _HYPHENATED.sub(lambda m: f'<span class="nowrap">{m[0]}</span>', part)
    return "".join(parts)


def print_html(
    env: jinja2.Environment,
    site: Site,
    kind: str,
    document: Printable,
    *,
    theme: Path,
    options: PdfOptions,
    epoch: str | None,
) -> str:
    """The print HTML of a document (``kind`` 'report' or 'letter') from the theme's print/<kind>.html."""
    context: dict[str, Any] = {
        "site": site,
        kind: document,
        "version": __version__,
        "theme_url": theme.as_uri() + "/",
        "pdf_title": ("DRAFT - " if options.draft else "") + document.document_title,
        "pdf_date": source_date(document, epoch),
        "draft": options.draft,
    }
    html = render_template(env, f"print/{kind}.html", f"the PDF of {document.source}", context)
    return keep_hyphenated_words_whole(inline_footnotes(html, document))


def make_fetcher(allowed: list[Path], refused: list[str]):  # type: ignore[no-untyped-def]
    """A URL fetcher that reads only files inside ``allowed`` folders."""
    from weasyprint.urls import URLFetcher

    roots = [p.resolve() for p in allowed]

    class LocalOnly(URLFetcher):
        def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return super().fetch(url, headers)
            refused.append(url if len(url) < 200 else url[:200] + "...")
            raise RefusedURL(f"refused: {url[:200]}")

    return LocalOnly()


def render_pdf(
    html: str,
    *,
    theme: Path,
    options: PdfOptions,
    source: str,
    weasyprint_tags: bool = False,
    max_pages: int = MAX_PDF_PAGES,
) -> bytes:
    """The PDF of one print HTML document, tagged by sitegen, refusing any resource outside the theme and
    past ``max_pages``.

    ``weasyprint_tags=True`` leaves WeasyPrint's own tags (for tests that compare the two).
    """
    from weasyprint import CSS, HTML

    refused: list[str] = []
    fetcher = make_fetcher([theme], refused)
    document = HTML(string=html, base_url=theme.as_uri() + "/", url_fetcher=fetcher)
    extra = [CSS(string=PRINT_READY_CSS)] if options.print_ready else []
    # A fixed document identifier, so the same content gives the same bytes.
    settings: dict[str, Any] = {"stylesheets": extra, "pdf_variant": options.variant, "pdf_identifier": b"sitegen"}
    rendered = document.render(**settings)
    if len(rendered.pages) > max_pages:
        raise ContentError(
            [
                Problem(
                    source,
                    0,
                    0,
                    "",
                    f"the PDF would have {len(rendered.pages)} pages; a document may have at most {max_pages}: split it",
                )
            ]
        )
    with nullcontext() if weasyprint_tags else sitegen_tags():
        pdf = rendered.write_pdf(**settings)
    if refused:
        raise ContentError(
            [Problem(source, 0, 0, "", f"the PDF may only use files of the theme; refused {url}") for url in sorted(set(refused))]
        )
    return bytes(pdf)


__all__ = ["PDF_VARIANTS", "PdfOptions", "Printable", "print_html", "render_pdf"]
