"""The structure tree while it is built: elements (``Node``), what they hold, and the kinds they get.

A node holds, in reading order, other nodes, marked-content sequences (``Mark``: page and MCID) and
link annotations (``Annotation``). Nothing is written to the PDF until the whole tree is known
(:mod:`sitegen.pdf.tags.write`), so an element can grow across lines and pages, and a note can be read
where it is called.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Mark:
    """One marked-content sequence: the text of one text box, on a page (index from 0)."""

    page: int
    mcid: int


@dataclass
class Annotation:
    """A link annotation (a pydyf dictionary) on a page."""

    page: int
    object: Any
    box: Any  # the box it belongs to, for the rectangle of the boxes that share it


#: Structure types that are inline: an empty one (a <br>, an empty <span>) is not written.
INLINE = {"NonStruct", "Span", "Strong", "Em", "Reference", "Link"}
#: HTML elements and the structure types they become (the others: NonStruct), as WeasyPrint maps them,
#: with <strong>/<b> and <em>/<i> kept apart (Strong, Em: role-mapped to Span, PDF 1.7 not having them).
KINDS = {
    "div": "Div",
    "span": "Span",
    "main": "Part",
    "article": "Art",
    "section": "Sect",
    "blockquote": "BlockQuote",
    "p": "P",
    "dl": "L",
    "ul": "L",
    "ol": "L",
    "li": "LI",
    "dt": "LI",
    "dd": "LI",
    "table": "Table",
    "thead": "THead",
    "tbody": "TBody",
    "tfoot": "TFoot",
    "tr": "TR",
    "th": "TH",
    "td": "TD",
    "caption": "Caption",
    "figcaption": "Caption",
    "img": "Figure",
    "{http://www.w3.org/2000/svg}svg": "Figure",
    "strong": "Strong",
    "b": "Strong",
    "em": "Em",
    "i": "Em",
    "h1": "H1",
    "h2": "H2",
    "h3": "H3",
    "h4": "H4",
    "h5": "H5",
    "h6": "H6",
}
#: Types that PDF 1.7 does not define, mapped in /RoleMap.
ROLES = {"Strong": "Span", "Em": "Span"}


def kind_of(element_tag: str | None) -> str:
    if element_tag is None:
        return "NonStruct"
    if element_tag.split(":")[0] == "a":
        return "Link"
    return KINDS.get(element_tag, "NonStruct")


@dataclass(eq=False)
class Node:
    """A structure element being built."""

    kind: str
    parent: Node | None
    page: int  # where it starts: the page of its bare MCIDs (/Pg)
    element: Any = None  # the HTML element it stands for (None: made up, e.g. LBody, Reference)
    tag: str | None = None  # WeasyPrint's name of that element ("li", "a::after")
    kids: list[Node | Mark | Annotation] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)  # /A entries (owner chosen by the writer)
    id: str | None = None
    refs: list[Node] = field(default_factory=list)  # /Ref: a footnote call's note, a contents entry's target
    alt: str | None = None
    body: Node | None = None  # a list item's LBody, where its content goes

    def add(self, kid: Node | Mark | Annotation) -> None:
        self.kids.append(kid)

    def child(self, kind: str, page: int, element: Any = None, tag: str | None = None) -> Node:
        node = Node(kind, self, page, element, tag)
        self.kids.append(node)
        return node

    @property
    def target(self) -> Node:
        """Where content goes: a list item's body (made when first needed), else the node itself."""
        if self.kind != "LI":
            return self
        if self.body is None:
            self.body = self.child("LBody", self.page)
        return self.body

    def nodes(self) -> list[Node]:
        return [kid for kid in self.kids if isinstance(kid, Node)]

    def has_content(self) -> bool:
        return any(not isinstance(kid, Node) or kid.has_content() for kid in self.kids)

    def ancestors(self) -> list[Node]:
        found, node = [], self.parent
        while node is not None:
            found.append(node)
            node = node.parent
        return found

    def descendants(self) -> list[Node]:
        """Every node under this one, in reading order."""
        found: list[Node] = []
        stack = self.nodes()[::-1]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(node.nodes()[::-1])
        return found
