"""Turn an author's Markdown into safe HTML, numbering footnotes across a document.

Raw HTML in content is shown as text (markdown-it's ``html`` option is off),
images are refused, and links may only point to web, mail or in-page
addresses. No author text may vanish: :func:`lost_text` refuses, before
anything is rendered, what Markdown would drop (an image, quotations or lists
nested past the parser's limit, a link definition nothing uses). Footnotes
are written ``[^label]`` with their text once in the same field
(``[^label]: text``); one :class:`Notes` per document numbers them in the
order the document is read, whichever field they are in, so the HTML and the
PDF number them alike. Postcodes and dates are kept from breaking across
lines (:mod:`sitegen.documents.typography`). Straight quotes become
typographic ones (‘ ’ “ ”), as in print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from sitegen.content.characters import strings
from sitegen.content.problems import Problem
from sitegen.content.yamlfile import YamlDoc
from sitegen.documents.typography import keep_together_html

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
_TYPED_QUOTES = re.compile(r'^["“]([^"“”]*)["”]$')
# Anything that may make Markdown more than plain paragraphs: a character with a meaning in Markdown or
# HTML, whitespace other than a space or a newline, a line that could open a block (list, quote,
# heading, setext underline, thematic break, indented code), a space at a line's end (a break).
_MARKS = re.compile(
    r"[\\`*_\[\]<>!&#|~\x00-\x09\x0b-\x1f\x7f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
)
_LINE_START = re.compile(r"^ *(?:[-+=>]|\d+[.)])|^ {4}| $")
_STARTS = frozenset(" -+=>0123456789")

#: Texts a build renders again and again (a site's standard texts in every report, the same finding in
#: several): each is converted (and checked) once. Entries are small; the bound is for a long-lived preview.
_MEMO = 32_768


def _has_markdown(text: str) -> bool:
    """Whether ``text`` may be more than plain paragraphs (see above); two quick scans, not one slow one."""
    if _MARKS.search(text):
        return True
    return any((line[:1] in _STARTS or line.endswith(" ")) and _LINE_START.search(line) for line in text.split("\n"))


def _new_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # Typographic quotes, as the house prints them: 'x' and "x" become ‘x’ and “x”, an apostrophe ’.
    # Only the quotes: the typographer's other replacements ((c), --, ...) would change what authors wrote.
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True, "quotes": "“”‘’"})
    md.enable("smartquotes")
    md.disable(["html_block", "html_inline"])
    md.validateLink = lambda url: bool(_SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    return md


@cache
def parser() -> MarkdownIt:
    """The one markdown-it parser (made when first needed: most prose never needs it)."""
    md = _new_parser()
    md.disable("image")
    return md


@cache
def _checker() -> MarkdownIt:
    return _new_parser()  # images on: seen, to be refused; never rendered


#: Quotations and lists inside each other, at most: far past any report, well before markdown-it
#: (maxNesting 20 levels, a list taking two) stops parsing and drops the rest of the text.
MAX_NESTING = 5
_CONTAINERS = {"blockquote_open": 1, "bullet_list_open": 1, "ordered_list_open": 1}
_CLOSERS = {"blockquote_close", "bullet_list_close", "ordered_list_close"}
_LINK_DEFINITION = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:", re.MULTILINE)


def losses(text: str) -> list[tuple[str, str]]:
    """(text to find the place by, message) for each part of ``text`` that rendering would lose."""
    return list(_losses(text))


@lru_cache(maxsize=_MEMO)
def _losses(text: str) -> tuple[tuple[str, str], ...]:
    if not _has_markdown(text):
        return ()  # plain prose: nothing Markdown could lose (see plain_paragraphs)
    body = _split_definitions(_PRIVATE.sub("", text))[0]
    if not _has_markdown(_REFERENCE.sub("", body)):
        return ()  # plain once its footnotes are set aside
    from markdown_it.common.utils import normalizeReference

    env: dict[str, object] = {}
    tokens = _checker().parse(body, env)
    found: list[tuple[str, str]] = []
    depth = 0
    hrefs = set()
    lines = body.splitlines()
    for token in tokens:
        if token.type in _CONTAINERS:
            depth += 1
            if depth == MAX_NESTING + 1 and token.map:
                found.append((
                    lines[token.map[0]].strip()[:40],
                    f"quotations ('>') and lists may be nested at most {MAX_NESTING} deep: nest less",
                ))  # fmt: skip
        elif token.type in _CLOSERS:
            depth -= 1
        for child in token.children or []:
            if child.type == "image":
                found.append(("![", "images cannot be shown in a report, and the text would be lost: remove the image"))
            elif child.type == "link_open":
                hrefs.add(child.attrs.get("href"))
    references = env.get("references") or {}
    for match in _LINK_DEFINITION.finditer(body):
        reference = references.get(normalizeReference(match[1])) if isinstance(references, dict) else None
        if reference is not None and reference.get("href") not in hrefs:
            found.append((
                match[0].strip(),
                f"the line '{match[0].strip()} ...' is read as a link address that nothing uses, so it is not shown: "
                "reword it (a colon straight after ']' makes a link definition)",
            ))  # fmt: skip
    if not found and "[^" not in text:
        # Nothing lost, no footnote: the page shows the HTML of this very parse (the checker's parser is the
        # page's with images on, and there is none), kept for :func:`render` not to parse the text again.
        if len(_PARSED) >= _MEMO:
            _PARSED.clear()
        _PARSED[body] = _checker().renderer.render(tokens, _checker().options, env)
    return tuple(found)


#: The HTML of texts parsed by the check (:func:`losses`), by the text parsed, until :func:`render` takes it.
_PARSED: dict[str, str] = {}


def lost_text(docs: Iterable[YamlDoc]) -> list[Problem]:
    """A problem for each text of each file that Markdown would lose, at its line."""
    problems = []
    for doc in docs:
        for loc, value in strings(doc.data):
            problems += [doc.problem(loc, message, find=find) for find, message in losses(value)]
    return problems


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
    return Markup(_CALL.sub(lambda m: str(calls[int(m[1])]), str(keep_together_html(html))))


def _field(text: str, report: FieldNotes) -> tuple[str, dict[str, str]]:
    """A field's text without its footnote texts, and those texts by label; what is wrong with them in ``report``."""
    body, definitions, report.duplicate = _split_definitions(_PRIVATE.sub("", text))
    used = set(_REFERENCE.findall(body))
    report.unused = [label for label in definitions if label not in used]
    return body, definitions


def render(text: str, notes: Notes | None = None, report: FieldNotes | None = None) -> Markup:
    """Block Markdown (paragraphs, lists) to HTML, footnote calls numbered in ``notes``."""
    if "[^" not in text:
        return _render_alone(text)
    report = report if report is not None else FieldNotes()
    body, definitions = _field(text, report)
    body, calls = _with_calls(body, definitions, notes, report)
    html = plain_paragraphs(body)
    return _restore_calls(parser().render(body) if html is None else html, calls)


@lru_cache(maxsize=_MEMO)
def _render_alone(text: str) -> Markup:
    """:func:`render` of a text with no footnote (no ``[^``): its HTML depends on the text alone."""
    body = _PRIVATE.sub("", text).strip()
    html = plain_paragraphs(body)
    if html is None:
        html = _PARSED.pop(body, None) or parser().render(body)
    return keep_together_html(html)


def plain_paragraphs(body: str) -> str | None:
    """The HTML markdown-it makes of text with no Markdown in it (most prose), without parsing it; else None.

    Text with none of Markdown's marks (emphasis, links, code, escapes, entities, lists, quotes, headings,
    indented code, hard breaks) is paragraphs split at blank lines, each line's leading spaces dropped, its
    straight quotes made typographic by markdown-it's own rule (:func:`_typographic`): the parser would make
    exactly that (``tests/test_markdown.py`` compares the two on every field of a national corpus), several
    times slower.
    """
    if _has_markdown(body):
        return None
    quotes = "'" in body or '"' in body
    paragraphs: list[str] = []
    lines: list[str] = []
    for line in body.split("\n"):
        if line.strip(" "):
            lines.append(line.lstrip(" "))
        elif lines:
            paragraphs.append("\n".join(_typographic(lines) if quotes else lines))
            lines = []
    if lines:
        paragraphs.append("\n".join(_typographic(lines) if quotes else lines))
    return "".join("<p>" + p + "</p>\n" for p in paragraphs)


def _typographic(lines: list[str]) -> list[str]:
    """The lines of one plain paragraph as markdown-it renders them: its smart-quotes rule run on the tokens
    its inline parser would make (a text token a line, a soft break between), the text escaped as its
    renderer escapes it (a straight quote left, as in ``5"``, becomes ``&quot;``)."""
    from markdown_it.common.utils import escapeHtml
    from markdown_it.rules_core.smartquotes import process_inlines
    from markdown_it.rules_core.state_core import StateCore
    from markdown_it.token import Token

    tokens: list[Token] = []
    for line in lines:
        if tokens:
            tokens.append(Token("softbreak", "br", 0))
        tokens.append(Token("text", "", 0, content=line))
    process_inlines(tokens, StateCore("", parser(), {}))
    return [escapeHtml(token.content) for token in tokens if token.type == "text"]


def render_item(text: str, notes: Notes | None = None, report: FieldNotes | None = None) -> Markup:
    """A list entry: like :func:`render`, without the paragraph around a single paragraph."""
    if "[^" not in text:
        return _item_alone(text)
    return _unwrapped(render(text, notes, report))


@lru_cache(maxsize=_MEMO)
def _item_alone(text: str) -> Markup:
    return _unwrapped(_render_alone(text))


def _unwrapped(rendered: Markup) -> Markup:
    html = str(rendered).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def quotation(text: str, notes: Notes | None = None, report: FieldNotes | None = None) -> Markup:
    """A quotation's paragraphs (split at blank lines), its lines kept, inside quotation marks.

    Quotation marks the author typed round the whole of it are dropped: the house's are added.
    """
    report = report if report is not None else FieldNotes()
    body, definitions = _field(text, report)
    body = _TYPED_QUOTES.sub(r"\1", body.strip())
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", body) if p.strip()]
    html = []
    for n, paragraph in enumerate(paragraphs):
        lines = [_inline_field(line.strip(), definitions, notes, report) for line in paragraph.splitlines() if line.strip()]
        opening = "“" if n == 0 else ""
        closing = "”" if n == len(paragraphs) - 1 else ""
        html.append(Markup("<p>{}{}{}</p>").format(opening, Markup("<br>\n").join(lines), closing))
    return Markup("\n").join(html)


def _inline_field(text: str, definitions: dict[str, str], notes: Notes | None, report: FieldNotes) -> Markup:
    body, calls = _with_calls(text, definitions, notes, report)
    return _restore_calls(_inline_html(body), calls)


@lru_cache(maxsize=_MEMO)
def _inline_html(body: str) -> str:
    html = plain_inline(body)
    return parser().renderInline(body) if html is None else html


def plain_inline(body: str) -> str | None:
    """What :func:`plain_paragraphs` is to a paragraph, for one line rendered inline (a footnote, a line of a
    quotation): the HTML markdown-it makes of a line with no Markdown in it, without parsing it; else None."""
    if "\n" in body or body != body.strip(" ") or _has_markdown(body):
        return None
    return _typographic([body])[0] if "'" in body or '"' in body else body


def inline(text: str, notes: Notes | None = None) -> Markup:
    """One line of Markdown (emphasis, links) with no paragraph around it."""
    return _inline_field(_PRIVATE.sub("", text), {}, notes, FieldNotes())


def plain(text: str) -> Markup:
    """Text shown exactly as written (escaped)."""
    return escape(text)
