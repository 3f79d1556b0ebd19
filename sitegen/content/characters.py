"""Turn the characters of a content file into problems: controls, YAML tags and bidirectional overrides.

Content is untrusted text that reaches HTML titles, ``manifest.json``, the PDF
and the terminal. A control character (C0, DEL or C1) other than a tab or a
line break has no place in any of them, so it is refused wherever it is:
typed into the file or written as a YAML escape (``"\\0"``, ``"\\x1b"``).
A YAML tag (``!Important``, ``!!python/name:...``) asks the loader to read a
value as something other than text: none is needed, so every tag is refused.
Bidirectional override characters can make a name or a title display as
something else than what it says; the model refuses them in plain fields
(:func:`plain_text`).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import yaml

#: C0 controls but tab and line feed, DEL, and the C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: In the file itself a carriage return is half of a Windows line break.
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Embeddings, overrides and isolates: U+202A-U+202E and U+2066-U+2069.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

#: Control characters have no Unicode name: these are their ISO 6429 names.
_CONTROL_NAMES = {
    0x00: "NULL", 0x07: "BELL", 0x08: "BACKSPACE", 0x0B: "LINE TABULATION", 0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE",
}  # fmt: skip

#: Characters in a name or a title (a line on the cover or a heading, and the running footer).
MAX_PLAIN_CHARS = 200

#: More than this many control characters in one file are summed up in one last line.
MAX_LISTED = 20

CONTROL_HINT = "remove it (only tabs and line breaks may be used)"
TAG_REFUSED = "YAML tags ('!' before a value) are not allowed in content files: remove the tag"


def describe(char: str) -> str:
    """``U+00A3 (POUND SIGN)``: how a message names a character."""
    code = ord(char)
    name = unicodedata.name(char, "")
    if not name and unicodedata.category(char) == "Cc":
        name = _CONTROL_NAMES.get(code, "CONTROL CHARACTER")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def control_message(char: str) -> str:
    return f"the control character {describe(char)} is not allowed: {CONTROL_HINT}"


def raw_controls(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of every control character typed into ``text``, the first few of many."""
    found = list(_RAW_CONTROL.finditer(text))
    if not found:
        return []
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def place(match: re.Match[str]) -> tuple[int, int]:
        line = bisect.bisect_right(starts, match.start())
        return line, match.start() - starts[line - 1] + 1

    out = [(*place(match), control_message(match[0])) for match in found[:MAX_LISTED]]
    if len(found) > MAX_LISTED:  # at the last one, so that it is read last
        out.append((*place(found[-1]), f"and {len(found) - MAX_LISTED} more control characters: is this a text file?"))
    return out


def has_controls(value: str) -> bool:
    """Whether a value has a control character :func:`value_controls` names (most have none: one quick scan)."""
    return _CONTROL.search(value) is not None


def value_controls(value: str) -> list[str]:
    """A message for each distinct control character in a value (written as an escape)."""
    return [control_message(char) for char in sorted(set(_CONTROL.findall(value)))]


def tag_marks(text: str, loader: type) -> list[tuple[int, int]]:
    """(line, column) of every YAML tag in ``text``, a file that parses."""
    if "!" not in text:  # every tag starts with "!": most files need no second look
        return []
    return [
        (token.start_mark.line + 1, token.start_mark.column + 1)
        for token in yaml.scan(text, Loader=loader)
        if isinstance(token, yaml.TagToken)
    ]


def plain_text(value: str) -> str:
    """A name or title: refuses bidirectional overrides and more than a line's length (a pydantic validator)."""
    if len(value) > MAX_PLAIN_CHARS:
        raise ValueError(f"{len(value):,} characters; a name or title may have at most {MAX_PLAIN_CHARS}: shorten it")
    found = _BIDI.search(value)
    if found:
        raise ValueError(
            f"the invisible character {describe(found[0])} is not allowed in a name or title: "
            "it can make the text display as something else; remove it"
        )
    return value


def strings(data: Any) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text in plain data with its location (as :class:`~sitegen.content.yamlfile.YamlDoc` keeps it)."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            yield loc, value
        elif isinstance(value, dict):
            stack.extend((loc + (key,), item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((loc + (i,), item) for i, item in reversed(list(enumerate(value))))
