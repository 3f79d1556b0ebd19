"""Turn a YAML syntax error into a message that says what to type instead, where it is a known slip.

YAML's own messages ("while scanning a simple key, could not find expected ':'") name the parser's
state, not the author's slip. The slips recognised: a tab used to indent, a missing space after
``-``, a line of a ``|`` text indented less than the text above it, a colon and a space inside a
value. Others keep YAML's words, with their line and column.
"""

from __future__ import annotations

import re

import yaml

_KEY_LINE = re.compile(r"^\s*(?:-\s+)?[^\s#\"'][^:#]*:(?:\s|$)")
_BLOCK_HEADER = re.compile(r"(?:^|:|-)\s*[|>][-+0-9]*\s*(?:#.*)?$")
_NO_SPACE_DASH = re.compile(r"^-[^\s-]")


def syntax_message(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str]:
    """Line, column and message of a YAML syntax error, in the author's words where it is a known trap."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    candidates = sorted({m.line + 1 for m in (exc.problem_mark, exc.context_mark) if m is not None})
    for number in candidates:
        text = lines[number - 1] if 0 < number <= len(lines) else ""
        indent = text[: len(text) - len(text.lstrip())]
        if "\t" in indent:
            return (
                number,
                indent.index("\t") + 1,
                (
                    "YAML syntax error: a tab indents this line, and YAML needs spaces: "
                    "replace the tab with spaces (set your editor to indent with spaces)"
                ),
            )
        if _NO_SPACE_DASH.match(text.lstrip()):
            return (
                number,
                len(indent) + 1,
                (f"YAML syntax error: put a space after '-' to start a list entry: '- {text.lstrip()[1:40]}'"),
            )
    for number in candidates:
        found = _outdented_block_line(lines, number)
        if found:
            return found
    if (exc.problem or "").startswith("mapping values are not allowed") and mark is not None:
        text = lines[mark.line] if mark.line < len(lines) else ""
        if ": " in text[: mark.column] or text.lstrip().startswith("- "):
            return (
                line,
                col,
                (
                    "YAML syntax error: this text has a colon and a space (': ') in it, which YAML reads as the start "
                    "of a field: put the whole text in double quotes"
                ),
            )
    what = exc.problem or "invalid YAML"
    if exc.context:
        what = f"{exc.context}, {what}"
    return line, col, f"YAML syntax error: {what}"


def _outdented_block_line(lines: list[str], number: int) -> tuple[int, int, str] | None:
    """A line of text (not a field, not a list entry) indented less than the ``|`` text just above it."""
    if not 0 < number <= len(lines):
        return None
    text = lines[number - 1]
    if not text.strip() or text.lstrip().startswith("#") or _KEY_LINE.match(text) or text.lstrip().startswith("- "):
        return None
    indent = len(text) - len(text.lstrip())
    content_indent = None
    for above in range(number - 1, 0, -1):
        line = lines[above - 1]
        if not line.strip():
            continue
        line_indent = len(line) - len(line.lstrip())
        if _BLOCK_HEADER.search(line.split(" #")[0]) and (content_indent is None or line_indent < content_indent):
            if content_indent is None or indent >= content_indent:
                return None
            return (
                number,
                indent + 1,
                (
                    f"YAML syntax error: this line belongs to the text that starts after '|' on line {above}, but is "
                    f"indented less than that text: indent it by {content_indent} spaces, like the lines above it"
                ),
            )
        if content_indent is not None and line_indent < content_indent:
            return None
        content_indent = line_indent if content_indent is None else min(content_indent, line_indent)
    return None
