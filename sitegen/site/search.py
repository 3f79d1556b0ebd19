"""Turn the rendered pages into a Pagefind search index: {path: bytes} under ``pagefind/``.

Pagefind (its PyPI package ships the binary; it runs offline) reads the
pages that mark their text ``data-pagefind-body`` (reports, letters and
region pages) and writes a static index the search page queries in the
browser, with no server. Each page's ``data-pagefind-meta`` says what a
result names: the PDU, the kind of document, the region. The pages are laid
in a temporary folder for Pagefind to read in one request (its service
answers one message per tenth of a second) and to write its index beside
them (its reply carrying the files would overrun the Python package's 2 MiB
pipe buffer on a national site and hang); the index is read back and
returned, not written to the site: the writer puts it in place with the rest.
"""

from __future__ import annotations

import asyncio
import logging
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


def search_index(files: dict[str, bytes], language: str = "en") -> dict[str, bytes]:
    """The search index of the HTML pages among ``files``."""
    pages = {path: data for path, data in files.items() if path.endswith(".html") and b"data-pagefind-body" in data}
    if not pages:
        return {}
    with tempfile.TemporaryDirectory(prefix="sitegen-search-") as tmp:
        for path, data in pages.items():
            target = Path(tmp, "site", *path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        output = Path(tmp, ".index")
        try:
            asyncio.run(_index(str(Path(tmp, "site")), str(output), language))
        except FileNotFoundError as exc:
            raise ContentError([Problem("sitegen", 0, 0, "", f"search: {exc}: pip install 'pagefind[extended]'")]) from exc
        found = {p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*")) if p.is_file()}
    return {f"{SEARCH_DIR}/{path}": data for path, data in found.items() if _kept(path)}


def _kept(path: str) -> bool:
    return path in KEPT or path.endswith(KEPT_SUFFIXES)


async def _index(folder: str, output: str, language: str) -> None:
    from pagefind.service import PagefindService

    service = await PagefindService().launch()
    try:
        index = await service.create_index({"exclude_selectors": EXCLUDED, "force_language": language, "keep_index_url": True})
        result = await index.add_directory(folder)
        log.debug("search: %s page(s) indexed", result.get("page_count"))
        await index.write_files(output)
    finally:
        await service.close()
