"""The build pipeline: load -> validate -> prepare -> render -> write.

``validate`` is this same pipeline with ``write=False``, so the two can never
disagree about what is valid.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sitegen.document import ReportView, prepare_report
from sitegen.errors import Collector
from sitegen.letter import LetterView, prepare_letter
from sitegen.load import Content, load_content
from sitegen.pdf import PdfOptions
from sitegen.pdfbuild import build_pdfs, jobs_for
from sitegen.render import render_site
from sitegen.write import write_site

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
    with _stage("load and validate content"):
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


@contextmanager
def _stage(name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    log.debug("%s: %.3f s", name, time.perf_counter() - start)
