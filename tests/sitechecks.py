"""Checks of a built site's national features, each returning the problems it finds (empty: all well).

Shared by the tests (on the sample content and a small generated corpus)
and by a run by hand on the full national corpus:

    python -m tests.sitechecks build/site [--sentences N]

- the Atom feed against RFC 4287's rules, the sitemap against the Sitemaps
  0.9 schema (``tests/schemas/sitemap.xsd``) and the site's pages;
- the Data Package with the ``frictionless`` library;
- the overview's charts against their tables and against ``ratings.csv``
  and ``inspections.json``;
- the search, in Chromium: a sentence from each report finds that report.
"""

from __future__ import annotations

import argparse
import csv
import functools
import http.server
import json
import os
import re
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lh

SCHEMAS = Path(__file__).parent / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def _rfc3339(text: str | None) -> bool:
    if not text or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", text):
        return False
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _absolute_iri(text: str | None) -> bool:
    parts = urlsplit(text or "")
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("tag", "urn")))


def feed_problems(data: bytes) -> list[str]:
    """What breaks RFC 4287 (the Atom Syndication Format) in a feed document."""
    try:
        feed = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    if feed.tag != f"{ATOM}feed":
        return [f"the root is {feed.tag}, not atom:feed"]
    problems = _common(feed, "feed")
    entries = feed.findall(f"{ATOM}entry")
    if not feed.findall(f"{ATOM}author") and any(not e.findall(f"{ATOM}author") for e in entries):
        problems.append("feed: no atom:author, and not every entry has one (4.1.1)")
    if not [x for x in feed.findall(f"{ATOM}link") if x.get("rel") == "self"]:
        problems.append("feed: no link rel='self' (4.1.1: SHOULD)")
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    for twice in sorted({i for i in ids if ids.count(i) > 1 and i}):
        problems.append(f"entry id {twice} is used twice (4.1.1)")
    for index, entry in enumerate(entries, 1):
        problems += _common(entry, f"entry {index}")
        if entry.find(f"{ATOM}content") is None:
            if not [x for x in entry.findall(f"{ATOM}link") if x.get("rel", "alternate") == "alternate"]:
                problems.append(f"entry {index}: no content and no link rel='alternate' (4.1.2)")
            if entry.find(f"{ATOM}summary") is None:
                problems.append(f"entry {index}: no content and no summary (4.1.2: SHOULD)")
    updated = [e.findtext(f"{ATOM}updated") or "" for e in entries]
    if updated and (feed.findtext(f"{ATOM}updated") or "") < max(updated):
        problems.append("feed: atom:updated is older than its newest entry")
    return problems


def _common(element: Any, where: str) -> list[str]:
    problems = []
    for name in ("id", "title", "updated"):
        found = element.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} atom:{name} elements, must be exactly one")
    if not _absolute_iri(element.findtext(f"{ATOM}id")):
        problems.append(f"{where}: atom:id '{element.findtext(f'{ATOM}id')}' is not an absolute IRI (4.2.6)")
    for name in ("updated", "published"):
        for stamp in element.findall(f"{ATOM}{name}"):
            if not _rfc3339(stamp.text):
                problems.append(f"{where}: atom:{name} '{stamp.text}' is not an RFC 3339 date-time (3.3)")
    alternates = Counter(
        (x.get("type"), x.get("hreflang")) for x in element.findall(f"{ATOM}link") if x.get("rel", "alternate") == "alternate"
    )
    if any(n > 1 for n in alternates.values()):
        problems.append(f"{where}: two link rel='alternate' with the same type and hreflang (4.1.1)")
    for link in element.findall(f"{ATOM}link"):
        if not link.get("href"):
            problems.append(f"{where}: a link without href (4.2.7)")
    return problems


def sitemap_problems(data: bytes, site: Path, base_url: str) -> list[str]:
    """The sitemap against the Sitemaps 0.9 schema, and each address against the site's pages."""
    try:
        doc = etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        return [f"not well-formed XML: {exc}"]
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))
    problems = [f"line {e.line}: {e.message}" for e in schema.error_log] if not schema.validate(doc) else []
    listed = set()
    for loc in doc.iter(f"{SITEMAP}loc"):
        url = loc.text or ""
        if not url.startswith(base_url):
            problems.append(f"{url} is not under {base_url}")
            continue
        path = url.removeprefix(base_url) or "index.html"
        listed.add(path)
        if not (site / path).is_file():
            problems.append(f"{url}: no page {path} in the site")
    pages = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    for page in sorted(pages - listed - {"404.html", "audit.html"}):
        if not page.startswith(("static/", "pagefind/")):
            problems.append(f"{page} is not in the sitemap")
    return problems


def datapackage_problems(site: Path) -> list[str]:
    """Every error frictionless finds in the site's Data Package and its files."""
    from frictionless import validate

    report = validate(str(site / "data" / "datapackage.json"))
    problems = [f"{e.type}: {e.message}" for e in report.errors]
    for task in report.tasks:
        problems += [f"{task.name}: {e.type}: {e.message}" for e in task.errors]
    if not report.tasks and not problems:
        problems.append("the package describes no resource")
    return problems


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def chart_figures(block: Any) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """A chart block's counts as drawn (SVG segments, with their widths checked) and as tabled."""
    drawn: dict[str, dict[str, int]] = {}
    widths = []
    for bar in block.xpath(".//*[local-name()='g'][@class='bar']"):
        counts = {}
        for segment in bar.xpath("./*[local-name()='g'][@class='segment']"):
            count = int(segment.get("data-count"))
            counts[segment.get("data-rating")] = count
            width = float(segment.xpath("./*[local-name()='rect']")[0].get("width"))
            widths.append(width / count)
        drawn[bar.get("data-label")] = counts
    if widths and max(widths) - min(widths) > 0.01:
        drawn["<scale>"] = {"bars are not drawn to one scale": 1}
    table = block.xpath(".//table")[0]
    ratings = [" ".join(th.text_content().split()) for th in table.xpath("./thead/tr/th")[1:-1]]
    tabled = {}
    for row in table.xpath("./tbody/tr"):
        label = " ".join(row.xpath("./th")[0].text_content().split())
        cells = [int(td.text_content()) for td in row.xpath("./td")[:-1]]
        tabled[label] = {r: c for r, c in zip(ratings, cells, strict=True) if c}
    return drawn, tabled


def overview_problems(site: Path) -> list[str]:
    """Each chart of overview.html agrees with its table, and both with ratings.csv and inspections.json."""
    page = lh.fromstring((site / "overview.html").read_bytes())
    rows = _csv(site / "data" / "ratings.csv")
    inspections = json.loads((site / "data" / "inspections.json").read_text(encoding="utf-8"))
    problems = []
    expected: dict[str, dict[str, dict[str, int]]] = {}
    for framework in sorted({r["framework"] for r in rows}):
        counts: dict[str, Counter[str]] = {}
        for r in rows:
            if r["framework"] == framework:
                counts.setdefault(f"{r['standard_number']} {r['standard_name']}", Counter())[r["rating"]] += 1
        expected[f"chart-standards-{framework}"] = {k: dict(v) for k, v in counts.items()}
    regions: dict[str, Counter[str]] = {}
    for item in inspections:
        regions.setdefault(item["region"], Counter())[item["overall_rating"]] += 1
    expected["chart-regions"] = {k: dict(v) for k, v in regions.items()}
    blocks = {b.get("id"): b for b in page.xpath("//div[@class='chart-block']")}
    if set(blocks) != set(expected):
        problems.append(f"charts {sorted(blocks)}, expected {sorted(expected)}")
    for chart_id, want in expected.items():
        if chart_id not in blocks:
            continue
        drawn, tabled = chart_figures(blocks[chart_id])
        if drawn != want:
            problems.append(f"{chart_id}: the chart draws {drawn}, the data says {want}")
        if tabled != want:
            problems.append(f"{chart_id}: the table says {tabled}, the data says {want}")
    return problems


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site over HTTP on this machine only (Pagefind fetches its index: file:// will not do)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="sitegen-chromium-") as home, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS, env={**os.environ, "HOME": home}, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


# The pages a query finds whose indexed text holds the query as a whole sentence.
_FIND = """async ([query]) => {
  const pagefind = await import(new URL("pagefind/pagefind.js", document.baseURI).href);
  const search = await pagefind.search(query);
  const found = await Promise.all(search.results.map(r => r.data()));
  const flat = (text) => text.replace(/\\s+/g, " ");
  return found.filter(d => flat(d.content).includes(flat(query))).map(d => d.url);
}"""


def report_sentences(site: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(report page, a sentence of its own): the longest sentence of its findings, foreword or background."""
    manifest = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
    pages = sorted(d["html"] for d in manifest["documents"] if d["kind"] == "report")
    found = []
    for page in pages[:limit]:
        tree = lh.fromstring((site / page).read_bytes())
        texts = [
            " ".join(p.text_content().split())
            for p in tree.xpath(
                "//section[contains(@class,'standard') or @id='foreword' or @id='background']/p[not(@class)][not(.//sup)]"
            )
        ]
        sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if 8 <= len(s.split()) <= 40]
        if sentences:
            found.append((page, max(sentences, key=len)))
    return found


def search_problems(site: Path, sentences: list[tuple[str, str]], browser: Any = None) -> list[str]:
    """Each sentence, searched in Chromium through the site's own Pagefind index, finds its page."""
    if browser is None:
        with chromium() as own:
            return search_problems(site, sentences, own)
    problems = []
    with served(site) as address:
        page = browser.new_page()
        page.goto(address + "search.html")
        for wanted, sentence in sentences:
            urls = page.evaluate(_FIND, [sentence])
            if "/" + wanted not in urls:
                problems.append(f"searching '{sentence}' found {urls[:5]}, not {wanted}")
        page.close()
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--sentences", type=int, default=None, help="search a sentence of the first N reports (default all)")
    args = parser.parse_args()
    site: Path = args.site
    base = etree.fromstring((site / "feed.xml").read_bytes()).find(f"{ATOM}link[@rel='alternate']").get("href")
    sentences = report_sentences(site, args.sentences)
    results = {
        "feed": feed_problems((site / "feed.xml").read_bytes()),
        "sitemap": sitemap_problems((site / "sitemap.xml").read_bytes(), site, base),
        "datapackage": datapackage_problems(site),
        "overview": overview_problems(site),
        f"search ({len(sentences)} sentences)": search_problems(site, sentences),
    }
    for name, problems in results.items():
        sys.stdout.write(f"{name}: {'ok' if not problems else f'{len(problems)} problem(s)'}\n")
        for problem in problems[:20]:
            sys.stdout.write(f"  {problem}\n")
    return 1 if any(results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
