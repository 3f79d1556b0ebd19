"""Turn print jobs into PDFs in worker processes: started once, reused for every document, with progress.

A worker imports WeasyPrint once, when it starts (about half a second), then renders one document after
another, WeasyPrint being single-threaded and a report taking about a second. A build starts its first
worker as soon as it knows something changed, so that the import runs while the main process reads the
content, and adds workers (up to ``--jobs``) while PDFs wait for one. A worker times each render
itself, so the progress log gives each PDF's own time, and reports its peak memory. Workers are ended
when the pool closes, whatever they are doing. Rendered PDFs are kept in ``build/cache/pdf/`` under
the key of their inputs (see :mod:`sitegen.build`).
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import resource
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sitegen.pdf.fitmemory import Fits
from sitegen.pdf.options import PdfOptions

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

log = logging.getLogger("sitegen.pdf")

#: Python's own thresholds for its garbage collector: a worker's, so that a layout's cyclic garbage is freed as it
#: goes, whatever the command that started it asked for its own process (sitegen.cli).
PYTHON_GC_THRESHOLDS = (700, 10, 10)

CACHE_DIR = Path("build/cache/pdf")


@dataclass(frozen=True)
class PdfJob:
    """One document to render: its output path, its print HTML, the key of its inputs, and the record of
    how an earlier build fitted it (which makes the same PDF in fewer layouts: :mod:`sitegen.pdf.fitmemory`)."""

    path: str
    source: str
    html: str
    theme: Path
    options: PdfOptions
    key: str
    fits: Fits | None = None


@dataclass(frozen=True)
class Rendered:
    """A worker's answer: the PDF, its pages, how long it took, and the worker's peak memory so far."""

    pdf: bytes
    pages: int
    seconds: float
    peak_mib: float
    fits: Fits


class PdfFailed(Exception):
    """A document could not be rendered: its problems (a refused URL), or the worker's error."""

    def __init__(self, job: PdfJob, problems: list[Any], message: str = ""):
        super().__init__(message or f"{job.path} could not be rendered")
        self.job, self.problems = job, problems


def render_job(job: PdfJob) -> Rendered:
    """Render one document, timed (in a worker process)."""
    from sitegen.pdf.engine import render_pdf

    start = time.perf_counter()
    done = render_pdf(job.html, theme=job.theme, options=job.options, source=job.source, fits=job.fits)
    gc.collect()  # the document's layout, its boxes referring to each other, freed before the next document's
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return Rendered(done.pdf, done.pages, time.perf_counter() - start, peak, done.fits)


def _die_with_parent(from_main_thread: bool) -> None:
    """On Linux, have the kernel end this worker when the build that started it ends, however it ends
    (killed outright, it cannot end its workers itself). Elsewhere the loop below notices in time.

    The kernel ends a worker when the *thread* that started it ends: only a worker started by the main
    thread is told to, as one started by a thread that ends first (a request of the preview's server)
    would go with that thread. The others end by the loop below."""
    if sys.platform.startswith("linux") and from_main_thread:
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _serve(connection: Connection, from_main_thread: bool = True) -> None:
    """A worker: import once, then render each job sent until told to stop (None)."""
    gc.set_threshold(*PYTHON_GC_THRESHOLDS)
    _die_with_parent(from_main_thread)
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    import weasyprint  # noqa: F401

    from sitegen.content.problems import ContentError
    from sitegen.pdf.engine import render_pdf  # noqa: F401

    gc.freeze()  # what the imports made lives as long as the worker: the collections after each job skip it
    parent = os.getppid()
    while True:
        # A build killed outright cannot end its workers: each ends itself when its parent is gone (its
        # pipe may not close, the other workers holding its other end since they were forked).
        if not connection.poll(1.0):
            if os.getppid() != parent:
                return
            continue
        try:
            job = connection.recv()
        except EOFError:
            return
        if job is None:
            return
        try:
            connection.send(("done", render_job(job)))
        except ContentError as exc:
            connection.send(("problems", list(exc.problems)))
        except Exception as exc:  # a bug: the build fails, naming the document and the error
            connection.send(("error", f"{type(exc).__name__}: {exc}"))


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@dataclass
class _Worker:
    process: Any
    connection: Connection
    job: PdfJob | None = None


class PdfWorkers:
    """Up to ``jobs`` PDF worker processes: started when asked (:meth:`start`), ended by :meth:`close`.

    ``method`` is how a worker starts: "fork" (a copy of this process: nothing imported twice) for a
    build, "spawn" for a process that runs threads (the preview), where forking is not safe.
    """

    def __init__(self, jobs: int | None = None, *, method: str = "fork"):
        self.jobs = max(1, jobs or default_jobs())
        self.method = method
        self.workers: list[_Worker] = []
        self.queue: deque[PdfJob] = deque()
        self.peak_mib = 0.0

    def __enter__(self) -> PdfWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, count: int = 1) -> None:
        """Have at least ``count`` workers (never more than ``jobs``), starting the ones missing now."""
        # Imported here: a build that renders no PDF never needs it.
        import multiprocessing

        context = multiprocessing.get_context(self.method)
        while len(self.workers) < min(count, self.jobs):
            mine, theirs = context.Pipe()
            main = threading.current_thread() is threading.main_thread()
            process = context.Process(target=_serve, args=(theirs, main), name="sitegen-pdf", daemon=True)
            process.start()
            theirs.close()
            self.workers.append(_Worker(process, mine))

    @property
    def busy(self) -> int:
        return len(self.queue) + sum(1 for w in self.workers if w.job is not None)

    def submit(self, job: PdfJob) -> None:
        """Queue a document; a worker is started for it if every one is busy (up to ``jobs``)."""
        self.queue.append(job)
        self.start(self.busy)
        self._dispatch()

    def _dispatch(self) -> None:
        for worker in self.workers:
            if worker.job is None and self.queue:
                worker.job = self.queue.popleft()
                worker.connection.send(worker.job)

    def results(self) -> Iterator[tuple[PdfJob, Rendered]]:
        """Each submitted document's PDF, as it is done; PdfFailed for one that could not be rendered."""
        if not self.busy:
            return
        from multiprocessing.connection import wait

        while self.busy:
            working = {w.connection: w for w in self.workers if w.job is not None}
            for connection in wait(list(working)):
                worker = working[connection]  # type: ignore[index]
                job, worker.job = worker.job, None
                assert job is not None
                try:
                    kind, value = connection.recv()  # type: ignore[union-attr]
                except EOFError:
                    raise PdfFailed(job, [], f"{job.path}: the PDF worker stopped (out of memory?)") from None
                self._dispatch()
                if kind != "done":
                    raise PdfFailed(job, value if kind == "problems" else [], f"{job.path}: {value}")
                self.peak_mib = max(self.peak_mib, value.peak_mib)
                yield job, value

    def close(self) -> None:
        """End every worker now (a worker still importing or rendering is not waited for)."""
        for worker in self.workers:
            if worker.process.is_alive():
                worker.process.terminate()
        for worker in self.workers:
            worker.process.join(timeout=5)
            worker.connection.close()
        self.workers, self.queue = [], deque()


def cache_file(root: Path, job_path: str, key: str) -> Path:
    return root / CACHE_DIR / job_path.replace("/", "-").removesuffix(".pdf") / f"{key}.pdf"


def store(root: Path, job_path: str, key: str, pdf: bytes) -> Path:
    """Keep a rendered PDF under its key, written atomically; older PDFs of the document are removed."""
    target = cache_file(root, job_path, key)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{key}.tmp")
    tmp.write_bytes(pdf)
    tmp.replace(target)
    for old in [*target.parent.glob("*.pdf"), *target.parent.glob(".*.tmp")]:  # older PDFs, a write cut short
        if old != target:
            old.unlink(missing_ok=True)
    return target


def fits_file(root: Path, job_path: str) -> Path:
    return root / CACHE_DIR / job_path.replace("/", "-").removesuffix(".pdf") / "fits.json"


def recall_fits(root: Path, job_path: str, setting: str) -> Fits | None:
    """How the document's last rendering fitted it, if it was made with the same theme, options and
    versions (``setting``): None if not, or if the record cannot be read."""
    try:
        data = json.loads(fits_file(root, job_path).read_text(encoding="utf-8"))
        return Fits.from_json(data) if data.get("setting") == setting else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep_fits(root: Path, job_path: str, setting: str, fits: Fits) -> None:
    """Keep how a document was fitted, for its next rendering, written atomically."""
    target = fits_file(root, job_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(".fits.json.tmp")
    tmp.write_text(json.dumps({"setting": setting, **fits.to_json()}), encoding="utf-8")
    tmp.replace(target)


class Progress:
    """A progress bar on a terminal, a log line per PDF elsewhere; each PDF with its own render time."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self.bar: Any = None

    def __enter__(self) -> Progress:
        if self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress as Bar

            # On stderr, with the log: stdout may be a pipe while the author watches the terminal.
            self.bar = Bar(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Rendering PDFs", total=self.total)
        return self

    def advance(self, path: str, seconds: float) -> None:
        self.done += 1
        # A log line written under a live bar would tear it: the bar says it instead.
        level = logging.DEBUG if self.bar is not None else logging.INFO
        log.log(level, "PDF %d/%d %s (%.1f s)", self.done, self.total, path, seconds)
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"PDF {self.done}/{self.total} {path}")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()
