"""Turn the documents and pages of the site into what readers' tools and search engines fetch.

``feed.xml`` is an Atom feed (RFC 4287) of the reports and letters, newest
first; ``sitemap.xml`` lists every page (sitemaps.org 0.9) and
``robots.txt`` points to it. Every address is the page's published one,
from ``base_url``; every date comes from the content (a report's month of
publication, a letter's date), never from the clock, so the same content
gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from lxml import etree as ET

from sitegen.content.model import month_number
from sitegen.content.sitefile import Site
from sitegen.documents.letter import ratings_sentence
from sitegen.documents.summary import LetterSummary, PduSummary

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
FEED = "feed.xml"
SITEMAP_FILE = "sitemap.xml"
ROBOTS = "robots.txt"
#: Pages that are not content: never in the sitemap (the 404 page answers any missing address).
UNLISTED = ("404.html",)


@dataclass(frozen=True)
class Entry:
    """A document in the feed: its page, title, summary, date (ISO) and region."""

    path: str
    title: str
    summary: str
    date: str
    region: str


def report_entry(report: PduSummary, region: str, path: str) -> Entry:
    """A report in the feed, from its summary; ``region`` its region's name."""
    year, month = month_number(report.published)
    summary = f"{report.pdu}, {region} region: overall rating {report.overall_rating} (score {report.score})."
    return Entry(path, report.title, summary, f"{year:04d}-{month:02d}-01", region)


def letter_entry(letter: LetterSummary, region: str, pdus: list[PduSummary], path: str) -> Entry:
    """A letter in the feed, from its summary and those of the PDUs it names, in its order."""
    year, month, day = letter.date_ymd
    return Entry(path, letter.title, ratings_sentence(pdus), f"{year:04d}-{month:02d}-{day:02d}", region)


def _xml(root: ET._Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def atom_feed(site: Site, entries: Iterable[Entry], url: Callable[[str], str]) -> bytes:
    """The Atom feed of ``entries``, newest first (ties by title, so the order never varies)."""
    ordered = sorted(entries, key=lambda e: (e.date, e.title), reverse=True)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": site.language}, nsmap={None: ATOM})
    ET.SubElement(feed, f"{{{ATOM}}}id").text = url(FEED)
    ET.SubElement(feed, f"{{{ATOM}}}title").text = f"{site.title}: new reports and letters"
    if site.description:
        ET.SubElement(feed, f"{{{ATOM}}}subtitle").text = site.description
    # An empty site still needs a date: the epoch says "nothing yet" without reading the clock.
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = _stamp(ordered[0].date if ordered else "1970-01-01")
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = site.publisher.name
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "type": "application/atom+xml", "href": url(FEED)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": url("index.html")})
    ET.SubElement(feed, f"{{{ATOM}}}generator").text = "sitegen"
    for item in ordered:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = url(item.path)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = item.title
        ET.SubElement(entry, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": url(item.path)})
        ET.SubElement(entry, f"{{{ATOM}}}published").text = _stamp(item.date)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(item.date)
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = item.summary
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": item.region, "label": f"{item.region} region"})
    return _xml(feed)


def _stamp(day: str) -> str:
    return f"{day}T00:00:00Z"


def sitemap(pages: Sequence[str], lastmod: dict[str, str], url: Callable[[str], str]) -> bytes:
    """Every page but those :data:`UNLISTED`, sorted, with the date of the documents that have one."""
    urlset = ET.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP})
    for page in sorted(p for p in pages if p not in UNLISTED):
        item = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(item, f"{{{SITEMAP}}}loc").text = url(page)
        if page in lastmod:
            ET.SubElement(item, f"{{{SITEMAP}}}lastmod").text = lastmod[page]
    return _xml(urlset)


def robots(url: Callable[[str], str]) -> bytes:
    # Crawlers read robots.txt at the root of a host only: under a sub-path this file is for the
    # host's owner to merge into theirs. The Sitemap line holds there all the same.
    return f"User-agent: *\nAllow: /\n\nSitemap: {url(SITEMAP_FILE)}\n".encode()


def discovery_files(site: Site, pages: Sequence[str], entries: Sequence[Entry], url: Callable[[str], str]) -> dict[str, bytes]:
    """The feed, the sitemap of ``pages`` and robots.txt."""
    return {
        FEED: atom_feed(site, entries, url),
        SITEMAP_FILE: sitemap(pages, {e.path: e.date for e in entries}, url),
        ROBOTS: robots(url),
    }
