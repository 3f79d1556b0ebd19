"""The HTML site built from the repository's sample content."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import html as lh

from tests.conftest import sentence_recall

REPORTS = {"wigan": "000", "wakefield": "002", "cheshire-west": "003"}


def _page(site: Path, path: str) -> lh.HtmlElement:
    return lh.fromstring((site / path).read_bytes())


def test_every_page_and_the_manifest_exist(sample_site: Path) -> None:
    manifest = json.loads((sample_site / "manifest.json").read_text(encoding="utf-8"))
    reports = {d["slug"]: d for d in manifest["documents"] if d["kind"] == "report"}
    assert set(reports) == set(REPORTS)
    assert reports["wigan"] == {
        "kind": "report",
        "slug": "wigan",
        "title": "An inspection of probation services in: Wigan PDU",
        "source": "content/pdus/wigan.yaml",
        "html": "pdus/wigan.html",
        "pdf": "pdus/wigan.pdf",
    }
    for doc in manifest["documents"]:
        assert (sample_site / doc["html"]).is_file()
        if doc["pdf"]:
            assert (sample_site / doc["pdf"]).read_bytes().startswith(b"%PDF-")
    assert (sample_site / "index.html").is_file()
    assert (sample_site / "static/site.css").is_file()


@pytest.mark.parametrize(("slug", "ref"), REPORTS.items())
def test_report_text_reproduces_its_reference(sample_site: Path, slug: str, ref: str) -> None:
    recall, report = sentence_recall(ref, sample_site / f"pdus/{slug}.html", "Inspection of probation services: .*")
    assert recall >= 0.98, report


@pytest.mark.parametrize("suffix", ["html", "pdf"])
def test_letter_reproduces_its_reference(sample_site: Path, suffix: str) -> None:
    # The annexes follow the PDU data, so a few annex sentences legitimately
    # differ from the published letter, which retyped them (Wigan's
    # recommendations 1, 5 and 6, for one): 0.95.
    recall, report = sentence_recall(
        "001",
        sample_site / f"letters/greater-manchester-2023.{suffix}",
        "HM Inspectorate of Probation: Regional review letter to .*",
    )
    assert recall >= 0.95, report


@pytest.mark.parametrize("slug", REPORTS)
def test_report_page_is_semantic(sample_site: Path, slug: str) -> None:
    page = _page(sample_site, f"pdus/{slug}.html")
    assert page.get("lang") == "en-GB"
    assert len(page.xpath("//h1")) == 1
    assert len(page.xpath("//main")) == 1 and page.xpath("//header") and page.xpath("//footer")
    assert page.xpath("//a[@class='skip-link']/@href") == ["#main"]
    levels = [int(h.tag[1]) for h in page.xpath("//main//*[self::h1 or self::h2 or self::h3 or self::h4]")]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), "duplicate ids"
    for href in page.xpath("//a/@href[starts-with(., '#')]"):
        assert href[1:] in ids, f"broken in-page link {href}"
    for th in page.xpath("//table//th"):
        assert th.get("scope") in ("col", "row", "rowgroup", "colgroup")


def test_driving_key_question_row_is_bold(sample_site: Path) -> None:
    page = _page(sample_site, "pdus/wigan.html")
    table = page.xpath("//section[@id='standard-2-2']//table[contains(@class,'key-questions')]")[0]
    bold = [" ".join(r.text_content().split()) for r in table.xpath(".//tr[contains(@class,'drives')]")]
    assert bold == ["Does assessment focus sufficiently on keeping other people safe? 33%"]
    assert table.xpath(".//tr[contains(@class,'drives')]//strong")
    # A single key question (court work) has no driving row to pick out.
    court = page.xpath("//section[@id='standard-2-1']//tr[contains(@class,'drives')]")
    assert court == []


def test_ratings_table_is_computed(sample_site: Path) -> None:
    page = _page(sample_site, "pdus/cheshire-west.html")
    table = page.xpath("//table[contains(@class,'ratings-table')]")[0]
    text = " ".join(table.text_content().split())
    assert text.startswith("Ratings for Cheshire West PDU Cheshire West PDU Fieldwork started March 2023 Score 7/24")
    assert "Overall rating Requires improvement" in text
    assert "2.1 Court work Not rated" in text


@pytest.mark.parametrize("path", ["pdus/wakefield.html", "letters/greater-manchester-2023.html"])
def test_ratings_cells_name_their_header_cells(sample_site: Path, path: str) -> None:
    page = _page(sample_site, path)
    tables = page.xpath("//table[contains(@class,'ratings-table')]")
    assert tables
    for table in tables:
        header_ids = table.xpath(".//th/@id")
        assert len(set(header_ids)) == len(header_ids) and all(" " not in i for i in header_ids)
        for cell in table.xpath(".//td"):
            named = cell.get("headers", "").split()
            assert named and set(named) <= set(header_ids), (cell.text_content(), named)
        # A standard's rating is announced with its domain (the row group) and its name.
        rating = table.xpath(".//tr[not(@class)][1]/td[last()]")[0]
        heads = [" ".join(table.xpath(f".//th[@id='{i}']")[0].text_content().split()) for i in rating.get("headers").split()]
        assert heads[0].startswith("Score ") and heads[1].startswith("1. ") and len(heads) == 3, heads
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids)), "the ratings tables of a letter share no id"


def test_footnotes_are_numbered_in_reading_order_and_link_both_ways(sample_site: Path) -> None:
    page = _page(sample_site, "pdus/wigan.html")
    calls = page.xpath("//main//sup[@class='fn-call']/a")
    numbers = [int(a.text) for a in calls]
    assert numbers == sorted(numbers) and numbers[0] == 1
    notes = page.xpath("//section[contains(@class,'footnotes')]//li")
    assert len(notes) == len(set(numbers)) == 7
    assert "Ofsted inspection of Wigan" in notes[0].text_content()
    assert "Care Act 2014" in notes[1].text_content()
    for a in calls:
        assert page.xpath(f"//li[@id='{a.get('href')[1:]}']//a[@href='#{a.get('id')}']")


def test_recommendations_number_runs_on_across_addressees(sample_site: Path) -> None:
    page = _page(sample_site, "pdus/wigan.html")
    section = page.xpath("//section[@id='recommendations']")[0]
    assert [p.text_content() for p in section.xpath(".//p[@class='addressee']")] == [
        "Wigan PDU should:", "Greater Manchester region should:", "HM Prison and Probation Service should:",
    ]  # fmt: skip
    numbers = [s.text_content() for s in section.xpath(".//span[@class='rec-number']")]
    assert numbers == [f"{n}." for n in range(1, 10)]


def test_region_and_index_pages_list_reports(sample_site: Path) -> None:
    index = _page(sample_site, "index.html")
    links = index.xpath("//main//a/@href")
    assert {"pdus/wigan.html", "pdus/wakefield.html", "pdus/cheshire-west.html"} <= set(links)
    region = _page(sample_site, "regions/greater-manchester.html")
    rows = [" ".join(r.text_content().split()) for r in region.xpath("(//main//table)[1]/tbody/tr")]
    assert rows[-1] == "Wigan PDU March 2023 7/27 Requires improvement"
