"""Write the structure tree into the PDF WeasyPrint is making: elements, /ParentTree, /IDTree, /RoleMap.

What WeasyPrint's own tagging pass writes in the catalog is written the same way (/StructTreeRoot,
/MarkInfo, /ViewerPreferences, the pages' /StructParents, the annotations' /StructParent). Marked
content that became an artifact is rewritten in the page's content stream before it is serialised:
``/Span <</MCID n>> BDC`` becomes ``/Artifact <</Type /Pagination ...>> BDC``. Empty inline elements
(a ``<br>``, an empty ``<span>``) are left out.
"""

from __future__ import annotations

from typing import Any

import pydyf

from sitegen.pdf.tags.tree import INLINE, ROLES, Annotation, Mark, Node


def _objects(pdf: pydyf.PDF) -> list[Any]:
    """The page dictionaries, in order (pydyf keeps /Kids as 'n 0 R' triples)."""
    return [pdf.objects[int(number)] for number in pdf.pages["Kids"][::3]]


def write_tree(
    pdf: pydyf.PDF, root: Node, page_streams: list[Any], artifacts: list[dict[int, dict[str, str]]]
) -> pydyf.Dictionary:
    """Write the tree under a new /StructTreeRoot (returned), with everything that points into it."""
    pages = _objects(pdf)
    page_refs = [page.reference for page in pages]
    parent_tree = pydyf.Dictionary({})
    pdf.add_object(parent_tree)
    struct_root = pydyf.Dictionary({"Type": "/StructTreeRoot", "ParentTree": parent_tree.reference})
    pdf.add_object(struct_root)
    pdf.catalog["StructTreeRoot"] = struct_root.reference

    owners: list[dict[int, bytes]] = [{} for _ in pages]
    annotations: list[tuple[bytes, Annotation]] = []
    ids: dict[str, bytes] = {}
    written: dict[int, bytes] = {}  # id(node) -> reference, for /Ref
    refs: list[tuple[pydyf.Dictionary, Node]] = []
    roles: set[str] = set()

    def emit(node: Node, parent_ref: bytes) -> bytes:
        element = pydyf.Dictionary({"Type": "/StructElem", "S": f"/{node.kind}", "P": parent_ref, "Pg": page_refs[node.page]})
        pdf.add_object(element)
        written[id(node)] = element.reference
        if node.kind in ROLES:
            roles.add(node.kind)
        kids = pydyf.Array()
        for kid in node.kids:
            if isinstance(kid, Node):
                if kid.has_content() or kid.kind not in INLINE:
                    kids.append(emit(kid, element.reference))
            elif isinstance(kid, Mark):
                owners[kid.page][kid.mcid] = element.reference
                if kid.page == node.page:
                    kids.append(kid.mcid)
                else:
                    kids.append(pydyf.Dictionary({"Type": "/MCR", "Pg": page_refs[kid.page], "MCID": kid.mcid}))
            else:
                reference = pydyf.Dictionary({"Type": "/OBJR", "Obj": kid.object.reference, "Pg": page_refs[kid.page]})
                pdf.add_object(reference)
                kids.append(reference.reference)
                annotations.append((element.reference, kid))
        element["K"] = kids
        _attributes(element, node)
        if node.id is not None:
            element["ID"] = pydyf.String(node.id)
            ids[node.id] = element.reference
        if node.refs:
            refs.append((element, node))
        return element.reference

    document = emit(root, struct_root.reference)
    struct_root["K"] = pydyf.Array([document])
    for element, node in refs:
        found = [written[id(target)] for target in node.refs if id(target) in written]
        if found:
            element["Ref"] = pydyf.Array(found)

    nums = pydyf.Array()
    for number, (page, owned) in enumerate(zip(pages, owners, strict=True)):
        page["StructParents"] = number
        size = max(owned, default=-1) + 1
        nums.extend([number, pydyf.Array([owned.get(mcid, b"null") for mcid in range(size)])])
    for index, (owner, annotation) in enumerate(annotations, start=len(pages)):
        annotation.object["StructParent"] = index
        nums.extend([index, owner])
    parent_tree["Nums"] = nums
    struct_root["ParentTreeNextKey"] = len(pages) + len(annotations)
    if ids:
        names = pydyf.Array()
        for key in sorted(ids, key=lambda k: k.encode("utf-8")):
            names.extend([pydyf.String(key), ids[key]])
        struct_root["IDTree"] = pydyf.Dictionary({"Names": names})
    if roles:
        struct_root["RoleMap"] = pydyf.Dictionary({role: f"/{ROLES[role]}" for role in sorted(roles)})
    for stream, page_artifacts in zip(page_streams, artifacts, strict=True):
        if page_artifacts:
            _retag_artifacts(stream, page_artifacts)
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})
    pdf.catalog["MarkInfo"] = pydyf.Dictionary({"Marked": "true"})
    return struct_root


def _attributes(element: pydyf.Dictionary, node: Node) -> None:
    attributes = node.attributes
    if node.kind in ("TH", "TD"):
        table = pydyf.Dictionary({"O": "/Table"})
        if attributes.get("colspan", 1) != 1:
            table["ColSpan"] = attributes["colspan"]
        if attributes.get("rowspan", 1) != 1:
            table["RowSpan"] = attributes["rowspan"]
        if "scope" in attributes:
            table["Scope"] = attributes["scope"]
        if "headers" in attributes:
            table["Headers"] = pydyf.Array([pydyf.String(h) for h in attributes["headers"]])
        element["A"] = table
    elif node.kind == "L" and "numbering" in attributes:
        element["A"] = pydyf.Dictionary({"O": "/List", "ListNumbering": attributes["numbering"]})
    elif node.kind == "Figure" and "bbox" in attributes:
        element["A"] = pydyf.Dictionary({"O": "/Layout", "BBox": pydyf.Array(attributes["bbox"])})
    if node.alt:
        element["Alt"] = pydyf.String(node.alt)


def _retag_artifacts(stream: Any, artifacts: dict[int, dict[str, str]]) -> None:
    """``/Span <</MCID n>> BDC`` -> ``/Artifact <</Type ...>> BDC`` for the MCIDs given, in the unserialised stream."""
    items = stream.stream
    for index, item in enumerate(items):
        if type(item) is pydyf.Dictionary and "MCID" in item and item["MCID"] in artifacts:
            items[index - 1] = "/Artifact"
            items[index] = pydyf.Dictionary(artifacts[item["MCID"]])


def remove_annotations(pdf: pydyf.PDF, dropped: list[Annotation]) -> None:
    """Take annotations off their page (merged into another, or in an artifact)."""
    pages = _objects(pdf)
    for annotation in dropped:
        annots = pages[annotation.page].get("Annots")
        reference = annotation.object.reference
        if annots is not None and reference in annots:
            annots.remove(reference)
