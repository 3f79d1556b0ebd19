"""Turn prepared reports into their PDFs: cached, in parallel, with progress.

Each report's print HTML (which holds all of its content, region and site
text, as the templates made it), the theme's files, the output options and
the versions of sitegen and WeasyPrint make a key; a PDF whose key is in the
cache is not rendered again. The others are rendered by worker processes, one
document per worker, because WeasyPrint is single-threaded and a report
takes about a second.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from sitegen import __version__
from sitegen.content.load import Content
from sitegen.documents.letter import LetterView
from sitegen.documents.report import ReportView
from sitegen.pdf.render import PdfOptions, Printable, print_html, render_pdf
from sitegen.site.faults import pause_point
from sitegen.site.pages import letter_pdf_path, pdf_path
from sitegen.site.theme import environment, static_files, theme_dir

log = logging.getLogger("sitegen.pdf")

CACHE_DIR = Path("build/cache/pdf")


@dataclass(frozen=True)
class PdfJob:
    """One document to render: its output path, print HTML and cache key."""

    path: str
    source: str
    html: str
    theme: Path
    options: PdfOptions
    key: str

    @property
    def cache_name(self) -> str:
        return self.path.replace("/", "-").removesuffix(".pdf")


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def _theme_digest(theme: Path) -> str:
    digest = hashlib.sha256()
    for source, target in static_files(theme):
        digest.update(target.encode() + b"\0" + hashlib.sha256(source.read_bytes()).digest())
    return digest.hexdigest()


def jobs_for(content: Content, reports: list[ReportView], letters: list[LetterView], options: PdfOptions) -> list[PdfJob]:
    """The print HTML of every document, with the key its PDF is cached under."""
    theme = theme_dir(content.root, content.site.theme)
    env = environment(content.root, theme)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    fixed = f"{__version__}\0{_weasyprint_version()}\0{options}\0{_theme_digest(theme)}\0{epoch}"
    documents: list[tuple[str, str, Printable]] = [(pdf_path(r.slug), "report", r) for r in reports]
    documents += [(letter_pdf_path(x.slug), "letter", x) for x in letters]
    jobs = []
    for path, kind, document in documents:
        html = print_html(env, content.site, kind, document, theme=theme, options=options, epoch=epoch)
        jobs.append(PdfJob(path, document.source, html, theme, options, cache_key(fixed, html, theme)))
    return jobs


def cache_key(fixed: str, html: str, theme: Path) -> str:
    """The key of a PDF: its content, never its location.

    The print HTML names the theme's files by their absolute address; the theme's files are in
    ``fixed`` by their content, so the address is left out and a moved or cloned project finds its
    PDFs in the cache.
    """
    located = html.replace(theme.as_uri() + "/", "theme:/")
    return hashlib.sha256(f"{fixed}\0{located}".encode()).hexdigest()[:32]


def render_job(job: PdfJob) -> bytes:
    """Render one document (runs in a worker process)."""
    return render_pdf(job.html, theme=job.theme, options=job.options, source=job.source)


def build_pdfs(
    content: Content, reports: list[ReportView], letters: list[LetterView], options: PdfOptions, *, jobs: int | None = None
) -> dict[str, bytes]:
    """{output path: PDF bytes} for every document, from the cache where it can."""
    cache = content.root / CACHE_DIR
    todo = jobs_for(content, reports, letters, options)
    out: dict[str, bytes] = {}
    missing = []
    for job in todo:
        cached = cache / job.cache_name / f"{job.key}.pdf"
        if cached.is_file():
            out[job.path] = cached.read_bytes()
            log.debug("PDF %s is up to date", job.path)
        else:
            missing.append(job)
    if missing:
        log.info(
            "Rendering %d PDF(s)%s", len(missing), f" ({len(todo) - len(missing)} up to date)" if len(todo) > len(missing) else ""
        )
    for job, pdf in _render_all(missing, jobs):
        out[job.path] = pdf
        _store(cache, job, pdf)
        pause_point("pdf")
    return dict(sorted(out.items()))


def _render_all(missing: list[PdfJob], jobs: int | None) -> Iterator[tuple[PdfJob, bytes]]:
    workers = min(jobs or os.cpu_count() or 1, len(missing))
    with _progress(len(missing)) as advance:
        if workers <= 1:
            for job in missing:
                start = time.perf_counter()
                pdf = render_job(job)
                advance(job, time.perf_counter() - start)
                yield job, pdf
            return
        with ProcessPoolExecutor(max_workers=workers) as pool:
            started = {pool.submit(render_job, job): (job, time.perf_counter()) for job in missing}
            for future in as_completed(started):
                job, start = started[future]
                pdf = future.result()
                advance(job, time.perf_counter() - start)
                yield job, pdf


class _progress:
    """A progress bar on a terminal, a log line per PDF elsewhere."""

    def __init__(self, total: int):
        self.total = total
        self.done = 0
        self.bar = None

    def __enter__(self):  # type: ignore[no-untyped-def]
        if self.total > 1 and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress

            # On stderr, with the log: stdout may be a pipe while the author watches the terminal.
            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("Rendering PDFs", total=self.total)
        return self.advance

    def advance(self, job: PdfJob, seconds: float) -> None:
        self.done += 1
        # A log line written under a live bar would tear it: the bar says it instead.
        level = logging.DEBUG if self.bar is not None else logging.INFO
        log.log(level, "PDF %d/%d %s (%.1f s)", self.done, self.total, job.path, seconds)
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=f"PDF {self.done}/{self.total} {job.path}")

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _store(cache: Path, job: PdfJob, pdf: bytes) -> None:
    """Keep the newest PDF of each report in the cache, written atomically."""
    folder = cache / job.cache_name
    folder.mkdir(parents=True, exist_ok=True)
    for old in [*folder.glob("*.pdf"), *folder.glob(".*.tmp")]:  # older PDFs, and a write that was cut short
        old.unlink(missing_ok=True)
    tmp = folder / f".{job.key}.tmp"
    tmp.write_bytes(pdf)
    tmp.replace(folder / f"{job.key}.pdf")
