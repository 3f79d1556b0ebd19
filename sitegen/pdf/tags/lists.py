"""Lists with a /ListNumbering that names their markers."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pikepdf import Dictionary, Name

from sitegen.pdf.tags.tree import Tree, children_of, kind_of


def item_labels(tree: Tree, items: Iterable[Dictionary]) -> list[str]:
    return [tree.text(k).strip() for item in items for k in children_of(item) if kind_of(k) == "Lbl"]


_NUMBERING = [  # a list item's marker -> the list's /ListNumbering (ISO 32000-1, 14.8.5.5)
    (re.compile(r"^\d+[.)]?$"), Name.Decimal),
    (re.compile(r"^[ivxlcdm]+[.)]$"), Name.LowerRoman),
    (re.compile(r"^[IVXLCDM]+[.)]$"), Name.UpperRoman),
    (re.compile(r"^[a-z][.)]$"), Name.LowerAlpha),
    (re.compile(r"^[A-Z][.)]$"), Name.UpperAlpha),
    (re.compile(r"^[◦○]$"), Name.Circle),
    (re.compile(r"^[▪■□]$"), Name.Square),
]


def number_lists(tree: Tree) -> None:
    """A list whose items have markers says which: /ListNumbering (PDF/UA-2 requires it, screen readers can
    announce it). Bullets other than circles and squares are discs."""
    for element in tree.elements():
        labels = item_labels(tree, children_of(element)) if kind_of(element) == "L" else []
        if not labels:
            continue
        numbering = next((kind for pattern, kind in _NUMBERING if pattern.match(labels[0])), Name.Disc)
        attributes = element.get("/A")
        if not isinstance(attributes, Dictionary):
            attributes = element.A = Dictionary(O=Name.List)
        if attributes.get("/O") == Name.List:
            attributes.ListNumbering = numbering
