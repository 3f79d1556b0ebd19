"""Turn the YAML slips authors make most into messages that say what to type instead.

YAML reads some slips as something else than the author meant. Those that make a syntax error are
explained by :mod:`sitegen.content.syntax`; the others are recognised here:

- in the data, whatever the schema: lines joined into one paragraph because the ``|`` before a text of
  several paragraphs was forgotten, and the ``TODO`` values of a new file's scaffold;
- in a value of the wrong kind: a bullet that ends with a colon (YAML reads it as a field name), a
  bullet with ": " inside it, an entry written ``-text`` without a space.
"""

from __future__ import annotations

import re
from typing import Any

from sitegen.content.problems import Problem
from sitegen.content.shape import annotation_at, models_in, value_at
from sitegen.content.yamlfile import Loc, YamlDoc

_NO_SPACE_DASH = re.compile(r"^-[^\s-]")
#: How a new file's scaffold marks what is still to write (``sitegen new``).
TODO = "TODO"


def data_traps(doc: YamlDoc) -> list[Problem]:
    """Traps visible in the data whatever the schema: joined paragraphs, and values still to fill in."""
    problems = []
    for loc, style in doc.styles.items():
        value = value_at(doc.data, loc)
        if not isinstance(value, str):
            continue
        if value.startswith(TODO):
            problems.append(doc.problem(loc, f"still to fill in: {_short(value)}"))
        elif style in ("", "'", '"') and "\n" in value:
            problems.append(
                doc.problem(
                    loc,
                    "a blank line splits this text into paragraphs, but without '|' YAML joins them into one: "
                    "write '|' after the colon (or after the '-') and the paragraphs on the lines below it, indented",
                )
            )
    return problems


def value_trap(doc: YamlDoc, model: Any, loc: Loc, error: dict[str, Any]) -> tuple[Loc, str] | None:
    """Where and what a schema error really is, if it is a known trap (or a TODO already reported)."""
    value = error.get("input")
    if isinstance(value, str) and value.startswith(TODO):
        return loc, ""  # reported by data_traps
    if isinstance(value, str) and error["type"] in ("list_type", "dict_type") and _NO_SPACE_DASH.match(value):
        return loc, f"put a space after '-' to make this a list entry: '- {_short(value[1:])}'"
    for end in range(len(loc), 0, -1):
        entry = loc[:end]
        if isinstance(entry[-1], int) and _is_list_entry(model, entry):
            message = _sentence_read_as_field(value_at(doc.data, entry), model, entry)
            return (entry, message) if message else None
    return None


def _is_list_entry(model: Any, loc: Loc) -> bool:
    """A place where a bullet, quotation, paragraph or practice example is written."""
    return any("quote" in found.model_fields for found in models_in(annotation_at(model, loc)))


def _sentence_read_as_field(value: Any, model: Any, loc: Loc) -> str:
    """The message for a bullet YAML read as a field name (a sentence with a colon), or ''."""
    if not (isinstance(value, dict) and len(value) == 1):
        return ""
    (key, after), fields = next(iter(value.items())), {f for m in models_in(annotation_at(model, loc)) for f in m.model_fields}
    if key in fields or " " not in key.strip():
        return ""
    if isinstance(after, list):
        return (
            "this bullet ends with a colon and has a list under it, so YAML reads it as a field name: "
            "write '- |' and, on the lines below it, indented, the sentence and then its sub-bullets ('- ...')"
        )
    sentence = f"{key}:" if after is None else f"{key}: {after}"
    fix = (
        "put this sentence in double quotes"
        if '"' not in sentence
        else "write '- |' and the sentence on the line below it, indented (it has double quotes in it)"
    )
    why = "ends with a colon" if after is None else "has a colon and a space in it"
    return f'this bullet {why}, so YAML reads it as a field name: {fix}: "{_tail(sentence)}"'


def _tail(text: str, width: int = 60) -> str:
    """The end of a long sentence (where its colon is)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    tail = text[3 - width :]
    return "..." + (tail.split(" ", 1)[1] if " " in tail else tail)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."
