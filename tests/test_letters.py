"""Regional review letters: drawn from the PDU data, so they cannot drift from the reports."""

from __future__ import annotations

import subprocess
from pathlib import Path

from lxml import html as lh

from tests.conftest import MINIMAL, VERAPDF, copy_project, run


def _build(project: Path, *extra: str) -> Path:
    result = run("build", *extra, project)
    assert result.exit_code == 0, result.output
    return project / "build" / "site"


def _letter(site: Path) -> lh.HtmlElement:
    return lh.fromstring((site / "letters/north-east-2023.html").read_bytes())


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_letter_annexes_and_summary_come_from_the_pdus(tmp_path: Path) -> None:
    site = _build(copy_project(MINIMAL, tmp_path / "project"), "--no-pdf")
    page = _letter(site)
    summary = page.xpath("//section[@id='summary']/p")[0].text_content()
    assert summary == (
        "In our PDU inspections, we rated Otherton as ‘Requires improvement’ and Testford as ‘Requires improvement’."
    )
    annexe = page.xpath("//section[@id='annexe-1']")[0]
    assert [h.text_content() for h in annexe.xpath(".//h3")] == ["Otherton PDU", "Testford PDU"]
    labels = [p.text_content() for p in annexe.xpath(".//p[@class='addressee']")]
    assert labels == ["The PDU should:", "North East region should:", "The PDU should:", "North East region should:"]
    tables = page.xpath("//section[@id='annexe-2']//table")
    assert len(tables) == 2
    otherton = " ".join(tables[0].text_content().split())
    assert "Otherton PDU Fieldwork started February 2023 Score 10/24" in otherton
    assert "2.1" not in otherton, "court work was not inspected: its row is left out"
    testford = " ".join(tables[1].text_content().split())
    assert "Score 7/27" in testford and "2.1 Court work Requires improvement" in testford


def test_changing_a_pdu_changes_its_report_and_the_letter_in_one_build(tmp_path: Path) -> None:
    project = copy_project(MINIMAL, tmp_path / "project")
    path = project / "content/pdus/testford.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    rating: Good\n    strengths:\n      - Staff were motivated.",
        "    rating: Outstanding\n    strengths:\n      - Staff were motivated.",
    )
    text = text.replace("1: improve the quality of assessment", "1: improve the quality of assessment and planning")
    path.write_text(text, encoding="utf-8")
    site = _build(project)
    for page in ("pdus/testford.html", "letters/north-east-2023.html"):
        text = " ".join(lh.fromstring((site / page).read_bytes()).text_content().split())
        assert "improve the quality of assessment and planning" in text, page
        assert "Score 8/27" in text, page
        assert "1.2 Staff Outstanding" in text, page
    for pdf in ("pdus/testford.pdf", "letters/north-east-2023.pdf"):
        text = " ".join(_pdf_text(site / pdf).split())
        assert "improve the quality of assessment and planning" in text, pdf
        assert "Score 8/27" in text, pdf


def test_letter_pdf_is_in_the_letter_format_and_pdf_ua(tmp_path: Path) -> None:
    site = _build(copy_project(MINIMAL, tmp_path / "project"))
    pdf = site / "letters/north-east-2023.pdf"
    first = _pdf_text_page(pdf, 1)
    assert first.splitlines()[0] == "HM Inspectorate of Probation"
    assert "Regional review letter to North East RPD" not in first, "no running header on the letterhead page"
    pages = int(subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout.split("Pages:")[1].split()[0])
    assert pages >= 3, "annexes start on new pages"
    for page in range(2, pages + 1):
        text = _pdf_text_page(pdf, page)
        assert "HM Inspectorate of Probation: Regional review letter to North East RPD" in text, page
        assert str(page) in text.split()
    lines = [line for line in _pdf_text_page(pdf, 2).splitlines() if line.strip()]
    assert lines[1] == "Annexe one – Recommendations"
    done = subprocess.run([str(VERAPDF), "ua1", str(pdf)], capture_output=True, text=True)
    assert done.returncode == 0 and "COMPLIANT" in done.stdout, done.stdout + done.stderr


def _pdf_text_page(pdf: Path, page: int) -> str:
    args = ["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_region_page_links_the_letter_and_compares_ratings(tmp_path: Path) -> None:
    site = _build(copy_project(MINIMAL, tmp_path / "project"), "--no-pdf")
    page = lh.fromstring((site / "regions/north-east.html").read_bytes())
    assert page.xpath("//main//a[@href='../letters/north-east-2023.html']")
    table = page.xpath("//table[contains(@class,'side-by-side')]")[0]
    header = [" ".join(th.text_content().split()) for th in table.xpath(".//thead//th")]
    assert header == ["Standard", "Otherton PDU", "Testford PDU"]
    rows = {
        r.xpath("./th")[0].text_content(): [" ".join(td.text_content().split()) for td in r.xpath("./td")]
        for r in table.xpath(".//tbody/tr[not(contains(@class,'domain'))]")
    }
    # The standards are grouped under their domains, as in the reports' ratings tables.
    domains = [" ".join(th.text_content().split()) for th in table.xpath(".//tbody/tr[contains(@class,'domain')]/th")]
    assert domains == ["1. Organisational delivery", "2. Court work and case supervision"], domains
    assert rows["Overall rating"] == ["Requires improvement", "Requires improvement"]
    assert rows["2.1 Court work"] == ["Not inspected–", "Requires improvement"]
    # In the framework's order, though the first PDU (Otherton) leaves court work out.
    numbers = [name.split()[0] for name in rows if name != "Overall rating"]
    assert numbers == sorted(numbers, key=lambda n: tuple(map(int, n.split(".")))) and "2.1" in numbers, numbers
    index = lh.fromstring((site / "index.html").read_bytes())
    link = index.xpath("//main//a[@href='letters/north-east-2023.html']")
    assert link and link[0].xpath("preceding::h3[1]/text()") == ["Regional review letter"]


def test_letter_is_in_the_manifest(tmp_path: Path) -> None:
    import json

    site = _build(copy_project(MINIMAL, tmp_path / "project"))
    documents = json.loads((site / "manifest.json").read_text(encoding="utf-8"))["documents"]
    letter = next(d for d in documents if d["kind"] == "letter")
    assert letter["html"] == "letters/north-east-2023.html"
    assert letter["pdf"] == "letters/north-east-2023.pdf"
    assert letter["source"] == "content/letters/north-east-2023.yaml"
