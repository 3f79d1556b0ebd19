"""Turn the last build into what the next one needs to know, kept in ``build/cache/graph.json``.

The graph records, for the project's files, what they were (size, modification time, digest); for
each content file, the digest it was checked at and the summary other pages show of it; and for each
file of the output folder, the key of the inputs it was made from, its digest and how it sat on disk.
A build trusts a record only as far as it can check it: a file is read again when its size or time
changed (or is too recent to tell), an output is made again when its key differs or the file on disk
is not the one recorded. The graph is written last, after the site is in place, by a rename: a build
killed at any point leaves the last complete graph, or none, and the next build makes again what
that graph cannot vouch for. Every key and digest is a SHA-256 of content, never of a location.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("sitegen")

GRAPH_FILE = Path("build/cache/graph.json")
#: Bump when the graph's shape changes: an older graph is then ignored.
FORMAT = 2
#: A file changed this close to the moment it was recorded could change again unseen (the same size, the
#: same time stamp): its digest is not trusted next time.
RACY_SECONDS = 2.0


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def key_of(*parts: object) -> str:
    """A key from parts that are strings, numbers or lists of them."""
    return digest(json.dumps(parts, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode("utf-8"))[:32]


@dataclass
class OutputRecord:
    key: str
    digest: str
    size: int
    mtime_ns: int


@dataclass
class Graph:
    """What the last build left; ``dirty`` once this build changed anything in it."""

    path: Path | None = None
    files: dict[str, list[Any]] = field(default_factory=dict)  # path -> [size, mtime_ns, inode, digest]
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # content file -> record
    outputs: dict[str, OutputRecord] = field(default_factory=dict)  # output path -> record
    site: str = ""  # the output folder the outputs are in
    extra: dict[str, Any] = field(default_factory=dict)  # keys of whole-project checks
    started: float = field(default_factory=time.time)
    dirty: bool = False

    @classmethod
    def load(cls, root: Path) -> Graph:
        path = root / GRAPH_FILE
        graph = cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                return graph
            graph.files = data["files"]
            graph.documents = data["documents"]
            graph.outputs = {p: OutputRecord(*r) for p, r in data["outputs"].items()}
            graph.site = data["site"]
            graph.extra = data["extra"]
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.debug("ignoring %s: %s", path, exc)
            graph = cls(path)
        return graph

    def file_digest(self, path: Path) -> tuple[str, os.stat_result]:
        """The digest of a file, read only if it is not the one recorded."""
        name = str(path)
        stat = path.stat()
        known = self.files.get(name)
        if known and known[:3] == [stat.st_size, stat.st_mtime_ns, stat.st_ino]:
            return known[3], stat
        found = digest(path.read_bytes())
        racy = stat.st_mtime_ns / 1e9 > self.started - RACY_SECONDS
        # A file too recently changed to trust its time stamp is recorded without one: read next time too.
        self.files[name] = [stat.st_size, 0 if racy else stat.st_mtime_ns, stat.st_ino, found]
        self.dirty = True
        return found, stat

    def output_on_disk(self, path: str) -> OutputRecord | None:
        """The record of an output, if its file in the last build's output folder is still the one it describes."""
        record = self.outputs.get(path)
        if record is None or not self.site:
            return None
        try:
            stat = (Path(self.site) / path).stat()
        except OSError:
            return None
        return record if (stat.st_size, stat.st_mtime_ns) == (record.size, record.mtime_ns) else None

    def save(self) -> None:
        """Write the graph by a rename, so that it is whole or not there."""
        if self.path is None:
            return
        data = {
            "format": FORMAT,
            "site": self.site,
            "files": self.files,
            "documents": self.documents,
            "outputs": {p: [r.key, r.digest, r.size, r.mtime_ns] for p, r in sorted(self.outputs.items())},
            "extra": self.extra,
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True), encoding="utf-8")
        os.replace(tmp, self.path)
        self.dirty = False
