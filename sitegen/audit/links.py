"""Turn every page's links, anchors and footnotes into findings where they do not resolve.

Internal links (``href``/``src`` relative to the page) must reach a file of
the site, and their ``#anchor`` an ``id`` in it; ``aria-labelledby``,
``aria-describedby`` and ``headers`` must name ids of the same page. Each
footnote call (``sup.fn-call a``) must reach its note, and each note must link
back (``a.fn-back``) to every call. External links are listed, never fetched:
the check works offline. A page's canonical address (``<link
rel="canonical">``, ``og:url``) must be the site's address (the index's
canonical) followed by the page's own path, and a ``<base href>`` (the 404
page's, which is served at any address) must name the site's own root
path, so that its relative links land where they do in the folder.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from sitegen.audit.model import Finding
from sitegen.audit.site import Site
from sitegen.audit.webfacts import has_class

GATE = "links"
EXTERNAL = ("http", "https", "mailto", "tel", "ftp")
IGNORED = ("data", "javascript", "about", "blob")
_REFERENCES = (("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("script", "src"), ("source", "src"))
_ID_LISTS = ("aria-labelledby", "aria-describedby", "aria-controls", "headers")


def check_links(site: Site) -> tuple[list[Finding], dict[str, list[str]]]:
    """Findings for links that do not resolve, and the external links with the pages that have them."""
    findings: list[Finding] = []
    external: dict[str, list[str]] = defaultdict(list)
    ids = {page: _ids(site.tree(page)) for page in site.pages}
    home = _canonical(site.tree("index.html")) if "index.html" in site.pages else None
    for page in site.pages:
        tree = site.tree(page)
        findings.extend(_addresses(page, tree, home))
        for element, attribute in _references(tree):
            target = (element.get(attribute) or "").strip()
            found = _resolve(site, ids, page, target, external)
            if found:
                rule, message = found
                findings.append(Finding(page, GATE, rule, f'<{element.tag} {attribute}="{target}">: {message}'))
        for element in tree.xpath("//*[" + " or ".join(f"@{name}" for name in _ID_LISTS) + "]"):
            for name in _ID_LISTS:
                for ref in (element.get(name) or "").split():
                    if ref not in ids[page]:
                        message = f'<{element.tag} {name}="{ref}">: no element has id "{ref}"'
                        findings.append(Finding(page, GATE, "broken-idref", message))
        findings.extend(_footnotes(page, tree))
    return findings, {url: sorted(set(pages)) for url, pages in sorted(external.items())}


def _canonical(tree: Any) -> str | None:
    found = tree.xpath("//head/link[@rel='canonical']/@href")
    return str(found[0]) if found else None


def _addresses(page: str, tree: Any, home: str | None) -> list[Finding]:
    """The page's canonical address and ``<base>`` agree with where the page is in the site."""
    findings = []
    canonical = _canonical(tree)
    expected = None if home is None else (home if page == "index.html" else home + page)
    for where, value in (("link rel=canonical", canonical), ("og:url", _og_url(tree))):
        if value is not None and expected is not None and value != expected:
            findings.append(Finding(page, GATE, "wrong-canonical", f"{where} is {value}: this page is published at {expected}"))
    for base in tree.xpath("//head/base/@href"):
        root = urlsplit(home).path if home else None
        if root is None or urlsplit(base).path != root or urlsplit(base).netloc:
            message = f'<base href="{base}">: links would not resolve as in the site: the site\'s root path is {root}'
            findings.append(Finding(page, GATE, "wrong-base", message))
    return findings


def _og_url(tree: Any) -> str | None:
    found = tree.xpath("//head/meta[@property='og:url']/@content")
    return str(found[0]) if found else None


def _references(tree: Any) -> list[tuple[Any, str]]:
    """Every link and resource of the page: footnote links are left to :func:`_footnotes`, and the
    canonical address to :func:`_addresses` (it names the page itself, as published)."""
    footnote_links = set(tree.xpath(f"//sup[{has_class('fn-call')}]/a | //a[{has_class('fn-back')}]"))
    footnote_links |= set(tree.xpath("//head/link[@rel='canonical']"))
    found = []
    for tag, attribute in _REFERENCES:
        found.extend((e, attribute) for e in tree.xpath(f"//{tag}[@{attribute}]") if e not in footnote_links)
    return found


def _ids(tree: Any) -> set[str]:
    return set(tree.xpath("//@id")) | set(tree.xpath("//a/@name"))


def _resolve(
    site: Site, ids: dict[str, set[str]], page: str, target: str, external: dict[str, list[str]]
) -> tuple[str, str] | None:
    """What is wrong with one link of ``page``, as (rule, message), or None."""
    parts = urlsplit(target)
    scheme = parts.scheme.lower()
    if scheme in EXTERNAL or target.startswith("//"):
        external[target].append(page)
        return None
    if scheme in IGNORED:
        return None
    if scheme:
        return "unknown-scheme", f"'{scheme}:' links cannot be followed from a published site"
    fragment = unquote(parts.fragment)
    if not parts.path:
        if fragment and fragment not in ids[page]:
            return "broken-anchor", f'no element has id "{fragment}" on this page'
        return None
    joined = PurePosixPath(page).parent / unquote(parts.path)
    resolved = _normalise(joined)
    if resolved is None:
        return "outside-site", "leads out of the site folder"
    if (site.root / resolved).is_dir():
        resolved = f"{resolved.rstrip('/')}/index.html".lstrip("/")
    if not (site.root / resolved).is_file():
        return "broken-link", f"{resolved} is not in the site"
    if fragment and resolved.endswith(".html"):
        target_ids = ids.get(resolved)
        if target_ids is None:
            target_ids = _ids(site.tree(resolved))
        if fragment not in target_ids:
            return "broken-anchor", f'{resolved} has no element with id "{fragment}"'
    return None


def _normalise(path: PurePosixPath) -> str | None:
    """``a/../b`` -> ``b``; None when the path climbs out of the site."""
    parts: list[str] = []
    for part in path.parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def _footnotes(page: str, tree: Any) -> list[Finding]:
    """Every call reaches its note, and every note links back to each of its calls."""
    findings = []
    notes = {li.get("id"): li for li in tree.xpath(f"//section[{has_class('footnotes')}]//li[@id]")}
    calls: dict[str, list[str]] = defaultdict(list)
    for link in tree.xpath(f"//sup[{has_class('fn-call')}]/a"):
        note = (link.get("href") or "").removeprefix("#")
        call_id = link.get("id")
        number = link.text_content().strip()
        if note not in notes:
            findings.append(Finding(page, GATE, "footnote-note", f"footnote call {number} links to #{note}, which is no note"))
            continue
        if not call_id:
            findings.append(Finding(page, GATE, "footnote-back", f"footnote call {number} has no id to link back to"))
            continue
        calls[note].append(call_id)
    call_ids = {call for ids in calls.values() for call in ids}
    for note, li in notes.items():
        backs = {(a.get("href") or "").removeprefix("#") for a in li.xpath(f".//a[{has_class('fn-back')}]")}
        if note not in calls:
            findings.append(Finding(page, GATE, "footnote-call", f"note #{note} is never called in the text"))
        for call_id in calls.get(note, []):
            if call_id not in backs:
                findings.append(Finding(page, GATE, "footnote-back", f"note #{note} has no link back to its call #{call_id}"))
        for back in sorted(backs - call_ids):
            findings.append(Finding(page, GATE, "footnote-back", f"note #{note} links back to #{back}, which is no call"))
    return findings
