"""Turn each PDF's pages into copy-fit findings: pages a designer would send back.

``short-page``: a near-empty page, by the house's rule (:mod:`sitegen.rules.copyfit`): not the first
or the last, five lines of text or fewer, and not opening a chapter or a standard (a bookmarked heading
at its top). Such a page is the tail of a run that overflowed by a few lines before the next forced
break; the build fits what it can (:mod:`sitegen.pdf.fit`), this names what is left.

The lines are read from the PDF itself, with pikepdf: the baselines of the text each page draws, text
side by side (table cells, a superscript) counted as one line. Running heads, footers and page numbers
(pagination artifacts) and footnotes (``Note`` elements) are not lines of the page's text; in an
untagged PDF every text counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sitegen.audit.model import Finding
from sitegen.rules.copyfit import short_pages

GATE = "copy-fit"
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
_SHOW = {"Tj", "TJ", "'", '"'}


def check_copyfit(pdf_path: Path, name: str) -> list[Finding]:
    """The copy-fit findings of one PDF."""
    import pikepdf

    try:
        short = short_page_numbers(pdf_path)
    except pikepdf.PdfError as exc:
        return [Finding(name, GATE, "unreadable", f"pikepdf cannot read this PDF: {exc}")]
    return [
        Finding(
            name,
            GATE,
            "short-page",
            f"page {number} holds {_lines(lines)} of text, a near-empty page before the next forced break: "
            f"shorten or tighten what runs over so that it ends on page {number - 1}, or add to it",
        )
        for number, lines in short
    ]


def _lines(n: int) -> str:
    return "no line" if n == 0 else "1 line" if n == 1 else f"{n} lines"


def short_page_numbers(pdf_path: Path) -> list[tuple[int, int]]:
    """(page number, lines of text) of each short page of the PDF (see the module's docstring)."""
    lines, openers = read_pages(pdf_path)
    return [(index + 1, len(lines[index])) for index in short_pages([len(x) for x in lines], openers)]


def read_pages(pdf_path: Path) -> tuple[list[list[float]], set[int]]:
    """The lines of text of each page (their heights from the top of the page), and the indexes of the
    pages that open with a bookmarked heading (a chapter, a standard: its page is no run-over)."""
    import pikepdf

    with pikepdf.open(pdf_path) as pdf:
        tree = pdf.Root.get("/StructTreeRoot")
        kept = _text_marks(tree) if tree is not None else None
        lines = [_lines_of(page, kept) for page in pdf.pages]
        tops = _bookmark_tops(pdf)
    openers = {i for i, page_lines in enumerate(lines) if any(not page_lines or top <= page_lines[0] for top in tops.get(i, []))}
    return lines, openers


def _bookmark_tops(pdf: Any) -> dict[int, list[float]]:
    """{page index: heights from the top of the page of the bookmarks that go there}."""
    import pikepdf

    pages = {page.objgen: (index, float(page.mediabox[3])) for index, page in enumerate(pdf.pages)}
    tops: dict[int, list[float]] = {}
    with pdf.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop()
            stack.extend(item.children)
            destination = item.destination
            if isinstance(destination, pikepdf.Array) and len(destination) >= 4 and destination[0].objgen in pages:
                index, height = pages[destination[0].objgen]
                top = destination[3]
                tops.setdefault(index, []).append(height - float(top) if top is not None else 0.0)
    return tops


def _text_marks(tree: Any) -> set[tuple[tuple[int, int], int]]:
    """(page, MCID) of every marked-content sequence of the structure tree outside footnotes."""
    import pikepdf

    marks: set[tuple[tuple[int, int], int]] = set()
    stack: list[tuple[Any, Any]] = [(tree, None)]
    while stack:
        element, page = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and str(element.get("/S", "")) == "/Note":
            continue
        page = element.get("/Pg", page) if isinstance(element, pikepdf.Dictionary) else page
        kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
        for kid in kids if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids]):
            if isinstance(kid, int) and page is not None:
                marks.add((page.objgen, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and str(kid.get("/Type", "")) == "/MCR":
                marks.add((kid.get("/Pg", page).objgen, int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                stack.append((kid, page))
    return marks


def _lines_of(page: Any, kept: set[tuple[tuple[int, int], int]] | None) -> list[float]:
    """The lines among the baselines the page draws, top down: a baseline within 0.6 of a font size of
    the line's first is the same line (a superscript, a cell beside it)."""
    lines: list[float] = []
    for y, size in sorted(_baselines(page, kept)):
        if not lines or y - lines[-1] >= 0.6 * size:
            lines.append(y)
    return lines


def _baselines(page: Any, kept: set[tuple[tuple[int, int], int]] | None) -> Iterator[tuple[float, float]]:
    """(distance from the top of the page, font size) of each text the page draws as text of its own."""
    import pikepdf

    height = float(page.mediabox[3])
    ctm: Matrix = _IDENTITY
    saved: list[Matrix] = []
    marks: list[bool] = []  # for each open marked-content sequence: is its text the page's own?
    tm = tlm = _IDENTITY
    size = leading = 0.0
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            ctm = saved.pop() if saved else _IDENTITY
        elif op == "cm":
            ctm = _multiply(_matrix(operands), ctm)
        elif op in ("BDC", "BMC"):
            marks.append(_counts_as_text(page, operands, kept, marks))
        elif op == "EMC":
            if marks:
                marks.pop()
        elif op == "BT":
            tm = tlm = _IDENTITY
        elif op == "Tm":
            tm = tlm = _matrix(operands)
        elif op in ("Td", "TD"):
            tx, ty = float(operands[0]), float(operands[1])
            tm = tlm = _multiply((1, 0, 0, 1, tx, ty), tlm)
            leading = -ty if op == "TD" else leading
        elif op == "TL":
            leading = float(operands[0])
        elif op == "Tf":
            size = float(operands[1])
        if op == "T*" or op in ("'", '"'):
            tm = tlm = _multiply((1, 0, 0, 1, 0, -leading), tlm)
        if op in _SHOW and (not marks or marks[-1]):
            a, b, c, d, e, f = _multiply(tm, ctm)
            yield height - f, abs(size * (b * b + d * d) ** 0.5)


def _counts_as_text(page: Any, operands: Any, kept: set[tuple[tuple[int, int], int]] | None, marks: list[bool]) -> bool:
    """Whether the text in a marked-content sequence is the page's own text."""
    import pikepdf

    if marks and not marks[-1]:
        return False  # inside an artifact or a footnote
    if str(operands[0]) == "/Artifact":
        return False
    if kept is None:
        return True
    properties = operands[1] if len(operands) > 1 else None
    if isinstance(properties, pikepdf.Name):
        properties = page.Resources.get("/Properties", {}).get(properties)
    if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
        return (page.obj.objgen, int(properties.MCID)) in kept
    return not marks or marks[-1]


def _matrix(operands: Any) -> Matrix:
    a, b, c, d, e, f = (float(v) for v in operands)
    return a, b, c, d, e, f


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m x n, as PDF composes a new matrix ``m`` onto the current ``n``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )
