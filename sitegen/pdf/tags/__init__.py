"""Turn WeasyPrint's laid-out boxes into a PDF/UA structure tree that says what the document means.

WeasyPrint 70 tags a PDF box by box and page by page (``weasyprint.pdf.tags.add_tags``). veraPDF
accepts the result, but a screen reader hears a different document from the one on the page: footnotes
as loose spans at the foot of the page, the contents as three nested links per entry with the leader
dots read out, a table or list cut in two by a page break, ``<strong>`` lost, link descriptions that are
raw ids, running footers in no element. sitegen's renders (:func:`sitegen_tags`) replace that pass by
this one, which reads the same boxes, once, and writes the tags right in the first place:

- each footnote a ``Note`` with an ``/ID``, read right after its call, a ``Reference`` whose ``/Ref``
  points at it (a later call too);
- the contents list a ``TOC`` with one ``TOCI`` per entry, each one ``Reference`` > ``Link`` (label and
  page number, one annotation); the leader dots artifacts;
- every table header cell with an ``/ID`` and a ``/Scope``, every cell with its ``/Headers`` (from the
  HTML's ``id``, ``scope`` and ``headers``; a row group's header heads the rows of its group);
- a table, list or paragraph that runs over a page break one element (the repeated table head of the
  next page an artifact); a list item ``LI`` > ``Lbl`` + ``LBody``, a list with its ``/ListNumbering``;
- ``<strong>`` and ``<em>`` as ``Strong`` and ``Em`` (role-mapped to ``Span``);
- every link annotation described by the title of its target ("Go to Foreword") or its address
  ("Web link: https://...");
- running heads and footers, page numbers, and a draft's watermark after its first page as pagination
  artifacts.

Text, layout and links are WeasyPrint's: only the structure tree, the marked-content tags of the pages
and the annotations' descriptions differ. The cost is that of WeasyPrint's own pass (a walk of the
boxes): nothing is parsed again. ``boxes`` walks the boxes into a tree (``tree``), ``tables`` and
``links`` finish it, ``write`` writes it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sitegen.pdf.tags.tree import Node

log = logging.getLogger("sitegen.pdf")

#: A list's marker style -> its /ListNumbering (ISO 32000-1, 14.8.5.5); other markers are discs.
NUMBERING = {
    "decimal": "/Decimal",
    "decimal-leading-zero": "/Decimal",
    "lower-roman": "/LowerRoman",
    "upper-roman": "/UpperRoman",
    "lower-alpha": "/LowerAlpha",
    "lower-latin": "/LowerAlpha",
    "upper-alpha": "/UpperAlpha",
    "upper-latin": "/UpperAlpha",
    "circle": "/Circle",
    "square": "/Square",
}


def add_tags(pdf: Any, document: Any, pdf_version: Any, page_streams: list[Any]) -> None:
    """Write the document's structure tree: what ``weasyprint.pdf.add_tags`` does, told what things mean."""
    import pydyf

    from sitegen.pdf.tags.boxes import TreeBuilder
    from sitegen.pdf.tags.links import Targets, merge_rectangles
    from sitegen.pdf.tags.tables import label_header_cells
    from sitegen.pdf.tags.write import remove_annotations, write_tree

    builder = TreeBuilder(document, page_streams)
    root = builder.build()
    used_ids: set[str] = set()
    label_header_cells(root, used_ids)
    for node in root.descendants():
        if node.kind == "Note":
            number = node.element.get("data-number") if node.element is not None else None
            node.id = _unique(f"footnote-{number or len(used_ids) + 1}", used_ids)
        elif node.kind == "L" and any(kid.nodes() and kid.nodes()[0].kind == "Lbl" for kid in node.nodes()):
            node.attributes["numbering"] = NUMBERING.get(str(node.attributes.get("list-style")), "/Disc")
    targets = Targets(builder.html, builder.first)
    for _, annotation in builder.annotations:
        targets.describe(annotation)
    for node in root.descendants():
        if node.kind == "Reference" and "target" in node.attributes:
            target = targets.node(node.attributes["target"])
            if target is not None:
                node.refs.append(target)  # PDF 2.0 (and PDF/UA-2) name a contents entry's target element
    for dropped, keeper in builder.dropped:
        if keeper is not None:
            merge_rectangles(keeper, dropped)
    remove_annotations(pdf, [dropped for dropped, _ in builder.dropped])
    struct_root = write_tree(pdf, root, page_streams, builder.artifacts)
    if str(pdf_version) >= "2.0":
        namespace = pydyf.Dictionary({"Type": "/Namespace", "NS": pydyf.String("http://iso.org/pdf2/ssn")})
        pdf.add_object(namespace)
        struct_root["Namespaces"] = pydyf.Array([namespace.reference])
    if "Lang" not in pdf.catalog:
        log.error('Missing required "lang" attribute at the root of the document')
        pdf.catalog["Lang"] = pydyf.String()


def _unique(candidate: str, used: set[str]) -> str:
    name, n = candidate, 1
    while name in used:
        n += 1
        name = f"{candidate}-{n}"
    used.add(name)
    return name


@contextmanager
def sitegen_tags() -> Iterator[None]:
    """WeasyPrint renders with this tagging pass instead of its own, inside the ``with`` block.

    WeasyPrint is single-threaded and so are sitegen's renders (one per worker process, one at a time
    in the preview): the swap is never seen by another render.
    """
    import weasyprint.pdf

    own = weasyprint.pdf.add_tags
    weasyprint.pdf.add_tags = add_tags
    try:
        yield
    finally:
        weasyprint.pdf.add_tags = own


__all__ = ["Node", "add_tags", "sitegen_tags"]
