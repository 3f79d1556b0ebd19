"""Table header cells that say what they head: an /ID, a /Scope, and every cell's /Headers.

The HTML says it first: a header cell's ``id`` is its /ID and a cell's ``headers="..."`` its /Headers
(the theme's ratings tables name them, row groups included). Where the HTML does not, the cells are
worked out as a screen reader would: the row's header cells (``scope="row"``), the header cells above
the column (in the table head or ``scope="col"``), and the row group's header (``scope="rowgroup"``,
or a body row that is one header cell as wide as the table) up to the next one. /Scope is the
``scope`` attribute, else Column in the table head and Row elsewhere.
"""

from __future__ import annotations

from collections import defaultdict

from sitegen.pdf.tags.tree import Node

_SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def _rows(table: Node) -> list[tuple[Node, bool]]:
    """The table's rows in order, each with whether it is in the table head (nested tables left out)."""
    rows = []
    for part in table.nodes():
        if part.kind == "TR":
            rows.append((part, False))
        elif part.kind in ("THead", "TBody", "TFoot"):
            rows.extend((row, part.kind == "THead") for row in part.nodes() if row.kind == "TR")
    return rows


def _attribute(node: Node, name: str) -> str:
    return (node.element.get(name) or "").strip() if node.element is not None else ""


def label_header_cells(root: Node, used_ids: set[str]) -> None:
    """Give every table under ``root`` its header cells' /ID and /Scope and its cells' /Headers."""
    counter = 0
    for table in [node for node in root.descendants() if node.kind == "Table"]:
        rows = _rows(table)
        ids: dict[str, str] = {}  # HTML id -> /ID, for the headers="..." of this table
        for row, _ in rows:
            for cell in (c for c in row.nodes() if c.kind == "TH"):
                own = _attribute(cell, "id")
                if own and own not in used_ids:
                    cell.id = own
                else:
                    counter += 1
                    while f"th-{counter}" in used_ids:
                        counter += 1
                    cell.id = f"th-{counter}"
                used_ids.add(cell.id)
                if own:
                    ids[own] = cell.id
        _scopes_and_headers(rows, ids)


def _scopes_and_headers(rows: list[tuple[Node, bool]], ids: dict[str, str]) -> None:
    width = max((sum(c.attributes.get("colspan", 1) for c in row.nodes()) for row, _ in rows), default=0)
    column_heads: dict[int, list[str]] = defaultdict(list)
    group: str | None = None
    taken: dict[int, int] = defaultdict(int)  # column -> rows still covered by a cell spanning rows above
    for row, in_head in rows:
        cells = [c for c in row.nodes() if c.kind in ("TH", "TD")]
        placed: list[tuple[Node, list[int]]] = []
        occupied = {c for c, rows_left in taken.items() if rows_left > 0}
        for c in occupied:
            taken[c] -= 1
        column = 0
        for cell in cells:
            while column in occupied:
                column += 1
            span = int(cell.attributes.get("colspan", 1))
            placed.append((cell, list(range(column, column + span))))
            for c in range(column, column + span):
                taken[c] = int(cell.attributes.get("rowspan", 1)) - 1
            column += span
        row_heads: list[str] = []
        for cell, columns in placed:
            if cell.kind != "TH":
                continue
            scope = _attribute(cell, "scope").lower()
            cell.attributes["scope"] = _SCOPES.get(scope, "/Column" if in_head else "/Row")
            if scope == "rowgroup" or (not scope and not in_head and len(cells) == 1 and len(columns) == width > 1):
                group = cell.id
            elif scope in ("col", "colgroup") or (in_head and not scope):
                for c in columns:
                    column_heads[c].append(cell.id or "")
            else:
                row_heads.append(cell.id or "")
        for cell, columns in placed:
            named = _attribute(cell, "headers").split()
            if named:
                cell.attributes["headers"] = [ids[name] for name in named if name in ids]
            elif cell.kind == "TD":
                heads = [h for c in columns for h in column_heads[c]] + row_heads
                cell.attributes["headers"] = ([group] if group and group not in heads else []) + heads
