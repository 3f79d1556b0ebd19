"""sitegen proof: a contact sheet of every page of the PDFs, naming the pages the copy-fit check flags."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pikepdf
import pytest

from tests.conftest import FIXTURES, MINIMAL, copy_project, run, run_process

BROKEN = FIXTURES / "check" / "broken"


def _pages(pdf: Path) -> int:
    with pikepdf.open(pdf) as document:
        return len(document.pages)


def test_the_sheet_shows_every_page_and_names_the_short_ones(tmp_path: Path) -> None:
    # The broken fixture's print template leaves a line of the report alone on a page.
    project = copy_project(MINIMAL, tmp_path / "project", overlay=BROKEN)
    done = run_process("proof", project)
    assert done.returncode == 0, done.stderr
    sheet = project / "build/proof/index.html"
    page = lxml.html.parse(str(sheet))
    report_pages = _pages(project / "build/site/pdus/testford.pdf")
    letter_pages = _pages(project / "build/site/letters/north-east-2023.pdf")
    images = page.xpath("//figure/a/img")
    assert len(images) == report_pages + letter_pages
    for image in images:
        assert (sheet.parent / image.get("src")).is_file() and image.get("alt").startswith("Page ")
    flagged = [" ".join(f.text_content().split()) for f in page.xpath("//figure[contains(@class, 'flagged')]/figcaption")]
    assert flagged and all("a near-empty page" in f for f in flagged), flagged
    assert "pdus/testford.pdf page 7: 1 line of text: a near-empty page" in done.stderr
    assert "flagged by the copy-fit check" in done.stderr
    assert not (project / "build/site/proof").exists(), "the sheet is not part of the site"


def test_a_proof_of_chosen_reports_only(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    result = run("proof", project, "testford")
    assert result.exit_code == 0, result.output
    sheet = lxml.html.parse(str(project / "build/proof/index.html"))
    assert [h.text.strip() for h in sheet.xpath("//h2")] == ["An inspection of probation services in: Testford PDU (May 2023)"]
    assert not sheet.xpath("//figure[contains(@class, 'flagged')]")
    assert "The copy-fit check flags no page." in sheet.xpath("string(//main)")
    wrong = run("proof", project, "testfrod")
    assert wrong.exit_code == 1 and "did you mean 'testford'?" in wrong.output


def test_without_pdftoppm_the_proof_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("proof", project)
    assert result.exit_code == 1 and "install poppler-utils" in result.output
