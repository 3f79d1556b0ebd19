"""Footnotes into Note elements read right after their call; the calls into References."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

from sitegen.pdf.tags.content import LEADER
from sitegen.pdf.tags.tree import Tree, block_of, children_of, detach, insert_after, kids_of, kind_of, unique_id

log = logging.getLogger("sitegen.pdf")


@dataclass
class _Footnote:
    number: str
    body: Dictionary  # the footnote's Span, to become the Note
    marker: Dictionary  # its ::footnote-marker (NonStruct), to become the Lbl
    area: Dictionary  # the page's footnote area (NonStruct)


def _footnote_bodies(tree: Tree) -> list[_Footnote]:
    """The footnotes: WeasyPrint puts a page's footnote area after the page's content, as a NonStruct of
    Spans (one per note) that each start with the marker (a NonStruct holding "1 ")."""
    notes = []
    for area in children_of(tree.document):
        if kind_of(area) != "NonStruct":
            continue
        for body in children_of(area):
            first = children_of(body)[:1]
            if kind_of(body) != "Span" or not first or kind_of(first[0]) != "NonStruct":
                continue
            number = tree.text(first[0]).strip()
            if number and len(number) <= 4 and not LEADER.match(number):
                notes.append(_Footnote(number, body, first[0], area))
    return notes


def _is_superscript(tree: Tree, element: pikepdf.Object) -> bool:
    """Drawn smaller than the other text of its paragraph: a footnote call (font-size: 70%)."""
    own = [tree.runs[m] for m in tree.marks(element) if m in tree.runs]
    if not own:
        return False
    mine = set(tree.marks(element))
    others = [tree.runs[m].size for m in tree.marks(block_of(element)) if m in tree.runs and m not in mine]
    return bool(others) and max(r.size for r in own) < 0.9 * max(others)


def _footnote_calls(tree: Tree, numbers: set[str]) -> dict[str, list[Dictionary]]:
    """Every call of a note, in reading order: a NonStruct (::footnote-call, or a later call's <sup>)
    whose only text is a note's number, set smaller than the text round it."""
    calls: dict[str, list[Dictionary]] = defaultdict(list)
    for element in tree.elements():
        if kind_of(element) != "NonStruct" or any(kind_of(c) != "Span" for c in children_of(element)):
            continue
        number = tree.text(element).strip()
        if number in numbers and _is_superscript(tree, element):
            calls[number].append(element)
    return calls


def tag_footnotes(tree: Tree) -> None:
    """Footnote bodies become Notes with an /ID, read right after their call; calls become References.

    PDF/UA-1 wants footnotes tagged Note with a unique ID; the PDF Association's best practice is to put
    the Note immediately after its reference in the reading order, so a listener hears the note where
    the number is, not at the end of the page (which may be in the middle of another paragraph).
    """
    notes = _footnote_bodies(tree)
    if not notes:
        return
    used_ids = {str(e.ID) for e in tree.elements() if "/ID" in e}
    for note in notes:
        note.body.S = Name.Note
        note.body.ID = pikepdf.String(unique_id(f"footnote-{note.number}", used_ids))
        note.marker.S = Name.Lbl
    # Only now: the markers, no longer NonStruct, cannot be taken for calls.
    calls = _footnote_calls(tree, {n.number for n in notes})
    order = {element.objgen: i for i, element in enumerate(tree.elements())}
    linked: set[str] = set()
    for note in notes:
        references = calls.get(note.number, []) if note.number not in linked else []
        if note.number in linked:
            log.warning("two footnotes numbered %s: only the first is linked to its calls", note.number)
        linked.add(note.number)
        if not references:
            log.warning("footnote %s: no call found in the text; the note stays at the foot of its page", note.number)
            continue
        for reference in references:
            reference.S = Name.Reference
            reference.Ref = Array([note.body])  # PDF 2.0's link from a reference to its note; ignored by 1.7 readers
        # The call the note was written at (::footnote-call) is the last one before the note's footnote area:
        # later calls (<sup class="fn-call">) only repeat the number.
        before = [r for r in references if order[r.objgen] < order[note.body.objgen]]
        insert_after(before[-1] if before else references[0], note.body)
    for area in {n.area.objgen: n.area for n in notes}.values():
        if not kids_of(area):
            detach(area)
