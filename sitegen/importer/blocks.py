"""The common form of a source: a published report as a list of blocks in reading order.

Both readers (:mod:`sitegen.importer.textsource` for extracted text,
:mod:`sitegen.importer.pdfsource` for PDFs) turn their source into the same
blocks, so the structure is recognised once, by the same rules, whatever the
source. A block's text is Markdown ready for a content file: the source's own
characters escaped, footnote calls written ``[^N]`` with the number the
source prints, links and emphasis as Markdown where the source shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

#: para: a paragraph; item: a list entry ("1. ..." when numbered); quote: a quotation
#: without its marks (a line break kept as "\n", a new paragraph as a blank line); row: a
#: table row (``cells``); note: a footnote's text (``number``); furniture: running heads,
#: page numbers and labels the page shows around the content.
Kind = Literal["para", "item", "quote", "row", "note", "furniture"]

RATING_WORDS = ("Outstanding", "Good", "Requires improvement", "Inadequate", "Not rated")


@dataclass
class Block:
    kind: Kind
    text: str
    where: str  # "page 7" or "line 123": where an editor finds it in the source
    heading: int = 0  # 1 chapter, 2 standard or sub-section, 3 minor (bold line); 0 not known
    cells: tuple[str, ...] = ()
    number: str = ""  # a footnote's printed number
    gap_before: bool = False  # a separate run from the block before (a blank line in extracted text)
    after_page_foot: bool = False  # footnotes or a running head stand between it and the block before
    emphasis: str = ""  # "bold" or "italic" when the whole block is set so
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, address) of links shown in it
    #: An entry's level in nested lists (1 the outer list); a paragraph's, the level of the entry it
    #: continues (a bullet of several paragraphs); 0 for a paragraph of its own.
    depth: int = 0
    #: The left and right edges of a box drawn round the block (a PDF's practice example); None if none.
    frame: tuple[float, float] | None = None

    @property
    def plain(self) -> str:
        """The text without Markdown: for matching against known wording."""
        return plain(self.text)


_MARKDOWN = re.compile(r"\[\^[^\]\s]+\]|\\(?=[\\`*_{}\[\]()#+\-.!<>|~])|\*\*|(?<!\\)\*")
_LINK = re.compile(r"(?<!\\)\[([^\]]*)\]\((?:[^)\s]+)\)")


def plain(text: str) -> str:
    """Markdown to its words: link texts kept, calls, escapes and emphasis marks dropped."""
    text = _LINK.sub(r"\1", text)
    return " ".join(_MARKDOWN.sub("", text).split())


_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_LEADING = re.compile(r"^(\s*)([#>+]|[-*](?=\s)|\d+(?=[.)]\s))")


def escape(text: str) -> str:
    """Raw source text as Markdown that prints it unchanged."""
    return _LEADING.sub(lambda m: m[1] + "\\" + m[2] if not m[2][0].isdigit() else m[1] + m[2] + "\\", _ESCAPE.sub(r"\\\1", text))


def words(text: str) -> list[str]:
    """Lower-case words, punctuation and quote styles folded: for comparing wording."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return [w.strip("'").lower() for w in re.findall(r"[A-Za-z0-9£%']+", plain(text)) if w.strip("'")]


def same_words(a: str, b: str) -> bool:
    return words(a) == words(b)


def squash(text: str) -> str:
    """Whitespace and quote styles folded, punctuation kept: for 'is this wording the same?'."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(plain(text).split())


def is_rating(text: str) -> bool:
    return text.strip().rstrip(".") in RATING_WORDS


SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def same_frame(a: Block, b: Block) -> bool:
    """Are both blocks inside one box? (Its edges agree within a point or two: the same box, or its run-on.)"""
    return a.frame is not None and b.frame is not None and all(abs(x - y) <= 2 for x, y in zip(a.frame, b.frame, strict=True))
