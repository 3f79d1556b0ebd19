"""Turn the blocks of a report's findings chapters into its standards, sub-sections and outcomes.

A standard starts at its heading ("1.1. Leadership", "P 2.3 Implementation
and delivery") or, where the extraction lost the heading, at its framework
statement. Then come, in the house format's order: the statement, the rating,
the sentence and table of key questions, the rationale, entries under no
heading, and the lists under 'Strengths:' and 'Areas for improvement:'; a
short title line opens a sub-section. The lists are read by
:mod:`sitegen.importer.entries`. A statement, heading or framework sentence
printed in other words than the framework's is kept as the report's own
(:mod:`sitegen.importer.ownwords`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from sitegen.content.model import Standard
from sitegen.content.sitefile import Site
from sitegen.importer import wording as w
from sitegen.importer.blocks import RATING_WORDS, Block, plain, same_words, squash, words
from sitegen.importer.entries import Area, assemble, entries, markdown
from sitegen.importer.ledger import Ledger
from sitegen.importer.notes import Notes
from sitegen.importer.ownwords import OwnWords, fold, template
from sitegen.rules.framework import Domain, Framework, StandardDef


@dataclass
class Body:
    standards: dict[str, dict[str, Any]] = field(default_factory=dict)
    outcomes: dict[str, Any] | None = None
    data_url: str | None = None
    stated: dict[str, tuple[str, str]] = field(default_factory=dict)  # number -> (rating as printed, where)


@dataclass
class Unit:
    kind: str  # "standard", "section", "outcomes"
    head: Block | None
    definition: StandardDef | None = None
    title: str = ""
    blocks: list[Block] = field(default_factory=list)


def read_body(blocks: list[Block], framework: Framework, notes: Notes, ledger: Ledger, site: Site, own: OwnWords) -> Body:
    body = Body()
    reader = _Reader(framework, notes, ledger, site, body, own)
    for unit in reader.units(blocks):
        if unit.kind == "standard":
            reader.standard(unit)
        elif unit.kind == "section":
            reader.section(unit)
        else:
            reader.outcomes(unit)
    for definition in framework.standards:
        if definition.number not in body.standards:
            ledger.find("", f"standard {definition.number} ({definition.name}) was not found in the source")
    _own_sentences(body, own)
    return body


def _own_sentences(body: Body, own: OwnWords) -> None:
    """A standard that words its sentence or footnote otherwise than the rest of the report keeps its own."""
    for key in list(own.seen):
        field_name = next((f for f in ("key_question_intro", "methodology_note") if key.startswith(f + "_")), None)
        if field_name is None:
            continue
        for number, text in own.exceptions(key).items():
            if number in body.standards:
                body.standards[number][field_name] = text
    order = list(Standard.model_fields)
    for number, standard in body.standards.items():
        body.standards[number] = dict(sorted(standard.items(), key=lambda item: order.index(item[0])))


class _Reader:
    def __init__(self, framework: Framework, notes: Notes, ledger: Ledger, site: Site, body: Body, own: OwnWords):
        self.framework, self.notes, self.ledger, self.site, self.body = framework, notes, ledger, site, body
        self.own = own
        self.reliable = False  # headings set in type (a PDF): no lost heading is inferred
        self.last: str | None = None

    # -- cutting the chapter into standards, sub-sections and outcomes ------------------------

    def units(self, blocks: list[Block]) -> list[Unit]:
        self.reliable = any(b.heading for b in blocks)
        units: list[Unit] = []
        for i, block in enumerate(blocks):
            text = block.plain
            if block.kind == "para" and (domain := self._domain(text)):
                self._heading(block, "domain_heading", number=domain.number, title=domain.title)
                continue
            definition = self._standard_start(block) if block.kind == "para" else None
            if definition is not None and definition.number not in {u.definition.number for u in units if u.definition}:
                units.append(Unit("standard", block, definition))
            elif block.kind == "para" and self._outcomes_heading(text):
                o = self.framework.outcomes
                self._heading(block, "outcomes_heading", name=o.name, **({"number": o.number} if o.number else {}))
                units.append(Unit("outcomes", block))
            elif units and block.kind == "para" and self._section_heading(block, blocks[i + 1 :]):
                units.append(Unit("section", block, title=text))
            elif units:
                units[-1].blocks.append(block)
            else:
                self.ledger.leave(block, "before the first standard, after the background")
        return units

    def _domain(self, text: str) -> Domain | None:
        found = w.DOMAIN_HEADING.match(text)
        return next((d for d in self.framework.domains if found and found[1] == d.number and same_words(found[2], d.title)), None)

    def _heading(self, block: Block, key: str, **values: str) -> None:
        """A heading sitegen prints from the framework, in the report's own wording where it differs."""
        found = template(block.plain, **values)
        if found is None:
            self.ledger.generate(block, f"a heading printed from the framework ({key})")
            return
        self.own.saw(key, found)
        if fold(found) == fold(self.own.default(key)):
            self.ledger.generate(block, f"a heading printed from the framework ({key})")
        else:
            self.ledger.place(block, f"wording > {key}")

    def _standard_start(self, block: Block) -> StandardDef | None:
        text = block.plain
        if found := w.STANDARD_HEADING.match(text):
            number = f"{found[2]}.{found[3]}"
            for candidate in (number, f"P {number}"):
                definition = self.framework.standard(candidate)
                if definition and same_words(found[4], definition.name):
                    return definition
        for definition in self.framework.standards:
            if _starts_with(text, definition.statement):
                return definition
        return None

    def _outcomes_heading(self, text: str) -> bool:
        o = self.framework.outcomes
        return same_words(text, f"{o.number} {o.name}") or same_words(text, o.name)

    def _section_heading(self, block: Block, after: list[Block]) -> bool:
        if self.reliable:
            return block.heading == 2
        if not after or not w.looks_like_heading(block.plain):
            return False
        text = block.plain
        return not (w.STRENGTHS_HEADING.match(text) or w.AREAS_HEADING.match(text) or w.PRACTICE_EXAMPLE.match(text))

    # -- a standard ---------------------------------------------------------------------------

    def standard(self, unit: Unit) -> None:
        definition = unit.definition
        assert definition is not None and unit.head is not None
        number = definition.number
        self.last = number
        out: dict[str, Any] = {}
        rest: list[Block] = []
        stated: str | None = None
        head = unit.head
        seen_statement = _starts_with(head.plain, definition.statement)
        if seen_statement:
            stated = self._statement(head, definition, out)
            self.ledger.find(head.where, f"standard {number}'s heading was not found: it starts at its statement")
        else:
            heading = w.STANDARD_HEADING.match(head.plain)
            if heading and not same_words(heading[4], definition.name):
                self.ledger.generate(head, "the standard's heading (framework)")
                self.ledger.find(head.where, f"the heading names it '{heading[4]}', the framework '{definition.name}'")
            else:
                self._heading(head, "standard_heading", number=number, name=definition.name)
        intro: Block | None = None
        figures: list[int] = []
        for block in unit.blocks:
            text = block.plain
            if not seen_statement and block.kind == "para" and self._is_statement(block, definition, not (rest or figures)):
                stated = self._statement(block, definition, out) or stated
                seen_statement = True
            elif stated is None and not figures and not rest and block.kind == "para" and _rating(text):
                stated = _rating(text)
                self.ledger.place(block, f"standards > {number} > rating")
            elif block.kind == "row":
                if w.TABLE_HEAD.match(plain(block.cells[-1]) if block.cells else ""):
                    self._table_head(block, "key_question_column")
                    if rest and rest[-1].kind == "para" and intro is None:
                        intro = rest.pop()
                elif (figure := _figure(block)) is not None:
                    figures.append(figure)
                    self.ledger.place(block, f"standards > {number} > key_questions")
                    self._question(block, definition, len(figures) - 1)
                else:
                    self.ledger.leave(block, f"a table row in standard {number} that is not a key question")
            else:
                rest.append(block)
        if stated:
            out["rating"] = stated
            self.body.stated[number] = (stated, head.where)
        if figures:
            out["key_questions"] = figures
        if intro is not None or figures:
            self._intro(intro, definition, stated, head)
        area = assemble(rest, self.reliable, self.ledger, f"standard {number}", self.own)
        rationale = markdown(area.lead, self.ledger, f"standards > {number} > rationale")
        if rationale:
            out["rationale"] = rationale
        if area.points:
            out["points"] = entries(area.points, self.ledger, f"standards > {number} > points", self.own)
        self._lists(out, area, f"standards > {number}")
        if not seen_statement:
            self.ledger.find(head.where, f"the framework's statement of standard {number} was not found in the source")
        self.body.standards[number] = out

    def _is_statement(self, block: Block, definition: StandardDef, first: bool) -> bool:
        """The framework's statement; or, as the first paragraph under the heading, one worded like it."""
        if _starts_with(block.plain, definition.statement):
            return True
        return first and _similar(_without_rating(block.plain)[0], definition.statement)

    def _statement(self, block: Block, definition: StandardDef, out: dict[str, Any]) -> str | None:
        """The statement (the report's own words where they differ); a rating printed on the same line is the standard's."""
        printed, rating = _without_rating(block.plain)
        number = definition.number
        if rating is None and _starts_with(printed, definition.statement):
            rest = words(printed)[len(words(definition.statement)) :]
            rating = _rating(" ".join(rest)) if rest else None
            printed = printed if rating is None else _without_rating(printed)[0]
        if squash(printed) == squash(definition.statement):
            self.ledger.generate(block, "the standard's statement (framework)")
        else:
            out["statement"] = printed
            self.ledger.place(block, f"standards > {number} > statement")
        if rating:
            self.ledger.place(block, f"standards > {number} > rating")
        return rating

    def _table_head(self, block: Block, first_column: str) -> None:
        """A key-question table's head: printed by sitegen, in the report's words where they differ."""
        self.ledger.generate(block, "the key-question table's head")
        cells = [plain(c) for c in block.cells]
        if len(cells) == 2:
            self.own.saw(first_column, cells[0])
            self.own.saw("percentage_column", cells[1])

    def _question(self, block: Block, definition: StandardDef, index: int) -> None:
        question = plain(block.cells[0]) if block.cells else block.plain
        expected = definition.key_questions[index] if index < len(definition.key_questions) else None
        if expected is None:
            self.ledger.find(block.where, f"standard {definition.number} has more key questions than its framework")
        elif not same_words(question, expected):
            self.ledger.find(
                block.where, f"key question {index + 1} of {definition.number} reads '{question}', the framework '{expected}'"
            )

    def _intro(self, block: Block | None, definition: StandardDef, rating: str | None, head: Block) -> None:
        """The sentence before the table and its methodology footnote: the report's own words where they differ."""
        if block is None:
            self.ledger.find(
                head.where, f"no sentence before {definition.number}'s key-question table: sitegen prints the framework's"
            )
            return
        calls = re.findall(r"\[\^(\d+)\]", block.text)
        text = re.sub(r"\[\^\d+\]", "[^method]", block.text, count=1)
        if "[^method]" not in text:
            text += "[^method]"
            self.ledger.find(
                block.where,
                "the sentence before the key-question table calls no footnote: the methodology note is called at its end",
            )
        key = f"key_question_intro_{definition.key_question_intro}"
        self._sentence(block, key, _sentence_template(text, definition.name.lower(), rating), definition.number, text)
        note = self.notes.take(calls[0]) if calls else None
        if note is None:
            return
        link = re.search(r"\]\((https?://[^)\s]+)\)", note.text)
        if link and not self.body.data_url and not _same_site(link[1], self.site.publisher.website):
            self.body.data_url = link[1]
        found = note.text.replace(f"]({link[1]})", "]({data_url})") if link else note.text
        self._sentence(note, f"methodology_note_{definition.methodology_note}", found, definition.number, note.text)

    def _sentence(self, block: Block, key: str, found: str, number: str, literal: str) -> None:
        """A framework sentence as printed: the framework's, or the report's (or this standard's) own wording."""
        self.own.saw(key, found, number, literal)
        if fold(found) == fold(self.own.default(key)):
            self.ledger.generate(block, f"the framework's sentence ({key})")
        else:
            self.ledger.place(block, f"wording > {key}")

    # -- sub-sections and outcomes ------------------------------------------------------------

    def section(self, unit: Unit) -> None:
        assert unit.head is not None
        if self.last is None:
            self.ledger.leave(unit.head, "a sub-section before any standard")
            return
        self.ledger.place(unit.head, "sections > title")
        path = f"standards > {self.last} > sections > {unit.title}"
        area = assemble(unit.blocks, self.reliable, self.ledger, f"sub-section '{unit.title}'", self.own)
        section: dict[str, Any] = {"title": unit.title}
        intro = markdown(area.lead, self.ledger, f"{path} > intro")
        if intro:
            section["intro"] = intro
        if area.points:
            section["points"] = entries(area.points, self.ledger, f"{path} > points", self.own)
        self._lists(section, area, path)
        self.body.standards[self.last].setdefault("sections", []).append(section)

    def outcomes(self, unit: Unit) -> None:
        assert unit.head is not None
        o = self.framework.outcomes
        out: dict[str, Any] = {}
        rest: list[Block] = []
        figures: list[int] = []
        for block in unit.blocks:
            text = block.plain
            if block.kind == "para" and not rest and not figures and o.statement and _similar(text, o.statement):
                self._sentence(block, "outcomes_statement", text, "", text)
            elif block.kind == "para" and not rest and not figures and o.note and _similar(text, o.note):
                self._sentence(block, "outcomes_note", block.text, "", block.text)
            elif block.kind == "row" and block.cells and w.TABLE_HEAD.match(plain(block.cells[-1])):
                self._table_head(block, "outcomes_column")
            elif block.kind == "row" and (figure := _figure(block)) is not None:
                figures.append(figure)
                self.ledger.place(block, "outcomes > key_questions")
            else:
                rest.append(block)
        if figures:
            out["key_questions"] = figures
        area = assemble(rest, self.reliable, self.ledger, "the outcomes", self.own)
        intro = markdown(area.lead + area.points, self.ledger, "outcomes > intro")
        if intro:
            out["intro"] = intro
        self._lists(out, area, "outcomes")
        self.body.outcomes = out

    def _lists(self, out: dict[str, Any], area: Area, path: str) -> None:
        if area.strengths:
            out["strengths"] = entries(area.strengths, self.ledger, f"{path} > strengths", self.own)
        if area.areas:
            out["areas_for_improvement"] = entries(area.areas, self.ledger, f"{path} > areas_for_improvement", self.own)


def _starts_with(text: str, statement: str) -> bool:
    expected = words(statement)
    return bool(expected) and words(text)[: len(expected)] == expected


def _rating(text: str) -> str | None:
    folded = " ".join(text.split()).strip(" .").lower()
    return next((r for r in RATING_WORDS if r.lower() == folded), None)


def _figure(block: Block) -> int | None:
    cells = [plain(c) for c in block.cells] if block.cells else [block.plain]
    found = w.PERCENT.match(cells[-1].strip()) if cells else None
    return int(found[1]) if found and int(found[1]) <= 100 else None


def _same_site(url: str, website: str) -> bool:
    def bare(u: str) -> str:
        return re.sub(r"^https?://", "", u).rstrip("/")

    return bare(url) == bare(website)


def _similar(text: str, expected: str) -> bool:
    """Worded like ``expected``: the same words, or most of them in the same order (a reworded framework sentence)."""
    a, b = words(text), words(expected)
    return bool(b) and (a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.75)


_RATED = re.compile(r"^(.*[.!?])\s+(" + "|".join(RATING_WORDS) + r")\.?$")


def _without_rating(text: str) -> tuple[str, str | None]:
    """A statement and the rating printed after it on the same line, if any."""
    found = _RATED.match(text)
    return (found[1], found[2]) if found else (text, None)


def _sentence_template(text: str, name: str, rating: str | None) -> str:
    """The sentence before a key-question table as a template: the standard's name and quoted rating replaced."""
    out = text.replace(name, "{name}", 1) if name else text
    if rating and (quoted := re.search(rf"(?<=['‘’\"]){re.escape(rating)}(?=['’‘\"])", out)):
        out = out[: quoted.start()] + "{rating}" + out[quoted.end() :]
    return out
