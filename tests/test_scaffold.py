"""sitegen new: a scaffold that lists its TODOs until they are written, then validates.

The TODOs are written over here as an author would, value by value, and the file is validated by the
real command line; every field of the content model must appear in the scaffold, explained.
"""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from sitegen.content.model import ENTRY_KINDS, Letter, Report
from sitegen.content.shape import models_in
from tests.conftest import MINIMAL, copy_project, run

#: What an author writes over each TODO, by field; any other TODO text becomes a sentence.
WRITTEN = {
    "pdu": "Newtown PDU",
    "published": "May 2023",
    "fieldwork_started": "March 2023",
    "isbn": "978-1-915468-51-2",
    "rating": "Good",
    "date": "25 May 2023",
    "salutation": "Dear Pat,",
}
_TODO_VALUE = re.compile(r'^(\s*(?:- )?)(?:(\w+): )?"TODO:[^"]*"')


def write_over_todos(text: str) -> str:
    """Every TODO of a scaffold written over: figures of 70%, ratings 'Good', a sentence for text."""
    lines = []
    for line in text.splitlines():
        line = re.sub(r"\[TODO(?:, TODO)*\]", lambda m: "[" + ", ".join(["70"] * m[0].count("TODO")) + "]", line)
        match = _TODO_VALUE.match(line)
        if match:
            key = match[2] or ""
            value = WRITTEN.get(key, "A sentence the author wrote.")
            line = f'{match[1]}{key + ": " if key else ""}"{value}"' + line[match.end() :]
        line = re.sub(r"^(\s+)TODO:.*$", r"\1A paragraph the author wrote.", line)
        lines.append(line)
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("framework", ["2021", "2024"])
def test_a_new_report_lists_its_todos_then_validates_once_they_are_written(tmp_path: Path, framework: str) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    result = run("new", "pdu", "newtown", project, "--region", "north-east", "--framework", framework)
    assert result.exit_code == 0, result.output
    assert "Wrote content/pdus/newtown.yaml" in result.output
    path = project / "content/pdus/newtown.yaml"
    text = path.read_text(encoding="utf-8")

    listed = run("validate", project)
    assert listed.exit_code == 1
    problems = [line for line in listed.output.splitlines() if line.startswith("content/")]
    assert problems and all(line.startswith("content/pdus/newtown.yaml:") for line in problems)
    assert all(": still to fill in: TODO" in line for line in problems), "only the TODOs, nothing that follows from them"
    todo_values = sum(1 for line in text.splitlines() if not line.lstrip().startswith("#") for _ in re.finditer("TODO", line))
    assert len(problems) == todo_values

    path.write_text(write_over_todos(text), encoding="utf-8")
    validated = run("validate", project)
    assert validated.exit_code == 0, validated.output
    built = run("build", "--no-pdf", project)
    assert built.exit_code == 0, built.output
    page = (project / "build/site/pdus/newtown.html").read_text(encoding="utf-8")
    assert "Newtown PDU" in page and "A paragraph the author wrote." in page


def _field_names(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """Every field name of a model and of the models inside it (list entries of every kind included)."""
    seen = seen if seen is not None else set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for field in model.model_fields.values():
        for inner in _models_inside(field.annotation):
            names |= _field_names(inner, seen)
    return names


def _models_inside(annotation: object) -> list[type[BaseModel]]:
    found = list(models_in(annotation))
    for arg in typing.get_args(annotation):
        found += _models_inside(arg)
    return found


@pytest.mark.parametrize(("kind", "model", "args"), [("pdu", Report, ["--framework", "2021"]), ("letter", Letter, [])])
def test_every_field_is_in_the_scaffold_with_a_comment(
    tmp_path: Path, kind: str, model: type[BaseModel], args: list[str]
) -> None:  # noqa: E501
    project = copy_project(MINIMAL, tmp_path / "project")
    assert run("new", kind, "newtown", project, "--region", "north-east", *args).exit_code == 0
    text = next((project / "content").glob("*/newtown.yaml")).read_text(encoding="utf-8")
    written = set(re.findall(r"^[\s#-]*(\w+):", text, re.MULTILINE))
    fields = _field_names(model) | set(ENTRY_KINDS)
    assert fields - written == set()
    for line in text.splitlines():
        if re.match(r"^\s*(\w+):\s*$", line):
            assert "#" in line, f"a field without a comment: {line!r}"


def test_a_new_letter_names_the_regions_pdus_and_validates_once_written(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    (project / "content/letters/north-east-2023.yaml").unlink()
    result = run("new", "letter", "north-east-2024", project, "--region", "north-east")
    assert result.exit_code == 0, result.output
    path = project / "content/letters/north-east-2024.yaml"
    text = path.read_text(encoding="utf-8")
    assert "pdus: [otherton, testford]" in text
    listed = run("validate", project)
    assert listed.exit_code == 1 and "north-east-2024.yaml:" in listed.output and "still to fill in" in listed.output
    path.write_text(write_over_todos(text), encoding="utf-8")
    validated = run("validate", project)
    assert validated.exit_code == 0, validated.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pdu", "testford", "--region", "north-east"], "content/pdus/testford.yaml already exists"),
        (["pdu", "New Town", "--region", "north-east"], "'New Town' cannot be a file name"),
        (["pdu", "newtown", "--region", "north-eats"], "no region 'north-eats' in content/regions/: did you mean 'north-east'?"),
        (["pdu", "newtown", "--region", "north-east", "--framework", "2022"], "'2022' is not one of '2021', '2024'"),
        (["letter", "north-east-2023", "--region", "north-east"], "content/letters/north-east-2023.yaml already exists"),
    ],
)
def test_a_scaffold_is_never_written_over_a_file_or_where_it_cannot_validate(
    tmp_path: Path, args: list[str], message: str
) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    testford = (project / "content/pdus/testford.yaml").read_bytes()
    result = run("new", args[0], args[1], project, *args[2:])
    assert result.exit_code != 0
    assert message in result.output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before
    assert (project / "content/pdus/testford.yaml").read_bytes() == testford
