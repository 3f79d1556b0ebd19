"""The national corpus generator (benchmarks/national_corpus.py): a project sitegen accepts, of the national shape.

A small corpus (8 reports in 3 regions) is generated once, then read back by
sitegen itself, validated and built without PDFs, in process. The full
corpus (108 reports) is measured by hand, not here: see the README.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.national_corpus import REGIONS, Corpus, generate
from sitegen.build import load_content
from sitegen.content.model import NOT_RATED
from sitegen.rules import house
from sitegen.rules.checks import stated_or_computed_ratings
from sitegen.rules.framework import load_framework
from tests.conftest import REPO, run

SMALL = {"reports": 8, "regions": 3, "seed": 7}


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    root = tmp_path_factory.mktemp("corpus") / "national"
    return root, generate(root, **SMALL)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml")) if "build" not in p.parts}


def test_the_corpus_validates_and_builds(small: tuple[Path, Corpus]) -> None:
    root, corpus = small
    result = run("validate", root)
    assert result.exit_code == 0, result.output
    assert "OK: 8 report(s), 3 region(s), no problems." in result.output
    result = run("build", root, "--no-pdf")
    assert result.exit_code == 0, result.output
    site = root / "build" / "site"
    assert sorted(p.stem for p in (site / "pdus").glob("*.html")) == sorted(corpus.reports)
    assert sorted(p.stem for p in (site / "letters").glob("*.html")) == sorted(corpus.letters)
    assert sorted(p.stem for p in (site / "regions").glob("*.html")) == sorted(corpus.regions)


def test_the_corpus_has_the_national_shape(small: tuple[Path, Corpus]) -> None:
    """Read back by sitegen, not taken from the generator's word: regions, frameworks, 'Not rated', letters."""
    root, _ = small
    content = load_content(root)
    reports = {slug: item.model for slug, item in content.reports.items()}
    regions = {slug: item.model.name for slug, item in content.regions.items()}
    assert sorted(regions.values()) == sorted(name for name, _ in REGIONS[:3])
    per_region = Counter(r.region for r in reports.values())
    assert set(per_region) == set(regions)
    assert sorted(per_region.values()) == [2, 3, 3]  # 8 shared out as the regions' sizes, at least one each
    frameworks = Counter(r.framework for r in reports.values())
    assert set(frameworks) == {"2021", "2024"}
    assert frameworks["2021"] > frameworks["2024"]
    assert any(s.rating == NOT_RATED for r in reports.values() for s in r.standards.values())
    letters = [item.model for item in content.letters.values()]
    assert Counter(letter.region for letter in letters) == dict.fromkeys(regions, 1)
    for letter in letters:
        assert 1 <= len(letter.pdus) <= 3
        assert {reports[slug].region for slug in letter.pdus} == {letter.region}


def test_the_foreword_states_the_overall_rating_of_the_house_rules(small: tuple[Path, Corpus]) -> None:
    root, _ = small
    for item in load_content(root).reports.values():
        framework = load_framework(item.model.framework)
        ratings = stated_or_computed_ratings(item.model, framework)
        overall = house.overall_rating(framework, house.score(framework, ratings))
        assert item.model.foreword.startswith(f"We have rated {item.model.pdu.removesuffix(' PDU')} ")
        assert f"as '{overall}' overall." in item.model.foreword.split("\n")[0]


def test_reports_are_as_long_as_the_samples(small: tuple[Path, Corpus]) -> None:
    root, _ = small
    samples = [len(p.read_text(encoding="utf-8").split()) for p in (REPO / "content" / "pdus").glob("*.yaml")]
    for path in (root / "content" / "pdus").glob("*.yaml"):
        words = len(path.read_text(encoding="utf-8").split())
        assert 0.7 * min(samples) <= words <= 1.3 * max(samples), path.name


def test_the_same_seed_writes_the_same_bytes(small: tuple[Path, Corpus], tmp_path: Path) -> None:
    root, corpus = small
    generate(tmp_path / "again", **SMALL)
    assert _files(tmp_path / "again") == _files(root)
    other = generate(tmp_path / "other", **(SMALL | {"seed": 8}))
    assert set(other.reports) != set(corpus.reports)
    assert _files(tmp_path / "other") != _files(root)


def test_the_command_line_writes_a_corpus_and_refuses_a_folder_in_use(tmp_path: Path) -> None:
    script = REPO / "benchmarks" / "national_corpus.py"
    done = subprocess.run(
        [sys.executable, script, tmp_path / "cli", "--reports", "4", "--regions", "2"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "4 reports in 2 regions" in done.stderr
    assert len(list((tmp_path / "cli" / "content" / "pdus").glob("*.yaml"))) == 4
    again = subprocess.run([sys.executable, script, tmp_path / "cli"], capture_output=True, text=True)
    assert again.returncode == 2
    assert "is not empty: give a new or empty folder" in again.stderr
    too_few = subprocess.run([sys.executable, script, tmp_path / "few", "--reports", "2"], capture_output=True, text=True)
    assert too_few.returncode == 2
    assert "--reports must be at least --regions (12)" in too_few.stderr
