"""Turn WeasyPrint's laid-out boxes, page by page, into one structure tree that says what the document means.

One walk over the boxes of every page. A box continues the element its HTML element already has when
that element is its parent's (an anonymous box inside it) or its parent's last-opened child of that
element (the rest of a paragraph, table or list after a line or page break): so a table, a list or a
paragraph that runs over a page break stays one element, and an inline element broken over two lines
one too. On the way:

- running heads and footers (margin boxes), a table's head repeated on a later page, a box fixed on the
  page (a draft's watermark) after its first page, and leader dots become artifacts;
- a footnote becomes a ``Note`` (with its marker as ``Lbl``) read right after its call, a ``Reference``
  pointing at it; a later call of the same note (``<sup class="fn-call">``) is a ``Reference`` to it too;
- a list item is ``LI`` > ``Lbl`` (its marker) + ``LBody`` (the rest, nested lists included);
- a list inside ``<nav>`` is the contents: ``TOC`` > ``TOCI`` > ``Reference`` > ``Link``, one link per
  entry, its ``::after`` (leader and page number) read inside it and its annotations merged into one;
- ``<strong>`` and ``<em>`` are ``Strong`` and ``Em``.
"""

from __future__ import annotations

import logging
from typing import Any

from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder

from sitegen.pdf.tags.tree import Annotation, Mark, Node, kind_of

log = logging.getLogger("sitegen.pdf")

PAGINATION = {"Type": "/Pagination"}
LAYOUT = {"Type": "/Layout"}
WATERMARK = {"Type": "/Pagination", "Subtype": "/Watermark"}


class TreeBuilder:
    """The walk: call :meth:`build` once; the tree is then ``root`` and the rest the writer's."""

    def __init__(self, document: Any, streams: list[Any]):
        self.document = document
        self.streams = streams
        self.root = Node("Document", None, 0)
        self.page = 0
        self.tags: dict[Any, dict[str, Any]] = {}
        #: The MCIDs of each page that are in the tree (-> their node), and those that are artifacts.
        self.owners: list[dict[int, Node]] = [{} for _ in streams]
        self.artifacts: list[dict[int, dict[str, str]]] = [{} for _ in streams]
        self.last: dict[tuple[int, str], Node] = {}  # the latest node of each (element, tag)
        self.first: dict[int, Node] = {}  # the first node of each HTML element
        self.annotations: list[tuple[Node, Annotation]] = []
        #: Annotations merged into another one (the keeper, whose rectangle grows) or dropped: off their page.
        self.dropped: list[tuple[Annotation, Annotation | None]] = []
        self.html: Any = None  # the <html> element
        self.footnotes: dict[int, list[tuple[int, Any]]] = {}  # element -> its footnote boxes (page, box)
        self.built_footnotes: set[int] = set()
        self.notes: dict[int, Node] = {}  # element -> its Note
        self.note_numbers: dict[str, Node] = {}
        self.later_calls: list[tuple[Node, str]] = []
        self.fixed: set[int] = set()

    def build(self) -> Node:
        for page, document_page in enumerate(self.document.pages):
            for box in document_page._page_box.children:
                if isinstance(box, boxes.FootnoteAreaBox):
                    for footnote in box.children:
                        self.footnotes.setdefault(id(footnote.element), []).append((page, footnote))
        for page, (document_page, stream) in enumerate(zip(self.document.pages, self.streams, strict=True)):
            self.page, self.tags = page, stream._tags
            self.children(document_page._page_box, self.root)
            for box in list(self.tags):  # drawn but in no box walked: keep it out of the tree, say so
                log.warning("page %d: text %r is in no element of the structure tree", page + 1, getattr(box, "text", box))
                self.artifact(box, LAYOUT)
        for reference, number in self.later_calls:
            note = self.note_numbers.get(number)
            if note is not None:
                reference.refs.append(note)
        return self.root

    # -- the walk --------------------------------------------------------------------------------------

    def children(self, box: Any, parent: Node) -> None:
        kids = getattr(box, "children", ())
        # Text beside blocks of its own (a badge's label and its rating, a list item's paragraph and its
        # nested list) is in an anonymous block box: a paragraph of its own. Alone, that box is its element's.
        mixed = any(isinstance(k, boxes.BlockLevelBox) and k.element is not box.element for k in kids)
        for child in kids:
            if mixed and isinstance(child, boxes.BlockBox) and child.element is box.element and box.element is not None:
                self.children(child, parent.target.child("P", self.page))
            else:
                self.visit(child, parent)

    def visit(self, box: Any, parent: Node) -> None:
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        if isinstance(box, boxes.TextBox):
            self.text(box, parent)
            return
        if isinstance(box, boxes.LineBox | boxes.PageBox) or box.element_tag in ("html", "body"):
            if box.element_tag == "html":
                self.html = box.element
            self.children(box, parent)
            return
        if isinstance(box, boxes.MarginBox):
            subtype = "/Header" if box.at_keyword.startswith("@top") else "/Footer"
            self.artifact(box, {"Type": "/Pagination", "Subtype": subtype}, parent)
            return
        if isinstance(box, boxes.FootnoteAreaBox):
            for footnote in box.children:
                if id(footnote) not in self.built_footnotes:  # a note whose call was not found: read here
                    self.note(footnote.element, parent)
            return
        if self.is_repeat(box, parent):
            return
        tag = box.element_tag or ""
        if tag.endswith("::footnote-call"):
            self.footnote_call(box, parent)
            return
        if tag.endswith(("::before", "::after")):  # generated content: part of its element
            self.children(box, parent)
            self.link(parent, box, merge=True)
            return
        if box.element is not None and parent.element is box.element and "::" not in tag:
            self.children(box, parent)  # an anonymous box: its element's own
            self.link(parent, box)
            return
        node = self.node_for(box, parent)
        self.link(node, box)
        if isinstance(box, boxes.ReplacedBox):
            self.replaced(box, node)
        self.children(box, node)

    def is_repeat(self, box: Any, parent: Node) -> bool:
        """Make artifacts of a box drawn again on a later page: a fixed box, a repeated table head, leaders."""
        if box.is_leader:
            self.artifact(box, LAYOUT, parent)
            return True
        if box.element is not None and box.style["position"] == "fixed":
            if id(box.element) in self.fixed:
                self.artifact(box, WATERMARK, parent)
                return True
            self.fixed.add(id(box.element))
        repeated_head = isinstance(box, boxes.TableRowGroupBox) and (box.is_header or box.is_footer)
        if repeated_head and (id(box.element), box.element_tag) in self.last:
            self.artifact(box, PAGINATION, parent)
            return True
        return False

    def node_for(self, box: Any, parent: Node) -> Node:
        """The element a box belongs to: the one its HTML element opened last under ``parent``, or a new one."""
        key = (id(box.element), box.element_tag)
        existing = self.last.get(key) if box.element is not None else None
        if existing is not None and existing.parent in (parent, parent.target):
            return existing
        kind = self.kind(box, parent)
        if kind == "Lbl" and parent.kind == "LI":  # the marker reads first, before the body
            node = Node("Lbl", parent, self.page, box.element, tag=box.element_tag)
            parent.kids.insert(0, node)
        elif kind == "Link" and parent.target.kind == "TOCI":
            reference = parent.target.child("Reference", self.page)
            node = reference.child("Link", self.page, box.element, box.element_tag)
            if box.element is not None and (href := box.element.get("href", "")).startswith("#"):
                reference.attributes["target"] = href[1:]
        else:
            node = parent.target.child(kind, self.page, box.element, box.element_tag)
        if box.element is not None:
            self.last[key] = node
            self.first.setdefault(id(box.element), node)
        if kind in ("TH", "TD"):
            node.attributes["colspan"], node.attributes["rowspan"] = box.colspan, box.rowspan
        if kind == "L":
            node.attributes["list-style"] = box.style["list_style_type"]
        if kind == "Reference" and box.element is not None and box.element_tag == "sup":
            self.later_calls.append((node, "".join(box.element.itertext()).strip()))
        return node

    def kind(self, box: Any, parent: Node) -> str:
        tag = box.element_tag or ""
        if tag.endswith(("::marker", "::footnote-marker")):
            return "Lbl"
        if tag == "sup" and "fn-call" in (box.element.get("class") or "").split():
            return "Reference"  # a later call of a footnote (see sitegen.pdf.render.inline_footnotes)
        kind = kind_of(box.element_tag)
        if kind == "L" and any(node.tag == "nav" for node in [parent.target, *parent.target.ancestors()]):
            return "TOC"
        if kind == "LI" and parent.target.kind == "TOC":
            return "TOCI"
        return kind

    # -- what boxes draw ---------------------------------------------------------------------------------

    def text(self, box: Any, parent: Node) -> None:
        tag = self.tags.pop(box, None)
        if tag is None:
            return
        target = parent.target
        target.add(Mark(self.page, tag["mcid"]))
        self.owners[self.page][tag["mcid"]] = target

    def replaced(self, box: Any, node: Node) -> None:
        tag = self.tags.pop(box, None)
        if tag is not None:
            node.add(Mark(self.page, tag["mcid"]))
            self.owners[self.page][tag["mcid"]] = node
        x, y = box.content_box_x(), box.content_box_y()
        node.attributes["bbox"] = (x, y, x + box.width, y + box.height)
        element = box.element
        if element.tag == "{http://www.w3.org/2000/svg}svg":
            title = element.find("{http://www.w3.org/2000/svg}title")
            node.alt = title.text if title is not None and title.text else None
        else:
            node.alt = element.get("alt")
        if not node.alt:
            log.error('Image "%s" has no required alt description', element.get("src", "unknown"))

    def artifact(self, box: Any, properties: dict[str, str], parent: Node | None = None) -> None:
        """Everything a box draws becomes an artifact; a link of it joins the link round it, if any."""
        keeper = self.own_annotation(parent) if parent is not None else None
        stack = [box]
        while stack:
            current = stack.pop()
            tag = self.tags.pop(current, None)
            if tag is not None:
                self.artifacts[self.page][tag["mcid"]] = properties
            if getattr(current, "link_annotation", None) is not None:
                self.dropped.append((Annotation(self.page, current.link_annotation, current), keeper))
            stack.extend(getattr(current, "children", ()))

    def own_annotation(self, node: Node) -> Annotation | None:
        return next((a for n, a in reversed(self.annotations) if n is node), None)

    def link(self, node: Node, box: Any, merge: bool = False) -> None:
        """A box's link annotation goes into its element (a Link); generated content's joins its element's."""
        annotation = getattr(box, "link_annotation", None)
        if annotation is None:
            return
        found = Annotation(self.page, annotation, box)
        # A box inside a link can carry the link's annotation: a word of a wrapped address kept whole in a
        # span, starting a line. The annotation belongs to the Link (PDF/UA-1 7.18.5-1), not the Span.
        if node.kind != "Link":
            node = next((a for a in node.ancestors() if a.kind == "Link"), node)
        if merge:
            own = self.own_annotation(node)
            if own is not None:
                self.dropped.append((found, own))
                return
        node.add(found)
        self.annotations.append((node, found))

    # -- footnotes ---------------------------------------------------------------------------------------

    def footnote_call(self, box: Any, parent: Node) -> None:
        """The call, a Reference, then its note, read right after it."""
        reference = parent.target.child("Reference", self.page, box.element)
        self.children(box, reference)
        note = self.note(box.element, parent.target)
        if note is not None:
            reference.refs.append(note)

    def note(self, element: Any, parent: Node) -> Node | None:
        """The Note of a footnote element, built from its footnote boxes (on whatever page they are)."""
        if id(element) in self.notes:
            return self.notes[id(element)]
        parts = self.footnotes.get(id(element), [])
        if not parts:
            return None
        page, tags = self.page, self.tags
        note = parent.child("Note", parts[0][0], element, "footnote")
        self.notes[id(element)] = note
        number = element.get("data-number")
        if number:
            self.note_numbers.setdefault(number, note)
        for part_page, part in parts:
            self.page, self.tags = part_page, self.streams[part_page]._tags
            self.built_footnotes.add(id(part))
            self.children(part, note)
        self.page, self.tags = page, tags
        return note
