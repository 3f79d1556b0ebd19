"""Turn print HTML into a tagged PDF with WeasyPrint: what a PDF worker imports, and nothing else.

WeasyPrint may read only the theme's files: any other URL is refused, and the build fails naming the
document. A document past the page limit is refused after layout, before its PDF is written. A run of
text that would leave its last few lines alone on a page is set tighter (:mod:`sitegen.pdf.fit`: the
document is laid out again, the fitted layout kept); the PDF opens with its bookmarks shown. The
structure tree is written by sitegen's tagging pass (:mod:`sitegen.pdf.tags`). The print HTML itself is
made from the theme's templates by :mod:`sitegen.pdf.render`; this module needs neither the templates
nor the content model, so a worker starts by importing WeasyPrint and little more.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

from sitegen.content.limits import MAX_PDF_PAGES
from sitegen.content.problems import ContentError, Problem
from sitegen.pdf.fit import fit_with_memory
from sitegen.pdf.fitmemory import Fits
from sitegen.pdf.options import PdfOptions
from sitegen.pdf.tags import sitegen_tags


class RefusedURL(Exception):
    """A resource outside what a PDF may read."""


#: A commercial printer's edition: 3 mm bleed and crop marks round the A4 trim.
# WeasyPrint draws marks only where the root element has a background.
PRINT_READY_CSS = "@page { bleed: 3mm; marks: crop cross; } html { background: #fff; }"


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


def _show_bookmarks(document: Any, pdf: Any) -> None:
    """A reader opens the PDF with its bookmarks shown, as the published reports do."""
    if "Outlines" in pdf.catalog:
        pdf.catalog["PageMode"] = "/UseOutlines"


class Rendering(NamedTuple):
    """A rendered PDF, its number of pages (which the web page's link to the PDF gives), and the record of
    how its runs were fitted (for the next build of the document: :mod:`sitegen.pdf.fitmemory`)."""

    pdf: bytes
    pages: int
    fits: Fits


def render_pdf(
    html: str,
    *,
    theme: Path,
    options: PdfOptions,
    source: str,
    weasyprint_tags: bool = False,
    max_pages: int = MAX_PDF_PAGES,
    fits: Fits | None = None,
) -> Rendering:
    """The PDF of one print HTML document, tagged by sitegen, refusing any resource outside the theme and
    past ``max_pages``; with its number of pages and the record of its fit, made starting from the record
    of an earlier build of the document (``fits``): the same PDF, in fewer layouts where runs are unchanged.

    ``weasyprint_tags=True`` leaves WeasyPrint's own tags (for tests that compare the two).
    """
    from weasyprint import CSS, HTML

    refused: list[str] = []
    fetcher = make_fetcher([theme], refused)
    document = HTML(string=html, base_url=theme.as_uri() + "/", url_fetcher=fetcher)
    extra = [CSS(string=PRINT_READY_CSS)] if options.print_ready else []
    # A fixed document identifier, so the same content gives the same bytes.
    settings: dict[str, Any] = {"stylesheets": extra, "pdf_variant": options.variant, "pdf_identifier": b"sitegen"}

    def layout() -> Any:
        laid_out = document.render(**settings)
        if len(laid_out.pages) > max_pages:
            message = f"the PDF would have {len(laid_out.pages)} pages; a document may have at most {max_pages}: split it"
            raise ContentError([Problem(source, 0, 0, "", message)])
        return laid_out

    # Copy-fitting lays the document out again where a run would leave a near-empty page (one layout in
    # memory at a time: the last is let go before the next is made).
    rendered, records = fit_with_memory(layout, document.etree_element, fits)
    with nullcontext() if weasyprint_tags else sitegen_tags():
        pdf = rendered.write_pdf(finisher=_show_bookmarks, **settings)
    if refused:
        raise ContentError(
            [Problem(source, 0, 0, "", f"the PDF may only use files of the theme; refused {url}") for url in sorted(set(refused))]
        )
    return Rendering(bytes(pdf), len(rendered.pages), records)
