"""Every structure of published reports, in both editions, through every gate of ``sitegen check``.

``fixtures/structures/`` holds one report per structure (a bullet of several paragraphs, a bullet with
a nested list, findings as paragraphs with a quotation between them, a lone unbulleted paragraph, a
quotation of several lines with who said it, practice examples, a report's own wording of framework
sentences). The project is built and audited once; each structure is then found in its web page (lxml)
and in its PDF's tags (poppler's ``pdfinfo -struct-text``, as a screen reader reads them). The new rules
of the pdf-structure gate are shown to fail on tags made wrong: WeasyPrint's own list items, a practice
example's section or a quotation tagged as something else.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import lxml.html
import pikepdf
import pytest

from sitegen.audit.pdf_structure import check_structure
from sitegen.audit.pdftext import Node, read_structure
from sitegen.audit.webfacts import key, web_facts
from sitegen.build import build
from sitegen.pdf.render import PdfOptions, print_html, render_pdf
from tests.conftest import STRUCTURES, Checked, checked

STRUCTURE_NAMES = sorted(p.stem for p in (STRUCTURES / "content/pdus").glob("*.yaml"))
PDFINFO = Path(shutil.which("pdfinfo") or "pdfinfo")


@pytest.fixture(scope="module")
def audited(structures_project: Path) -> Checked:
    """The structures' project, built once for the session (its PDFs are imported back too), audited."""
    return checked(structures_project, "--no-build")


def _page(audited: Checked, name: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(audited.site / f"pdus/{name}.html")).getroot()


def _tags(audited: Checked, name: str) -> Node:
    return read_structure(PDFINFO, audited.site / f"pdus/{name}.pdf")


def _text(element: lxml.html.HtmlElement | Node) -> str:
    return key(element.text_content() if isinstance(element, lxml.html.HtmlElement) else element.text(frozenset({"Lbl"})))


def _of(tags: Node, kind: str) -> list[Node]:
    return [node for node in tags.elements() if node.type == kind]


def _kinds(node: Node) -> list[str]:
    return [child.type for child in node.children if isinstance(child, Node)]


def test_every_structure_passes_every_gate(audited: Checked) -> None:
    assert audited.audit["findings"] == [], audited.output
    assert audited.exit_code == 0
    documents = {d["html"]: d["pdf"] for d in audited.audit["documents"]}
    for name in STRUCTURE_NAMES:
        assert documents[f"pdus/{name}.html"] == f"pdus/{name}.pdf"
    assert "PASSED: no findings" in audited.output


def multi_paragraph_bullet(page: lxml.html.HtmlElement, tags: Node) -> None:
    items = page.xpath('//ul[@class="findings"]/li[count(p) = 2]')
    assert len(items) == 1 and "Leadersheldregularmeetings" in _text(items[0]) and items[0].xpath(".//sup[@class='fn-call']")
    bodies = [li for li in _of(tags, "LI") if _kinds(li) == ["Lbl", "LBody"] and _kinds(li.children[-1]).count("P") == 2]
    assert len(bodies) == 1 and _text(bodies[0]).startswith("Leadersheldregularmeetings")
    assert "Stafftoldusthatthesemeetings" in _text(bodies[0])


def nested_list(page: lxml.html.HtmlElement, tags: Node) -> None:
    outer = page.xpath('//ul[@class="findings"]/li[ul/li/ul]')
    assert len(outer) == 1
    item = next(li for li in _of(tags, "LI") if _text(li).startswith("Therewasfurtherevidence"))
    body = item.children[-1]
    assert _kinds(item) == ["Lbl", "LBody"] and "L" in _kinds(body), "the nested list is in the item's body"
    nested = next(child for child in body.children if isinstance(child, Node) and child.type == "L")
    assert any("L" in _kinds(li.children[-1]) for li in nested.children if isinstance(li, Node)), "two levels deep"
    # Read in the page's order: the sentence, its list, then the paragraph after the list.
    assert _text(item) == _text(outer[0])
    assert _text(item).endswith("ThePDUhadstartedtoactonthesefindings.")


def paragraphs(page: lxml.html.HtmlElement, tags: Node) -> None:
    heading = page.xpath('//h4[@class="findings-heading strengths"]')[0]
    after = [el.tag + ("." + el.get("class") if el.get("class") else "") for el in heading.itersiblings()][:4]
    assert after == ["p", "p", "div.quotation", "p"], after
    assert not any("Leaderswerevisibleandknown" in _text(li) for li in _of(tags, "LI")), "paragraphs, not list items"
    assert any(_text(p).startswith("Leaderswerevisibleandknown") for p in _of(tags, "P"))
    quote = next(q for q in _of(tags, "BlockQuote") if "Theymaketimeforyou" in _text(q))
    assert quote is not None and any(_text(p) == key("– A probation officer") for p in _of(tags, "P"))


def lone_paragraph(page: lxml.html.HtmlElement, tags: Node) -> None:
    heading = page.xpath('//h4[@class="findings-heading areas"]')[0]
    first = next(heading.itersiblings())
    assert first.tag == "p" and _text(first).startswith("Oversightofthehighest-riskcases")
    assert any(_text(p).startswith("Oversightofthehighest-riskcases") for p in _of(tags, "P"))
    assert not any("Oversightofthehighest-risk" in _text(li) for li in _of(tags, "LI"))


def quotation(page: lxml.html.HtmlElement, tags: Node) -> None:
    lines = page.xpath('//div[@class="quotation"]/blockquote/p[br]')
    assert len(lines) == 1 and _text(lines[0]) == key("“My officer listened to me. She helped me find somewhere to live.”")
    assert page.xpath('//div[@class="quotation"]/p[@class="attribution"]')[0].text_content() == "– Person on probation"
    assert len(page.xpath('//div[@class="quotation"]/blockquote[count(p) = 2]')) == 1, "a quotation of two paragraphs"
    quotes = [q for q in _of(tags, "BlockQuote")]
    assert [_text(q) for q in quotes] == [_text(q) for q in page.xpath("//blockquote")]


def practice_example(page: lxml.html.HtmlElement, tags: Node) -> None:
    boxes = page.xpath('//section[@class="practice-example"]')
    headings = [(box.xpath("./*[1]")[0].tag, box.xpath("./*[1]")[0].text_content()) for box in boxes]
    assert headings == [
        ("h4", "Practice example: A room before release"),
        ("h4", "Practice example: Help with housing"),
        ("h5", "Practice example: Joint work with the police"),
    ]
    assert all(box.get("aria-labelledby") == box.xpath("./*[1]/@id")[0] for box in boxes), "named by its heading"
    sections = {_text(sect.children[0]): sect for sect in _of(tags, "Sect") if _kinds(sect)[:1] in (["H4"], ["H5"])}
    for tag, title in headings:
        sect = sections[key(title)]
        assert _kinds(sect)[0] == tag.upper() and "P" in _kinds(sect), "a section that starts with its heading"
    assert "Tomhadahistoryofdomesticabuse.Hisprobation" in _text(sections[key("Practice example: Joint work with the police")])


def wording(page: lxml.html.HtmlElement, tags: Node) -> None:
    h3 = [h.text_content() for h in page.xpath("//h3")]
    assert "2.1 Court work" in h3 and "2.1. Court work" not in h3
    text = page.text_content()
    assert "We do not currently rate the Outcomes standard but provide" in text
    assert (
        "based on the percentage of cases we inspected being judged satisfactory against three key questions and is driven"
        in text
    )
    assert "Key strengths:" in text and "Strengths:" not in text.replace("Key strengths:", "")
    pdf_headings = [node.text() for node in tags.elements() if node.type in ("H3", "H4")]
    assert "2.1 Court work" in pdf_headings and "Key strengths:" in pdf_headings


CHECKS: dict[str, Callable[[lxml.html.HtmlElement, Node], None]] = {
    "multi-paragraph-bullet": multi_paragraph_bullet,
    "nested-list": nested_list,
    "paragraphs": paragraphs,
    "lone-paragraph": lone_paragraph,
    "quotation": quotation,
    "practice-example": practice_example,
    "wording": wording,
}


def test_a_check_for_every_structure() -> None:
    assert sorted(CHECKS) == STRUCTURE_NAMES


@pytest.mark.parametrize("name", STRUCTURE_NAMES)
def test_the_structure_is_in_both_editions(audited: Checked, name: str) -> None:
    CHECKS[name](_page(audited, name), _tags(audited, name))


# --- The gate's new rules fail on wrong tags -----------------------------------------------------------------


@pytest.fixture(scope="module")
def unrepaired(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The nested list's PDF as WeasyPrint tags it, without sitegen's tags."""
    checked = build(STRUCTURES, write=False).checked
    assert checked is not None
    report = checked.report_view("nested-list")
    html = print_html(
        checked.pages().env, checked.content.site, "report", report, theme=checked.theme, options=PdfOptions(), epoch=None
    )
    path = tmp_path_factory.mktemp("raw") / "nested-list.pdf"
    path.write_bytes(render_pdf(html, theme=checked.theme, options=PdfOptions(), source=report.source, weasyprint_tags=True).pdf)
    return path


def _structure_rules(pdf: Path, web_page: Path) -> dict[str, str]:
    """{rule: its findings' messages, joined} of the pdf-structure gate."""
    web = web_facts(lxml.html.parse(str(web_page)))
    rules: dict[str, str] = {}
    for finding in check_structure(pdf, pdf.name, web, read_structure(PDFINFO, pdf)):
        rules[finding.rule] = rules.get(finding.rule, "") + finding.message + "\n"
    return rules


def test_weasyprints_list_items_fail_the_gate(audited: Checked, unrepaired: Path) -> None:
    rules = _structure_rules(unrepaired, audited.site / "pdus/nested-list.html")
    assert "hold other than a label (Lbl) and a body (LBody), e.g. Lbl, P, P" in rules["list-item"]
    assert "2 list(s) hold a nested list beside their items" in rules["list-item"]
    assert "list-item" not in _structure_rules(audited.site / "pdus/nested-list.pdf", audited.site / "pdus/nested-list.html")


@pytest.mark.parametrize(
    ("name", "kind", "rule"), [("practice-example", "/Sect", "practice-example"), ("quotation", "/BlockQuote", "quotation")]
)
def test_a_box_or_quotation_tagged_as_something_else_fails_the_gate(
    audited: Checked, tmp_path: Path, name: str, kind: str, rule: str
) -> None:
    source = audited.site / f"pdus/{name}.pdf"
    web_page = audited.site / f"pdus/{name}.html"
    assert rule not in _structure_rules(source, web_page)
    with pikepdf.open(source) as pdf:
        for element in _elements(pdf.Root.StructTreeRoot):
            if str(element.get("/S")) == kind and (kind != "/Sect" or _starts_with_example(element)):
                element.S = pikepdf.Name.Div
        pdf.save(tmp_path / "retagged.pdf")
    assert rule in _structure_rules(tmp_path / "retagged.pdf", web_page)


def _elements(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found = []
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found.append(kid)
            found += _elements(kid)
    return found


def _starts_with_example(sect: pikepdf.Dictionary) -> bool:
    kids = [k for k in sect.K if isinstance(k, pikepdf.Dictionary) and "/S" in k] if isinstance(sect.K, pikepdf.Array) else []
    return bool(kids) and str(kids[0].S) in ("/H4", "/H5")
