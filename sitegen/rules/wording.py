"""Turn a framework and a report's own wording into every sentence and heading sitegen writes for it.

The defaults are the house's: the framework's own sentences (the sentences before key-question
tables, the methodology footnotes, the outcomes note, from ``frameworks/<id>.yaml``) and the headings
every report prints. A report's ``wording:`` replaces any of them whole, and a letter's those of a
letter (:data:`LETTER`). Placeholders (``{name}``) are filled in from the document; the keys and their
placeholders are listed in :mod:`sitegen.content.wording`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from sitegen.content.wording import SENTENCES
from sitegen.rules.framework import Framework

#: The headings and labels every report prints, whatever its framework.
HOUSE: dict[str, str] = {
    "foreword_heading": "Foreword",
    "ratings_heading": "Ratings",
    "recommendations_heading": "Recommendations",
    "background_heading": "Background",
    "domain_heading": "{number}. {title}",
    "standard_heading": "{number}. {name}",
    "rating_label": "Rating",
    "key_question_column": "Key question",
    "percentage_column": "Percentage ‘Yes’",
    "outcomes_column": "Outcomes",
    "strengths_heading": "Strengths:",
    "areas_heading": "Areas for improvement:",
    "practice_example_heading": "Practice example: {title}",
    "quote_attribution": "– {by}",
    "addressee": "{addressee} should:",
    "annexe_heading": "Annexe {ordinal} – {title}",
    "fieldwork_started": "Fieldwork started {month}",
    "score": "Score {score}",
    "overall_rating": "Overall rating",
    "running_head": "Inspection of probation services: {pdu}",
}

#: The labels, headings and sentences every letter prints (as the published letters do).
LETTER: dict[str, str] = {
    "title": "Regional review letter to the {region} Regional Probation Director ({month})",
    "running_head": "HM Inspectorate of Probation: Regional review letter to {region} RPD",
    "to_label": "To:",
    "cc_label": "cc:",
    "observations_heading": "Regional observations:",
    "key_strengths_heading": "Key strengths:",
    "key_areas_heading": "Key areas for improvement:",
    "summary_heading": "Summary",
    "ratings_sentence": "In our PDU inspections, we rated {ratings}.",
    "recommendations_annexe": "Annexe one – Recommendations",
    "ratings_annexe": "Annexe two – PDU ratings",
}

#: Keys whose text is Markdown (links, footnote calls); the others are plain text.
MARKDOWN = {key for key in SENTENCES if key.startswith(("key_question_intro_", "methodology_note_"))} | {"outcomes_note"}

_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


def defaults(framework: Framework) -> dict[str, str]:
    """Every key's text when a report gives none: the house's, then the framework's own sentences."""
    texts = dict(HOUSE)
    texts["outcomes_heading"] = "{number}. {name}" if framework.outcomes.number else "{name}"
    texts["outcomes_statement"] = framework.outcomes.statement
    texts["outcomes_note"] = framework.outcomes.note
    texts.update({f"key_question_intro_{variant}": text for variant, text in framework.key_question_intros.items()})
    texts.update({f"methodology_note_{variant}": text for variant, text in framework.methodology_notes.items()})
    return texts


@dataclass(frozen=True)
class Words:
    """The wording of one report: ``words("standard_heading", number="2.1", name="Court work")``."""

    texts: Mapping[str, str]

    def __call__(self, key: str, **values: object) -> str:
        return fill(self.texts.get(key, ""), values)


def words_for(framework: Framework, own: Mapping[str, str | None] | None = None) -> Words:
    """The framework's defaults, with a report's own wording in their place where it gives any."""
    texts = defaults(framework)
    texts.update({key: text for key, text in (own or {}).items() if text is not None})
    return Words(texts)


def letter_words(own: Mapping[str, str | None] | None = None) -> Words:
    """A letter's wording: the house's, with the letter's own in its place where it gives any."""
    return Words({**LETTER, **{key: text for key, text in (own or {}).items() if text is not None}})


def fill(text: str, values: Mapping[str, object]) -> str:
    """``{name}`` placeholders replaced by their values; any other braces left as written."""
    return _PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], text)


def unknown_placeholders(text: str, allowed: tuple[str, ...]) -> list[str]:
    """The ``{placeholders}`` of a text that its key does not fill."""
    return [name for name in _PLACEHOLDER.findall(text) if name not in allowed]
