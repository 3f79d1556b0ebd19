"""Checked content -> the site's outputs, each with the inputs it is made from: the producers of the graph.

An output is a path, the digests of its inputs (which make its key) and how to make its bytes: a page
or data file made here, or a PDF rendered by a worker from its print HTML. A producer is a function
from the checked content to outputs; adding an output to the site is adding a producer. What each
output declares is all it may read: a report's page reads the report, its region, ``site.yaml``, the
templates and sitegen; a region's page the summaries of its PDUs and letters; and so on. A PDF reads
the same as its document's page, the theme's static files (CSS, fonts) too, and the PDF options.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from sitegen.build.checked import Checked
from sitegen.build.graph import key_of
from sitegen.build.inputs import Options
from sitegen.content.load import REGIONS_DIR, SITE_FILE
from sitegen.site.pages import (
    letter_path,
    letter_pdf_path,
    manifest,
    pdf_label,
    pdf_link,
    pdf_path,
    region_views,
    report_path,
)


@dataclass
class Output:
    """One file of the site: its path, what it is made from, and how to make it."""

    path: str
    inputs: list[Any]
    make: Callable[..., bytes] | None = None  # a page or data file (a page that links a PDF: given the PDF)
    document: tuple[str, str] | None = None  # a PDF: ("report" | "letter", slug), rendered by a worker
    pdf: str | None = None  # a page that links this PDF, and describes it (size, pages)

    def key(self, pdf_digest: str | None = None) -> str:
        return key_of(self.path, self.inputs, pdf_digest)


Producer = Callable[[Checked, Options], Iterator[Output]]


def _common(checked: Checked) -> list[str]:
    """What every page reads: sitegen, site.yaml, the templates, the regions' names (the navigation)."""
    if checked.common is None:
        inputs = checked.inputs
        checked.common = [inputs["sitegen"], inputs[SITE_FILE], inputs.templates, key_of(checked.regions())]
    return checked.common


def _region_file(checked: Checked, slug: str) -> str:
    return checked.inputs[f"{REGIONS_DIR.as_posix()}/{slug}.yaml"]


def document_outputs(checked: Checked, options: Options, kind: str, slug: str) -> list[Output]:
    """A report's or letter's page, and its PDF if PDFs are built (a letter's after every report's summary is known)."""
    inputs = checked.inputs
    entry = checked.entry(kind, slug)
    if kind == "report":
        region = checked.region_of(entry)
        own: list[Any] = [entry.digest, _region_file(checked, region)]
        page, pdf = report_path(slug), pdf_path(slug)
    else:
        summaries = {e.slug: e.summary_key for e in checked.entries.values() if e.kind != "letter"}
        named = entry.loaded.model.pdus if entry.loaded is not None else (entry.summary or {})["pdus"]
        own = [entry.digest, _region_file(checked, checked.region_of(entry)), [summaries.get(p) for p in named]]
        page, pdf = letter_path(slug), letter_pdf_path(slug)
    make = partial(_page, checked, options, kind, slug)
    outputs = [Output(page, _common(checked) + own, make=make, pdf=pdf if options.pdf else None)]
    if options.pdf:
        static = inputs.group("theme:static/")
        pdf_inputs = [inputs["sitegen"], inputs[SITE_FILE], inputs.templates, static, repr(options.pdf), options.epoch]
        outputs.append(Output(pdf, pdf_inputs + own, document=(kind, slug)))
    return outputs


def _page(
    checked: Checked, options: Options, kind: str, slug: str, pdf_file: Path | None = None, pdf_pages: int | None = None
) -> bytes:
    pdf = pdf_path(slug) if kind == "report" else letter_pdf_path(slug)
    link = None
    if options.draft_links:
        link = pdf_link(pdf, "draft PDF")
    elif pdf_file is not None:
        link = pdf_link(pdf, pdf_label(pdf_file.read_bytes(), pdf_pages))
    if kind == "report":
        return checked.pages().report(checked.report_view(slug), link)
    return checked.pages().letter(checked.letter_view(slug), link)


def lists(checked: Checked, options: Options) -> Iterator[Output]:
    """The index, each region's page and manifest.json: from the summaries alone."""
    regions = checked.regions()
    pdus = list(checked.pdu_summaries().values())
    letters = list(checked.letter_summaries().values())
    views = region_views(regions, pdus, letters)
    pages = checked.pages()
    common = _common(checked)
    everything = [[e.rel, e.summary_key] for e in checked.entries.values()]
    yield Output("index.html", common + [everything], make=lambda: pages.index(views))
    for view in views:
        own = [
            _region_file(checked, view.slug),
            [[e.rel, e.summary_key] for e in checked.entries.values() if (e.summary or {}).get("region_slug") == view.slug],
        ]
        yield Output(view.path, common + own, make=lambda view=view: pages.region(view, views))
    reports = [p for p in pdus if p.kind == "report"]
    yield Output(
        "manifest.json",
        [checked.inputs["sitegen"], everything, key_of(regions), bool(options.pdf)],
        make=lambda: manifest(reports, letters, regions, pdfs=bool(options.pdf)),
    )


def static(checked: Checked, options: Options) -> Iterator[Output]:
    """The theme's static files, as they are."""
    base = checked.theme / "static"
    for name, found in checked.inputs.digests.items():
        if name.startswith("theme:static/"):
            relative = name.removeprefix("theme:")
            yield Output(relative, [found], make=partial((base / relative.removeprefix("static/")).read_bytes))


#: The outputs made from the summaries and the theme, producer by producer (the documents' own pages and
#: PDFs come from :func:`document_outputs`, one document at a time).
PRODUCERS: list[Producer] = [lists, static]

