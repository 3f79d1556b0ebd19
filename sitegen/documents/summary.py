"""Turn a prepared document into what other pages show of it: a summary, kept as JSON between builds.

The index and region pages, a letter's annexes, the manifest, the feed, the open data and the charts show
each PDU and letter by its summary only (name, dates, score and ratings, key-question figures,
recommendations, title): a change to a report's prose leaves its
summary as it was, so nothing that shows the summary is made again. The summaries are plain data
(:meth:`PduSummary.to_json`, :meth:`PduSummary.from_json`): the build keeps them in ``build/cache/``
and reads them back instead of loading and preparing documents that did not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from sitegen.documents.report import RecommendationView, ReportView, slugify
from sitegen.rules.framework import load_framework
from sitegen.rules.house import Score
from sitegen.rules.wording import Words, defaults, words_for


@dataclass
class RatingRow:
    number: str
    name: str
    rating: str

    @property
    def rating_class(self) -> str:
        return slugify(self.rating)


@dataclass
class RatingsDomain:
    number: str
    title: str
    standards: list[RatingRow]


@dataclass
class PduSummary:
    """A PDU inspection as the index, its region's page and its letter show it: the shape the ratings
    table and the recommendation templates read, from a full report or a summary file."""

    kind: str  # "report" (content/pdus/) or "summary" (content/summaries/)
    slug: str
    source: str
    region_slug: str
    pdu: str
    title: str
    published: str
    fieldwork_started: str
    score: Score
    overall_rating: str
    domains: list[RatingsDomain]
    recommendations: list[RecommendationView]
    url: str | None = None  # a summary's published report
    framework: str = "2021"
    wording: dict[str, str] = field(default_factory=dict)  # the report's own wording, where it differs
    # The figures the open data and charts count (:mod:`sitegen.documents.inspections`): each standard's
    # key questions [question, percent, drives] by its number, and the outcomes' [question, percent].
    figures: dict[str, list[list[Any]]] = field(default_factory=dict)
    outcomes: list[list[Any]] = field(default_factory=list)
    outcomes_number: str = ""

    @property
    def overall_class(self) -> str:
        return slugify(self.overall_rating)

    @property
    def words(self) -> Words:
        """The wording the ratings table and recommendations are printed in (the report's own, if any)."""
        return words_for(load_framework(self.framework), self.wording)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "slug": self.slug,
            "source": self.source,
            "region_slug": self.region_slug,
            "pdu": self.pdu,
            "title": self.title,
            "published": self.published,
            "fieldwork_started": self.fieldwork_started,
            "score": [self.score.points, self.score.maximum],
            "overall_rating": self.overall_rating,
            "domains": [[d.number, d.title, [[s.number, s.name, s.rating] for s in d.standards]] for d in self.domains],
            "recommendations": [[g.addressee, [[n, str(html)] for n, html in g.items], g.heading] for g in self.recommendations],
            "url": self.url,
            "framework": self.framework,
            "wording": self.wording,
            "figures": self.figures,
            "outcomes": self.outcomes,
            "outcomes_number": self.outcomes_number,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PduSummary:
        return cls(
            kind=data["kind"],
            slug=data["slug"],
            source=data["source"],
            region_slug=data["region_slug"],
            pdu=data["pdu"],
            title=data["title"],
            published=data["published"],
            fieldwork_started=data["fieldwork_started"],
            score=Score(*data["score"]),
            overall_rating=data["overall_rating"],
            domains=[RatingsDomain(n, t, [RatingRow(*s) for s in standards]) for n, t, standards in data["domains"]],
            recommendations=[
                RecommendationView(a, [(n, Markup(h)) for n, h in items], heading)
                for a, items, heading in data["recommendations"]
            ],
            url=data["url"],
            framework=data["framework"],
            wording=data["wording"],
            figures=data["figures"],
            outcomes=data["outcomes"],
            outcomes_number=data["outcomes_number"],
        )


def report_summary(view: ReportView) -> PduSummary:
    domains = [
        RatingsDomain(d.number, d.title, [RatingRow(s.number, s.name, s.rating) for s in d.standards]) for d in view.domains
    ]
    return PduSummary(
        kind="report",
        slug=view.slug,
        source=view.source,
        region_slug=view.region_slug,
        pdu=view.pdu,
        title=view.title,
        published=view.published,
        fieldwork_started=view.fieldwork_started,
        score=view.score,
        overall_rating=view.overall_rating,
        domains=domains,
        recommendations=view.recommendations,
        framework=view.framework.id,
        wording={k: v for k, v in view.words.texts.items() if defaults(view.framework).get(k) != v},
        figures={s.number: [[r.question, r.percent, r.drives] for r in s.rows] for d in view.domains for s in d.standards},
        outcomes=[[r.question, r.percent] for r in view.outcomes.rows] if view.outcomes else [],
        outcomes_number=view.outcomes.number if view.outcomes else "",
    )


@dataclass
class LetterSummary:
    """A letter as its region's page, the index, the manifest and the feed show it."""

    slug: str
    source: str
    region_slug: str
    title: str
    pdus: list[str]
    date_ymd: tuple[int, int, int] = (1970, 1, 1)

    def to_json(self) -> dict[str, Any]:
        return {"slug": self.slug, "source": self.source, "region_slug": self.region_slug, "title": self.title,
                "pdus": self.pdus, "date": list(self.date_ymd)}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LetterSummary:
        year, month, day = data["date"]
        return cls(data["slug"], data["source"], data["region_slug"], data["title"], list(data["pdus"]), (year, month, day))
