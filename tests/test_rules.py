"""The house rules, exhaustively: bands, edges, score, overall rating, decision rules."""

from __future__ import annotations

import pytest

from sitegen.rules import house as rules
from sitegen.rules.framework import available, load_framework

F2021 = load_framework("2021")
F2024 = load_framework("2024")
BOTH = [F2021, F2024]


def test_both_frameworks_ship() -> None:
    assert available() == ("2021", "2024")


@pytest.mark.parametrize("framework", BOTH, ids=lambda f: f.id)
@pytest.mark.parametrize(
    ("percent", "rating"),
    [
        (0, "Inadequate"),
        (49, "Inadequate"),
        (50, "Requires improvement"),
        (64, "Requires improvement"),
        (65, "Good"),
        (79, "Good"),
        (80, "Outstanding"),
        (100, "Outstanding"),
    ],
)
def test_key_question_band_edges(framework, percent: int, rating: str) -> None:
    assert rules.rating_for_percentage(framework, percent) == rating


def test_every_percentage_has_exactly_one_band() -> None:
    seen = [rules.rating_for_percentage(F2021, p) for p in range(101)]
    assert seen.count("Inadequate") == 50
    assert seen.count("Requires improvement") == 15
    assert seen.count("Good") == 15
    assert seen.count("Outstanding") == 21


@pytest.mark.parametrize("percent", [-1, 101])
def test_percentages_outside_0_100_are_refused(percent: int) -> None:
    with pytest.raises(ValueError):
        rules.rating_for_percentage(F2021, percent)


def test_three_key_questions_rate_by_the_lowest() -> None:
    # Wigan 2.2: 64, 72, 33 -> Inadequate, driven by keeping other people safe.
    assert rules.rating_from_key_questions(F2021, [64, 72, 33]) == "Inadequate"
    assert rules.driving_indexes([64, 72, 33]) == (2,)
    # Cheshire West 2.4: the lowest is the middle question.
    assert rules.rating_from_key_questions(F2021, [53, 35, 41]) == "Inadequate"
    assert rules.driving_indexes([53, 35, 41]) == (1,)
    # Cheshire West 2.5: 74, 74, 59 -> Requires improvement.
    assert rules.rating_from_key_questions(F2021, [74, 74, 59]) == "Requires improvement"


def test_ties_for_the_lowest_all_drive() -> None:
    assert rules.driving_indexes([68, 38, 38]) == (1, 2)


def test_single_key_question_rates_by_itself() -> None:
    assert rules.rating_from_key_questions(F2021, [50]) == "Requires improvement"


def _ratings(framework, values: list[str]) -> dict[str, str]:
    return dict(zip([s.number for s in framework.standards], values, strict=True))


RI, G, I, NR, O = "Requires improvement", "Good", "Inadequate", "Not rated", "Outstanding"  # noqa: E741

# Every published score, from the reference reports and the regional letter.
PUBLISHED = [
    ("Wigan", F2021, [RI, G, RI, G, RI, I, I, I, I], "7/27", RI),
    ("Cheshire West", F2021, [RI, G, RI, G, NR, I, I, I, RI], "7/24", RI),
    ("Wakefield", F2024, [G, RI, RI, RI, RI, I, I], "6/21", RI),
    ("Manchester North", F2021, [RI, G, G, G, NR, I, RI, RI, RI], "10/24", RI),
    ("Tameside", F2021, [RI, G, RI, G, RI, I, I, I, I], "7/27", RI),
]


@pytest.mark.parametrize(("name", "framework", "values", "score", "overall"), PUBLISHED, ids=[p[0] for p in PUBLISHED])
def test_published_scores_and_overall_ratings(name, framework, values, score, overall) -> None:
    result = rules.score(framework, _ratings(framework, values))
    assert str(result) == score
    assert rules.overall_rating(framework, result) == overall


@pytest.mark.parametrize(
    ("points", "maximum", "overall"),
    [(0, 27, I), (1, 27, I), (2, 27, I), (3, 27, I), (7, 27, RI), (10, 27, RI), (10, 24, RI), (7, 24, RI), (6, 21, RI)],
)
def test_every_published_pair_holds(points: int, maximum: int, overall: str) -> None:
    for framework in BOTH:
        assert rules.overall_rating(framework, rules.Score(points, maximum)) == overall


def test_overall_band_edges_as_shares_of_the_maximum() -> None:
    # Upper bounds are inclusive: exactly a sixth is Inadequate, exactly a half
    # Requires improvement, exactly five sixths Good.
    assert rules.overall_rating(F2021, rules.Score(6, 36)) == I
    assert rules.overall_rating(F2021, rules.Score(7, 36)) == RI
    assert rules.overall_rating(F2021, rules.Score(18, 36)) == RI
    assert rules.overall_rating(F2021, rules.Score(19, 36)) == G
    assert rules.overall_rating(F2021, rules.Score(30, 36)) == G
    assert rules.overall_rating(F2021, rules.Score(31, 36)) == O
    assert rules.overall_rating(F2021, rules.Score(27, 27)) == O


def test_overall_bands_are_monotonic_for_every_score() -> None:
    order = [I, RI, G, O]
    for maximum in (21, 24, 27):
        seen = [order.index(rules.overall_rating(F2021, rules.Score(p, maximum))) for p in range(maximum + 1)]
        assert seen == sorted(seen)
        assert seen[0] == 0 and seen[-1] == 3


def test_points() -> None:
    ratings = _ratings(F2024, [O, G, RI, I, NR, NR, NR])
    assert str(rules.score(F2024, ratings)) == "6/12"


def test_nothing_rated_has_no_overall_rating() -> None:
    with pytest.raises(ValueError):
        rules.overall_rating(F2021, rules.Score(0, 0))


def test_leadership_rule_2021() -> None:
    ratings = _ratings(F2021, [G, G, RI, G, RI, I, RI, RI, RI])
    breaches = rules.decision_rule_breaches(F2021, ratings)
    assert [(b.standard, b.limit, b.because) for b in breaches] == [("1.1", RI, ("2.2",))]
    ratings["1.1"] = RI
    assert rules.decision_rule_breaches(F2021, ratings) == []


def test_services_rule_2021() -> None:
    ratings = _ratings(F2021, [RI, G, O, G, RI, RI, RI, I, RI])
    breaches = rules.decision_rule_breaches(F2021, ratings)
    assert [b.standard for b in breaches] == ["1.3"]
    ratings["2.4"] = RI
    assert rules.decision_rule_breaches(F2021, ratings) == []


def test_2024_does_not_apply_the_leadership_rule() -> None:
    # Wakefield: leadership Good beside two Inadequate domain-two standards.
    ratings = _ratings(F2024, [G, RI, RI, RI, RI, I, I])
    assert rules.decision_rule_breaches(F2024, ratings) == []


def test_2024_applies_the_services_rule() -> None:
    ratings = _ratings(F2024, [G, RI, G, RI, RI, I, I])
    assert [b.standard for b in rules.decision_rule_breaches(F2024, ratings)] == ["P 1.3"]


def test_not_rated_court_work_is_allowed_only_where_the_framework_says() -> None:
    assert F2021.standard("2.1").may_be_not_rated
    assert not F2021.standard("2.2").may_be_not_rated
    assert F2024.standard("2.1") is None


def test_frameworks_shape() -> None:
    assert [s.number for s in F2021.standards] == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "2.5"]
    assert [s.number for s in F2024.standards] == ["P 1.1", "P 1.2", "P 1.3", "P 2.1", "P 2.2", "P 2.3", "P 2.4"]
    assert F2021.outcomes.number == "2.6" and len(F2021.outcomes.key_questions) == 1
    assert not F2024.outcomes.key_questions
