"""Footnotes: the texts found at the page foot, joined to the fields that call them.

A source prints a call as a superscript number and the note's text at the
foot of the page; the draft writes ``[^label]`` in the field and the note's
text once in the same field (``[^label]: ...``), as an author would. Notes
that sitegen generates (the framework's methodology notes) are taken out by
the standard that calls them before the rest are attached here.
"""

from __future__ import annotations

import re
from typing import Any

from sitegen.importer.blocks import Block
from sitegen.importer.ledger import Ledger

_CALL = re.compile(r"\[\^(\d+)\]")


class Notes:
    def __init__(self, ledger: Ledger):
        self.ledger = ledger
        self.blocks: list[Block] = []
        self.used: set[int] = set()
        self.labels: set[str] = set()

    def add(self, block: Block) -> None:
        self.blocks.append(block)

    def take(self, number: str) -> Block | None:
        """The first note printed with ``number`` not yet taken."""
        for block in self.blocks:
            if block.number == number and id(block) not in self.used:
                self.used.add(id(block))
                return block
        return None

    def attach(self, draft: dict[str, Any]) -> None:
        """Write each called note into the field that calls it; list the notes nobody calls."""
        for key in list(draft):
            draft[key] = self._walk(draft[key], key)
        for block in self.blocks:
            if id(block) not in self.used:
                self.ledger.leave(block, f"footnote {block.number} is never called in the text")

    def _walk(self, value: Any, path: str) -> Any:
        if isinstance(value, str):
            return self._field(value, path)
        if isinstance(value, list):
            return [self._walk(v, f"{path} > {i + 1}") for i, v in enumerate(value)]
        if isinstance(value, dict):
            return {k: self._walk(v, f"{path} > {k}") for k, v in value.items()}
        return value

    def _field(self, text: str, path: str) -> str:
        definitions: list[str] = []

        def call(match: re.Match[str]) -> str:
            note = self.take(match[1])
            if note is None:
                self.ledger.find(path, f"footnote {match[1]} is called but its text was not found: the call is left out")
                return ""
            label = match[1]
            while label in self.labels:
                label += "b"
            self.labels.add(label)
            definitions.append(f"[^{label}]: {note.text}")
            self.ledger.place(note, f"{path} (footnote)")
            return f"[^{label}]"

        text = _CALL.sub(call, text)
        return "\n\n".join([text, *definitions]) if definitions else text
