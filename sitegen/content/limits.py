"""Turn a composed YAML file into problems for what one document may not hold: the limits.

Content is untrusted, and the cost of a document (its validation, its pages,
its PDF) grows with what it holds: these limits bound it, so that no file can
make a build run for hours or a PDF worker take gigabytes. Each is many times
what a real report needs (the largest sample report has 13 entries in a list,
4,237 characters in a field and 43,730 in all). Within them, time and memory
grow linearly with the content (``benchmarks/limits_benchmark.py``). The
nodes are walked before anything is converted, without recursion, so an
oversized file costs no more than reading it.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from sitegen.content.problems import Problem

#: Entries in one list, or keys in one mapping (``extra:``, recommendation ``items:``).
MAX_ENTRIES = 100
#: Characters in one text field (a paragraph, a bullet, a name).
MAX_FIELD_CHARS = 20_000
#: List entries in a whole file.
MAX_DOCUMENT_ENTRIES = 2_000
#: Characters of text in a whole file (the largest sample report has 43,730).
MAX_DOCUMENT_CHARS = 200_000
#: Lists and mappings inside each other (a report needs 6).
MAX_DEPTH = 20
#: Pages in one PDF, checked after layout and before the PDF is written (a guard: the limits above
#: keep a document well under it).
MAX_PDF_PAGES = 300

Loc = tuple[str | int, ...]


def check_nodes(root: yaml.Node, display: str, label: Callable[[Loc], str]) -> list[Problem]:
    """Every list, mapping and text over its limit, and the first place a file passes a file limit."""
    problems: list[Problem] = []
    entries = chars = 0
    over_entries = over_chars = False
    stack: list[tuple[yaml.Node, Loc]] = [(root, ())]
    seen: set[int] = set()  # an alias is the anchored node again: walked once (and refused later)
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        line, col = node.start_mark.line + 1, node.start_mark.column + 1

        def add(message: str, loc: Loc = loc, line: int = line, col: int = col) -> None:
            problems.append(Problem(display, line, col, label(loc), message))

        if len(loc) > MAX_DEPTH:
            add(f"lists and fields are nested more than {MAX_DEPTH} deep here: check the indentation")
            continue
        if isinstance(node, yaml.ScalarNode):
            chars += len(node.value)
            if len(node.value) > MAX_FIELD_CHARS:
                add(
                    f"{len(node.value):,} characters; a text may have at most {MAX_FIELD_CHARS:,}: "
                    "shorten it or split it into several entries"
                )
            if chars > MAX_DOCUMENT_CHARS and not over_chars:
                over_chars = True
                add(f"the file passes {MAX_DOCUMENT_CHARS:,} characters of text here, the most one document may have: split it")
            continue
        count = len(node.value)
        if count > MAX_ENTRIES:
            what = "a list" if isinstance(node, yaml.SequenceNode) else "a group of fields"
            add(f"{count:,} entries; {what} may have at most {MAX_ENTRIES}: shorten it")
        if isinstance(node, yaml.SequenceNode):
            entries += count
            if entries > MAX_DOCUMENT_ENTRIES and not over_entries:
                over_entries = True
                add(f"the file passes {MAX_DOCUMENT_ENTRIES:,} list entries here, the most one document may have: split it")
            stack.extend((item, loc + (i,)) for i, item in reversed(list(enumerate(node.value))))
        else:
            for key, value in reversed(node.value):
                name = key.value if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((value, loc + (name,)))
    return problems
