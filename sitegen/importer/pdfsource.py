"""Turn a report's PDF into blocks, from the position, font and size of every word (pdfplumber).

Nothing here depends on exact coordinates: sizes are read relative to the
body text's (the most used size), headings are larger or bold, a footnote is
small text under the page's body that starts with the number of a call made
on the page, calls are small raised numbers, running heads and page numbers
sit in the top or bottom margin and repeat from page to page, list entries
start with a bullet or a number set apart from their text, table rows have
cells far apart, and a line continues the block above it when it starts
where that block's lines start and follows it closely. Links keep their
address; italic and bold words inside a paragraph become Markdown emphasis.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber

from sitegen.importer.blocks import Block, escape

_BULLETS = {"•", "▪", "◦", "‣", "●", "–", "-", "\uf0b7"}
_NUMBER = re.compile(r"^(\d+)[.)]$")


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool
    uri: str = ""
    link_end: float = 0.0  # where the link's area ends: punctuation glued to the word after it is not linked
    call: bool = False  # a footnote call (small, raised)


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words if not w.call)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def size(self) -> float:
        return max(w.size for w in self.words if not w.call)

    @property
    def bold(self) -> bool:
        return all(w.bold for w in self.words if not w.call)

    @property
    def italic(self) -> bool:
        return all(w.italic for w in self.words if not w.call)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words if not w.call)


Frame = tuple[float, float, float, float]  # a box drawn on the page: x0, top, x1, bottom


def read_pdf(path: Path) -> list[Block]:
    """The blocks of a report's PDF, each with its page number."""
    with pdfplumber.open(path) as pdf:
        pages = [(_lines(page), float(page.height)) for page in pdf.pages]
        frames = [_frames(page) for page in pdf.pages]
    sizes: Counter[float] = Counter()
    for lines, _ in pages:
        for line in lines:
            sizes[round(line.size, 1)] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 11.0
    # The text column's right edge: where the longest lines of body text end (kept line breaks stop short of it).
    ends = sorted(line.x1 for lines, _ in pages for line in lines if abs(line.size - body) < 0.5)
    right = ends[int(len(ends) * 0.98)] if ends else 0.0
    repeated = _repeated_margins(pages)
    builder = _Builder(body, right)
    for number, ((lines, height), boxes) in enumerate(zip(pages, frames, strict=True), start=1):
        builder.page(number, lines, height, repeated, boxes)
    return builder.blocks


def _frames(page: pdfplumber.page.Page) -> list[Frame]:
    """The rectangles drawn on a page: boxes, backgrounds, cells (and rules, which hold no line of text)."""
    return [(r["x0"], r["top"], r["x1"], r["bottom"]) for r in page.rects]


def _frame(line: Line, frames: list[Frame]) -> tuple[float, float] | None:
    """The left and right edges of the smallest box drawn round ``line``."""
    around = [
        f for f in frames if f[0] - 1 <= line.x0 and line.x1 <= f[2] + 1 and f[1] - 1 <= line.top and line.bottom <= f[3] + 1
    ]
    if not around:
        return None
    x0, _, x1, _ = min(around, key=lambda f: (f[2] - f[0]) * (f[3] - f[1]))
    return (round(x0, 1), round(x1, 1))


def _lines(page: pdfplumber.page.Page) -> list[Line]:
    links = [h for h in page.hyperlinks if h.get("uri")]
    raw = page.extract_words(extra_attrs=["fontname", "size"], keep_blank_chars=False, x_tolerance=1.5, y_tolerance=2)
    words = []
    for r in raw:
        font = r["fontname"].split("+")[-1].lower()
        word = Word(
            r["text"], r["x0"], r["x1"], r["top"], r["bottom"], r["size"], "bold" in font, "italic" in font or "oblique" in font
        )
        centre_x, centre_y = (word.x0 + word.x1) / 2, (word.top + word.bottom) / 2
        for link in links:
            if link["x0"] <= centre_x <= link["x1"] and link["top"] - 1 <= centre_y <= link["bottom"] + 1:
                word.uri, word.link_end = link["uri"], link["x1"]
        words.append(word)
    if not words:
        return []
    body = Counter(round(w.size, 1) for w in words).most_common(1)[0][0]
    normal = [w for w in words if not (w.size < 0.75 * body and w.text.isdigit())]
    calls = [w for w in words if w.size < 0.75 * body and w.text.isdigit()]
    lines: list[Line] = []
    for word in sorted(normal, key=lambda w: (round(w.bottom), w.x0)):
        for line in lines:
            if abs(line.bottom - word.bottom) <= 2 and abs(line.size - word.size) <= 1:
                line.words.append(word)
                break
        else:
            lines.append(Line([word]))
    for call in calls:
        host = [ln for ln in lines if ln.top - 2 <= call.top <= ln.bottom and ln.size > call.size]
        if host:
            call.call = True
            host[0].words.append(call)
        else:
            lines.append(Line([call]))  # a small number standing alone: a footnote's own number
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
        dots = [w for w in line.words if set(w.text) <= {".", " "}]
        if len(dots) >= 5:  # the dot leaders of a contents entry
            line.words = [w for w in line.words if w not in dots]
    return sorted((ln for ln in lines if ln.words), key=lambda ln: (ln.top, ln.x0))


def _margin_text(line: Line) -> str:
    return re.sub(r"\d+", "#", line.text).strip()


def _in_margin(line: Line, height: float) -> bool:
    return line.top > height * 0.92 or line.bottom < height * 0.06


def _repeated_margins(pages: list[tuple[list[Line], float]]) -> set[str]:
    """Texts in the top or bottom margin on more than one page: running heads, folios."""
    seen: Counter[str] = Counter()
    for lines, height in pages:
        for text in {_margin_text(ln) for ln in lines if _in_margin(ln, height)}:
            seen[text] += 1
    return {text for text, count in seen.items() if count > 1 or text == "#"}


class _Builder:
    """Lines to blocks, page after page; an entry or paragraph may run on over a page break."""

    def __init__(self, body: float, right: float):
        self.body, self.right = body, right
        self.blocks: list[Block] = []
        self.open: Block | None = None  # the block the next line may continue
        self.indent = 0.0  # where the open block's lines start
        self.last: Line | None = None
        self.calls: set[str] = set()
        self.entries: list[tuple[float, float]] = []  # the open list entries, outer first: (marker's x, text's x)
        self.frames: list[Frame] = []

    def page(self, number: int, lines: list[Line], height: float, repeated: set[str], frames: list[Frame]) -> None:
        where = f"page {number}"
        self.last, self.frames = None, frames
        for line in lines:
            self.calls |= {w.text for w in line.words if w.call}
        foot = self._footnote_start(lines, height, repeated)
        note: Block | None = None
        for i, line in enumerate(lines):
            if _in_margin(line, height) and _margin_text(line) in repeated:
                self.blocks.append(Block("furniture", escape(line.text), where))
                continue
            if foot is not None and i >= foot:
                first = line.words[0].text
                if first.isdigit() and first in self.calls:
                    note = Block("note", _markdown(line.words[1:]), where, number=first)
                    self.blocks.append(note)
                elif note is not None:
                    note.text = _join(note.text, _markdown(line.words))
                continue
            self._line(line, where)

    def _footnote_start(self, lines: list[Line], height: float, repeated: set[str]) -> int | None:
        """The first line of the footnotes: small text under the body, opening with a call's number."""
        small = 0.85 * self.body
        body_lines = [i for i, ln in enumerate(lines) if ln.size > small and not _in_margin(ln, height)]
        last_body = body_lines[-1] if body_lines else -1
        for i, line in enumerate(lines):
            # The number of a call made so far: small type that merely starts with a digit (an address line,
            # "1 Bridge Street West", in the inside cover's details) is no footnote.
            if i > last_body and line.size <= small and line.words[0].text in self.calls:
                return i
        return None

    def _line(self, line: Line, where: str) -> None:
        size, first = line.size, line.words[0]
        top_of_page, previous = self.last is None, self.last
        close = previous is not None and line.top - previous.bottom < 0.6 * size
        self.last = line
        cells = _cells(line)
        frame = _frame(line, self.frames)
        if first.text in _BULLETS and len(line.words) > 1 and not self._attribution(line):
            depth = self._nest(first.x0, line.words[1].x0, size)
            self._start(Block("item", _markdown(line.words[1:]), where, depth=depth, frame=frame), line.words[1].x0)
        elif (number := _NUMBER.match(first.text)) and len(line.words) > 1 and line.words[1].x0 - first.x1 > 0.6 * size:
            depth = self._nest(first.x0, line.words[1].x0, size)
            block = Block("item", f"{number[1]}. " + _markdown(line.words[1:]), where, depth=depth, frame=frame)
            self._start(block, line.words[1].x0)
        elif len(cells) > 1:
            self.entries = []
            self._start(Block("row", "\t".join(cells), where, cells=tuple(cells), emphasis=_style(line), frame=frame), line.x0)
        elif self._continues(line, close, top_of_page):
            assert self.open is not None
            if self.open.kind == "row":
                cells = list(self.open.cells)
                cells[0] = _join(cells[0], _markdown(line.words))
                self.open.cells = tuple(cells)
                self.open.text = "\t".join(cells)
            elif self.open.kind == "quote" and previous is not None:
                self.open.text += self._quote_break(previous, line, close) + _markdown(line.words, whole="italic")
            else:
                self.open.text = _join(self.open.text, _markdown(line.words, whole=self.open.emphasis))
        elif line.italic and first.text.startswith(("“", '"')):
            self._start(Block("quote", _markdown(line.words, whole="italic"), where, emphasis="italic", frame=frame), line.x0)
        else:
            level = self._level(line)
            depth = 0 if level else self._inside(line.x0, size)
            if level:
                self.entries = []
            text = _markdown(line.words, whole=_style(line))
            self._start(Block("para", text, where, heading=level, emphasis=_style(line), depth=depth, frame=frame), line.x0)
        if self.open is not None and self.open.kind == "quote":
            text = self.open.text
            if text.startswith(("“", '"')) and text.endswith(("”", '"')) and len(text) > 1:
                self.open.text = text[1:-1].strip()
                self.open = None

    def _attribution(self, line: Line) -> bool:
        """A dash under a quotation, where the quotation starts: who said it ("– Person on probation"), not a bullet."""
        before = self.blocks[-1] if self.blocks else None
        return (
            before is not None
            and before.kind == "quote"
            and line.words[0].text in ("–", "—")
            and abs(line.x0 - self.indent) <= 0.3 * line.size
        )

    def _nest(self, marker: float, text: float, size: float) -> int:
        """A list entry's level, from where its marker stands against the entries still open above it."""
        while self.entries and self.entries[-1][0] > marker + 0.3 * size:
            self.entries.pop()  # the deeper entries above have ended
        if self.entries and abs(self.entries[-1][0] - marker) <= 0.3 * size:
            self.entries.pop()  # a sibling takes its place
        self.entries.append((marker, text))
        return len(self.entries)

    def _inside(self, x0: float, size: float) -> int:
        """A paragraph set where an open entry's text starts is that entry's next paragraph; any other ends the list."""
        for level in range(len(self.entries), 0, -1):
            if abs(self.entries[level - 1][1] - x0) <= 0.3 * size:
                del self.entries[level:]
                return level
        self.entries = []
        return 0

    def _quote_break(self, previous: Line, line: Line, close: bool) -> str:
        """Between two lines of a quotation: a new paragraph, a line break kept, or a line wrapped."""
        if not close:
            return "\n\n"
        room = self.right - previous.x1 - 0.3 * line.size  # what was left of the line, less a space
        return "\n" if line.words[0].x1 - line.words[0].x0 < room - 1 else " "

    def _start(self, block: Block, indent: float) -> None:
        self.blocks.append(block)
        self.open, self.indent = block, indent

    def _continues(self, line: Line, close: bool, top_of_page: bool) -> bool:
        """Does ``line`` carry on the open block: same left edge, same style, and close below (or atop a new page)?"""
        block = self.open
        if block is None or abs(line.x0 - self.indent) > 0.4 * line.size:
            return False
        if block.kind == "quote":
            return line.italic
        if block.kind == "para" and (_style(line) != block.emphasis or self._level(line) != block.heading):
            return False
        broken = top_of_page and block.kind != "row" and not block.text.endswith((".", ":", "!", "?", "”", '"'))
        return close or broken or (top_of_page and block.kind == "item")

    def _level(self, line: Line) -> int:
        if line.size >= 1.45 * self.body and line.bold:
            return 1
        if line.size >= 1.15 * self.body and line.bold:
            return 2
        return 3 if line.bold and abs(line.size - self.body) < 0.5 else 0


def _style(line: Line) -> str:
    return "bold" if line.bold else "italic" if line.italic else ""


def _cells(line: Line) -> list[str]:
    """A line's cells: runs of words more than two character heights apart."""
    cells: list[list[Word]] = [[line.words[0]]]
    for word in line.words[1:]:
        before = cells[-1][-1]
        if word.x0 - before.x1 > 2 * line.size and not word.call:
            cells.append([word])
        else:
            cells[-1].append(word)
    return [_markdown(c) for c in cells]


def _join(text: str, more: str) -> str:
    """Two lines of one paragraph: a word broken at its hyphen is rejoined."""
    if (re.search(r"[A-Za-z]-$", text) and more[:1].isalpha()) or text.endswith("/"):
        return text + more
    return f"{text} {more}" if text else more


def _markdown(words: list[Word], whole: str = "") -> str:
    """Words as Markdown: escaped, calls as [^N], links, and emphasis the line as a whole does not have."""
    out = ""
    previous: Word | None = None
    for word in words:
        if word.call:
            piece = f"[^{word.text}]"
        else:
            piece = escape(word.text)
            if word.italic and whole != "italic":
                piece = f"*{piece}*"
            elif word.bold and whole != "bold":
                piece = f"**{piece}**"
            if word.uri:
                tail = re.search(r"[.,;:!?)]+$", piece) if word.x1 - word.link_end > 1 else None
                linked, after = (piece[: tail.start()], tail[0]) if tail and tail.start() else (piece, "")
                piece = f"\ue020{word.uri}\ue021{linked}\ue022{after}"
        glued = previous is not None and (word.call or word.x0 - previous.x1 < 0.12 * word.size)
        out += piece if glued or not out else " " + piece
        previous = word
    out = re.sub(r"\*\* \*\*|\* \*", " ", out)  # one emphasis over several words
    out = re.sub(r"\ue022( ?)\ue020([^\ue021]*)\ue021", r"\1", out)  # one link over several words
    return re.sub(r"\ue020([^\ue021]*)\ue021([^\ue022]*)\ue022", r"[\2](\1)", out)
