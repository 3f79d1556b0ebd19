"""Turn a fitted layout into a record of how each run of its pages was fitted, and the record of an earlier
build into the marks the next layout starts from.

Copy-fitting (:mod:`sitegen.pdf.fit`) decides each run's marks from layouts of the run alone: a run opens
a page with a forced break and ends before the next, so what is laid out before it cannot move its lines,
and its fit depends on its own text. A run whose text has not changed since the last build is therefore
fitted the same way again. The record says, for each run, which elements it holds (each by a key of its
own markup), which of them were marked, and how many lines each of its pages held. The next build of the
document sets those marks before its first layout on every run whose elements are all still there; after
that layout, a run whose key and lines are those recorded is taken as fitted, and any other run is fitted
from its own first layout as in a clean build. So a report edited in one run is laid out once where the
edit leaves its run without a near-empty page, not twice, and the PDF is the same bytes a clean build
makes.

Runs are not quite independent: a footnote that does not fit on a run's last page runs over onto the
next run's first, and a contents page's numbers follow every run. So the record is the guard: a recalled
run whose lines do not stand exactly where they stood, or a footnote run over from one run to the next
in any layout (this build's or the recorded one's), and the document is fitted afresh, as in a clean
build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: The attribute copy-fitting marks a block with; it is left out of the keys, which name the markup alone.
MARK = "data-fit"


def element_keys(root: Any) -> dict[int, str]:
    """A key for every element of the document (by ``id``), the same in the next build if the element, its
    content and where it stands (the element with an ``id`` it is in, and how many identical elements come
    before it there) are the same. Computed before any element is marked."""
    own: dict[int, str] = {}
    for element in reversed(list(root.iter())):  # children before their parents
        digest = hashlib.sha1(usedforsecurity=False)
        digest.update(str(element.tag).encode())
        digest.update(repr(sorted((k, v) for k, v in element.attrib.items() if k != MARK)).encode())
        digest.update((element.text or "").encode())
        for child in element:
            digest.update(own[id(child)].encode())
            digest.update((child.tail or "").encode())
        own[id(element)] = digest.hexdigest()
    keys: dict[int, str] = {}
    seen: dict[tuple[str, str], int] = {}
    for element, anchor in _with_anchors(root, ""):
        count = seen.get((own[id(element)], anchor), 0)
        seen[(own[id(element)], anchor)] = count + 1
        keys[id(element)] = f"{own[id(element)][:20]}.{anchor}.{count}"
    return keys


def _with_anchors(element: Any, anchor: str) -> Iterator[tuple[Any, str]]:
    """Every element in document order, with the ``id`` of the nearest element around it that has one."""
    yield element, anchor
    inner = element.get("id") or anchor
    for child in element:
        yield from _with_anchors(child, inner)


@dataclass(frozen=True)
class RunRecord:
    """How one run was fitted: its key, its elements' keys in order, their marks (by place in that list),
    the lines of text and of footnotes each of its pages held, and a digest of where each line stood."""

    key: str
    elements: tuple[str, ...]
    marks: tuple[tuple[int, str], ...]
    lines: tuple[tuple[int, int], ...]
    layout: str

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "elements": list(self.elements),
            "marks": [list(m) for m in self.marks],
            "lines": [list(n) for n in self.lines],
            "layout": self.layout,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunRecord:
        return cls(
            str(data["key"]),
            tuple(str(e) for e in data["elements"]),
            tuple((int(i), str(m)) for i, m in data["marks"]),
            tuple((int(a), int(b)) for a, b in data["lines"]),
            str(data["layout"]),
        )


@dataclass(frozen=True)
class Fits:
    """How a document was fitted: each run's record, and whether a footnote ran over from a run's last
    page onto the next run's first in any layout made. Then a run's fit was not its own alone, and the
    next build fits the document afresh."""

    runs: tuple[RunRecord, ...] = ()
    spilled: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"spilled": self.spilled, "runs": [run.to_json() for run in self.runs]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fits:
        return cls(tuple(RunRecord.from_json(run) for run in data["runs"]), bool(data["spilled"]))


def run_key(element_keys: list[str]) -> str:
    return hashlib.sha1("\n".join(element_keys).encode(), usedforsecurity=False).hexdigest()


def recall(root: Any, keys: dict[int, str], records: list[RunRecord]) -> dict[str, RunRecord]:
    """Set the recorded marks on each run whose elements are all in the document (once each); the records
    recalled, by run key."""
    by_key: dict[str, Any] = {keys[id(element)]: element for element in root.iter()}
    recalled: dict[str, RunRecord] = {}
    for record in records:
        elements = [by_key.get(key) for key in record.elements]
        if not elements or any(element is None for element in elements) or record.key != run_key(list(record.elements)):
            continue
        for index, mark in record.marks:
            if 0 <= index < len(elements):
                elements[index].set(MARK, mark)
        recalled[record.key] = record
    return recalled
