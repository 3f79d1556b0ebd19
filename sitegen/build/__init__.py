"""The build pipeline: load -> check -> prepare -> render -> index -> write, each step only for what changed.

Each stage is a package: :mod:`sitegen.content` reads the YAML into the typed model, :mod:`sitegen.rules`
checks it against the house rules, :mod:`sitegen.documents` prepares what the templates show,
:mod:`sitegen.site` and :mod:`sitegen.pdf` render the pages and the PDFs and :mod:`sitegen.site.write`
puts them in place. This package runs them as a dependency graph kept in ``build/cache/``
(:mod:`~sitegen.build.graph`): the digests of every input (:mod:`~sitegen.build.inputs`), the content
checked and summarised (:mod:`~sitegen.build.checked`), every output with the inputs it is made from
(:mod:`~sitegen.build.outputs`), made again only when those changed (:mod:`~sitegen.build.render`), the
search index from every page, while the PDFs render.
``validate`` is this same pipeline with ``write=False`` (everything read and checked, nothing written),
so the two can never disagree about what is valid; ``sitegen pdf`` is it without the pages.
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
from typing import TYPE_CHECKING

from sitegen.build.graph import Graph, OutputRecord
from sitegen.build.inputs import Inputs, Options, last_audit, scan_project, scan_theme
from sitegen.content.problems import ContentError, Problem
from sitegen.pdf.options import PdfOptions
from sitegen.pdf.pool import PdfJob, PdfWorkers
from sitegen.site.faults import pause_point

# The rest of the pipeline (the content model, the templates, Markdown) is imported when a build needs
# it: a build with nothing to do, and the PDF workers a build starts first, do without it.
if TYPE_CHECKING:
    from sitegen.build.checked import Checked
    from sitegen.build.render import Made
    from sitegen.content.load import Content

log = logging.getLogger("sitegen")


@dataclass
class BuildResult:
    """What a build did: the checked content (None if nothing had changed), the output folder, the files."""

    checked: Checked | None
    out: Path | None
    made: Made | None
    documents: dict[str, list[str]]  # kind -> slugs

    @property
    def reports(self) -> list[str]:
        return self.documents.get("report", [])

    @property
    def letters(self) -> list[str]:
        return self.documents.get("letter", [])

    @property
    def files(self) -> set[str]:
        return self.made.paths if self.made is not None else set()


def default_out(root: Path) -> Path:
    return root / "build" / "site"


def build(
    root: Path,
    out: Path | None = None,
    *,
    write: bool = True,
    pdf: PdfOptions | None = None,
    jobs: int | None = None,
    draft_links: bool = False,
    graph: Graph | None = None,
    workers: PdfWorkers | None = None,
) -> BuildResult:
    """Build the site of the project at ``root`` into ``out`` (default build/site).

    ``pdf`` None builds no PDFs (``draft_links``: the pages link a draft PDF made on request, as the
    preview's do); ``write=False`` is validation: everything is read and checked, every page and print
    template rendered, nothing written. ``graph`` is what the last build left (default: the one in
    build/cache/; an empty one for validation); ``workers`` renders the PDFs (default: a pool of
    ``jobs`` processes for this build).
    """
    shown = out or default_out(root)  # as given, for messages
    target = shown.absolute()
    graph = graph if graph is not None else Graph.load(root) if write else Graph()
    graph.started = time.time()
    audit, audit_key = last_audit(target) if write else (None, "none")
    options = Options(pdf=pdf if write else None, draft_links=draft_links, audit=audit, audit_key=audit_key)
    with _stage("scan inputs"):
        inputs = scan_project(root, graph)
        project = dict(inputs.digests)
        if write and _nothing_changed(graph, inputs, target, options):
            log.debug("nothing changed since the last build")
            return BuildResult(None, shown, None, _documents(graph))
    own_workers = workers is None
    workers = workers or PdfWorkers(jobs)
    try:
        if options.pdf:
            # Something changed: a first worker imports WeasyPrint while the content is read (on another
            # core: more would slow the reading); more start as PDFs wait for one (see PdfWorkers.submit).
            workers.start(1)
        made, checked = _build(inputs, graph, target, workers, options, full=not write)
    finally:
        if own_workers:
            workers.close()
    if not write:
        return BuildResult(checked, None, None, _documents(graph, checked))
    if workers.peak_mib:
        log.debug("peak memory of a PDF worker: %.0f MiB", workers.peak_mib)
    with _stage(f"write {len(made.files)} new file(s) to {target}"):
        unchanged = not made.files and set(made.kept) == set(graph.outputs) and graph.site == str(target)
        unchanged = unchanged and all(source == target / path for path, source in made.kept.items())
        if not unchanged:
            from sitegen.site.write import write_site

            write_site(made.files, target, keep=made.kept)
    _record(graph, target, made, project)
    checked.pages().save_compiled()
    graph.extra["theme"], graph.extra["options"] = [str(checked.theme), inputs.theme_digests()], repr(options)
    checked.record(graph)
    if graph.dirty:
        graph.save()
    return BuildResult(checked, shown, made, _documents(graph, checked))


def _build(
    inputs: Inputs, graph: Graph, target: Path, workers: PdfWorkers, options: Options, *, full: bool
) -> tuple[Made, Checked]:
    """Load -> check -> prepare -> render, each only as far as what changed asks."""
    from sitegen.build.checked import check
    from sitegen.build.outputs import PRODUCERS, document_outputs
    from sitegen.build.render import Made, Renderer
    from sitegen.site.write import check_output, estimate_size

    with _stage("load and check content (reports as they come, below)"):
        checked = check(inputs, graph, full=full, stream=not full)
    pause_point("load")
    if full:
        with _stage("render pages and print templates"):
            _validate(checked)
        return Made(), checked
    checked_output: list[bool] = []

    def check_writable() -> None:
        """Before the first PDF is rendered, or anything written: the output can take the site."""
        if not checked_output:
            checked_output.append(True)
            with _stage(f"check that {target} can be written"):
                documents = len(checked.of_kind("report")) + len(checked.of_kind("letter"))
                check_output(target, estimate_size(checked.theme, documents, pdfs=options.pdf is not None))

    renderer = Renderer(checked, graph, workers, options, before_pdfs=check_writable)
    with _stage("read, check and prepare reports, start their PDFs"):
        for entry in checked.of_kind("report"):
            # A report is read and checked on its own, and its PDF started, before the next is read.
            if entry.pending:
                checked.read_pending(entry)
            if checked.problems.problems:  # the build will fail: only this report's own problems now
                checked.prepare_quietly(entry)
                continue
            try:
                for output in document_outputs(checked, options, "report", entry.slug):
                    renderer.add(output)
            except ContentError as exc:
                checked.problems.extend(exc.problems)
    with _stage("check what needs every file read"):
        checked.finish_checks()
    with _stage("prepare the reports not prepared yet"):
        checked.prepare_pending("report")
    with _stage("prepare letters, start their PDFs"):
        checked.prepare_pending("letter")  # every letter's own problems at once, before any is rendered
        for entry in checked.of_kind("letter"):
            for output in document_outputs(checked, options, "letter", entry.slug):
                renderer.add(output)
    with _stage("plan the other outputs"):
        for producer in PRODUCERS:
            for output in producer(checked, options):
                renderer.add(output)
    check_writable()
    # The preview leaves the search index to `sitegen build`: it would double a rebuild.
    language = None if options.draft_links else checked.content.site.language.split("-")[0].lower()
    with _stage("render pages and PDFs, and the search index"):
        made = renderer.finish(language)
    return made, checked


def _nothing_changed(graph: Graph, inputs: Inputs, target: Path, options: Options) -> bool:
    """No input changed since the last build, which left every output in ``target`` as it recorded."""
    if graph.extra.get("project") != inputs.digests or graph.extra.get("options") != repr(options):
        return False
    if graph.site != str(target) or not graph.outputs or "theme" not in graph.extra:
        return False
    theme, digests = graph.extra["theme"]
    scan_theme(inputs, Path(theme), graph)
    if inputs.theme_digests() != digests:
        return False
    return all(graph.output_on_disk(path) is not None for path in graph.outputs)


def _documents(graph: Graph, checked: Checked | None = None) -> dict[str, list[str]]:
    if checked is not None:
        return {kind: [e.slug for e in checked.of_kind(kind)] for kind in ("report", "summary", "letter")}
    kinds = {"content/pdus/": "report", "content/summaries/": "summary", "content/letters/": "letter"}
    found: dict[str, list[str]] = {}
    for rel in graph.documents:
        for prefix, kind in kinds.items():
            if rel.startswith(prefix):
                found.setdefault(kind, []).append(Path(rel).stem)
    return found


def _record(graph: Graph, target: Path, made: Made, inputs: dict[str, str]) -> None:
    """What is now in ``target``, file by file, for the next build to trust."""
    records = {}
    for path, (key, found) in sorted(made.keys.items()):
        old = graph.outputs.get(path)
        if path not in made.files and old is not None and old.key == key and made.kept[path] == Path(graph.site) / path:
            records[path] = old
            continue
        stat = (target / path).stat()
        records[path] = OutputRecord(key, found, stat.st_size, stat.st_mtime_ns)
    digests = {record.digest for record in records.values()}
    graph.extra["pages"] = {d: n for d, n in graph.extra.get("pages", {}).items() if d in digests}
    graph.extra["labels"] = {p: found for p, found in graph.extra.get("labels", {}).items() if p in records}
    if records != graph.outputs or graph.site != str(target) or graph.extra.get("project") != inputs:
        graph.outputs, graph.site = records, str(target)
        graph.extra["project"] = inputs
        graph.dirty = True


def _validate(checked: Checked) -> None:
    """Every page and every print template rendered, as a build would (nothing written)."""
    from sitegen.build.outputs import PRODUCERS, document_outputs
    from sitegen.pdf.render import print_html

    options = Options()
    checked.prepare_pending("report", "letter")  # the problems of every document at once
    for kind in ("report", "letter"):
        for entry in checked.of_kind(kind):
            for output in document_outputs(checked, options, kind, entry.slug):
                if output.make is not None:
                    output.make(None)
            document = checked.report_view(entry.slug) if kind == "report" else checked.letter_view(entry.slug)
            print_html(checked.pages().env, checked.content.site, kind, document,
                       theme=checked.theme, options=PdfOptions(), epoch=options.epoch)  # fmt: skip
    for producer in PRODUCERS:
        for output in producer(checked, options):
            if output.make is not None:
                output.make()


def load_content(root: Path) -> Content:
    """Everything in the project, read and checked as a build checks it; raises ContentError with every problem."""
    from sitegen.build.checked import check

    return check(scan_project(root, Graph()), Graph(), full=True).content


def print_documents(root: Path, options: PdfOptions) -> list[PdfJob]:
    """The print HTML of every document of the project, as a build renders it (for benchmarks and tests)."""
    from sitegen.build.checked import check
    from sitegen.pdf.render import print_html

    checked = check(scan_project(root, Graph()), Graph(), full=True)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    jobs = []
    for kind in ("report", "letter"):
        for entry in checked.of_kind(kind):
            document = checked.report_view(entry.slug) if kind == "report" else checked.letter_view(entry.slug)
            html = print_html(checked.pages().env, checked.content.site, kind, document,
                              theme=checked.theme, options=options, epoch=epoch)  # fmt: skip
            path = f"pdus/{entry.slug}.pdf" if kind == "report" else f"letters/{entry.slug}.pdf"
            jobs.append(PdfJob(path, document.source, html, checked.theme, options, ""))
    return jobs


def write_pdfs(root: Path, out: Path, names: list[str], options: PdfOptions, *, jobs: int | None = None) -> list[Path]:
    """``sitegen pdf``: the PDFs of some documents (all if ``names`` is empty), without the pages.

    Each PDF is written next to its page in the output folder, by a rename, so a reader never sees a
    half-written file. PDFs are taken from the cache where their inputs did not change.
    """
    from sitegen.build.checked import check
    from sitegen.build.outputs import document_outputs
    from sitegen.build.render import Renderer
    from sitegen.site.write import PDF_BYTES, check_output, output_error, safe_target

    graph = Graph.load(root)
    inputs = scan_project(root, graph)
    checked = check(inputs, graph)
    known = [e.slug for e in checked.of_kind("report")] + [e.slug for e in checked.of_kind("letter")]
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ContentError([_unknown(name, known) for name in unknown])
    check_output(out, (len(names) or len(known)) * PDF_BYTES)
    written = []
    opts = Options(pdf=options)
    with PdfWorkers(jobs) as workers:
        renderer = Renderer(checked, graph, workers, opts)
        for kind in ("report", "letter"):
            for entry in checked.of_kind(kind):
                if not names or entry.slug in names:
                    for output in document_outputs(checked, opts, kind, entry.slug):
                        if output.document is not None:
                            renderer.add(output)
        made = renderer.finish()
    for relative, source in sorted(made.kept.items()):
        target = safe_target(out, relative)
        tmp = target.with_name(f".{target.name}.tmp")
        data = source.read_bytes()
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
