"""Turn a built site folder into the list of documents to audit, each page parsed once.

The manifest names each document with its page and PDF; any other page or PDF
in the folder (the index, a document the manifest leaves out) is audited too,
paired by name (``letters/x.html`` with ``letters/x.pdf``): every page and
every PDF is audited, whatever the manifest says.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sitegen.audit.model import Document, Documents

log = logging.getLogger("sitegen.audit")

#: Files of the site that are not documents: the theme's assets and the audit's own page.
SKIPPED_FOLDERS = ("static/", "pagefind/")
AUDIT_PAGE = "audit.html"
AUDIT_JSON = "audit.json"


class SiteMissing(Exception):
    """No built site where one was expected."""


@dataclass
class Site(Documents):
    """A built site: its folder, its documents, and each page parsed on first use."""

    root: Path
    documents: list[Document]
    _trees: dict[str, Any] = field(default_factory=dict, repr=False)

    def path(self, relative: str) -> Path:
        return self.root / relative

    def relative(self, path: Path) -> str:
        return path.resolve().relative_to(self.root.resolve()).as_posix()

    def tree(self, page: str) -> Any:
        """The page parsed by lxml (cached): every gate reads the same parse."""
        if page not in self._trees:
            import lxml.html

            self._trees[page] = lxml.html.parse(str(self.path(page)))
        return self._trees[page]


def load_site(root: Path) -> Site:
    """The documents of the site in ``root``, from its manifest and its files."""
    if not (root / "index.html").is_file() and not (root / "manifest.json").is_file():
        raise SiteMissing(f"no built site in {root}: run 'sitegen build' first, or leave out --no-build")
    files = _files(root)
    documents: list[Document] = []
    covered: set[str] = set()
    for entry in _manifest(root):
        html = entry.get("html") if entry.get("html") in files else None
        pdf = entry.get("pdf") if entry.get("pdf") in files else None
        if html is None and pdf is None:
            continue
        documents.append(
            Document(
                html=html,
                pdf=pdf,
                kind=str(entry.get("kind") or "page"),
                slug=str(entry.get("slug") or ""),
                title=str(entry.get("title") or ""),
                source=entry.get("source"),
            )
        )
        covered.update(f for f in (html, pdf) if f)
    for name in sorted(files - covered):
        if name in covered:
            continue
        stem = str(PurePosixPath(name).with_suffix(""))
        html, pdf = f"{stem}.html", f"{stem}.pdf"
        pair = Document(
            html=html if html in files and html not in covered else None,
            pdf=pdf if pdf in files and pdf not in covered else None,
            kind=_kind(name),
            slug=PurePosixPath(stem).name,
        )
        covered.update(pair.files)
        documents.append(pair)
    site = Site(root, sorted(documents, key=lambda d: d.name))
    site.documents = [_titled(site, d) for d in site.documents]
    log.debug("site %s: %d page(s), %d PDF(s)", root, len(site.pages), len(site.pdfs))
    return site


def _files(root: Path) -> set[str]:
    found = set()
    for path in root.rglob("*"):
        name = path.relative_to(root).as_posix()
        if path.suffix in (".html", ".pdf") and path.is_file() and name != AUDIT_PAGE and not name.startswith(SKIPPED_FOLDERS):
            found.add(name)
    return found


def _manifest(root: Path) -> list[dict[str, Any]]:
    path = root / "manifest.json"
    if not path.is_file():
        return []
    try:
        documents = json.loads(path.read_text(encoding="utf-8")).get("documents", [])
    except (ValueError, AttributeError):
        log.warning("%s is not a sitegen manifest: auditing the files found instead", path)
        return []
    return [d for d in documents if isinstance(d, dict)]


def _kind(name: str) -> str:
    folder = PurePosixPath(name).parent.name
    return {"pdus": "report", "letters": "letter", "regions": "region"}.get(folder, "page")


def _titled(site: Site, document: Document) -> Document:
    """A document found without a manifest entry gets its page's <title>."""
    if document.title or document.html is None:
        return document
    titles = site.tree(document.html).xpath("//title/text()")
    title = " ".join(titles[0].split()) if titles else ""
    return Document(document.html, document.pdf, document.kind, document.slug, title, document.source)
