"""Turn a built web page into the facts its PDF edition must repeat.

Read from the theme's conventions: headings h1-h6 inside ``<main>``,
``span.rating``, ``ol.recommendations li``, ``table.key-questions``,
``section.footnotes li``, the contents in ``nav.contents``, the boxes of
``section.practice-example`` and ``blockquote``. Texts are compared
by :func:`key`: the words with all whitespace taken out, so line breaks and
spacing never count as a difference.

Where a web page is laid out as a publication, some of what it shows is not
document content, and is read apart:

- the headings of the front matter (``.front-matter``: acknowledgements,
  the inspectorate's role), which the web page puts at its end and print on
  its inside cover, are :attr:`Facts.front_matter`, in their own order;
- a contents list's own title, and the web-only footnotes list, are
  navigation and notes, not document headings (in print the notes sit at the
  foot of each page);
- the ratings in the title block (``.title-block``) summarise the ratings
  table below them: :attr:`Facts.summary_ratings`;
- the contents entries the PDF's contents page must also list are those
  marked ``li.in-print`` (a report's chapters); the rest (sections under a
  chapter, the front matter, the notes) are the web page's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_SPACE = re.compile(r"\s+")


def key(text: str) -> str:
    """The text as compared: every whitespace removed."""
    return _SPACE.sub("", text)


def shown(text: str) -> str:
    """The text as shown in a message: whitespace normalised."""
    return " ".join(text.split())


def has_class(name: str) -> str:
    """An XPath test for an HTML class."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


@dataclass
class Facts:
    """What the two editions of a document must agree on; texts are as shown."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    #: The front matter's headings, wherever the edition places its front matter.
    front_matter: list[tuple[int, str]] = field(default_factory=list)
    ratings: list[str] = field(default_factory=list)
    #: Ratings the web page's title block repeats from its ratings table.
    summary_ratings: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)
    key_questions: list[tuple[str, str]] = field(default_factory=list)
    footnotes: int = 0
    contents: list[str] = field(default_factory=list)
    tables: list[tuple[str, int]] = field(default_factory=list)
    #: The items of every list, list by list (read from PDFs, where lists carry no class).
    lists: list[list[str]] = field(default_factory=list)
    #: The title of each practice example's box, and the number of quotations.
    practice_examples: list[str] = field(default_factory=list)
    quotations: int = 0


def text_of(element: Any) -> str:
    """An element's text without footnote calls (``sup.fn-call``), whitespace normalised."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node.tag, str) and node.tag == "sup" and "fn-call" in (node.get("class") or "").split():
            if node.tail:
                parts.append(node.tail)
            return
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
        if node.tail and node is not element:
            parts.append(node.tail)

    walk(element)
    return shown("".join(parts))


def web_facts(tree: Any) -> Facts:
    """The facts of a page parsed by lxml."""
    main = tree.xpath("//main")
    if not main:
        return Facts()
    root = main[0]
    headings: list[tuple[int, str]] = []
    front_matter: list[tuple[int, str]] = []
    for h in root.xpath(".//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::h6]"):
        if h.xpath(f"ancestor::nav or ancestor::section[{has_class('footnotes')}]"):
            continue
        in_front = bool(h.xpath(f"ancestor::*[{has_class('front-matter')}]"))
        (front_matter if in_front else headings).append((int(h.tag[1]), text_of(h)))
    in_title = f"ancestor::*[{has_class('title-block')}]"
    in_print = has_class("in-print")
    key_questions = []
    for row in root.xpath(f".//table[{has_class('key-questions')}]/tbody/tr"):
        cells = row.xpath("./th|./td")
        if len(cells) >= 2:
            key_questions.append((text_of(cells[0]), text_of(cells[-1])))
    tables = []
    for table in root.xpath(".//table"):
        label = table.xpath("./caption") or []
        name = text_of(label[0]) if label else shown(table.get("aria-label") or "") or f"table {len(tables) + 1}"
        tables.append((name, len(table.xpath("./tbody/tr|./tr"))))
    return Facts(
        headings=headings,
        front_matter=front_matter,
        ratings=[text_of(s) for s in root.xpath(f".//span[{has_class('rating')}][not({in_title})]")],
        summary_ratings=[text_of(s) for s in root.xpath(f".//span[{has_class('rating')}][{in_title}]")],
        recommendations=[text_of(li) for li in root.xpath(f".//ol[{has_class('recommendations')}]/li")],
        key_questions=key_questions,
        footnotes=len(root.xpath(f".//section[{has_class('footnotes')}]//li[starts-with(@id, 'fn-')]")),
        contents=[text_of((li.xpath("./a") or [li])[0]) for li in root.xpath(f".//nav[{has_class('contents')}]//li[{in_print}]")],
        tables=tables,
        practice_examples=[
            text_of(box.xpath("./h1|./h2|./h3|./h4|./h5|./h6")[0])
            for box in root.xpath(f".//section[{has_class('practice-example')}]")
            if box.xpath("./h1|./h2|./h3|./h4|./h5|./h6")
        ],
        quotations=len(root.xpath(".//blockquote")),
    )
