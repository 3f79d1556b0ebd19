"""The build pipeline: load -> check -> prepare -> render -> write.

Each stage is a package: :mod:`sitegen.content` reads the YAML into the typed
model, :mod:`sitegen.rules` checks it against the house rules,
:mod:`sitegen.documents` prepares what the templates show,
:mod:`sitegen.site` and :mod:`sitegen.pdf` render the pages and the PDFs and
:mod:`sitegen.site.write` puts them in place. ``validate`` is this same
pipeline with ``write=False``, so the two can never disagree about what is
valid; ``sitegen pdf`` is it without the pages.
"""

from __future__ import annotations

import difflib
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitegen.content.load import Content, read_content
from sitegen.content.problems import Collector, ContentError, Problem
from sitegen.documents.letter import LetterView, prepare_letter
from sitegen.documents.report import ReportView, prepare_report
from sitegen.pdf.pool import build_pdfs, jobs_for
from sitegen.pdf.render import PdfOptions
from sitegen.rules.checks import check_content
from sitegen.site.pages import render_site
from sitegen.site.write import safe_target, write_site

log = logging.getLogger("sitegen")


@dataclass
class BuildResult:
    content: Content
    reports: list[ReportView]
    letters: list[LetterView]
    files: dict[str, bytes]
    out: Path | None


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
    with _stage("load and check content"):
        content = load_content(root)
    with _stage("prepare documents"):
        reports, letters = prepare(content)
    pdfs: dict[str, bytes] = {}
    if not write:
        with _stage("render print templates"):
            jobs_for(content, reports, letters, pdf or PdfOptions())
    elif pdf is not None:
        with _stage("render PDFs"):
            pdfs = build_pdfs(content, reports, letters, pdf, jobs=jobs)
    with _stage("render pages"):
        files = render_site(content, reports, pdfs, letters=letters)
    target = None
    if write:
        target = out or default_out(root)
        with _stage(f"write {len(files)} files to {target}"):
            write_site(files, target)
    return BuildResult(content, reports, letters, files, target)


def load_content(root: Path) -> Content:
    """Everything in the project, read and checked; raises ContentError with every problem."""
    problems = Collector()
    content = read_content(root, problems)
    problems.extend(check_content(content))
    problems.check()
    return content


def prepare(content: Content) -> tuple[list[ReportView], list[LetterView]]:
    """Every document with its figures computed and its Markdown rendered."""
    problems = Collector()
    reports = []
    for item in content.reports.values():
        view, found = prepare_report(item, content)
        problems.extend(found)
        if view is not None:
            reports.append(view)
    problems.check()
    by_slug = {r.slug: r for r in reports}
    letters = []
    for letter in content.letters.values():
        view, found = prepare_letter(letter, content, by_slug)
        problems.extend(found)
        if view is not None:
            letters.append(view)
    problems.check()
    return reports, letters


def write_pdfs(root: Path, out: Path, names: list[str], options: PdfOptions, *, jobs: int | None = None) -> list[Path]:
    """``sitegen pdf``: the PDFs of some documents (all if ``names`` is empty), without the pages.

    Each PDF is written next to its page in the output folder, by a rename,
    so a reader never sees a half-written file.
    """
    content = load_content(root)
    reports, letters = prepare(content)
    known = [r.slug for r in reports] + [x.slug for x in letters]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ContentError([_unknown(name, known) for name in unknown])
    chosen = [r for r in reports if not names or r.slug in names]
    chosen_letters = [x for x in letters if not names or x.slug in names]
    written = []
    for relative, data in build_pdfs(content, chosen, chosen_letters, options, jobs=jobs).items():
        target = safe_target(out, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, target)
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
