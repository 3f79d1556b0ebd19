"""Table header cells with a /Scope, and row-group headers that head their rows."""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from sitegen.pdf.tags.tree import Tree, children_of, descendants, kind_of


def header_cells(part: pikepdf.Object) -> list[Dictionary]:
    return [e for e in descendants(part) if kind_of(e) == "TH"]


def scope_header_cells(tree: Tree) -> None:
    """Every TH says which cells it heads: /Scope Column in the table head, Row elsewhere.

    PDF/UA asks for a /Scope (or /Headers on every cell); screen readers use it to announce each cell's
    headers. A body row holding only one header cell that spans the table (a row group's header,
    scope="rowgroup" in HTML) heads the rows below it, up to the next such row: WeasyPrint made it the
    header of a column instead, so the cells' /Headers are corrected too.
    """
    for table in [e for e in tree.elements() if kind_of(e) == "Table"]:
        for part in children_of(table):
            scope = Name.Column if kind_of(part) == "THead" else Name.Row
            for cell in header_cells(part):
                _attributes(cell).Scope = scope
        _head_row_groups(table)


def _attributes(cell: pikepdf.Object) -> Dictionary:
    attributes = cell.get("/A")
    if isinstance(attributes, Array):  # several attribute owners: use the Table one
        attributes = next((a for a in attributes if isinstance(a, Dictionary) and a.get("/O") == Name.Table), None)
    if not isinstance(attributes, Dictionary):
        attributes = Dictionary(O=Name.Table)
        cell.A = attributes
    return attributes


def _body_rows(table: pikepdf.Object) -> list[Dictionary]:
    parts = [part for part in children_of(table) if kind_of(part) in ("TBody", "TR")]
    return [row for part in parts for row in ([part] if kind_of(part) == "TR" else children_of(part)) if kind_of(row) == "TR"]


def _span(cell: pikepdf.Object) -> int:
    return int(_attributes(cell).get("/ColSpan", 1))


def _head_row_groups(table: pikepdf.Object) -> None:
    """A body row that is one header cell as wide as the table heads the rows after it, up to the next one."""
    rows = _body_rows(table)
    width = max((sum(_span(cell) for cell in children_of(row)) for row in rows), default=0)
    group_heads = {
        str(cells[0].ID): cells[0]
        for cells in (children_of(row) for row in rows)
        if len(cells) == 1 and kind_of(cells[0]) == "TH" and "/ID" in cells[0] and _span(cells[0]) == width > 1
    }
    if not group_heads:
        return
    current: pikepdf.Object | None = None
    for row in rows:
        cells = children_of(row)
        if len(cells) == 1 and str(cells[0].get("/ID")) in group_heads:
            current = cells[0].ID
            continue
        for cell in (c for c in cells if kind_of(c) == "TD"):
            before = list(_attributes(cell).get("/Headers", Array()))
            headers = [h for h in before if str(h) not in group_heads] + ([current] if current is not None else [])
            if [str(h) for h in headers] != [str(h) for h in before]:
                _attributes(cell).Headers = Array(headers)
