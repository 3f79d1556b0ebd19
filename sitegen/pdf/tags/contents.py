"""The contents list into TOC > TOCI > Reference > Link, with its leader dots as artifacts."""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

from sitegen.pdf.tags.content import LEADER
from sitegen.pdf.tags.links import Targets
from sitegen.pdf.tags.tree import (
    Mark,
    PageKey,
    Tree,
    children_of,
    descendants,
    is_element,
    kids_of,
    kind_of,
    link_annotation,
    new_element,
    page_of,
    same_object,
)


def _is_internal(annotation: pikepdf.Object | None) -> bool:
    if annotation is None:
        return False
    action = annotation.get("/A")
    return "/Dest" in annotation or (isinstance(action, Dictionary) and action.get("/S") == Name.GoTo)


def _contents_entry_link(item: pikepdf.Object) -> Dictionary | None:
    """The one Link of a contents entry: WeasyPrint's LI > LBody > Link (the <a>), holding a nested Link
    (its ::after, with the leader and the page number). None if the item is not such an entry."""
    bodies = [kid for kid in children_of(item) if kind_of(kid) == "LBody"]
    links = [kid for body in bodies for kid in children_of(body)]
    if len(bodies) != 1 or len(links) != 1 or kind_of(links[0]) != "Link":
        return None
    link = links[0]
    nested = [kid for kid in descendants(link) if kind_of(kid) == "Link"]
    if not nested or not _is_internal(link_annotation(link)):
        return None
    return link


def tag_contents(tree: Tree) -> None:
    """The contents list becomes TOC > TOCI > Reference > Link, one link and one annotation per entry.

    WeasyPrint makes each entry (``<a>`` with ``::after { content: leader() target-counter() }``) three
    nested Links with three annotations, and tags every leader dot as text: a screen reader announces
    three links and reads ". . . ." out. The dots become layout artifacts; label and page number stay in
    one Link, whose annotation is widened to cover the two dropped ones.
    """
    targets = None
    for element in list(tree.elements()):
        if kind_of(element) != "L":
            continue
        items = children_of(element)
        links = [_contents_entry_link(item) if kind_of(item) == "LI" else None for item in items]
        if not items or any(link is None for link in links):
            continue
        element.S = Name.TOC
        targets = targets or Targets(tree)
        for item, link in zip(items, links, strict=True):
            _make_toc_entry(tree, item, link, targets)


def _make_toc_entry(tree: Tree, item: Dictionary, link: Dictionary, targets: Targets) -> None:
    item.S = Name.TOCI
    annotation = link_annotation(link)
    page = link.get("/Pg")
    kept: list[object] = []
    rects = []
    for kid in _flatten_links(link):
        if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
            rects.append([float(v) for v in kid.Obj.Rect])
            if not same_object(kid.Obj, annotation):
                tree.dropped_annotations.append(kid.Obj)
                continue
        elif isinstance(kid, int | Dictionary) and _is_leader(tree, page, kid):
            tree.artifacts[_mark_of(page, kid)] = Dictionary(Type=Name.Layout)
            continue
        kept.append(kid)
    # The remaining annotation covers what the three did: clicking the dots or the page number still works.
    annotation.Rect = Array(
        [
            min(min(r[0], r[2]) for r in rects),
            min(min(r[1], r[3]) for r in rects),
            max(max(r[0], r[2]) for r in rects),
            max(max(r[1], r[3]) for r in rects),
        ]
    )
    link.K = Array(kept)
    # TOCI holds a Reference (ISO 32000-1 lists Lbl, Reference, NonStruct, P, TOC as its kids), not a bare Link.
    reference = new_element(tree, "Reference", item, [link], page)
    link.P = reference
    target = targets.element(annotation)
    if target is not None:
        reference.Ref = Array([target])  # PDF 2.0 (and PDF/UA-2) name the entry's target element
    lbls = [kid for kid in children_of(item) if kind_of(kid) == "Lbl"]
    item.K = Array([*lbls, reference])


def _flatten_links(link: pikepdf.Object, page: PageKey | None = None) -> Iterator[object]:
    """The kids of a Link and of the Links nested in it, in order, without the nested Link elements.

    A nested Link's bare MCIDs are on its own page: on another page they become marked-content references.
    """
    page = page or page_of(link)
    for kid in kids_of(link):
        if is_element(kid) and kind_of(kid) == "Link":
            yield from _flatten_links(kid, page)
        elif isinstance(kid, int) and page_of(link) != page:
            yield Dictionary(Type=Name.MCR, Pg=link.Pg, MCID=kid)
        else:
            yield kid


def _mark_of(page: pikepdf.Object, kid: object) -> Mark:
    if isinstance(kid, Dictionary):
        return (kid.Pg.objgen if "/Pg" in kid else page.objgen), int(kid.MCID)
    return page.objgen, int(kid)  # type: ignore[call-overload]


def _is_leader(tree: Tree, page: pikepdf.Object | None, kid: object) -> bool:
    """A marked-content sequence drawing only leader dots (a leader is one sequence per '. ')."""
    if page is None or (isinstance(kid, Dictionary) and kid.get("/Type") != Name.MCR):
        return False
    run = tree.runs.get(_mark_of(page, kid))
    return run is not None and bool(run.text.strip()) and bool(LEADER.match(run.text))
