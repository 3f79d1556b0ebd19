"""Every kind of author mistake is reported with file, line and field, and exit 1.

Each folder in fixtures/invalid/ is one broken thing laid over fixtures/minimal/;
its expected.txt lists lines that must appear in the output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import INVALID, MINIMAL, copy_project, run, run_process

CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def _project(tmp_path: Path, case: str) -> Path:
    project = copy_project(MINIMAL, tmp_path / "project", INVALID / case)
    if case == "bad-file-name":
        (project / "content/pdus/testford.yaml").unlink()
    return project


@pytest.mark.parametrize("case", CASES)
def test_invalid_case_is_reported(tmp_path: Path, case: str) -> None:
    project = _project(tmp_path, case)
    result = run("validate", project)
    assert result.exit_code == 1
    for line in (INVALID / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert line in result.output, f"{case}: expected {line!r} in:\n{result.output}"
    assert "Traceback" not in result.output


def test_there_is_a_case_for_each_kind_of_mistake() -> None:
    wanted = {
        "yaml-syntax", "unknown-field", "wrong-type", "missing-field", "unknown-region",
        "duplicate-recommendation", "rating-contradicts-key-questions", "decision-rule-leadership",
        "billion-laughs", "duplicate-key",
        # YAML traps, each explained in the author's words
        "colon-ending-bullet", "tab-indentation", "missing-space-after-dash", "missing-space-after-dash-in-a-list",
        "unquoted-standard-number", "block-text-outdented", "forgotten-pipe",
    }  # fmt: skip
    assert wanted <= set(CASES)


TRAPS = {
    "colon-ending-bullet": "put this sentence in double quotes",
    "colon-inside-bullet": "put this sentence in double quotes",
    "colon-bullet-with-sub-list": "write '- |' and, on the lines below it, indented, the sentence and then its sub-bullets",
    "colon-inside-value": "put the whole text in double quotes",
    "tab-indentation": "replace the tab with spaces",
    "missing-space-after-dash": "put a space after '-'",
    "missing-space-after-dash-in-a-list": "put a space after '-'",
    "unquoted-standard-number": 'write the standard\'s number alone, in double quotes, as the key: "2.1":',
    "block-text-outdented": "indent it by 6 spaces, like the lines above it",
    "forgotten-pipe": "without '|' YAML joins them into one",
}


@pytest.mark.parametrize("case", sorted(TRAPS))
def test_a_yaml_trap_is_one_problem_that_says_what_to_type(tmp_path: Path, case: str) -> None:
    """The trap's own message, at the line of the slip, and nothing that follows from it (no "add 'quote'")."""
    result = run("validate", _project(tmp_path, case))
    assert result.exit_code == 1
    assert "Validation failed: 1 problem." in result.output, result.output
    assert TRAPS[case] in result.output
    assert "'quote'" not in result.output and "fields allowed here" not in result.output
    assert "Traceback" not in result.output


def test_nine_mistakes_of_every_kind_are_reported_in_one_run_in_line_order(tmp_path: Path) -> None:
    """Schema, house-rule, numbering, footnote and YAML-trap mistakes of one file: none hides another."""
    result = run("validate", _project(tmp_path, "nine-mistakes"))
    lines = [line for line in result.output.splitlines() if line.startswith("content/pdus/testford.yaml:")]
    assert len(lines) == 9, result.output
    assert "Validation failed: 9 problems." in result.output
    numbers = [int(line.split(":")[1]) for line in lines]
    assert numbers == sorted(numbers)
    kinds = [
        "is not a month", "footnote [^rated] has no text", "expected 3, found 4", "unknown field 'strenghts'",
        "put this sentence in double quotes", "breaks a decision rule", "without '|' YAML joins them",
        "is not a percentage", "contradicts the key questions",
    ]  # fmt: skip
    for line, kind in zip(lines, kinds, strict=True):
        assert kind in line


def test_a_schema_problem_hides_only_what_follows_from_it(tmp_path: Path) -> None:
    """A refused value is no second problem: no 'rating is required' for a misspelt rating, no 'needs 3
    figures' for a refused figure, no 'standard missing' for a standard written wrong; the rest is checked."""
    project = copy_project(MINIMAL, tmp_path / "project")
    path = project / "content/pdus/testford.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in [
        ('"1.2":\n    rating: Good', '"1.2":\n    ratng: Good'),
        ("key_questions: [69, 64, 44]", "key_questions: [69, sixty, 44]"),
        ('"2.5":\n    key_questions: [64, 54, 31]', '"2.5": Inadequate'),
        ("Caseloads were high.", "Caseloads were high.[^gone]"),
    ]:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    output = run("validate", project).output
    assert "unknown field 'ratng': did you mean 'rating'?" in output
    assert "standards > 2.3 > key_questions > item 2:" in output
    assert "standards > 2.5: Input should be a valid dictionary" in output
    assert "footnote [^gone] has no text" in output, "the rest of the file is still checked"
    assert "Validation failed: 4 problems." in output, output


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    assert run("build", "--no-pdf", project).exit_code == 0
    site = project / "build" / "site"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    broken = project / "content/pdus/testford.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("pdu: Testford PDU", "pdu: Changed PDU\nrating: x"))
    result = run("build", "--no-pdf", project)
    assert result.exit_code == 1
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in (project / "build").iterdir()) == ["cache", "site"], "no staging folder left behind"


def test_author_mistake_in_a_real_process_has_no_traceback(tmp_path: Path) -> None:
    project = _project(tmp_path, "rating-contradicts-key-questions")
    done = run_process("build", project)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "content/pdus/testford.yaml:" in done.stderr
    assert not (project / "build").exists()


def test_verbose_shows_the_traceback(tmp_path: Path) -> None:
    project = _project(tmp_path, "unknown-field")
    done = run_process("validate", "--verbose", project)
    assert done.returncode == 1
    assert "Traceback" in done.stderr


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    # The file would expand to 9**9 strings if aliases were followed; refusing
    # it must not depend on expanding it (the test would run out of memory).
    project = _project(tmp_path, "billion-laughs")
    result = run("validate", project)
    assert result.exit_code == 1
    assert "anchors and aliases (&name, *name) are not allowed" in result.output
