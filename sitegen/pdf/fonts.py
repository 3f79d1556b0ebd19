"""Turn a theme's font files into the characters its PDFs can draw, and content into problems for the rest.

A character that none of the PDF's fonts has is drawn as the empty ``.notdef``
glyph: the text is lost on the page and the PDF fails PDF/UA-1 (veraPDF rule
7.21.8-1). The theme's fonts are read with fontTools (which WeasyPrint uses
for the same files), and every text of every content file is checked against
the characters that all of them have, before anything is rendered. An HTML
entity in Markdown (``&#x1F600;``) is checked as the character it becomes.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable
from pathlib import Path

from fontTools.ttLib import TTFont

from sitegen.content.characters import describe, strings
from sitegen.content.problems import Problem
from sitegen.content.yamlfile import YamlDoc

FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
#: Line breaks and tabs are layout, not glyphs.
_LAYOUT = frozenset(map(ord, "\n\t"))


def theme_fonts(theme: Path) -> list[Path]:
    static = theme / "static"
    return sorted(p for p in static.rglob("*") if p.suffix.lower() in FONT_SUFFIXES) if static.is_dir() else []


def coverage(theme: Path) -> frozenset[int] | None:
    """The code points every font file of the theme has; None for a theme that ships no fonts."""
    fonts = theme_fonts(theme)
    if not fonts:
        return None
    return _coverage(tuple((str(p), p.stat().st_mtime_ns) for p in fonts))


@functools.lru_cache(maxsize=8)
def _coverage(fonts: tuple[tuple[str, int], ...]) -> frozenset[int]:
    sets = []
    for path, _ in fonts:
        with TTFont(path, lazy=True) as font:
            sets.append(frozenset(font.getBestCmap() or {}))
    return frozenset.intersection(*sets) | _LAYOUT


@functools.lru_cache(maxsize=8)
def _characters(covered: frozenset[int]) -> frozenset[str]:
    return frozenset(map(chr, covered))


def uncovered(docs: Iterable[YamlDoc], covered: frozenset[int]) -> list[Problem]:
    """A problem for each character of each text that the fonts do not have, at its line."""
    problems = []
    drawn = _characters(covered)
    for doc in docs:
        for loc, value in strings(doc.data):
            if "&" not in value and drawn.issuperset(value):
                continue  # every character drawn: most texts, checked at C speed
            missing = {c for c in set(value) if ord(c) not in covered}
            decoded = html.unescape(value) if "&" in value else value
            entities = {c for c in set(decoded) if ord(c) not in covered} - missing
            for char in sorted(missing | entities):
                message = (
                    f"the character {describe(char)} is not in the theme's fonts, so the PDF cannot show it: "
                    "remove it or write it in words"
                )
                problems.append(doc.problem(loc, message, find="&" if char in entities else char))
    return problems
