"""Turn each PDF's tags, links, fonts and bookmarks into findings veraPDF cannot make.

veraPDF checks that a PDF is tagged by the rules; these checks ask whether the
tags say what the document means (read with pikepdf):

- ``tagged``: a structure tree, and the document marked as tagged;
- ``footnote-note``: each footnote of the web edition is a ``Note`` element;
- ``toc``: the contents page is a ``TOC`` with one ``TOCI`` per entry and one
  ``Link`` in each;
- ``th-scope``: every header cell (``TH``) has a ``/Scope``;
- ``table-split``: no table of the web edition is tagged as two or more tables
  (as a page break makes WeasyPrint do);
- ``link-description``: every link annotation has a ``/Contents`` that says
  where it goes, not an id such as "fn-3";
- ``fonts-embedded``: every font is embedded;
- ``bookmarks``: the PDF has an outline;
- ``list-item``: every list item (``LI``) is a label (``Lbl``) and a body
  (``LBody``), and a nested list sits in the body of its item, not beside it;
- ``practice-example``: each practice example of the web edition is a
  section (``Sect``) that starts with its heading, so that a reader hears
  where the box starts and what it is;
- ``quotation``: each quotation of the web edition is a ``BlockQuote``.

The last three read the tags with their text (``pdfinfo -struct-text``), the
others with pikepdf.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sitegen.audit.model import Finding
from sitegen.audit.pdftext import Node
from sitegen.audit.webfacts import Facts, key

GATE = "pdf-structure"
_HEADING = re.compile(r"^H[1-6]?$")
_ID_LIKE = re.compile(r"^#?[a-z0-9]+(?:[-_:.][a-z0-9]+)*$")
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
Add = Callable[[str, str], None]


def check_structure(pdf_path: Path, name: str, web: Facts | None, tags: Node | None = None) -> list[Finding]:
    """The structure findings of one PDF; ``web`` is its web edition's facts (None: no web page).

    ``tags`` is the PDF's tag tree with its text, for the checks of list items, practice examples and
    quotations (None: those are not run).
    """
    import pikepdf

    findings: list[Finding] = []

    def add(rule: str, message: str) -> None:
        findings.append(Finding(name, GATE, rule, message))

    try:
        pdf = pikepdf.open(pdf_path)
    except pikepdf.PdfError as exc:
        return [Finding(name, GATE, "unreadable", f"pikepdf cannot read this PDF: {exc}")]
    with pdf:
        root = pdf.Root
        tree = root.get("/StructTreeRoot")
        marked = bool(root.get("/MarkInfo", {}).get("/Marked", False))
        if tree is None or not marked:
            add(
                "tagged",
                "the PDF is not tagged (no structure tree, or /MarkInfo /Marked not true): make it with pdf_variant='pdf/ua-1'",
            )
        else:
            roles = _role_map(tree)
            _check_tags(list(_elements(tree.get("/K"), roles)), roles, web, add)
        _check_links(pdf, add)
        _check_fonts(pdf, add)
        outlines = root.get("/Outlines")
        if outlines is None or "/First" not in outlines:
            add("bookmarks", "the PDF has no bookmarks (outline): readers cannot jump between its sections")
    if tags is not None:
        _check_entries(tags, web, add)
    return findings


def _check_entries(tree: Node, web: Facts | None, add: Add) -> None:
    """List items, practice examples and quotations tagged as what they are."""
    elements = list(tree.elements())
    items = [(node, _kinds(node)) for node in elements if node.type == "LI"]
    wrong = [(node, kinds) for node, kinds in items if kinds not in (["Lbl", "LBody"], ["LBody"])]
    if wrong:
        node, kinds = wrong[0]
        add(
            "list-item",
            f"{len(wrong)} of {len(items)} list items (LI) hold other than a label (Lbl) and a body (LBody), "
            f"e.g. {', '.join(kinds)} in '{_short(node.text())}'",
        )
    beside = sum(1 for node in elements if node.type == "L" and "L" in _kinds(node))
    if beside:
        add("list-item", f"{beside} list(s) hold a nested list beside their items: it belongs in the body (LBody) of its item")
    if web is None:
        return
    boxes = {key(_heading_text(node)) for node in elements if node.type == "Sect" and _heading_text(node)}
    for title in web.practice_examples:
        if key(title) not in boxes:
            message = f"the practice example '{_short(title)}' is not a section (Sect) that starts with its heading"
            add("practice-example", message)
    quotes = sum(1 for node in elements if node.type == "BlockQuote")
    if quotes < web.quotations:
        add("quotation", f"the web edition has {web.quotations} quotation(s), the PDF {quotes} BlockQuote element(s)")


def _kinds(node: Node) -> list[str]:
    return [child.type for child in node.children if isinstance(child, Node)]


def _heading_text(node: Node) -> str:
    """The text of the heading a section starts with ('' if it starts with something else)."""
    first = next((child for child in node.children if isinstance(child, Node)), None)
    return first.text() if first is not None and _HEADING.match(first.type) else ""


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _role_map(tree: Any) -> dict[str, str]:
    roles = tree.get("/RoleMap") or {}
    return {str(k): str(v) for k, v in roles.items()}


def _elements(kids: Any, roles: dict[str, str], parent: str | None = None) -> Iterator[tuple[str, Any, str | None]]:
    """(type, element, parent type) for every structure element, in order, roles mapped to standard types."""
    import pikepdf

    if isinstance(kids, pikepdf.Array):
        for kid in kids:
            yield from _elements(kid, roles, parent)
        return
    if not isinstance(kids, pikepdf.Dictionary) or "/S" not in kids:
        return
    kind = str(kids.S)
    seen = {kind}
    while kind in roles and roles[kind] not in seen:
        kind = roles[kind]
        seen.add(kind)
    kind = kind.lstrip("/")
    yield kind, kids, parent
    yield from _elements(kids.get("/K"), roles, kind)


def _check_tags(elements: list[tuple[str, Any, str | None]], roles: dict[str, str], web: Facts | None, add: Add) -> None:
    counts = Counter(kind for kind, _, _ in elements)
    if web is not None and web.footnotes and counts["Note"] < web.footnotes:
        add(
            "footnote-note",
            f"the web edition has {web.footnotes} footnote(s), the PDF {counts['Note']} Note element(s): "
            "each footnote must be tagged Note",
        )
    if web is not None and web.contents:
        _check_toc([el for kind, el, _ in elements if kind == "TOC"], roles, web.contents, add)
    missing = sum(1 for kind, element, _ in elements if kind == "TH" and not _has_scope(element))
    if missing:
        add("th-scope", f"{missing} of {counts['TH']} header cells (TH) have no /Scope (Row, Column or Both)")
    if web is not None:
        tables = [_body_rows(element, roles) for kind, element, _ in elements if kind == "Table"]
        _check_tables(tables, web.tables, add)


def _check_toc(tocs: list[Any], roles: dict[str, str], entries: list[str], add: Add) -> None:
    if not tocs:
        add("toc", f"the contents page ({len(entries)} entries) is not tagged TOC with a TOCI per entry")
        return
    items = [el for toc in tocs for kind, el, _ in _elements(toc.get("/K"), roles, "TOC") if kind == "TOCI"]
    if len(items) != len(entries):
        add("toc", f"the contents has {len(entries)} entries, its TOC {len(items)} TOCI element(s)")
    for number, (item, entry) in enumerate(zip(items, entries, strict=False), start=1):
        links = sum(1 for kind, _, _ in _elements(item.get("/K"), roles, "TOCI") if kind == "Link")
        if links != 1:
            add("toc", f"contents entry {number} ({entry}) has {links} links, not one")


def _has_scope(element: Any) -> bool:
    import pikepdf

    attributes = element.get("/A")
    owners = attributes if isinstance(attributes, pikepdf.Array) else [attributes]
    return any(isinstance(a, pikepdf.Dictionary) and "/Scope" in a for a in owners)


def _body_rows(table: Any, roles: dict[str, str]) -> int:
    """Rows outside THead/TFoot: the data rows a split spreads over its parts."""
    rows = _elements(table.get("/K"), roles, "Table")
    return sum(1 for kind, _, parent in rows if kind == "TR" and parent in ("Table", "TBody"))


def _check_tables(pdf_rows: list[int], web_tables: list[tuple[str, int]], add: Add) -> None:
    """More Table elements than web tables: name each table split, or at least count them."""
    if len(pdf_rows) <= len(web_tables):
        return
    split = _split_tables(pdf_rows, web_tables)
    if split:
        for label, parts in split:
            add("table-split", f"the table '{label}' is tagged as {parts} tables: a page break split it")
    else:
        add(
            "table-split",
            f"the web edition has {len(web_tables)} table(s), the PDF {len(pdf_rows)} Table elements: "
            "a table split across pages is tagged as separate tables",
        )


def _split_tables(pdf_rows: list[int], web_tables: list[tuple[str, int]]) -> list[tuple[str, int]] | None:
    """Line the PDF's tables up with the web's by their body rows: (label, parts) of each split one.

    None when they do not line up (a table missing or changed: parity says which).
    """
    j = 0
    split = []
    for label, rows in web_tables:
        parts = total = 0
        while j < len(pdf_rows) and (parts == 0 or total < rows):
            total += pdf_rows[j]
            parts += 1
            j += 1
        if total != rows:
            return None
        if parts > 1:
            split.append((label, parts))
    return split if j == len(pdf_rows) else None


def _check_links(pdf: Any, add: Add) -> None:
    """Internal links described by the name of their destination (or any id) tell a listener nothing."""
    ids: Counter[str] = Counter()
    missing = 0
    for page in pdf.pages:
        for annotation in page.get("/Annots") or []:
            if str(annotation.get("/Subtype")) != "/Link":
                continue
            contents = str(annotation.get("/Contents") or "").strip()
            if not contents:
                missing += 1
            elif (contents == _destination(annotation) and not _is_uri(annotation)) or _ID_LIKE.match(contents):
                ids[contents] += 1
    if missing:
        add("link-description", f"{missing} link(s) have no description (/Contents)")
    if ids:
        names = ", ".join(f"'{name}'" for name in sorted(ids)[:8]) + (", ..." if len(ids) > 8 else "")
        add(
            "link-description",
            f"{sum(ids.values())} link(s) are described only by an id ({names}): /Contents must say where each goes",
        )


def _is_uri(annotation: Any) -> bool:
    action = annotation.get("/A")
    return action is not None and str(action.get("/S")) == "/URI"


def _destination(annotation: Any) -> str:
    action = annotation.get("/A")
    target = annotation.get("/Dest")
    if target is None and action is not None:
        target = action.get("/D") or action.get("/URI")
    return str(target) if target is not None else ""


def _check_fonts(pdf: Any, add: Add) -> None:
    missing: set[str] = set()
    seen: set[tuple[int, int]] = set()

    def fonts(resources: Any) -> None:
        if resources is None:
            return
        for font in (resources.get("/Font") or {}).values():
            if font.is_indirect and font.objgen in seen:
                continue
            seen.add(font.objgen)
            if str(font.get("/Subtype")) == "/Type3":
                fonts(font.get("/Resources"))
                continue
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font.DescendantFonts[0].get("/FontDescriptor")
            if descriptor is None or not any(k in descriptor for k in _FONT_FILES):
                missing.add(str(font.get("/BaseFont", "?")).lstrip("/"))
        for xobject in (resources.get("/XObject") or {}).values():
            if not (xobject.is_indirect and xobject.objgen in seen) and str(xobject.get("/Subtype")) == "/Form":
                seen.add(xobject.objgen)
                fonts(xobject.get("/Resources"))

    for page in pdf.pages:
        fonts(page.get("/Resources"))
    if missing:
        add("fonts-embedded", f"font(s) not embedded: {', '.join(sorted(missing))}")
