"""Link annotations into descriptions a listener can use, and links into the elements they go to."""

from __future__ import annotations

from collections.abc import Mapping

import pikepdf
from pikepdf import Array, Dictionary, Name

from sitegen.pdf.tags.tree import BLOCKS, HEADINGS, PageKey, Tree, block_of, kids_of, kind_of, new_element


def link_annotations_in_links(tree: Tree) -> None:
    """Every link annotation belongs to a ``Link`` element (PDF/UA-1 7.18.5-1).

    A link whose text WeasyPrint has to break inside a word (a long address set with
    ``overflow-wrap``) gets an annotation per piece, and some pieces' annotations land in a ``Span``
    inside the ``Link``. Each goes up to its ``Link``; one with no ``Link`` above it gets one of its own.
    """
    for element in list(tree.elements()):
        if kind_of(element) == "Link":
            continue
        kids = kids_of(element)
        for i in reversed(range(len(kids))):
            kid = kids[i]
            if not (isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR):
                continue
            if kid.Obj.get("/Subtype") != Name.Link:
                continue
            link = _link_above(element)
            if link is not None:
                del kids[i]
                kids_of(link).append(kid)
            else:
                kids[i] = new_element(tree, "Link", element, [kid], element.get("/Pg"))


def _link_above(element: pikepdf.Object) -> pikepdf.Object | None:
    node = element
    while "/P" in node and node.get("/Type") != Name.StructTreeRoot:
        node = node.P
        if kind_of(node) == "Link":
            return node
    return None


def describe_links(tree: Tree, titles: Mapping[str, str]) -> None:
    """Every link annotation's /Contents says where it goes.

    WeasyPrint writes the target's id ("foreword", "fn-3"), which a screen reader reads out as is. An
    in-document link is described by the title of its target (``titles`` by id, else the heading or text
    at its destination in the PDF); a web link by its address.
    """
    targets = Targets(tree)
    for page in tree.pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            if annotation.get("/Subtype") != Name.Link:
                continue
            action = annotation.get("/A")
            if isinstance(action, Dictionary) and action.get("/S") == Name.URI:
                annotation.Contents = pikepdf.String(f"Web link: {action.URI}")
                continue
            name = _destination_name(annotation)
            title = " ".join(titles.get(name or "", "").split()) or targets.title(annotation)
            annotation.Contents = pikepdf.String(f"Go to {title}" if title else "Go to another part of this document")


def _destination_name(annotation: pikepdf.Object) -> str | None:
    """The named destination of a link (WeasyPrint: the target's id), if it has one."""
    target = annotation.get("/Dest")
    action = annotation.get("/A")
    if target is None and isinstance(action, Dictionary) and action.get("/S") == Name.GoTo:
        target = action.get("/D")
    if isinstance(target, Name):
        return str(target)[1:]
    return str(target) if isinstance(target, pikepdf.String) else None


class Targets:
    """Finds the element a link goes to: the first text drawn at or below its destination on its page."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.names = _named_destinations(tree.pdf)
        # (element, run) for every MCID with text and a position, in reading order.
        self.texts = [
            (element, mark[0], tree.runs[mark])
            for element in tree.elements()
            for mark in tree.marks(element, deep=False)
            if mark in tree.runs and tree.runs[mark].text.strip() and tree.runs[mark].y is not None
        ]

    def destination(self, annotation: pikepdf.Object) -> tuple[PageKey, float | None, float | None] | None:
        """Where a link goes: page, and the top left corner there (None: the whole page, or the page's width)."""
        name = _destination_name(annotation)
        action = annotation.get("/A")
        target = self.names.get(name) if name is not None else annotation.get("/Dest")
        if target is None and isinstance(action, Dictionary):
            target = action.get("/D")
        if not isinstance(target, Array) or len(target) < 2 or not isinstance(target[0], Dictionary):
            return None
        explicit = target[1] == Name.XYZ and len(target) > 3
        x = float(target[2]) if explicit and target[2] is not None else None
        y = float(target[3]) if explicit and target[3] is not None else None
        return target[0].objgen, x, y

    def element(self, annotation: pikepdf.Object) -> Dictionary | None:
        """The heading (or block) a link goes to, if its destination can be found."""
        destination = self.destination(annotation)
        if destination is None:
            return None
        page, x, y = destination
        for element, key, run in self.texts:
            if key == page and (y is None or run.y <= y + 0.5) and (x is None or run.x >= x - 0.5):
                return _titled_ancestor(element)
        return None

    def title(self, annotation: pikepdf.Object) -> str:
        """What a link's target is called: its heading, or the first words of its text, or its page."""
        element = self.element(annotation)
        if element is None:
            destination = self.destination(annotation)
            number = self.tree.page_numbers.get(destination[0]) if destination else None
            return f"page {number}" if number else ""
        words = self.tree.text(element).split()
        if kind_of(element) == "Note":
            return "footnote " + " ".join(words)
        if kind_of(element) in HEADINGS or len(words) <= 12:
            return " ".join(words)
        return " ".join(words[:12]) + " ..."


def _titled_ancestor(element: pikepdf.Object) -> pikepdf.Object:
    """The heading, note or block an element is part of (the element itself if none)."""
    node = element
    while "/S" in node:
        if kind_of(node) in HEADINGS or kind_of(node) == "Note":
            return node
        node = node.P
    return _block_of_or_self(element)


def _block_of_or_self(element: pikepdf.Object) -> pikepdf.Object:
    block = element if kind_of(element) in BLOCKS else block_of(element)
    return block if "/S" in block else element


def _named_destinations(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    """{name: explicit destination} of the document's named destinations."""
    found: dict[str, pikepdf.Object] = {}
    names = pdf.Root.get("/Names", Dictionary()).get("/Dests")
    if names is not None:
        for name, destination in pikepdf.NameTree(names).items():
            found[str(name)] = destination.get("/D") if isinstance(destination, Dictionary) else destination
    for name, destination in pdf.Root.get("/Dests", Dictionary()).items():  # the PDF 1.1 way
        found[name[1:]] = destination.get("/D") if isinstance(destination, Dictionary) else destination
    return found
