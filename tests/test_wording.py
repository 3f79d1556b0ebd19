"""A report's or a letter's own wording replaces every sentence and heading sitegen writes, in both editions.

Each key of ``wording:`` is given a text that names it; the built page and the PDF's text must carry
every one of them, filled in, and none of the defaults they replace.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import lxml.html
import pytest

from sitegen.content.wording import LETTER_SENTENCES, SENTENCES
from tests.conftest import MINIMAL, copy_project, run

#: Defaults that must be gone once replaced (the shorter ones are words of other texts too).
REPLACED = [
    "Strengths:",
    "Areas for improvement:",
    "Overall rating",
    "Fieldwork started",
    "Practice example:",
    "should:",
    "Inspection of probation services:",
]
#: A letter's defaults that must be gone once replaced.
LETTER_REPLACED = [
    "Regional review letter to the",
    "Regional review letter to North East RPD",
    "To:",
    "cc:",
    "Regional observations",
    "Key strengths",
    "Key areas for improvement",
    "Summary",
    "In our PDU inspections",
    "Annexe one",
    "Annexe two",
]


def _own(key: str, sentences: dict[str, tuple[tuple[str, ...], str]] = SENTENCES) -> str:
    placeholders = " ".join("{" + name + "}" for name in sentences[key][0])
    call = "[^method]" if key.startswith("key_question_intro") else ""  # the methodology footnote's call
    return f"<<{key}>>{call} {placeholders}".strip()


@pytest.fixture(scope="module")
def worded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(MINIMAL, tmp_path_factory.mktemp("wording") / "project")
    path = project / "content/pdus/testford.yaml"
    text = path.read_text(encoding="utf-8")
    wording = "wording:\n" + "".join(f'  {key}: "{_own(key)}"\n' for key in SENTENCES)
    text = text.replace("foreword: |", wording + "\nforeword: |", 1)
    # A practice example and a quotation with who said it, so that their sentences are printed too.
    text = text.replace(
        "          - quote: My officer listened to me.",
        "          - quote: My officer listened to me.\n            by: Person on probation\n"
        "          - practice_example: Housing\n            body: Sam found a home.",
    )
    path.write_text(text, encoding="utf-8")
    letter = project / "content/letters/north-east-2023.yaml"
    wording = "wording:\n" + "".join(f'  {key}: "{_own(key, LETTER_SENTENCES)}"\n' for key in LETTER_SENTENCES)
    letter.write_text(letter.read_text(encoding="utf-8") + wording, encoding="utf-8")
    result = run("build", project)
    assert result.exit_code == 0, result.output
    return project / "build/site"


def _web_text(site: Path, page_path: str = "pdus/testford.html") -> str:
    """A page's text, without its head and title block: a summary of the page's own, whose labels are the
    web page's design, not sentences of the report or letter."""
    page = lxml.html.parse(str(site / page_path)).getroot()
    for block in page.xpath("//head | //*[contains(@class, 'title-block')]"):
        block.getparent().remove(block)
    return " ".join(page.text_content().split())


def _pdf_text(site: Path, pdf_path: str = "pdus/testford.pdf") -> str:
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(site / pdf_path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@pytest.mark.parametrize("edition", ["web", "pdf"])
def test_every_key_replaces_its_default_in_both_editions(worded: Path, edition: str) -> None:
    text = _web_text(worded) if edition == "web" else _pdf_text(worded)
    keys = [key for key in SENTENCES if edition == "pdf" or key != "running_head"]  # the running head is the PDF's alone
    missing = [key for key in keys if f"<<{key}>>" not in text]
    assert missing == [], f"not printed in the {edition} edition: {missing}"
    for default in REPLACED:
        assert default not in text, f"{default!r} is still printed in the {edition} edition"


def test_placeholders_are_filled_in(worded: Path) -> None:
    text = _web_text(worded)
    assert "<<standard_heading>> 2.2 Assessment" in text
    assert "<<addressee>> Testford PDU" in text
    assert "<<annexe_heading>> one Web links" in text
    assert "<<fieldwork_started>> March 2023" in text
    assert "<<practice_example_heading>> Housing" in text
    assert "<<quote_attribution>> Person on probation" in text
    assert "{" not in text


def _validate_with_wording(project: Path, line: str) -> str:
    """``sitegen validate`` of the project with one line of ``wording:`` in its report."""
    path = project / "content/pdus/testford.yaml"
    text = path.read_text(encoding="utf-8").replace("foreword: |", f"wording:\n  {line}\n\nforeword: |", 1)
    path.write_text(text, encoding="utf-8")
    result = run("validate", project)
    assert result.exit_code == 1
    return result.output


def test_a_sentence_before_a_table_must_call_its_footnote(minimal: Path) -> None:
    output = _validate_with_wording(minimal, 'key_question_intro_three: "Our rating for {name}:"')
    assert "wording > key_question_intro_three: this sentence calls the methodology footnote: write [^method]" in output
    assert "Validation failed: 1 problem." in output, "and no footnote 'written but never called'"


def test_a_placeholder_the_key_does_not_fill_is_a_problem(minimal: Path) -> None:
    output = _validate_with_wording(minimal, 'standard_heading: "{number} {nmae}"')
    assert (
        "content/pdus/testford.yaml:13:21: wording > standard_heading: {nmae} is not filled in here: "
        "the placeholders of this text are {number}, {name}"
    ) in output


@pytest.mark.parametrize("edition", ["web", "pdf"])
def test_every_letter_key_replaces_its_default_in_both_editions(worded: Path, edition: str) -> None:
    if edition == "web":
        text = _web_text(worded, "letters/north-east-2023.html")
        # The running head is the PDF's alone; the title is the page's heading, in its title block (below).
        keys = [key for key in LETTER_SENTENCES if key not in ("running_head", "title")]
    else:
        text = _pdf_text(worded, "letters/north-east-2023.pdf")
        keys = list(LETTER_SENTENCES)
    missing = [key for key in keys if f"<<{key}>>" not in text]
    assert missing == [], f"not printed in the {edition} edition: {missing}"
    for default in LETTER_REPLACED:
        assert default not in text, f"{default!r} is still printed in the {edition} edition"


def test_a_letters_placeholders_are_filled_in(worded: Path) -> None:
    pdf = _pdf_text(worded, "letters/north-east-2023.pdf")
    assert "<<title>> North East May 2023" in pdf
    assert "<<running_head>> North East" in pdf
    assert "<<ratings_sentence>> Otherton as ‘Requires improvement’ and Testford as ‘" in pdf
    web = _web_text(worded, "letters/north-east-2023.html")
    assert "<<observations_heading>>" in web and "{" not in web
    heading = lxml.html.parse(str(worded / "letters/north-east-2023.html")).getroot().xpath("string(//h1)")
    assert " ".join(heading.split()) == "<<title>> North East May 2023"
    title = subprocess.run(["pdfinfo", str(worded / "letters/north-east-2023.pdf")], capture_output=True, text=True, check=True)
    assert "<<title>> North East May 2023" in title.stdout, "the PDF's title is the letter's heading"


def test_the_running_heads_keep_their_defaults() -> None:
    """Without wording, the PDFs' running heads are the house's (the sample's PDFs are built by other tests;
    here the texts themselves)."""
    from sitegen.rules.framework import load_framework
    from sitegen.rules.wording import LETTER, fill, words_for

    assert words_for(load_framework("2021"))("running_head", pdu="Wigan PDU") == "Inspection of probation services: Wigan PDU"
    assert (
        fill(LETTER["running_head"], {"region": "Wales"}) == "HM Inspectorate of Probation: Regional review letter to Wales RPD"
    )


def test_a_letter_placeholder_it_does_not_fill_is_a_problem(minimal: Path) -> None:
    path = minimal / "content/letters/north-east-2023.yaml"
    path.write_text(path.read_text(encoding="utf-8") + 'wording:\n  ratings_sentence: "We rated {pdus}."\n', encoding="utf-8")
    result = run("validate", minimal)
    assert result.exit_code == 1
    assert (
        "wording > ratings_sentence: {pdus} is not filled in here: the placeholders of this text are {ratings}" in result.output
    )
    assert "Traceback" not in result.output
