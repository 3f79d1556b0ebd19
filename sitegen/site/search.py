"""Turn the rendered pages into a Pagefind search index: {path: bytes} under ``pagefind/``.

Pagefind (its PyPI package ships the binary; it runs offline) reads the
pages that mark their text ``data-pagefind-body`` (reports, letters and
region pages) and writes a static index the search page queries in the
browser, with no server. Each page's ``data-pagefind-meta`` says what a
result names: the PDU, the kind of document, the region.

The binary runs as a service (``--service``), spoken to directly: messages
on its standard input, answers on its standard output, each base64 of JSON
ended by a comma. The pages go to it from memory, sorted by their path, and
it answers the last message with every file of the index; nothing is laid
on disk. Pagefind numbers the pages in the order they reach it, and its
files are named by a hash of what they hold, so that order is the index's
bytes. Its command, which reads a folder, takes them in the order the file
system lists it, which sitegen cannot set and which differs between
machines (tmpfs lists the newest file first, ext4 by a hash of the name
seeded per disk): the same pages gave the same fragments but other index
chunks on tmpfs and on ext4. Sorted, they give the same bytes anywhere.

The pages are all sent when the index is started (:func:`start_index`), and
Pagefind indexes them in the background while the build goes on (the PDFs
render); its answer is read when the index is wanted. The service ends as
soon as its input closes, so that stays open until the answer is read, and
its answers are read as they come (no pipe buffer limits the index's size).
The line that links a page's PDF (``.download``: its size and pages) is left
out of the index: it is no prose a reader searches for, and without it the
index does not depend on the PDFs, so it can be made while they render.
Nothing of the machine reaches the index: not the file system, the time, a
``pagefind.yml`` in the working folder (the binary runs in an empty one of
its own) or ``PAGEFIND_*`` variables (left out of its environment).

Not Pagefind's Python package (``pagefind``), which drives the same service:
it waits 0.1 s for each answer, takes the binary's path from the
environment, and its reader stops at 2 MiB, less than a national site's
index. The cost of the fixed order: the service reads the pages one at a
time, where the command reads them on both cores; on the national corpus
(132 pages, 10 MB) it takes about 2.6 s of CPU where the command took 2.2 s.
Pagefind's time goes to reading the pages' words (about half), to building
the index and to compressing its files at gzip's best level (about a
third), all its own: the pages are given whole (what lies outside
``data-pagefind-body`` is 6% of their bytes; trimmed, they give the same
index in the same time), and the extended binary, which segments Chinese
and Japanese, makes the same index as the standard one, in the same time,
for English and Welsh.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import select
import shutil
import subprocess
import tempfile
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitegen.content.problems import ContentError, Problem

log = logging.getLogger("sitegen")

SEARCH_DIR = "pagefind"
#: What the site's search page loads; Pagefind's ready-made interfaces are left out (the theme has its own).
KEPT = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
KEPT_SUFFIXES = (".pagefind", ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter")
#: Page furniture that would only be noise in a result: the contents list, links back from footnotes, hidden labels,
#: the link to the page's PDF (its size and pages: the index must not depend on the PDF's bytes).
EXCLUDED = [".contents", ".fn-back", ".skip-link", ".download", "[data-search-ignore]"]
#: Time Pagefind may take: a national site (a hundred and more reports) indexes in a few seconds.
TIMEOUT_S = 600
#: What is read of Pagefind's answers at a time.
CHUNK = 1 << 20
#: The file in Pagefind's working folder that its standard error goes to.
SAID = "stderr.txt"


def search_index(files: dict[str, bytes], language: str = "en") -> dict[str, bytes]:
    """The search index of the HTML pages among ``files``."""
    return start_index(files, language).result()


def start_index(files: dict[str, bytes], language: str = "en") -> Indexing:
    """Start indexing the HTML pages among ``files`` that mark their text for the search, in the order of their
    paths; :meth:`Indexing.result` waits for the index."""
    pages = sorted((path, data) for path, data in files.items() if path.endswith(".html") and b"data-pagefind-body" in data)
    return index_in_order(pages, language)


def index_in_order(pages: list[tuple[str, bytes]], language: str) -> Indexing:
    """Start indexing ``pages`` ([(path, bytes)]) in the order given: that order is the index's bytes."""
    if not pages:
        return Indexing(None, None)
    folder = Path(tempfile.mkdtemp(prefix="sitegen-search-"))
    indexing = Indexing(folder, None, len(pages))
    try:
        indexing.process = _start_pagefind(folder)
        indexing.send({"type": "NewIndex", "config": _config(language)})
        for path, data in pages:
            indexing.send({"type": "AddFile", "index_id": 0, "url": f"/{path}", "file_contents": data.decode()})
        indexing.send({"type": "GetFiles", "index_id": 0})
    except BaseException:
        indexing.close()
        raise
    return indexing


@dataclass
class Indexing:
    """Pagefind's service indexing pages in the background (nothing to do: no page to index); ``folder`` is its
    working folder, with nothing in it but what it says on its standard error (:data:`SAID`)."""

    folder: Path | None
    process: subprocess.Popen[bytes] | None
    pages: int = 0
    sent: int = 0

    def send(self, payload: dict[str, Any]) -> None:
        """Send Pagefind a message; its answer is read with the others by :meth:`result`."""
        assert self.process is not None and self.process.stdin is not None
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode()
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
        except BrokenPipeError:
            self._failed(self._said() or "it ended early")
        self.sent += 1

    def result(self) -> dict[str, bytes]:
        """The index, once Pagefind has answered the last message: {path under ``pagefind/``: bytes}."""
        if self.process is None:
            return {}
        try:
            answer = self._answer()
            found = {file["path"]: base64.b64decode(file["content"]) for file in answer["files"]}
            log.debug("search: %s page(s) indexed", self.pages)
        finally:
            self.close()
        return {f"{SEARCH_DIR}/{path}": data for path, data in sorted(found.items()) if _kept(path)}

    def _answer(self) -> dict[str, Any]:
        """Pagefind's answers read up to that of the last message sent (the index's files); an error in any fails."""
        assert self.process is not None and self.process.stdout is not None
        stdout, deadline, parts = self.process.stdout.fileno(), time.monotonic() + TIMEOUT_S, []
        while True:
            ready, _, _ = select.select([stdout], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                self._failed(self._said() or f"no index after {TIMEOUT_S} s")
            chunk = os.read(stdout, CHUNK)
            if not chunk:
                self._failed(self._said() or "it ended without the index")
            *ends, rest = chunk.split(b",")
            for end in ends:
                answer = json.loads(base64.b64decode(b"".join([*parts, end])))
                parts = []
                payload = answer["payload"]
                if payload.get("type") == "Error":
                    self._failed(str(payload.get("message", payload)))
                if answer.get("message_id") == self.sent - 1:
                    return dict(payload)
            parts.append(rest)

    def _said(self) -> str:
        """The last line Pagefind wrote on its standard error, if any."""
        said = self.folder / SAID if self.folder is not None else None
        lines = said.read_bytes().decode(errors="replace").strip().splitlines() if said and said.exists() else []
        return lines[-1] if lines else ""

    def _failed(self, why: str) -> None:
        raise ContentError([Problem("sitegen", 0, 0, "", f"search: Pagefind failed: {why}")])

    def close(self) -> None:
        """Stop Pagefind if it still runs (its answer read, or the build failed), close its pipes and remove its
        working folder."""
        if self.process is not None:
            process, self.process = self.process, None
            if process.poll() is None:
                process.kill()
            process.wait()
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    with suppress(OSError):  # what was left unsent to a process that has ended
                        pipe.close()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _kept(path: str) -> bool:
    return path in KEPT or path.endswith(KEPT_SUFFIXES)


def _config(language: str) -> dict[str, Any]:
    """The index's settings: the same as the command's ``--force-language``, ``--keep-index-url`` and
    ``--exclude-selectors``."""
    return {"force_language": language, "keep_index_url": True, "exclude_selectors": EXCLUDED}


def _start_pagefind(folder: Path) -> subprocess.Popen[bytes]:
    """Start Pagefind's service in ``folder`` (empty but for :data:`SAID`)."""
    # Pagefind reads settings from PAGEFIND_* variables and a pagefind.yml in its working folder, also as a
    # service (a bad one stops it): it runs in an empty folder without them.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    command = [str(_executable()), "--service"]
    # What it says on its standard error goes to a file, read when it failed: never left to fill a pipe.
    said = os.open(folder / SAID, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        return subprocess.Popen(command, cwd=folder, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=said)
    finally:
        os.close(said)


def _executable() -> Path:
    """The Pagefind binary of the ``pagefind-bin-extended`` package (its version is the one declared)."""
    try:
        from pagefind_bin_extended import get_executable

        return Path(get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise ContentError([Problem("sitegen", 0, 0, "", f"search: {exc}: pip install pagefind-bin-extended")]) from exc
