"""Page furniture into artifacts: running heads and footers, page numbers, a draft's watermark."""

from __future__ import annotations

from collections import defaultdict

from pikepdf import Dictionary, Name

from sitegen.pdf.tags.tree import PageKey, Tree, children_of, detach, kind_of, page_of


def artifact_margin_boxes(tree: Tree) -> None:
    """Running heads, footers and page numbers become pagination artifacts.

    WeasyPrint tags the text of margin boxes (@bottom-left ...) and maps it in /ParentTree, but keeps
    the elements out of the tree (artifacts inside the tree need PDF 2.0). A screen reader's view of
    that content is then undefined: tagged, yet in no element of the document.
    """
    in_tree = {mark for element in tree.elements() for mark in tree.marks(element, deep=False)}
    for page_key, mcid in tree.drawn - in_tree:
        run = tree.runs.get((page_key, mcid))
        height = float(tree.pages[page_key].mediabox[3])
        subtype = Name.Header if run is not None and run.y is not None and run.y > height / 2 else Name.Footer
        tree.artifacts[(page_key, mcid)] = Dictionary(Type=Name.Pagination, Subtype=subtype)


def artifact_repeated_fixed_boxes(tree: Tree) -> None:
    """A box fixed on the page (a draft's watermark) is drawn, and tagged, on every page: keep the first.

    Each page's elements start with it; left in, it is read on every page and splits every element
    that crosses a page break.
    """
    by_page: dict[PageKey | None, list[Dictionary]] = defaultdict(list)
    for element in children_of(tree.document):
        by_page[page_of(element)].append(element)
    firsts = [elements[0] for elements in by_page.values()]
    if len(firsts) < 2:
        return
    signature = {(kind_of(e), tree.text(e)) for e in firsts}
    if len(signature) != 1 or not next(iter(signature))[1].strip():
        return
    for element in firsts[1:]:
        tree.artifact(element, Dictionary(Type=Name.Pagination, Subtype=Name.Watermark))
        detach(element)
