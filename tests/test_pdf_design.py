"""The printed report as a designer looks at it: colours, alignment, breaks and furniture, on real pages.

Each check below returns what it finds wrong in a PDF, so that it can be run on any PDF: the sample PDFs
(built once per session) must have nothing wrong, and every check was seen to fail on the PDFs made before
these rules (a ratings table of plain bold text, a caption printed above it, a hanging indent off by a
space, sections bookmarked beside their standard, no page mode, a letter dated by its month...). Pages are
read with poppler (``pdftotext -bbox-layout``: words with their boxes, in points from the top left) and
seen with ``pdftoppm`` at 72 dpi, one pixel a point.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image
from playwright.sync_api import Browser

from sitegen.audit.copyfit import short_page_numbers
from sitegen.build import build
from sitegen.pdf.fit import body_line_count, fit_document, run_starts
from sitegen.pdf.render import PdfOptions, make_fetcher, print_html
from sitegen.rules.copyfit import short_pages
from tests.browser import chromium, open_page, page_at
from tests.conftest import REPO

PDUS = {"wigan": "Wigan PDU", "wakefield": "Wakefield PDU", "cheshire-west": "Cheshire West PDU"}
REPORTS = list(PDUS)
LETTER = "letters/greater-manchester-2023.pdf"
PDFS = [f"pdus/{slug}.pdf" for slug in REPORTS] + [LETTER]
MM = 72 / 25.4

# The house colours of the ratings (themes/house/static/ratings.css), as a designer specified them.
FILL = {
    "Outstanding": (0x00, 0x42, 0x25),
    "Good": (0x00, 0x70, 0x3C),
    "Requires improvement": (0xF4, 0xA6, 0x2A),
    "Inadequate": (0xC0, 0x26, 0x1C),
    "Not rated": (0x50, 0x5A, 0x5F),
}
BRAND = (0x5A, 0x2A, 0x82)
TINT = (0xE8, 0xE1, 0xEF)


# --- Reading pages -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def middle(self) -> float:
        return (self.y0 + self.y1) / 2


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def lines_of(pdf: Path, page: int) -> list[list[Word]]:
    """The lines of a page, each a list of its words, as poppler reads them."""
    xml = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = []
    for chunk in xml.split("<line ")[1:]:
        words = [Word(m[5], float(m[1]), float(m[2]), float(m[3]), float(m[4])) for m in _WORD.finditer(chunk)]
        if words:
            lines.append(words)
    return lines


def text_of(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def image_of(pdf: Path, page: int) -> Image.Image:
    """The page at 72 dpi: one pixel a point."""
    png = subprocess.run(
        ["pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), "-png", "-singlefile", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    import io

    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB")


def page_count(pdf: Path) -> int:
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def close(colour: tuple[int, ...], wanted: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, wanted, strict=True))


def page_with(pdf: Path, text: str) -> int:
    return next(n for n in range(1, page_count(pdf) + 1) if text in text_of(pdf, n))


# --- What a designer checks, as functions that return what is wrong ---------------------------------------


def rating_cell_problems(pdf: Path, page: int) -> list[str]:
    """Every rating in a ratings table sits in a cell filled with its colour; its words stay."""
    image = image_of(pdf, page)
    problems = []
    found = 0
    for line in lines_of(pdf, page):
        text = " ".join(w.text for w in line)
        for rating, fill in FILL.items():
            first = rating.split()[0]
            cells = [w for w in line if w.text == first and w.x0 > image.width / 2 and text.endswith(rating)]
            for word in cells:
                found += 1
                colour = image.getpixel((int(word.x0 - 4), int(word.middle)))
                if not close(colour, fill):
                    problems.append(f"page {page}: the cell of '{rating}' ({text[:40]}) is {colour}, not {fill}")
    return problems if found else [f"page {page}: no rating cell found"]


def caption_problems(pdf: Path) -> list[str]:
    return [f"a hidden caption prints: {line}" for line in text_of(pdf).splitlines() if line.startswith("Ratings for ")]


def rows_of(pdf: Path, page: int) -> list[list[Word]]:
    """The page's words in rows of one height, top down, each left to right (poppler's own lines may part
    words of one row, a contents entry from its leader)."""
    rows: dict[int, list[Word]] = {}
    for word in (w for line in lines_of(pdf, page) for w in line):
        rows.setdefault(round(word.y0), []).append(word)
    return [sorted(rows[y], key=lambda w: w.x0) for y in sorted(rows)]


def hanging_indent_problems(pdf: Path, page: int) -> list[str]:
    """Each recommendation's lines all start at one edge, its number hanging to the left of it."""
    problems = []
    number, edge = "", 0.0
    for row in rows_of(pdf, page):
        if row[0].y0 > 275 * MM:  # the running footer
            break
        if re.fullmatch(r"\d+\.", row[0].text) and len(row) > 1:
            number, edge = row[0].text, row[1].x0
        elif number and row[0].x0 > edge - 12:
            if abs(row[0].x0 - edge) > 0.5:
                problems.append(
                    f"page {page}, recommendation {number} starts at {edge:.1f} pt, its next line at {row[0].x0:.1f} pt"
                )
        else:
            number = ""
    return problems


def table_whole_problems(pdf: Path, pdus: list[str]) -> list[str]:
    """Each PDU's ratings table on one page: its head, its domain rows and its last standard together."""
    problems = []
    for pdu in pdus:
        pages = [n for n in range(1, page_count(pdf) + 1) if f"{pdu}\nFieldwork started" in text_of(pdf, n)]
        if len(pages) != 1:
            problems.append(f"the head of {pdu}'s table is on pages {pages}")
            continue
        text = text_of(pdf, pages[0])
        table = text[text.index(f"{pdu}\nFieldwork started") :]
        for row in ("Overall rating", "1. Organisational", "2. ", "Reviewing"):
            if row not in table:
                problems.append(f"{pdu}'s table runs off page {pages[0]}: no '{row}' row on it")
    return problems


def leader_problems(pdf: Path) -> list[str]:
    """The contents' dot leaders stand clear of their entry and of the page number."""
    problems = []
    for line in rows_of(pdf, 2):
        dots = [i for i, w in enumerate(line) if w.text == "."]
        if len(dots) < 3:
            continue
        label, number = line[dots[0] - 1], line[dots[-1] + 1]
        if line[dots[0]].x0 - label.x1 < 4 or number.x0 - line[dots[-1]].x1 < 4:
            problems.append(f"the leader of '{label.text}' touches its entry or its number")
    return problems


def first_ink(image: Image.Image, x0: int, x1: int, y0: int = 0) -> int | None:
    """The first pixel row from ``y0`` down with anything drawn between ``x0`` and ``x1``."""
    for y in range(y0, image.height):
        if any(sum(image.getpixel((x, y))) < 600 for x in range(x0, x1)):
            return y
    return None


def footnote_rule_problems(pdf: Path, page: int, note_start: str) -> list[str]:
    """A short rule stands over the page's footnotes, and the call to a note is in the brand colour."""
    image = image_of(pdf, page)
    note = next(line[0] for line in lines_of(pdf, page) if line[0].text == note_start and line[0].y0 > image.height / 2)
    rows = [
        y
        for y in range(int(note.y0) - 12, int(note.y0))
        if sum(1 for x in range(54, 190) if sum(image.getpixel((x, y))) < 600) > 100
    ]
    problems = [] if rows else [f"page {page}: no rule over the footnotes"]
    # A call: a number set small against the end of a word, above the notes.
    calls = [
        b
        for line in lines_of(pdf, page)
        for a, b in zip(line, line[1:], strict=False)
        if b.text.isdigit() and b.x0 - a.x1 < 1.5 and b.y1 - b.y0 < a.y1 - a.y0 and b.y0 < note.y0 - 12
    ]
    purple = [
        w
        for w in calls
        if any(
            close(image.getpixel((x, y)), BRAND, 48)
            for x in range(int(w.x0), int(w.x1) + 1)
            for y in range(int(w.y0), int(w.y1) + 1)
        )
    ]
    if not calls or len(purple) != len(calls):
        problems.append(f"page {page}: footnote calls {[w.text for w in calls]} are not all in the brand colour")
    return problems


# --- The sample PDFs, read -----------------------------------------------------------------------------------


def test_rating_cells_carry_the_ratings_colours(sample_site: Path) -> None:
    report = sample_site / "pdus/wigan.pdf"
    letter = sample_site / LETTER
    problems = rating_cell_problems(report, page_with(report, "Score 7/27"))
    for pdu in ("Manchester North PDU", "Tameside PDU", "Wigan PDU"):
        problems += rating_cell_problems(letter, page_with(letter, f"{pdu}\nFieldwork started"))
    assert problems == []


@pytest.mark.parametrize("pdf", PDFS)
def test_the_web_pages_hidden_caption_does_not_print(sample_site: Path, pdf: str) -> None:
    assert caption_problems(sample_site / pdf) == []


def test_recommendations_hang_from_their_numbers(sample_site: Path) -> None:
    report = sample_site / "pdus/wigan.pdf"
    page = page_with(report, "Wigan PDU should:")
    assert hanging_indent_problems(report, page) == []
    letter = sample_site / LETTER
    assert hanging_indent_problems(letter, page_with(letter, "Annexe one – Recommendations")) == []


def test_each_pdus_ratings_table_is_kept_whole(sample_site: Path) -> None:
    letter = sample_site / LETTER
    assert table_whole_problems(letter, ["Manchester North PDU", "Tameside PDU", "Wigan PDU"]) == []
    for slug, pdu in PDUS.items():
        assert table_whole_problems(sample_site / f"pdus/{slug}.pdf", [pdu]) == []


@pytest.mark.parametrize("pdf", PDFS)
def test_no_page_is_left_near_empty(sample_site: Path, pdf: str) -> None:
    assert short_page_numbers(sample_site / pdf) == []


def test_copy_fitting_is_what_keeps_the_tails_with_their_page() -> None:
    """Laid out without copy-fitting, Wakefield's background leaves two lines alone on a page (the page the
    published report does without) and that page is found; fitted, it is not there."""
    checked = build(REPO, write=False).checked
    assert checked is not None
    theme = checked.theme
    html = print_html(
        checked.pages().env, checked.content.site, "report", checked.report_view("wakefield"), theme=theme,
        options=PdfOptions(), epoch=None,
    )  # fmt: skip
    from weasyprint import HTML

    document = HTML(string=html, base_url=theme.as_uri() + "/", url_fetcher=make_fetcher([theme], []))

    def short(laid_out: Any) -> list[tuple[int, int]]:
        counts = [body_line_count(page._page_box) for page in laid_out.pages]
        return [(n + 1, counts[n]) for n in short_pages(counts, run_starts(laid_out))]

    unfitted = short(document.render(pdf_variant="pdf/ua-1"))
    assert unfitted and all(lines <= 5 for _, lines in unfitted), unfitted
    assert short(fit_document(lambda: document.render(pdf_variant="pdf/ua-1"))) == []


def test_contents_leaders_stand_clear_of_their_entries(sample_site: Path) -> None:
    for slug in REPORTS:
        assert leader_problems(sample_site / f"pdus/{slug}.pdf") == []


def test_standards_open_their_page_where_chapters_do(sample_site: Path) -> None:
    """The badge of a standard that opens a page stands at the top margin (20 mm), like a chapter's heading."""
    report = sample_site / "pdus/wigan.pdf"
    top = 20 * MM
    chapter = image_of(report, page_with(report, "Foreword\nWe have rated"))
    standard_page = page_with(report, "1.2. Staff")
    standard = image_of(report, standard_page)
    heading = first_ink(chapter, 54, 300)
    badge = first_ink(standard, 400, 540)
    assert heading is not None and badge is not None
    assert abs(badge - top) <= 1.5 and abs(heading - top) <= 6, (heading, badge, top)


def test_footnotes_have_a_rule_and_calls_that_show(sample_site: Path) -> None:
    report = sample_site / "pdus/wigan.pdf"
    assert footnote_rule_problems(report, page_with(report, "Ofsted inspection of Wigan"), "1") == []


def test_the_publishers_address_is_set_in_lines(sample_site: Path) -> None:
    text = text_of(sample_site / "pdus/wigan.pdf", 2)
    assert (
        "Published by:\nHM Inspectorate of Probation\n1st Floor Civil Justice Centre\n1 Bridge Street West\nManchester\nM3 3FX"
        in text
    )


@pytest.mark.parametrize("pdf", PDFS)
def test_quotes_are_typographic(sample_site: Path, pdf: str) -> None:
    text = text_of(sample_site / pdf)
    straight = [line for line in text.splitlines() if re.search(r"['\"]", line)]
    assert straight == []
    assert "‘Requires improvement’" in text


def test_bookmarks_nest_sections_in_their_standard_and_show_on_opening(sample_site: Path) -> None:
    for slug in REPORTS:
        with pikepdf.open(sample_site / f"pdus/{slug}.pdf") as pdf:
            assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
            with pdf.open_outline() as outline:
                tree = {i.title: {c.title: [g.title for g in c.children] for c in i.children} for i in outline.root}
        domain = next(title for title in tree if title.startswith("1. "))
        inside = [section for sections in tree[domain].values() for section in sections]
        assert "Diversity and inclusion" in inside and "Diversity and inclusion" not in tree[domain], tree[domain]
    with pikepdf.open(sample_site / LETTER) as pdf:
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines


def test_the_letter_is_dated_by_its_day(sample_site: Path) -> None:
    with pikepdf.open(sample_site / LETTER) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20230525")


def _figures(pdf: Path, page: int) -> list[str]:
    """The /Alt of each Figure on a page."""
    alts = []
    with pikepdf.open(pdf) as doc:
        wanted = doc.pages[page - 1].obj.objgen
        stack = [doc.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            kids = element.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if pikepdf.Name.Figure == kid.S and "/Pg" in kid and kid.Pg.objgen == wanted:
                        alts.append(str(kid.get("/Alt", "")))
                    stack.append(kid)
    return alts


def test_the_logo_stands_on_the_cover_and_the_letterhead(sample_site: Path) -> None:
    assert _figures(sample_site / "pdus/wigan.pdf", 1) == ["Inspection reports"]
    assert _figures(sample_site / LETTER, 1) == ["Inspection reports"]
    cover = image_of(sample_site / "pdus/wigan.pdf", 1)
    # The head is white and holds the logo; the brand panel below it holds the title.
    assert close(cover.getpixel((5, 5)), (255, 255, 255)) and close(cover.getpixel((5, int(150 * MM))), BRAND)
    assert 19 * MM <= first_ink(cover, int(19 * MM), int(60 * MM)) <= 21 * MM, "the logo stands at the top margin"


# --- One visual language: the web page shows the same table and badge --------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


_STYLES = """() => {
  const rgb = (el, p) => getComputedStyle(el)[p].match(/\\d+/g).slice(0, 3).map(Number);
  const cells = [...document.querySelectorAll('.ratings-table td.rating-cell')].map(td =>
    [td.innerText.trim(), rgb(td, 'backgroundColor'), rgb(td, 'color')]);
  const badges = [...document.querySelectorAll('.rating-badge')].map(b =>
    [b.innerText.replace(/\\s+/g, ' ').trim(), rgb(b, 'backgroundColor'), rgb(b, 'color')]);
  return {cells, badges,
    head: rgb(document.querySelector('.ratings-table thead th'), 'backgroundColor'),
    domain: rgb(document.querySelector('.ratings-table tr.domain th'), 'backgroundColor')};
}"""


def contrast(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    def luminance(colour: tuple[int, ...]) -> float:
        c = [v / 255 for v in colour]
        c = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_web_page_shows_the_same_table_and_badge_as_the_pdf(sample_site: Path, browser: Browser) -> None:
    with page_at(browser, 1000) as page:
        open_page(page, sample_site, "pdus/wigan.html")
        web = page.evaluate(_STYLES)
    assert web["head"] == list(BRAND) and web["domain"] == list(TINT), "the table's head and domain rows"
    for rating, fill, text in web["cells"]:
        assert tuple(fill) == FILL[rating], rating
        assert contrast(tuple(fill), tuple(text)) >= 4.5, rating
    assert len(web["badges"]) == 9
    for label, fill, text in web["badges"]:
        rating = label.removeprefix("Rating ").strip()
        assert label.startswith("Rating ") and tuple(fill) == FILL[rating], label
        assert contrast(tuple(fill), tuple(text)) >= 4.5, label
    # The PDF draws the same colours in the same places.
    pdf = sample_site / "pdus/wigan.pdf"
    ratings_page = page_with(pdf, "Score 7/27")
    image = image_of(pdf, ratings_page)
    lines = lines_of(pdf, ratings_page)
    score = next(w for line in lines for w in line if w.text == "Score")
    domain = next(line[0] for line in lines if line[0].text == "1." and len(line) > 1 and line[1].text == "Organisational")
    assert close(image.getpixel((int(score.x0 - 4), int(score.middle))), BRAND)
    assert close(image.getpixel((int(domain.x0 - 4), int(domain.middle))), TINT)
    badge_page = image_of(pdf, page_with(pdf, "1.2. Staff"))
    assert close(badge_page.getpixel((int(190 * MM - 4), int(22 * MM))), FILL["Good"])
