"""Checked content -> the site's outputs, each with the inputs it is made from: the producers of the graph.

An output is a path, the digests of its inputs (which make its key) and how to make its bytes: a page
or data file made here, or a PDF rendered by a worker from its print HTML. A producer is a function
from the checked content to outputs; adding an output to the site is adding a producer. What each
output declares is all it may read: a report's page reads the report, its region, ``site.yaml``, the
templates and sitegen; a region's page the summaries of its PDUs and letters (its charts and open data
are made from them); the index, the overview, the search page, the open data and the feed every PDU's
summary (:mod:`sitegen.documents.summary` carries the ratings and figures they count); the
accessibility statement the last ``audit.json``; and so on. A PDF reads the same as its document's
page, the theme's static files (CSS, fonts) too, and the PDF options. The search index, made from
every page, is made once they are (:meth:`sitegen.build.render.Renderer.finish`), while the PDFs render.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from importlib.metadata import version
from typing import Any

from sitegen.build.checked import Checked
from sitegen.build.graph import key_of
from sitegen.build.inputs import Options
from sitegen.content.load import REGIONS_DIR, SITE_FILE
from sitegen.documents.inspections import Inspection, inspections
from sitegen.site.data import DATA_DIR, PACKAGE, DataFile, open_data, region_data_path
from sitegen.site.feeds import FEED, ROBOTS, SITEMAP_FILE, atom_feed, letter_entry, report_entry, robots, sitemap
from sitegen.site.pages import (
    NOT_FOUND,
    OVERVIEW,
    SEARCH,
    SITE_PAGES,
    STATEMENT,
    inspection_pages,
    letter_path,
    letter_pdf_path,
    manifest,
    pdf_link,
    pdf_path,
    region_path,
    region_views,
    report_path,
    site_url,
)


@dataclass
class Output:
    """One file of the site: its path, what it is made from, and how to make it."""

    path: str
    inputs: list[Any]
    make: Callable[..., bytes] | None = None  # a page or data file (a page that links a PDF: given its label)
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


def fit_setting(checked: Checked, options: Options) -> str:
    """What a PDF's layout follows besides its print HTML: sitegen, the theme's static files (styles,
    fonts), the PDF options and WeasyPrint. A record of how a document was fitted holds under the same."""
    static = checked.inputs.group("theme:static/")
    return key_of(checked.inputs["sitegen"], static, repr(options.pdf), version("weasyprint"))


def _page(checked: Checked, options: Options, kind: str, slug: str, label: str | None = None) -> bytes:
    """A report's or letter's page; ``label`` describes its PDF ("PDF, 1.2 MB, 24 pages"), if the page links one."""
    pdf = pdf_path(slug) if kind == "report" else letter_pdf_path(slug)
    link = None
    if options.draft_links:
        link = pdf_link(pdf, "draft PDF")
    elif label is not None:
        link = pdf_link(pdf, label)
    if kind == "report":
        return checked.pages().report(checked.report_view(slug), link)
    return checked.pages().letter(checked.letter_view(slug), link)


def _linked(options: Options) -> bool:
    """Whether the documents' PDFs are on the site (the open data links them): built, or drafts on request."""
    return options.pdf is not None or options.draft_links


def _pdus(checked: Checked) -> list[list[str]]:
    """Every PDU's summary key: what the records (:func:`records`) are made from."""
    return [[e.rel, e.summary_key] for e in checked.entries.values() if e.kind != "letter"]


def _everything(checked: Checked) -> list[list[str]]:
    return [[e.rel, e.summary_key] for e in checked.entries.values()]


def records(checked: Checked) -> list[Inspection]:
    """Every inspection's record, from the summaries (made once a build)."""
    if "records" not in checked.memo:
        checked.memo["records"] = inspections(checked.pdu_summaries().values(), checked.regions())
    return checked.memo["records"]


def data_files(checked: Checked, options: Options) -> dict[str, DataFile]:
    """The open data, by path (made once a build)."""
    if "data" not in checked.memo:
        site, linked = checked.content.site, _linked(options)

        def pages(inspection: Inspection) -> tuple[str, str]:
            page, pdf = inspection_pages(inspection)
            return page, pdf if linked else ""

        files = open_data(site, records(checked), checked.regions(), partial(site_url, site), pages)
        checked.memo["data"] = {f.path: f for f in files}
    return checked.memo["data"]


def lists(checked: Checked, options: Options) -> Iterator[Output]:
    """The index, each region's page and manifest.json: from the summaries alone."""
    regions = checked.regions()
    pdus = list(checked.pdu_summaries().values())
    letters = list(checked.letter_summaries().values())
    views = region_views(regions, pdus, letters)
    pages = checked.pages()
    common = _common(checked)
    everything = _everything(checked)

    def data() -> list[DataFile]:
        return list(data_files(checked, options).values())

    # The index links the national open data by size: it reads what the data is made from.
    yield Output("index.html", common + [everything, _linked(options)], make=lambda: pages.index(views, records(checked), data()))
    for view in views:
        # A region's page links its own open data and the national files, by size.
        own = [
            _region_file(checked, view.slug),
            _pdus(checked),
            _linked(options),
            [[e.rel, e.summary_key] for e in checked.entries.values() if (e.summary or {}).get("region_slug") == view.slug],
        ]
        yield Output(
            view.path,
            common + own,
            make=lambda view=view: pages.region(view, views, [r for r in records(checked) if r.region_slug == view.slug], data()),
        )
    reports = [p for p in pdus if p.kind == "report"]
    yield Output(
        "manifest.json",
        [checked.inputs["sitegen"], everything, key_of(regions), bool(options.pdf)],
        make=lambda: manifest(reports, letters, regions, pdfs=bool(options.pdf)),
    )


def national(checked: Checked, options: Options) -> Iterator[Output]:
    """The overview, the search page, the accessibility statement, the 404 page."""
    pages, common = checked.pages(), _common(checked)
    yield Output(OVERVIEW, common + [_pdus(checked)], make=lambda: pages.overview(records(checked)))

    def search() -> bytes:
        views = region_views(checked.regions(), list(checked.pdu_summaries().values()), list(checked.letter_summaries().values()))
        return pages.search(views)

    yield Output(SEARCH, common + [_everything(checked)], make=search)
    yield Output(STATEMENT, common + [options.audit_key], make=lambda: pages.statement(options.audit))
    yield Output(NOT_FOUND, common, make=pages.not_found)


def open_data_files(checked: Checked, options: Options) -> Iterator[Output]:
    """The open data: the national files (and the Data Package) from every PDU, a region's from its own."""
    inputs, regions = checked.inputs, checked.regions()

    def make(path: str) -> bytes:
        return data_files(checked, options)[path].data

    national = [inputs["sitegen"], inputs[SITE_FILE], key_of(regions), _pdus(checked), _linked(options)]
    for name in ("ratings.csv", "key-questions.csv", "inspections.json"):
        yield Output(f"{DATA_DIR}/{name}", national, make=partial(make, f"{DATA_DIR}/{name}"))
    yield Output(PACKAGE, national, make=partial(make, PACKAGE))  # it gives every file's size
    for slug in sorted(regions):
        own = [
            [e.rel, e.summary_key]
            for e in checked.entries.values()
            if e.kind != "letter" and (e.summary or {}).get("region_slug") == slug
        ]
        for kind in ("ratings", "key-questions"):
            path = region_data_path(slug, kind)
            yield Output(path, [inputs["sitegen"], _region_file(checked, slug), own], make=partial(make, path))


def page_paths(checked: Checked) -> list[str]:
    """Every page of the site (what the sitemap lists)."""
    paths = ["index.html", *(region_path(slug) for slug in checked.regions())]
    paths += [report_path(e.slug) for e in checked.of_kind("report")] + [letter_path(e.slug) for e in checked.of_kind("letter")]
    return paths + [path for _, _, path in SITE_PAGES]


def discovery(checked: Checked, options: Options) -> Iterator[Output]:
    """The Atom feed of the reports and letters, the sitemap of every page, robots.txt."""
    inputs, site = checked.inputs, checked.content.site
    url = partial(site_url, site)
    base = [inputs["sitegen"], inputs[SITE_FILE]]

    def entries() -> list[Any]:
        regions, pdus = checked.regions(), checked.pdu_summaries()
        found = [report_entry(p, regions[p.region_slug], report_path(p.slug)) for p in pdus.values() if p.kind == "report"]
        for x in checked.letter_summaries().values():
            named = [pdus[slug] for slug in x.pdus if slug in pdus]
            found.append(letter_entry(x, regions[x.region_slug], named, letter_path(x.slug)))
        return found

    everything = [key_of(checked.regions()), _everything(checked)]
    yield Output(FEED, base + everything, make=lambda: atom_feed(site, entries(), url))
    paths = page_paths(checked)
    yield Output(SITEMAP_FILE, base + everything + [paths],
                 make=lambda: sitemap(paths, {e.path: e.date for e in entries()}, url))  # fmt: skip
    yield Output(ROBOTS, base, make=lambda: robots(url))


def static(checked: Checked, options: Options) -> Iterator[Output]:
    """The theme's static files, as they are."""
    base = checked.theme / "static"
    for name, found in checked.inputs.digests.items():
        if name.startswith("theme:static/"):
            relative = name.removeprefix("theme:")
            yield Output(relative, [found], make=partial((base / relative.removeprefix("static/")).read_bytes))


#: The outputs made from the summaries and the theme, producer by producer (the documents' own pages and
#: PDFs come from :func:`document_outputs`, one document at a time).
PRODUCERS: list[Producer] = [lists, national, open_data_files, discovery, static]
