"""The national features on a small generated corpus (benchmarks/national_corpus.py), as on the full one.

Sixteen reports in four regions, both frameworks, a letter per region, built
without PDFs: the search finds a sentence of every report, the Data Package
validates, the overview's charts agree with the data, the feed and the
sitemap validate, each region's data is its own, and every page passes
``sitegen check``. The full corpus (108 reports) is checked by hand: see
the README.
"""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from benchmarks.national_corpus import generate
from sitegen.site.search import SEARCH_DIR, search_index
from tests.conftest import run
from tests.sitechecks import (
    datapackage_problems,
    feed_problems,
    overview_problems,
    report_sentences,
    search_problems,
    sitemap_problems,
)

BASE = "https://www.justiceinspectorates.gov.uk/hmiprobation/"


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus") / "national"
    generate(root, reports=16, regions=4, seed=5)
    result = run("build", root, "--no-pdf")
    assert result.exit_code == 0, result.output
    return root / "build" / "site"


def test_the_data_feed_sitemap_and_overview_hold(corpus_site: Path) -> None:
    assert datapackage_problems(corpus_site) == []
    assert feed_problems((corpus_site / "feed.xml").read_bytes()) == []
    assert sitemap_problems((corpus_site / "sitemap.xml").read_bytes(), corpus_site, BASE) == []
    assert overview_problems(corpus_site) == []
    with (corpus_site / "data/ratings.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["framework"] for r in rows} == {"2021", "2024"} and len({r["inspection"] for r in rows}) == 16


def test_each_region_has_only_its_own_data(corpus_site: Path) -> None:
    regions = sorted(p.name.removesuffix("-ratings.csv") for p in (corpus_site / "data/regions").glob("*-ratings.csv"))
    assert len(regions) == 4
    seen = set()
    for region in regions:
        with (corpus_site / f"data/regions/{region}-ratings.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert len({r["region"] for r in rows}) == 1
        inspections = {r["inspection"] for r in rows}
        assert not inspections & seen
        seen |= inspections
    assert len(seen) == 16


def test_a_sentence_of_every_report_finds_it(corpus_site: Path) -> None:
    sentences = report_sentences(corpus_site)
    assert len(sentences) == 16
    assert search_problems(corpus_site, sentences) == []


def test_the_search_index_is_whole_and_the_same_bytes_again(corpus_site: Path) -> None:
    """Regression: an index read back before Pagefind had finished writing it lost the end of some files, so
    two builds of the same pages differed. Every file is whole (its gzip stream complete) and the pages
    indexed again give the same bytes."""
    built = {p.relative_to(corpus_site).as_posix(): p.read_bytes() for p in sorted(corpus_site.rglob("*")) if p.is_file()}
    index = {path: data for path, data in built.items() if path.startswith(f"{SEARCH_DIR}/")}
    for path, data in index.items():
        if path.endswith((".pagefind", ".pf_meta", ".pf_fragment", ".pf_index")):
            assert gzip.decompress(data), path  # EOFError when the file was cut short
    assert json.loads(index[f"{SEARCH_DIR}/pagefind-entry.json"])["languages"]["en"]["page_count"] > 16
    assert search_index({p: d for p, d in built.items() if p.endswith(".html")}) == index


def test_every_page_passes_sitegen_check(corpus_site: Path) -> None:
    result = run("check", corpus_site.parent.parent, "--no-build")
    assert result.exit_code == 0, result.output
    assert "PASSED: no findings" in result.output
