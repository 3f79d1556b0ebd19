"""Turn a project folder into a live preview: the last good build on disk, rebuilt on every change.

Each rebuild is the build's own incremental pipeline (:func:`sitegen.build.build`, with a graph kept
in memory for the preview's life): the content checked as ``sitegen validate`` checks it, only what a
changed file affects read, prepared and rendered again, into a new numbered folder of the preview's
temporary folder, the unchanged pages linked from the last one. Only when that succeeded does the
current build move to it, under a lock, so a request sees the old site or the new one, never half of
one; the browsers reload at once. A build that fails keeps the last good site and records its
problems for the overlay. Changes are watched with watchfiles: ``site.yaml``, ``content/``,
``themes/``, ``templates/`` and the theme in use.

Draft PDFs ("DRAFT - not for publication") are rendered on demand from the current good build by one
PDF worker started once for the preview's life, kept per build number (and on disk, by the key of
their inputs), and refused while the content on disk has problems: a PDF of an older build is never
served as current.
"""

from __future__ import annotations

import logging
import queue
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import watchfiles

from sitegen.build import BuildResult, build
from sitegen.build.graph import Graph
from sitegen.build.inputs import Options
from sitegen.build.outputs import document_outputs, fit_setting
from sitegen.build.render import pdf_job
from sitegen.content.paths import OVERRIDES_DIR
from sitegen.content.problems import ContentError, Problem, display_path
from sitegen.pdf.options import PdfOptions
from sitegen.pdf.pool import PdfFailed, PdfWorkers, cache_file, keep_fits, recall_fits, store
from sitegen.site.pages import letter_pdf_path, pdf_path

log = logging.getLogger("sitegen.serve")

DRAFT = PdfOptions(draft=True)
SITE_FILE = "site.yaml"
WATCHED_DIRS = ("content", "themes", OVERRIDES_DIR)
#: Build folders kept: the current one and the one before, which a request may still be reading.
KEEP = 2
#: How long a request waits for a rebuild in progress before it gets the last good build.
WAIT = 10.0


@dataclass(frozen=True)
class GoodBuild:
    """A build that succeeded: its number, its folder of pages and what it was made from."""

    number: int
    folder: Path
    result: BuildResult
    pdfs: frozenset[str]
    pages: int


@dataclass(frozen=True)
class State:
    """What the server shows: ``version`` goes up after every rebuild, good or bad; browsers reload on it."""

    version: int
    good: GoodBuild | None
    problems: tuple[Problem, ...]


class PdfUnavailable(Exception):
    """No current PDF can be made now; the message says why, the problems what to fix."""

    def __init__(self, message: str, problems: tuple[Problem, ...] = ()):
        super().__init__(message)
        self.problems = problems


class _StopWhen:
    """watchfiles' ``stop_event``: set when any of ``events`` is; its first call marks the watcher ready.

    watchfiles asks it once per step, only after the folders are being watched,
    so ``ready`` tells the server that no change will be missed from then on.
    """

    def __init__(self, *events: threading.Event):
        self.events = events
        self.ready = threading.Event()

    def is_set(self) -> bool:
        self.ready.set()
        return any(e.is_set() for e in self.events)


class Preview:
    """The preview of the project at ``root``, built into numbered folders of ``workdir``."""

    def __init__(self, root: Path, workdir: Path):
        self.root = root.resolve()
        self.workdir = workdir
        self._cond = threading.Condition()
        self._state = State(0, None, ())
        self._building = False
        self._closed = False
        self._pdfs: dict[tuple[int, str], bytes] = {}
        self._pdf_lock = threading.Lock()  # one PDF at a time, by one worker
        self._workers = PdfWorkers(1, method="spawn")  # a process of its own: this one runs threads
        self._graph = Graph()  # what the last good build made, for the next one
        self._changes: queue.Queue[set[str]] = queue.Queue()
        self._stop = threading.Event()
        self._retarget = threading.Event()
        self._threads: list[threading.Thread] = []
        self._watching: list[Path] = []

    # -- state -------------------------------------------------------------

    def snapshot(self, wait: float = WAIT) -> State:
        """The current state, after the rebuild in progress (if any, for up to ``wait`` seconds)."""
        with self._cond:
            self._cond.wait_for(lambda: not self._building or self._closed, timeout=wait)
            return self._state

    def wait_for_change(self, version: int, timeout: float) -> int | None:
        """The version once it differs from ``version`` (or the same after ``timeout``); None once closed."""
        with self._cond:
            self._cond.wait_for(lambda: self._state.version != version or self._closed, timeout=timeout)
            return None if self._closed else self._state.version

    def rebuild(self) -> State:
        """Build the site again; on success it becomes the current build, on failure its problems are shown."""
        with self._cond:
            self._building = True
        start = time.perf_counter()
        good: GoodBuild | None = None
        problems: tuple[Problem, ...] = ()
        try:
            good = self._build(self._state.version + 1)
        except ContentError as exc:
            problems = tuple(exc.problems)
        except Exception as exc:  # a bug or a file system error must not stop the server
            log.exception("The preview build failed")
            problems = (Problem("sitegen", message=f"the preview build failed: {type(exc).__name__}: {exc}"),)
        with self._cond:
            before = self._state
            if good is not None or problems or before.problems or before.good is None:
                self._state = State(before.version + 1, good or before.good, problems)
            self._building = False
            if good is not None:
                self._pdfs = {k: v for k, v in self._pdfs.items() if k[0] == good.number}
            self._cond.notify_all()
        seconds = time.perf_counter() - start
        if problems:
            for problem in problems:
                log.error("%s", problem)
            count = len(problems)
            shown = "over the last good build" if self._state.good else "until they are fixed"
            log.error("Build failed: %d problem%s; the browser shows them %s.", count, "s" * (count != 1), shown)
        elif good is not None:
            made = len(good.result.made.files) if good.result.made else 0
            fixed = " (problems fixed)" if before.problems else ""
            log.info("Built %d changed file(s) of %d pages in %.2f s%s", made, good.pages, seconds, fixed)
            self._prune()
            if self._targets() != self._watching:
                self._retarget.set()
        return self._state

    def _build(self, number: int) -> GoodBuild | None:
        """The site again, as far as the changes ask (None: nothing changed since the last good build)."""
        folder = self.workdir / str(number)
        result = build(self.root, folder, draft_links=True, graph=self._graph)
        if result.checked is None:
            return None
        pdfs = frozenset(pdf_path(slug) for slug in result.reports) | frozenset(letter_pdf_path(slug) for slug in result.letters)
        pages = sum(1 for path in result.files if path.endswith(".html"))
        return GoodBuild(number, folder, result, pdfs, pages)

    def _prune(self) -> None:
        current = self._state.good
        numbers = sorted(int(p.name) for p in self.workdir.iterdir() if p.name.isdigit())
        for number in numbers[:-KEEP]:
            if current is None or number != current.number:
                shutil.rmtree(self.workdir / str(number), ignore_errors=True)

    # -- PDFs ----------------------------------------------------------------

    def pdf(self, relative: str) -> bytes:
        """The draft PDF ``relative`` (e.g. 'pdus/wigan.pdf') of the current build; PdfUnavailable if none is current."""
        for _ in range(3):
            state = self.snapshot()
            if state.problems:
                raise PdfUnavailable("No PDF can be made while the content has problems: fix them first.", state.problems)
            good = state.good
            if good is None or relative not in good.pdfs:
                raise KeyError(relative)
            with self._pdf_lock:
                data = self._pdfs.get((good.number, relative)) or self._render(good, relative)
            with self._cond:
                if self._state.good is good and not self._state.problems and not self._building:
                    self._pdfs[good.number, relative] = data
                    return data
            log.info("The content changed while %s was rendered: rendering it again", relative)
        raise PdfUnavailable("The content kept changing while the PDF was made: reload the page to try again.")

    def _render(self, good: GoodBuild, relative: str) -> bytes:
        checked = good.result.checked
        assert checked is not None
        kind, slug = ("report", relative[5:-4]) if relative.startswith("pdus/") else ("letter", relative[8:-4])
        options = Options(pdf=DRAFT)
        output = next(o for o in document_outputs(checked, options, kind, slug) if o.document is not None)
        key = output.key()
        cached = cache_file(self.workdir, relative, key)
        if cached.is_file():
            return cached.read_bytes()
        setting = fit_setting(checked, options)
        fits = recall_fits(self.workdir, relative, setting)
        try:
            self._workers.submit(pdf_job(checked, options, kind, slug, key=key, fits=fits))
            for _, rendered in self._workers.results():
                store(self.workdir, relative, key, rendered.pdf)
                keep_fits(self.workdir, relative, setting, rendered.fits)
                return rendered.pdf
        except (ContentError, PdfFailed) as exc:
            problems = tuple(exc.problems)
            for problem in problems:
                log.error("%s", problem)
            raise PdfUnavailable(f"{relative} could not be made.", problems) from exc
        raise PdfUnavailable(f"{relative} could not be made.")

    # -- watching ------------------------------------------------------------

    def watch(self, timeout: float = 10.0) -> None:
        """Watch the project and rebuild on every change, in background threads, until ``close()``.

        Returns once the watchers are in place, so that no later change is missed.
        """
        top, tree = _StopWhen(self._stop), _StopWhen(self._stop, self._retarget)
        for target, args in ((self._watch_top, (top,)), (self._watch_tree, (tree,)), (self._rebuild_on_changes, ())):
            thread = threading.Thread(target=target, args=args, name=f"sitegen-{target.__name__.strip('_')}", daemon=True)
            thread.start()
            self._threads.append(thread)
        for stop in (top, tree):
            if not stop.ready.wait(timeout):
                log.warning("Watching for changes is slow to start: save again if a change does not show.")

    def close(self) -> None:
        """Stop watching, wake every waiting request, end the PDF worker."""
        self._stop.set()
        with self._pdf_lock:
            self._workers.close()
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout=5)

    def _targets(self) -> list[Path]:
        """The folders watched recursively: the project's and the theme in use, if it lives elsewhere."""
        targets = [self.root / name for name in WATCHED_DIRS if (self.root / name).is_dir()]
        good = self._state.good
        if good is not None:
            theme = good.result.checked.theme if good.result.checked is not None else None
            if theme is not None and not theme.is_relative_to(self.root):
                targets.append(theme)
        return targets

    def _filter(self) -> watchfiles.DefaultFilter:
        return watchfiles.DefaultFilter(ignore_paths=[str(self.root / "build"), str(self.workdir)])

    def _watch_top(self, stop: _StopWhen) -> None:
        """site.yaml, and the watched folders appearing or going (editors often save by replacing the file)."""
        names = {SITE_FILE, *WATCHED_DIRS}
        for changes in watchfiles.watch(
            self.root, recursive=False, watch_filter=lambda _c, p: Path(p).name in names, stop_event=stop, step=50
        ):
            if any(Path(p).name in WATCHED_DIRS for _, p in changes):
                self._retarget.set()
            self._changes.put({p for _, p in changes})

    def _watch_tree(self, stop: _StopWhen) -> None:
        watch_filter = self._filter()
        first = True
        while not self._stop.is_set():
            self._retarget.clear()
            self._watching = self._targets()
            if not first:
                # Changes made while the watchers were changed over were not seen: build once more when ready.
                stop = _StopWhen(self._stop, self._retarget)
                threading.Thread(target=self._rebuild_when_ready, args=(stop,), daemon=True).start()
            first = False
            if not self._watching:
                stop.ready.set()
                while not stop.is_set():
                    self._stop.wait(0.25)
                continue
            try:
                for changes in watchfiles.watch(*self._watching, watch_filter=watch_filter, stop_event=stop, step=50):
                    self._changes.put({p for _, p in changes})
            except (OSError, RuntimeError) as exc:  # a watched folder went away
                log.debug("watching %s stopped: %s", self._watching, exc)
                self._stop.wait(0.25)

    def _rebuild_when_ready(self, stop: _StopWhen) -> None:
        if stop.ready.wait(10) and not self._stop.is_set():
            self._changes.put(set())

    def _rebuild_on_changes(self) -> None:
        while not self._stop.is_set():
            try:
                changed = self._changes.get(timeout=0.25)
            except queue.Empty:
                continue
            while not self._changes.empty():
                changed |= self._changes.get_nowait()
            # An editor's temporary files come and go: name the files that are there, if any.
            names = sorted(display_path(Path(p), self.root) for p in changed if Path(p).exists()) or sorted(
                display_path(Path(p), self.root) for p in changed
            )
            if names:
                log.info("Changed: %s%s", ", ".join(names[:5]), f" and {len(names) - 5} more" if len(names) > 5 else "")
            self.rebuild()
