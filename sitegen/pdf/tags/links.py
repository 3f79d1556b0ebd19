"""Link annotations that say where they go, read from the HTML WeasyPrint laid out.

WeasyPrint writes the target's id ("foreword", "fn-3") as a link's description, which a screen reader
reads out as is. An in-document link is described by "Go to" and its target's title: the target's
heading (the element itself, or the first heading in it), else its first twelve words; a web link by
"Web link:" and its address. A contents entry's ``Reference`` also names its target element (/Ref).
"""

from __future__ import annotations

from typing import Any

import pydyf

from sitegen.pdf.tags.tree import Annotation, Node

_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
WORDS = 12


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def title(element: Any) -> str:
    """What a reader should hear for a link to ``element``."""
    heading = element if _local(element.tag) in _HEADINGS else None
    if heading is None:
        heading = next((e for e in element.iter() if _local(e.tag) in _HEADINGS), None)
    if heading is not None:
        return _text(heading)
    words = _text(element).split()
    text = " ".join(words[:WORDS]) + (" ..." if len(words) > WORDS else "")
    return f"footnote {text}" if "footnote" in (element.get("class") or "").split() else text


class Targets:
    """The elements of the HTML by id, read once, and the structure element each became."""

    def __init__(self, html: Any, first: dict[int, Node]):
        self.elements = {e.get("id"): e for e in html.iter() if e.get("id")} if html is not None else {}
        self.first = first

    def describe(self, annotation: Annotation) -> None:
        link = annotation.object
        action = link.get("A")
        if isinstance(action, dict) and "URI" in action:
            uri = action["URI"]
            link["Contents"] = pydyf.String(f"Web link: {uri.string if isinstance(uri, pydyf.String) else uri}")
            return
        dest = link.get("Dest")
        name = dest.string if isinstance(dest, pydyf.String) else str(dest or "")
        element = self.elements.get(name)
        said = title(element) if element is not None else ""
        link["Contents"] = pydyf.String(f"Go to {said}" if said else "Go to another part of this document")

    def node(self, name: str) -> Node | None:
        element = self.elements.get(name)
        return self.first.get(id(element)) if element is not None else None


def merge_rectangles(keeper: Annotation, dropped: Annotation) -> None:
    """The kept annotation covers what the dropped one did: clicking the dots or the page number still works."""
    a = [float(v) for v in keeper.object["Rect"]]
    b = [float(v) for v in dropped.object["Rect"]]
    keeper.object["Rect"] = pydyf.Array(
        [min(a[0], a[2], b[0], b[2]), min(a[1], a[3], b[1], b[3]), max(a[0], a[2], b[0], b[2]), max(a[1], a[3], b[1], b[3])]
    )
