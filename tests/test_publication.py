"""The web pages as a publication: title block, contents, breadcrumbs and footer on every page kind,
phone and desktop layouts in real Chromium, printing on A4, titles and line breaks.

The pages are the sample content's, built once (``sample_site``); Chromium is Debian's, driven by
Playwright, offline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest
from lxml import html as lh
from playwright.sync_api import Browser

from sitegen.audit.webfacts import web_facts
from sitegen.documents.typography import NBSP, keep_together, keep_together_html
from tests.browser import DESKTOP, OVERFLOW_JS, PHONE, chromium, open_page, page_at

SITE_TITLE = "Probation inspection reports"
#: Each page kind: its page, its title block's caption, the breadcrumbs' labels and the page's <title>.
PAGES = {
    "report": (
        "pdus/wigan.html",
        "Inspection report",
        ["Home", "Greater Manchester region", "Wigan PDU"],
        f"Wigan PDU – Greater Manchester region – {SITE_TITLE}",
    ),
    "letter": (
        "letters/greater-manchester-2023.html",
        "Regional review letter",
        ["Home", "Greater Manchester region", "Regional review letter, May 2023"],
        f"Regional review letter, May 2023 – Greater Manchester region – {SITE_TITLE}",
    ),
    "region": (
        "regions/greater-manchester.html",
        "Probation region",
        ["Home", "Greater Manchester region"],
        f"Greater Manchester region – {SITE_TITLE}",
    ),
    "index": ("index.html", "HM Inspectorate of Probation", ["Home"], SITE_TITLE),
}


def _page(site: Path, path: str) -> lh.HtmlElement:
    return lh.fromstring((site / path).read_bytes())


def _text(element: lh.HtmlElement) -> str:
    return " ".join(element.text_content().split())


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_kind_has_title_block_contents_breadcrumbs_and_footer(sample_site: Path, kind: str) -> None:
    path, caption, trail, title = PAGES[kind]
    page = _page(sample_site, path)
    main = page.xpath("//main")[0]

    # The title block opens the page: the document type above the one h1.
    block = main.xpath("(./*[not(self::article)] | ./article/*)[1][contains(@class,'title-block')]")
    assert block, f"{path}: <main> does not open with the title block"
    assert _text(block[0].xpath(".//p[@class='title-caption']")[0]) == caption
    assert len(page.xpath("//h1")) == 1 and block[0].xpath(".//h1")

    # Breadcrumbs: every step a link but the page itself, which is marked as the current page.
    crumbs = page.xpath("//nav[@aria-label='Breadcrumb']//li")
    assert [_text(li) for li in crumbs] == trail
    assert all(li.xpath("./a/@href") for li in crumbs[:-1])
    assert crumbs[-1].xpath("./span[@aria-current='page']") and not crumbs[-1].xpath(".//a")
    for href in page.xpath("//nav[@aria-label='Breadcrumb']//a/@href"):
        assert (sample_site / path).parent.joinpath(href).resolve().is_file(), href

    # Contents: links to the headings of this page, each section ending with a way back to it.
    contents = page.xpath("//nav[@id='contents']")
    assert contents, f"{path}: no contents"
    ids = set(page.xpath("//@id"))
    targets = [href[1:] for href in contents[0].xpath(".//a/@href")]
    assert targets and set(targets) <= ids
    _each_section_leads_back_to_the_contents(main)

    # The footer: licence and Crown copyright, as links.
    footer = page.xpath("//footer")[0]
    licence = footer.xpath(".//a[@rel='license']")
    assert licence and _text(licence[0]) == "Open Government Licence v3.0"
    assert licence[0].get("href").startswith("https://www.nationalarchives.gov.uk/doc/open-government-licence/")
    assert "© Crown copyright" in [_text(a) for a in footer.xpath(".//a")]

    # "Page – Section – Site", one kind of dash, nothing said twice.
    shown = page.xpath("//title")[0].text
    assert shown == title
    parts = shown.split(" – ")
    assert " - " not in shown and len(parts) == len(set(parts))


def _each_section_leads_back_to_the_contents(main: lh.HtmlElement) -> None:
    """Between each h2 of the page and the next (or the end), a link back to the contents."""
    headings = [h for h in main.xpath(".//h2") if not h.xpath("ancestor::nav")]
    assert headings
    for heading in headings:
        following = heading.xpath("following::*[self::h2 or (self::a and @href='#contents')][1]")
        assert following and following[0].tag == "a", f"section '{_text(heading)}' has no link back to the contents"


def test_report_title_block_states_rating_score_region_date_and_pdf(sample_site: Path) -> None:
    page = _page(sample_site, "pdus/wigan.html")
    block = page.xpath("//div[contains(@class,'title-block')]")[0]
    summary = {_text(row.xpath("./dt")[0]): _text(row.xpath("./dd")[0]) for row in block.xpath(".//dl/div")}
    table = page.xpath("//table[contains(@class,'ratings-table')]")[0]
    overall = _text(table.xpath(".//tr[contains(@class,'overall')]//span[contains(@class,'rating')]")[0])
    assert summary == {
        "Overall rating": overall,
        "Score": "7/27",
        "Region": "Greater Manchester",
        "Fieldwork started": "March 2023",
        "Published": "May 2023",
    }
    assert block.xpath(".//dd/span[contains(@class,'rating-requires-improvement')]")
    with pikepdf.open(sample_site / "pdus/wigan.pdf") as pdf:
        pages = len(pdf.pages)
    link = block.xpath(".//a[@href='wigan.pdf']")[0]
    assert re.fullmatch(rf"Download the Wigan PDU report \(PDF, \d+ KB, {pages} pages\)", _text(link)), _text(link)


def test_report_contents_lists_chapters_and_standards_and_front_matter_comes_last(sample_site: Path) -> None:
    page = _page(sample_site, "pdus/wigan.html")
    nav = page.xpath("//nav[@id='contents']")[0]
    chapters = [_text(li.xpath("./a")[0]) for li in nav.xpath("./ol/li")]
    assert chapters[:5] == ["Foreword", "Ratings", "Recommendations", "Background", "1. Organisational delivery"]
    assert chapters[-3:] == ["Footnotes", "Acknowledgements", "The role of HM Inspectorate of Probation"]
    domain = nav.xpath("./ol/li[a[@href='#domain-2']]/ol/li/a")
    assert [_text(a) for a in domain][:2] == ["2.1. Court work", "2.2. Assessment"]
    # Every entry reads as the heading it goes to says.
    for a in nav.xpath(".//a"):
        target = page.xpath(f"//*[@id='{a.get('href')[1:]}']")[0]
        heading = target if target.tag in ("h2", "h3") else target.xpath("(.//h2|.//h3)[1]")[0]
        assert _text(heading).rstrip(":") == _text(a)
    # The PDF's contents page lists exactly the entries marked as its chapters.
    assert web_facts(page.getroottree()).contents == chapters[: len(chapters) - 3]
    # Foreword first after the contents; the front matter after the body and its notes.
    h2 = [_text(h) for h in page.xpath("//main//h2[not(ancestor::nav)]")]
    assert h2[0] == "Foreword" and h2[-3:] == ["Footnotes", "Acknowledgements", "The role of HM Inspectorate of Probation"]


def test_addresses_are_links_on_the_web_and_text_in_print(sample_site: Path) -> None:
    report = _page(sample_site, "pdus/wigan.html")
    front = report.xpath("//div[@class='front-matter']")[0]
    hrefs = front.xpath(".//a/@href")
    assert "https://www.nationalarchives.gov.uk/doc/open-government-licence" in hrefs
    assert "mailto:psi@nationalarchives.qsi.gov.uk" in hrefs
    assert "https://www.justiceinspectorates.gov.uk/hmiprobation" in hrefs
    letter = _page(sample_site, "letters/greater-manchester-2023.html")
    assert "mailto:AssuranceIntelligenceTeam@justice.gov.uk" in letter.xpath("//ul[@class='cc']//a/@href")
    assert "mailto:enquiries.HMIProb@hmiprobation.gov.uk" in letter.xpath("//div[@class='letterhead']//a/@href")
    # The PDF prints the licence as written: the addresses are not links there.
    with pikepdf.open(sample_site / "pdus/wigan.pdf") as pdf:
        uris = {str(a.A.URI) for p in pdf.pages for a in p.get("/Annots", []) if "/A" in a and "/URI" in a.A}
    assert not any("nationalarchives" in uri for uri in uris)


def test_region_with_one_pdu_has_no_side_by_side(sample_site: Path) -> None:
    page = _page(sample_site, "regions/north-west.html")
    headings = [_text(h) for h in page.xpath("//main//h2")]
    assert "Ratings side by side" not in headings and "Ratings of each standard" in headings
    assert _text(page.xpath("//table[contains(@class,'side-by-side')]/caption")[0]).endswith("Cheshire West PDU")
    many = _page(sample_site, "regions/greater-manchester.html")
    table = many.xpath("//table[contains(@class,'side-by-side')]")[0]
    # Every rating in the comparison is a rating tag, coloured by its class, with its words.
    cells = table.xpath(".//td")
    tagged = [c for c in cells if c.xpath("./span[contains(@class,'rating-')]")]
    assert len(tagged) == len([c for c in cells if "Not inspected" not in _text(c)]) > 20
    for cell in tagged:
        span = cell.xpath("./span")[0]
        assert span.get("class").split()[1] == "rating-" + "-".join(_text(span).lower().split())


def test_typography_keeps_together_what_a_break_would_split(sample_site: Path) -> None:
    assert keep_together("Manchester M3 3FX") == f"Manchester M3{NBSP}3FX"
    assert keep_together("(May 2023) on 13 March 2023") == f"(May{NBSP}2023) on 13{NBSP}March{NBSP}2023"
    assert keep_together("1 Bridge Street West", address=True) == f"1{NBSP}Bridge Street West"
    # In prose a number and a capitalised word may break: "in 2023 Wigan" is not an address.
    assert keep_together("in 2023 Wigan") == "in 2023 Wigan"
    # In HTML, the text only: each pattern alone (a postcode, a day and month, a month and year), never a tag.
    assert keep_together_html('<p title="SW1A 2AA">SW1A 2AA</p>') == f'<p title="SW1A 2AA">SW1A{NBSP}2AA</p>'
    assert keep_together_html("<p>13 March</p><p>(May 2023)</p>") == f"<p>13{NBSP}March</p><p>(May{NBSP}2023)</p>"
    assert keep_together_html("<p>in 2023 Wigan, 14 PDUs</p>") == "<p>in 2023 Wigan, 14 PDUs</p>"
    # What is typeset is the text a reader sees: the body's. Metadata (a description, a search result's
    # fields) is plain text for other programs to show as they will, and keeps its plain spaces.
    body = _page(sample_site, "pdus/wigan.html").xpath("//body")[0]
    shown = "".join(body.xpath(".//text()[not(ancestor::script or ancestor::style)]"))
    for broken in ("M3 3FX", "May 2023", "March 2023", "1 Bridge Street"):
        assert broken not in shown, f"'{broken}' can break across lines"
        assert broken.replace(" ", NBSP, 1) in shown or broken.replace(" ", NBSP) in shown, f"'{broken}' is not shown"
    # Footnote calls are raised without a line height of their own: they do not open the lines.
    css = (sample_site / "static/site.css").read_text(encoding="utf-8")
    assert re.search(r"(^|\n)sup \{ line-height: 0; \}", css)


# -- In Chromium ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("kind", PAGES)
def test_no_horizontal_overflow_outside_labelled_scroll_regions(
    sample_site: Path, browser: Browser, tmp_path: Path, kind: str, width: int
) -> None:
    path = PAGES[kind][0]
    with page_at(browser, width) as page:
        open_page(page, sample_site, path)
        page.screenshot(path=str(tmp_path / f"{kind}-{width}.png"), full_page=False)
        geometry = page.evaluate(OVERFLOW_JS)
        assert geometry["scrollWidth"] <= geometry["clientWidth"], geometry
        assert geometry["overflowing"] == [], geometry
        # The check sees an overflow where there is one: a box wider than the page.
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<div style=\"width: 2000px\">x</div>')")
        broken = page.evaluate(OVERFLOW_JS)
        assert broken["scrollWidth"] > broken["clientWidth"] and broken["overflowing"]
    assert (tmp_path / f"{kind}-{width}.png").stat().st_size > 10_000


def test_side_by_side_table_on_a_phone_scrolls_under_a_fixed_first_column(sample_site: Path, browser: Browser) -> None:
    with page_at(browser, PHONE) as page:
        open_page(page, sample_site, "regions/greater-manchester.html")
        region = page.locator(".table-scroll.side-by-side-scroll")  # the charts below have tables of their own
        assert region.get_attribute("role") == "region" and region.get_attribute("aria-labelledby") == "side-by-side"
        assert page.locator("#ratings-hint").is_visible()
        sizes = region.evaluate("el => [el.scrollWidth, el.clientWidth]")
        assert sizes[0] > sizes[1], "the table fits: nothing to scroll"
        first = page.locator("#compare-1-1")
        before = first.bounding_box()
        third = page.locator("th#compare-pdu-wigan").bounding_box()
        assert before and third and third["x"] + third["width"] > PHONE, "the last PDU is on screen"
        region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
        after, caption = first.bounding_box(), page.locator("#side-by-side .caption-text").bounding_box()
        assert after and abs(after["x"] - before["x"]) < 1, "the standards' column moved away"
        assert caption and caption["x"] >= 0
        third = page.locator("th#compare-pdu-wigan").bounding_box()
        assert third and third["x"] + third["width"] <= PHONE + 1
    with page_at(browser, DESKTOP) as page:
        open_page(page, sample_site, "regions/greater-manchester.html")
        assert not page.locator("#ratings-hint").is_visible()


@pytest.mark.parametrize("kind", ["report", "letter"])
def test_printing_a_web_page_gives_a4_without_the_site_chrome(
    sample_site: Path, browser: Browser, tmp_path: Path, kind: str
) -> None:
    path = PAGES[kind][0]
    with page_at(browser, DESKTOP) as page:
        open_page(page, sample_site, path)
        page.pdf(path=str(tmp_path / "printed.pdf"), prefer_css_page_size=True)
        # The same page without its print stylesheet: what the check must catch.
        page.evaluate("document.querySelector('link[media=print]').remove()")
        page.pdf(path=str(tmp_path / "unstyled.pdf"), prefer_css_page_size=True)
    printed, unstyled = _print_facts(tmp_path / "printed.pdf"), _print_facts(tmp_path / "unstyled.pdf")
    assert printed == (True, False), "A4 without the site's header, navigation and footer"
    assert unstyled == (False, True)


def _print_facts(pdf_path: Path) -> tuple[bool, bool]:
    """(every page A4, any of the site's chrome printed)."""
    import subprocess

    with pikepdf.open(pdf_path) as pdf:
        a4 = all(abs(float(p.mediabox[2]) - 595.3) < 1.5 and abs(float(p.mediabox[3]) - 841.9) < 1.5 for p in pdf.pages)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, text=True, check=True)
    chrome = ("Skip to main content", "All reports", "Back to contents", "All content is available under")
    return a4, any(words in text.stdout for words in chrome)
