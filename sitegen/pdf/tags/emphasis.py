"""Bold and italic inline elements (WeasyPrint's NonStruct for <strong> and <em>) into Strong and Em."""

from __future__ import annotations

import pikepdf
from pikepdf import Name

from sitegen.pdf.tags.tree import BLOCKS, Tree, absorb, block_of, descendants, is_element, kids_of, kind_of

# Structure types that can never be inside a <strong> or <em>: a NonStruct holding one is a block.
_NOT_INLINE = BLOCKS | {"Sect", "Div", "Part", "Art", "L", "Table", "TR", "THead", "TBody", "TFoot", "TOC"}


def tag_emphasis(tree: Tree) -> None:
    """<strong> and <em> keep their meaning: Strong and Em, role-mapped to Span.

    WeasyPrint tags both as NonStruct; what is left to tell them from other inline boxes is their type:
    an inline NonStruct whose text is all bold is strong, all italic (and not bold) is emphasis. A bold
    italic run inside bold text (an <em> in a bold paragraph) is emphasis.
    """
    for element in list(tree.elements()):
        if kind_of(element) != "NonStruct" or any(kind_of(e) in _NOT_INLINE for e in descendants(element)):
            continue
        runs = [tree.runs[m] for m in tree.marks(element) if m in tree.runs and tree.runs[m].text.strip()]
        if not runs:
            continue
        bold, italic = all(run.bold for run in runs), all(run.italic for run in runs)
        if bold and not (italic and _context_is_bold(tree, element)):
            element.S = Name.Strong
        elif italic:
            element.S = Name.Em
        else:
            continue
        tree.roles.add(kind_of(element))
    _join_line_fragments(tree, {"Strong", "Em"})


def _join_line_fragments(tree: Tree, kinds: set[str]) -> None:
    """An inline element broken over two lines is two elements (one per line box): one again.

    Two <strong> elements written one after the other would merge too, which says the same.
    """
    for parent in [tree.root, *tree.elements()]:
        kids = kids_of(parent)
        i = 0
        while i + 1 < len(kids):
            a, b = kids[i], kids[i + 1]
            if is_element(a) and is_element(b) and kind_of(a) in kinds and kind_of(a) == kind_of(b):
                absorb(a, b)
            else:
                i += 1


def _context_is_bold(tree: Tree, element: pikepdf.Object) -> bool:
    """The text round an element (in its block) is bold."""
    mine = set(tree.marks(element))
    others = [tree.runs[m] for m in tree.marks(block_of(element)) if m in tree.runs and m not in mine]
    return bool(others) and all(run.bold for run in others if run.text.strip())
