"""One rating changed in one YAML file changes everything that shows it, in one build.

The report, the regional letter that covers the PDU, both CSV files, the
national overview's chart and table, the region page's chart and the search
index are all made from the same validated content.
"""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from pathlib import Path

from lxml import html as lh

from tests.conftest import REPO, run
from tests.sitechecks import overview_problems

BEFORE = """    rating: Inadequate
    key_questions: [64, 72, 33]"""
AFTER = """    rating: Requires improvement
    key_questions: [64, 72, 55]"""


def _sample(target: Path) -> Path:
    target.mkdir()
    for name in ("site.yaml", "content", "themes"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, target / name)
    return target


def _snapshot(site: Path) -> dict[str, object]:
    report = lh.fromstring((site / "pdus/wigan.html").read_bytes())
    letter = lh.fromstring((site / "letters/greater-manchester-2023.html").read_bytes())
    overview = lh.fromstring((site / "overview.html").read_bytes())
    region = lh.fromstring((site / "regions/greater-manchester.html").read_bytes())

    def text(element: object) -> str:
        return " ".join(element.text_content().split())  # type: ignore[attr-defined]

    with (site / "data/ratings.csv").open(encoding="utf-8", newline="") as f:
        rating = next(r["rating"] for r in csv.DictReader(f) if r["inspection"] == "wigan" and r["standard_number"] == "2.2")
    with (site / "data/key-questions.csv").open(encoding="utf-8", newline="") as f:
        figures = [
            (r["percentage_yes"], r["drives_rating"], r["standard_rating"])
            for r in csv.DictReader(f)
            if r["inspection"] == "wigan" and r["standard_number"] == "2.2"
        ]
    national = overview.xpath("//div[@id='chart-standards-2021']//tbody/tr[th='2.2 Assessment']")[0]
    regional = region.xpath("//div[@id='chart-greater-manchester-standards-2021']//tbody/tr[th='2.2 Assessment']")[0]
    return {
        "report": text(report.xpath("//section[@id='standard-2-2']//span[contains(concat(' ', @class, ' '), ' rating ')]")[0]),
        "report table": text(report.xpath("//table[contains(@class,'ratings-table')]//tr[td='2.2']")[0]),
        "letter": text(letter.xpath("//table[contains(@class,'ratings-table')][contains(., 'Wigan PDU')]//tr[td='2.2']")[0]),
        "ratings.csv": rating,
        "key-questions.csv": figures,
        "overview": [int(td.text) for td in national.xpath("./td")],
        "overview chart": national.getparent()
        .getparent()
        .getparent()
        .getparent()
        .xpath(".//*[@data-label='2.2 Assessment']/*[@class='segment']/@data-rating"),
        "region chart": [int(td.text) for td in regional.xpath("./td")],
        "search": _indexed_text(site, "pdus/wigan.html"),
    }


def _indexed_text(site: Path, page: str) -> str:
    """The words Pagefind holds for a page: its fragment file, gzip-compressed JSON after a signature."""
    for fragment in (site / "pagefind/fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        if record["url"] == "/" + page:
            return " ".join(record["content"].split())
    raise AssertionError(f"{page} is not in the search index")


def test_one_rating_changes_everywhere_in_one_build(tmp_path: Path) -> None:
    project = _sample(tmp_path / "project")
    site = project / "build" / "site"
    assert run("build", project, "--no-pdf").exit_code == 0
    before = _snapshot(site)
    wigan = project / "content/pdus/wigan.yaml"
    text = wigan.read_text(encoding="utf-8")
    assert text.count(BEFORE) == 1
    wigan.write_text(text.replace(BEFORE, AFTER), encoding="utf-8")

    result = run("build", project, "--no-pdf")
    assert result.exit_code == 0, result.output
    after = _snapshot(site)

    assert before["report"] == "Inadequate" and after["report"] == "Requires improvement"
    assert before["report table"] == "2.2 Assessment Inadequate"
    assert after["report table"] == "2.2 Assessment Requires improvement"
    assert before["letter"] == "2.2 Assessment Inadequate" and after["letter"] == "2.2 Assessment Requires improvement"
    assert (before["ratings.csv"], after["ratings.csv"]) == ("Inadequate", "Requires improvement")
    assert before["key-questions.csv"] == [
        ("64", "false", "Inadequate"),
        ("72", "false", "Inadequate"),
        ("33", "true", "Inadequate"),
    ]
    assert after["key-questions.csv"] == [
        ("64", "false", "Requires improvement"), ("72", "false", "Requires improvement"), ("55", "true", "Requires improvement"),
    ]  # fmt: skip
    # Outstanding, Good, Requires improvement, Inadequate, Not rated: one inspection moves a column.
    assert before["overview"] == [0, 0, 0, 4, 0, 4] and after["overview"] == [0, 0, 1, 3, 0, 4]
    assert before["overview chart"] == ["Inadequate"] and after["overview chart"] == ["Requires improvement", "Inadequate"]
    # The region has no standard left unrated: no such column.
    assert before["region chart"] == [0, 0, 0, 3, 3] and after["region chart"] == [0, 0, 1, 2, 3]
    assert "keeping other people safe? 33%" in str(before["search"]) and "safe? 55%" in str(after["search"])
    assert "2.2. Assessment" in str(after["search"]) and "2.2. Assessment. Rating Requires improvement" in str(after["search"])
    assert overview_problems(site) == []
