"""Turn WeasyPrint's tagged PDF/UA-1 output into a structure tree that says what the document means.

WeasyPrint 70 tags a PDF box by box and page by page. veraPDF accepts the result, but a screen reader
hears a different document from the one on the page. After rendering, with pikepdf, this module turns:

- each footnote body (a ``Span`` in the page's footnote area, under a ``NonStruct``) into a ``Note``
  with a unique ``/ID``, read right after its call; each call to it (the superscript number) into a
  ``Reference`` whose ``/Ref`` points at the ``Note``;
- the contents list (an ``L`` whose entries are three nested ``Link`` elements, leader dots read out
  as text) into a ``TOC`` with one ``TOCI`` per entry, each holding one ``Reference`` with one
  ``Link``: label and page number, one link annotation; the leader dots into artifacts;
- every table header cell (``TH``) into one with a ``/Scope``: ``Column`` in the table head, ``Row``
  elsewhere; a full-width header row in a table body (a row group's header) into the header of the
  rows below it;
- a table or list that a page break made into two elements back into one (the repeated table head
  of the second part becomes an artifact);
- ``<strong>`` and ``<em>`` (a ``NonStruct`` set in bold or italic type) into ``Strong`` and ``Em``
  (role-mapped to ``Span``, PDF/UA-1 being PDF 1.7);
- every link annotation's ``/Contents`` (WeasyPrint writes the raw id) into a description: "Go to"
  and the title of the target for a link inside the document, "Web link:" and the address otherwise;
- the running heads and footers (margin boxes, tagged by WeasyPrint but left out of the tree) and
  a draft's watermark repeated on every page into pagination artifacts.

Text, layout and links stay as they are: only marked-content tags, structure elements and
annotations change. The structure tree's ``/ParentTree`` and ``/IDTree`` are rebuilt from the tree.

One module per repair; ``tree`` and ``content`` hold what they share: the structure tree and what
the pages draw.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping

import pikepdf

from sitegen.pdf.tags.contents import tag_contents
from sitegen.pdf.tags.emphasis import tag_emphasis
from sitegen.pdf.tags.furniture import artifact_margin_boxes, artifact_repeated_fixed_boxes
from sitegen.pdf.tags.links import describe_links, link_annotations_in_links
from sitegen.pdf.tags.lists import drop_empty_list_items, number_lists, structure_list_items
from sitegen.pdf.tags.notes import tag_footnotes
from sitegen.pdf.tags.splits import merge_split_tables_and_lists
from sitegen.pdf.tags.tables import scope_header_cells
from sitegen.pdf.tags.tree import Tree, children_of, drop_empty_inline_elements

log = logging.getLogger("sitegen.pdf")


def fix_structure(pdf: bytes, titles: Mapping[str, str] | None = None) -> bytes:
    """The PDF with its structure tree repaired (see the module's docstring).

    ``titles`` optionally names the targets of in-document links ({id: title}, from the HTML); without
    it, each target is described by the heading (or text) found at its destination in the PDF.
    A PDF without a structure tree comes back unchanged.
    """
    with pikepdf.open(io.BytesIO(pdf)) as document:
        if "/StructTreeRoot" not in document.Root:
            log.debug("the PDF has no structure tree (an untagged variant): nothing to repair")
            return pdf
        if not children_of(document.Root.StructTreeRoot):
            log.debug("the structure tree is empty: nothing to repair")
            return pdf
        tree = Tree(document)
        # The order matters. Page furniture and footnote areas go first: between the last element of a
        # page and the first of the next, they would hide a table or list that runs over the break.
        artifact_margin_boxes(tree)
        artifact_repeated_fixed_boxes(tree)
        tag_footnotes(tree)  # before emphasis: a note's bold marker is its label, not <strong>
        tag_contents(tree)  # before the merge: the contents list is no list to merge
        structure_list_items(tree)  # before the merge: it joins the bodies of an item cut by a page break
        drop_empty_list_items(tree)  # before the merge: an empty item would hide the last item's marker
        merge_split_tables_and_lists(tree)
        number_lists(tree)
        scope_header_cells(tree)  # after the merge: a table's row groups run over its parts
        tag_emphasis(tree)
        link_annotations_in_links(tree)
        describe_links(tree, titles or {})  # last: the targets' elements are final
        drop_empty_inline_elements(tree.root)
        tree.write()
        out = io.BytesIO()
        # Same input, same bytes: the file identifier is computed from the content.
        document.save(out, deterministic_id=True)
        return out.getvalue()


def anchor_titles(print_html: str) -> dict[str, str]:
    """{id: what a reader should hear for a link to it}, from the print HTML: the optional ``titles`` of
    :func:`fix_structure` (``render_pdf()`` passes them; the PDF alone gives the same titles for headings)."""
    from lxml import html as lh

    titles: dict[str, str] = {}
    for element in lh.fromstring(print_html.encode("utf-8")).xpath("//*[@id]"):
        heading = (
            element if element.tag in ("h1", "h2", "h3", "h4") else next(iter(element.xpath(".//h1|.//h2|.//h3|.//h4")), None)
        )
        text = " ".join((heading if heading is not None else element).text_content().split())
        if text:
            titles[element.get("id")] = text
    return titles
