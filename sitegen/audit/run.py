"""Turn a built site folder into an :class:`AuditReport`: every gate on every document.

The two Java checkers (the Nu HTML Checker on all pages, veraPDF on all PDFs,
one JVM each) and pdfinfo's reads of the PDFs' tags run in the background
while this thread runs the Python gates and then axe-core in one Chromium, so
the slowest checker sets the pace.
On a terminal a progress display shows each gate; elsewhere each gate logs a
line when it is done.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sitegen.audit.copyfit import check_copyfit
from sitegen.audit.html_a11y import check_accessibility
from sitegen.audit.html_valid import check_validity
from sitegen.audit.links import check_links
from sitegen.audit.model import GATES, AuditReport, Finding
from sitegen.audit.parity import check_parity
from sitegen.audit.pdf_a11y import check_pdfs
from sitegen.audit.pdf_structure import check_structure
from sitegen.audit.pdftext import Node, read_structure
from sitegen.audit.site import Site, load_site
from sitegen.audit.tools import Checkers, find_checkers
from sitegen.audit.webfacts import Facts, web_facts

log = logging.getLogger("sitegen.audit")
T = TypeVar("T")


def audit(site_dir: Path, checkers: Checkers | None = None, gates: tuple[str, ...] = tuple(GATES)) -> AuditReport:
    """Run ``gates`` (default: all) on the site built in ``site_dir``."""
    checkers = checkers or find_checkers(site_dir.parent.parent)
    site = load_site(site_dir)
    run = [g for g in GATES if g in gates]
    versions = checkers.versions()
    findings: list[Finding] = []
    reviews: list[Finding] = []
    external: dict[str, list[str]] = {}
    with (
        _Progress(site, run) as progress,
        ThreadPoolExecutor(max_workers=2, thread_name_prefix="audit-jvm") as jvms,
        ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="audit-pdfinfo") as readers,
    ):
        background: dict[str, Future[Any]] = {}
        if "html-valid" in gates:
            background["html-valid"] = jvms.submit(
                progress.timed, "html-valid", check_validity, site, checkers.java, checkers.vnu_jar
            )
        if "pdf-a11y" in gates:
            background["pdf-a11y"] = jvms.submit(
                progress.timed, "pdf-a11y", check_pdfs, site, checkers.verapdf, advance=progress.advancer("pdf-a11y")
            )
        trees: dict[str, Future[Node]] = {}
        if "parity" in gates or "pdf-structure" in gates:
            pdfs = [d.pdf for d in site.documents if d.pdf]
            trees = {pdf: readers.submit(read_structure, checkers.pdfinfo, site.path(pdf)) for pdf in pdfs}
        if "links" in gates:
            found, external = progress.timed("links", check_links, site)
            findings += found
        if "pdf-structure" in gates:
            findings += progress.timed("pdf-structure", _structure, site, trees, progress.advancer("pdf-structure"))
        if "html-a11y" in gates:
            violations, reviews = progress.timed(
                "html-a11y", check_accessibility, site, checkers.chromium, checkers.axe_js, advance=progress.advancer("html-a11y")
            )
            findings += violations
        if "parity" in gates:
            findings += progress.timed("parity", _parity, site, trees, progress.advancer("parity"))
        if "copy-fit" in gates:
            findings += progress.timed("copy-fit", _copyfit, site, progress.advancer("copy-fit"))
        for gate, future in background.items():
            result = future.result()
            if gate == "html-valid":
                found, version = result
                findings += found
                if version:
                    versions["vnu"] = version
            else:
                findings += result
    return AuditReport(site.documents, run, findings, reviews, external, versions, progress.seconds)


def _structure(site: Site, trees: dict[str, Future[Node]], advance: Callable[[str], None]) -> list[Finding]:
    """The structure checks of each PDF, against its web edition's facts where it has one."""
    findings: list[Finding] = []
    for document in site.documents:
        if document.pdf:
            web: Facts | None = web_facts(site.tree(document.html)) if document.html else None
            findings += check_structure(site.path(document.pdf), document.pdf, web, trees[document.pdf].result())
            advance(document.pdf)
    return findings


def _copyfit(site: Site, advance: Callable[[str], None]) -> list[Finding]:
    """The near-empty pages of each PDF."""
    findings: list[Finding] = []
    for pdf in site.pdfs:
        findings += check_copyfit(site.path(pdf), pdf)
        advance(pdf)
    return findings


def _parity(site: Site, trees: dict[str, Future[Node]], advance: Callable[[str], None]) -> list[Finding]:
    """Each PDF against its web page, as pdfinfo's reads of the PDFs come in."""
    findings: list[Finding] = []
    for document in site.documents:
        if document.pdf in trees and document.html:
            findings += check_parity(document.pdf, web_facts(site.tree(document.html)), trees[document.pdf].result())
            advance(document.pdf)
    return findings


class _Progress:
    """A bar per gate on a terminal; a log line per gate elsewhere. Safe to call from the worker threads."""

    def __init__(self, site: Site, gates: list[str]):
        self.totals = {
            "links": len(site.pages),
            "html-a11y": len(site.pages),
            "html-valid": len(site.pages),
            "pdf-a11y": len(site.pdfs),
            "pdf-structure": len(site.pdfs),
            "parity": len(site.pdfs),
            "copy-fit": len(site.pdfs),
        }
        self.gates = gates
        self.seconds: dict[str, float] = {}
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> _Progress:
        if sys.stderr.isatty():
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (TextColumn("{task.description:<14}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            self.bar = Progress(*columns, transient=True)
            self.bar.start()
            for gate in self.gates:
                self.tasks[gate] = self.bar.add_task(gate, total=self.totals.get(gate, 1) or 1, start=False)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()

    def advancer(self, gate: str) -> Callable[[str], None]:
        def advance(item: str) -> None:
            if self.bar is not None and gate in self.tasks:
                self.bar.update(self.tasks[gate], advance=1)
            log.debug("%s: %s checked", gate, item)

        return advance

    def timed(self, gate: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with self._running(gate):
            return function(*args, **kwargs)

    @contextmanager
    def _running(self, gate: str) -> Iterator[None]:
        if self.bar is not None and gate in self.tasks:
            self.bar.start_task(self.tasks[gate])
        start = time.perf_counter()
        yield
        self.seconds[gate] = round(time.perf_counter() - start, 2)
        if self.bar is not None and gate in self.tasks:
            task = self.tasks[gate]
            self.bar.update(task, completed=self.bar.tasks[task].total)
        # On a terminal the bars say it; a log line there would tear them.
        log.log(logging.DEBUG if self.bar is not None else logging.INFO, "%s: done in %.1f s", gate, self.seconds[gate])
