"""Turn PDU summaries into flat inspection records.

One :class:`Inspection` per PDU inspection on the site, a full report or a
summary of one published elsewhere, with every standard's rating and points
and every key-question figure, taken from the summaries
(:mod:`sitegen.documents.summary`) of the very views the pages and PDFs
render: a build that did not read a report again still counts it. The open
data, the national overview's charts and the region pages' charts are all
made from these records, so none of them can disagree with a report.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sitegen.content.model import NOT_RATED, RATINGS, month_number
from sitegen.documents.summary import PduSummary
from sitegen.rules.framework import load_framework


@dataclass(frozen=True)
class KeyQuestionRecord:
    position: int  # 1, 2, 3 in the framework's order
    question: str
    percent: int
    drives: bool  # the figure the standard's rating was taken from


@dataclass(frozen=True)
class StandardRecord:
    domain: str
    number: str
    name: str
    rating: str
    points: int | None  # None when not rated
    key_questions: tuple[KeyQuestionRecord, ...] = ()


@dataclass(frozen=True)
class Inspection:
    """One PDU inspection: its facts, its ratings and its figures."""

    slug: str
    pdu: str
    region_slug: str
    region: str
    framework: str
    published: str | None  # 'YYYY-MM'; None for a report published elsewhere
    fieldwork_started: str  # 'YYYY-MM'
    score: int
    maximum_score: int
    overall_rating: str
    has_report: bool  # a full report on this site (else a summary with a link)
    published_report: str | None
    standards: tuple[StandardRecord, ...]
    outcomes: tuple[KeyQuestionRecord, ...] = ()
    outcomes_number: str = ""

    @property
    def ratings(self) -> dict[str, str]:
        return {s.number: s.rating for s in self.standards}


def year_month(month: str) -> str:
    """'May 2023' -> '2023-05', the form data tools read."""
    year, number = month_number(month)
    return f"{year:04d}-{number:02d}"


def _key_questions(rows: list[list[Any]]) -> tuple[KeyQuestionRecord, ...]:
    # A single key question (court work) is the rating by itself; the view marks no row for it.
    return tuple(KeyQuestionRecord(i + 1, q, p, bool(d) or len(rows) == 1) for i, (q, p, d) in enumerate(rows))


def from_summary(summary: PduSummary, region: str) -> Inspection:
    """The record of a PDU's inspection, from its summary (a report's or a summary file's) and its region's name."""
    framework = load_framework(summary.framework)
    standards = tuple(
        StandardRecord(
            d.number,
            s.number,
            s.name,
            s.rating,
            framework.points.get(s.rating) if s.rating != NOT_RATED else None,
            _key_questions(summary.figures.get(s.number, [])),
        )  # fmt: skip
        for d in summary.domains
        for s in d.standards
    )
    report = summary.kind == "report"
    return Inspection(
        slug=summary.slug,
        pdu=summary.pdu,
        region_slug=summary.region_slug,
        region=region,
        framework=framework.id,
        published=year_month(summary.published) if report else None,
        fieldwork_started=year_month(summary.fieldwork_started),
        score=summary.score.points,
        maximum_score=summary.score.maximum,
        overall_rating=summary.overall_rating,
        has_report=report,
        published_report=None if report else summary.url,
        standards=standards,
        outcomes=tuple(KeyQuestionRecord(i + 1, q, p, False) for i, (q, p) in enumerate(summary.outcomes)),
        outcomes_number=summary.outcomes_number,
    )


def inspections(summaries: Iterable[PduSummary], regions: dict[str, str]) -> list[Inspection]:
    """Every inspection of the site, by region then PDU; ``regions`` maps each region's slug to its name."""
    found = [from_summary(s, regions[s.region_slug]) for s in summaries]
    return sorted(found, key=lambda i: (i.region, i.pdu, i.fieldwork_started, i.slug))


#: The order ratings are counted and shown in, best first, then 'Not rated'.
RATING_ORDER: tuple[str, ...] = (*RATINGS, NOT_RATED)
