"""The inspectorate's house rules: figures and ratings in, ratings and scores out.

Small pure functions over the framework data, used by validation (to check
what an author stated) and by the templates (to show what is computed), so the
two can never disagree. The numbers themselves (bands, points, decision
rules) are framework data in ``sitegen/rules/frameworks/``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from sitegen.content.model import NOT_RATED, RATINGS
from sitegen.rules.framework import Framework, StandardDef


def rating_for_percentage(framework: Framework, percent: int) -> str:
    """The rating band a key-question percentage falls in (80+ Outstanding, ...)."""
    if not 0 <= percent <= 100:
        raise ValueError(f"a percentage must be 0-100, not {percent}")
    bands = sorted(framework.key_question_bands.items(), key=lambda kv: -kv[1])
    for rating, lowest in bands:
        if percent >= lowest:
            return rating
    raise ValueError(f"no band holds {percent}%")  # the bands start at 0


def driving_indexes(figures: Sequence[int]) -> tuple[int, ...]:
    """The rows that drive the rating: the lowest figure (every row that ties for it)."""
    if not figures:
        return ()
    low = min(figures)
    return tuple(i for i, f in enumerate(figures) if f == low)


def rating_from_key_questions(framework: Framework, figures: Sequence[int]) -> str:
    """A single key question rates by itself; three rate by the lowest."""
    return rating_for_percentage(framework, min(figures))


@dataclass(frozen=True)
class Score:
    points: int
    maximum: int

    def __str__(self) -> str:
        return f"{self.points}/{self.maximum}"


def score(framework: Framework, ratings: Mapping[str, str]) -> Score:
    """Points over all rated standards; a 'Not rated' standard drops out of the maximum."""
    top = max(framework.points.values())
    rated = [r for r in ratings.values() if r != NOT_RATED]
    return Score(sum(framework.points[r] for r in rated), top * len(rated))


def overall_rating(framework: Framework, result: Score) -> str:
    """The overall rating band the score falls in, as a share of the maximum."""
    if result.maximum <= 0:
        raise ValueError("no standard was rated, so there is no overall rating")
    share = Fraction(result.points, result.maximum)
    for band in framework.overall_bands:
        if share <= band.up_to:
            return band.rating
    raise ValueError(f"no band holds {result}")


def rank(rating: str) -> int:
    """Higher is better: Inadequate 0 ... Outstanding 3."""
    return len(RATINGS) - 1 - RATINGS.index(rating)


@dataclass(frozen=True)
class RuleBreach:
    standard: str
    stated: str
    limit: str
    reason: str
    because: tuple[str, ...]


def decision_rule_breaches(framework: Framework, ratings: Mapping[str, str]) -> list[RuleBreach]:
    """Every decision rule a set of ratings breaks (empty when all hold)."""
    breaches = []
    for rule in framework.decision_rules:
        stated = ratings.get(rule.standard)
        if stated is None or stated == NOT_RATED:
            continue
        triggers = tuple(n for n in rule.among if ratings.get(n) == rule.when)
        if triggers and rank(stated) > rank(rule.limit):
            breaches.append(RuleBreach(rule.standard, stated, rule.limit, rule.reason, triggers))
    return breaches


def methodology_note(framework: Framework, standard: StandardDef) -> str:
    """The framework's footnote on how a key-question standard is rated."""
    return framework.methodology_notes[standard.methodology_note or ""]


def key_question_intro(framework: Framework, standard: StandardDef) -> str:
    """The framework's sentence before a standard's key-question table."""
    return framework.key_question_intros[standard.key_question_intro or ""]
