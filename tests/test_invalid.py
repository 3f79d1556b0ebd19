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
    }  # fmt: skip
    assert wanted <= set(CASES)


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
