"""Turn prepared reports and PDU summaries into flat inspection records.

One :class:`Inspection` per PDU inspection on the site, a full report or a
summary of one published elsewhere, with every standard's rating and points
and every key-question figure, taken from the very views the pages and PDFs
render. The open data, the national overview's charts and the region pages'
charts are all made from these records, so none of them can disagree with a
report.
"""

from __future__ import annotations

from dataclasses import dataclass

from sitegen.content.load import Content
from sitegen.content.model import NOT_RATED, RATINGS, month_number
from sitegen.documents.letter import summary_view
from sitegen.documents.report import KeyQuestionRow, ReportView
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


def _key_questions(rows: list[KeyQuestionRow]) -> tuple[KeyQuestionRecord, ...]:
    # A single key question (court work) is the rating by itself; the view marks no row for it.
    return tuple(KeyQuestionRecord(i + 1, r.question, r.percent, r.drives or len(rows) == 1) for i, r in enumerate(rows))


def from_report(report: ReportView) -> Inspection:
    points = report.framework.points
    standards = tuple(
        StandardRecord(
            d.number, s.number, s.name, s.rating, points.get(s.rating) if s.rating != NOT_RATED else None, _key_questions(s.rows)
        )
        for d in report.domains
        for s in d.standards
    )
    outcomes = report.outcomes
    return Inspection(
        slug=report.slug,
        pdu=report.pdu,
        region_slug=report.region_slug,
        region=report.region,
        framework=report.framework.id,
        published=year_month(report.published),
        fieldwork_started=year_month(report.fieldwork_started),
        score=report.score.points,
        maximum_score=report.score.maximum,
        overall_rating=report.overall_rating,
        has_report=True,
        published_report=None,
        standards=standards,
        outcomes=tuple(KeyQuestionRecord(i + 1, r.question, r.percent, False) for i, r in enumerate(outcomes.rows))
        if outcomes
        else (),
        outcomes_number=outcomes.number if outcomes else "",
    )


def inspections(content: Content, reports: list[ReportView]) -> list[Inspection]:
    """Every inspection of the site, by region then PDU."""
    found = [from_report(r) for r in reports]
    for slug, item in content.summaries.items():
        view = summary_view(item)
        summary = item.model
        framework = load_framework(summary.framework)
        found.append(
            Inspection(
                slug=slug,
                pdu=view.pdu,
                region_slug=summary.region,
                region=content.regions[summary.region].model.name,
                framework=framework.id,
                published=None,
                fieldwork_started=year_month(view.fieldwork_started),
                score=view.score.points,
                maximum_score=view.score.maximum,
                overall_rating=view.overall_rating,
                has_report=False,
                published_report=view.url,
                standards=tuple(
                    StandardRecord(
                        d.number, s.number, s.name, s.rating, framework.points.get(s.rating) if s.rating != NOT_RATED else None
                    )
                    for d in view.domains
                    for s in d.standards
                ),
            )
        )
    return sorted(found, key=lambda i: (i.region, i.pdu, i.fieldwork_started, i.slug))


#: The order ratings are counted and shown in, best first, then 'Not rated'.
RATING_ORDER: tuple[str, ...] = (*RATINGS, NOT_RATED)
