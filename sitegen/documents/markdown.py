"""Turn an author's Markdown into safe HTML, numbering footnotes across a document.

Raw HTML in content is shown as text (markdown-it's ``html`` option is off),
images are refused, and links may only point to web, mail or in-page
addresses. Footnotes are written ``[^label]`` with their text once in the same
field (``[^label]: text``); one :class:`Notes` per document numbers them in
the order the document is read, whichever field they are in, so the HTML and
the PDF number them alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Private-use characters mark where a footnote call goes while markdown-it
# renders the text around it; authors' text cannot contain them (stripped).
_CALL_OPEN, _CALL_CLOSE = "\ue000", "\ue001"
_PRIVATE = re.compile("[\ue000\ue001]")
_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]:[ \t]*(.*(?:\n(?![ \t]*\n)(?!\[\^).*)*)", re.MULTILINE)
_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
_CALL = re.compile(f"{_CALL_OPEN}(\\d+){_CALL_CLOSE}")
_SAFE_LINK = re.compile(r"(https?:|mailto:|#)", re.IGNORECASE)
# Anything that may make Markdown more than plain paragraphs: a character with a meaning in Markdown or
# HTML, whitespace other than a space or a newline, a line that could open a block (list, quote,
# heading, setext underline, thematic break, indented code), a space at a line's end (a break).
_MARKDOWN = re.compile(
    r"[\\`*_\[\]<>!&#|~\x00-\x09\x0b-\x1f\x7f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
    r"|^ *(?:[-+=>]|\d+[.)])|^ {4}| $",
    re.MULTILINE,
)


@cache
def parser() -> MarkdownIt:
    """The one markdown-it parser (made when first needed: most prose never needs it)."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    return md


@dataclass
class Footnote:
    number: int
    label: str
    html: Markup = Markup("")
    calls: int = 0

    @property
    def anchor(self) -> str:
        return f"fn-{self.number}"

    def call_anchor(self, n: int = 1) -> str:
        return f"fnref-{self.number}" if n == 1 else f"fnref-{self.number}-{n}"


@dataclass
class FieldNotes:
    """What one field's footnotes need checking: calls with no text, texts never called."""

    missing: list[str] = field(default_factory=list)
    unused: list[str] = field(default_factory=list)
    duplicate: list[str] = field(default_factory=list)


@dataclass
class Notes:
    """The footnotes of one document, numbered in reading order."""

    notes: list[Footnote] = field(default_factory=list)
    _by_label: dict[str, Footnote] = field(default_factory=dict)

    def call(self, label: str, text: str) -> Markup:
        """Register (or reuse) a note and return the HTML of its call."""
        note = self._by_label.get(label)
        if note is None:
            note = Footnote(len(self.notes) + 1, label)
            self.notes.append(note)
            self._by_label[label] = note
            note.html = inline(text, self)
        note.calls += 1
        return Markup(
            '<sup class="fn-call"><a href="#{a}" id="{i}" role="doc-noteref" aria-label="Footnote {n}">{n}</a></sup>'
        ).format(a=note.anchor, i=note.call_anchor(note.calls), n=note.number)

    def known(self, label: str) -> bool:
        return label in self._by_label


def _split_definitions(text: str) -> tuple[str, dict[str, str], list[str]]:
    definitions: dict[str, str] = {}
    duplicate: list[str] = []
    for match in _DEFINITION.finditer(text):
        label, body = match[1], " ".join(match[2].split())
        if label in definitions:
            duplicate.append(label)
        definitions[label] = body
    return _DEFINITION.sub("", text).strip(), definitions, duplicate


def _with_calls(text: str, definitions: dict[str, str], notes: Notes | None, report: FieldNotes) -> tuple[str, list[Markup]]:
    calls: list[Markup] = []

    def replace(match: re.Match[str]) -> str:
        label = match[1]
        # A call may reuse a note written in an earlier field of the same document.
        if notes is None or (label not in definitions and not notes.known(label)):
            report.missing.append(label)
            return match[0]
        calls.append(notes.call(label, definitions.get(label, "")))
        return f"{_CALL_OPEN}{len(calls) - 1}{_CALL_CLOSE}"

    return _REFERENCE.sub(replace, text), calls


def _restore_calls(html: str, calls: list[Markup]) -> Markup:
    return Markup(_CALL.sub(lambda m: str(calls[int(m[1])]), html))


def render(text: str, notes: Notes | None = None, report: FieldNotes | None = None) -> Markup:
    """Block Markdown (paragraphs, lists) to HTML, footnote calls numbered in ``notes``."""
    report = report if report is not None else FieldNotes()
    body, definitions, report.duplicate = _split_definitions(_PRIVATE.sub("", text))
    used = set(_REFERENCE.findall(body))
    body, calls = _with_calls(body, definitions, notes, report)
    report.unused = [label for label in definitions if label not in used]
    html = plain_paragraphs(body)
    return _restore_calls(parser().render(body) if html is None else html, calls)


def plain_paragraphs(body: str) -> str | None:
    """The HTML markdown-it makes of text with no Markdown in it (most prose), without parsing it; else None.

    Text with none of Markdown's marks (emphasis, links, code, escapes, entities, lists, quotes, headings,
    indented code, hard breaks) is paragraphs split at blank lines, each line's leading spaces dropped,
    with ``"`` escaped: the parser would make exactly that (``tests/test_markdown.py`` compares the two
    on every field of a national corpus), several times slower.
    """
    if _MARKDOWN.search(body):
        return None
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in body.split("\n"):
        if line.strip(" "):
            lines.append(line.lstrip(" "))
        elif lines:
            paragraphs.append("\n".join(lines))
            lines = []
    if lines:
        paragraphs.append("\n".join(lines))
    return "".join("<p>" + p.replace('"', "&quot;") + "</p>\n" for p in paragraphs)


def render_item(text: str, notes: Notes | None = None, report: FieldNotes | None = None) -> Markup:
    """A list entry: like :func:`render`, without the paragraph around a single paragraph."""
    html = str(render(text, notes, report)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def inline(text: str, notes: Notes | None = None) -> Markup:
    """One line of Markdown (emphasis, links) with no paragraph around it."""
    body, calls = _with_calls(_PRIVATE.sub("", text), {}, notes, FieldNotes())
    return _restore_calls(parser().renderInline(body), calls)


def plain(text: str) -> Markup:
    """Text shown exactly as written (escaped)."""
    return escape(text)
