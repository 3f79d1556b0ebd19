"""Turn a draft (plain data) into the text of a content file, as an author would write it.

Prose as ``|`` blocks, list entries quoted on one line (or as a block when
they carry a footnote or hold several lines), the sentences of ``wording:``
on one line, standards keyed by their number in quotes, a blank line between
the parts of a report. The text read back with a YAML parser is
the draft itself: :func:`dump` checks that before it returns.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_PLAIN_KEY = re.compile(r"[a-z_]+")
_ONE_LINE = {"title", "statement", "practice_example", "by", "addressee", "name", "signature"}
_SPACING = ("foreword", "recommendations", "background", "standards", "outcomes", "annexes", "boilerplate", "data_url")


def dump(data: dict[str, Any], header: str = "") -> str:
    lines: list[str] = [f"# {line}".rstrip() for line in header.splitlines()]
    for key, value in data.items():
        if key in _SPACING and lines:
            lines.append("")
        lines += _entry(key, value, 0, spaced=key == "standards", one_line=key == "wording")
    text = "\n".join(lines) + "\n"
    if _norm(yaml.safe_load(text)) != _norm(data):  # a bug here, never an author's mistake
        raise AssertionError("the written YAML does not read back as the draft")
    return text


def _norm(value: Any) -> Any:
    """``|`` blocks read back with a final newline: compare texts without it."""
    if isinstance(value, str):
        return value.rstrip("\n")
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items()}
    return value


def _key(key: Any) -> str:
    if isinstance(key, int):
        return str(key)
    return key if _PLAIN_KEY.fullmatch(key) else _quoted(key)


def _entry(key: Any, value: Any, indent: int, spaced: bool = False, one_line: bool = False) -> list[str]:
    pad = " " * indent
    head = f"{pad}{_key(key)}:"
    if isinstance(value, dict):
        if not value:
            return [head + " {}"]
        out = [head]
        for n, (k, v) in enumerate(value.items()):
            if spaced and n:
                out.append("")
            out += _entry(k, v, indent + 2, one_line=one_line)
        return out
    if (one_line or key in _ONE_LINE) and isinstance(value, str) and "\n" not in value:
        return [f"{head} {_quoted(value)}"]  # plain text (a title, a statement, a sentence of `wording:`)
    if isinstance(value, list):
        if not value:
            return [head + " []"]
        if all(isinstance(v, int) for v in value):
            return [f"{head} [{', '.join(str(v) for v in value)}]"]
        out = [head]
        for v in value:
            out += _list_entry(v, indent + 2)
        return out
    return _scalar(head, value, indent)


def _list_entry(value: Any, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        lines: list[str] = []
        for n, (k, v) in enumerate(value.items()):
            entry = _entry(k, v, indent + 2)
            entry[0] = (pad + "- " + entry[0].lstrip()) if n == 0 else entry[0]
            lines += entry
        return lines
    return _scalar(pad + "-", value, indent)


def _scalar(head: str, value: Any, indent: int) -> list[str]:
    if isinstance(value, bool) or value is None:
        raise TypeError(f"no scalar of type {type(value).__name__} in a draft")
    if isinstance(value, int):
        return [f"{head} {value}"]
    text = str(value)
    if "\n" in text or (len(text) > 100 and not head.lstrip().startswith("-")):
        body = [(" " * (indent + 2) + line) if line.strip() else "" for line in text.rstrip("\n").split("\n")]
        return [f"{head} |", *body]
    return [f"{head} {_quoted(text)}"]


def _quoted(text: str) -> str:
    """Plain where YAML reads the text back as itself, else in quotes."""
    if not text:
        return '""'
    if text == text.strip() and not text.startswith(("-", "?", "[", "{", "&", "*", "!", "|", ">", "%", "@", "`", "'", '"')):
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"
