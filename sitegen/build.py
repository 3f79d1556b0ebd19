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
from sitegen.load import Content, load_content
from sitegen.render import render_site
from sitegen.write import write_site

log = logging.getLogger("sitegen")


@dataclass
class BuildResult:
    content: Content
    reports: list[ReportView]
    files: dict[str, bytes]
    out: Path | None


def default_out(root: Path) -> Path:
    return root / "build" / "site"


def build(root: Path, out: Path | None = None, *, write: bool = True) -> BuildResult:
    """Build the site of the project at ``root`` into ``out`` (default build/site)."""
    with _stage("load and validate content"):
        content = load_content(root)
    with _stage("prepare documents"):
        reports = prepare(content)
    with _stage("render pages"):
        files = render_site(content, reports)
    target = None
    if write:
        target = out or default_out(root)
        with _stage(f"write {len(files)} files to {target}"):
            write_site(files, target)
    return BuildResult(content, reports, files, target)


def prepare(content: Content) -> list[ReportView]:
    problems = Collector()
    reports = []
    for item in content.reports.values():
        view, found = prepare_report(item, content)
        problems.extend(found)
        if view is not None:
            reports.append(view)
    problems.check()
    return reports


@contextmanager
def _stage(name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    log.debug("%s: %.3f s", name, time.perf_counter() - start)
