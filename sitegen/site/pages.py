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

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from sitegen import __version__
from sitegen.content.model import Site
from sitegen.content.problems import ContentError, Problem
from sitegen.documents.letter import LetterView
from sitegen.documents.report import ReportView
from sitegen.documents.summary import LetterSummary, PduSummary
from sitegen.site.theme import environment


@dataclass(frozen=True)
class RegionView:
    """A region's page: its reports, its letters, and every inspected PDU's ratings side by side."""

    slug: str
    name: str
    reports: list[PduSummary] = field(default_factory=list)
    letters: list[LetterSummary] = field(default_factory=list)
    pdus: list[PduSummary] = field(default_factory=list)

    @property
    def path(self) -> str:
        return region_path(self.slug)

    @property
    def standard_rows(self) -> list[tuple[str, str, list[str]]]:
        """(number, name, [rating of each PDU, '' where it has none]) for the comparison table."""
        rows: dict[str, tuple[str, dict[str, str]]] = {}
        for index, pdu in enumerate(self.pdus):
            for domain in pdu.domains:
                for standard in domain.standards:
                    rows.setdefault(standard.number, (standard.name, {}))[1][str(index)] = standard.rating
        # In the framework's order, whichever PDU first has a standard (a PDU may leave a row out).
        return [
            (number, name, [ratings.get(str(i), "") for i in range(len(self.pdus))])
            for number, (name, ratings) in sorted(rows.items(), key=lambda row: _standard_order(row[0]))
        ]


@dataclass(frozen=True)
class NavRegion:
    """A region as the navigation of every page shows it."""

    slug: str
    name: str

    @property
    def path(self) -> str:
        return region_path(self.slug)


def _standard_order(number: str) -> tuple[str, tuple[int, ...]]:
    """'2.1' before '2.10', and 'P 1.1' (a later framework's numbering) after every plain number."""
    return re.sub(r"[\d.]+$", "", number), tuple(int(part) for part in re.findall(r"\d+", number))


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


def size_label(size: int) -> str:
    """'PDF, 412 KB' as GOV.UK pages show a file's size."""
    if size >= 1024 * 1024:
        return f"PDF, {size / (1024 * 1024):.1f} MB"
    return f"PDF, {max(1, round(size / 1024))} KB"


def pdf_link(path: str, label: str) -> PdfLink:
    return PdfLink(PurePosixPath(path).name, label)


def region_views(regions: dict[str, str], pdus: Sequence[PduSummary], letters: Sequence[LetterSummary]) -> list[RegionView]:
    """Each region ({slug: name}) with its reports and letters (in the order given: their files') and its
    PDUs (reports and summary files) by name."""
    views = []
    for slug, name in sorted(regions.items()):
        reports = [p for p in pdus if p.region_slug == slug and p.kind == "report"]
        own = sorted((p for p in pdus if p.region_slug == slug), key=lambda p: p.pdu)
        views.append(RegionView(slug, name, reports, [x for x in letters if x.region_slug == slug], own))
    return views


class Pages:
    """Renders the site's pages through the theme, one at a time."""

    def __init__(self, root: Path, site: Site, theme: Path, regions: dict[str, str]):
        self.env = environment(root, theme)
        self.site = site
        self.nav = [NavRegion(slug, name) for slug, name in sorted(regions.items())]

    def _page(self, path: str, template: str, **context: Any) -> bytes:
        base = {"site": self.site, "regions": self.nav, "version": __version__}
        root = "../" * (len(PurePosixPath(path).parts) - 1)
        return _render(self.env, template, path, {**base, "root": root, "page_path": path, **context})

    def index(self, regions: list[RegionView]) -> bytes:
        return self._page("index.html", "index.html", regions=regions)

    def region(self, region: RegionView, regions: list[RegionView]) -> bytes:
        return self._page(region.path, "region.html", region=region, regions=regions)

    def report(self, report: ReportView, pdf: PdfLink | None) -> bytes:
        return self._page(report_path(report.slug), "report.html", report=report, pdf=pdf)

    def letter(self, letter: LetterView, pdf: PdfLink | None) -> bytes:
        return self._page(letter_path(letter.slug), "letter.html", letter=letter, pdf=pdf)


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
