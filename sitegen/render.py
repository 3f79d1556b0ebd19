"""Turn prepared documents into the site's files: {relative path: bytes}.

Pages are rendered through the theme's templates; the theme's static files
and ``manifest.json`` are added. Nothing is written here: the writer puts the
whole set in place at once, so a failed render writes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from markupsafe import Markup

from sitegen import __version__
from sitegen.document import ItemView, ReportView
from sitegen.errors import ContentError, Problem
from sitegen.load import Content
from sitegen.theme import environment, static_files, theme_dir


@dataclass(frozen=True)
class RegionView:
    slug: str
    name: str
    reports: list[ReportView]
    path: str


@dataclass
class ItemRun:
    """Consecutive bullets (one list) or a single quotation between lists."""

    kind: str
    items: list[Markup] = field(default_factory=list)
    html: Markup = Markup("")


def item_runs(items: list[ItemView]) -> list[ItemRun]:
    runs: list[ItemRun] = []
    for item in items:
        if item.kind == "quote":
            runs.append(ItemRun("quote", html=item.html))
        elif runs and runs[-1].kind == "list":
            runs[-1].items.append(item.html)
        else:
            runs.append(ItemRun("list", [item.html]))
    return runs


def report_path(slug: str) -> str:
    return f"pdus/{slug}.html"


def region_path(slug: str) -> str:
    return f"regions/{slug}.html"


def render_site(content: Content, reports: list[ReportView]) -> dict[str, bytes]:
    theme = theme_dir(content.root, content.site.theme)
    env = environment(content.root, theme)
    env.globals["item_runs"] = item_runs
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
        page(report_path(report.slug), "report.html", report=report)
    for source, target in static_files(theme):
        files[target] = source.read_bytes()
    files["manifest.json"] = manifest(reports, regions)
    return files


def manifest(reports: list[ReportView], regions: list[RegionView]) -> bytes:
    """One entry per document: kind, title, source YAML, its page (and PDF once built)."""
    entries: list[dict[str, Any]] = [
        {"kind": "report", "slug": r.slug, "title": r.title, "source": r.source, "html": report_path(r.slug), "pdf": None}
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
