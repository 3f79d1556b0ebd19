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

_ITEM = re.compile(r"^( *)([-•\uf0b7\u25cf\u25e6\u25cb\u25aa\u25a0])\s+")
#: The level each marker shows where the indent does not: •, then ◦ (or ○), then ▪ (or ■), as word processors nest.
_LEVELS = {"\u25e6": 2, "\u25cb": 2, "\u25aa": 3, "\u25a0": 3}
_OPENING, _CLOSING = '"“', '"”'
_QUOTE_LINES = 12  # the most lines a quotation may run to: an unclosed mark further up is a slip, not a quotation
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


def read_text(source: str) -> list[Block]:
    """The blocks of an extracted report, each with its line number."""
    blocks: list[Block] = []
    current: Block | None = None  # the block a line starting with a space continues
    entry: Block | None = None  # the list entry an indented paragraph belongs to
    gap = True
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.rstrip()
        where = f"line {number}"
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip():
            gap, current = True, None
            continue
        if "\t" in line:
            cells = tuple(escape(c.strip()) for c in line.split("\t"))
            blocks.append(Block("row", "\t".join(cells), where, cells=cells, gap_before=gap))
            current = entry = None
        elif note := _NOTE.match(line.strip()):
            text, links = inline(note[2])
            current = Block("note", text, where, number=note[1].translate(SUPERSCRIPTS), gap_before=gap, links=links)
            blocks.append(current)
        elif marker := _ITEM.match(line):
            text, links = inline(line[marker.end() :].strip())
            current = entry = Block("item", text, where, gap_before=gap, links=links, depth=_depth(marker, entry))
            blocks.append(current)
        elif indent >= 2 and gap and entry is not None:
            # A further paragraph of the entry above, indented under its text (two spaces a level).
            text, links = inline(line.strip())
            current = Block("para", text, where, gap_before=gap, links=links, depth=min(indent // 2, entry.depth))
            blocks.append(current)
        elif line.startswith(" ") and (current is None or gap):
            text, links = inline(line.strip())  # an entry whose marker the extraction lost
            current = entry = Block("item", text, where, gap_before=gap, links=links, depth=1)
            blocks.append(current)
        elif line.startswith(" ") and current is not None:
            text, links = inline(line.strip())
            current.text += " " + text
            current.links += links
        else:
            text, links = inline(line.strip())
            current = Block("para", text, where, gap_before=gap, links=links)
            entry = None
            blocks.append(current)
        gap = False
    return _running_heads(_quotations(blocks))


def _depth(marker: re.Match[str], entry: Block | None) -> int:
    """An entry's level: from its indent (two spaces a level) or its marker (•, then ◦, then ▪).

    A list starts at its first level, and an entry is at most one level deeper than the entry above it.
    """
    indent, symbol = len(marker[1]), marker[2]
    level = 1 + indent // 2 if indent >= 2 else _LEVELS.get(symbol, 1)
    return min(level, entry.depth + 1 if entry is not None else 1)


def _quotations(blocks: list[Block]) -> list[Block]:
    """Quotations: from a line that opens quotation marks to the line that closes them.

    A quotation of several lines keeps its lines ("\n") and, across a blank line, its paragraphs.
    """
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        end = _closing(blocks, i) if block.kind in ("para", "item") and block.text.lstrip()[:1] in _OPENING else None
        if end is None:
            out.append(block)
            i += 1
            continue
        text = block.text.strip()[1:]
        for later in blocks[i + 1 : end + 1]:
            text += ("\n\n" if later.gap_before else "\n") + later.text.strip()
            block.links += later.links
        block.kind, block.text, block.depth = "quote", text.rstrip()[:-1].strip(), 0
        out.append(block)
        i = end + 1
    return out


def _closing(blocks: list[Block], start: int) -> int | None:
    """The index of the block that closes the quotation opened at ``start``, if it is closed within a few lines."""
    first = blocks[start].text.strip()
    if len(first) > 2 and first[-1] in _CLOSING:
        return start  # a quotation on one line
    if _opens(first) is not True:
        return None  # closed inside its own line: a quoted phrase, not a quotation
    for end in range(start + 1, min(start + _QUOTE_LINES, len(blocks))):
        text = blocks[end].text.strip()
        state = _opens(text)
        if blocks[end].kind != "para" or state is True:
            return None
        if state is False:
            return end if text[-1:] in _CLOSING else None
    return None


def _opens(text: str) -> bool | None:
    """Does ``text`` leave a quotation open (True), close one it did not open (False), or neither (None)?"""
    curly = text.count("“") - text.count("”")
    straight = text.count('"') % 2
    if curly > 0 or (not curly and straight and text.lstrip()[:1] == '"'):
        return True
    if curly < 0 or (not curly and straight):
        return False
    return None


def _running_heads(blocks: list[Block]) -> list[Block]:
    """Short lines printed again and again (a page's running head) are page furniture, not content."""
    seen = Counter(b.text for b in blocks if b.kind == "para")
    for block in blocks:
        text = block.text
        repeated = seen[text] >= 2 and len(text.split()) <= 12
        attribution = text.startswith(("–", "—"))  # "– Person on probation" under more than one quotation
        if block.kind == "para" and repeated and not text.endswith((":", ".")) and not is_rating(text) and not attribution:
            block.kind = "furniture"
    return blocks
