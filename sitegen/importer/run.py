"""``sitegen import``: a published report (PDF or extracted text) -> a draft content file and its import report.

Read the source into blocks, recognise the report's structure, check it
under the house rules, write the draft as YAML, and validate the draft as
``sitegen validate`` would, in a scratch copy of the project's site and
regions. The draft and ``NAME.import.txt`` are written together, by renames,
and an existing file is never replaced without ``force``.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitegen.build import build
from sitegen.content.load import LETTERS_DIR, REGIONS_DIR, REPORTS_DIR, SITE_FILE, SUMMARIES_DIR, read_content
from sitegen.content.problems import Collector, ContentError, Problem, display_path
from sitegen.importer.blocks import Block
from sitegen.importer.frontmatter import Project
from sitegen.importer.housecheck import check_import
from sitegen.importer.ledger import Ledger
from sitegen.importer.recognise import recognise_report
from sitegen.importer.report import import_report
from sitegen.importer.textsource import read_text
from sitegen.importer.yamlout import dump

KINDS = ("pdu", "letter")
MAX_SOURCE_BYTES = 50_000_000


class ImportFailed(Exception):
    """The source or the options are wrong: nothing was written."""


@dataclass
class ImportResult:
    draft: Path
    report: Path
    problems: list[Problem] = field(default_factory=list)
    unplaced: int = 0
    findings: int = 0


def import_source(
    source: Path, root: Path, *, kind: str = "pdu", region: str | None = None, out: Path | None = None, force: bool = False
) -> ImportResult:
    project = _project(root)
    blocks = read_source(source)
    ledger = Ledger()
    if kind == "letter":
        from sitegen.importer.letter import recognise_letter

        draft = recognise_letter(blocks, project, ledger, region)
        folder, name = LETTERS_DIR, _letter_name(draft)
    else:
        found = recognise_report(blocks, project, ledger, region)
        check_import(found.draft, found.facts, found.body, found.framework, ledger)
        draft, folder, name = found.draft, REPORTS_DIR, _report_name(found.draft)
    target = out if out is not None else root / folder / f"{name}.yaml"
    if target.suffix != ".yaml":
        raise ImportFailed(f"{target}: the draft must be a .yaml file")
    report_path = target.with_name(f"{target.stem}.import.txt")
    for path in (target, report_path):
        if path.exists() and not force:
            raise ImportFailed(f"{display_path(path, root)} exists: import with --force to replace it, or choose --out")
    shown = display_path(target, root)
    text = dump(draft, header=f"Imported by `sitegen import` from {source.name}: a draft to review.\nSee {report_path.name}.")
    problems = validate_draft(text, root, kind, target.stem, shown)
    report = import_report(str(source), shown, ledger, ledger.counts(blocks), problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write(target, text)
    _write(report_path, report)
    return ImportResult(target, report_path, problems, len(ledger.unplaced), len(ledger.findings))


def read_source(source: Path) -> list[Block]:
    if not source.is_file():
        raise ImportFailed(f"{source}: no such file")
    if source.stat().st_size > MAX_SOURCE_BYTES:
        raise ImportFailed(f"{source}: larger than {MAX_SOURCE_BYTES // 1_000_000} MB: is it a report?")
    if source.read_bytes()[:5] == b"%PDF-":
        from sitegen.importer.pdfsource import read_pdf

        return read_pdf(source)
    try:
        return read_text(source.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise ImportFailed(f"{source}: neither a PDF nor UTF-8 text ({exc.reason} at byte {exc.start})") from exc


def _project(root: Path) -> Project:
    problems = Collector()
    content = read_content(root, problems)
    site_problems = [p for p in problems.problems if p.file == SITE_FILE]
    if content.site is None or site_problems:
        raise ContentError(site_problems or [Problem(SITE_FILE, 0, 0, "", "site.yaml is needed to compare standard texts")])
    regions = {slug: item.model.name for slug, item in content.regions.items()}
    return Project(content.site, regions, content)


def _report_name(draft: dict[str, Any]) -> str:
    pdu = re.sub(r"\bPDU\b", "", str(draft.get("pdu", "")))
    return "-".join(re.findall(r"[a-z0-9]+", pdu.lower())) or "imported-report"


def _letter_name(draft: dict[str, Any]) -> str:
    year = str(draft.get("date", ""))[-4:]
    return "-".join(x for x in (str(draft.get("region", "")), year) if x) or "imported-letter"


def validate_draft(text: str, root: Path, kind: str, stem: str, shown: str) -> list[Problem]:
    """The draft's problems as ``sitegen validate`` would report them, in a scratch copy of the project."""
    folder = LETTERS_DIR if kind == "letter" else REPORTS_DIR
    with tempfile.TemporaryDirectory(prefix="sitegen-import-") as scratch:
        base = Path(scratch)
        shutil.copy2(root / SITE_FILE, base / SITE_FILE)
        copied = [REGIONS_DIR] + ([REPORTS_DIR, SUMMARIES_DIR] if kind == "letter" else [])
        for sub in copied:
            if (root / sub).is_dir():
                shutil.copytree(root / sub, base / sub, ignore=shutil.ignore_patterns("*.import.txt"))
        (base / folder).mkdir(parents=True, exist_ok=True)
        (base / folder / f"{stem}.yaml").write_text(text, encoding="utf-8")
        inside = (folder / f"{stem}.yaml").as_posix()
        try:
            build(base, write=False)
        except ContentError as exc:
            return [_moved(p, inside, shown) for p in exc.problems if p.file == inside]
    return []


def _moved(problem: Problem, inside: str, shown: str) -> Problem:
    return Problem(shown, problem.line, problem.column, problem.field, problem.message) if problem.file == inside else problem


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
