"""The account of an import: where each block of the source went, and what needs a reader's eye.

Every block is either placed in a field of the draft, recognised as text
sitegen generates itself (framework wording, site texts, headings, page
furniture), or listed as not placed with the reason. ``unaccounted`` finds a
block that none of these claimed, so nothing can be dropped silently.
Findings are the things to check: house rules the source breaks, headings the
extraction lost and that were inferred, links whose address is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.importer.blocks import Block


@dataclass(frozen=True)
class Entry:
    where: str
    text: str
    reason: str


@dataclass
class Ledger:
    placed: dict[int, str] = field(default_factory=dict)  # id(block) -> field
    generated: dict[int, str] = field(default_factory=dict)  # id(block) -> what generates it
    unplaced: list[Entry] = field(default_factory=list)
    findings: list[Entry] = field(default_factory=list)
    origins: list[tuple[str, str]] = field(default_factory=list)  # (where in the source, field of the draft)
    _unplaced_ids: set[int] = field(default_factory=set)

    def place(self, block: Block, path: str) -> None:
        self.placed[id(block)] = path
        self.origins.append((block.where, path))

    def generate(self, block: Block, by: str) -> None:
        self.generated[id(block)] = by

    def leave(self, block: Block, reason: str) -> None:
        """Not placed: listed with its page or line and why."""
        if id(block) in self._unplaced_ids:
            return
        self._unplaced_ids.add(id(block))
        self.unplaced.append(Entry(block.where, block.plain or "\t".join(block.cells), reason))

    def find(self, where: str, message: str, text: str = "") -> None:
        entry = Entry(where, text, message)
        if entry not in self.findings:
            self.findings.append(entry)

    def accounted(self, block: Block) -> bool:
        key = id(block)
        return key in self.placed or key in self.generated or key in self._unplaced_ids

    def close(self, blocks: list[Block]) -> None:
        """List every block no rule claimed: the import never drops text silently."""
        for block in blocks:
            if not self.accounted(block):
                self.leave(block, "not recognised as any part of a report: place it by hand or leave it out")

    def counts(self, blocks: list[Block]) -> dict[str, int]:
        ids = [id(b) for b in blocks]
        return {
            "placed": sum(1 for i in ids if i in self.placed),
            "generated": sum(1 for i in ids if i in self.generated),
            "not placed": len(self.unplaced),
        }
