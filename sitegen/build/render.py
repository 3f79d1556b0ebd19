"""Turn planned outputs into bytes: only those whose inputs changed, PDFs in the workers, pages here.

An output whose key is the one recorded, with its file on disk as recorded, is kept as it is (linked
into the new site, never written again); a PDF whose key is in the PDF cache is taken from there. Any
other output is made; if its bytes come out the same as before, the file on disk is kept. PDFs are
handed to the workers as soon as their document is prepared; the pages are made while the workers
render. A page that links its PDF is made with a placeholder for the PDF's size and pages, filled in
when that PDF is done: the placeholder page is what the search indexes (Pagefind leaves the PDF's line
out), so the search index is started as soon as every page is made, and made while the PDFs render.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from sitegen import STARTED
from sitegen.build.checked import Checked
from sitegen.build.graph import Graph, OutputRecord, digest, key_of
from sitegen.build.outputs import Options, Output, fit_setting
from sitegen.content.problems import ContentError
from sitegen.pdf.fitmemory import Fits
from sitegen.pdf.pool import PdfFailed, PdfJob, PdfWorkers, Progress, cache_file, keep_fits, recall_fits, store
from sitegen.pdf.render import print_html
from sitegen.site.faults import pause_point
from sitegen.site.pages import pdf_label
from sitegen.site.search import SEARCH_DIR, Indexing, start_index

log = logging.getLogger("sitegen")


#: What a page shows of its PDF (its size and pages) until the PDF is done: no author's text can make it.
LABEL = "<!--sitegen:pdf-label-->"


def _nothing() -> None:
    pass


def fill_label(draft: bytes, label: str) -> tuple[bytes, list[int], int]:
    """The page made with :data:`LABEL`, with ``label`` in its place: the page, where the label is in it, its size."""
    parts = draft.split(LABEL.encode())
    filled = str(escape(label)).encode()
    offsets, at = [], 0
    for part in parts[:-1]:
        at += len(part)
        offsets.append(at)
        at += len(filled)
    return filled.join(parts), offsets, len(filled)


def draft_of(page: bytes, offsets: list[int], size: int) -> bytes:
    """The page before its label (``size`` bytes) was filled in: :func:`fill_label` undone."""
    out: list[bytes] = []
    at = 0
    for offset in offsets:
        out += [page[at:offset], LABEL.encode()]
        at = offset + size
    return b"".join([*out, page[at:]])


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
        self.drafts: dict[str, bytes] = {}  # pages that link their PDF, made with the placeholder for its label
        self.labels: dict[str, list[Any]] = {}  # page -> [digest of its draft, where its label is, the label's size]
        self.search_key, self.search_recorded = "", {}
        self._fit_setting: str | None = None

    @property
    def fit_setting(self) -> str:
        if self._fit_setting is None:
            self._fit_setting = fit_setting(self.checked, self.options)
        return self._fit_setting

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
        fits = recall_fits(self.checked.root, output.path, self.fit_setting)
        job = pdf_job(self.checked, self.options, *output.document, key=key, fits=fits)
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

    def _page(self, output: Output, draft: bytes | None = None) -> None:
        """Keep or make a page (``draft``: made already, with the placeholder :data:`LABEL` for its PDF's label)."""
        pdf = self.pdfs.get(output.pdf) if output.pdf else None
        key = output.key(pdf[0] if pdf else None)
        record = self._recorded(output.path)
        assert output.make is not None
        if record is not None and record.key == key:
            self._keep(output.path, self.site / output.path, key, record.digest)
            return
        if pdf is None:
            data = output.make()
        else:
            draft = draft if draft is not None else output.make(Markup(LABEL))
            label = pdf_label(pdf[1].read_bytes(), self._pages(pdf[0]))
            data, offsets, size = fill_label(draft, label)
            self.drafts[output.path] = draft
            self.labels[output.path] = [digest(draft), offsets, size]
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

    def finish(self, language: str | None = None) -> Made:
        """Make the pages, and wait for the PDFs (and the pages that show their size). With ``language``, the
        search index too: started once every page is made (a page waiting for its PDF made with a placeholder
        for its label), made while the PDFs render."""
        for output in self.pages:
            if output.pdf is None or output.pdf in self.pdfs:
                self._page(output)
            else:
                self.waiting[output.pdf].append(output)
        indexing = self._start_index(language) if language else None
        try:
            self._wait_for_pdfs()
            if indexing is not None:
                self._index(indexing)
        finally:
            if indexing is not None:
                indexing.close()
        if self.labels:
            self.graph.extra.setdefault("labels", {}).update(self.labels)
            self.graph.dirty = True
        return self.made

    def _wait_for_pdfs(self) -> None:
        if self.rendering:
            log.info("Rendering %d PDF(s)", len(self.rendering))
        with Progress(len(self.rendering)) as progress:
            try:
                for job, rendered in self.workers.results():
                    output, key = self.rendering[job.path]
                    progress.advance(output.path, rendered.seconds)
                    path = store(self.checked.root, output.path, key, rendered.pdf)
                    keep_fits(self.checked.root, output.path, self.fit_setting, rendered.fits)
                    pause_point("pdf")
                    found, record = digest(rendered.pdf), self._recorded(output.path)
                    self.graph.extra.setdefault("pages", {})[found] = rendered.pages
                    # The same bytes as before (an input changed that this PDF does not show): the file stays.
                    same = record is not None and record.digest == found
                    self._keep(output.path, self.site / output.path if same else path, key, found)
                    self.made.rendered.append(output.path)
                    for page in self.waiting.pop(output.path, []):
                        self._page(page, self.drafts.pop(page.path, None))
            except PdfFailed as exc:
                if exc.problems:
                    raise ContentError(exc.problems) from exc
                raise
        for outputs in self.waiting.values():
            for page in outputs:
                self._page(page, self.drafts.pop(page.path, None))

    def _search_pages(self) -> dict[str, tuple[str, Any]]:
        """Every page as the search indexes it: {path: (digest, its bytes or where they are)}, a page that links
        its PDF with the placeholder for its label (made now if its PDF is not done yet)."""
        for outputs in self.waiting.values():
            for output in outputs:
                assert output.make is not None
                self.drafts[output.path] = output.make(Markup(LABEL))
        known = self.graph.extra.get("labels", {})
        pages: dict[str, tuple[str, Any]] = {}
        for path, (_, found) in self.made.keys.items():
            if not path.endswith(".html"):
                continue
            if path in self.drafts:
                pages[path] = (digest(self.drafts[path]), self.drafts[path])
            elif path in self.made.files:
                pages[path] = (found, self.made.files[path])
            elif path in self.labels or path in known:
                draft, offsets, size = self.labels.get(path) or known[path]
                pages[path] = (draft, (self.made.kept[path], offsets, size))
            else:
                pages[path] = (found, (self.made.kept[path], [], 0))
        for path, draft in self.drafts.items():
            pages.setdefault(path, (digest(draft), draft))
        return pages

    def _start_index(self, language: str) -> Indexing | None:
        """Start the search index of every page (:mod:`sitegen.site.search`), unless no page changed as the
        search sees it (its key is the digest of every page so); None when the last one is kept."""
        pages = self._search_pages()
        self.search_key = key = key_of(self.checked.inputs["sitegen"], language, sorted((p, d) for p, (d, _) in pages.items()))
        prefix = f"{SEARCH_DIR}/"
        self.search_recorded = {path: self._recorded(path) for path in self.graph.outputs if path.startswith(prefix)}
        recorded = self.search_recorded
        if recorded and all(record is not None and record.key == key for record in recorded.values()):
            for path, record in recorded.items():
                assert record is not None
                self._keep(path, self.site / path, key, record.digest)
            return None
        html = {}
        for path, (_, data) in pages.items():
            if not isinstance(data, bytes):
                source, offsets, size = data
                data = draft_of(source.read_bytes(), offsets, size)
            html[path] = data
        return start_index(html, language)

    def _index(self, indexing: Indexing) -> None:
        """The search index's files, each kept when its bytes come out the same."""
        for path, data in indexing.result().items():
            found, record = digest(data), self.search_recorded.get(path)
            if record is not None and record.digest == found:
                self._keep(path, self.site / path, self.search_key, found)
            else:
                self.made.files[path] = data
                self.made.keys[path] = (self.search_key, found)


def pdf_job(
    checked: Checked, options: Options, kind: str, slug: str, *, key: str, fits: Fits | None = None
) -> PdfJob:
    """The print HTML of a report or letter, ready for a worker (with how an earlier build fitted it)."""
    document = checked.report_view(slug) if kind == "report" else checked.letter_view(slug)
    pdf = options.pdf
    assert pdf is not None
    html = print_html(
        checked.pages().env, checked.content.site, kind, document, theme=checked.theme, options=pdf, epoch=options.epoch
    )
    path = f"{'pdus' if kind == 'report' else 'letters'}/{slug}.pdf"
    return PdfJob(path, document.source, html, checked.theme, pdf, key, fits)
