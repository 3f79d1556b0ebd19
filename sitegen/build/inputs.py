"""Turn a project folder into the digests of everything a build reads: the inputs of its outputs.

The project's own files (``site.yaml``, every file in the content folders, the ``templates/``
overrides), the theme's templates and static files, and sitegen itself (its code and framework data,
with the versions of the libraries that shape its output). Each is a SHA-256 of the file's bytes,
read again only when the file's size or time changed (:class:`sitegen.build.graph.Graph`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import sitegen
from sitegen import __version__
from sitegen.build.graph import Graph, digest, key_of
from sitegen.content.paths import LETTERS_DIR, OVERRIDES_DIR, REGIONS_DIR, REPORTS_DIR, SITE_FILE, SUMMARIES_DIR, THEMES_DIR
from sitegen.pdf.options import PdfOptions

CONTENT_DIRS = (REGIONS_DIR, REPORTS_DIR, SUMMARIES_DIR, LETTERS_DIR)
#: The libraries whose version changes what sitegen writes.
LIBRARIES = (
    "weasyprint",
    "pydyf",
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "pydantic",
    "pyyaml",
    "lxml",
    "pagefind-bin-extended",
)
#: What ``sitegen check`` writes into the site it audited; the accessibility statement reports it.
AUDIT_JSON = "audit.json"


def _walk(folder: Path) -> list[Path]:
    """Every file under ``folder``, sorted, hidden ones and folders left out."""
    found: list[Path] = []
    if not folder.is_dir():
        return found
    for base, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        found.extend(Path(base) / name for name in sorted(files) if not name.startswith(".") and not name.endswith(".pyc"))
    return found


@cache
def _versions() -> tuple[str, ...]:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=none")
    return tuple(found)


@dataclass
class Options:
    """What the build is asked for: PDFs (and how), or pages that link a draft PDF made on request; and the
    last audit of the output folder, which the accessibility statement reports (``audit_key`` its digest)."""

    pdf: PdfOptions | None = None
    draft_links: bool = False
    epoch: str | None = field(default_factory=lambda: os.environ.get("SOURCE_DATE_EPOCH"))
    audit: dict[str, Any] | None = field(default=None, repr=False, compare=False)
    audit_key: str = "none"


def last_audit(out: Path) -> tuple[dict[str, Any] | None, str]:
    """The ``audit.json`` the last ``sitegen check`` left in the output folder, if any (read, never trusted),
    and its digest ("none" if there is none to report)."""
    try:
        data = (out / AUDIT_JSON).read_bytes()
        found = json.loads(data)
    except (OSError, ValueError):
        return None, "none"
    return (found, digest(data)) if isinstance(found, dict) else (None, "none")


@dataclass
class Inputs:
    """The digest of each input, by name: project paths ('site.yaml', 'content/pdus/x.yaml'),
    'theme:templates/...', 'theme:static/...', and 'sitegen' for sitegen itself."""

    root: Path
    digests: dict[str, str] = field(default_factory=dict)
    listing: str = ""  # the names in the content folders: a file added, removed or renamed changes it
    _groups: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        return self.digests.get(name, "missing")

    def group(self, prefix: str) -> str:
        """One digest for every input whose name starts with ``prefix`` (worked out once a scan is done)."""
        if prefix not in self._groups:
            self._groups[prefix] = key_of(sorted((n, d) for n, d in self.digests.items() if n.startswith(prefix)))
        return self._groups[prefix]

    @property
    def templates(self) -> str:
        return key_of(self.group("theme:templates/"), self.group(f"{OVERRIDES_DIR}/"))

    def theme_digests(self) -> dict[str, str]:
        return {n: d for n, d in self.digests.items() if n.startswith("theme:")}


def _digest(graph: Graph, path: Path) -> str | None:
    """A file's digest; None if it went between the listing and the reading (an editor's save)."""
    try:
        return graph.file_digest(path)[0]
    except FileNotFoundError:
        return None


def scan_project(root: Path, graph: Graph) -> Inputs:
    """The project's own files and sitegen's: everything but the theme, which site.yaml names."""
    inputs = Inputs(root)
    names = []
    site = root / SITE_FILE
    if site.is_file() and (found := _digest(graph, site)):
        inputs.digests[SITE_FILE] = found
    for folder in CONTENT_DIRS:
        for path in _walk(root / folder):
            name = path.relative_to(root).as_posix()
            names.append(name)
            if path.suffix == ".yaml" and path.is_file() and not path.is_symlink() and (found := _digest(graph, path)):
                inputs.digests[name] = found
    for path in _walk(root / OVERRIDES_DIR):
        if found := _digest(graph, path):
            inputs.digests[path.relative_to(root).as_posix()] = found
    # A theme folder of the project's own (added or taken away) changes which theme a name means.
    names += sorted(p.name for p in (root / THEMES_DIR).iterdir()) if (root / THEMES_DIR).is_dir() else []
    inputs.listing = key_of(names)
    inputs.digests["listing"] = inputs.listing
    code = Path(sitegen.__file__).parent
    inputs.digests["sitegen"] = key_of(
        __version__, _versions(), [(p.relative_to(code).as_posix(), graph.file_digest(p)[0]) for p in _walk(code)]
    )
    return inputs


def scan_theme(inputs: Inputs, theme: Path, graph: Graph) -> None:
    """Add the theme's templates and static files (``theme:templates/...``, ``theme:static/...``)."""
    for part in ("templates", "static"):
        for path in _walk(theme / part):
            if found := _digest(graph, path):
                inputs.digests[f"theme:{path.relative_to(theme).as_posix()}"] = found
    inputs._groups.clear()
