"""The incremental build: after any single-file change its site is, byte for byte, a clean build's site
(pages, PDFs, open data, feed and search index), and it made again only what the change reaches; a
build killed midway leaves a graph the next trusts.

One project (the minimal fixture with a theme of its own, so that a theme file can change) is built once
with its PDFs, then changed one file at a time; after each change the incremental build's site is
compared with a clean build of a copy of the project (no build/ folder at all), file by file.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sitegen.build import BuildResult, build
from sitegen.pdf.options import PdfOptions
from tests.conftest import MINIMAL, REPO, copy_project

REPORT = "content/pdus/testford.yaml"


def _site(root: Path) -> dict[str, bytes]:
    site = root / "build" / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _inodes(root: Path) -> dict[str, int]:
    site = root / "build" / "site"
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("*") if p.is_file()}


def _clean_copy(root: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(root, target, ignore=shutil.ignore_patterns("build"))
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(MINIMAL, tmp_path_factory.mktemp("incremental") / "project")
    shutil.copytree(REPO / "themes/house", root / "themes/house")  # the project's own copy of the theme
    result = build(root, pdf=PdfOptions(), jobs=2)
    assert result.made is not None and result.made.pdfs_rendered == 2
    return root


R, L = "pdus/testford", "letters/north-east-2023"
# Each change: what it is, the edit, the PDFs it must render again, the files whose bytes it changes.
CHANGES: list[tuple[str, Callable[[Path], None], set[str], set[str]]] = [
    (
        "a report's prose",
        lambda root: _edit(root / REPORT, "We have rated Testford PDU", "Prose edited. We have rated Testford PDU"),
        {f"{R}.pdf"},
        {f"{R}.pdf", f"{R}.html"},
    ),
    (
        "a recommendation the letter quotes",
        lambda root: _edit(root / REPORT, "improve planning", "improve planning and review"),
        {f"{R}.pdf", f"{L}.pdf"},
        {f"{R}.pdf", f"{R}.html", f"{L}.pdf", f"{L}.html"},
    ),
    (
        "a framework-generated sentence overridden by the report",
        lambda root: _edit(
            root / REPORT,
            '  "2.1":\n    key_questions: [50]\n',
            '  "2.1":\n    key_questions: [50]\n    key_question_intro: "Our words: {name} is {rating}.[^method]"\n',
        ),
        {f"{R}.pdf"},
        {f"{R}.pdf", f"{R}.html"},
    ),
    (
        "a letter",
        lambda root: _edit(root / "content/letters/north-east-2023.yaml", "Many thanks", "Our thanks"),
        {f"{L}.pdf"},
        {f"{L}.pdf", f"{L}.html"},
    ),
    (
        "a region",
        lambda root: _edit(root / "content/regions/north-east.yaml", "name: North East", "name: North-East"),
        {f"{R}.pdf", f"{L}.pdf"},
        {
            f"{R}.pdf",
            f"{R}.html",
            f"{L}.pdf",
            f"{L}.html",
            "index.html",
            "regions/north-east.html",
            "manifest.json",
            # Its name is in every page's navigation, the open data, the charts and the feed.
            "overview.html",
            "search.html",
            "accessibility.html",
            "404.html",
            "feed.xml",
            "data/datapackage.json",
            "data/inspections.json",
            "data/ratings.csv",
            "data/key-questions.csv",
            "data/regions/north-east-ratings.csv",
            "data/regions/north-east-key-questions.csv",
        },  # fmt: skip
    ),
    (
        "site.yaml",
        lambda root: _edit(root / "site.yaml", "We have made these recommendations.", "We make these recommendations."),
        {f"{R}.pdf", f"{L}.pdf"},
        {f"{R}.pdf", f"{R}.html"},
    ),
    (
        "a theme file",
        lambda root: _edit(root / "themes/house/static/pdf.css", "--brand: #5a2a82;", "--brand: #5a2a82; /* the house colour */"),
        {f"{R}.pdf", f"{L}.pdf"},
        {"static/pdf.css"},
    ),
]


@pytest.mark.parametrize(("what", "change", "rendered", "changed"), CHANGES, ids=[c[0] for c in CHANGES])
def test_an_incremental_build_is_a_clean_build(
    project: Path, tmp_path: Path, what: str, change: Callable[[Path], None], rendered: set[str], changed: set[str]
) -> None:
    before, inodes = _site(project), _inodes(project)
    change(project)
    result: BuildResult = build(project, pdf=PdfOptions(), jobs=2)
    after = _site(project)
    clean = _clean_copy(project, tmp_path / "clean")
    assert build(clean, pdf=PdfOptions(), jobs=2).made is not None
    assert after == _site(clean), f"after {what}, the incremental build differs from a clean build"
    assert result.made is not None and set(result.made.rendered) == rendered, f"after {what}: rendered {result.made}"
    differ = {path for path in after if before.get(path) != after[path]}
    # The search index is made from every page: it changes when a page does, and only then.
    search = {path for path in differ if path.startswith("pagefind/")}
    assert bool(search) == any(path.endswith(".html") for path in changed), f"after {what}: search index {search}"
    assert differ - search == changed, f"after {what}"
    # What did not change was not written again: the same file (inode), linked into the new site.
    now = _inodes(project)
    assert all(now[path] == inodes[path] for path in after if path not in differ and path in inodes)


def test_nothing_changed_writes_nothing(project: Path) -> None:
    inodes = _inodes(project)
    result = build(project, pdf=PdfOptions(), jobs=2)
    assert result.made is None and result.checked is None, "a build with nothing to do reads no content"
    assert _inodes(project) == inodes


def test_the_last_audit_makes_the_statement_again(project: Path, tmp_path: Path) -> None:
    """The audit.json that `sitegen check` leaves in the output folder is an input of the accessibility
    statement, and of nothing else (but the search index, which indexes every page)."""
    audit = {
        "totals": {"pages": 9, "pdfs": 2, "findings": 1},
        "gates": {"html-a11y": {"checks": "axe-core", "findings": 1}},
        "findings": [{"gate": "html-a11y", "rule": "color-contrast"}],
    }
    before = _site(project)
    (project / "build/site/audit.json").write_text(json.dumps(audit), encoding="utf-8")
    result = build(project, pdf=PdfOptions(), jobs=2)
    assert result.made is not None and not result.made.rendered
    after = _site(project)
    clean = _clean_copy(project, tmp_path / "clean")
    (clean / "build/site").mkdir(parents=True)
    (clean / "build/site/audit.json").write_text(json.dumps(audit), encoding="utf-8")
    assert build(clean, pdf=PdfOptions(), jobs=2).made is not None
    assert after == _site(clean), "with an audit, the incremental build differs from a clean build"
    assert {path for path in after if before.get(path) != after[path] and not path.startswith("pagefind/")} == {
        "accessibility.html"
    }
    assert b"color-contrast" in after["accessibility.html"]
    # The audit went with the site it reported on: the next build says the site has not been checked.
    again = build(project, pdf=PdfOptions(), jobs=2)
    assert again.made is not None and _site(project) == before


def _run(root: Path, pause: str | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "SITEGEN_PAUSE_AT": pause} if pause else {k: v for k, v in os.environ.items() if k != "SITEGEN_PAUSE_AT"}
    command = [sys.executable, "-m", "sitegen", "build", str(root), "--jobs", "2"]
    return subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_at(root: Path, stage: str) -> None:
    process = _run(root, stage)
    assert process.stderr is not None
    for line in process.stderr:
        if line.strip() == f"sitegen: paused at {stage}":
            break
    else:
        process.communicate(timeout=30)
        pytest.fail(f"the build never reached {stage}")
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)


@pytest.mark.parametrize("stage", ["pdf", "swapped"])
def test_a_killed_build_leaves_a_graph_the_next_build_trusts(project: Path, tmp_path: Path, stage: str) -> None:
    _edit(project / REPORT, "Caseloads were high", f"Caseloads were high ({stage})")
    _kill_at(project, stage)
    done = _run(project)
    stdout, stderr = done.communicate(timeout=300)
    assert done.returncode == 0, stderr
    clean = _clean_copy(project, tmp_path / "clean")
    assert build(clean, pdf=PdfOptions(), jobs=2).made is not None
    assert _site(project) == _site(clean), f"killed at {stage}, the next build differs from a clean build"
    # The PDF rendered before the kill was kept (by the key of its inputs), not rendered again.
    assert "Rendering" not in stderr
    again = build(project, pdf=PdfOptions(), jobs=2)
    assert again.made is None, "after the recovery, nothing is left to do"


def test_the_preview_rebuilds_only_the_page_a_prose_edit_reaches(tmp_path: Path) -> None:
    from sitegen.preview.builder import Preview

    root = copy_project(MINIMAL, tmp_path / "project")
    preview = Preview(root, tmp_path / "preview")
    try:
        first = preview.rebuild().good
        assert first is not None and first.result.made is not None and len(first.result.made.files) > 5
        _edit(root / REPORT, "Caseloads were high", "Caseloads were very high")
        state = preview.rebuild()
        good = state.good
        assert good is not None and good.result.made is not None and not state.problems
        assert set(good.result.made.files) == {"pdus/testford.html"}
        assert "Caseloads were very high" in (good.folder / "pdus/testford.html").read_text(encoding="utf-8")
        # Every other file of the new build is the last build's, linked, not written again.
        others = [p.relative_to(good.folder) for p in good.folder.rglob("*") if p.is_file() and p.name != "testford.html"]
        assert others and all((good.folder / p).stat().st_ino == (first.folder / p).stat().st_ino for p in others)
    finally:
        preview.close()
