"""List items of a label and a body, lists nested in the item they belong to, and a /ListNumbering that
names the markers."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pikepdf
from pikepdf import Array, Dictionary, Name

from sitegen.pdf.tags.tree import Tree, absorb, children_of, detach, is_element, kids_of, kind_of, new_element


def item_labels(tree: Tree, items: Iterable[Dictionary]) -> list[str]:
    return [tree.text(k).strip() for item in items for k in children_of(item) if kind_of(k) == "Lbl"]


#: A number an item's text starts with as its marker, in an element of its own ('10.' of a recommendation).
_WRITTEN_NUMBER = re.compile(r"^\d+[.)]$")


def item_marker(tree: Tree, item: Dictionary) -> str | None:
    """What marks the start of a list item: its label (``Lbl``), or else a number written as the first
    element of its body, as the recommendations are numbered (in the text, so that they number on across
    the lists of a letter, and the web page and the PDF read alike). None for the second part of an item
    cut by a page break, which starts mid-sentence."""
    labels = item_labels(tree, [item])
    if labels:
        return labels[0]
    body = next((k for k in children_of(item) if kind_of(k) == "LBody"), None)
    kids = list(kids_of(body)) if body is not None else []
    if kids and is_element(kids[0]) and _WRITTEN_NUMBER.match(tree.text(kids[0]).strip()):
        return tree.text(kids[0]).strip()
    return None


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


def structure_list_items(tree: Tree) -> None:
    """Every list item is ``LI`` > ``Lbl`` + ``LBody``, and a nested list sits in the body of its item.

    WeasyPrint tags an item's paragraphs as ``P`` children of the ``LI`` beside its ``Lbl`` (PDF/UA-1
    wants ``Lbl`` and ``LBody`` only), and a list nested in an item as the next child of the outer list,
    after the item: read after the item's later paragraphs, and no part of the item. Each item gets one
    ``LBody`` holding all it says; a nested list moves into the body of the item before it, in the
    order the page shows (the order its content is drawn in).
    """
    for element in [e for e in tree.elements() if kind_of(e) == "L"]:
        item = None
        for kid in list(kids_of(element)):
            if not is_element(kid):
                continue
            if kind_of(kid) == "LI":
                item = kid
                list_body(tree, kid)
            elif kind_of(kid) == "L" and item is not None:
                body = list_body(tree, item)
                detach(kid)
                kids_of(body).append(kid)
                kid.P = body
                _in_drawing_order(tree, body)


def drop_empty_list_items(tree: Tree) -> None:
    """Take out list items that hold nothing: WeasyPrint leaves an empty ``LI`` on a page when an item
    starting at its foot (a recommendation whose number floats beside it) moves whole to the next page.
    A screen reader would count it as an item of its own, and it hides the item's real start."""
    for item in [e for e in tree.elements() if kind_of(e) == "LI"]:
        if next(tree.marks(item), None) is None and "/P" in item:
            detach(item)


def list_body(tree: Tree, item: pikepdf.Object) -> pikepdf.Object:
    """The one ``LBody`` of a list item, made of everything in it but its label."""
    kids = list(kids_of(item))
    label = next((k for k in kids if is_element(k) and kind_of(k) == "Lbl"), None)
    rest = [k for k in kids if not (label is not None and isinstance(k, Dictionary) and k.objgen == label.objgen)]
    if len(rest) == 1 and is_element(rest[0]) and kind_of(rest[0]) == "LBody":
        return rest[0]
    body = new_element(tree, "LBody", item, [], item.get("/Pg"))
    item.K = Array([label, body] if label is not None else [body])
    for kid in rest:
        if is_element(kid) and kind_of(kid) == "LBody":
            kids_of(item).append(kid)  # absorb() takes it out of the item again
            absorb(body, kid)
        else:  # an element, or marked content of the item's page, which the body is on too
            kids_of(body).append(kid)
            if is_element(kid):
                kid.P = body
    return body


def _in_drawing_order(tree: Tree, body: pikepdf.Object) -> None:
    """The body's elements sorted by where their content is drawn (page, then marked-content order): the
    order of the HTML, which WeasyPrint draws a page's text in."""
    kids = list(kids_of(body))

    def first_drawn(kid: object) -> tuple[float, float]:
        # The earliest of its marks: list markers are drawn after the text of their page.
        marks = [(tree.page_numbers.get(page, 0), mcid) for page, mcid in tree.marks(kid)] if is_element(kid) else []
        return min(marks, default=(float("inf"), float("inf")))

    ordered = sorted(kids, key=first_drawn)
    if [id(k) for k in ordered] != [id(k) for k in kids]:
        body.K = Array(ordered)
