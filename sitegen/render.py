"""Turn prepared documents into the site's files: {relative path: bytes}.

Pages are rendered through the theme's templates; the theme's static files
and ``manifest.json`` are added. Nothing is written here: the writer puts the
whole set in place at once, so a failed render writes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from sitegen import __version__
from sitegen.document import ReportView
from sitegen.errors import ContentError, Problem
from sitegen.load import Content
from sitegen.pdfbuild import pdf_path
from sitegen.theme import environment, static_files, theme_dir


@dataclass(frozen=True)
class RegionView:
    slug: str
    name: str
    reports: list[ReportView]
    path: str


def report_path(slug: str) -> str:
    return f"pdus/{slug}.html"


def region_path(slug: str) -> str:
    return f"regions/{slug}.html"


@dataclass(frozen=True)
class PdfLink:
    href: str
    label: str


def size_label(size: int) -> str:
    """'PDF, 412 KB' as GOV.UK pages show a file's size."""
    if size >= 1024 * 1024:
        return f"PDF, {size / (1024 * 1024):.1f} MB"
    return f"PDF, {max(1, round(size / 1024))} KB"


def render_site(content: Content, reports: list[ReportView], pdfs: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """Every page, the theme's static files, the PDFs given and the manifest."""
    pdfs = pdfs or {}
    theme = theme_dir(content.root, content.site.theme)
    env = environment(content.root, theme)
    regions = [
        RegionView(slug, item.model.name, [r for r in reports if r.region_slug == slug], region_path(slug))
        for slug, item in sorted(content.regions.items())
    ]
    base: dict[str, Any] = {"site": content.site, "regions": regions, "reports": reports, "version": __version__}
    files: dict[str, bytes] = {}

    def page(path: str, template: str, **context: Any) -> None:
        root = "../" * (len(PurePosixPath(path).parts) - 1)
        files[path] = _render(env, template, path, {**base, "root": root, "page_path": path, **context})

    page("index.html", "index.html")
    for region in regions:
        page(region.path, "region.html", region=region)
    for report in reports:
        data = pdfs.get(pdf_path(report.slug))
        link = PdfLink(PurePosixPath(pdf_path(report.slug)).name, size_label(len(data))) if data else None
        page(report_path(report.slug), "report.html", report=report, pdf=link)
    for source, target in static_files(theme):
        files[target] = source.read_bytes()
    files.update(pdfs)
    files["manifest.json"] = manifest(reports, regions, pdfs)
    return files


def manifest(reports: list[ReportView], regions: list[RegionView], pdfs: dict[str, bytes]) -> bytes:
    """One entry per document: kind, title, source YAML, its page and its PDF (if built)."""
    entries: list[dict[str, Any]] = [
        {
            "kind": "report",
            "slug": r.slug,
            "title": r.title,
            "source": r.source,
            "html": report_path(r.slug),
            "pdf": pdf_path(r.slug) if pdf_path(r.slug) in pdfs else None,
        }
        for r in reports
    ]
    entries += [
        {
            "kind": "region",
            "slug": g.slug,
            "title": f"{g.name} region",
            "source": f"content/regions/{g.slug}.yaml",
            "html": g.path,
            "pdf": None,
        }
        for g in regions
    ]
    body = {"generator": f"sitegen {__version__}", "documents": entries}
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _render(env: jinja2.Environment, template: str, path: str, context: dict[str, Any]) -> bytes:
    try:
        return env.get_template(template).render(context).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(
            [Problem(exc.filename or exc.name or template, exc.lineno, 1, "", f"template error: {exc.message}")]
        ) from exc
    except jinja2.TemplateError as exc:
        where = _template_frame(exc)
        raise ContentError(
            [Problem(where[0] or template, where[1], 1, "", f"template error while rendering {path}: {exc}")]
        ) from exc


def _template_frame(exc: BaseException) -> tuple[str, int]:
    """The template file and line a render error happened at, from the traceback."""
    tb = exc.__traceback__
    found = ("", 0)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".css")) or "/templates/" in name:
            found = (str(Path(name)), tb.tb_lineno)
        tb = tb.tb_next
    return found
