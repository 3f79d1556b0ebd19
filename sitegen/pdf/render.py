"""Turn a prepared report or letter into its print HTML, for WeasyPrint to render (:mod:`sitegen.pdf.engine`).

The print template of the theme gets the same document as the web page; the
only change is where footnotes go: on the web they are a list at the end, in
print each note's text is put at its call and floats to the foot of that page.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup

from sitegen import __version__
from sitegen.content.sitefile import Site
from sitegen.documents.markdown import Footnote
from sitegen.pdf.engine import PRINT_READY_CSS, RefusedURL, make_fetcher, render_pdf
from sitegen.pdf.options import PDF_VARIANTS, PdfOptions
from sitegen.site.theme import render_template

log = logging.getLogger("sitegen.pdf")

_HYPHENATED = re.compile(r"(?<!\w)\w+(?:-\w+)+")  # from a word's start only: the same matches, without retrying inside each word
_TEXT_BETWEEN_TAGS = re.compile(r"(<[^>]*>)")
_CALL = re.compile(r'<sup class="fn-call"><a href="#fn-(\d+)" id="fnref-\1(?:-(\d+))?"[^>]*>\1</a></sup>')


class Printable(Protocol):
    """What the print templates and this module need of a document."""

    slug: str
    source: str
    footnotes: list[Footnote]

    @property
    def dated(self) -> tuple[int, int, int]: ...

    @property
    def document_title(self) -> str: ...


def source_date(document: Printable, epoch: str | None) -> str:
    """The PDF's dates: SOURCE_DATE_EPOCH if set, else the document's date (a letter's day; a report's
    publication month, whose first day it is)."""
    if epoch:
        moment = datetime.fromtimestamp(int(epoch), tz=UTC)
    else:
        year, month, day = document.dated
        moment = datetime(year, month, day, tzinfo=UTC)
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


__all__ = ["PDF_VARIANTS", "PRINT_READY_CSS", "PdfOptions", "Printable", "RefusedURL", "make_fetcher", "print_html", "render_pdf"]
