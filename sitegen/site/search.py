"""Turn the rendered pages into a Pagefind search index: {path: bytes} under ``pagefind/``.

Pagefind (its PyPI package ships the binary; it runs offline) reads the
pages that mark their text ``data-pagefind-body`` (reports, letters and
region pages) and writes a static index the search page queries in the
browser, with no server. Each page's ``data-pagefind-meta`` says what a
result names: the PDU, the kind of document, the region.

The pages are laid in a temporary folder and Pagefind's command runs on it
once, writing its index beside them; the index is read back and returned,
not written to the site: the writer puts it in place with the rest. The
command, not Pagefind's Python service: the service answers ``write_files``
before its last writes reach the disk and then stops the binary, so an index
read back could miss the end of a file, and its other way (the files in its
reply) overruns the package's 2 MiB pipe buffer on a national site and
hangs. The command writes every file before it exits. Its index is the same
bytes for the same pages: the file names are hashes of their contents, and
nothing of the machine (the temporary folder, the time, a ``pagefind.yml``
in the working folder, ``PAGEFIND_*`` variables) reaches it.
"""

from __future__ import annotations

import logging
import os
import subprocess
import tempfile
from pathlib import Path

from sitegen.content.problems import ContentError, Problem

log = logging.getLogger("sitegen")

SEARCH_DIR = "pagefind"
#: What the site's search page loads; Pagefind's ready-made interfaces are left out (the theme has its own).
KEPT = ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json")
KEPT_SUFFIXES = (".pagefind", ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter")
#: Page furniture that would only be noise in a result: the contents list, links back from footnotes, hidden labels.
EXCLUDED = [".contents", ".fn-back", ".skip-link", "[data-search-ignore]"]
#: Time Pagefind may take: a national site (a hundred and more reports) indexes in a few seconds.
TIMEOUT_S = 600


def search_index(files: dict[str, bytes], language: str = "en") -> dict[str, bytes]:
    """The search index of the HTML pages among ``files``."""
    pages = {path: data for path, data in files.items() if path.endswith(".html") and b"data-pagefind-body" in data}
    if not pages:
        return {}
    with tempfile.TemporaryDirectory(prefix="sitegen-search-") as tmp:
        for path, data in sorted(pages.items()):
            target = Path(tmp, "site", *path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        _run_pagefind(Path(tmp), language)
        log.debug("search: %s page(s) indexed", len(pages))
        output = Path(tmp, "index")
        found = {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
    return {f"{SEARCH_DIR}/{path}": data for path, data in found.items() if _kept(path)}


def _kept(path: str) -> bool:
    return path in KEPT or path.endswith(KEPT_SUFFIXES)


def _run_pagefind(folder: Path, language: str) -> None:
    """Index ``folder``/site into ``folder``/index with Pagefind's command, run in ``folder``."""
    command = [str(_executable()), "--site", "site", "--output-path", "index", "--force-language", language]
    command += ["--keep-index-url", "--silent"]
    for selector in EXCLUDED:
        command += ["--exclude-selectors", selector]
    # Pagefind reads settings from PAGEFIND_* variables and a pagefind.yml in its working folder: neither may
    # change the index of the same pages, so it runs in the temporary folder without them.
    env = {name: value for name, value in os.environ.items() if not name.startswith("PAGEFIND_")}
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise ContentError([Problem("sitegen", 0, 0, "", f"search: Pagefind failed: {said[-1] if said else done.returncode}")])


def _executable() -> Path:
    """The Pagefind binary of the ``pagefind-bin-extended`` package (its version is the one declared)."""
    try:
        from pagefind_bin_extended import get_executable

        return Path(get_executable())
    except (ImportError, FileNotFoundError) as exc:
        raise ContentError([Problem("sitegen", 0, 0, "", f"search: {exc}: pip install pagefind-bin-extended")]) from exc
