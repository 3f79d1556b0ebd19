"""Turn a report's extracted text (the form of tests/reference/*.txt) into blocks.

The text is what a PDF-to-text extraction of a published report gives: one
paragraph or list entry a line, blank lines between runs, table rows with
tabs, list entries marked ``-`` or ``•`` (or, where the extraction lost the
marker, indented by a space), wrapped entries continued on lines that start
with a space, footnote calls as superscript digits and footnote texts as
lines starting with one, links underlined ``<u>...</u>``. Nothing here knows
what a report says; that is :mod:`sitegen.importer.recognise`'s part.
"""

from __future__ import annotations

import re
from collections import Counter

from sitegen.importer.blocks import SUPERSCRIPTS, Block, escape, is_rating

_ITEM = re.compile(r"^\s?(?:[-•\uf0b7\u25aa]|\u2022)\s+")
_NOTE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*(.*)$")
_CALL = re.compile(r"(?<=[^\s⁰¹²³⁴⁵⁶⁷⁸⁹])([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")
_U_OPEN, _U_CLOSE, _BOLD, _CALL_OPEN, _CALL_CLOSE = "\ue010", "\ue011", "\ue012", "\ue013", "\ue014"
_PRIVATE = re.compile("[\ue000-\ue0ff]")


def inline(raw: str) -> tuple[str, list[tuple[str, str]]]:
    """One line of extracted text as Markdown, and the links it shows (their addresses unknown)."""
    text = _PRIVATE.sub("", raw)
    text = text.replace("<u>", _U_OPEN).replace("</u>", _U_CLOSE).replace("**", _BOLD)
    text = _CALL.sub(lambda m: _CALL_OPEN + m[1].translate(SUPERSCRIPTS) + _CALL_CLOSE, text)
    text = escape(text)
    links = [(m[1].strip(), "") for m in re.finditer(f"{_U_OPEN}(.*?){_U_CLOSE}", text)]
    text = text.replace(_U_OPEN, "").replace(_U_CLOSE, "").replace(_BOLD, "**")
    text = re.sub(f"{_CALL_OPEN}(\\d+){_CALL_CLOSE}", r"[^\1]", text)
    return text, links


def _quote(block: Block) -> Block:
    text = block.text.strip()
    if len(text) > 2 and text[0] in '"“' and text[-1] in '"”' and block.kind in ("para", "item"):
        block.kind = "quote"
        block.text = text[1:-1].strip()
    return block


def read_text(source: str) -> list[Block]:
    """The blocks of an extracted report, each with its line number."""
    blocks: list[Block] = []
    current: Block | None = None
    gap = True
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.rstrip()
        where = f"line {number}"
        if not line.strip():
            gap, current = True, None
            continue
        if "\t" in line:
            cells = tuple(escape(c.strip()) for c in line.split("\t"))
            blocks.append(Block("row", "\t".join(cells), where, cells=cells, gap_before=gap))
            current = None
        elif note := _NOTE.match(line.strip()):
            text, links = inline(note[2])
            current = Block("note", text, where, number=note[1].translate(SUPERSCRIPTS), gap_before=gap, links=links)
            blocks.append(current)
        elif _ITEM.match(line) or (line.startswith(" ") and (current is None or gap)):
            text, links = inline(_ITEM.sub("", line).strip())
            current = Block("item", text, where, gap_before=gap, links=links)
            blocks.append(current)
        elif line.startswith(" ") and current is not None:
            text, links = inline(line.strip())
            current.text += " " + text
            current.links += links
        else:
            text, links = inline(line.strip())
            current = Block("para", text, where, gap_before=gap, links=links)
            blocks.append(current)
        gap = False
    blocks = [_quote(b) for b in blocks]
    return _running_heads(blocks)


def _running_heads(blocks: list[Block]) -> list[Block]:
    """Short lines printed again and again (a page's running head) are page furniture, not content."""
    seen = Counter(b.text for b in blocks if b.kind == "para")
    for block in blocks:
        text = block.text
        repeated = seen[text] >= 2 and len(text.split()) <= 12
        if block.kind == "para" and repeated and not text.endswith((":", ".")) and not is_rating(text):
            block.kind = "furniture"
    return blocks
