"""Turn a YAML content file into plain data plus the line of every value.

Content is untrusted: anchors and aliases are refused (a "billion laughs"
file cannot expand), duplicate keys are errors rather than silently
overwritten, files over a size limit are refused, and mapping keys are always
read as text, so a standard written ``2.10:`` stays "2.10" instead of
becoming the number 2.1. Control characters and YAML tags are refused
(:mod:`sitegen.content.characters`), each with its line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitegen.content import characters, limits
from sitegen.content.problems import Problem
from sitegen.content.syntax import syntax_message

#: Larger than any real report (the biggest reference is ~60 KB); a guard
#: against accidents and abuse, not a style rule.
MAX_BYTES = 2_000_000

Loc = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """Plain data of one YAML file and where each value and key stands in it."""

    path: Path
    display: str
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    literal_blocks: set[Loc] = field(default_factory=set)
    styles: dict[Loc, str] = field(default_factory=dict)  # each scalar's style: "" plain, "'", '"', "|", ">"
    lines: list[str] = field(default_factory=list)
    #: Parts of the file the schema refused: a problem found inside one is a consequence, not reported.
    refused: set[Loc] = field(default_factory=set)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the value at ``loc``, or of its nearest parent."""
        table = self.keys if key else self.values
        probe = tuple(loc)
        while probe:
            if probe in table:
                return table[probe]
            if not key and probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1))

    def problem(self, loc: Loc, message: str, *, key: bool = False, find: str = "") -> Problem:
        """A problem at ``loc``; inside a ``|`` block, at the line holding ``find``."""
        line, col = self.where(loc, key=key)
        if find and loc in self.literal_blocks:
            for number in range(line + 1, len(self.lines) + 1):
                at = self.lines[number - 1].find(find)
                if at >= 0:
                    line, col = number, at + 1
                    break
        consequence = any(loc[: len(part)] == part for part in self.refused)
        return Problem(self.display, line, col, field_label(loc), message, consequence=consequence)


def field_label(loc: Loc) -> str:
    """``('standards', '2.2', 'rating')`` as an author reads it: ``standards > 2.2 > rating``."""
    parts = []
    for part in loc:
        parts.append(f"item {part + 1}" if isinstance(part, int) else str(part))
    return " > ".join(parts)


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark | None, message: str):
        self.mark = mark
        self.message = message


#: libyaml's parser where PyYAML has it: ten times faster on large content.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ALIASES_REFUSED = "anchors and aliases (&name, *name) are not allowed in content files: write the text out"


def load_yaml(path: Path, display: str) -> tuple[YamlDoc | None, list[Problem]]:
    """Read one file; return its data and marks, or the problems that stopped it."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(display, 0, 0, "", f"cannot read the file: {exc.strerror}")]
    if len(raw) > MAX_BYTES:
        return None, [Problem(display, 0, 0, "", f"the file is {len(raw):,} bytes; content files are limited to {MAX_BYTES:,}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(display, 0, 0, "", f"the file is not UTF-8 text (byte {exc.start}): save it as UTF-8")]
    controls = characters.raw_controls(text)
    if controls:
        return None, [Problem(display, line, col, "", message) for line, col, message in controls]
    # Composing keeps an alias as a second reference to the anchored node (no
    # copy), so even a "billion laughs" file composes in microseconds; the
    # conversion below refuses the second reference before anything expands.
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        line, col, message = syntax_message(exc, text.splitlines())
        return None, [Problem(display, line, col, "", message)]
    except yaml.reader.ReaderError as exc:
        line, col = _position(text, exc.position)
        return None, [
            Problem(display, line, col, "", f"the character {characters.describe(chr(exc.character))} cannot be used: remove it")
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(display, 0, 0, "", f"YAML error: {' '.join(str(exc).split())}")]
    finally:
        loader.dispose()
    tags = characters.tag_marks(text, _Loader)
    if tags:
        return None, [Problem(display, line, col, "", characters.TAG_REFUSED) for line, col in tags]
    doc = YamlDoc(path, display, None, lines=text.splitlines())
    problems: list[Problem] = []
    if node is None:
        doc.data = {}
        return doc, problems
    over = limits.check_nodes(node, display, field_label)
    if over:
        return None, over
    try:
        doc.data = _convert(node, (), doc, loader, problems, set())
    except _Refused as exc:
        line, col = _mark(exc.mark)
        return None, [Problem(display, line, col, "", exc.message)]
    return doc, problems


def _mark(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (0, 0)


def _position(text: str, position: int) -> tuple[int, int]:
    before = text[:position]
    return before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1


def _convert(node: yaml.Node, loc: Loc, doc: YamlDoc, loader: Any, problems: list[Problem], seen: set[int]) -> Any:
    if id(node) in seen:
        raise _Refused(node.start_mark, ALIASES_REFUSED)
    seen.add(id(node))
    doc.values[loc] = _mark(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line, col = _mark(key_node.start_mark)
                problems.append(Problem(doc.display, line, col, field_label(loc), "a key must be plain text"))
                doc.refused.add(loc)
                continue
            key = key_node.value
            _check_controls(key, loc + (key,), key_node, doc, problems)
            if key in out:
                first = doc.keys[loc + (key,)][0]
                line, col = _mark(key_node.start_mark)
                problems.append(
                    Problem(
                        doc.display,
                        line,
                        col,
                        field_label(loc + (key,)),
                        f"'{key}' is given twice (first on line {first}): keep one",
                    )
                )
                doc.refused.add(loc + (key,))
                continue
            doc.keys[loc + (key,)] = _mark(key_node.start_mark)
            out[key] = _convert(value_node, loc + (key,), doc, loader, problems, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loc + (i,), doc, loader, problems, seen) for i, item in enumerate(node.value)]
    if node.style == "|":
        doc.literal_blocks.add(loc)
    doc.styles[loc] = node.style or ""
    if node.tag == _TEXT:
        value = node.value  # what the constructor would make of it, without its round of calls (most values)
    else:
        try:
            value = loader.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError):
            # A plain value that looks like a date or a number but is none (2023-13-45, 0x_).
            line, col = _mark(node.start_mark)
            problems.append(Problem(doc.display, line, col, field_label(loc), f"'{node.value}' cannot be read: put it in quotes"))
            return node.value
    if isinstance(value, str):
        _check_controls(value, loc, node, doc, problems)
    return value


#: The tag of a text value: the constructor makes it the node's own string.
_TEXT = "tag:yaml.org,2002:str"


def _check_controls(value: str, loc: Loc, node: yaml.Node, doc: YamlDoc, problems: list[Problem]) -> None:
    if not characters.has_controls(value):
        return
    line, col = _mark(node.start_mark)
    problems.extend(Problem(doc.display, line, col, field_label(loc), m) for m in characters.value_controls(value))
