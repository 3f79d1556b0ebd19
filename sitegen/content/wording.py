"""What a report or a letter may say in its own words: the headings and sentences sitegen writes for it.

Each sentence or heading that sitegen writes from the framework (a standard's heading, the sentence
before a key-question table, the outcomes note, "Strengths:", ...) has a key here. A report that was
published with other wording gives the key under ``wording:`` and its text replaces sitegen's whole
(it is not added to it). ``{name}``-style placeholders are filled in from the report; the defaults
live with the framework data (:mod:`sitegen.rules.wording`); the model's ``Wording`` is made from
the keys here, so that a key is written once. A letter's keys (:data:`LETTER_SENTENCES`) work the same
way under the letter's ``wording:``.
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
    "running_head": (("pdu",), "The running head at the foot of the PDF's pages."),
}

#: Every key of a letter's ``wording:``: the labels, headings and sentences sitegen writes for a letter
#: (its ratings tables are worded by the reports they come from).
LETTER_SENTENCES: dict[str, tuple[tuple[str, ...], str]] = {
    "title": (("region", "month"), "The letter's heading: the web page's, and the PDF's subject line and title."),
    "running_head": (("region",), "The running head at the top of the PDF's pages."),
    "to_label": ((), "The label before the addressee."),
    "cc_label": ((), "The label before the cc block."),
    "observations_heading": ((), "The heading of the regional observations (the contents line drops a last colon)."),
    "key_strengths_heading": ((), "The heading over a theme's strengths."),
    "key_areas_heading": ((), "The heading over a theme's areas for improvement."),
    "summary_heading": ((), "The heading of the summary."),
    "ratings_sentence": (("ratings",), "The summary's first sentence; {ratings} names each PDU with its overall rating."),
    "recommendations_annexe": ((), "The heading of the annexe of the PDUs' recommendations."),
    "ratings_annexe": ((), "The heading of the annexe of the PDUs' ratings."),
}


def describe(key: str, sentences: dict[str, tuple[tuple[str, ...], str]] = SENTENCES) -> str:
    """What a key is and the placeholders it may use: the schema's description of the key."""
    names, what = sentences[key]
    fills = f" Placeholders: {', '.join('{' + n + '}' for n in names)}." if names else ""
    return f"{what}{fills}"
