"""The PDF edition: house format, text, page numbers, accessibility, options.

Real WeasyPrint PDFs of the sample content, read back with pdftotext, pdfinfo
and pikepdf, and validated with veraPDF.
"""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from tests.conftest import MINIMAL, REFERENCE, VERAPDF, copy_project, run, run_process, sentence_recall

REPORTS = {"wigan": "000", "wakefield": "002", "cheshire-west": "003"}
# The contents pages of the published reports (tests/reference/*.txt): the page each chapter starts on.
PUBLISHED_CONTENTS = {
    "wigan": {
        "Foreword": 3, "Ratings": 4, "Recommendations": 5, "Background": 6,
        "1. Organisational delivery": 7, "2. Court work and case supervision": 17, "Annexe one – Web links": 24,
    },
    "wakefield": {
        "Foreword": 3, "Ratings": 4, "Recommendations": 5, "Background": 6,
        "1. Organisational arrangements and activity": 7, "2. Service delivery": 15, "Annexe one – Web links": 23,
    },
    "cheshire-west": {
        "Foreword": 3, "Ratings": 4, "Recommendations": 5, "Background": 6,
        "1. Organisational delivery": 7, "2. Court work and case supervision": 18, "Annexe one – Web links": 25,
    },
}  # fmt: skip
# Where the published reports' contents pages put Annexe one (their last section).
ANNEXE_PAGE = {slug: contents["Annexe one – Web links"] for slug, contents in PUBLISHED_CONTENTS.items()}


def _text(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    if layout:
        args.append("-layout")
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _pages(pdf: Path) -> int:
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def _contents(pdf: Path) -> dict[str, int]:
    """The contents page's entries: label -> page number."""
    entries = {}
    for line in _text(pdf, 2, layout=True).splitlines():
        match = re.match(r"\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$", line)
        if match:
            entries[match[1]] = int(match[2])
    return entries


@pytest.mark.parametrize("slug", REPORTS)
def test_pdf_text_reproduces_its_reference(sample_site: Path, slug: str) -> None:
    recall, report = sentence_recall(REPORTS[slug], sample_site / f"pdus/{slug}.pdf", "Inspection of probation services: .*")
    assert recall >= 0.98, report


@pytest.mark.parametrize("slug", REPORTS)
def test_page_count_is_close_to_the_published_report(sample_site: Path, slug: str) -> None:
    assert abs(_pages(sample_site / f"pdus/{slug}.pdf") - ANNEXE_PAGE[slug]) <= 2


@pytest.mark.parametrize("slug", REPORTS)
def test_contents_page_numbers_are_where_sections_start(sample_site: Path, slug: str) -> None:
    pdf = sample_site / f"pdus/{slug}.pdf"
    contents = _contents(pdf)
    assert list(contents)[:4] == ["Foreword", "Ratings", "Recommendations", "Background"]
    assert any(label.startswith("Annexe one") for label in contents)
    assert len(contents) == 7
    for label, page in contents.items():
        top = _text(pdf, page).lstrip().splitlines()[0]
        assert top == label, f"{label!r} is listed on page {page}, which starts with {top!r}"
    assert abs(contents[next(k for k in contents if k.startswith("Annexe one"))] - ANNEXE_PAGE[slug]) <= 2


def test_the_published_contents_are_those_of_the_reference_texts() -> None:
    for slug, number in REPORTS.items():
        text = next(REFERENCE.glob(f"{number}_*.txt")).read_text(encoding="utf-8")
        listed = dict(re.findall(r"^(\S.*?)\t(\d+)$", text.split("Acknowledgements")[0], re.MULTILINE))
        assert {label: int(page) for label, page in listed.items()} == PUBLISHED_CONTENTS[slug], slug


@pytest.mark.parametrize("slug", REPORTS)
def test_every_chapter_starts_within_a_page_of_the_published_report(sample_site: Path, slug: str) -> None:
    """Page for page: the type scale, spacing and break rules of pdf.css, one set for all reports."""
    ours = _contents(sample_site / f"pdus/{slug}.pdf")
    assert list(ours) == list(PUBLISHED_CONTENTS[slug])
    off = {label: ours[label] - page for label, page in PUBLISHED_CONTENTS[slug].items() if abs(ours[label] - page) > 1}
    assert off == {}, f"pages off the published ones: {off} (ours {ours})"


@pytest.mark.parametrize("slug", REPORTS)
def test_running_footer_and_page_number_on_every_page_after_the_cover(sample_site: Path, slug: str) -> None:
    pdf = sample_site / f"pdus/{slug}.pdf"
    pdu = {"wigan": "Wigan PDU", "wakefield": "Wakefield PDU", "cheshire-west": "Cheshire West PDU"}[slug]
    assert "Inspection of probation services" not in _text(pdf, 1)
    for page in range(2, _pages(pdf) + 1):
        lines = [line.strip() for line in _text(pdf, page).splitlines() if line.strip()]
        assert f"Inspection of probation services: {pdu}" in lines, f"page {page}"
        assert str(page) in lines, f"page {page} has no number"


def test_cover_is_in_the_house_format(sample_site: Path) -> None:
    cover = [line.strip() for line in _text(sample_site / "pdus/wigan.pdf", 1).splitlines() if line.strip()]
    assert cover == [
        "An inspection of probation services in:",
        "Wigan PDU",
        "The Probation Service – Greater Manchester region",
        "HM Inspectorate of Probation, May 2023",
    ]


def test_footnotes_sit_at_the_foot_of_the_page_that_calls_them(sample_site: Path) -> None:
    pdf = sample_site / "pdus/wigan.pdf"
    for page in range(1, _pages(pdf) + 1):
        text = _text(pdf, page)
        calls = set(re.findall(r"Our rating(\d+) for", text))
        notes = set(re.findall(r"^(\d+) The rating for the standard is driven", text, re.MULTILINE))
        assert calls == notes, f"page {page}: calls {calls}, notes {notes}"
    background = _text(pdf, 6)
    assert "Ofsted inspection1 in May 2022" in background
    assert re.search(r"^1 Ofsted inspection of Wigan local authority", background, re.MULTILINE)


def test_ratings_table_fits_one_page_with_the_house_first_cell(sample_site: Path) -> None:
    text = _text(sample_site / "pdus/wigan.pdf", 4)
    assert "Wigan PDU\nFieldwork started March 2023" in text
    assert "Score 7/27" in text
    for line in ("Overall rating", "1.1", "Leadership", "2.5", "Reviewing"):
        assert line in text


@pytest.mark.parametrize("slug", REPORTS)
def test_pdf_metadata_and_tagging(sample_site: Path, slug: str) -> None:
    with pikepdf.open(sample_site / f"pdus/{slug}.pdf") as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]).startswith("An inspection of probation services in: ")
        assert str(info["/Author"]) == "HM Inspectorate of Probation"
        assert "Overall rating" in str(info["/Subject"])
        assert "probation" in str(info["/Keywords"])
        assert str(pdf.Root.Lang) == "en-GB"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert pdf.Root.MarkInfo.Marked is True
        assert "/StructTreeRoot" in pdf.Root
        with pdf.open_outline() as outline:
            top = {item.title: [child.title for child in item.children] for item in outline.root}
        assert list(top)[:1] == ["Contents"]
        assert {"Foreword", "Ratings", "Recommendations", "Background", "Annexe one – Web links"} <= set(top)
        domain = next(title for title in top if title.startswith("2. "))
        assert top[domain][0].endswith("Assessment") or top[domain][0].endswith("Court work")
        fonts = set()
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                descriptor = font.get("/FontDescriptor") or font.DescendantFonts[0].FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), "font not embedded"
                fonts.add(str(font.BaseFont).split("+")[-1])
        assert fonts <= {"Liberation-Sans", "Liberation-Sans-Bold", "Liberation-Sans-Italic", "Liberation-Sans-BoldItalic"}
        assert "Liberation-Sans" in fonts


def test_pdf_dates_come_from_the_content(sample_site: Path) -> None:
    with pikepdf.open(sample_site / "pdus/wigan.pdf") as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20230501")
        assert str(pdf.docinfo["/ModDate"]).startswith("D:20230501")


@pytest.mark.parametrize("slug", REPORTS)
def test_pdf_ua_1_compliant(sample_site: Path, slug: str) -> None:
    done = subprocess.run([str(VERAPDF), "ua1", str(sample_site / f"pdus/{slug}.pdf")], capture_output=True, text=True)
    assert done.returncode == 0 and "COMPLIANT" in done.stdout and " 0 failed" in done.stdout, done.stdout + done.stderr


def test_report_page_links_its_pdf_with_its_size_and_pages(sample_site: Path) -> None:
    html = (sample_site / "pdus/wigan.html").read_text(encoding="utf-8")
    size = (sample_site / "pdus/wigan.pdf").stat().st_size
    with pikepdf.open(sample_site / "pdus/wigan.pdf") as pdf:
        pages = len(pdf.pages)
    label = f"PDF, {round(size / 1024)} KB, {pages} pages"
    assert f'<a href="wigan.pdf">Download the Wigan PDU report ({label})</a>' in html


def test_no_pdf_option_and_pdf_command(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    assert run("build", "--no-pdf", project).exit_code == 0
    assert not (project / "build/site/pdus/testford.pdf").exists()
    assert "PDF," not in (project / "build/site/pdus/testford.html").read_text(encoding="utf-8")
    result = run("pdf", project, "testford")
    assert result.exit_code == 0, result.output
    assert (project / "build/site/pdus/testford.pdf").read_bytes().startswith(b"%PDF-")
    wrong = run("pdf", project, "testfrod")
    assert wrong.exit_code == 1 and "no report or letter 'testfrod': did you mean 'testford'?" in wrong.output


def test_unchanged_reports_are_not_rendered_again(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    assert run("build", project).exit_code == 0
    cached = list((project / "build/cache/pdf/pdus-testford").glob("*.pdf"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    assert run("build", project).exit_code == 0
    assert cached[0].stat().st_mtime_ns == stamp, "the cached PDF was used, not rendered again"
    path = project / "content/pdus/testford.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Caseloads were high.", "Caseloads were very high."))
    assert run("build", project).exit_code == 0
    assert not cached[0].exists(), "a changed report is rendered again"
    assert "Caseloads were very high." in _text(project / "build/site/pdus/testford.pdf")


def _run_on_a_terminal(*args: str | Path) -> tuple[int, str]:
    """The sitegen command line with a pseudo-terminal for its stderr, as an author at a console sees it."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "sitegen", *map(str, args)], stdout=subprocess.DEVNULL,
                               stderr=secondary, env={**os.environ, "COLUMNS": "100"})  # fmt: skip
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal is closed when the process ends
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    return process.wait(timeout=120), seen.decode("utf-8", "replace")


def test_a_pdf_run_shows_its_progress(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    code, terminal = _run_on_a_terminal("pdf", project)
    assert code == 0, terminal
    assert "Rendering PDFs" in terminal and "━" in terminal, "no progress bar on a terminal"
    assert "PDF 2/2" in terminal
    # Elsewhere (a pipe, a CI log): a line per PDF, no bar.
    shutil.rmtree(project / "build/cache")
    piped = run_process("pdf", project)
    assert piped.returncode == 0, piped.stderr
    assert "PDF 1/2" in piped.stderr and "PDF 2/2" in piped.stderr and "━" not in piped.stderr


def _drawn_forms(pdf: Path) -> int:
    """How many form XObjects page 2 draws (WeasyPrint draws crop marks as one)."""
    with pikepdf.open(pdf) as doc:
        return sum(1 for _, op in pikepdf.parse_content_stream(doc.pages[1]) if str(op) == "Do")


def test_print_edition_has_bleed_and_crop_marks(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    assert run("build", project).exit_code == 0
    screen = _drawn_forms(project / "build/site/pdus/testford.pdf")
    assert run("build", "--print", project).exit_code == 0
    pdf_path = project / "build/site/pdus/testford.pdf"
    with pikepdf.open(pdf_path) as pdf:
        page = pdf.pages[1]
        trim = [float(v) for v in page.TrimBox]
        bleed = [float(v) for v in page.BleedBox]
        mm = 72 / 25.4
        assert trim[2] - trim[0] == pytest.approx(210 * mm, abs=0.5)
        assert trim[3] - trim[1] == pytest.approx(297 * mm, abs=0.5)
        assert bleed[2] - bleed[0] == pytest.approx(216 * mm, abs=0.5)
    assert _drawn_forms(pdf_path) == screen + 1, "crop marks are drawn"


def test_archival_variant_is_pdf_a_3a(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    assert run("build", "--pdf-variant", "pdf/a-3a", project).exit_code == 0
    pdf = project / "build/site/pdus/testford.pdf"
    done = subprocess.run([str(VERAPDF), "a3a", str(pdf)], capture_output=True, text=True)
    assert done.returncode == 0 and "COMPLIANT" in done.stdout, done.stdout + done.stderr


@pytest.mark.parametrize("url", ["https://example.org/logo.png", "file:///etc/hostname", "data:image/png;base64," + "A" * 64])
def test_pdfs_may_not_fetch_anything_outside_the_theme(tmp_path: Path, url: str) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    (project / "templates/print").mkdir(parents=True)
    (project / "templates/print/report.html").write_text(
        '{% extends "theme/house/print/report.html" %}{% block extra %}<img src="' + url + '" alt="x">{% endblock %}',
        encoding="utf-8",
    )
    result = run("build", project)
    assert result.exit_code == 1
    assert "content/pdus/testford.yaml: the PDF may only use files of the theme; refused " + url[:30] in result.output
    assert not (project / "build/site").exists()


def test_images_in_content_are_never_fetched(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    path = project / "content/pdus/testford.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Caseloads were high.", "Caseloads ![x](https://example.org/x.png) were high."),
        encoding="utf-8",
    )
    result = run("build", project)
    assert result.exit_code == 1
    assert "content/pdus/testford.yaml:25:56: background: images cannot be shown in a report" in result.output
    assert not (project / "build/site").exists() and not (project / "build/cache").exists()


@pytest.mark.parametrize("slug", REPORTS)
def test_header_cells_have_a_scope(sample_site: Path, slug: str) -> None:
    scopes = []
    with pikepdf.open(sample_site / f"pdus/{slug}.pdf") as pdf:

        def walk(node: pikepdf.Object, in_head: bool) -> None:
            kids = node.get("/K")
            for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    if kid.S == pikepdf.Name.TH:
                        scopes.append((in_head, str(kid.A.get("/Scope"))))
                    walk(kid, in_head or pikepdf.Name.THead == kid.S)

        walk(pdf.Root.StructTreeRoot, False)
    assert scopes, "the report has header cells"
    assert all(scope == ("/Column" if head else "/Row") for head, scope in scopes), scopes


def test_links_say_where_they_go(sample_site: Path) -> None:
    with pikepdf.open(sample_site / "pdus/wigan.pdf") as pdf:
        descriptions = [
            str(a.Contents) for page in pdf.pages for a in page.get("/Annots", []) if a.get("/Subtype") == pikepdf.Name.Link
        ]
    assert "Go to Foreword" in descriptions
    assert "Go to 1. Organisational delivery" in descriptions
    assert any(d.startswith("Web link: https://") for d in descriptions)
    assert not [d for d in descriptions if d in ("foreword", "domain-1") or not d]


def test_hyphenated_words_are_kept_whole() -> None:
    from sitegen.pdf.render import keep_hyphenated_words_whole

    html = '<head><title>a-b</title></head><body><p class="x-y">--year-to-date, co_op-2 é-à a--b x- -y 2023-24</p></body>'
    kept = keep_hyphenated_words_whole(html)
    assert kept == (
        '<head><title>a-b</title></head><body><p class="x-y">--<span class="nowrap">year-to-date</span>, '
        '<span class="nowrap">co_op-2</span> <span class="nowrap">é-à</span> a--b x- -y '
        '<span class="nowrap">2023-24</span></p></body>'
    )
