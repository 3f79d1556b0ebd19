"""The house rules as a check on an import: do the source's ratings, figures and score agree?

A published report states each rating twice (beside the standard and in the
ratings table), prints the key-question figures the rating comes from, and a
score and overall rating computed from the ratings. Read back, they must
agree under :mod:`sitegen.rules.house`; where they do not, a figure was most
likely misread, and the import report says which, and where.
"""

from __future__ import annotations

from typing import Any

from sitegen.content.model import NOT_RATED
from sitegen.importer.findings import Body
from sitegen.importer.ledger import Ledger
from sitegen.importer.recognise import Facts
from sitegen.rules import house as rules
from sitegen.rules.framework import Framework


def check_import(draft: dict[str, Any], facts: Facts, body: Body, framework: Framework, ledger: Ledger) -> None:
    ratings: dict[str, str] = {}
    for definition in framework.standards:
        number = definition.number
        found = draft.get("standards", {}).get(number)
        table = facts.table_ratings.get(number)
        stated = body.stated.get(number)
        if found is None:
            continue
        figures = found.get("key_questions", [])
        rating = found.get("rating")
        if definition.by_key_questions and rating != NOT_RATED:
            if len(figures) != len(definition.key_questions):
                ledger.find(
                    stated[1] if stated else "",
                    f"standard {number} shows {len(figures)} key-question figure(s); the framework has "
                    f"{len(definition.key_questions)}",
                )
            else:
                computed = rules.rating_from_key_questions(framework, figures)
                if rating and rating != computed:
                    ledger.find(
                        stated[1] if stated else "",
                        f"standard {number} is rated '{rating}', but its lowest figure, {min(figures)}%, gives "
                        f"'{computed}': check the figures {figures} against the published report",
                    )
                rating = rating or computed
        if table and rating and table[0] != rating:
            ledger.find(table[1], f"the ratings table rates {number} '{table[0]}', the standard itself '{rating}'")
        rating = rating or (table[0] if table else None)
        if rating:
            ratings[number] = rating
    for number, (rating, _where) in facts.table_ratings.items():
        if number not in ratings:
            ratings[number] = rating
    for breach in rules.decision_rule_breaches(framework, ratings):
        ledger.find("", f"standard {breach.standard} is '{breach.stated}', which breaks a decision rule: {breach.reason}")
    if not ratings or all(r == NOT_RATED for r in ratings.values()):
        return
    score = rules.score(framework, ratings)
    if facts.score is not None:
        points, maximum, where = facts.score
        if (points, maximum) != (score.points, score.maximum):
            ledger.find(where, f"the score reads {points}/{maximum}, the ratings give {score}: check the ratings table")
    overall = rules.overall_rating(framework, score)
    if facts.overall is not None and facts.overall[0] != overall:
        ledger.find(
            facts.overall[1], f"the overall rating reads '{facts.overall[0]}', the house rules give '{overall}' for {score}"
        )
