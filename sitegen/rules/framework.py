"""Turn the framework data files shipped with sitegen into typed objects.

A framework is what the inspectorate decides once and every report shares:
the domains and standards with their names and statements, the key
questions, the standard sentences and footnotes around a key-question table,
the decision rules and the rating bands. Authors name a framework; they never
type any of this. The files live in ``sitegen/rules/frameworks/<id>.yaml``.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

from sitegen.content.model import Rating

FRAMEWORK_DIR = Path(__file__).parent / "frameworks"


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StandardDef(_Data):
    number: str
    name: str
    statement: str
    key_questions: tuple[str, ...] = ()
    key_question_intro: str | None = None
    methodology_note: str | None = None
    may_be_not_rated: bool = False

    @property
    def by_key_questions(self) -> bool:
        """Rated from key-question figures (True) or by the inspectors' judgement."""
        return bool(self.key_questions)


class Domain(_Data):
    number: str
    title: str
    standards: tuple[StandardDef, ...]


class OutcomesDef(_Data):
    number: str
    name: str
    statement: str
    note: str
    key_questions: tuple[str, ...] = ()


class DecisionRule(_Data):
    """``standard`` cannot be rated above ``limit`` while any of ``among`` is ``when``."""

    standard: str
    limit: Rating
    when: Rating
    among: tuple[str, ...] = Field(alias="in")
    reason: str


class Band(_Data):
    rating: Rating
    up_to: Fraction

    @field_validator("up_to", mode="before")
    @classmethod
    def _fraction(cls, value: object) -> Fraction:
        return Fraction(str(value))


class Framework(_Data):
    id: str
    title: str
    domains: tuple[Domain, ...]
    outcomes: OutcomesDef
    key_question_intros: dict[str, str]
    methodology_notes: dict[str, str]
    decision_rules: tuple[DecisionRule, ...] = ()
    key_question_bands: dict[Rating, int]
    points: dict[Rating, int]
    overall_bands: tuple[Band, ...]

    @property
    def standards(self) -> tuple[StandardDef, ...]:
        return tuple(s for d in self.domains for s in d.standards)

    def standard(self, number: str) -> StandardDef | None:
        return next((s for s in self.standards if s.number == number), None)


def available() -> tuple[str, ...]:
    """The framework ids sitegen ships, oldest first."""
    return tuple(sorted(p.stem for p in FRAMEWORK_DIR.glob("*.yaml")))


@cache
def load_framework(framework_id: str) -> Framework:
    """The framework with this id. Shipped data: a fault here is a bug, not an author's mistake."""
    path = FRAMEWORK_DIR / f"{framework_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Framework.model_validate(data)
