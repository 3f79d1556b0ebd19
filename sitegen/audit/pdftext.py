"""Turn a tagged PDF's structure tree, with its text, into the facts parity compares.

``pdfinfo -struct-text`` (poppler-utils) prints the tag tree in logical order
with each element's text: what a screen reader gets. It is parsed into
:class:`Node` objects, from which :func:`pdf_facts` reads the same facts as
:func:`sitegen.audit.webfacts.web_facts` reads from the web page: heading
elements, rating cells and badges, recommendation list items, key-question
rows, and footnotes (``Note`` elements, or, where notes are not tagged as
such, the "1 " markers WeasyPrint sets before each note's text). The title of
the contents page (the heading right before a ``TOC``) is navigation, as the
web page's contents title is, and is not one of the document's headings.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.audit.model import CheckerFailed
from sitegen.audit.webfacts import Facts, key, shown
from sitegen.content.model import NOT_RATED, RATINGS

_ELEMENT = re.compile(r"^(?P<type>[A-Za-z][\w.-]*)(?: <(?P<id>[^>]*)>)?(?: \((?P<display>block|inline)\))?:?$")
_OBJECT = re.compile(r"^Object \d+ \d+$")
_HEADING = re.compile(r"^H([1-6])$")
_PERCENT = re.compile(r"^\d+%$")
_MARKER = re.compile(r"^(\d+)\s+$")
_DIGITS = re.compile(r"^\d+$")
#: Elements whose text belongs to the element around them.
INLINE = {"Span", "NonStruct", "Link", "Reference", "Quote", "Code", "Em", "Strong", "Sub", "BibEntry", "Annot", "Ruby"}
CELLS = {"TH", "TD"}


@dataclass
class Node:
    """One structure element: its type, attributes and children, texts as leaves (str)."""

    type: str
    display: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def inline(self) -> bool:
        return self.display == "inline" or self.type in INLINE

    def elements(self) -> Iterator[Node]:
        """This element and every element inside it, in logical order."""
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.elements()

    def text(self, skip: frozenset[str] = frozenset(), calls: frozenset[int] = frozenset(), own: bool = False) -> str:
        """The text inside, leaving out elements of the types in ``skip`` and footnote calls.

        A footnote call is an inline element whose whole text is one of the
        numbers in ``calls``. With ``own``, nested block elements are left out.
        """
        parts = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not (child.type in skip or (own and not child.inline) or _is_call(child, calls)):
                parts.append(child.text(skip, calls, own))
        return "".join(parts)


def _is_call(node: Node, calls: frozenset[int]) -> bool:
    """An inline element whose whole text is the number of a footnote: a footnote call."""
    if not calls or not node.inline:
        return False
    text = node.text().strip()
    return bool(_DIGITS.match(text)) and int(text) in calls


def parse_struct_text(output: str) -> Node:
    """The tree printed by ``pdfinfo -struct-text``: two spaces of indent per level."""
    root = Node("StructTreeRoot")
    stack: list[tuple[int, Node]] = [(-1, root)]
    last: Node | None = None
    open_text: list[str] | None = None  # a text with line breaks in it, until its closing quote
    for line in output.splitlines():
        if open_text is not None:
            open_text.append(line)
            if line.endswith('"'):
                stack[-1][1].children.append("\n".join(open_text)[:-1])
                open_text = None
            continue
        stripped = line.strip()
        if not stripped:
            continue
        depth = (len(line) - len(line.lstrip(" "))) // 2
        if stripped.startswith('"'):
            while stack[-1][0] >= depth:
                stack.pop()
            if len(stripped) >= 2 and stripped.endswith('"'):
                stack[-1][1].children.append(stripped[1:-1])
            else:
                open_text = [stripped[1:]]
            continue
        if stripped.startswith("/") and last is not None:
            name, _, value = stripped.partition(" ")
            last.attributes[name] = value
            continue
        match = _ELEMENT.match(stripped)
        if match is None or _OBJECT.match(stripped):
            continue
        while stack[-1][0] >= depth:
            stack.pop()
        node = Node(match["type"], match["display"] or "")
        stack[-1][1].children.append(node)
        stack.append((depth, node))
        last = node
    return root


def read_structure(pdfinfo: Path, pdf: Path) -> Node:
    """The structure tree of ``pdf``, via pdfinfo; an untagged PDF gives an empty tree."""
    try:
        done = subprocess.run(
            [str(pdfinfo), "-struct-text", str(pdf)], capture_output=True, text=True, errors="replace", timeout=120
        )
    except subprocess.TimeoutExpired as exc:
        raise CheckerFailed(f"pdfinfo took over {exc.timeout} s on {pdf}") from exc
    if done.returncode != 0:
        raise CheckerFailed(f"pdfinfo could not read {pdf}: {done.stderr.strip()[:300]}")
    return parse_struct_text(done.stdout)


def pdf_facts(tree: Node, footnote_numbers: frozenset[int] = frozenset()) -> Facts:
    """The facts of a PDF's structure tree; ``footnote_numbers`` are the calls to leave out of texts."""
    skip = frozenset({"Note", "Lbl", "Artifact"})
    ratings_words = {key(r) for r in (*RATINGS, NOT_RATED)}
    facts = Facts()
    notes = 0
    markers: set[int] = set()
    contents_titles = {id(node) for node in _contents_titles(tree)}
    for node in tree.elements():
        level = _HEADING.match(node.type)
        if level and id(node) not in contents_titles:
            facts.headings.append((int(level[1]), shown(node.text(skip, footnote_numbers))))
        elif node.type == "Note":
            notes += 1
        if not node.inline and node.type not in ("StructTreeRoot", "Document"):
            own = node.text(skip, own=True)
            if key(own) in ratings_words:
                facts.ratings.append(shown(own))
        if node.type == "TR":
            cells = [c for c in node.children if isinstance(c, Node) and c.type in CELLS]
            if len(cells) >= 2 and _PERCENT.match(key(cells[-1].text(skip))):
                facts.key_questions.append((shown(cells[0].text(skip, footnote_numbers)), key(cells[-1].text(skip))))
        for child in node.children:
            if isinstance(child, str) and (marker := _MARKER.match(child)) and node.inline:
                markers.add(int(marker[1]))
        if node.type == "L":
            items = [c for c in node.children if isinstance(c, Node) and c.type == "LI"]
            facts.lists.append([shown(li.text(skip, footnote_numbers)) for li in items])
    facts.footnotes = notes or len(markers)
    return facts


def _contents_titles(tree: Node) -> Iterator[Node]:
    """Each heading that is followed, among its siblings, by a TOC: the contents page's title."""
    for node in tree.elements():
        siblings = [c for c in node.children if isinstance(c, Node)]
        for heading, after in zip(siblings, siblings[1:], strict=False):
            if _HEADING.match(heading.type) and after.type == "TOC":
                yield heading
