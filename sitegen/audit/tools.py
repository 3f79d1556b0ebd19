"""Find the checkers an audit runs, or say exactly what to install: never a silent pass.

axe-core and the Nu HTML Checker come from npm (``package.json`` of the
sitegen repository, installed with ``npm ci``); they are looked for in the
project's ``node_modules/``, then in sitegen's own, unless SITEGEN_AXE_JS or
SITEGEN_VNU_JAR name the files. Chromium, Java and poppler-utils are Debian
packages; the veraPDF runner is vendored in sitegen's ``tools/verapdf/``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import sitegen
from sitegen.audit.model import CheckerMissing

#: The sitegen checkout: its node_modules/ and tools/ serve every project.
SITEGEN_HOME = Path(sitegen.__file__).resolve().parent.parent

AXE_IN_NODE_MODULES = Path("axe-core/axe.min.js")
VNU_IN_NODE_MODULES = Path("vnu-jar/build/dist/vnu.jar")
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")


@dataclass(frozen=True)
class Checkers:
    """Where each checker is; found once, before any building."""

    chromium: Path
    axe_js: Path
    java: Path
    vnu_jar: Path
    verapdf: Path
    pdfinfo: Path

    def versions(self) -> dict[str, str]:
        """The versions that go into audit.json, so a report says what checked it."""
        return {
            "axe-core": _npm_version(self.axe_js, "axe-core"),
            "vnu-jar": _npm_version(self.vnu_jar, "vnu-jar"),
        }


def find_checkers(project: Path | None = None) -> Checkers:
    """Every checker, or :class:`CheckerMissing` listing each one missing and how to install it."""
    problems: list[str] = []
    npm_fix = f"run 'npm ci' in the sitegen folder ({SITEGEN_HOME})"

    def npm_file(variable: str, inside: Path, package: str) -> Path:
        named = os.environ.get(variable)
        if named:
            if not Path(named).is_file():
                fix = f"point it at {package}'s file, or unset it and {npm_fix}"
                problems.append(f"{variable} names {named}, which does not exist: {fix}")
            return Path(named)
        places = [p / "node_modules" / inside for p in (project, SITEGEN_HOME) if p is not None]
        for place in places:
            if place.is_file():
                return place
        problems.append(f"{package} is not installed (looked for {', '.join(map(str, places))}): {npm_fix}")
        return places[-1]

    def program(variable: str | None, names: tuple[str, ...], what: str, fix: str) -> Path:
        named = os.environ.get(variable) if variable else None
        if named:
            if not (Path(named).is_file() and os.access(named, os.X_OK)):
                problems.append(f"{variable} names {named}, which is not a program: {fix}")
            return Path(named)
        for name in names:
            found = shutil.which(name)
            if found:
                return Path(found)
        problems.append(f"{what} is not installed: {fix}")
        return Path(names[0])

    for module, package in (("playwright", "playwright"), ("pikepdf", "pikepdf"), ("lxml", "lxml")):
        if importlib.util.find_spec(module) is None:
            problems.append(f"the Python package {package} is not installed: pip install -e '.[check]' in the sitegen folder")
    chromium = program(
        "SITEGEN_CHROMIUM",
        ("chromium", str(DEBIAN_CHROMIUM)),
        "Chromium (for axe-core)",
        "install Debian's chromium package (apt-get install chromium)",
    )
    axe_js = npm_file("SITEGEN_AXE_JS", AXE_IN_NODE_MODULES, "axe-core")
    java = program(None, ("java",), "Java (for the Nu HTML Checker and veraPDF)", "install Debian's default-jdk-headless")
    vnu_jar = npm_file("SITEGEN_VNU_JAR", VNU_IN_NODE_MODULES, "vnu-jar")
    verapdf = program(
        "SITEGEN_VERAPDF",
        (str(SITEGEN_HOME / "tools" / "verapdf" / "verapdf"),),
        "the veraPDF runner",
        f"it ships in sitegen's tools/verapdf/: run sitegen from its repository ({SITEGEN_HOME})",
    )
    pdfinfo = program(None, ("pdfinfo",), "pdfinfo (for the PDF parity check)", "install Debian's poppler-utils package")
    if problems:
        raise CheckerMissing(problems)
    return Checkers(chromium, axe_js, java, vnu_jar, verapdf, pdfinfo)


def _npm_version(file: Path, package: str) -> str:
    for folder in file.parents:
        manifest = folder / "package.json"
        if manifest.is_file():
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
            except ValueError:
                break
            if data.get("name") == package:
                return str(data.get("version", "unknown"))
    return "unknown"
