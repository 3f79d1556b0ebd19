"""The house format's own words: what every published report prints around its content.

The framework data (standards, statements, key questions, footnotes) lives in
``sitegen/rules/frameworks/``; the standard texts of the front matter in
``site.yaml``. What is left is the report's skeleton: chapter headings, list
headings, the cover and the ratings table's labels, the running head. They
are matched loosely (case, spacing and punctuation folded), never by page
position, so a restyled page or an older report reads the same.
"""

from __future__ import annotations

import re

from sitegen.importer.blocks import RATING_WORDS, squash

CONTENTS = "Contents"
ACKNOWLEDGEMENTS = "Acknowledgements"
FOREWORD = "Foreword"
RATINGS = "Ratings"
RECOMMENDATIONS = "Recommendations"
BACKGROUND = "Background"
CHAPTERS = (CONTENTS, ACKNOWLEDGEMENTS, FOREWORD, RATINGS, RECOMMENDATIONS, BACKGROUND)

KICKER = re.compile(r"^An inspection of probation services in:\s*(.*)$", re.IGNORECASE)
REGION_LINE = re.compile(r"^The Probation Service\s*[–—-]\s*(.+?)\s+region$", re.IGNORECASE)
PUBLISHED_LINE = re.compile(r"^(.+?),\s*([A-Z][a-z]+ \d{4})$")
RUNNING_HEAD = re.compile(r"^Inspection of probation services:\s", re.IGNORECASE)
ROLE_HEADING = re.compile(r"^The role of (.+)$", re.IGNORECASE)
COPYRIGHT = re.compile(r"^©\s*Crown copyright\s*(\d{4})$", re.IGNORECASE)
AVAILABLE = re.compile(r"^This publication is available for download at:\s*(.*)$", re.IGNORECASE)
ISBN = re.compile(r"^ISBN:?\s*([0-9][0-9 -]+[0-9Xx])\s*$")
PUBLISHED_BY = re.compile(r"^Published by:\s*(.*)$", re.IGNORECASE)
FOLLOW = re.compile(r"^Follow us on\s+(\S+)\s+(@\S+)$", re.IGNORECASE)
LEAD_INSPECTOR = re.compile(r"led by (?:HM |His Majesty's )?Inspectors?\s+(.+?)(?:,|\s+supported\b|\s+with\b)")
SIGNATORY_TITLE = re.compile(r"\b((?:HM |His Majesty's )?(?:Deputy )?(?:Chief )?Inspector\b.*)$")
ADDRESSEE = re.compile(r"^(.+?)\s+should:$")
NUMBERED = re.compile(r"^(\d+)\\?[.)]\s+(.*)$", re.DOTALL)
ANNEXE = re.compile(r"^Annexe\s+(\w+)\s*[–—:-]\s*(.+)$", re.IGNORECASE)
SCORE = re.compile(r"Score\s*(\d+)\s*/\s*(\d+)")
FIELDWORK = re.compile(r"started\s+([A-Z][a-z]+ \d{4})")
OVERALL = re.compile(r"rating\s+(" + "|".join(RATING_WORDS) + r")\s*$")
STANDARD_ROW = re.compile(r"^(P\s?)?(\d+\.\d+)\.?\s+(.+?)\s+(" + "|".join(RATING_WORDS) + r")$")
STANDARD_HEADING = re.compile(r"^(P\s?)?(\d+)\.(\d+)\.?\s+(.+)$")
DOMAIN_HEADING = re.compile(r"^(\d+)\.?\s+(.+)$")
TABLE_HEAD = re.compile(r"^Percentage\b", re.IGNORECASE)
PERCENT = re.compile(r"^(\d{1,3})\s*%$")
RATING_LABEL = "Rating"
RATINGS_CAPTION = re.compile(r"^Ratings for\s", re.IGNORECASE)
PRACTICE_EXAMPLE = re.compile(r"^(Practice example)\s*[:–—-]\s*(.+)$", re.IGNORECASE)
# A list's heading, with a word before it where a report prints one ("Key strengths:").
STRENGTHS_HEADING = re.compile(r"^(?:[A-Za-z]+\s+)?strengths\s*:?$", re.IGNORECASE)
AREAS_HEADING = re.compile(r"^(?:[A-Za-z]+\s+)?areas\s+for\s+(?:improvement|development)\s*:?$", re.IGNORECASE)


def is_heading(text: str, word: str) -> bool:
    """Is ``text`` the heading ``word`` ('Strengths', 'Foreword'), with or without its colon?"""
    return squash(text).rstrip(":").strip().lower() == word.lower()


def is_chapter(text: str) -> bool:
    return any(is_heading(text, word) for word in CHAPTERS)


def looks_like_heading(text: str) -> bool:
    """A short line with no closing punctuation: a sub-section's title in extracted text."""
    text = squash(text)
    return (
        0 < len(text.split()) <= 8
        and text[:1].isupper()
        and not text.endswith((".", ":", ";", ",", "?", "!", '"', "'"))
        and text not in RATING_WORDS
    )
