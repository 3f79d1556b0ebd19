"""The build pipeline: load -> check -> prepare -> render -> index -> write.

Each stage is a package: :mod:`sitegen.content` reads the YAML into the typed
model, :mod:`sitegen.rules` checks it against the house rules,
:mod:`sitegen.documents` prepares what the templates show and the inspection
records the data and charts count, :mod:`sitegen.site` and :mod:`sitegen.pdf`
render the PDFs, the open data, the pages, the feeds and the search index,
each a pure function of the prepared content, and :mod:`sitegen.site.write`
puts them in place. ``validate`` is this same
pipeline with ``write=False``, so the two can never disagree about what is
valid; ``sitegen pdf`` is it without the pages.
"""

from __future__ import annotations

import difflib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.content.load import Content, read_content
from sitegen.content.problems import Collector, ContentError, Problem
from sitegen.documents.inspections import Inspection, inspections
from sitegen.documents.letter import LetterView, prepare_letter
from sitegen.documents.markdown import lost_text
from sitegen.documents.report import ReportView, prepare_report
from sitegen.pdf.fonts import coverage, uncovered
from sitegen.pdf.pool import build_pdfs, jobs_for
from sitegen.pdf.render import PdfOptions
from sitegen.rules.checks import check_content
from sitegen.site.data import DataFile, open_data
from sitegen.site.faults import pause_point
from sitegen.site.feeds import discovery_files, letter_entry, report_entry
from sitegen.site.pages import inspection_pages, letter_path, render_site, report_path, site_url
from sitegen.site.search import search_index
from sitegen.site.theme import check_logo, check_theme, theme_dir
from sitegen.site.write import PDF_BYTES, check_output, estimate_size, output_error, safe_target, write_site

log = logging.getLogger("sitegen")
#: What ``sitegen check`` writes into the site it audited; the accessibility statement reports it.
AUDIT_JSON = "audit.json"


@dataclass
class BuildResult:
    content: Content
    reports: list[ReportView]
    letters: list[LetterView]
    files: dict[str, bytes]
    out: Path | None
    records: list[Inspection] = field(default_factory=list)


def default_out(root: Path) -> Path:
    return root / "build" / "site"


def build(
    root: Path,
    out: Path | None = None,
    *,
    write: bool = True,
    pdf: PdfOptions | None = None,
    jobs: int | None = None,
) -> BuildResult:
    """Build the site of the project at ``root`` into ``out`` (default build/site).

    ``pdf`` None builds no PDFs; ``write=False`` is validation: everything is
    checked, the print templates included, and nothing is written.
    """
    with _stage("load, check and prepare content"):
        content, reports, letters = load_documents(root)
    pause_point("load")
    with _stage("inspection records"):
        records = inspections(content, reports)
    target = None
    if write:
        target = out or default_out(root)
        with _stage(f"check that {target} can be written"):
            theme = theme_dir(root, content.site.theme)
            check_output(target, estimate_size(theme, len(reports) + len(letters), pdfs=pdf is not None))
    pdfs: dict[str, bytes] = {}
    if not write:
        with _stage("render print templates"):
            jobs_for(content, reports, letters, pdf or PdfOptions())
    elif pdf is not None:
        with _stage("render PDFs"):
            pdfs = build_pdfs(content, reports, letters, pdf, jobs=jobs)
    with _stage("open data"):
        data = open_data_files(content, records, pdfs)
    with _stage("render pages"):
        files = render_site(
            content, reports, pdfs, letters=letters, records=records, data=data, audit=last_audit(out or default_out(root))
        )
    with _stage("feed, sitemap and robots.txt"):
        files.update(discovery(content, reports, letters, files))
    if target is not None:
        with _stage("search index"):
            files.update(search_index(files, content.site.language.split("-")[0].lower()))
        with _stage(f"write {len(files)} files to {target}"):
            write_site(files, target)
    return BuildResult(content, reports, letters, files, target, records)


def open_data_files(content: Content, records: list[Inspection], pdfs: dict[str, bytes]) -> list[DataFile]:
    """The open data of ``records``; a report's PDF is linked only when it was built."""

    def pages(inspection: Inspection) -> tuple[str, str]:
        page, pdf = inspection_pages(inspection)
        return page, pdf if pdf in pdfs else ""

    regions = {slug: item.model.name for slug, item in content.regions.items()}
    return open_data(content.site, records, regions, lambda path: site_url(content.site, path), pages)


def discovery(
    content: Content, reports: list[ReportView], letters: list[LetterView], files: dict[str, bytes]
) -> dict[str, bytes]:
    """The Atom feed of the reports and letters, the sitemap of every page, robots.txt."""
    entries = [report_entry(r, report_path(r.slug)) for r in reports] + [letter_entry(x, letter_path(x.slug)) for x in letters]
    pages = [path for path in files if path.endswith(".html") and not path.startswith("static/")]
    return discovery_files(content.site, pages, entries, lambda path: site_url(content.site, path))


def last_audit(out: Path) -> dict[str, Any] | None:
    """The ``audit.json`` the last ``sitegen check`` left in the output folder, if any (read, never trusted)."""
    path = out / AUDIT_JSON
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def load_documents(root: Path) -> tuple[Content, list[ReportView], list[LetterView]]:
    """Everything in the project, read, checked and prepared; raises ContentError with every problem.

    The stages run on whatever could be read, even once a problem is found, so that one run lists
    them all: schema, house rules and footnotes, in file and line order.
    """
    problems = Collector()
    content = _read_and_check(root, problems)
    with _stage("prepare documents"):
        reports, letters = _prepare_all(content, problems)
    problems.check()
    return content, reports, letters


def load_content(root: Path) -> Content:
    """The project's content, read and checked against the house rules and what the theme can show;
    raises ContentError with every problem found so far (:func:`prepare` finds those of the documents'
    text, footnotes)."""
    problems = Collector()
    content = _read_and_check(root, problems)
    problems.check()
    return content


def check_showable(content: Content) -> list[Problem]:
    """What the theme could not show, before anything is rendered: a missing theme or template, text
    Markdown would lose, characters the theme's fonts do not have."""
    where = content.site_doc.where(("theme",)) if "theme" in content.site_doc.data else (0, 0)
    problems = check_theme(content.root, content.site.theme, where)
    problems += check_logo(content.root, content.site, content.site_doc)
    if problems:
        return problems
    files = [*content.regions.values(), *content.reports.values(), *content.summaries.values(), *content.letters.values()]
    docs = [content.site_doc, *(item.doc for item in files)]
    problems = lost_text(docs)
    covered = coverage(theme_dir(content.root, content.site.theme))
    if covered is not None:
        problems += uncovered(docs, covered)
    return problems


def prepare(content: Content) -> tuple[list[ReportView], list[LetterView]]:
    """Every document of checked content with its figures computed and its Markdown rendered; raises
    ContentError with the problems found on the way."""
    problems = Collector()
    reports, letters = _prepare_all(content, problems)
    problems.check()
    return reports, letters


def _read_and_check(root: Path, problems: Collector) -> Content:
    with _stage("load content"):
        content = read_content(root, problems)
    with _stage("check content"):
        problems.extend(check_content(content))
        if content.site is not None and content.site_doc is not None:
            problems.extend(check_showable(content))
    return content


def _prepare_all(content: Content, problems: Collector) -> tuple[list[ReportView], list[LetterView]]:
    """Every document that prepares, its problems into ``problems``.

    With problems already found, a document is still prepared as far as it goes, for the problems of
    its own it shows (footnotes); what is prepared then is never printed.
    """
    if content.site is None:
        return [], []
    reports = []
    for item in content.reports.values():
        view = _prepare_one(prepare_report, item, content, problems)
        if view is not None:
            reports.append(view)
    by_slug = {r.slug: r for r in reports}
    letters = []
    for letter in content.letters.values():
        view = _prepare_one(prepare_letter, letter, content, problems, by_slug)
        if view is not None:
            letters.append(view)
    return reports, letters


def _prepare_one(prepare_document: Callable[..., Any], item: Any, content: Content, problems: Collector, *args: Any) -> Any:
    known = bool(problems.problems)
    try:
        view, found = prepare_document(item, content, *args)
    except (KeyError, ValueError, IndexError, TypeError):
        if not known:
            raise  # content that passed every check must prepare: this is a bug
        # Content already known to be wrong (a standard refused, a region missing) may not prepare; its
        # problems are reported, and nothing is built from it.
        log.debug("%s: not prepared, its content has problems", item.doc.display, exc_info=True)
        return None
    problems.extend(found)
    return view


def write_pdfs(root: Path, out: Path, names: list[str], options: PdfOptions, *, jobs: int | None = None) -> list[Path]:
    """``sitegen pdf``: the PDFs of some documents (all if ``names`` is empty), without the pages.

    Each PDF is written next to its page in the output folder, by a rename,
    so a reader never sees a half-written file.
    """
    content, reports, letters = load_documents(root)
    known = [r.slug for r in reports] + [x.slug for x in letters]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ContentError([_unknown(name, known) for name in unknown])
    chosen = [r for r in reports if not names or r.slug in names]
    chosen_letters = [x for x in letters if not names or x.slug in names]
    check_output(out, (len(chosen) + len(chosen_letters)) * PDF_BYTES)
    written = []
    for relative, data in build_pdfs(content, chosen, chosen_letters, options, jobs=jobs).items():
        target = safe_target(out, relative)
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise output_error(out, exc, len(data)) from exc
        written.append(target)
    return written


def _unknown(name: str, known: list[str]) -> Problem:
    near = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean '{near[0]}'?" if near else f"the reports are {', '.join(known)}"
    return Problem("content/", 0, 0, "", f"no report or letter '{name}': {hint}")


@contextmanager
def _stage(name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    log.debug("%s: %.3f s", name, time.perf_counter() - start)
