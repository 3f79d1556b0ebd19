"""Turn the differences between a document's web page and its PDF into findings.

Both editions come from the same data through different templates; they must
carry the same headings (text and level, in order), the same ratings, the
same recommendations, the same key-question figures and the same number of
footnotes. The web page is read by :mod:`sitegen.audit.webfacts`, the PDF's
tag tree by :mod:`sitegen.audit.pdftext`; texts are compared without their
whitespace.

Some differences are the editions' design, not drift:

- the web page lists its footnotes under a "Footnotes" heading, which print
  replaces by notes at the foot of each page (that heading is not compared);
- the web page's title heading may carry a kicker line ("An inspection of
  probation services in:") that print sets apart from its H1, so the PDF's H1
  need only be part of it;
- each edition's contents list is its own navigation (the web page's nests
  sections and is reached back from every section, the PDF's has page
  numbers): their titles are not compared here, their entries are, by the
  ``toc`` rule of the pdf-structure gate;
- the front matter (acknowledgements, the inspectorate's role) comes last on
  the web page, as GOV.UK HTML publications put it, and on the inside cover
  of the PDF. It is compared as one block: its headings must be the PDF's,
  in the same order and together, and the headings around it must still
  agree in order; only where the block sits may differ. A PDF that lacks,
  renames or splits it is compared in the web page's own order, so every
  difference is reported;
- the web page's title block repeats the overall rating from the ratings
  table as a summary: it must be the PDF's first rating (its ratings table's
  overall rating), and it is not counted a second time among the ratings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

from sitegen.audit.model import Finding
from sitegen.audit.pdftext import Node, pdf_facts
from sitegen.audit.webfacts import Facts, key

GATE = "parity"
MAX_PER_RULE = 10
T = TypeVar("T")


def check_parity(pdf_name: str, web: Facts, tree: Node) -> list[Finding]:
    """Findings (named after the PDF) where the PDF's tag tree does not match the web page's facts."""
    if not tree.children:
        return [Finding(pdf_name, GATE, "untagged", "the PDF has no tags to compare with its web page")]
    pdf = pdf_facts(tree, frozenset(range(1, web.footnotes + 1)))
    findings: list[Finding] = []

    def add(rule: str, message: str) -> None:
        findings.append(Finding(pdf_name, GATE, rule, message))

    web_headings, pdf_headings = _front_matter_apart(web.headings, web.front_matter, pdf.headings)
    _compare(
        "headings",
        _title_aligned(web_headings, pdf_headings),
        pdf_headings,
        lambda h: (h[0], key(h[1])),
        lambda h: f"h{h[0]} '{h[1]}'",
        add,
    )
    _compare("ratings", web.ratings, pdf.ratings, key, lambda r: f"'{r}'", add)
    summary = [key(r) for r in web.summary_ratings]
    if summary and summary != [key(r) for r in pdf.ratings[: len(summary)]]:
        shown = ", ".join(f"'{r}'" for r in web.summary_ratings)
        add("ratings", f"the web page's title block gives {shown}, the PDF's ratings table does not start with it")
    wanted = {key(r) for r in web.recommendations}
    pdf_recommendations = [item for items in pdf.lists if any(key(i) in wanted for i in items) for item in items]
    _compare("recommendations", web.recommendations, pdf_recommendations, key, lambda r: f"'{_short(r)}'", add)
    _compare(
        "key-questions",
        web.key_questions,
        pdf.key_questions,
        lambda q: (key(q[0]), key(q[1])),
        lambda q: f"'{_short(q[0])}' {q[1]}",
        add,
    )
    if web.footnotes != pdf.footnotes:
        add("footnotes", f"the web page has {web.footnotes} footnote(s), the PDF {pdf.footnotes}")
    return findings


def _front_matter_apart(
    web: list[tuple[int, str]], front: list[tuple[int, str]], pdf: list[tuple[int, str]]
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(web, PDF) headings to compare in order: the front matter taken out of both where the PDF has it whole.

    ``web`` are the web page's headings without its front matter, ``front`` the front matter's.
    """
    if not front:
        return web, pdf
    wanted = [(level, key(text)) for level, text in front]
    keys = [(level, key(text)) for level, text in pdf]
    for start in range(len(pdf) - len(front) + 1):
        if keys[start : start + len(front)] == wanted:
            return web, pdf[:start] + pdf[start + len(front) :]
    return web + front, pdf


def _title_aligned(web: list[tuple[int, str]], pdf: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The web headings, with an h1 that contains the PDF's h1 taken as equal to it (see the module doc)."""
    pdf_titles = [text for level, text in pdf if level == 1]
    aligned = []
    for level, text in web:
        if level == 1 and pdf_titles and key(pdf_titles[0]) in key(text) and key(pdf_titles[0]):
            text = pdf_titles.pop(0)
        aligned.append((level, text))
    return aligned


def _compare(
    rule: str,
    web: Sequence[T],
    pdf: Sequence[T],
    as_key: Callable[[T], object],
    show: Callable[[T], str],
    add: Callable[[str, str], None],
) -> None:
    """One finding per difference between the two sequences, at most MAX_PER_RULE."""
    matcher = SequenceMatcher(None, [as_key(w) for w in web], [as_key(p) for p in pdf], autojunk=False)
    messages = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        web_part = ", ".join(show(w) for w in web[i1:i2])
        pdf_part = ", ".join(show(p) for p in pdf[j1:j2])
        if op == "delete":
            messages.append(f"the PDF lacks {web_part} (item {i1 + 1} of the web page's {len(web)})")
        elif op == "insert":
            messages.append(f"the PDF has {pdf_part}, which the web page lacks (PDF item {j1 + 1})")
        else:
            messages.append(f"the web page has {web_part} where the PDF has {pdf_part} (item {i1 + 1})")
    for message in messages[:MAX_PER_RULE]:
        add(rule, message)
    if len(messages) > MAX_PER_RULE:
        add(rule, f"... and {len(messages) - MAX_PER_RULE} more differences")


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."
