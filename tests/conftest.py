"""Shared helpers: fixture projects copied into a temporary folder, the CLI run for real."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sitegen.cli import main
from tests.fidelity import compare_files

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
MINIMAL = FIXTURES / "minimal"
INVALID = FIXTURES / "invalid"
STRUCTURES = FIXTURES / "structures"
REFERENCE = TESTS / "reference"
#: sitegen's own veraPDF runner (installs itself on first use).
VERAPDF = REPO / "tools" / "verapdf" / "verapdf"


def copy_project(source: Path, target: Path, overlay: Path | None = None) -> Path:
    """A copy of a fixture project, with the files of an invalid case laid over it."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build"))
    if overlay is not None:
        shutil.copytree(overlay, target, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    return target


def run(*args: str | Path) -> Result:
    """The sitegen command line, in process."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def run_process(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The sitegen command line as an author runs it: a separate process."""
    return subprocess.run(
        [sys.executable, "-m", "sitegen", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def sentence_recall(reference_number: str, candidate: Path, running_head: str) -> tuple[float, str]:
    """The sentence recall of ``candidate`` against reference ``NNN``, with its report.

    Running heads (``running_head``, a regex) and page numbers are dropped from both texts.
    """
    reference = next(REFERENCE.glob(f"{reference_number}_*.txt"))
    result = compare_files(reference, candidate, [running_head, r"(Page )?\d+( of \d+)?"])
    return result.sentence_recall, result.report(show=10)


@dataclass
class Checked:
    """A project audited by `sitegen check`: its exit code, output and audit.json."""

    project: Path
    exit_code: int
    output: str
    audit: dict[str, Any]

    @property
    def site(self) -> Path:
        return self.project / "build" / "site"

    def findings(self, **match: str) -> list[dict[str, str]]:
        return [f for f in self.audit["findings"] if all(f[k] == v for k, v in match.items())]


def check(*args: str | Path) -> Result:
    """``sitegen check`` in process."""
    from sitegen.cli import check_command

    return CliRunner().invoke(check_command, [str(a) for a in args], catch_exceptions=False)


def checked(project: Path, *args: str) -> Checked:
    """``sitegen check`` of a project, with its audit.json read."""
    result = check(project, *args)
    audit_json = project / "build/site/audit.json"
    assert audit_json.is_file(), result.output
    return Checked(project, result.exit_code, result.output, json.loads(audit_json.read_text(encoding="utf-8")))


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    return copy_project(MINIMAL, tmp_path / "project")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own content built once: build/site of a copy of the repo project."""
    return build_sample(tmp_path_factory.mktemp("sample"))


def build_sample(root: Path) -> Path:
    """The repository's own content copied into ``root`` and built: its build/site."""
    for name in ("site.yaml", "content", "themes"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        else:
            shutil.copy2(src, root / name)
    result = run("build", root)
    assert result.exit_code == 0, result.output
    return root / "build" / "site"


@pytest.fixture(scope="session")
def structures_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project of every list-entry structure (fixtures/structures) built once, PDFs included: its root.

    Audited by tests/test_structures.py and imported back by tests/test_import.py: one build for both.
    """
    project = copy_project(STRUCTURES, tmp_path_factory.mktemp("structures") / "project")
    result = run("build", project)
    assert result.exit_code == 0, result.output
    return project
