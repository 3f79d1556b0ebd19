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

import jinja2
import pikepdf

from sitegen import __version__
from sitegen.content.load import Content
from sitegen.documents.letter import LetterView, PduView, summary_view
from sitegen.documents.report import ReportView
from sitegen.site.regions import RegionView
from sitegen.site.theme import environment, render_template, static_files, theme_dir


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


def render_site(
    content: Content,
    reports: list[ReportView],
    pdfs: dict[str, bytes] | None = None,
    *,
    letters: Sequence[LetterView] = (),
) -> dict[str, bytes]:
    """Every page, the theme's static files, the PDFs given and the manifest."""
    pdfs = pdfs or {}
    theme = theme_dir(content.root, content.site.theme)
    env = environment(content.root, theme)
    regions = _regions(content, reports, letters)
    base: dict[str, Any] = {
        "site": content.site,
        "regions": regions,
        "reports": reports,
        "letters": list(letters),
        "version": __version__,
    }
    files: dict[str, bytes] = {}

    by_slug = {region.slug: region for region in regions}

    def page(path: str, template: str, trail: list[tuple[str, str]], **context: Any) -> None:
        """``trail``: (label, path) of the pages above this one, then this page's own label."""
        root = "../" * (len(PurePosixPath(path).parts) - 1)
        crumbs = [Crumb(label, root + target if target != path else None) for label, target in trail]
        context = {**base, "root": root, "page_path": path, "breadcrumbs": crumbs, **context}
        files[path] = _render(env, template, path, context)

    home = ("Home", "index.html")
    page("index.html", "index.html", [home])
    for region in regions:
        page(region.path, "region.html", [home, (f"{region.name} region", region.path)], region=region)
    for report in reports:
        path, region = report_path(report.slug), by_slug[report.region_slug]
        trail = [home, (f"{region.name} region", region.path), (report.pdu, path)]
        page(path, "report.html", trail, report=report, pdf=_pdf_link(pdfs, pdf_path(report.slug)))
    for letter in letters:
        path, region = letter_path(letter.slug), by_slug[letter.region_slug]
        trail = [home, (f"{region.name} region", region.path), (f"Regional review letter, {letter.month}", path)]
        page(path, "letter.html", trail, letter=letter, pdf=_pdf_link(pdfs, letter_pdf_path(letter.slug)))
    for source, target in static_files(theme):
        files[target] = source.read_bytes()
    files.update(pdfs)
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
    body = {"generator": f"sitegen {__version__}", "documents": entries}
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _render(env: jinja2.Environment, template: str, path: str, context: dict[str, Any]) -> bytes:
    return render_template(env, template, path, context).encode("utf-8")
