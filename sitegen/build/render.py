"""Turn planned outputs into bytes: only those whose inputs changed, PDFs in the workers, pages here.

An output whose key is the one recorded, with its file on disk as recorded, is kept as it is (linked
into the new site, never written again); a PDF whose key is in the PDF cache is taken from there. Any
other output is made; if its bytes come out the same as before, the file on disk is kept. PDFs are
handed to the workers as soon as their document is prepared; the pages are made while the workers
render, and a page that shows its PDF's size as soon as that PDF is done. The search index comes last,
from the bytes of every page (:meth:`Renderer.index`).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import STARTED
from sitegen.build.checked import Checked
from sitegen.build.graph import Graph, OutputRecord, digest, key_of
from sitegen.build.outputs import Options, Output
from sitegen.content.problems import ContentError
from sitegen.pdf.pool import PdfFailed, PdfJob, PdfWorkers, Progress, cache_file, store
from sitegen.pdf.render import print_html
from sitegen.site.faults import pause_point

log = logging.getLogger("sitegen")


def _nothing() -> None:
    pass


@dataclass
class Made:
    """The site's files after a build: new bytes, and the unchanged ones with where their bytes are."""

    files: dict[str, bytes] = field(default_factory=dict)
    kept: dict[str, Path] = field(default_factory=dict)
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (key, digest of its bytes)
    rendered: list[str] = field(default_factory=list)  # the PDFs rendered (not taken as they were)

    @property
    def pdfs_rendered(self) -> int:
        return len(self.rendered)

    @property
    def paths(self) -> set[str]:
        return set(self.files) | set(self.kept)


class Renderer:
    """Makes the outputs a build plans, one at a time, into :attr:`made`."""

    def __init__(
        self, checked: Checked, graph: Graph, workers: PdfWorkers, options: Options, before_pdfs: Callable[[], None] = _nothing
    ):
        self.checked, self.graph, self.workers, self.options = checked, graph, workers, options
        self.before_pdfs = before_pdfs  # called before the first PDF is rendered (the output is checked)
        self.site = Path(graph.site)  # where the outputs of the last build are
        self.made = Made()
        self.pdfs: dict[str, tuple[str, Path]] = {}  # each PDF's digest and where its bytes are
        self.waiting: dict[str, list[Output]] = defaultdict(list)
        self.pages: list[Output] = []
        self.rendering: dict[str, tuple[Output, str]] = {}  # PDFs given to the workers: path -> (output, key)

    def _recorded(self, path: str) -> OutputRecord | None:
        return self.graph.output_on_disk(path)

    def add(self, output: Output) -> None:
        """Plan an output: a stale PDF goes to the workers now, a page waits for :meth:`finish`."""
        if output.document is None:
            self.pages.append(output)
            return
        key = output.key()
        record = self._recorded(output.path)
        if record is not None and record.key == key:
            self._keep(output.path, self.site / output.path, key, record.digest)
            return
        cached = cache_file(self.checked.root, output.path, key)
        if cached.is_file():
            self._keep(output.path, cached, key, None)
            return
        assert output.document is not None and self.options.pdf is not None
        job = pdf_job(self.checked, self.options, *output.document, key=key)
        if not self.rendering:
            self.before_pdfs()
            log.info("Rendering PDFs as their documents are ready")
            seconds, cpu = time.perf_counter() - STARTED, time.process_time()
            log.debug("first PDF handed to a worker %.3f s after start (%.3f s of CPU)", seconds, cpu)
        self.rendering[output.path] = (output, key)
        self.workers.submit(job)

    def _keep(self, path: str, source: Path, key: str, known: str | None) -> None:
        self.made.kept[path] = source
        self.made.keys[path] = (key, known or digest(source.read_bytes()))
        if path.endswith(".pdf"):
            self.pdfs[path] = (self.made.keys[path][1], source)

    def _page(self, output: Output) -> None:
        pdf = self.pdfs.get(output.pdf) if output.pdf else None
        key = output.key(pdf[0] if pdf else None)
        record = self._recorded(output.path)
        if record is not None and record.key == key:
            self._keep(output.path, self.site / output.path, key, record.digest)
            return
        assert output.make is not None
        data = output.make(pdf[1], self._pages(pdf[0])) if pdf else output.make()
        found = digest(data)
        if record is not None and record.digest == found:
            self._keep(output.path, self.site / output.path, key, found)
        else:
            self.made.files[output.path] = data
            self.made.keys[output.path] = (key, found)

    def _pages(self, pdf_digest: str) -> int | None:
        """The pages of a PDF by its digest, as the renderer counted them (this build or an earlier one)."""
        counted = self.graph.extra.setdefault("pages", {})
        return counted.get(pdf_digest)

    def finish(self) -> Made:
        """Make the pages, and wait for the PDFs (and the pages that show their size)."""
        for output in self.pages:
            if output.pdf is None or output.pdf in self.pdfs:
                self._page(output)
            else:
                self.waiting[output.pdf].append(output)
        if self.rendering:
            log.info("Rendering %d PDF(s)", len(self.rendering))
        with Progress(len(self.rendering)) as progress:
            try:
                for job, rendered in self.workers.results():
                    output, key = self.rendering[job.path]
                    progress.advance(output.path, rendered.seconds)
                    path = store(self.checked.root, output.path, key, rendered.pdf)
                    pause_point("pdf")
                    found, record = digest(rendered.pdf), self._recorded(output.path)
                    self.graph.extra.setdefault("pages", {})[found] = rendered.pages
                    # The same bytes as before (an input changed that this PDF does not show): the file stays.
                    same = record is not None and record.digest == found
                    self._keep(output.path, self.site / output.path if same else path, key, found)
                    self.made.rendered.append(output.path)
                    for page in self.waiting.pop(output.path, []):
                        self._page(page)
            except PdfFailed as exc:
                if exc.problems:
                    raise ContentError(exc.problems) from exc
                raise
        for outputs in self.waiting.values():
            for page in outputs:
                self._page(page)
        return self.made

    def index(self, language: str) -> None:
        """The search index of every page made (:mod:`sitegen.site.search`): made again only when a page changed
        (its key is the digest of every page), each of its files kept when its bytes come out the same."""
        from sitegen.site.search import SEARCH_DIR, search_index

        pages = sorted((path, found) for path, (_, found) in self.made.keys.items() if path.endswith(".html"))
        key = key_of(self.checked.inputs["sitegen"], language, pages)
        prefix = f"{SEARCH_DIR}/"
        recorded = {path: self._recorded(path) for path in self.graph.outputs if path.startswith(prefix)}
        if recorded and all(record is not None and record.key == key for record in recorded.values()):
            for path, record in recorded.items():
                assert record is not None
                self._keep(path, self.site / path, key, record.digest)
            return
        html = {
            path: self.made.files[path] if path in self.made.files else self.made.kept[path].read_bytes() for path, _ in pages
        }
        for path, data in search_index(html, language).items():
            found, record = digest(data), recorded.get(path)
            if record is not None and record.digest == found:
                self._keep(path, self.site / path, key, found)
            else:
                self.made.files[path] = data
                self.made.keys[path] = (key, found)


def pdf_job(checked: Checked, options: Options, kind: str, slug: str, *, key: str) -> PdfJob:
    """The print HTML of a report or letter, ready for a worker."""
    document = checked.report_view(slug) if kind == "report" else checked.letter_view(slug)
    pdf = options.pdf
    assert pdf is not None
    html = print_html(
        checked.pages().env, checked.content.site, kind, document, theme=checked.theme, options=pdf, epoch=options.epoch
    )
    return PdfJob(f"{'pdus' if kind == 'report' else 'letters'}/{slug}.pdf", document.source, html, checked.theme, pdf, key)
