"""sitegen import: published reports (extracted text, or PDF) back into content files.

The three reference reports are imported from their text, the sample reports from their freshly
built PDFs, and two hand-written reports from their text (one in an unusual shape, one in the rich
shapes of published findings: paragraphs, quotations of several lines, nested lists, practice
examples, sentences in the report's own words); all are built once, together, into one project, and
the pages and PDFs measured against the references, the sources and the original pages. The PDFs of
the structures' project (built once for the session, and audited by test_structures.py) are imported
back into a project of their own and rebuilt as web pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from sitegen.content.model import Report
from sitegen.rules.checks import stated_or_computed_ratings
from sitegen.rules.framework import load_framework
from tests.conftest import FIXTURES, REFERENCE, REPO, STRUCTURES, run, sentence_recall
from tests.fidelity import compare, compare_files, normalise, read_text, sentences

REPORTS = {"wigan": "000", "wakefield": "002", "cheshire-west": "003"}
UNUSUAL = FIXTURES / "import" / "testford.txt"
RICH = FIXTURES / "import" / "westford.txt"
RUNNING_HEAD = "Inspection of probation services: .*"
PDF_LINK = r"Download the .* \(PDF, .*\)"  # a web page's line offering its PDF
_STRAIGHT = str.maketrans("‘’“”", "''\"\"")
STRUCTURE_NAMES = sorted(p.stem for p in (STRUCTURES / "content/pdus").glob("*.yaml"))


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
    for source in (UNUSUAL, RICH):
        result = run("import", source, "--project", root)
        assert result.exit_code == 0, result.output
    result = run("build", "--no-pdf", root)
    assert result.exit_code == 0, result.output
    # PDFs only of the drafts measured in print: a round trip compares web pages.
    result = run("pdf", root, *[f"{slug}-text" for slug in REPORTS], UNUSUAL.stem, RICH.stem)
    assert result.exit_code == 0, result.output
    return root


def _draft(root: Path, name: str) -> dict:
    """A draft as read, its texts without the final newline a `|` block adds."""
    return _trimmed(yaml.safe_load((root / "content" / "pdus" / f"{name}.yaml").read_text(encoding="utf-8")))


def _trimmed(value: Any) -> Any:
    if isinstance(value, str):
        return value.rstrip("\n")
    if isinstance(value, list):
        return [_trimmed(v) for v in value]
    return {k: _trimmed(v) for k, v in value.items()} if isinstance(value, dict) else value


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
    """Built PDF -> import -> build: the page says what the original page says, with the same figures.

    The pages are compared without the line that offers the PDF, which is not built again.
    """
    rebuilt = imported / "build" / "site" / "pdus" / f"{slug}-pdf.html"
    result = compare_files(sample_site / "pdus" / f"{slug}.html", rebuilt, [PDF_LINK])
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
    # The practice example stands between the rationale and 'Strengths:': an entry under no heading.
    services = draft["standards"]["1.3"]
    assert [(e["practice_example"], e["body"]) for e in services["points"]] == [
        (
            "Sam's plan",
            "Sam was released to the PDU's area with nowhere to live. "
            "His practitioner arranged a room before release and met him at the gate.",
        )
    ]
    assert services["rationale"].startswith("Services for people") and len(services["strengths"]) == 1
    # Words as a reader sees them: the page keeps "March 2025" on one line with a non-breaking space.
    page = " ".join(read_text(imported / "build" / "site" / "pdus" / "testford.html").split())
    assert "The PDU's own workload figures, March 2025." in page.replace("’", "'")
    assert "Practice example: Sam's plan" in page.replace("’", "'")
    report = _import_report(imported, "testford")
    assert "Not placed (0)" in report
    # Extracted text shows no box: where the example ends is inferred, and the editor is asked to check it.
    assert "line 133: practice example 'Sam's plan': the source shows no box, so its text was taken to end at line 135" in report


def test_a_report_in_the_rich_shapes_of_published_findings(imported: Path) -> None:
    """Paragraphs for bullets, a quotation of two lines and who said it, a lone paragraph, a bullet of two
    paragraphs with a footnote, a nested list two levels deep, a practice example among bullets, a statement
    and headings in the report's own words."""
    draft = _draft(imported, "westford")
    leadership, staffing, services = (draft["standards"][n] for n in ("P 1.1", "P 1.2", "P 1.3"))
    assert [next(iter(e)) if isinstance(e, dict) else "bullet" for e in leadership["strengths"]] == [
        "paragraph",
        "quote",
        "paragraph",
    ]
    assert leadership["strengths"][0]["paragraph"].count("\n\n") == 1, "two paragraphs in one entry"
    assert leadership["strengths"][1] == {
        "quote": "They listen, and then they do something about it.\nYou don't always get that here.",
        "by": "A probation officer",
    }
    assert [next(iter(e)) for e in leadership["areas_for_improvement"]] == ["paragraph"], "a lone unbulleted paragraph"
    bullet = staffing["strengths"][1]
    assert bullet.startswith("Managers held a reflective supervision session") and "[^2]\n\nPractitioners told us" in bullet
    assert bullet.endswith("[^2]: Westford PDU supervision audit, March 2025.")
    assert staffing["areas_for_improvement"][0] == (
        "Workloads were too high. In our staff survey:\n"
        "- 14 of 31 practitioners said that their workload was unmanageable\n"
        "- nine said that they could not:\n"
        "  - see people on probation as often as their plans required\n"
        "  - keep their case records up to date\n\n"
        "The PDU had asked the region for two more probation officers and was waiting for an answer."
    )
    assert staffing["statement"] == (
        "Staff are enabled to deliver a high-quality, personalised and responsive service for all people on probation."
    )
    example = services["strengths"][2]
    assert example["practice_example"] == "Help with housing" and example["body"].count("\n\n") == 1
    assert services["strengths"][3].startswith("Accommodation workers"), "the bullet after the box is a bullet again"
    feedback = services["sections"][0]["points"]
    assert feedback[-1] == {
        "quote": "It takes two buses to get here.\n\nIf I miss one, I'm late, and then I worry that I'll be breached.",
        "by": "Person on probation",
    }
    # Headings printed "P 1.1 Leadership": the report's wording; the statements printed as the framework's: left out.
    assert draft["wording"] == {"standard_heading": "{number} {name}"}
    assert "statement" not in leadership and "statement" not in services
    # One standard's sentence before its table differs from the others, which are the framework's.
    own = {n: s["key_question_intro"] for n, s in draft["standards"].items() if "key_question_intro" in s}
    assert list(own) == ["P 2.2"] and "is 'Requires improvement' based on" in own["P 2.2"]
    assert "Not placed (0)" in _import_report(imported, "westford")
    page = lxml_page(imported / "build" / "site" / "pdus" / "westford.html")
    assert "P 1.1 Leadership" in page.xpath("//h3/text()")
    assert page.xpath('//div[@class="quotation"]/blockquote/p[br]'), "the quotation's lines kept"
    assert page.xpath('//section[@class="practice-example"]/h5/text()') == ["Practice example: Help with housing"]


@pytest.mark.parametrize("source", [UNUSUAL, RICH], ids=["unusual", "rich"])
def test_a_hand_written_report_rebuilds_with_every_sentence(imported: Path, source: Path) -> None:
    """Sentence recall 1.0 of the rebuilt page and PDF against the source's body text.

    The body text is the source from its first chapter on, without table rows: the contents page, the
    ratings table and the key-question tables are printed from the report's data, checked as figures.
    """
    lines = source.read_text(encoding="utf-8").splitlines()
    body = "\n".join(line for line in lines[lines.index("Contents") :] if "\t" not in line)
    for edition in ("html", "pdf"):
        rebuilt = read_text(imported / "build" / "site" / "pdus" / f"{source.stem}.{edition}")
        result = compare(body, rebuilt, [RUNNING_HEAD, r"(Page )?\d+( of \d+)?"])
        assert result.sentence_recall == 1.0, f"{edition}\n{result.report(show=10)}"


def test_framework_sentences_worded_otherwise_become_the_reports_own(imported: Path) -> None:
    """The source's wording is kept where it differs from the framework's, and left out where it is the same."""
    cheshire, wakefield = _draft(imported, "cheshire-west-text"), _draft(imported, "wakefield-text")
    note = "We do not currently rate the Outcomes standard but provide this data for information and benchmarking purposes only."
    assert cheshire["wording"] == {"outcomes_note": note}
    # Wakefield words the sentence three ways: the most used is the report's, the other two the standards' own.
    sentence = "Our rating[^method] for {name} is '{rating}' based on the percentage of cases we inspected"
    assert wakefield["wording"]["key_question_intro_three"].startswith(sentence)
    own = {n: s["key_question_intro"] for n, s in wakefield["standards"].items() if "key_question_intro" in s}
    assert sorted(own) == ["P 2.1", "P 2.3"]
    assert own["P 2.1"].startswith("Our rating[^method] for assessment is 'Requires improvement', based on")
    for name in ("wigan-text", "wigan-pdf", "wakefield-pdf", "cheshire-west-pdf", "testford"):
        assert "wording" not in _draft(imported, name), f"{name}: the framework's own wording is left out"
    site = imported / "build" / "site" / "pdus"
    pages = {name: _words_of(site / f"{name}.html") for name in ("cheshire-west-text", "wakefield-text")}
    assert note in pages["cheshire-west-text"]
    assert "Our rating for planning is 'Requires improvement' based on" in pages["wakefield-text"]
    assert "Our rating for assessment is 'Requires improvement', based on" in pages["wakefield-text"]


def _words_of(page: Path) -> str:
    """A page's words as read, spacing and quotation marks folded, footnote numbers left out."""
    text = re.sub(r"(?<=[a-z])\d+\b", "", " ".join(read_text(page).split()))
    return text.replace("\u2019", "'").replace("\u2018", "'")


def lxml_page(path: Path) -> Any:
    import lxml.html

    return lxml.html.parse(str(path)).getroot()


# --- The structures of published findings, round trip through our own PDFs -------------------------------------


@pytest.fixture(scope="module")
def structures_imported(structures_project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every structure's PDF imported into a project of the structures' site and regions, rebuilt as web pages."""
    root = tmp_path_factory.mktemp("structures-import") / "project"
    (root / "content").mkdir(parents=True)
    shutil.copy2(STRUCTURES / "site.yaml", root / "site.yaml")
    shutil.copytree(STRUCTURES / "content" / "regions", root / "content" / "regions")
    for name in STRUCTURE_NAMES:
        pdf = structures_project / "build" / "site" / "pdus" / f"{name}.pdf"
        result = run("import", pdf, "--project", root, "--out", root / "content" / "pdus" / f"{name}.yaml")
        assert result.exit_code == 0, result.output
    result = run("build", "--no-pdf", root)
    assert result.exit_code == 0, result.output
    return root


def _entries(report: Report) -> dict[str, Any]:
    """Every list entry of a report, by where it stands, in a form that ignores footnote labels and spacing."""

    def text(value: str) -> str:
        value = re.sub(r"\[\^[^\]\s]+\]", "[^]", value).translate(_STRAIGHT)  # a PDF prints typographic quotes
        return "\n".join(line.rstrip() for line in value.strip().splitlines())

    def entry(item: Any) -> Any:
        return text(item) if isinstance(item, str) else {k: text(v) for k, v in item.model_dump(exclude_none=True).items()}

    found: dict[str, Any] = {}
    for number, standard in report.standards.items():
        for field in ("points", "strengths", "areas_for_improvement"):
            found[f"{number} {field}"] = [entry(e) for e in getattr(standard, field)]
            for section in standard.sections:
                found[f"{number} {section.title} {field}"] = [entry(e) for e in getattr(section, field)]
        found[f"{number} statement"] = standard.statement
    if report.outcomes is not None:
        found["outcomes"] = [entry(e) for e in report.outcomes.strengths + report.outcomes.areas_for_improvement]
    found["wording"] = {k: text(v) for k, v in report.wording.model_dump().items() if v is not None}
    return found


@pytest.mark.parametrize("name", STRUCTURE_NAMES)
def test_round_trip_of_every_structure(structures_project: Path, structures_imported: Path, name: str) -> None:
    """Structure fixture -> its PDF -> import -> build: every entry in the model's form, every sentence, every figure.

    The web pages are compared without the line that offers the PDF, which the rebuilt site does not build.
    """
    original_page = structures_project / "build" / "site" / "pdus" / f"{name}.html"
    rebuilt_page = structures_imported / "build" / "site" / "pdus" / f"{name}.html"
    result = compare_files(original_page, rebuilt_page, [PDF_LINK])
    assert result.sentence_recall == 1.0, result.report(show=10)
    original = Report.model_validate(yaml.safe_load((STRUCTURES / "content" / "pdus" / f"{name}.yaml").read_text()))
    draft = Report.model_validate(yaml.safe_load((structures_imported / "content" / "pdus" / f"{name}.yaml").read_text()))
    assert _entries(draft) == _entries(original)
    framework = load_framework(original.framework)
    assert stated_or_computed_ratings(draft, framework) == stated_or_computed_ratings(original, framework)
    assert {n: s.key_questions for n, s in draft.standards.items()} == {n: s.key_questions for n, s in original.standards.items()}
    assert [(g.addressee, list(g.items)) for g in draft.recommendations] == [
        (g.addressee, list(g.items)) for g in original.recommendations
    ]
    report = (structures_imported / "content" / "pdus" / f"{name}.import.txt").read_text(encoding="utf-8")
    assert "Not placed (0)" in report and "Findings (0)" in report


def test_extracted_text_shows_nesting_quotations_and_paragraphs_of_an_entry() -> None:
    """The conventions of extracted text, and the look-alikes that are not what they seem."""
    from sitegen.importer.textsource import read_text as read_blocks

    source = "\n".join(
        [
            "- Workloads were high:",
            "  ◦ 14 of 31 said so",
            "    ▪ nine of them were new",
            "- Caseloads were reviewed.",
            "▪ a marker two levels under the entry above is one level under it",
            "",
            "  A further paragraph of the entry, indented under its text.",
            "",
            "“My officer listened to me.",
            "She helped me.”",
            "",
            "– Person on probation",
            "",
            '"Probation Reset" is a quoted phrase at the start of a paragraph.',
            "",
            "“A quotation mark opened and never closed",
            "is a slip, not a quotation.",
        ]
    )
    blocks = [(b.kind, b.depth, b.text) for b in read_blocks(source)]
    assert blocks == [
        ("item", 1, "Workloads were high:"),
        ("item", 2, "14 of 31 said so"),
        ("item", 3, "nine of them were new"),
        ("item", 1, "Caseloads were reviewed."),
        ("item", 2, "a marker two levels under the entry above is one level under it"),
        ("para", 1, "A further paragraph of the entry, indented under its text."),
        ("quote", 0, "My officer listened to me.\nShe helped me."),
        ("para", 0, "– Person on probation"),
        ("para", 0, '"Probation Reset" is a quoted phrase at the start of a paragraph.'),
        ("para", 0, "“A quotation mark opened and never closed"),
        ("para", 0, "is a slip, not a quotation."),
    ]


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


def test_headings_printed_otherwise_become_the_reports_wording(tmp_path: Path) -> None:
    """Chapter, domain, list and annexe headings as this report prints them; the rest left as sitegen's."""
    text = _reference("000").read_text(encoding="utf-8")
    for old, new in [
        ("\nForeword\n", "\nFOREWORD\n"),
        ("\n1. Organisational delivery\n", "\n1 Organisational delivery\n"),
        ("\n2. Court work and case supervision\n", "\n2 Court work and case supervision\n"),
        ("\nStrengths:\n", "\nKey strengths:\n"),
        ("\nAnnexe one – Web links\n", "\nAnnexe one: Web links\n"),
    ]:
        assert old in text
        text = text.replace(old, new)
    source = tmp_path / "wigan.txt"
    source.write_text(text, encoding="utf-8")
    root = _empty_project(tmp_path / "project")
    result = run("import", source, "--project", root)
    assert result.exit_code == 0, result.output
    assert _draft(root, "wigan")["wording"] == {
        "foreword_heading": "FOREWORD",
        "domain_heading": "{number} {title}",
        "strengths_heading": "Key strengths:",
        "annexe_heading": "Annexe {ordinal}: {title}",
    }
    assert "Not placed (0)" in _import_report(root, "wigan")


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
