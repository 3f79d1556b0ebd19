"""A table or list that a page break made into two structure elements back into one."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

from sitegen.pdf.tags.lists import item_labels
from sitegen.pdf.tags.tables import header_cells
from sitegen.pdf.tags.tree import (
    Tree,
    absorb,
    children_of,
    descendants,
    detach,
    detach_from,
    is_element,
    kids_of,
    kind_of,
    link_annotation,
    page_of,
)

log = logging.getLogger("sitegen.pdf")


_LIST_NUMBER = re.compile(r"^\s*(\d+)[.)]?\s*$")


def _spine(element: pikepdf.Object, last: bool) -> Iterator[Dictionary]:
    """The chain of last (or first) child elements under an element."""
    while True:
        kids = list(kids_of(element))
        kid = kids[-1 if last else 0] if kids else None
        if not is_element(kid):
            return
        yield kid
        element = kid


def merge_split_tables_and_lists(tree: Tree) -> None:
    """One element again for a table or list that a page break split in two.

    WeasyPrint builds the tree page by page: a table (or list) that runs over a page break becomes two,
    and so does every element round it. Where the last element of one page and the first of the next
    have the same types all the way down to a table or list, they are one element cut in two: the
    second part moves into the first.
    """
    tops = children_of(tree.document)
    i = 0
    while i + 1 < len(tops):
        first, second = tops[i], tops[i + 1]
        end_page = [page_of(e) for e in [first, *_spine(first, last=True)]][-1]
        if end_page != page_of(second) and _merge_pair(tree, first, second):
            tops.pop(i + 1)
        else:
            i += 1


def _merge_pair(tree: Tree, first: Dictionary, second: Dictionary) -> bool:
    """Merge ``second`` (first element of a page) into ``first`` (last of the page before) if a table or
    list runs across the page break between them."""
    path: list[tuple[Dictionary, Dictionary]] = []
    for a, b in zip([first, *_spine(first, last=True)], [second, *_spine(second, last=False)], strict=False):
        if kind_of(a) != kind_of(b):
            return False
        path.append((a, b))
        if kind_of(a) in ("Table", "L"):
            break
    else:
        return False
    a, b = path[-1]
    continues = _table_continues(tree, a, b) if kind_of(a) == "Table" else _list_continues(tree, a, b)
    if not continues:
        return False
    for outer_a, outer_b in path[:-1]:
        absorb(outer_a, outer_b)
    if kind_of(a) == "Table":
        _merge_tables(tree, a, b)
    else:
        _merge_lists(tree, a, b)
    log.debug("merged a %s split by a page break", kind_of(a))
    return True


def _table_continues(tree: Tree, a: Dictionary, b: Dictionary) -> bool:
    """The second part repeats the first one's head (thead { display: table-header-group }), or has none."""
    head_a = [k for k in children_of(a) if kind_of(k) == "THead"]
    head_b = [k for k in children_of(b) if kind_of(k) == "THead"]
    if not head_b:
        return True
    if not head_a or any(link_annotation(e) is not None for e in descendants(head_b[0])):
        return False
    return [tree.text(th) for th in header_cells(head_a[0])] == [tree.text(th) for th in header_cells(head_b[0])]


def _merge_tables(tree: Tree, a: Dictionary, b: Dictionary) -> None:
    """Rows of ``b`` go to ``a``'s body; ``b``'s repeated head becomes a pagination artifact, and the cells
    that named its header cells (/Headers) name ``a``'s instead."""
    renamed: dict[str, pikepdf.Object] = {}
    head_a = next((k for k in children_of(a) if kind_of(k) == "THead"), None)
    for part in children_of(b):
        if kind_of(part) == "THead" and head_a is not None:
            for old, new in zip(header_cells(part), header_cells(head_a), strict=True):
                if "/ID" in old and "/ID" in new:
                    renamed[str(old.ID)] = new.ID
            tree.artifact(part, Dictionary(Type=Name.Pagination))
            detach(part)
            continue
        bodies = [k for k in children_of(a) if kind_of(k) == kind_of(part) and kind_of(part) in ("TBody", "TFoot")]
        if bodies:
            absorb(bodies[-1], part)
        else:
            kids_of(a).append(part)
            detach_from(b, part)
            part.P = a
    for cell in descendants(a):
        headers = cell.get("/A", Dictionary()).get("/Headers") if isinstance(cell.get("/A"), Dictionary) else None
        if isinstance(headers, Array):
            cell.A.Headers = Array([renamed.get(str(h), h) for h in headers])
    detach(b)


def _list_continues(tree: Tree, a: Dictionary, b: Dictionary) -> bool:
    """Same kind of marker, and numbers that go on (3. then 4.), if the items have markers."""
    # Only the labels at the break matter: reading every item of ``a``, which grows with each page it
    # absorbs, made a list of a thousand items cost quadratic time.
    before, after = _label_at(tree, _children_backwards(a)), _label_at(tree, children_of(b))
    if before is None or after is None:
        return True
    last, next_ = _LIST_NUMBER.match(before), _LIST_NUMBER.match(after)
    if last and next_:
        return int(next_[1]) == int(last[1]) + 1
    return not last and not next_ and before == after


def _children_backwards(element: Dictionary) -> Iterator[Dictionary]:
    """The child elements from the last, without reading the whole (long) array first."""
    kids = kids_of(element)
    for i in range(len(kids) - 1, -1, -1):
        if is_element(kids[i]):
            yield kids[i]


def _label_at(tree: Tree, items: Iterable[Dictionary]) -> str | None:
    """The marker of the first item of ``items`` that has one."""
    for item in items:
        labels = item_labels(tree, [item])
        if labels:
            return labels[0]
    return None


def _merge_lists(tree: Tree, a: Dictionary, b: Dictionary) -> None:
    """Items of ``b`` go to ``a``; an item cut by the page break (its second part has no marker while the
    list's items have one) becomes one item again."""
    last_item = next((k for k in _children_backwards(a) if kind_of(k) == "LI"), None)
    first = next(iter(children_of(b)), None)
    if (
        last_item is not None
        and first is not None
        and kind_of(first) == "LI"
        and item_labels(tree, [last_item])
        and not item_labels(tree, [first])
    ):
        body_a = [k for k in children_of(last_item) if kind_of(k) == "LBody"]
        body_b = [k for k in children_of(first) if kind_of(k) == "LBody"]
        if body_a and body_b:
            _join_bodies(tree, body_a[-1], body_b[0])
            if not kids_of(first):
                detach(first)
    absorb(a, b)


def _join_bodies(tree: Tree, a: Dictionary, b: Dictionary) -> None:
    """The body of an item cut by a page break made one again; a list nested in it and cut by the same
    break, one list again too."""
    before, after = children_of(a), children_of(b)
    absorb(a, b)
    if before and after and kind_of(before[-1]) == kind_of(after[0]) == "L" and _list_continues(tree, before[-1], after[0]):
        _merge_lists(tree, before[-1], after[0])
