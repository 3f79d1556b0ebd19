"""Turn prepared documents and summaries into the site's pages, one page at a time, and say where each goes.

Every page gets ``site``, ``version``, ``root`` (the way back to the site's top), ``page_path``,
``regions`` (each region's ``slug``, ``name`` and ``path``, for the navigation), ``description``,
``canonical`` (its published address) and what the head and search furniture read (``licence``,
``base_href``, ``canonical_root``, ``og_type``, ``search_meta``, ``page_kind``). Besides that:

- ``index.html`` and each region's page (``regions/<name>.html``) get the regions with what they hold,
  from the documents' summaries (:mod:`sitegen.documents.summary`): ``reports``, ``letters`` and
  ``pdus`` (reports and summary files, by name), each with the fields the summary has; the index the
  national open data (``national_data``), a region's page its charts and its own open data;
- a report's page (``pdus/<name>.html``) gets ``report``, the whole prepared report, and ``pdf``;
- a letter's page (``letters/<name>.html``) gets ``letter`` and ``pdf``;
- the national overview the inspection records (:mod:`sitegen.documents.inspections`) and their charts,
  the search page the regions, the accessibility statement the last audit.

So a page is made again only when what it shows changed: a report's page when the report, its region,
the site's texts or the theme did; the index and a region's page when a summary did. ``manifest.json``
lists every document and page of the site with its kind, title, source YAML, page and PDF.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from sitegen import __version__
from sitegen.content.sitefile import Site
from sitegen.documents.inspections import Inspection
from sitegen.documents.letter import LetterView
from sitegen.documents.report import ReportView
from sitegen.documents.summary import LetterSummary, PduSummary
from sitegen.site.data import DATA_DIR, LICENCE, PACKAGE, DataFile, region_data_path
from sitegen.site.overview import region_chart, standard_charts
from sitegen.site.regions import RegionView
from sitegen.site.statement import statement
from sitegen.site.theme import KeptTemplates, environment, render_template


@dataclass(frozen=True)
class NavRegion:
    """A region as the navigation of every page shows it."""

    slug: str
    name: str

    @property
    def path(self) -> str:
        return region_path(self.slug)


#: The site's own pages, beside the index.
OVERVIEW = "overview.html"
SEARCH = "search.html"
STATEMENT = "accessibility.html"
NOT_FOUND = "404.html"
#: (kind, title, path) of each: the audit names them by kind.
SITE_PAGES = (
    ("overview", "National overview", OVERVIEW),
    ("search", "Search", SEARCH),
    ("statement", "Accessibility statement", STATEMENT),
    ("not-found", "Page not found", NOT_FOUND),
)


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
        import pikepdf  # only here, so that a build without PDFs never imports it

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

    def _page(self, path: str, template: str, trail: list[tuple[str, str]], description: str, **context: Any) -> bytes:
        """``trail``: (label, path) of the pages above this one, then this page's own label."""
        root = "../" * (len(PurePosixPath(path).parts) - 1)
        crumbs = [Crumb(label, root + target if target != path else None) for label, target in trail]
        site = self.site
        base = {
            "site": site, "regions": self.nav, "version": __version__, "root": root, "page_path": path,
            "licence": LICENCE, "base_href": "", "canonical_root": site_url(site, "index.html"), "og_type": "website",
            "search_meta": [], "page_kind": "page", "description": description, "canonical": site_url(site, path),
        }  # fmt: skip
        return render_template(self.env, template, path, {**base, "breadcrumbs": crumbs, **context}).encode("utf-8")

    def _region_crumb(self, slug: str) -> tuple[str, str]:
        return f"{self.names[slug]} region", region_path(slug)

    def index(self, regions: list[RegionView], records: Sequence[Inspection], data: Sequence[DataFile]) -> bytes:
        """The index: ``data`` the national open data it links (by size)."""
        site = self.site
        description = site.description or f"{site.title}: {_count(records)}, by region, with their ratings as open data."
        return self._page("index.html", "index.html", [HOME], description, regions=regions, national_data=_national(data))

    def region(
        self, region: RegionView, regions: list[RegionView], records: Sequence[Inspection], data: Sequence[DataFile]
    ) -> bytes:
        """A region's page: ``records`` its inspections (the charts), ``data`` the open data it links (by size)."""
        return self._page(
            region.path, "region.html", [HOME, self._region_crumb(region.slug)],
            f"{region.name} region: its {len(records)} PDU inspections with their ratings, side by side and as open data, "
            "and its regional review letters.",
            region=region, regions=regions,
            charts=standard_charts(records, f"chart-{region.slug}-", f" in {region.name} region"),
            region_data=data_links(data, [region_data_path(region.slug, k) for k in ("ratings", "key-questions")]),
            national_data=_national(data),
            search_meta=[("kind", "Region"), ("region", region.name)],
        )  # fmt: skip

    def report(self, report: ReportView, pdf: PdfLink | None) -> bytes:
        path = report_path(report.slug)
        return self._page(
            path, "report.html", [HOME, self._region_crumb(report.region_slug), (report.pdu, path)],
            f"{report.title}, {report.region} region, published {report.published}. "
            f"Overall rating: {report.overall_rating} (score {report.score}).",
            report=report, pdf=pdf, og_type="article",
            search_meta=[("pdu", report.pdu), ("kind", "Inspection report"), ("region", f"{report.region} region"),
                         ("published", report.published)],
        )  # fmt: skip

    def letter(self, letter: LetterView, pdf: PdfLink | None) -> bytes:
        path = letter_path(letter.slug)
        return self._page(
            path, "letter.html",
            [HOME, self._region_crumb(letter.region_slug), (f"Regional review letter, {letter.month}", path)],
            f"{letter.title}: {letter.region} region, {letter.date}.",
            letter=letter, pdf=pdf, og_type="article",
            search_meta=[("kind", "Regional review letter"), ("region", f"{letter.region} region"), ("published", letter.date)],
        )  # fmt: skip

    def overview(self, records: Sequence[Inspection]) -> bytes:
        """The national overview: the charts of every inspection's ratings, and each region's."""
        return self._page(
            OVERVIEW, "overview.html", [HOME, ("National overview", OVERVIEW)],
            f"National overview: the ratings of every standard across {_count(records)}, and each region's overall ratings, "
            "as charts and tables.",
            charts=standard_charts(records, "chart-", " across all inspections"),
            region_chart=region_chart(records, [(r.slug, r.name, r.path) for r in self.nav]),
            inspections=records, page_kind="overview",
        )  # fmt: skip

    def search(self, regions: list[RegionView]) -> bytes:
        description = f"Search {self.site.title}: reports, standards and findings."
        return self._page(SEARCH, "search.html", [HOME, ("Search", SEARCH)], description, regions=regions, page_kind="search")

    def statement(self, audit: dict[str, Any] | None) -> bytes:
        """The accessibility statement; ``audit`` the last ``audit.json`` (None: never checked)."""
        return self._page(
            STATEMENT, "accessibility.html", [HOME, ("Accessibility statement", STATEMENT)],
            f"Accessibility statement for {self.site.title}.", statement=statement(self.site, audit), page_kind="statement",
        )  # fmt: skip

    def not_found(self) -> bytes:
        # The 404 page is served at whatever address was asked for: its links start from the site's root.
        base_href = urlsplit(site_url(self.site, "index.html")).path
        return self._page(NOT_FOUND, "404.html", [], "Page not found.", base_href=base_href, canonical="", page_kind="not-found")


def _national(data: Sequence[DataFile]) -> list[DataLink]:
    """The links to the national open data, with their sizes."""
    return data_links(data, [PACKAGE, f"{DATA_DIR}/ratings.csv", f"{DATA_DIR}/key-questions.csv", f"{DATA_DIR}/inspections.json"])


def _count(records: Sequence[Inspection]) -> str:
    return f"{len(records)} inspection{'s' if len(records) != 1 else ''}"


@dataclass(frozen=True)
class DataLink:
    """A link to a file of the open data, with its format and size as GOV.UK pages show them."""

    path: str
    title: str
    label: str


def data_links(files: Sequence[DataFile], paths: Sequence[str]) -> list[DataLink]:
    by_path = {f.path: f for f in files}
    links = []
    for path in paths:
        if path in by_path:
            kind = "CSV" if path.endswith(".csv") else "JSON"
            links.append(DataLink(path, by_path[path].title, size_label(len(by_path[path].data)).replace("PDF", kind)))
    return links


def site_url(site: Site, path: str) -> str:
    """The published address of a file of the site: ``base_url`` + its path (the index is the base itself)."""
    base = site.base_url if site.base_url.endswith("/") else site.base_url + "/"
    return base if path == "index.html" else base + path


def inspection_pages(inspection: Inspection) -> tuple[str, str]:
    return report_path(inspection.slug), pdf_path(inspection.slug)


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
    entries += [entry(kind, PurePosixPath(path).stem, title, "site.yaml", path, None) for kind, title, path in SITE_PAGES]
    body = {"generator": f"sitegen {__version__}", "documents": entries}
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
