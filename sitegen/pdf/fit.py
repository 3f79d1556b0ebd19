"""Turn a laid-out document whose runs end in near-empty pages into one whose pages are all full enough.

Chapters and standards open a page, so each is a run of pages of its own. When a run overflows its
last full page by a few lines, those lines sit alone on a page before the next forced break: a page a
designer would never pass. Copy-fitting mends it, one step at a time, laying the document out again
after each:

1. the run is set a little tighter, so that its tail joins the page before: its blocks are marked
   ``data-fit="1"`` or ``"2"`` (the theme's ``[data-fit]`` rules in ``pdf.css`` say what each step
   changes), the first step estimated to be enough, then the next if it was not;
2. a tail that will not go back is given company instead: the run is set as it was, and the last
   blocks of the page before (never a heading without what follows it) go over to the tail's page, so
   that it holds more than :data:`SHORT_PAGE_LINES` lines (``data-fit="turn"``: a page break before).

Only runs that end in a short page are touched, and the same document always fits the same way, so
the output stays deterministic. Which pages are short is the house's rule
(:mod:`sitegen.rules.copyfit`), which the audit's ``copy-fit`` gate applies to the finished PDF.
"""

from __future__ import annotations

import gc
import hashlib
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sitegen.pdf.fitmemory import MARK, Fits, RunRecord, element_keys, recall, run_key
from sitegen.rules.copyfit import SHORT_PAGE_LINES, short_pages

log = logging.getLogger("sitegen.pdf")

#: The tightest step of the theme's ``[data-fit]`` rules.
FIT_STEPS = 2
#: The mark of a block that opens a page so that a short tail has company.
TURN = "turn"
_FORCED = {"page", "left", "right", "recto", "verso"}
_AVOID = {"avoid", "avoid-page"}


def fit_document(render: Callable[[], Any], steps: int = FIT_STEPS) -> Any:
    """The WeasyPrint document ``render()`` lays out, with every run that ended in a short page fitted."""
    return fit_with_memory(render, None, None, steps)[0]


def fit_with_memory(render: Callable[[], Any], root: Any, memory: Fits | None, steps: int = FIT_STEPS) -> tuple[Any, Fits]:
    """The fitted document ``render()`` lays out, and how it was fitted, starting from how an earlier build
    fitted it (``memory``; ``root`` is the document's HTML element, which ``render()`` lays out, unmarked):
    the same document, in fewer layouts where runs are unchanged.

    Each run is fitted from its own layouts: the first decides its first step, each later one the next, at
    most ``steps + 1`` times; a run whose tail can neither be taken back nor given company keeps its last
    step. Every run is looked at again after each layout (a footnote run over from the run before changes
    it). One layout is kept in memory at a time.
    """
    # A layout is handed over in a list, so that whoever lays out the next holds the only reference to it.
    first: list[Any] = []
    if root is None:  # the first layout's: no element is marked yet
        first.append(render())
        root = first[0]._html.etree_element
    keys = element_keys(root)
    recalled = recall(root, keys, list(memory.runs)) if memory is not None and not memory.spilled else {}
    if recalled:
        fitted = _fit(render, first, keys, recalled, steps)
        if fitted is not None:
            return fitted
        log.debug("copy-fit: the record does not hold; fitting the document afresh")
        for element in root.iter():
            element.attrib.pop(MARK, None)
    fitted = _fit(render, first, keys, {}, steps)
    assert fitted is not None
    return fitted


def _fit(
    render: Callable[[], Any], first: list[Any], keys: dict[int, str], recalled: dict[str, RunRecord], steps: int
) -> tuple[Any, Fits] | None:
    """Fit the document from its first layout (``first``'s, else a new one), the ``recalled`` runs as
    recorded; None if one of them is not laid out as recorded, or a footnote runs over from one run to the
    next (fitted afresh then)."""
    gc.collect()  # a layout before this one (of a record that did not hold) goes first
    document = first.pop() if first else render()
    layouts, evaluated, spilled = 1, dict[str, int](), False
    for round_ in range(steps + 3):
        runs = _runs(document, keys)
        if _spills(document, runs):
            if recalled:
                return None
            spilled = True
        for run in runs:
            record = recalled.get(run.key)
            if record is not None and (record.marks, record.lines, record.layout) != (run.marks(), run.lines(), run.layout()):
                return None
        if round_ == steps + 2:  # a clean build's last evaluation is its third; a run recalled wrongly starts one late
            break
        changed = 0
        for run in runs:
            if run.key in recalled:
                continue
            if run.key not in evaluated and run.marks():  # marks recalled for a run that is not the recorded one
                changed += run.unmark()
                evaluated[run.key] = 0
                continue
            if evaluated.get(run.key, 0) > steps:
                continue
            evaluated[run.key] = evaluated.get(run.key, 0) + 1
            changed += sum(_fit_run(document, start, end, steps) for start, end in run.short)
        if not changed:
            break
        log.debug("copy-fit: %d block(s) marked; laying the document out again", changed)
        document = runs = None  # the old layout goes before the new one is made: one in memory at a time
        gc.collect()  # its boxes refer to each other: only the collector frees them (before the next layout)
        document = render()
        layouts += 1
    log.debug("copy-fit: %d layout(s), %d run(s) as recorded", layouts, len(recalled))
    return document, Fits(tuple(run.record() for run in runs), spilled)


class _Run:
    """A run of pages as the document's forced breaks make it (a turn's break not counting: a turned run
    is still one run), its elements, and its short pages (each with the first page of its part)."""

    def __init__(self, pages: list[Any], elements: list[Any], keys: dict[int, str], short: list[tuple[int, int]]):
        self.pages, self.elements, self.keys, self.short = pages, elements, keys, short
        self.element_keys = [keys.get(id(e), "") for e in elements]
        self.key = run_key(self.element_keys)

    def marks(self) -> tuple[tuple[int, str], ...]:
        return tuple((i, e.get(MARK)) for i, e in enumerate(self.elements) if e.get(MARK) is not None)

    def lines(self) -> tuple[tuple[int, int], ...]:
        return tuple((body_line_count(page._page_box), _footnote_lines(page._page_box)) for page in self.pages)

    def layout(self) -> str:
        """A digest of where every line of the run stands, page by page: the same marks on the same text
        lay out the same, so a run whose digest is the one recorded is laid out as it was."""
        key = self.keys.get
        at = [[(round(n.y, 2), round(n.height, 2), key(id(n.element), "")) for n in page_lines(p._page_box)] for p in self.pages]
        return hashlib.sha1(repr(at).encode(), usedforsecurity=False).hexdigest()

    def unmark(self) -> int:
        marked = [e for e in self.elements if e.get(MARK) is not None]
        for element in marked:
            element.attrib.pop(MARK, None)
        return len(marked)

    def record(self) -> RunRecord:
        return RunRecord(self.key, tuple(self.element_keys), self.marks(), self.lines(), self.layout())


def _runs(document: Any, keys: dict[int, str]) -> list[_Run]:
    """The document's runs, in order."""
    pages = document.pages
    counts = [body_line_count(page._page_box) for page in pages]
    starts = run_starts(document)
    short = [(max(s for s in starts if s <= i), i) for i in short_pages(counts, set(starts)) if counts[i]]
    bounds = [*run_starts(document, turns=False), len(pages)]
    runs = []
    for first, after in zip(bounds, bounds[1:], strict=False):
        elements = _elements(pages[first:after])
        own = [(start, end) for start, end in short if first <= start and end < after]
        runs.append(_Run(pages[first:after], elements, keys, own))
    return runs


def _spills(document: Any, runs: list[_Run]) -> bool:
    """Whether a run's first page holds a footnote whose call is on the page before (the run before's)."""
    from weasyprint.formatting_structure import boxes

    for run in runs[1:]:
        notes, calls = set(), set()
        for child in run.pages[0]._page_box.children:
            if isinstance(child, boxes.FootnoteAreaBox):
                notes |= {id(note.element) for note in child.children}
            else:
                calls |= {id(box.element) for box in _descendants(child) if str(box.element_tag).endswith("::footnote-call")}
        if notes - calls:
            return True
    return False


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


def _footnote_lines(page_box: Any) -> int:
    """How many lines the page's footnote area holds."""
    from weasyprint.formatting_structure import boxes

    def count(box: Any) -> int:
        if isinstance(box, boxes.LineBox):
            return 1
        return sum(count(child) for child in getattr(box, "children", ()))

    return sum(count(child) for child in page_box.children if isinstance(child, boxes.FootnoteAreaBox))


@dataclass(frozen=True)
class _Line:
    """A line of body text on a page: its block's element, its height on the page, and whether its
    block keeps with what follows it (a heading, a rating statement: ``break-after: avoid``; a line
    ending in a colon)."""

    element: Any
    y: float
    height: float
    keeps_with_next: bool


def page_lines(page_box: Any) -> list[_Line]:
    """The lines of body text of a laid-out page, in order: margin boxes (running heads, footers, page
    numbers), the footnote area and fixed boxes (a draft's watermark) left out."""
    out: list[_Line] = []
    _collect(page_box, False, out)
    return out


def body_line_count(page_box: Any) -> int:
    """How many lines of body text a page holds: lines side by side (table cells, a list's marker and
    its text) count once."""
    return len({round(line.y, 1) for line in page_lines(page_box)})


def _collect(box: Any, keep: bool, out: list[_Line], row: Any = None) -> None:
    """Lines in a table belong to their row: a page breaks between rows, never between cells."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox) or box.style["position"] == "fixed":
        return
    if isinstance(box, boxes.LineBox):
        # A line that ends in a colon introduces what follows ("..., as illustrated:"): it keeps with it.
        introduces = _text(box).rstrip().endswith(":")
        out.append(_Line(row if row is not None else box.element, box.position_y, box.height, keep or introduces))
        return
    if isinstance(box, boxes.TableRowBox):
        row = box.element
    keep = keep or (not isinstance(box, boxes.InlineLevelBox) and box.style["break_after"] in _AVOID)
    for child in getattr(box, "children", ()):
        _collect(child, keep, out, row)


def _text(box: Any) -> str:
    """The text a box draws."""
    text = getattr(box, "text", None)
    if isinstance(text, str):
        return text
    return "".join(_text(child) for child in getattr(box, "children", ()))


#: About how much of a run's height each step of the theme's ``[data-fit]`` rules frees (tighter leading
#: and spacing), measured on the sample reports (step 1 took back tails of up to 5-7% of their run, step 2
#: up to 12%): an estimate that picks the first step to try, so that most runs are laid out again once.
#: A wrong guess costs one more layout, never a wrong result.
STEP_GAIN = {1: 0.06, 2: 0.12}


def _fit_run(document: Any, start: int, end: int, steps: int) -> int:
    """Mark the run of pages ``start``-``end`` for its next layout; how many blocks were marked.

    A run not fitted yet gets the first step whose estimated gain takes its tail back (or the turn, when
    none would); a run that is still short after a step gets the next one, then the turn.
    """
    elements = _elements(document.pages[start : end + 1])
    marks = [element.get("data-fit") for element in elements]
    if TURN in marks:
        return 0  # fitted as far as it goes: the audit names the page
    step = max((int(m) for m in marks if m and m.isdigit()), default=0)
    if step == 0:
        step = _first_step(document.pages[start:end], document.pages[end], steps)
    else:
        step += 1
    if step <= steps:
        for element in elements:
            element.set("data-fit", str(step))
        return len(elements)
    turn = _turn_point(page_lines(document.pages[end - 1]._page_box), page_lines(document.pages[end]._page_box))
    if turn is None:
        return 0  # neither tighter nor turned: the run stays as its last step set it (the audit names the page)
    for element in elements:
        element.attrib.pop("data-fit", None)
    turn.set("data-fit", TURN)
    return 1


def _first_step(run: list[Any], tail: Any, steps: int) -> int:
    """The first step expected to take the tail back onto the run's pages (``steps + 1``: none would)."""
    height = sum(_extent(page_lines(page._page_box)) for page in run)
    need = _extent(page_lines(tail._page_box))
    return next((step for step in range(1, steps + 1) if height * STEP_GAIN.get(step, 0) >= need), steps + 1)


def _extent(lines: list[_Line]) -> float:
    """The height the lines take on their page, first line's top to last line's bottom."""
    return max(line.y + line.height for line in lines) - min(line.y for line in lines) if lines else 0.0


def _turn_point(before: list[_Line], tail: list[_Line]) -> Any | None:
    """The block of the page ``before`` from which, sent to the tail's page, that page holds enough lines:
    the fewest last blocks, and never one that keeps with the block after it."""
    have = len({round(line.y, 1) for line in tail})
    blocks: list[tuple[Any, set[float], bool]] = []  # (element, its lines' heights, keeps with next), last first
    for line in reversed(before):
        if not (blocks and blocks[-1][0] is line.element):
            blocks.append((line.element, set(), line.keeps_with_next))
        blocks[-1][1].add(round(line.y, 1))
    for index, (element, heights, _) in enumerate(blocks):
        have += len(heights)
        earlier = blocks[index + 1][2] if index + 1 < len(blocks) else False
        if have > SHORT_PAGE_LINES and not earlier and index + 1 < len(blocks):
            return element
    return None


def _elements(pages: list[Any]) -> list[Any]:
    """The elements with lines on ``pages``, in order, each once."""
    seen: dict[int, Any] = {}
    for page in pages:
        for line in page_lines(page._page_box):
            if line.element is not None:
                seen.setdefault(id(line.element), line.element)
    return list(seen.values())


def run_starts(document: Any, turns: bool = True) -> list[int]:
    """The pages that open with a forced break (and the first page): where runs start; ``turns=False``
    leaves out the breaks copy-fitting made (a turned block's)."""
    first_seen: set[int] = set()
    starts = {0}
    for index, page in enumerate(document.pages):
        for box in _blocks(page._page_box):
            if box.element is None or id(box.element) in first_seen:
                continue
            first_seen.add(id(box.element))
            if box.style["break_before"] in _FORCED and (turns or box.element.get("data-fit") != TURN):
                starts.add(index)
    return sorted(starts)


def _blocks(box: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox | boxes.LineBox):
        return
    yield box
    for child in getattr(box, "children", ()):
        yield from _blocks(child)
