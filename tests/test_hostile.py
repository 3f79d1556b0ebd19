"""Hostile and careless content: bounded work, characters that cannot be shown, nothing lost, no traceback.

The simple cases (one broken thing each, the exact line expected) are in
fixtures/invalid/: control-character-escape, bidi-override, yaml-tag,
loose-percentage, markdown-image, markdown-nesting, character-not-in-fonts,
theme-path, theme-missing-template, value-that-is-no-date. Here are the ones
made by the test: raw control characters, content past each limit, and the
cases that need a real PDF.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sitegen.build import print_documents
from sitegen.content import limits
from sitegen.content.problems import ContentError
from sitegen.pdf.render import PdfOptions, render_pdf
from tests.conftest import MINIMAL, VERAPDF, copy_project, run, run_process

REPORT = "content/pdus/testford.yaml"


def _edit(project: Path, old: str, new: str) -> None:
    path = project / REPORT
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _validate(project: Path) -> list[str]:
    """The problem lines of `sitegen validate`, which must fail without a traceback."""
    result = run("validate", project)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    return [line for line in result.output.splitlines() if not line.startswith("Validation failed")]


def _line(project: Path, start: str) -> int:
    lines = (project / REPORT).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith(start))


# -- control characters typed into the file ------------------------------------


@pytest.mark.parametrize(
    ("char", "name"), [("\x00", "NULL"), ("\x1b", "ESCAPE"), ("\x7f", "DELETE"), ("\x85", "NEXT LINE"), ("\x0c", "FORM FEED")]
)
def test_a_raw_control_character_is_one_line_with_its_place(minimal: Path, char: str, name: str) -> None:
    _edit(minimal, "pdu: Testford PDU", f"pdu: Testford{char} PDU")
    assert _validate(minimal) == [
        f"{REPORT}:2:14: the control character U+{ord(char):04X} ({name}) is not allowed: "
        "remove it (only tabs and line breaks may be used)"
    ]


def test_tabs_and_windows_line_breaks_are_allowed(minimal: Path) -> None:
    path = minimal / REPORT
    text = path.read_text(encoding="utf-8").replace("Caseloads were high.", "Caseloads\twere high.")
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert run("validate", minimal).exit_code == 0


def test_a_binary_file_is_summed_up_not_listed(minimal: Path) -> None:
    (minimal / REPORT).write_bytes(b"pdu: " + bytes(range(1, 9)) * 10 + b"\n")
    lines = _validate(minimal)
    assert len(lines) == 21
    assert lines[-1] == f"{REPORT}:1:85: and 60 more control characters: is this a text file?"


# -- limits ------------------------------------------------------------------


def test_a_list_past_its_limit(minimal: Path) -> None:
    bullets = "".join(f"      - Staff were motivated, said person {i}.\n" for i in range(limits.MAX_ENTRIES + 1))
    _edit(minimal, "    strengths:\n      - Staff were motivated.\n", "    strengths:\n" + bullets)
    line = _line(minimal, '  "1.2":') + 3  # the list starts at its first entry
    assert _validate(minimal) == [
        f"{REPORT}:{line}:7: standards > 1.2 > strengths: 101 entries; a list may have at most 100: shorten it"
    ]


def test_a_field_past_its_limit(minimal: Path) -> None:
    _edit(minimal, "Caseloads were high.", "Caseloads were high. " + "Words and more words. " * 1000)
    assert _validate(minimal) == [
        f"{REPORT}:24:13: background: 22,090 characters; a text may have at most 20,000: "
        "shorten it or split it into several entries"
    ]


def test_a_name_past_its_limit(minimal: Path) -> None:
    _edit(minimal, "pdu: Testford PDU", "pdu: Testford " + "x" * 200)
    assert _validate(minimal) == [f"{REPORT}:2:6: pdu: 209 characters; a name or title may have at most 200: shorten it"]


def test_a_document_past_its_text_limit(minimal: Path) -> None:
    # Ten fields just under the field limit each: only the file's total is over.
    paragraph = "Words and more words. " * 900
    annexes = "".join(f"  - title: Annexe {i}\n    body: {paragraph}\n" for i in range(11))
    _edit(minimal, "annexes:\n", "annexes:\n" + annexes)
    line = _line(minimal, "annexes:") + 2 * 10 + 2
    assert _validate(minimal) == [
        f"{REPORT}:{line}:11: annexes > item 11 > body: the file passes 200,000 characters of text here, "
        "the most one document may have: split it"
    ]


def test_a_document_past_its_entries_limit(minimal: Path) -> None:
    sections = "".join(
        f"      - title: Part {i}\n        points:\n" + "".join(f"          - Point {j}.\n" for j in range(100))
        for i in range(21)
    )
    _edit(
        minimal,
        "    sections:\n      - title: Resettlement work\n",
        "    sections:\n" + sections + "      - title: Resettlement work\n",
    )
    lines = _validate(minimal)
    assert len(lines) == 1 and lines[0].endswith(
        "> points: the file passes 2,000 list entries here, the most one document may have: split it"
    )
    assert lines[0].startswith(f"{REPORT}:") and "standards > 1.3 > sections > item 20 > points" in lines[0]


def test_nesting_past_its_limit_is_refused_before_it_costs_anything(minimal: Path) -> None:
    (minimal / REPORT).write_text(
        (minimal / REPORT).read_text(encoding="utf-8") + "extra:\n  deep: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8"
    )
    lines = _validate(minimal)
    assert len(lines) == 1 and lines[0].endswith(": lists and fields are nested more than 20 deep here: check the indentation")


def test_a_pdf_past_its_page_limit_is_refused_before_it_is_written(minimal: Path) -> None:
    job = next(j for j in print_documents(minimal, PdfOptions()) if j.path == "pdus/testford.pdf")
    with pytest.raises(ContentError) as raised:
        render_pdf(job.html, theme=job.theme, options=job.options, source=job.source, max_pages=3)
    [problem] = raised.value.problems
    assert str(problem).startswith(f"{REPORT}: the PDF would have ")
    assert str(problem).endswith(" pages; a document may have at most 3: split it")
    assert render_pdf(job.html, theme=job.theme, options=job.options, source=job.source).pdf.startswith(b"%PDF")


def test_the_issue_s_100_000_entries_are_refused_in_seconds(minimal: Path) -> None:
    # The file of the report this guards against: 1.5 MB, under the 2 MB file limit.
    bullets = "".join(f"      - E{i}\n" for i in range(100_000))
    _edit(minimal, "    strengths:\n      - Staff were motivated.\n", "    strengths:\n" + bullets)
    done = run_process("build", minimal)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "standards > 1.2 > strengths: 100,000 entries; a list may have at most 100: shorten it" in done.stderr
    assert not (minimal / "build/site").exists()


# -- characters and text in a real PDF -----------------------------------------

WELSH = "Gwasanaeth Prawf Cymru: ŵ ŷ Ŵ Ŷ â ê î ô û, £1,200 — ‘quoted’ and “double” – dashes…"


def test_welsh_letters_pound_quotes_and_dashes_reach_a_pdf_ua_1_pdf(minimal: Path) -> None:
    _edit(minimal, "Caseloads were high.", f"Caseloads were high. {WELSH}")
    _edit(minimal, "pdu: Testford PDU", "pdu: Testford Cwm Ŵy PDU")
    result = run("build", minimal)
    assert result.exit_code == 0, result.output
    pdf = minimal / "build/site/pdus/testford.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert WELSH in " ".join(text.split()) and "Testford Cwm Ŵy PDU" in text
    done = subprocess.run([str(VERAPDF), "ua1", str(pdf)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def test_a_long_unbroken_word_stays_on_the_page(minimal: Path) -> None:
    word = "Unbroken" + "x" * 300 + "End"
    address = "https://example.org/" + "a" * 200 + "/end"
    _edit(minimal, "      - Leaders were visible.", f"      - Leaders {word} were visible.")
    _edit(minimal, "Caseloads were high.", f"Caseloads were {address} high.")
    assert run("build", minimal).exit_code == 0
    pdf = minimal / "build/site/pdus/testford.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    joined = "".join(text.split())
    assert word in joined and address in joined
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    right_edges = [float(part.split('"')[1]) for part in boxes.split() if part.startswith('xMax="')]
    assert max(right_edges) < 595.0 - 28, "text runs into (or off) the right edge of the A4 page"


# -- the cache keys on content, not on where the project is ---------------------


def test_a_moved_project_reuses_its_pdf_cache(tmp_path: Path) -> None:
    first = copy_project(MINIMAL, tmp_path / "first")
    done = run_process("build", first)
    assert done.returncode == 0 and "Rendering 2 PDF(s)" in done.stderr, done.stderr
    moved = tmp_path / "elsewhere" / "moved"
    moved.parent.mkdir()
    shutil.move(first, moved)
    again = run_process("build", moved)
    assert again.returncode == 0, again.stderr
    assert "Rendering" not in again.stderr, "a moved project rendered its PDFs again"
    # A copy made with its build/ folder (cp -r) uses the cache too, and gets the same bytes.
    clone = tmp_path / "clone"
    shutil.copytree(moved, clone)
    copied = run_process("build", clone)
    assert copied.returncode == 0 and "Rendering" not in copied.stderr, copied.stderr
    for name in ("pdus/testford.pdf", "letters/north-east-2023.pdf"):
        assert (clone / "build/site" / name).read_bytes() == (moved / "build/site" / name).read_bytes()
