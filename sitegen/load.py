"""Turn a project folder into validated content: site, regions, reports, summaries and letters.

Reads ``site.yaml`` and ``content/{regions,pdus,summaries,letters}/*.yaml``
in a sorted order, validates each against the content model and the house
rules, and either returns everything or raises one ContentError listing every
problem in every file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from sitegen.checks import check_letter, check_report, check_summary
from sitegen.errors import Collector, Problem, display_path
from sitegen.framework import load_framework
from sitegen.model import Letter, Region, Report, Site, Summary
from sitegen.validation import validate_doc
from sitegen.yamlfile import YamlDoc, load_yaml

SITE_FILE = "site.yaml"
REGIONS_DIR = Path("content/regions")
REPORTS_DIR = Path("content/pdus")
SUMMARIES_DIR = Path("content/summaries")
LETTERS_DIR = Path("content/letters")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A validated object, its address-safe name and the YAML it came from."""

    slug: str
    model: T
    doc: YamlDoc


@dataclass
class Content:
    root: Path
    site: Site
    site_doc: YamlDoc
    regions: dict[str, Loaded[Region]] = field(default_factory=dict)
    reports: dict[str, Loaded[Report]] = field(default_factory=dict)
    summaries: dict[str, Loaded[Summary]] = field(default_factory=dict)
    letters: dict[str, Loaded[Letter]] = field(default_factory=dict)


def load_content(root: Path) -> Content:
    """Everything in the project, validated; raises ContentError with every problem."""
    problems = Collector()
    site_doc, site = _load_one(root, root / SITE_FILE, Site, problems)
    regions = _load_folder(root, REGIONS_DIR, Region, problems)
    reports = _load_folder(root, REPORTS_DIR, Report, problems)
    summaries = _load_folder(root, SUMMARIES_DIR, Summary, problems)
    letters = _load_folder(root, LETTERS_DIR, Letter, problems)
    # Cross-references are checked against the files present: a region file
    # with a mistake of its own is reported once, not again by each report.
    region_names = sorted(p.stem for p in (root / REGIONS_DIR).glob("*.yaml"))
    if not reports and not problems.problems:
        problems.add(Problem(f"{REPORTS_DIR.as_posix()}/", 0, 0, "", "no reports found: add a <name>.yaml file"))
    for item in reports.values():
        framework = load_framework(item.model.framework)
        problems.extend(check_report(item.model, item.doc, framework, region_names))
    for slug, summary in summaries.items():
        if slug in reports:
            problems.add(summary.doc.problem((), f"'{slug}' is both a report in content/pdus/ and a summary: keep one"))
        problems.extend(check_summary(summary.model, summary.doc, load_framework(summary.model.framework), region_names))
    pdu_regions = {slug: item.model.region for slug, item in {**summaries, **reports}.items()}
    # A PDU file that failed validation has been reported already: a letter
    # naming it gets no second, misleading "no such PDU".
    present = {p.stem for folder in (REPORTS_DIR, SUMMARIES_DIR) for p in (root / folder).glob("*.yaml")}
    for item in letters.values():
        problems.extend(check_letter(item.model, item.doc, region_names, pdu_regions, present, site))
    problems.check()
    assert site is not None and site_doc is not None  # else check() raised
    return Content(root, site, site_doc, regions, reports, summaries, letters)


def _load_one(root: Path, path: Path, model: type[T], problems: Collector) -> tuple[YamlDoc | None, T | None]:
    display = display_path(path, root)
    if not path.is_file():
        problems.add(Problem(display, 0, 0, "", "file not found: every project needs one"))
        return None, None
    doc, found = load_yaml(path, display)
    problems.extend(found)
    if doc is None or found:
        return doc, None
    obj, found = validate_doc(doc, model)  # type: ignore[type-var]
    problems.extend(found)
    return doc, obj  # type: ignore[return-value]


def _load_folder(root: Path, folder: Path, model: type[T], problems: Collector) -> dict[str, Loaded[T]]:
    out: dict[str, Loaded[T]] = {}
    base = root / folder
    if not base.is_dir():
        return out
    for path in sorted(base.iterdir()):
        if path.suffix == ".yml":
            problems.add(Problem(display_path(path, root), 0, 0, "", "rename the file to end in .yaml"))
            continue
        if path.suffix != ".yaml" or path.name.startswith("."):
            continue
        if path.is_symlink() or not path.is_file():
            problems.add(Problem(display_path(path, root), 0, 0, "", "content files must be plain files, not links"))
            continue
        if not SLUG.fullmatch(path.stem):
            problems.add(
                Problem(
                    display_path(path, root),
                    0,
                    0,
                    "",
                    "the file name becomes a web address: use lower-case letters, digits and hyphens "
                    f"(e.g. '{_suggest_slug(path.stem)}.yaml')",
                )
            )
            continue
        doc, obj = _load_one(root, path, model, problems)
        if doc is not None and obj is not None:
            out[path.stem] = Loaded(path.stem, obj, doc)
    return out


def _suggest_slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "report"
