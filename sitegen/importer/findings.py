"""Turn the blocks of a report's findings chapters into its standards, sub-sections and outcomes.

A standard starts at its heading ("1.1. Leadership", "P 2.3 Implementation
and delivery") or, where the extraction lost the heading, at its framework
statement. Then come, in the house format's order: the statement, the rating,
the sentence and table of key questions, the rationale, and the lists under
'Strengths:' and 'Areas for improvement:'; a short title line opens a
sub-section. Lists are rebuilt from runs of entries; where the source lost
the 'Areas for improvement:' heading (extracted text often does), the last
break between runs that is not a page break is taken for it, and the ledger
says so for an editor to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sitegen.content.model import Site
from sitegen.importer import wording as w
from sitegen.importer.blocks import RATING_WORDS, Block, plain, same_words, words
from sitegen.importer.ledger import Ledger
from sitegen.importer.notes import Notes
from sitegen.rules import house as rules
from sitegen.rules.framework import Framework, StandardDef


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


def read_body(blocks: list[Block], framework: Framework, notes: Notes, ledger: Ledger, site: Site) -> Body:
    body = Body()
    reader = _Reader(framework, notes, ledger, site, body)
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
    return body


class _Reader:
    def __init__(self, framework: Framework, notes: Notes, ledger: Ledger, site: Site, body: Body):
        self.framework, self.notes, self.ledger, self.site, self.body = framework, notes, ledger, site, body
        self.reliable = False  # headings set in type (a PDF): no lost heading is inferred
        self.last: str | None = None

    # -- cutting the chapter into standards, sub-sections and outcomes ------------------------

    def units(self, blocks: list[Block]) -> list[Unit]:
        self.reliable = any(b.heading for b in blocks)
        units: list[Unit] = []
        for i, block in enumerate(blocks):
            text = block.plain
            if block.kind == "para" and self._domain(text):
                self.ledger.generate(block, "a domain's heading (framework)")
                continue
            definition = self._standard_start(block) if block.kind == "para" else None
            if definition is not None and definition.number not in {u.definition.number for u in units if u.definition}:
                units.append(Unit("standard", block, definition))
            elif block.kind == "para" and self._outcomes_heading(text):
                units.append(Unit("outcomes", block))
            elif units and block.kind == "para" and self._section_heading(block, blocks[i + 1 :]):
                units.append(Unit("section", block, title=text))
            elif units:
                units[-1].blocks.append(block)
            else:
                self.ledger.leave(block, "before the first standard, after the background")
        return units

    def _domain(self, text: str) -> bool:
        found = w.DOMAIN_HEADING.match(text)
        return bool(found) and any(found[1] == d.number and same_words(found[2], d.title) for d in self.framework.domains)

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
        if not after or not w.looks_like_heading(block.plain) or w.is_heading(block.text, w.STRENGTHS):
            return False
        return not w.is_heading(block.text, w.AREAS) and not w.PRACTICE_EXAMPLE.match(block.plain)

    # -- a standard ---------------------------------------------------------------------------

    def standard(self, unit: Unit) -> None:
        definition = unit.definition
        assert definition is not None and unit.head is not None
        number = definition.number
        self.last = number
        out: dict[str, Any] = {}
        rest: list[Block] = []
        stated: str | None = None
        blocks = list(unit.blocks)
        head = unit.head
        if _starts_with(head.plain, definition.statement):
            stated = self._statement(head, definition)
            self.ledger.find(head.where, f"standard {number}'s heading was not found: it starts at its statement")
        else:
            self.ledger.generate(head, "the standard's heading (framework)")
            heading = w.STANDARD_HEADING.match(head.plain)
            if heading and not same_words(heading[4], definition.name):
                self.ledger.find(head.where, f"the heading names it '{heading[4]}', the framework '{definition.name}'")
        seen_statement = _starts_with(head.plain, definition.statement)
        intro: Block | None = None
        figures: list[int] = []
        for block in blocks:
            text = block.plain
            if not seen_statement and block.kind == "para" and _starts_with(text, definition.statement):
                stated = self._statement(block, definition) or stated
                seen_statement = True
            elif stated is None and not figures and not rest and block.kind == "para" and _rating(text):
                stated = _rating(text)
                self.ledger.place(block, f"standards > {number} > rating")
            elif block.kind == "row":
                if w.TABLE_HEAD.match(plain(block.cells[-1]) if block.cells else ""):
                    self.ledger.generate(block, "the key-question table's head")
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
            self._intro(intro, definition, stated, out, head)
        area = assemble(rest, self.reliable, self.ledger, f"standard {number}")
        rationale = markdown(area.lead + area.points, self.ledger, f"standards > {number} > rationale")
        if rationale:
            out["rationale"] = rationale
        self._lists(out, area, f"standards > {number}")
        if not seen_statement:
            self.ledger.find(head.where, f"the framework's statement of standard {number} was not found in the source")
        self.body.standards[number] = out

    def _statement(self, block: Block, definition: StandardDef) -> str | None:
        """The statement is the framework's; a rating printed on the same line is the standard's."""
        self.ledger.generate(block, "the standard's statement (framework)")
        rest = words(block.plain)[len(words(definition.statement)) :]
        rating = _rating(" ".join(rest)) if rest else None
        if rest and rating is None:
            self.ledger.leave(block, f"words after standard {definition.number}'s statement: '{' '.join(rest)}'")
        elif rating:
            self.ledger.place(block, f"standards > {definition.number} > rating")
        return rating

    def _question(self, block: Block, definition: StandardDef, index: int) -> None:
        question = plain(block.cells[0]) if block.cells else block.plain
        expected = definition.key_questions[index] if index < len(definition.key_questions) else None
        if expected is None:
            self.ledger.find(block.where, f"standard {definition.number} has more key questions than its framework")
        elif not same_words(question, expected):
            self.ledger.find(
                block.where, f"key question {index + 1} of {definition.number} reads '{question}', the framework '{expected}'"
            )

    def _intro(self, block: Block | None, definition: StandardDef, rating: str | None, out: dict[str, Any], head: Block) -> None:
        """The sentence before the table and its methodology footnote: generated unless worded otherwise."""
        if block is None:
            self.ledger.find(
                head.where, f"no sentence before {definition.number}'s key-question table: sitegen prints the framework's"
            )
            return
        calls = re.findall(r"\[\^(\d+)\]", block.text)
        expected = rules.key_question_intro(self.framework, definition).replace("{name}", definition.name.lower())
        expected = expected.replace("{rating}", rating or "")
        if same_words(block.text, expected.replace("[^method]", "")):
            self.ledger.generate(block, "the framework's sentence before the key-question table")
        else:
            text = re.sub(r"\[\^\d+\]", "[^method]", block.text, count=1)
            if "[^method]" not in text:
                text += "[^method]"
                self.ledger.find(
                    block.where,
                    "the sentence before the key-question table calls no footnote: the methodology note is called at its end",
                )
            out["key_question_intro"] = text
            self.ledger.place(block, f"standards > {definition.number} > key_question_intro")
        note = self.notes.take(calls[0]) if calls else None
        if note is None:
            return
        expected_note = rules.methodology_note(self.framework, definition)
        link = re.search(r"\]\((https?://[^)\s]+)\)", note.text)
        if link and not self.body.data_url and not _same_site(link[1], self.site.publisher.website):
            self.body.data_url = link[1]
        if same_words(note.text, expected_note):
            self.ledger.generate(note, "the framework's methodology footnote")
        else:
            out["methodology_note"] = note.text
            self.ledger.place(note, f"standards > {definition.number} > methodology_note")

    # -- sub-sections and outcomes ------------------------------------------------------------

    def section(self, unit: Unit) -> None:
        assert unit.head is not None
        if self.last is None:
            self.ledger.leave(unit.head, "a sub-section before any standard")
            return
        self.ledger.place(unit.head, "sections > title")
        path = f"standards > {self.last} > sections > {unit.title}"
        area = assemble(unit.blocks, self.reliable, self.ledger, f"sub-section '{unit.title}'")
        section: dict[str, Any] = {"title": unit.title}
        intro = markdown(area.lead, self.ledger, f"{path} > intro")
        if intro:
            section["intro"] = intro
        if area.points:
            section["points"] = items(area.points, self.ledger, f"{path} > points")
        self._lists(section, area, path)
        self.body.standards[self.last].setdefault("sections", []).append(section)

    def outcomes(self, unit: Unit) -> None:
        assert unit.head is not None
        self.ledger.generate(unit.head, "the outcomes heading (framework)")
        o = self.framework.outcomes
        out: dict[str, Any] = {}
        rest: list[Block] = []
        figures: list[int] = []
        for block in unit.blocks:
            text = block.plain
            if (o.statement and same_words(text, o.statement)) or (o.note and same_words(text, o.note)):
                self.ledger.generate(block, "the outcomes statement or note (framework)")
            elif block.kind == "row" and block.cells and w.TABLE_HEAD.match(plain(block.cells[-1])):
                self.ledger.generate(block, "the outcomes table's head")
            elif block.kind == "row" and (figure := _figure(block)) is not None:
                figures.append(figure)
                self.ledger.place(block, "outcomes > key_questions")
            else:
                rest.append(block)
        if figures:
            out["key_questions"] = figures
        area = assemble(rest, self.reliable, self.ledger, "the outcomes")
        intro = markdown(area.lead + area.points, self.ledger, "outcomes > intro")
        if intro:
            out["intro"] = intro
        self._lists(out, area, "outcomes")
        self.body.outcomes = out

    def _lists(self, out: dict[str, Any], area: _Area, path: str) -> None:
        if area.strengths:
            out["strengths"] = items(area.strengths, self.ledger, f"{path} > strengths")
        if area.areas:
            out["areas_for_improvement"] = items(area.areas, self.ledger, f"{path} > areas_for_improvement")


@dataclass
class _Area:
    lead: list[Block] = field(default_factory=list)
    points: list[Block] = field(default_factory=list)
    strengths: list[Block] = field(default_factory=list)
    areas: list[Block] = field(default_factory=list)


def assemble(
    blocks: list[Block], reliable: bool, ledger: Ledger, what: str, headings: tuple[str, str] = (w.STRENGTHS, w.AREAS)
) -> _Area:
    """Paragraphs, entries and quotations under their list headings."""
    area = _Area()
    state = before = "lead"
    heading_areas = False
    for block in blocks:
        if block.kind == "para" and w.is_heading(block.text, headings[0]):
            state = "strengths"
            ledger.generate(block, "a list heading")
            continue
        if block.kind == "para" and w.is_heading(block.text, headings[1]):
            state, heading_areas = "areas", True
            ledger.generate(block, "a list heading")
            continue
        if block.kind == "row":
            ledger.leave(block, f"a table in {what}, which the content model cannot hold there")
            continue
        if block.kind == "para" and w.PRACTICE_EXAMPLE.match(block.plain):
            state, before = "practice", state
            ledger.leave(block, "a practice example: the content model has no place for one yet")
            continue
        if state == "practice":
            if block.kind == "para":
                ledger.leave(block, "part of a practice example, which the content model has no place for yet")
                continue
            state = before
        if state == "lead" and block.kind in ("item", "quote"):
            state = "points"
        getattr(area, state).append(block)
    if area.strengths and not heading_areas and not reliable:
        _split_lost_heading(area, ledger, what)
    return area


def _split_lost_heading(area: _Area, ledger: Ledger, what: str) -> None:
    """'Strengths:' with no 'Areas for improvement:': the last run of entries is taken for the areas."""
    breaks = [i for i, b in enumerate(area.strengths) if i and b.gap_before]
    if not breaks:
        return
    clean = [i for i in breaks if not area.strengths[i].after_page_foot]
    at = (clean or breaks)[-1]
    area.strengths, area.areas = area.strengths[:at], area.strengths[at:]
    ledger.find(
        area.areas[0].where,
        f"'Areas for improvement:' is missing in {what}: the entries from here on were taken as areas for improvement; "
        "check against the published report",
    )


def items(blocks: list[Block], ledger: Ledger, path: str) -> list[Any]:
    out: list[Any] = []
    for block in blocks:
        out.append({"quote": block.text} if block.kind == "quote" else block.text)
        ledger.place(block, path)
    return out


def markdown(blocks: list[Block], ledger: Ledger, path: str) -> str:
    """Paragraphs, list entries and quotations as one Markdown text; a table cannot be one."""
    parts: list[str] = []
    for block in blocks:
        if block.kind == "item":
            if parts and parts[-1].startswith("- "):
                parts[-1] += "\n- " + block.text
            else:
                parts.append("- " + block.text)
        elif block.kind == "quote":
            parts.append(f"“{block.text}”")
        elif block.kind == "para":
            parts.append(block.text)
        else:
            ledger.leave(block, f"a table in {path}, which the content model cannot hold")
            continue
        ledger.place(block, path)
    return "\n\n".join(parts)


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
