"""Turn prepared documents and summaries into the site's pages, one page at a time, and say where each goes.

Every page gets ``site``, ``version``, ``root`` (the way back to the site's top), ``page_path`` and
``regions`` (each region's ``slug``, ``name`` and ``path``, for the navigation). Besides that:

- ``index.html`` and each region's page (``regions/<name>.html``) get the regions with what they hold,
  from the documents' summaries (:mod:`sitegen.documents.summary`): ``reports``, ``letters`` and
  ``pdus`` (reports and summary files, by name), each with the fields the summary has;
- a report's page (``pdus/<name>.html``) gets ``report``, the whole prepared report, and ``pdf``;
- a letter's page (``letters/<name>.html``) gets ``letter`` and ``pdf``.

So a page is made again only when what it shows changed: a report's page when the report, its region,
the site's texts or the theme did; the index and a region's page when a summary did. ``manifest.json``
lists every document with its kind, title, source YAML, page and PDF.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pikepdf

from sitegen import __version__
from sitegen.content.model import Site
from sitegen.documents.letter import LetterView
from sitegen.documents.report import ReportView
from sitegen.documents.summary import LetterSummary, PduSummary
from sitegen.site.regions import RegionView
from sitegen.site.theme import KeptTemplates, environment, render_template


@dataclass(frozen=True)
class NavRegion:
    """A region as the navigation of every page shows it."""

    slug: str
    name: str

    @property
    def path(self) -> str:
        return region_path(self.slug)


def report_path(slug: str) -> str:
    return f"pdus/{slug}.html"


def region_path(slug: str) -> str:
    return f"regions/{slug}.html"


def letter_path(slug: str) -> str:
    return f"letters/{slug}.html"


def pdf_path(slug: str) -> str:
    """A report's PDF, beside its page."""
    return f"pdus/{slug}.pdf"


def letter_pdf_path(slug: str) -> str:
    return f"letters/{slug}.pdf"


@dataclass(frozen=True)
class PdfLink:
    href: str
    label: str


@dataclass(frozen=True)
class Crumb:
    """One step of a page's breadcrumbs; the page itself has no link."""

    label: str
    href: str | None = None


def size_label(size: int) -> str:
    """'PDF, 412 KB' as GOV.UK pages show a file's size."""
    if size >= 1024 * 1024:
        return f"PDF, {size / (1024 * 1024):.1f} MB"
    return f"PDF, {max(1, round(size / 1024))} KB"


def pdf_label(data: bytes, pages: int | None = None) -> str:
    """'PDF, 1.2 MB, 24 pages', as GOV.UK describes an attachment; without the pages if it is no PDF.

    ``pages``, if known (the renderer counts them), spares opening the PDF to count them."""
    if pages is None:
        try:
            with pikepdf.open(io.BytesIO(data)) as pdf:
                pages = len(pdf.pages)
        except pikepdf.PdfError:
            return size_label(len(data))
    return f"{size_label(len(data))}, {pages} page{'s' * (pages != 1)}"


def pdf_link(path: str, label: str) -> PdfLink:
    return PdfLink(PurePosixPath(path).name, label)


def region_views(regions: dict[str, str], pdus: Sequence[PduSummary], letters: Sequence[LetterSummary]) -> list[RegionView]:
    """Each region ({slug: name}) with its reports and letters (in the order given: their files') and its
    PDUs (reports and summary files) by name."""
    views = []
    for slug, name in sorted(regions.items()):
        reports = [p for p in pdus if p.region_slug == slug and p.kind == "report"]
        own = sorted((p for p in pdus if p.region_slug == slug), key=lambda p: p.pdu)
        views.append(RegionView(slug, name, reports, region_path(slug), [x for x in letters if x.region_slug == slug], own))
    return views


class Pages:
    """Renders the site's pages through the theme, one at a time."""

    def __init__(
        self, root: Path, site: Site, theme: Path, regions: dict[str, str], key: str | None = None, compiled: Path | None = None
    ):
        self.env = environment(root, theme, key=key, compiled=compiled)
        self.site = site
        self.nav = [NavRegion(slug, name) for slug, name in sorted(regions.items())]
        self.names = regions

    def save_compiled(self) -> None:
        """Keep the templates compiled by this build for the next one (see :class:`~sitegen.site.theme.KeptTemplates`)."""
        cache = self.env.bytecode_cache
        if isinstance(cache, KeptTemplates):
            cache.save()

    def _page(self, path: str, template: str, trail: list[tuple[str, str]], **context: Any) -> bytes:
        """``trail``: (label, path) of the pages above this one, then this page's own label."""
        root = "../" * (len(PurePosixPath(path).parts) - 1)
        crumbs = [Crumb(label, root + target if target != path else None) for label, target in trail]
        base = {"site": self.site, "regions": self.nav, "version": __version__, "root": root, "page_path": path}
        return render_template(self.env, template, path, {**base, "breadcrumbs": crumbs, **context}).encode("utf-8")

    def _region_crumb(self, slug: str) -> tuple[str, str]:
        return f"{self.names[slug]} region", region_path(slug)

    def index(self, regions: list[RegionView]) -> bytes:
        return self._page("index.html", "index.html", [HOME], regions=regions)

    def region(self, region: RegionView, regions: list[RegionView]) -> bytes:
        return self._page(region.path, "region.html", [HOME, self._region_crumb(region.slug)], region=region, regions=regions)

    def report(self, report: ReportView, pdf: PdfLink | None) -> bytes:
        path = report_path(report.slug)
        trail = [HOME, self._region_crumb(report.region_slug), (report.pdu, path)]
        return self._page(path, "report.html", trail, report=report, pdf=pdf)

    def letter(self, letter: LetterView, pdf: PdfLink | None) -> bytes:
        path = letter_path(letter.slug)
        trail = [HOME, self._region_crumb(letter.region_slug), (f"Regional review letter, {letter.month}", path)]
        return self._page(path, "letter.html", trail, letter=letter, pdf=pdf)


HOME = ("Home", "index.html")


def manifest(reports: Sequence[PduSummary], letters: Sequence[LetterSummary], regions: dict[str, str], *, pdfs: bool) -> bytes:
    """One entry per document: kind, title, source YAML, its page and its PDF (if built)."""

    def entry(kind: str, slug: str, title: str, source: str, html: str, pdf: str | None) -> dict[str, Any]:
        return {"kind": kind, "slug": slug, "title": title, "source": source, "html": html,
                "pdf": pdf if pdfs else None}  # fmt: skip

    entries = [entry("report", r.slug, r.title, r.source, report_path(r.slug), pdf_path(r.slug)) for r in reports]
    entries += [entry("letter", x.slug, x.title, x.source, letter_path(x.slug), letter_pdf_path(x.slug)) for x in letters]
    entries += [
        entry("region", slug, f"{name} region", f"content/regions/{slug}.yaml", region_path(slug), None)
        for slug, name in sorted(regions.items())
    ]
    body = {"generator": f"sitegen {__version__}", "documents": entries}
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
