"""Turn a project folder into validated content: site, regions and reports.

Reads ``site.yaml``, ``content/regions/*.yaml`` and ``content/pdus/*.yaml``
in a sorted order, validates each against the content model and the house
rules, and either returns everything or raises one ContentError listing every
problem in every file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from sitegen.checks import check_report
from sitegen.errors import Collector, Problem, display_path
from sitegen.framework import load_framework
from sitegen.model import Region, Report, Site
from sitegen.validation import validate_doc
from sitegen.yamlfile import YamlDoc, load_yaml

SITE_FILE = "site.yaml"
REGIONS_DIR = Path("content/regions")
REPORTS_DIR = Path("content/pdus")
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


def load_content(root: Path) -> Content:
    """Everything in the project, validated; raises ContentError with every problem."""
    problems = Collector()
    site_doc, site = _load_one(root, root / SITE_FILE, Site, problems)
    regions = _load_folder(root, REGIONS_DIR, Region, problems)
    reports = _load_folder(root, REPORTS_DIR, Report, problems)
    if not reports and not problems.problems:
        problems.add(Problem(f"{REPORTS_DIR.as_posix()}/", 0, 0, "", "no reports found: add a <name>.yaml file"))
    for item in reports.values():
        framework = load_framework(item.model.framework)
        problems.extend(check_report(item.model, item.doc, framework, sorted(regions)))
    problems.check()
    assert site is not None and site_doc is not None  # else check() raised
    return Content(root, site, site_doc, regions, reports)


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
