"""Building a project: determinism, overrides, options, untrusted content."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from lxml import html as lh

from sitegen.site.write import UnsafePath, safe_target
from tests.conftest import run, run_process


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "content/pdus/testford.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_same_content_builds_the_same_bytes(minimal: Path, tmp_path: Path) -> None:
    assert run("build", minimal, "--out", tmp_path / "a").exit_code == 0
    # The second build renders its PDF afresh (no cache), in this process.
    shutil.rmtree(minimal / "build" / "cache")
    assert run("build", minimal, "--out", tmp_path / "b", "--jobs", "1").exit_code == 0
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert "pdus/testford.pdf" in _files(tmp_path / "a"), "the PDFs are part of the comparison"


def test_build_writes_default_output_and_validate_writes_nothing(minimal: Path) -> None:
    result = run("validate", minimal)
    assert result.exit_code == 0, result.output
    assert not (minimal / "build").exists()
    assert run("build", "--no-pdf", minimal).exit_code == 0
    assert (minimal / "build/site/pdus/testford.html").is_file()


def test_build_from_the_current_folder(minimal: Path) -> None:
    done = run_process("build", cwd=minimal)
    assert done.returncode == 0, done.stderr
    assert (minimal / "build/site/index.html").is_file()
    assert "Built 1 report and 1 letter into build/site (2 PDFs)" in done.stderr


def test_rebuild_removes_pages_of_deleted_reports(minimal: Path) -> None:
    (minimal / "content/pdus/other.yaml").write_text(
        (minimal / "content/pdus/testford.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert run("build", "--no-pdf", minimal).exit_code == 0
    assert (minimal / "build/site/pdus/other.html").exists()
    (minimal / "content/pdus/other.yaml").unlink()
    assert run("build", "--no-pdf", minimal).exit_code == 0
    assert not (minimal / "build/site/pdus/other.html").exists()


def test_html_typed_into_content_is_shown_as_text(minimal: Path) -> None:
    _edit(
        minimal,
        "We have rated Testford PDU",
        "<script>alert('x')</script> <img src=x onerror=alert(1)> We have rated Testford PDU",
    )
    _edit(minimal, "pdu: Testford PDU", "pdu: Testford <b>PDU</b>")
    _edit(minimal, "      - Leaders were visible.", "      - '[click](javascript:alert(1)) and ![img](javascript:x)'")
    assert run("build", "--no-pdf", minimal).exit_code == 0
    raw = (minimal / "build/site/pdus/testford.html").read_text(encoding="utf-8")
    assert "<script>alert" not in raw and "<img" not in raw and "<b>PDU</b>" not in raw
    # Shown as text, its quotes made typographic as all body text's are.
    assert "&lt;script&gt;alert(‘x’)&lt;/script&gt;" in raw
    page = lh.fromstring(raw.encode())
    assert not page.xpath("//script") and not page.xpath("//img")
    assert not [h for h in page.xpath("//a/@href") if h.lower().startswith("javascript")]
    assert "Testford <b>PDU</b>" in page.xpath("//h1")[0].text_content()


def test_markdown_in_content(minimal: Path) -> None:
    _edit(minimal, "Caseloads were high.", "Caseloads were *high*, see [the data](https://example.org/data).")
    assert run("build", "--no-pdf", minimal).exit_code == 0
    page = lh.fromstring((minimal / "build/site/pdus/testford.html").read_bytes())
    background = page.xpath("//section[@id='background']")[0]
    assert background.xpath(".//em")[0].text == "high"
    assert background.xpath(".//a[text()='the data']/@href") == ["https://example.org/data"]


def test_unused_footnote_is_an_error(minimal: Path) -> None:
    _edit(minimal, "  [^week]: Over one week.\n", "  [^week]: Over one week.\n\n  [^spare]: Never called.\n")
    result = run("validate", minimal)
    assert result.exit_code == 1
    assert "content/pdus/testford.yaml:29:3: background: footnote [^spare] is written but never called" in result.output


def test_a_template_override_replaces_one_template_and_can_extend_the_theme(minimal: Path) -> None:
    (minimal / "templates").mkdir()
    (minimal / "templates/report.html").write_text(
        '{% extends "theme/house/report.html" %}{% block title %}OVERRIDDEN {{ report.pdu }}{% endblock %}', encoding="utf-8"
    )
    assert run("build", "--no-pdf", minimal).exit_code == 0
    page = lh.fromstring((minimal / "build/site/pdus/testford.html").read_bytes())
    assert page.xpath("//title")[0].text == "OVERRIDDEN Testford PDU"
    assert page.xpath("//section[@id='foreword']"), "the rest of the theme's template still renders"


def test_a_typo_in_a_template_fails_the_build_with_its_file_and_line(minimal: Path) -> None:
    (minimal / "templates").mkdir()
    (minimal / "templates/index.html").write_text(
        '{% extends "base.html" %}\n{% block main %}\n{{ site.titel }}\n{% endblock %}\n'
    )
    result = run("build", "--no-pdf", minimal)
    assert result.exit_code == 1
    assert "templates/index.html:3:1: template error" in result.output
    assert "titel" in result.output


@pytest.mark.parametrize("kind", ["summary", "letter", "region", "site"])
def test_schema_of_every_kind_of_file(kind: str) -> None:
    schema = json.loads(run("schema", kind).output)
    assert schema["additionalProperties"] is False
    assert schema["title"] == f"sitegen {kind} file"


def test_schema_command_prints_a_json_schema() -> None:
    result = run("schema")
    schema = json.loads(result.output)
    assert schema["additionalProperties"] is False
    assert {"framework", "pdu", "standards", "recommendations"} <= set(schema["properties"])
    assert "strengths" in schema["$defs"]["Standard"]["properties"]
    assert schema["$defs"]["Standard"]["properties"]["rationale"]["description"]


@pytest.mark.parametrize("bad", ["../x.html", "/etc/passwd", "a/../../x", "", "a\\..\\x", "a/./../b"])
def test_output_paths_cannot_leave_the_output_folder(tmp_path: Path, bad: str) -> None:
    with pytest.raises(UnsafePath):
        safe_target(tmp_path, bad)


def test_output_paths_inside_are_allowed(tmp_path: Path) -> None:
    assert safe_target(tmp_path, "pdus/wigan.html") == tmp_path / "pdus" / "wigan.html"
