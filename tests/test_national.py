"""The national site built from the sample content: open data, overview, feeds, discovery, statement, 404.

Each check is shown to fail on a broken copy of what it checks.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lh

from tests.conftest import MINIMAL, copy_project, run
from tests.sitechecks import datapackage_problems, feed_problems, overview_problems, sitemap_problems

BASE = "https://www.justiceinspectorates.gov.uk/hmiprobation/"


def _page(site: Path, path: str) -> lh.HtmlElement:
    return lh.fromstring((site / path).read_bytes())


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def site_copy(sample_site: Path, tmp_path: Path) -> Path:
    """A copy of the built sample site to break."""
    return Path(shutil.copytree(sample_site, tmp_path / "site"))


def test_data_package_validates_with_frictionless(sample_site: Path) -> None:
    assert datapackage_problems(sample_site) == []
    package = json.loads((sample_site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "OGL-UK-3.0"
    names = [r["name"] for r in package["resources"]]
    assert names[:3] == ["ratings", "key-questions", "inspections"]
    assert "ratings-north-west" in names and "key-questions-greater-manchester" in names


def test_frictionless_finds_a_wrong_rating_and_a_dangling_inspection(site_copy: Path) -> None:
    ratings = site_copy / "data/ratings.csv"
    text = ratings.read_text(encoding="utf-8")
    ratings.write_text(text.replace(",Inadequate,0", ",Inadequte,0", 1).replace("wigan,", "wigna,", 1), encoding="utf-8")
    problems = " ".join(datapackage_problems(site_copy))
    assert "constraint-error" in problems and "Inadequte" in problems
    assert "foreign-key" in problems


def test_ratings_csv_has_a_row_per_standard_per_inspection(sample_site: Path) -> None:
    rows = _rows(sample_site / "data/ratings.csv")
    wigan = {r["standard_number"]: r for r in rows if r["inspection"] == "wigan"}
    assert len(wigan) == 9 and wigan["2.2"]["rating"] == "Inadequate" and wigan["2.2"]["score_points"] == "0"
    assert wigan["2.2"] | {"standard_name": "Assessment"} == {
        "inspection": "wigan", "pdu": "Wigan PDU", "region": "Greater Manchester", "framework": "2021",
        "published": "2023-05", "fieldwork_started": "2023-03", "standard_number": "2.2",
        "standard_name": "Assessment", "rating": "Inadequate", "score_points": "0",
    }  # fmt: skip
    cheshire = {r["standard_number"]: r for r in rows if r["inspection"] == "cheshire-west"}
    assert cheshire["2.1"]["rating"] == "Not rated" and cheshire["2.1"]["score_points"] == ""
    # A PDU whose report is published elsewhere is in the data, without a month of publication here.
    assert {r["published"] for r in rows if r["inspection"] == "tameside"} == {""}
    assert {r["inspection"] for r in rows} == {"wigan", "wakefield", "cheshire-west", "tameside", "manchester-north"}


def test_key_questions_csv_marks_the_figure_that_drove_the_rating(sample_site: Path) -> None:
    rows = [r for r in _rows(sample_site / "data/key-questions.csv") if r["inspection"] == "wigan"]
    assessment = [(r["percentage_yes"], r["drives_rating"]) for r in rows if r["standard_number"] == "2.2"]
    assert assessment == [("64", "false"), ("72", "false"), ("33", "true")]
    court = [r for r in rows if r["standard_number"] == "2.1"]
    assert len(court) == 1 and court[0]["drives_rating"] == "true"
    assert {r["standard_rating"] for r in rows if r["standard_name"] == "Outcomes"} == {""}


def test_inspections_json_links_each_report_from_base_url(sample_site: Path) -> None:
    items = {i["inspection"]: i for i in json.loads((sample_site / "data/inspections.json").read_text(encoding="utf-8"))}
    assert items["wigan"]["report_page"] == BASE + "pdus/wigan.html"
    assert items["wigan"]["report_pdf"] == BASE + "pdus/wigan.pdf"
    assert items["wigan"]["overall_rating"] == "Requires improvement" and items["wigan"]["score"] == 7
    assert items["tameside"]["report_page"] is None and items["tameside"]["published_report"].startswith("https://")


def test_a_region_lists_only_what_belongs_to_it(sample_site: Path) -> None:
    rows = _rows(sample_site / "data/regions/north-west-ratings.csv")
    assert {r["inspection"] for r in rows} == {"cheshire-west"}
    manchester = _rows(sample_site / "data/regions/greater-manchester-key-questions.csv")
    assert {r["region"] for r in manchester} == {"Greater Manchester"}
    page = _page(sample_site, "regions/north-west.html")
    links = page.xpath("//section[@class='open-data']//a/@href")
    assert "../data/regions/north-west-ratings.csv" in links and "../data/ratings.csv" in links
    assert not [a for a in links if "greater-manchester" in a or "yorkshire" in a]
    # Its chart counts its one inspection, no other region's.
    totals = page.xpath("//div[@class='chart-block']//tfoot//td[last()]/text()")
    assert totals == ["9"]  # Cheshire West: nine standards, court work 'Not rated' among them


def test_index_and_regions_link_the_data_with_its_licence(sample_site: Path) -> None:
    for path in ("index.html", "regions/greater-manchester.html"):
        section = _page(sample_site, path).xpath("//section[@class='open-data']")[0]
        text = " ".join(section.text_content().split())
        assert "Open Government Licence v3.0" in text and re.search(r"\(CSV, \d+ KB\)", text), text
        assert any(h.endswith("data/datapackage.json") for h in section.xpath(".//a/@href"))


def test_overview_charts_agree_with_their_tables_and_ratings_csv(sample_site: Path) -> None:
    assert overview_problems(sample_site) == []
    page = _page(sample_site, "overview.html")
    for svg in page.xpath("//*[local-name()='svg']"):
        ids = svg.get("aria-labelledby").split()
        assert svg.get("role") == "img" and len(ids) == 2
        assert svg.xpath(f".//*[local-name()='title'][@id='{ids[0]}']") and svg.xpath(
            f".//*[local-name()='desc'][@id='{ids[1]}']"
        )
        assert svg.xpath(".//*[local-name()='pattern']"), "ratings have patterns as well as colours"
        assert svg.xpath(".//*[local-name()='text'][@class='bar-label']"), "labels are text"
    assert not page.xpath("//script"), "the overview needs no JavaScript"


def test_overview_check_finds_a_chart_that_disagrees(site_copy: Path) -> None:
    page = site_copy / "overview.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('data-rating="Good" data-count="4"', 'data-rating="Good" data-count="5"', 1), encoding="utf-8")
    problems = overview_problems(site_copy)
    assert len(problems) == 1 and "the chart draws" in problems[0]


def test_feed_follows_rfc_4287(sample_site: Path) -> None:
    data = (sample_site / "feed.xml").read_bytes()
    assert feed_problems(data) == []
    feed = etree.fromstring(data)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = feed.xpath("//a:entry/a:title/text()", namespaces=ns)
    assert titles[0].startswith("An inspection of probation services in: Wakefield PDU")  # October 2024: newest first
    assert len(titles) == 4 and feed.xpath("//a:entry/a:id/text()", namespaces=ns)[0] == BASE + "pdus/wakefield.html"
    broken = data.replace(b"<updated>2024-10-01T00:00:00Z</updated>", b"<updated>October 2024</updated>", 1)
    broken = broken.replace(b"<id>" + BASE.encode() + b"feed.xml</id>", b"", 1)
    problems = feed_problems(broken)
    assert any("atom:id elements" in p for p in problems) and any("RFC 3339" in p for p in problems)


def test_sitemap_validates_and_lists_every_page(sample_site: Path) -> None:
    data = (sample_site / "sitemap.xml").read_bytes()
    assert sitemap_problems(data, sample_site, BASE) == []
    assert b"404.html" not in data and b"<loc>" + BASE.encode() + b"</loc>" in data
    broken = data.replace(b"<lastmod>2023-05-01</lastmod>", b"<lastmod>May 2023</lastmod>").replace(
        b"pdus/wigan.html", b"pdus/wigan.htm"
    )
    problems = sitemap_problems(broken, sample_site, BASE)
    assert any("lastmod" in p for p in problems) and any("pdus/wigan.html is not in the sitemap" in p for p in problems)
    robots = (sample_site / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def test_every_page_has_a_description_open_graph_and_canonical_address(sample_site: Path) -> None:
    pages = sorted(p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*.html") if "static" not in p.parts)
    assert "overview.html" in pages and "404.html" in pages and "accessibility.html" in pages
    for path in pages:
        if path == "audit.html":
            continue
        head = _page(sample_site, path).xpath("//head")[0]
        meta = {m.get("name") or m.get("property"): m.get("content") for m in head.xpath("meta[@content]")}
        assert meta["description"] and meta["og:title"] and meta["og:description"] == meta["description"], path
        assert meta["og:site_name"] and meta["og:type"] in ("website", "article"), path
        if path != "404.html":
            expected = BASE if path == "index.html" else BASE + path
            assert head.xpath("link[@rel='canonical']/@href") == [expected] and meta["og:url"] == expected, path
        assert head.xpath("link[@rel='alternate'][@type='application/atom+xml']"), path
        page = head.getparent()
        assert page.xpath("//form[@role='search']//input[@name='q']"), path


def test_a_site_under_a_sub_path(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    assert run("build", project, "--no-pdf").exit_code == 0
    site = project / "build" / "site"
    base = "https://example.org/reports/"
    not_found = _page(site, "404.html")
    assert not_found.xpath("//head/base/@href") == ["/reports/"]
    assert not not_found.xpath("//head/link[@rel='canonical']")
    assert _page(site, "pdus/testford.html").xpath("//link[@rel='canonical']/@href") == [base + "pdus/testford.html"]
    # Every other link is relative, so the site works wherever it is put.
    for path in ("index.html", "pdus/testford.html", "regions/north-east.html", "search.html", "overview.html"):
        page = _page(site, path)
        internal = [h for h in page.xpath("//body//@href | //body//@src") if not h.startswith(("http", "mailto:", "#"))]
        assert internal and not [h for h in internal if h.startswith("/")], path
    assert sitemap_problems((site / "sitemap.xml").read_bytes(), site, base) == []
    assert feed_problems((site / "feed.xml").read_bytes()) == []


def test_accessibility_statement_follows_the_model(sample_site: Path) -> None:
    page = _page(sample_site, "accessibility.html")
    headings = [" ".join(h.text_content().split()) for h in page.xpath("//main//h2 | //main//h3")]
    for wanted in ("How accessible this website is", "Feedback and contact information",
                   "Reporting accessibility problems with this website", "Enforcement procedure",
                   "Compliance status", "Preparation of this accessibility statement"):  # fmt: skip
        assert wanted in headings
    status = page.xpath("//p[@class='compliance']")[0]
    assert status.get("data-status") == "full"
    assert "fully compliant with the Web Content Accessibility Guidelines version 2.2 AA" in status.text_content()
    assert "prepared on 3 June 2024" in page.text_content()


def test_statement_reports_the_last_check_and_known_issues(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    with (project / "site.yaml").open("a", encoding="utf-8") as f:
        f.write("accessibility:\n  email: a11y@example.org\n  prepared: 1 May 2024\n")
    out = project / "build" / "site"
    out.mkdir(parents=True)
    audit = {
        "totals": {"pages": 12, "pdfs": 3, "findings": 2},
        "gates": {"links": {"checks": "internal links resolve", "findings": 0},
                  "html-a11y": {"checks": "axe-core", "findings": 2}},
        "findings": [{"gate": "html-a11y", "rule": "color-contrast"}, {"gate": "html-a11y", "rule": "color-contrast"}],
    }  # fmt: skip
    (out / "audit.json").write_text(json.dumps(audit), encoding="utf-8")
    assert run("build", project, "--no-pdf").exit_code == 0
    page = _page(out, "accessibility.html")
    assert page.xpath("//p[@class='compliance']/@data-status") == ["partial"]
    text = " ".join(page.text_content().split())
    assert "html-a11y color-contrast: 2 findings" in text
    assert "The last check covered 12 pages and 3 PDFs and found 2 problems" in text
    assert page.xpath("//a[@href='mailto:a11y@example.org']")
    # The next build, with no audit left beside it, says the site has not been checked yet.
    assert run("build", project, "--no-pdf").exit_code == 0
    again = " ".join(_page(out, "accessibility.html").text_content().split())
    assert "has not yet been run on this version" in again


def test_the_same_content_builds_the_same_bytes(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    first, second = tmp_path / "one", tmp_path / "two"
    assert run("build", project, "--no-pdf", "--out", first).exit_code == 0
    assert run("build", project, "--no-pdf", "--out", second).exit_code == 0
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert [n for n in names if n.startswith("pagefind/")] and "data/ratings.csv" in names
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()] == []
