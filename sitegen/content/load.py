"""Turn a project folder into typed content: site, regions, reports, summaries and letters.

Reads ``site.yaml`` and ``content/{regions,pdus,summaries,letters}/*.yaml``
in a sorted order and validates each against the content model, collecting
every problem of every file; the house rules come next
(:mod:`sitegen.rules.checks`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from sitegen.content.model import Letter, Region, Report, Summary
from sitegen.content.paths import LETTERS_DIR, REGIONS_DIR, REPORTS_DIR, SITE_FILE, SUMMARIES_DIR
from sitegen.content.problems import Collector, Problem, display_path
from sitegen.content.sitefile import Site
from sitegen.content.validation import validate_doc
from sitegen.content.yamlfile import YamlDoc, load_yaml

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A validated object, its address-safe name and the YAML it came from."""

    slug: str
    model: T
    doc: YamlDoc

    @property
    def complete(self) -> bool:
        """The whole file fit the model (nothing refused): other files may rely on what it says."""
        return not self.doc.refused


@dataclass
class Content:
    root: Path
    site: Site
    site_doc: YamlDoc
    regions: dict[str, Loaded[Region]] = field(default_factory=dict)
    reports: dict[str, Loaded[Report]] = field(default_factory=dict)
    summaries: dict[str, Loaded[Summary]] = field(default_factory=dict)
    letters: dict[str, Loaded[Letter]] = field(default_factory=dict)
    region_names: list[str] = field(default_factory=list)  # files in content/regions/, read or not
    pdu_names: set[str] = field(default_factory=set)  # files in content/pdus/ and content/summaries/
    #: PDUs a build did not read again (unchanged since it last checked them): slug -> region, and which are reports.
    other_pdus: dict[str, str] = field(default_factory=dict)
    other_reports: set[str] = field(default_factory=set)


def read_content(root: Path, problems: Collector) -> Content:
    """Every content file of the project that reads and fits the model.

    A file that does not is left out of the result and its problems go into
    ``problems``; the house rules are checked on what was read (see
    :func:`sitegen.rules.checks.check_content`). A file with schema
    problems is kept as far as it fits the model (its ``doc.refused`` says
    what was left out), so that the rules are checked on the rest of it in
    the same run. The names of the files present, read or not, are kept so
    that a cross-reference to a file with a mistake of its own is not
    reported a second time.
    """
    site_doc, site = load_site(root, problems)
    regions = _load_folder(root, REGIONS_DIR, Region, problems)
    reports = _load_folder(root, REPORTS_DIR, Report, problems)
    summaries = _load_folder(root, SUMMARIES_DIR, Summary, problems)
    letters = _load_folder(root, LETTERS_DIR, Letter, problems)
    if not reports and not problems.problems:
        problems.add(Problem(f"{REPORTS_DIR.as_posix()}/", 0, 0, "", "no reports found: add a <name>.yaml file"))
    region_names = sorted(p.stem for p in (root / REGIONS_DIR).glob("*.yaml"))
    pdu_names = {p.stem for folder in (REPORTS_DIR, SUMMARIES_DIR) for p in (root / folder).glob("*.yaml")}
    return Content(root, site, site_doc, regions, reports, summaries, letters, region_names, pdu_names)  # type: ignore[arg-type]


def load_site(root: Path, problems: Collector) -> tuple[YamlDoc | None, Site | None]:
    return _load_one(root, root / SITE_FILE, Site, problems)


def load_file(root: Path, path: Path, model: type[T], problems: Collector) -> Loaded[T] | None:
    """One content file, read and validated against ``model``; None (and its problems) if it does not fit."""
    doc, obj = _load_one(root, path, model, problems)
    return Loaded(path.stem, obj, doc) if doc is not None and obj is not None else None


def _load_one(root: Path, path: Path, model: type[T], problems: Collector) -> tuple[YamlDoc | None, T | None]:
    display = display_path(path, root)
    if not path.is_file():
        problems.add(Problem(display, 0, 0, "", "file not found: every project needs one"))
        return None, None
    doc, found = load_yaml(path, display)
    problems.extend(found)
    if doc is None:
        return doc, None
    obj, found = validate_doc(doc, model)  # type: ignore[type-var]
    problems.extend(found)
    return doc, obj  # type: ignore[return-value]


def _load_folder(root: Path, folder: Path, model: type[T], problems: Collector) -> dict[str, Loaded[T]]:
    out: dict[str, Loaded[T]] = {}
    for path in list_folder(root, folder, problems):
        loaded = load_file(root, path, model, problems)
        if loaded is not None:
            out[path.stem] = loaded
    return out


def list_folder(root: Path, folder: Path, problems: Collector) -> list[Path]:
    """The content files of a folder, sorted; a file that cannot be one (its name, a link) is a problem."""
    out: list[Path] = []
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
        out.append(path)
    return out


def _suggest_slug(name: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "report"
