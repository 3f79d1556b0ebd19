"""What a report may say in its own words: the headings and sentences sitegen writes for it.

Each sentence or heading that sitegen writes from the framework (a standard's heading, the sentence
before a key-question table, the outcomes note, "Strengths:", ...) has a key here. A report that was
published with other wording gives the key under ``wording:`` and its text replaces sitegen's whole
(it is not added to it). ``{name}``-style placeholders are filled in from the report; the defaults
live with the framework data (:mod:`sitegen.rules.wording`); the model's ``Wording`` is made from
the keys here, so that a key is written once.
"""

from __future__ import annotations

#: Every key, the placeholders its text may use, and what it is (the guide's table and the schema's).
SENTENCES: dict[str, tuple[tuple[str, ...], str]] = {
    "foreword_heading": ((), "The heading of the foreword, and its line in the contents."),
    "ratings_heading": ((), "The heading of the ratings table's chapter."),
    "recommendations_heading": ((), "The heading of the recommendations' chapter."),
    "background_heading": ((), "The heading of the background chapter."),
    "domain_heading": (("number", "title"), "The heading of each domain ('1. Organisational delivery')."),
    "standard_heading": (("number", "name"), "The heading of each standard ('2.1. Court work')."),
    "rating_label": ((), "The word before a standard's rating, beside its heading."),
    "key_question_intro_single": (
        ("name", "rating"),
        "The sentence before a one-row key-question table; [^method] calls the methodology footnote.",
    ),
    "key_question_intro_three": (
        ("name", "rating"),
        "The sentence before a three-row key-question table; [^method] calls the methodology footnote.",
    ),
    "methodology_note_single": (("data_url",), "The methodology footnote of a standard with one key question."),
    "methodology_note_lowest": (("data_url",), "The methodology footnote of a standard rated by its lowest figure."),
    "methodology_note_lowest_short": (("data_url",), "The shorter methodology footnote (the framework's last standard)."),
    "key_question_column": ((), "The heading of a key-question table's first column."),
    "percentage_column": ((), "The heading of a key-question table's figures."),
    "outcomes_heading": (("number", "name"), "The heading of the outcomes standard ('2.6. Outcomes')."),
    "outcomes_statement": ((), "The outcomes standard's statement, under its heading."),
    "outcomes_note": ((), "The sentence under the outcomes heading (that outcomes are not rated)."),
    "outcomes_column": ((), "The heading of the outcomes table's first column."),
    "strengths_heading": ((), "The heading over a list of strengths."),
    "areas_heading": ((), "The heading over a list of areas for improvement."),
    "practice_example_heading": (("title",), "The title of a practice example's box."),
    "quote_attribution": (("by",), "The line under a quotation that says who said it."),
    "addressee": (("addressee",), "The line before each group of recommendations."),
    "annexe_heading": (("ordinal", "title"), "The heading of each annexe ('Annexe one – Web links')."),
    "fieldwork_started": (("month",), "The ratings table's line under the PDU's name."),
    "score": (("score",), "The ratings table's score heading."),
    "overall_rating": ((), "The ratings table's row of the overall rating."),
}


def describe(key: str) -> str:
    """What a key is and the placeholders it may use: the schema's description of the key."""
    names, what = SENTENCES[key]
    fills = f" Placeholders: {', '.join('{' + n + '}' for n in names)}." if names else ""
    return f"{what}{fills}"
