"""Scaffold: a new content file, every field in it and each explained, for an author to fill in.

``sitegen new pdu NAME --region R --framework 2021`` writes ``content/pdus/NAME.yaml`` with every
standard of the framework and every field of a report (the optional ones as comments), ``sitegen new
letter NAME --region R`` a regional review letter naming the region's PDUs. What only the author can
write is a ``TODO: ...`` value that says what goes there: validation lists each one still to fill in
(:mod:`sitegen.content.traps`), and once they are filled the file validates. ``report`` and ``letter``
write the texts; this module checks the name and region and writes the file, never over another.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from sitegen.content.load import LETTERS_DIR, REGIONS_DIR, REPORTS_DIR, SLUG, SUMMARIES_DIR
from sitegen.content.yamlfile import load_yaml
from sitegen.rules.framework import available, load_framework
from sitegen.scaffold.letter import letter_scaffold
from sitegen.scaffold.report import report_scaffold


class ScaffoldError(Exception):
    """The file cannot be written as asked: the message says why and what to do."""


def new_report(root: Path, name: str, region: str, framework: str) -> Path:
    """Write ``content/pdus/<name>.yaml``, a report of ``framework`` in ``region``; its path."""
    if framework not in available():
        raise ScaffoldError(f"no framework '{framework}': sitegen has {', '.join(available())}")
    target = _target(root, REPORTS_DIR, name)
    _check_region(root, region)
    return _write(target, report_scaffold(load_framework(framework), region))


def new_letter(root: Path, name: str, region: str, pdus: list[str] | None = None) -> Path:
    """Write ``content/letters/<name>.yaml``, a letter to ``region``'s director about ``pdus`` (by default,
    every PDU of the region); its path."""
    target = _target(root, LETTERS_DIR, name)
    _check_region(root, region)
    return _write(target, letter_scaffold(region, pdus if pdus else pdus_of_region(root, region)))


def pdus_of_region(root: Path, region: str) -> list[str]:
    """The PDU files (reports and summaries) whose ``region`` is ``region``, in name order."""
    found = []
    for folder in (REPORTS_DIR, SUMMARIES_DIR):
        for path in sorted((root / folder).glob("*.yaml")):
            doc, _ = load_yaml(path, path.name)
            if doc is not None and isinstance(doc.data, dict) and doc.data.get("region") == region:
                found.append(path.stem)
    return sorted(set(found))


def _target(root: Path, folder: Path, name: str) -> Path:
    if not SLUG.fullmatch(name):
        raise ScaffoldError(
            f"'{name}' cannot be a file name: it becomes a web address, so use lower-case letters, digits and hyphens"
        )
    target = root / folder / f"{name}.yaml"
    if target.exists():
        raise ScaffoldError(f"{(folder / target.name).as_posix()} already exists: choose another name, or edit that file")
    return target


def _check_region(root: Path, region: str) -> None:
    regions = sorted(p.stem for p in (root / REGIONS_DIR).glob("*.yaml"))
    if region in regions:
        return
    near = difflib.get_close_matches(region, regions, n=1)
    hint = f"did you mean '{near[0]}'?" if near else f"the regions are: {', '.join(regions) or 'none yet'}"
    example = "a region is a file there holding its name, e.g. 'name: North East'"
    raise ScaffoldError(f"no region '{region}' in {REGIONS_DIR.as_posix()}/: {hint} ({example})")


def _write(target: Path, text: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as out:  # never over a file that appeared meanwhile
        out.write(text)
    return target
