"""Load -> check, incrementally: the project's inputs into checked content and every document's summary.

A content file is read, validated, checked against the house rules and prepared only when it is new or
changed, or when what its checks read from other files changed (the regions there are, which region
each PDU is in, ``site.yaml`` for letters, sitegen itself). Every other document is known by the
summary the last build kept (:mod:`sitegen.documents.summary`), and is read only if an output that
shows the whole of it has to be made again (:meth:`Checked.report_view`). ``full=True`` reads and
checks everything, as ``sitegen validate`` does. The problems are the same either way: a file that
has not changed, in an unchanged context, has the problems it had (none: the last build succeeded).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.build.graph import Graph, key_of
from sitegen.build.inputs import Inputs, scan_theme
from sitegen.content.load import (
    LETTERS_DIR,
    REGIONS_DIR,
    REPORTS_DIR,
    SUMMARIES_DIR,
    Content,
    Loaded,
    list_folder,
    load_file,
    load_site,
)
from sitegen.content.model import Letter, Region, Report, Summary
from sitegen.content.problems import Collector, ContentError, Problem
from sitegen.content.yamlfile import YamlDoc
from sitegen.documents.letter import LetterView, letter_summary, prepare_letter, summary_view
from sitegen.documents.markdown import lost_text
from sitegen.documents.report import ReportView, prepare_report
from sitegen.documents.summary import LetterSummary, PduSummary, report_summary
from sitegen.pdf.fonts import FONT_SUFFIXES, coverage, uncovered
from sitegen.rules.checks import check_content, check_report
from sitegen.rules.framework import load_framework
from sitegen.site.pages import Pages
from sitegen.site.theme import check_logo, check_theme, theme_dir

log = logging.getLogger("sitegen")

#: The kinds of document, their folders and models, in the order they are read and checked.
KINDS: tuple[tuple[str, Path, type], ...] = (
    ("report", REPORTS_DIR, Report),
    ("summary", SUMMARIES_DIR, Summary),
    ("letter", LETTERS_DIR, Letter),
)


@dataclass
class Entry:
    """One document of the project: its file, its digest, its summary (JSON), and its model if read now."""

    kind: str
    slug: str
    path: Path
    rel: str
    digest: str
    summary: dict[str, Any] | None = None
    loaded: Loaded[Any] | None = None
    pending: bool = False  # to be read by the build (Checked.read_pending)
    streamed: bool = False  # read and checked on its own, as the build came to it
    quietly: bool = False  # prepared only for its problems (the build fails)
    _key: tuple[int, str] | None = None

    @property
    def summary_key(self) -> str:
        """The digest of the summary (what other pages show of this document)."""
        if self._key is None or self._key[0] != id(self.summary):
            self._key = (id(self.summary), key_of(self.summary))
        return self._key[1]


@dataclass
class Checked:
    """The checked project: its site and regions, every document's summary, the documents read now."""

    inputs: Inputs
    content: Content
    theme: Path
    entries: dict[str, Entry] = field(default_factory=dict)  # by rel path, in reading order
    contexts: dict[str, str] = field(default_factory=dict)  # what each kind's checks read besides its file
    compiled: Path | None = None  # where compiled templates are kept between builds
    problems: Collector = field(default_factory=Collector)
    theme_problems: list[Problem] = field(default_factory=list)
    graph_documents: dict[str, Any] = field(default_factory=dict)  # the last build's records
    common: list[str] | None = None  # what every page reads (see sitegen.build.outputs)
    memo: dict[str, Any] = field(default_factory=dict)  # what several outputs are made from, made once
    _reports: dict[str, ReportView] = field(default_factory=dict)
    _letters: dict[str, LetterView] = field(default_factory=dict)
    _pages: Pages | None = None

    @property
    def root(self) -> Path:
        return self.content.root

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind == kind]

    def entry(self, kind: str, slug: str) -> Entry:
        folder = next(folder for k, folder, _ in KINDS if k == kind)
        return self.entries[f"{folder.as_posix()}/{slug}.yaml"]

    def region_of(self, entry: Entry) -> str:
        return entry.loaded.model.region if entry.loaded is not None else (entry.summary or {})["region_slug"]

    def pages(self) -> Pages:
        if self._pages is None:
            self._pages = Pages(self.root, self.content.site, self.theme, self.regions(), self.inputs.templates, self.compiled)
        return self._pages

    def regions(self) -> dict[str, str]:
        return {slug: item.model.name for slug, item in self.content.regions.items()}

    def pdu_summaries(self) -> dict[str, PduSummary]:
        """Every PDU's summary, reports before summary files, each in file-name order."""
        self.prepare_pending("report")
        return {e.slug: PduSummary.from_json(e.summary) for e in self.entries.values() if e.kind != "letter" and e.summary}

    def letter_summaries(self) -> dict[str, LetterSummary]:
        self.prepare_pending("letter")
        return {e.slug: LetterSummary.from_json(e.summary) for e in self.of_kind("letter") if e.summary}

    def prepare_pending(self, *kinds: str) -> None:
        """Prepare every document of these kinds read by this build and not prepared yet: all their problems
        at once (a letter needs its reports' summaries: reports first)."""
        problems = Collector()
        for kind in kinds:
            for entry in self.of_kind(kind):
                if entry.summary is None:
                    try:
                        self.report_view(entry.slug) if kind == "report" else self.letter_view(entry.slug)
                    except ContentError as exc:
                        problems.extend(exc.problems)
        problems.check()

    def _load(self, entry: Entry, model: type) -> Loaded[Any]:
        if entry.loaded is None:
            problems = Collector()
            entry.loaded = load_file(self.root, entry.path, model, problems)
            problems.check()  # the file changed since this build read its digest: its problems now
            assert entry.loaded is not None
        return entry.loaded

    def report_view(self, slug: str) -> ReportView:
        """The whole prepared report (read again if this build had not needed to)."""
        if slug not in self._reports:
            item = self._load(self.entries[f"{REPORTS_DIR.as_posix()}/{slug}.yaml"], Report)
            view, problems = prepare_report(item, self.content)
            if view is None:
                raise ContentError(problems)
            self._reports[slug] = view
            self.entry("report", slug).summary = report_summary(view).to_json()
        return self._reports[slug]

    def letter_view(self, slug: str) -> LetterView:
        if slug not in self._letters:
            item = self._load(self.entries[f"{LETTERS_DIR.as_posix()}/{slug}.yaml"], Letter)
            view, problems = prepare_letter(item, self.content, self.pdu_summaries())
            if view is None:
                raise ContentError(problems)
            self._letters[slug] = view
            self.entry("letter", slug).summary = letter_summary(view).to_json()
        return self._letters[slug]

    def read_pending(self, entry: Entry) -> bool:
        """Read and check a report left for the build to read (so that its PDF can start before the rest
        is read): its own problems go with the others, said by :meth:`finish_checks`. True if it is fine."""
        before = len(self.problems.problems)
        entry.pending, entry.streamed = False, True
        entry.loaded = load_file(self.root, entry.path, Report, self.problems)
        if entry.loaded is not None:
            report, doc = entry.loaded.model, entry.loaded.doc
            self.problems.extend(check_report(report, doc, load_framework(report.framework), self.content.region_names))
            self.problems.extend(check_showable(self.theme, [doc]))
        return len(self.problems.problems) == before

    def prepare_quietly(self, entry: Entry) -> None:
        """Prepare a document read by this build only for the problems it shows, when the build already has
        some: content known to be wrong (a standard refused, a region missing) may not prepare at all."""
        if entry.loaded is None or entry.quietly or entry.slug in (self._reports if entry.kind == "report" else self._letters):
            return
        entry.quietly = True
        known = bool(self.problems.problems)
        try:
            if entry.kind == "report":
                found = prepare_report(entry.loaded, self.content)[1]
            elif entry.kind == "letter":
                found = prepare_letter(entry.loaded, self.content, self._summaries_so_far())[1]
            else:
                return
        except (KeyError, ValueError, IndexError, TypeError):
            if not known:
                raise  # content that passed every check must prepare: this is a bug
            log.debug("%s: not prepared, its content has problems", entry.rel, exc_info=True)
            return
        self.problems.extend(found)

    def _summaries_so_far(self) -> dict[str, PduSummary]:
        """The PDUs' summaries there are now (a report not prepared has none)."""
        found = {slug: report_summary(view) for slug, view in self._reports.items()}
        for entry in self.entries.values():
            if entry.kind == "summary" and entry.loaded is not None and entry.loaded.complete:
                found[entry.slug] = summary_view(entry.loaded)
            elif entry.kind != "letter" and entry.summary and entry.slug not in found:
                found[entry.slug] = PduSummary.from_json(entry.summary)
        return found

    def finish_checks(self) -> None:
        """Check what needs every file read (each PDU's region, letters' PDUs) and say every problem found."""
        problems, content, entries = self.problems, self.content, self.entries
        if any(e.pending for e in entries.values()):
            raise RuntimeError("finish_checks() before every pending report was read")
        index = _index(self)
        contexts = _contexts(self, index)
        # What each kind's checks read besides its own file: when it changes, the file is checked again.
        for entry in entries.values():
            record = self.graph_documents.get(entry.rel)
            if entry.loaded is None and (record is None or record.get("context") != contexts[entry.kind]):
                _read(self, entry, problems)
        if not any(e.kind == "report" for e in entries.values()) and not problems.problems:
            problems.add(Problem(f"{REPORTS_DIR.as_posix()}/", 0, 0, "", "no reports found: add a <name>.yaml file"))
        # Reports read one by one (streamed) are checked already, and count as the other files do.
        checking = [e for e in entries.values() if e.loaded is not None and not e.streamed]
        read = {kind: {e.slug: e.loaded for e in checking if e.kind == kind} for kind, _, _ in KINDS}
        content.reports, content.summaries, content.letters = read["report"], read["summary"], read["letter"]
        pdus = [e for e in entries.values() if e.kind != "letter" and e not in checking]
        content.other_pdus = {e.slug: self.region_of(e) for e in pdus if e.loaded or e.summary}
        content.other_reports = {e.slug for e in pdus if e.kind == "report"}
        problems.extend(check_content(content))
        if self.theme_problems:
            problems.extend(self.theme_problems)
        else:
            site_doc = content.site_doc
            regions = [item.doc for item in content.regions.values()]
            read_now = [site_doc, *regions, *(e.loaded.doc for e in checking)]  # type: ignore[union-attr]
            problems.extend(check_showable(self.theme, read_now))
        if problems.problems:
            # The build fails: every document read is still prepared as far as it goes, for the problems
            # of its own that only preparing shows (footnotes), so that one run says them all.
            for kind in ("report", "letter"):
                for entry in self.of_kind(kind):
                    self.prepare_quietly(entry)
            problems.check()
        self.contexts = contexts
        for entry in self.of_kind("summary"):
            if entry.loaded is not None:
                entry.summary = summary_view(entry.loaded).to_json()

    def record(self, graph: Graph) -> None:
        """Keep every document's digest, context and summary in the graph, for the next build."""
        for entry in self.entries.values():
            record = {"digest": entry.digest, "context": self.contexts[entry.kind], "summary": entry.summary}
            if graph.documents.get(entry.rel) != record:
                graph.documents[entry.rel] = record
                graph.dirty = True
        for rel in set(graph.documents) - set(self.entries):
            del graph.documents[rel]
            graph.dirty = True


def check(inputs: Inputs, graph: Graph, *, full: bool = False, stream: bool = False) -> Checked:
    """Read and check what changed (everything if ``full``); raise ContentError with every problem found.

    ``stream``: reports to read are left pending, for the build to read one at a time
    (:meth:`Checked.read_pending`) and start their PDFs, then call :meth:`Checked.finish_checks`.
    """
    root = inputs.root
    problems = Collector()
    site_doc, site = load_site(root, problems)
    regions: dict[str, Loaded[Region]] = {}
    for path in list_folder(root, REGIONS_DIR, problems):
        loaded = load_file(root, path, Region, problems)
        if loaded is not None:
            regions[path.stem] = loaded
    entries: dict[str, Entry] = {}
    for kind, folder, _ in KINDS:
        for path in list_folder(root, folder, problems):
            rel = path.relative_to(root).as_posix()
            record = None if full else graph.documents.get(rel)
            entry = Entry(kind, path.stem, path, rel, inputs[rel])
            if record is not None and record["digest"] == entry.digest:
                entry.summary = record["summary"]
            entries[rel] = entry
    region_names = sorted(p.stem for p in (root / REGIONS_DIR).glob("*.yaml"))
    content = Content(root, site, site_doc, regions, region_names=region_names)  # type: ignore[arg-type]
    content.pdu_names = {e.slug for e in entries.values() if e.kind != "letter"}
    if site is None or site_doc is None:
        # Nothing can be built: every other file is still read and checked, to say every problem at once.
        for entry in entries.values():
            entry.loaded = load_file(root, entry.path, next(m for k, _, m in KINDS if k == entry.kind), problems)
        loaded = [e for e in entries.values() if e.loaded]
        read = {kind: {e.slug: e.loaded for e in loaded if e.kind == kind} for kind, _, _ in KINDS}
        content.reports, content.summaries, content.letters = read["report"], read["summary"], read["letter"]
        problems.extend(check_content(content))
        problems.check()
    assert site is not None and site_doc is not None
    where = site_doc.where(("theme",)) if "theme" in site_doc.data else (0, 0)
    try:
        theme = theme_dir(root, site.theme)
        scan_theme(inputs, theme, graph)
    except ContentError:
        theme = root  # check_theme says why
    # A theme that cannot be used is said after the content's own problems, as they would hide it.
    compiled = graph.path.parent / "templates" if graph.path is not None else None
    theme_problems = check_theme(root, site.theme, where, key=inputs.templates, compiled=compiled)
    theme_problems += check_logo(root, site, site_doc)
    checked = Checked(inputs, content, theme, entries, compiled=compiled, problems=problems, theme_problems=theme_problems)
    checked.graph_documents = graph.documents
    for entry in entries.values():
        if entry.summary is not None:
            continue
        if stream and entry.kind == "report" and not theme_problems:
            entry.pending = True  # read by the build when it comes to it: see Checked.read_pending
        else:
            _read(checked, entry, problems)
    if not any(e.pending for e in entries.values()):
        checked.finish_checks()
    return checked


def _read(checked: Checked, entry: Entry, problems: Collector) -> None:
    model = next(model for kind, _, model in KINDS if kind == entry.kind)
    entry.summary = None
    entry.loaded = load_file(checked.root, entry.path, model, problems)


def _index(checked: Checked) -> dict[str, Any]:
    """What the checks of one file read from the others: regions there are, each PDU's region and kind."""
    pdus = {}
    for entry in checked.entries.values():
        if entry.kind == "letter":
            continue
        region = entry.loaded.model.region if entry.loaded else (entry.summary or {}).get("region_slug")
        pdus[entry.slug] = [entry.kind, region]
    return {"regions": checked.content.region_names, "pdus": pdus}


def _contexts(checked: Checked, index: dict[str, Any]) -> dict[str, str]:
    inputs = checked.inputs
    # The characters a file may use are those of the theme's fonts.
    fonts = sorted(
        (n, d) for n, d in inputs.digests.items() if n.startswith("theme:static/") and n.lower().endswith(FONT_SUFFIXES)
    )
    base = key_of(inputs["sitegen"], index, fonts)
    regions = [inputs[f"{REGIONS_DIR.as_posix()}/{slug}.yaml"] for slug in checked.content.region_names]
    return {"report": base, "summary": base, "letter": key_of(base, inputs["site.yaml"], regions)}


def check_showable(theme: Path, docs: list[YamlDoc]) -> list[Problem]:
    """What the theme could not show, before anything is rendered: text Markdown would lose, characters
    the theme's fonts do not have."""
    problems = lost_text(docs)
    covered = coverage(theme)
    if covered is not None:
        problems += uncovered(docs, covered)
    return problems
