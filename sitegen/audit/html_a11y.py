"""Turn every page, as real headless Chromium renders it, into axe-core's WCAG findings.

One Chromium (Debian's, driven by the Python ``playwright`` package; no
browser is ever downloaded) opens every page from disk, offline, in turn;
axe-core from npm runs the WCAG 2.0, 2.1 and 2.2 A and AA rules on it.
Violations are findings; what axe cannot decide alone ("incomplete") is
listed for a person to review and does not fail the check.

A page with a ``<base href="/path/">`` (the 404 page, which a web server
returns at any address) only looks as published when served from that path:
such pages are opened through a server on this machine that serves the site
folder at its base path, every other request refused.
"""

from __future__ import annotations

import functools
import http.server
import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sitegen.audit.model import CheckerFailed, Finding
from sitegen.audit.site import Site

log = logging.getLogger("sitegen.audit")

GATE = "html-a11y"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Chromium on these machines: root needs --no-sandbox, and the rest keep it off the network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]
PAGE_TIMEOUT_MS = 60_000
_RUN = "options => axe.run(document, options)"


def check_accessibility(
    site: Site, chromium: Path, axe_js: Path, advance: Callable[[str], None] | None = None
) -> tuple[list[Finding], list[Finding]]:
    """axe's violations on each page (findings) and its "needs review" items."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    axe = axe_js.read_text(encoding="utf-8")
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations", "incomplete"]}
    findings: list[Finding] = []
    reviews: list[Finding] = []
    with tempfile.TemporaryDirectory(prefix="sitegen-chromium-") as home:
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(chromium), args=CHROMIUM_ARGS, env={**os.environ, "HOME": home}, headless=True
                )
                try:
                    context = browser.new_context(offline=True)
                    context.set_default_timeout(PAGE_TIMEOUT_MS)
                    page = context.new_page()
                    based = {name: base for name in site.pages if (base := base_path(site, name))}
                    for name in site.pages:
                        if name in based:
                            continue
                        found, review = _axe(page, site.path(name).resolve().as_uri(), name, axe, options)
                        findings += found
                        reviews += review
                        if advance:
                            advance(name)
                    for name, base in sorted(based.items()):
                        with _served(site.root, base) as address:
                            served = browser.new_context()
                            served.set_default_timeout(PAGE_TIMEOUT_MS)
                            served.route("**/*", functools.partial(_only_from, address))
                            found, review = _axe(served.new_page(), address + name, name, axe, options)
                            served.close()
                        findings += found
                        reviews += review
                        if advance:
                            advance(name)
                finally:
                    browser.close()
        except PlaywrightError as exc:
            raise CheckerFailed(f"Chromium or axe-core failed: {str(exc).splitlines()[0]}") from exc
    return findings, reviews


def _axe(page: Any, url: str, name: str, axe: str, options: dict[str, Any]) -> tuple[list[Finding], list[Finding]]:
    page.goto(url, wait_until="load")
    page.add_script_tag(content=axe)
    result = page.evaluate(_RUN, options)
    return _findings(name, result.get("violations", [])), _findings(name, result.get("incomplete", []))


def _only_from(address: str, route: Any) -> None:
    """Requests to the local server go through; anything else is refused (the check stays offline)."""
    if route.request.url.startswith(address):
        route.continue_()
    else:
        route.abort()


def base_path(site: Site, page: str) -> str | None:
    """The path of a page's ``<base href>`` when it is one ('/probation/'), else None."""
    found = site.tree(page).xpath("//head/base/@href")
    return str(found[0]) if found and str(found[0]).startswith("/") else None


@contextmanager
def _served(root: Path, base: str) -> Iterator[str]:
    """``root`` served at ``http://127.0.0.1:<port><base>``, on this machine only, for as long as it takes."""
    prefix = "/" + base.strip("/") + "/" if base.strip("/") else "/"

    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(root / ".no-such-file")
            return super().translate_path("/" + path[len(prefix) :])

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


def _findings(page: str, results: list[dict[str, Any]]) -> list[Finding]:
    """One finding per rule per page, naming how many elements and the first few."""
    found = []
    for rule in results:
        nodes = rule.get("nodes", [])
        targets = [_target(node) for node in nodes[:3]]
        more = f" and {len(nodes) - 3} more" if len(nodes) > 3 else ""
        where = f" ({len(nodes)} element{'s' if len(nodes) != 1 else ''}: {'; '.join(targets)}{more})" if nodes else ""
        impact = f"[{rule['impact']}] " if rule.get("impact") else ""
        message = f"{impact}{rule.get('help', '')}{where} {rule.get('helpUrl', '')}".strip()
        found.append(Finding(page, GATE, str(rule["id"]), message))
    return found


def _target(node: dict[str, Any]) -> str:
    target = node.get("target") or []
    selector = " > ".join(json.dumps(t) if not isinstance(t, str) else t for t in target)
    html = " ".join(str(node.get("html", "")).split())
    return f"{selector} {html[:120]}".strip()
