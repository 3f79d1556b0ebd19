"""The structure tree as the repairs see it: element helpers, the text behind each element, and the
rewrite of /ParentTree, /IDTree and /RoleMap once the repairs are done.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

from sitegen.pdf.tags.content import Font, Run, read_page, retag_as_artifacts

log = logging.getLogger("sitegen.pdf")


# Elements that hold running text: what a link's target is described by when it is not a heading.
HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}


BLOCKS = HEADINGS | {"P", "LI", "LBody", "TD", "TH", "Caption", "Note", "TOCI", "BlockQuote", "Figure"}


PageKey = tuple[int, int]  # a page's object id and generation


Mark = tuple[PageKey, int]  # one marked-content sequence: (page, MCID)


def kind_of(element: pikepdf.Object) -> str:
    """An element's structure type, without the slash: "P", "Note"."""
    return str(element.get("/S", "/"))[1:]


def is_element(kid: object) -> bool:
    """A structure element (the other dictionaries in /K, marked-content and object references, have no /S)."""
    return isinstance(kid, Dictionary) and "/S" in kid


def kids_of(element: pikepdf.Object) -> Array:
    """An element's /K as an array (the spec also allows a single kid)."""
    kids = element.get("/K")
    if not isinstance(kids, Array):
        element.K = Array([] if kids is None else [kids])
    return element.K


def children_of(element: pikepdf.Object) -> list[Dictionary]:
    return [kid for kid in kids_of(element) if is_element(kid)]


def descendants(element: pikepdf.Object) -> Iterator[Dictionary]:
    """Every element under ``element``, in reading order (``element`` itself excluded)."""
    stack = children_of(element)[::-1]  # a stack, not recursion: trees are deep, and walked often
    while stack:
        kid = stack.pop()
        yield kid
        stack.extend(children_of(kid)[::-1])


def same_object(a: pikepdf.Object, b: pikepdf.Object) -> bool:
    return a.is_indirect and b.is_indirect and a.objgen == b.objgen


def _index(kids: Array, element: pikepdf.Object) -> int:
    return next(i for i, kid in enumerate(kids) if isinstance(kid, Dictionary) and same_object(kid, element))


def page_of(element: pikepdf.Object) -> PageKey | None:
    page = element.get("/Pg")
    return page.objgen if page is not None else None


class Tree:
    """The document's structure tree, with the text behind each MCID, and what has to be rewritten."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        self.pages = {page.obj.objgen: page for page in pdf.pages}
        self.page_numbers = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        fonts: dict[tuple[int, int], Font] = {}
        self.instructions: dict[PageKey, list] = {}
        self.runs: dict[Mark, Run] = {}
        self.drawn: set[Mark] = set()  # every MCID in the pages' content
        for key, page in self.pages.items():
            self.instructions[key], mcids, runs = read_page(page, fonts)
            self.drawn.update((key, mcid) for mcid in mcids)
            self.runs.update(((key, mcid), run) for mcid, run in runs.items())
        self.artifacts: dict[Mark, Dictionary] = {}  # marked content to retag as artifacts, with their properties
        self.dropped_annotations: list[pikepdf.Object] = []
        self.roles: set[str] = set()  # non-standard structure types used, to role-map

    @property
    def document(self) -> Dictionary:
        """The element under the root (WeasyPrint writes one Document)."""
        return children_of(self.root)[0]

    def elements(self) -> Iterator[Dictionary]:
        return descendants(self.root)

    def marks(self, element: pikepdf.Object, deep: bool = True) -> Iterator[Mark]:
        """The MCIDs of an element (and of its descendants, if ``deep``), in reading order."""
        stack = [(element, kid) for kid in reversed(list(kids_of(element)))]
        while stack:
            owner, kid = stack.pop()
            if isinstance(kid, int):
                page = page_of(owner)
                if page is not None:
                    yield page, int(kid)
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                yield kid.Pg.objgen if "/Pg" in kid else page_of(owner), int(kid.MCID)
            elif deep and is_element(kid):
                stack.extend((kid, grandchild) for grandchild in reversed(list(kids_of(kid))))

    def text(self, element: pikepdf.Object) -> str:
        return "".join(self.runs[m].text for m in self.marks(element) if m in self.runs)

    def artifact(self, element: pikepdf.Object, properties: Dictionary) -> None:
        """Make what an element draws an artifact; the element is to be taken out of the tree by the caller."""
        for mark in self.marks(element):
            self.artifacts[mark] = properties

    def write(self) -> None:
        """Rewrite artifacts in the pages, drop merged annotations, rebuild /ParentTree, /IDTree, /RoleMap."""
        for page_key, page in self.pages.items():
            marks = {mcid: props for (key, mcid), props in self.artifacts.items() if key == page_key}
            if marks:
                retag_as_artifacts(self.pdf, page, self.instructions[page_key], marks)
        for annotation in self.dropped_annotations:
            page = self.pages[annotation.P.objgen] if "/P" in annotation else None
            for candidate in [page] if page is not None else self.pages.values():
                annots = candidate.obj.get("/Annots", Array())
                for i in reversed(range(len(annots))):
                    if same_object(annots[i], annotation):
                        del annots[i]
        _set_parents(self.root)
        _rebuild_parent_tree(self)
        _rebuild_id_tree(self)
        if self.roles:
            role_map = self.root.get("/RoleMap", Dictionary())
            for role in sorted(self.roles):
                role_map[Name("/" + role)] = Name.Span
            self.root.RoleMap = role_map


def _set_parents(node: pikepdf.Object) -> None:
    """Point every element's /P at the element (or root) whose /K holds it."""
    for kid in children_of(node):
        kid.P = node
        _set_parents(kid)


def _rebuild_parent_tree(tree: Tree) -> None:
    """/ParentTree from the tree itself: MCID -> element per page, annotation -> element."""
    page_entries: dict[PageKey, dict[int, pikepdf.Object]] = defaultdict(dict)
    annotation_entries: dict[int, pikepdf.Object] = {}
    for element in tree.elements():
        page = page_of(element)
        for kid in kids_of(element):
            if isinstance(kid, int) and page is not None:
                page_entries[page][int(kid)] = element
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                page_entries[kid.Pg.objgen if "/Pg" in kid else page][int(kid.MCID)] = element
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR and "/StructParent" in kid.Obj:
                annotation_entries[int(kid.Obj.StructParent)] = element
    nums: dict[int, pikepdf.Object] = dict(annotation_entries)
    for key, page in tree.pages.items():
        if "/StructParents" not in page.obj:
            continue
        entries = page_entries.get(key, {})
        orphans = sorted(m for (k, m) in tree.drawn if k == key and m not in entries and (k, m) not in tree.artifacts)
        if orphans:
            log.warning("page %d: MCIDs %s are not in the structure tree", tree.page_numbers[key], orphans)
        size = max(entries, default=-1) + 1
        nums[int(page.obj.StructParents)] = tree.pdf.make_indirect(Array([entries.get(i) for i in range(size)]))
    flat = Array()
    for key in sorted(nums):
        flat.extend([key, nums[key]])
    tree.root.ParentTree = tree.pdf.make_indirect(Dictionary(Nums=flat))
    tree.root.ParentTreeNextKey = max(nums, default=-1) + 1


def _rebuild_id_tree(tree: Tree) -> None:
    """/IDTree: every element /ID (WeasyPrint's header cells, our notes) -> its element, as the spec requires."""
    ids = {str(element.ID): element for element in tree.elements() if "/ID" in element}
    if not ids:
        return
    names = Array()
    for key in sorted(ids, key=lambda k: k.encode("utf-8")):
        names.extend([pikepdf.String(key), ids[key]])
    tree.root.IDTree = Dictionary(Names=names)


def new_element(tree: Tree, kind: str, parent: pikepdf.Object, kids: Iterable[object], page: pikepdf.Object | None) -> Dictionary:
    element = Dictionary(Type=Name.StructElem, S=Name("/" + kind), P=parent, K=Array(list(kids)))
    if page is not None:
        element.Pg = page
    return tree.pdf.make_indirect(element)


def detach(element: pikepdf.Object) -> None:
    """Take an element out of its parent's /K."""
    kids = kids_of(element.P)
    del kids[_index(kids, element)]


def absorb(target: pikepdf.Object, source: pikepdf.Object) -> None:
    """Move all of ``source``'s kids to the end of ``target`` and take ``source`` out of the tree.

    A bare MCID is only valid on its element's page (/Pg): moved to an element of another page it
    becomes a marked-content reference that names its page.
    """
    kids = kids_of(target)
    for kid in list(kids_of(source)):
        if isinstance(kid, int) and page_of(source) != page_of(target):
            kid = Dictionary(Type=Name.MCR, Pg=source.Pg, MCID=kid)
        if is_element(kid):
            kid.P = target
        kids.append(kid)
    detach(source)


def drop_empty_inline_elements(node: pikepdf.Object) -> bool:
    """Remove inline elements that hold no content: WeasyPrint tags each <br> as two nested, empty NonStructs.

    Empty cells, rows and the like stay: a table's shape depends on them. Returns whether ``node`` holds
    any content.
    """
    kids = kids_of(node)
    for i in reversed(range(len(kids))):
        if is_element(kids[i]) and not drop_empty_inline_elements(kids[i]) and kind_of(kids[i]) in ("NonStruct", "Span"):
            del kids[i]
    return len(kids) > 0


def block_of(element: pikepdf.Object) -> pikepdf.Object:
    """The nearest ancestor that is a block (a paragraph, list body, cell...), or the document."""
    node = element.P
    while kind_of(node) not in BLOCKS and "/P" in node and node.get("/Type") != Name.StructTreeRoot:
        node = node.P
    return node


def insert_after(anchor: pikepdf.Object, element: pikepdf.Object) -> None:
    """Move ``element`` to right after ``anchor``, in ``anchor``'s parent."""
    detach(element)
    siblings = kids_of(anchor.P)
    siblings.insert(_index(siblings, anchor) + 1, element)
    element.P = anchor.P


def unique_id(candidate: str, used: set[str]) -> str:
    name, n = candidate, 1
    while name in used:
        n += 1
        name = f"{candidate}-{n}"
    used.add(name)
    return name


def link_annotation(element: pikepdf.Object) -> pikepdf.Object | None:
    for kid in kids_of(element):
        if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
            return kid.Obj
    return None


def detach_from(parent: pikepdf.Object, element: pikepdf.Object) -> None:
    kids = kids_of(parent)
    del kids[_index(kids, element)]
