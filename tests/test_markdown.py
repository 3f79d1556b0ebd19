"""Plain prose skips the Markdown parser (sitegen.documents.markdown.plain_paragraphs): same HTML, faster.

The shortcut is only right if it makes exactly what markdown-it makes: it is compared with the parser on
every text field of the sample content and of a generated national corpus, and on texts made to sit on
the edge of what counts as plain.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchmarks.national_corpus import generate
from sitegen.documents import markdown
from sitegen.documents.markdown import parser, plain_inline, plain_paragraphs, render
from tests.conftest import REPO

EDGES = [
    "One line.",
    "Two\nlines of one paragraph.",
    "A paragraph.\n\nAnother.\n\n\nA third after two blank lines.",
    "   Three spaces in front, and\n   on the next line.",
    "A line with a space at its end \nand the next.",
    "A hard break  \nafter two spaces.",
    "    Four spaces: code.",
    'Quotes "double" and \u2018single\u2019, an en dash \u2013 and an em dash \u2014.',
    "Welsh letters \u0175 \u0177 and a pound sign \u00a3.",
    "A non-breaking\u00a0space.",
    "A tab\there.",
    "1995 was a year.",
    "The year\n2022. was written oddly.",
    "- a bullet",
    "* a bullet",
    "+ a bullet",
    "> a quotation",
    "# a heading",
    "Text\n===",
    "Text\n---",
    "An *emphasis* and a **strong** word.",
    "A [link](https://example.org).",
    "An ampersand & more, &amp; an entity.",
    "A <b>tag</b>.",
    "A `code` span.",
    "An escape \\* here.",
    "An image ![alt](x.png).",
    "Form\x0cfeed and vertical\x0btab.",
    "Carriage\r\nreturn.",
    "",
    "\n\n",
    "Line separator\u2028here.",
    # Straight quotes: markdown-it's smart-quotes rule decides each one from its neighbours.
    "It's the PDU's \"best\" work, isn't it?",
    "'Single' at the start, and at the 'end'",
    "A quotation \"across\na line break\" and 'another\nacross' one.",
    "Nested \"quotes with 'inner' words\" here.",
    'Inch marks: 5"" and 5" and 12\'.',
    'An unbalanced "open quote, and an unbalanced close" here".',
    'Between punctuation-"quoted"-words, and foo"bar"baz, foo\'bar\'baz.',
    'Two paragraphs "opened\n\nand closed" apart.',
    "'Tis the '90s; rock 'n' roll.",
    '"A quote" starting a line\n"and the next" one.',
    'Before a colon: "yes": and (after) it, "quoted."',
    'Typographic \u201cmixed\u201d with "straight" ones \u2014 "dashed"\u2014quotes.',
    "   \"Indented\" lines\n  'also' quoted.",
]


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


@pytest.fixture(scope="module")
def corpus_texts(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("markdown") / "corpus"
    generate(root, reports=12, regions=4, seed=3)
    files = [*root.glob("content/*/*.yaml"), *REPO.glob("content/*/*.yaml")]
    return [text for path in files for text in _texts(yaml.safe_load(Path(path).read_text(encoding="utf-8")))]


def test_the_shortcut_makes_what_the_parser_makes(corpus_texts: list[str]) -> None:
    taken = 0
    for text in [*corpus_texts, *EDGES]:
        html = plain_paragraphs(text)
        if html is not None:
            taken += 1
            assert html == parser().render(text), text
    # Most prose is plain: the shortcut is taken for most fields, or it saves nothing.
    assert taken > 0.8 * len(corpus_texts)


def test_the_inline_shortcut_makes_what_the_parser_makes(corpus_texts: list[str]) -> None:
    lines = [line.strip() for text in [*corpus_texts, *EDGES] for line in text.splitlines()]
    footnotes = [" ".join(text.split()) for text in corpus_texts]
    taken = 0
    for line in [*lines, *footnotes, *EDGES, " leading", "trailing ", ""]:
        html = plain_inline(line)
        if html is not None:
            taken += 1
            assert html == parser().renderInline(line), line
    assert taken > 0.8 * len(lines)


def test_the_check_parses_for_the_page(corpus_texts: list[str]) -> None:
    """The HTML kept from the lost-text check's parse (images on, none found) is the page parser's."""
    kept = 0
    more = ["! [not an image](https://example.org) and a [link][ref]\n\n[ref]: https://example.org", "- a\n  > b\n  > - c"]
    for text in [*corpus_texts, *EDGES, *more]:
        markdown._losses.cache_clear()
        markdown._PARSED.clear()
        if markdown.losses(text) or "[^" in text:
            continue
        for body, html in markdown._PARSED.items():
            kept += 1
            assert html == parser().render(body), body
    assert kept > 20


def test_the_shortcut_takes_straight_quotes() -> None:
    quoted = [text for text in EDGES if ("'" in text or '"' in text) and plain_paragraphs(text) is not None]
    assert len(quoted) >= 12  # the quotes above are made typographic without the parser
    assert plain_paragraphs('It\'s "best".') == "<p>It\u2019s \u201cbest\u201d.</p>\n"
    assert plain_paragraphs('5" wide') == "<p>5&quot; wide</p>\n"


def test_markdown_is_left_to_the_parser() -> None:
    for text in EDGES[13:32]:
        if text.strip():
            assert plain_paragraphs(text) is None, text
    assert plain_paragraphs("Plain prose, with a comma; a colon: and (brackets).") is not None


def test_footnote_calls_and_lists_render_as_before() -> None:
    text = "A sentence with a note[^a].\n\n- a bullet\n- another\n\n[^a]: The note's text."
    html = str(render(text, None))
    assert "<li>a bullet</li>" in html and "[^a]" in html  # no notes given: the call stays as written
