"""Turn WeasyPrint's tagged PDF into one a screen reader describes better.

Two repairs on the structure and annotations, with pikepdf, after rendering:

- every table header cell (``TH``) gets a ``/Scope`` (``Column`` in a table
  head, ``Row`` in a table body), so a screen reader announces each data cell
  with the right header;
- every link annotation gets a ``/Contents`` that says where it goes: the
  title of the section an in-document link points to ("Foreword", not the id
  "foreword"), or the address of a web link.

The other gaps WeasyPrint leaves (footnotes as ``Note``, the contents page as
``TOC``/``TOCI``, tables split across pages) are not repaired yet; ``sitegen
check`` reports them.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Mapping

import pikepdf
from lxml import html as lh

log = logging.getLogger("sitegen.pdf")


def anchor_titles(print_html: str) -> dict[str, str]:
    """{id: what a reader should hear for a link to it}, from the print HTML."""
    titles: dict[str, str] = {}
    for element in lh.fromstring(print_html.encode("utf-8")).xpath("//*[@id]"):
        heading = (
            element if element.tag in ("h1", "h2", "h3", "h4") else next(iter(element.xpath(".//h1|.//h2|.//h3|.//h4")), None)
        )
        text = " ".join((heading if heading is not None else element).text_content().split())
        if text:
            titles[element.get("id")] = text
    return titles


def fix_structure(pdf: bytes, titles: Mapping[str, str]) -> bytes:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root.get("/StructTreeRoot")
        if root is not None:
            _scope_header_cells(root)
        _describe_links(document, titles)
        out = io.BytesIO()
        # Fixed ID and no object streams: the same input gives the same bytes.
        document.save(out, deterministic_id=True)
        return out.getvalue()


def _elements(node: pikepdf.Object, parents: tuple[str, ...] = ()) -> Iterator[tuple[pikepdf.Dictionary, tuple[str, ...]]]:
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if (
            isinstance(kid, pikepdf.Dictionary)
            and kid.get("/Type", pikepdf.Name.StructElem) == pikepdf.Name.StructElem
            and "/S" in kid
        ):
            yield kid, parents
            yield from _elements(kid, (*parents, str(kid.S)))


def _scope_header_cells(root: pikepdf.Dictionary) -> None:
    for element, parents in _elements(root):
        if element.S != pikepdf.Name.TH:
            continue
        scope = pikepdf.Name.Column if "/THead" in parents else pikepdf.Name.Row
        attributes = element.get("/A")
        if not isinstance(attributes, pikepdf.Dictionary):
            attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
            element.A = attributes
        attributes.Scope = scope


def _describe_links(document: pikepdf.Pdf, titles: Mapping[str, str]) -> None:
    for page in document.pages:
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") != pikepdf.Name.Link:
                continue
            action = annotation.get("/A")
            if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
                annotation.Contents = pikepdf.String(f"Web link: {action.URI}")
                continue
            target = annotation.get("/Dest")
            if isinstance(action, pikepdf.Dictionary) and "/D" in action:
                target = action.D
            if isinstance(target, pikepdf.String):
                name = str(target)
                annotation.Contents = pikepdf.String(f"Go to {titles.get(name, name.replace('-', ' '))}")
