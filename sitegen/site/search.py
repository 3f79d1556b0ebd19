"""Turn the rendered pages into a Pagefind search index: {path: bytes} under ``pagefind/``.

Pagefind (its PyPI package ships the binary; it runs offline) reads the
pages that mark their text ``data-pagefind-body`` (reports, letters and
region pages) and writes a static index the search page queries in the
browser, with no server. Each page's ``data-pagefind-meta`` says what a
result names: the PDU, the kind of document, the region.

The pages are laid in a temporary folder and Pagefind's command runs on it
once, writing its index beside them; the index is read back and returned,
not written to the site: the writer puts it in place with the rest. The
command runs in the background (:func:`start_index`) while the build goes on
(the PDFs render), and is waited for when the index is wanted. The line that
links a page's PDF (``.download``: its size and pages) is left out of the
index: it is no prose a reader searches for, and without it the index does
not depend on the PDFs, so it can be made while they render.

The command, not Pagefind's service (``--service``, which the ``pagefind``
package drives): the service answers ``write_files`` before its last writes
reach the disk and then stops the binary, so an index read back could miss
the end of a file; its other way (the files in its reply) overruns the
package's 2 MiB pipe buffer on a national site and hangs, and the package
reads one answer each 0.1 s. Spoken to directly, the service still reads the
pages one at a time, where the command reads them on every core: on the
national corpus (132 pages, 10 MB) it takes 2.7 s of CPU where the command
takes 2.2 s, and handed each report's page as soon as it is made, it ends no
sooner (measured). Pagefind's time goes to reading the pages' words (about
half), to building the index and to compressing its files at gzip's best
level (about a third), all its own: the pages are given whole (what lies
outside ``data-pagefind-body`` is 6% of their bytes; trimmed, they give the
same index in the same time), and the extended binary, which segments
Chinese and Japanese, makes the same index as the standard one, in the same
time, for English and Welsh.

The command writes every file before it exits. Its index is the same bytes
for the same pages on the same machine: the file names are hashes of their
contents, and neither the time, a ``pagefind.yml`` in the working folder nor
``PAGEFIND_*`` variables reach it. Pagefind numbers the pages in the order
it finds them in the folder, the file system's order, which sitegen cannot
set: on another file system (tmpfs against ext4) the same pages give the
same fragments but other index chunks.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

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


def search_index(files: dict[str, bytes], language: str = "en") -> dict[str, bytes]:
    """The search index of the HTML pages among ``files``."""
    return start_index(files, language).result()


@dataclass
class Indexing:
    """Pagefind indexing pages in a temporary folder, in the background (nothing to do: no page to index)."""

    folder: Path | None
    process: subprocess.Popen[str] | None
    pages: int = 0

    def result(self) -> dict[str, bytes]:
        """The index, once Pagefind has written it whole: {path under ``pagefind/``: bytes}."""
        if self.folder is None or self.process is None:
            return {}
        try:
            out, err = self.process.communicate(timeout=TIMEOUT_S)
            if self.process.returncode != 0:
                said = (err or out).strip().splitlines()
                message = f"search: Pagefind failed: {said[-1] if said else self.process.returncode}"
                raise ContentError([Problem("sitegen", 0, 0, "", message)])
            log.debug("search: %s page(s) indexed", self.pages)
            output = self.folder / "index"
            found = {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
        finally:
            self.close()
        return {f"{SEARCH_DIR}/{path}": data for path, data in found.items() if _kept(path)}

    def close(self) -> None:
        """Stop Pagefind if it still runs (the build failed), close its pipes and remove its folder."""
        if self.process is not None:
            process, self.process = self.process, None
            if process.poll() is None:
                process.kill()
            process.communicate()  # reaps it, and closes its pipes (also when it had ended)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def start_index(files: dict[str, bytes], language: str = "en") -> Indexing:
    """Start indexing the HTML pages among ``files`` that mark their text for the search; :meth:`Indexing.result`
    waits for the index."""
    pages = {path: data for path, data in files.items() if path.endswith(".html") and b"data-pagefind-body" in data}
    if not pages:
        return Indexing(None, None)
    folder = Path(tempfile.mkdtemp(prefix="sitegen-search-"))
    try:
        for path, data in sorted(pages.items()):
            target = Path(folder, "site", *path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return Indexing(folder, _start_pagefind(folder, language), len(pages))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _kept(path: str) -> bool:
    return path in KEPT or path.endswith(KEPT_SUFFIXES)


def _start_pagefind(folder: Path, language: str) -> subprocess.Popen[str]:
    """Start indexing ``folder``/site into ``folder``/index with Pagefind's command, run in ``folder``."""
    command = [str(_executable()), "--site", "site", "--output-path", "index", "--force-language", language]
    command += ["--keep-index-url", "--silent"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    # Pagefind reads settings from PAGEFIND_* variables and a pagefind.yml in its working folder: neither may
    # change the index of the same pages, so it runs in the temporary folder without them.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    return subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _executable() -> Path:
    """The Pagefind binary of the ``pagefind-bin-extended`` package (its version is the one declared)."""
    try:
        from pagefind_bin_extended import get_executable

        return Path(get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise ContentError([Problem("sitegen", 0, 0, "", f"search: {exc}: pip install pagefind-bin-extended")]) from exc
