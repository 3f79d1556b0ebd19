"""Turn prepared documents into the site's files: {relative path: bytes}.

Pages are rendered through the theme's templates; the theme's static files
and ``manifest.json`` are added. Nothing is written here: the writer puts the
whole set in place at once, so a failed render writes nothing.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import jinja2
import pikepdf

from sitegen import __version__
from sitegen.content.load import Content
from sitegen.content.model import Site
from sitegen.documents.inspections import Inspection
from sitegen.documents.letter import LetterView, PduView, summary_view
from sitegen.documents.report import ReportView
from sitegen.site.data import DATA_DIR, LICENCE, PACKAGE, DataFile, region_data_path
from sitegen.site.overview import region_chart, standard_charts
from sitegen.site.regions import RegionView
from sitegen.site.statement import statement
from sitegen.site.theme import environment, render_template, static_files, theme_dir

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


def pdf_label(data: bytes) -> str:
    """'PDF, 1.2 MB, 24 pages', as GOV.UK describes an attachment; without the pages if it is no PDF."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            pages = len(pdf.pages)
    except pikepdf.PdfError:
        return size_label(len(data))
    return f"{size_label(len(data))}, {pages} page{'s' * (pages != 1)}"


def letter_path(slug: str) -> str:
    return f"letters/{slug}.html"


def pdf_path(slug: str) -> str:
    """A report's PDF, beside its page."""
    return f"pdus/{slug}.pdf"


def letter_pdf_path(slug: str) -> str:
    return f"letters/{slug}.pdf"


def _pdf_link(pdfs: dict[str, bytes], path: str) -> PdfLink | None:
    data = pdfs.get(path)
    return PdfLink(PurePosixPath(path).name, pdf_label(data)) if data else None


def _regions(content: Content, reports: list[ReportView], letters: Sequence[LetterView]) -> list[RegionView]:
    summaries = [summary_view(item) for item in content.summaries.values()]
    regions = []
    for slug, item in sorted(content.regions.items()):
        own_reports = [r for r in reports if r.region_slug == slug]
        own_summaries = [s for s in summaries if content.summaries[s.slug].model.region == slug]
        pdus: list[PduView] = sorted([*own_reports, *own_summaries], key=lambda p: p.pdu)
        own_letters = [x for x in letters if x.region_slug == slug]
        regions.append(RegionView(slug, item.model.name, own_reports, region_path(slug), own_letters, pdus))
    return regions


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


def render_site(
    content: Content,
    reports: list[ReportView],
    pdfs: dict[str, bytes] | None = None,
    *,
    letters: Sequence[LetterView] = (),
    records: Sequence[Inspection] = (),
    data: Sequence[DataFile] = (),
    audit: dict[str, Any] | None = None,
) -> dict[str, bytes]:
    """Every page, the theme's static files, the PDFs and data files given, and the manifest.

    ``records`` are the inspections the charts count, ``data`` the open data
    the index and region pages link to, ``audit`` the last ``audit.json`` the
    accessibility statement reports on (None: never checked).
    """
    pdfs = pdfs or {}
    site = content.site
    theme = theme_dir(content.root, site.theme)
    env = environment(content.root, theme)
    regions = _regions(content, reports, letters)
    national = [PACKAGE, f"{DATA_DIR}/ratings.csv", f"{DATA_DIR}/key-questions.csv", f"{DATA_DIR}/inspections.json"]
    base: dict[str, Any] = {
        "site": site,
        "regions": regions,
        "reports": reports,
        "letters": list(letters),
        "version": __version__,
        "licence": LICENCE,
        "national_data": data_links(data, national),
        "base_href": "",
        "canonical_root": site_url(site, "index.html"),
        "og_type": "website",
        "search_meta": [],
        "page_kind": "page",
    }
    files: dict[str, bytes] = {}

    by_slug = {region.slug: region for region in regions}

    def page(path: str, template: str, trail: list[tuple[str, str]], description: str, **context: Any) -> None:
        """``trail``: (label, path) of the pages above this one, then this page's own label."""
        root = "../" * (len(PurePosixPath(path).parts) - 1)
        crumbs = [Crumb(label, root + target if target != path else None) for label, target in trail]
        values = {**base, "root": root, "page_path": path, "breadcrumbs": crumbs, "description": description,
                  "canonical": site_url(site, path), **context}  # fmt: skip
        files[path] = _render(env, template, path, values)

    home = ("Home", "index.html")
    count = f"{len(records)} inspection{'s' if len(records) != 1 else ''}"
    page("index.html", "index.html", [home],
         site.description or f"{site.title}: {count}, by region, with their ratings as open data.")  # fmt: skip
    for region in regions:
        own = [r for r in records if r.region_slug == region.slug]
        page(
            region.path, "region.html", [home, (f"{region.name} region", region.path)],
            f"{region.name} region: its {len(own)} PDU inspections with their ratings, side by side and as open data, "
            "and its regional review letters.",
            region=region,
            charts=standard_charts(own, f"chart-{region.slug}-", f" in {region.name} region"),
            region_data=data_links(data, [region_data_path(region.slug, k) for k in ("ratings", "key-questions")]),
            search_meta=[("kind", "Region"), ("region", region.name)],
        )  # fmt: skip
    for report in reports:
        path, region = report_path(report.slug), by_slug[report.region_slug]
        page(
            path, "report.html", [home, (f"{region.name} region", region.path), (report.pdu, path)],
            f"{report.title}, {report.region} region, published {report.published}. "
            f"Overall rating: {report.overall_rating} (score {report.score}).",
            report=report, pdf=_pdf_link(pdfs, pdf_path(report.slug)), og_type="article",
            search_meta=[("pdu", report.pdu), ("kind", "Inspection report"), ("region", f"{report.region} region"),
                         ("published", report.published)],
        )  # fmt: skip
    for letter in letters:
        path, region = letter_path(letter.slug), by_slug[letter.region_slug]
        page(
            path, "letter.html",
            [home, (f"{region.name} region", region.path), (f"Regional review letter, {letter.month}", path)],
            f"{letter.title}: {letter.region} region, {letter.date}.",
            letter=letter, pdf=_pdf_link(pdfs, letter_pdf_path(letter.slug)), og_type="article",
            search_meta=[("kind", "Regional review letter"), ("region", f"{letter.region} region"), ("published", letter.date)],
        )  # fmt: skip
    page(
        OVERVIEW, "overview.html", [home, ("National overview", OVERVIEW)],
        f"National overview: the ratings of every standard across {count}, and each region's overall ratings, "
        "as charts and tables.",
        charts=standard_charts(records, "chart-", " across all inspections"),
        region_chart=region_chart(records, [(r.slug, r.name, r.path) for r in regions]),
        inspections=records, page_kind="overview",
    )  # fmt: skip
    page(SEARCH, "search.html", [home, ("Search", SEARCH)], f"Search {site.title}: reports, standards and findings.",
         page_kind="search")  # fmt: skip
    page(
        STATEMENT, "accessibility.html", [home, ("Accessibility statement", STATEMENT)],
        f"Accessibility statement for {site.title}.", statement=statement(site, audit), page_kind="statement",
    )  # fmt: skip
    # The 404 page is served at whatever address was asked for: its links start from the site's root.
    page(NOT_FOUND, "404.html", [], "Page not found.", base_href=urlsplit(site_url(site, "index.html")).path, canonical="",
         page_kind="not-found")  # fmt: skip
    for source, target in static_files(theme):
        files[target] = source.read_bytes()
    files.update(pdfs)
    files.update({f.path: f.data for f in data})
    files["manifest.json"] = manifest(reports, regions, pdfs, letters)
    return files


def manifest(
    reports: list[ReportView], regions: list[RegionView], pdfs: dict[str, bytes], letters: Sequence[LetterView] = ()
) -> bytes:
    """One entry per document: kind, title, source YAML, its page and its PDF (if built)."""

    def entry(kind: str, slug: str, title: str, source: str, html: str, pdf: str | None) -> dict[str, Any]:
        return {"kind": kind, "slug": slug, "title": title, "source": source, "html": html,
                "pdf": pdf if pdf in pdfs else None}  # fmt: skip

    entries = [entry("report", r.slug, r.title, r.source, report_path(r.slug), pdf_path(r.slug)) for r in reports]
    entries += [entry("letter", x.slug, x.title, x.source, letter_path(x.slug), letter_pdf_path(x.slug)) for x in letters]
    entries += [entry("region", g.slug, f"{g.name} region", f"content/regions/{g.slug}.yaml", g.path, None) for g in regions]
    entries += [entry(kind, PurePosixPath(path).stem, title, "site.yaml", path, None) for kind, title, path in SITE_PAGES]
    body = {"generator": f"sitegen {__version__}", "documents": entries}
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _render(env: jinja2.Environment, template: str, path: str, context: dict[str, Any]) -> bytes:
    return render_template(env, template, path, context).encode("utf-8")
