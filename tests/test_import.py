"""sitegen import: published reports (extracted text, or PDF) back into content files.

The three reference reports are imported from their text, the sample reports
from their freshly built PDFs, and a hand-written report in an unusual shape
from its text; all are built once, together, into one project, and the pages
and PDFs measured against the references and the original pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from sitegen.content.model import Report
from sitegen.rules.checks import stated_or_computed_ratings
from sitegen.rules.framework import load_framework
from tests.conftest import FIXTURES, REFERENCE, REPO, run, sentence_recall
from tests.fidelity import compare_files, normalise, read_text, sentences

REPORTS = {"wigan": "000", "wakefield": "002", "cheshire-west": "003"}
UNUSUAL = FIXTURES / "import" / "testford.txt"
RUNNING_HEAD = "Inspection of probation services: .*"


def _reference(number: str) -> Path:
    return next(REFERENCE.glob(f"{number}_*.txt"))


def _empty_project(root: Path) -> Path:
    """The repository's site, theme and regions, with no reports."""
    root.mkdir(parents=True)
    shutil.copy2(REPO / "site.yaml", root / "site.yaml")
    shutil.copytree(REPO / "themes", root / "themes")
    shutil.copytree(REPO / "content" / "regions", root / "content" / "regions")
    return root


@pytest.fixture(scope="session")
def imported(sample_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every import of the tests in one project, built once with its PDFs: the project's root."""
    root = _empty_project(tmp_path_factory.mktemp("import") / "project")
    pdus = root / "content" / "pdus"
    for slug, number in REPORTS.items():
        result = run("import", _reference(number), "--project", root, "--out", pdus / f"{slug}-text.yaml")
        assert result.exit_code == 0, result.output
        result = run("import", sample_site / f"pdus/{slug}.pdf", "--project", root, "--out", pdus / f"{slug}-pdf.yaml")
        assert result.exit_code == 0, result.output
    result = run("import", UNUSUAL, "--project", root)
    assert result.exit_code == 0, result.output
    result = run("build", root)
    assert result.exit_code == 0, result.output
    return root


def _draft(root: Path, name: str) -> dict:
    return yaml.safe_load((root / "content" / "pdus" / f"{name}.yaml").read_text(encoding="utf-8"))


def _import_report(root: Path, name: str) -> str:
    return (root / "content" / "pdus" / f"{name}.import.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", REPORTS)
def test_reference_text_imports_and_rebuilds_to_the_reference(imported: Path, slug: str) -> None:
    site = imported / "build" / "site" / "pdus"
    for candidate in (site / f"{slug}-text.html", site / f"{slug}-text.pdf"):
        recall, report = sentence_recall(REPORTS[slug], candidate, RUNNING_HEAD)
        assert recall >= 0.98, f"{candidate.name}\n{report}"
    text = _import_report(imported, f"{slug}-text")
    assert "Validation (0)" in text and "The draft validates" in text
    assert re.search(r"^Not placed \(\d+\)$", text, re.MULTILINE)


@pytest.mark.parametrize("slug", REPORTS)
def test_every_reference_sentence_is_placed_or_listed(imported: Path, slug: str) -> None:
    """Nothing is dropped silently: a sentence missing from the rebuilt page is in the import report.

    Table rows are left out: the tables are printed from the figures, which the round trip checks.
    """
    page = " " + " ".join(normalise(read_text(imported / "build" / "site" / "pdus" / f"{slug}-text.html"))) + " "
    listed = " " + " ".join(normalise(_import_report(imported, f"{slug}-text").replace("    | ", " "))) + " "
    generated = " " + " ".join(normalise(read_text(imported / "build" / "site" / "pdus" / f"{slug}-text.pdf"))) + " "
    lost = [
        " ".join(s)
        for s in sentences(
            "\n".join(x for x in _reference(REPORTS[slug]).read_text(encoding="utf-8").splitlines() if "\t" not in x)
        )
        if not any(f" {' '.join(s)} " in where for where in (page, listed, generated))
    ]
    assert lost == []


@pytest.mark.parametrize("slug", REPORTS)
def test_lost_list_headings_are_recovered_by_the_general_rule(imported: Path, slug: str) -> None:
    """The extraction lost most 'Areas for improvement:' headings; the lists come out as the authors split them."""
    original, draft = yaml.safe_load((REPO / "content" / "pdus" / f"{slug}.yaml").read_text()), _draft(imported, f"{slug}-text")

    def shape(report: dict) -> dict:
        out = {}
        for number, standard in report["standards"].items():
            out[number] = (len(standard.get("strengths", [])), len(standard.get("areas_for_improvement", [])))
            for section in standard.get("sections", []):
                out[section["title"]] = (len(section.get("strengths", [])), len(section.get("areas_for_improvement", [])))
        outcomes = report.get("outcomes", {})
        out["outcomes"] = (len(outcomes.get("strengths", [])), len(outcomes.get("areas_for_improvement", [])))
        return out

    assert shape(draft) == shape(original)
    assert "'Areas for improvement:' is missing" in _import_report(imported, f"{slug}-text")


@pytest.mark.parametrize("slug", REPORTS)
def test_round_trip_of_our_own_pdf(sample_site: Path, imported: Path, slug: str) -> None:
    """Built PDF -> import -> build: the page says what the original page says, with the same figures."""
    rebuilt = imported / "build" / "site" / "pdus" / f"{slug}-pdf.html"
    result = compare_files(sample_site / "pdus" / f"{slug}.html", rebuilt)
    assert result.sentence_recall == 1.0, result.report(show=10)
    original = Report.model_validate(yaml.safe_load((REPO / "content" / "pdus" / f"{slug}.yaml").read_text()))
    draft = Report.model_validate(_draft(imported, f"{slug}-pdf"))
    framework = load_framework(original.framework)
    assert stated_or_computed_ratings(draft, framework) == stated_or_computed_ratings(original, framework)
    assert {n: s.key_questions for n, s in draft.standards.items()} == {n: s.key_questions for n, s in original.standards.items()}
    assert (draft.outcomes and draft.outcomes.key_questions) == (original.outcomes and original.outcomes.key_questions)
    assert [(g.addressee, list(g.items)) for g in draft.recommendations] == [
        (g.addressee, list(g.items)) for g in original.recommendations
    ]
    assert "Not placed (0)" in _import_report(imported, f"{slug}-pdf")


def test_a_report_in_an_unusual_shape(imported: Path) -> None:
    """A standard with no strengths, a group of one, a footnote in a finding, a practice example, court work not rated."""
    draft = _draft(imported, "testford")
    assert "strengths" not in draft["standards"]["1.2"]
    finding = draft["standards"]["1.2"]["areas_for_improvement"][1]
    assert finding.startswith("Case administrators") and "[^1]: The PDU's own workload figures, March 2025." in finding
    assert [list(g["items"]) for g in draft["recommendations"]] == [[1, 2], [3]]
    assert draft["standards"]["2.1"]["rating"] == "Not rated"
    assert draft["standards"]["2.5"]["key_questions"] == [81, 85, 80]
    # Words as a reader sees them: the page keeps "March 2025" on one line with a non-breaking space.
    page = " ".join(read_text(imported / "build" / "site" / "pdus" / "testford.html").split())
    assert "The PDU's own workload figures, March 2025." in page
    report = _import_report(imported, "testford")
    assert "line 133: a practice example" in report and "Practice example: Sam's plan" in report
    assert "line 135: part of a practice example" in report


def _wigan_text(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    text = _reference("000").read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    source = tmp_path / "wigan.txt"
    source.write_text(text, encoding="utf-8")
    return source


def test_a_misread_figure_is_a_finding_and_a_validation_problem(tmp_path: Path) -> None:
    root = _empty_project(tmp_path / "project")
    source = _wigan_text(
        tmp_path, ("keeping other people safe?\t33%", "keeping other people safe?\t83%"), ("Score\t7/27", "Score\t9/27")
    )
    result = run("import", source, "--project", root)
    assert result.exit_code == 1
    assert re.search(r"content/pdus/wigan\.yaml:\d+:\d+: standards > 2\.2 > rating: 'Inadequate' contradicts", result.output)
    report = _import_report(root, "wigan")
    assert "standard 2.2 is rated 'Inadequate', but its lowest figure, 64%, gives 'Requires improvement'" in report
    assert "the score reads 9/27, the ratings give 7/27" in report
    assert re.search(r"standards > 2\.2 > rating: .*\n    from the source at line \d+", report)


def test_a_passage_with_no_place_is_listed_with_its_line(tmp_path: Path) -> None:
    root = _empty_project(tmp_path / "project")
    source = _wigan_text(tmp_path, ("\nWigan PDU\n", "\nWigan PDU\n\nA report in the series of PDU inspections\n"))
    result = run("import", source, "--project", root)
    assert result.exit_code == 0, result.output
    report = _import_report(root, "wigan")
    assert (
        "line 7: on the cover, but no field of the content model holds it\n    | A report in the series of PDU inspections"
        in report
    )


def test_never_writes_over_a_file_without_force(tmp_path: Path) -> None:
    root = _empty_project(tmp_path / "project")
    source = _wigan_text(tmp_path)
    assert run("import", source, "--project", root).exit_code == 0
    draft = root / "content" / "pdus" / "wigan.yaml"
    draft.write_text("# edited by hand\n", encoding="utf-8")
    result = run("import", source, "--project", root)
    assert result.exit_code == 1
    assert "content/pdus/wigan.yaml exists: import with --force to replace it" in result.output
    assert draft.read_text(encoding="utf-8") == "# edited by hand\n"
    assert run("import", source, "--project", root, "--force").exit_code == 0
    assert draft.read_text(encoding="utf-8").startswith("# Imported by `sitegen import`")


def test_a_source_that_is_not_a_report_fails_in_one_line(tmp_path: Path) -> None:
    root = _empty_project(tmp_path / "project")
    missing = run("import", tmp_path / "nowhere.pdf", "--project", root)
    assert missing.exit_code == 1 and "nowhere.pdf: no such file" in missing.output
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    result = run("import", binary, "--project", root)
    assert result.exit_code == 1 and "image.png: neither a PDF nor UTF-8 text" in result.output
    assert "Traceback" not in result.output
    assert not list((root / "content" / "pdus").glob("*")) if (root / "content" / "pdus").exists() else True


def test_a_letter_imports_with_its_pdus_found_in_the_project(tmp_path: Path) -> None:
    """--kind letter: the letter's own text placed, its annexes recognised as printed from the PDUs' files."""
    root = tmp_path / "project"
    shutil.copytree(REPO / "content", root / "content")
    shutil.copy2(REPO / "site.yaml", root / "site.yaml")
    original = yaml.safe_load((root / "content" / "letters" / "greater-manchester-2023.yaml").read_text(encoding="utf-8"))
    (root / "content" / "letters" / "greater-manchester-2023.yaml").unlink()
    result = run("import", _reference("001"), "--project", root, "--kind", "letter")
    assert result.exit_code == 0, result.output
    draft = yaml.safe_load((root / "content" / "letters" / "greater-manchester-2023.yaml").read_text(encoding="utf-8"))
    assert draft["pdus"] == original["pdus"] and draft["region"] == original["region"] and draft["date"] == original["date"]
    assert draft["to"] == original["to"] and draft["cc"] == original["cc"] and draft["sign_off"] == original["sign_off"]
    assert [t["title"] for t in draft["themes"]] == [t["title"] for t in original["themes"]]
    assert [len(t.get("strengths", [])) for t in draft["themes"]] == [len(t.get("strengths", [])) for t in original["themes"]]
    assert "Not placed (0)" in (root / "content" / "letters" / "greater-manchester-2023.import.txt").read_text(encoding="utf-8")
