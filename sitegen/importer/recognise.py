"""Turn the blocks of a published PDU report into a draft in the content model.

The report is cut into its chapters by their headings (cover, contents, front
matter, foreword, ratings, recommendations, background, the framework's
domains, annexes); each chapter has its own small reader here or in
:mod:`sitegen.importer.findings`. Wording sitegen generates (the framework's
names, statements, key questions and footnotes, the site's standard texts,
headings and labels) is recognised and left out of the draft; wording that
differs from the site's becomes an override; anything with no place in the
model is listed in the ledger with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sitegen.documents.report import ORDINALS
from sitegen.importer import wording as w
from sitegen.importer.blocks import RATING_WORDS, Block, plain, same_words
from sitegen.importer.entries import markdown
from sitegen.importer.findings import Body, read_body
from sitegen.importer.frontmatter import Project, boilerplate, cover, foreword, front_matter
from sitegen.importer.ledger import Ledger
from sitegen.importer.notes import Notes
from sitegen.importer.ownwords import OwnWords, template
from sitegen.rules.framework import Framework, available, load_framework


@dataclass
class Facts:
    """What the source states that the model computes: checked, not copied (see ``housecheck``)."""

    table_ratings: dict[str, tuple[str, str]] = field(default_factory=dict)  # number -> (rating, where)
    score: tuple[int, int, str] | None = None
    overall: tuple[str, str] | None = None


@dataclass
class Recognised:
    draft: dict[str, Any]
    framework: Framework
    facts: Facts
    body: Body


def recognise_report(blocks: list[Block], project: Project, ledger: Ledger, region: str | None = None) -> Recognised:
    notes = Notes(ledger)
    content = _content(blocks, ledger, notes)
    framework = _framework(content)
    own = OwnWords(framework)
    chapters = _chapters(content, framework, ledger, own)
    draft: dict[str, Any] = {"framework": framework.id}
    facts = Facts()
    cover(chapters["cover"], draft, project, ledger, region)
    for block in chapters["contents"]:
        ledger.generate(block, "the contents page")
    texts = front_matter(chapters["front"], draft, project, ledger)
    foreword(chapters["foreword"], draft, ledger)
    _ratings(chapters["ratings"], draft, facts, framework, ledger)
    texts["recommendations_intro"] = _recommendations(chapters["recommendations"], draft, ledger)
    _background(chapters["background"], draft, ledger)
    boilerplate(texts, draft, project.site, ledger)
    body = read_body(chapters["body"], framework, notes, ledger, project.site, own)
    draft["standards"] = body.standards
    if body.outcomes is not None:
        draft["outcomes"] = body.outcomes
    if body.data_url:
        draft["data_url"] = body.data_url
    draft["annexes"] = _annexes(chapters["annexes"], ledger, own)
    if wording := own.wording():
        draft["wording"] = wording
    notes.attach(draft)
    ledger.close(blocks)
    return Recognised(_ordered(draft), framework, facts, body)


ORDER = (
    "framework", "pdu", "region", "published", "fieldwork_started", "lead_inspector", "isbn", "chief_inspector",
    "data_url", "boilerplate", "wording", "foreword", "recommendations", "background", "standards", "outcomes", "annexes",
)  # fmt: skip


def _ordered(draft: dict[str, Any]) -> dict[str, Any]:
    return {key: draft[key] for key in ORDER if key in draft}


def _content(blocks: list[Block], ledger: Ledger, notes: Notes) -> list[Block]:
    """The blocks that carry content, in order: furniture set aside, footnotes collected, broken entries joined."""
    content: list[Block] = []
    foot = False
    for block in blocks:
        text = block.plain
        if block.kind == "furniture" or (block.kind == "para" and w.RUNNING_HEAD.match(text)):
            ledger.generate(block, "page furniture (running head, page number)")
            foot = True
        elif block.kind == "para" and text == w.RATING_LABEL:
            ledger.generate(block, "the label of a rating badge")
        elif block.kind == "note":
            notes.add(block)
            foot = True
        else:
            block.after_page_foot = foot
            foot = False
            for text, address in block.links:
                if not address:
                    ledger.find(block.where, f"'{text}' is a link in the source, with no address: write it [{text}](https://...)")
            if content and _continues(content[-1], block):
                content[-1].text += " " + block.text
                content[-1].links += block.links
                ledger.place(block, "the entry it continues")
                continue
            content.append(block)
    return content


def _continues(before: Block, block: Block) -> bool:
    """A paragraph or entry broken by a page: it starts in lower case where the last one stopped mid-sentence."""
    if block.kind not in ("para", "item") or before.kind not in ("para", "item"):
        return False
    if w.NUMBERED.match(block.text) or w.NUMBERED.match(before.text):
        return False
    if block.kind == "item" and max(block.depth, before.depth) > 1:
        return False  # entries of a nested list, which often start in lower case
    first = block.plain[:1]
    if block.plain.endswith(":") and len(block.plain.split()) <= 3:
        return False  # a label ("cc:"), not the rest of a sentence
    return first.islower() and not before.plain.endswith((".", "!", "?", ":", ";", '"', "”"))


def _framework(content: list[Block]) -> Framework:
    """The framework whose standards' headings and statements the source shows most of."""
    best, best_score = None, -1
    for framework_id in available():
        framework = load_framework(framework_id)
        score = 0
        for block in content:
            text = block.plain
            for standard in framework.standards:
                if same_words(text, f"{standard.number} {standard.name}") or same_words(text, standard.statement):
                    score += 1
        if score > best_score:
            best, best_score = framework, score
    assert best is not None
    return best


def _chapters(content: list[Block], framework: Framework, ledger: Ledger, own: OwnWords) -> dict[str, list[Block]]:
    """The blocks of each chapter, cut at the chapter headings."""
    starts: dict[str, int] = {}
    names = {"contents": w.CONTENTS, "front": w.ACKNOWLEDGEMENTS, "foreword": w.FOREWORD, "ratings": w.RATINGS}
    names |= {"recommendations": w.RECOMMENDATIONS, "background": w.BACKGROUND}
    for i, block in enumerate(content):
        if block.kind != "para":
            continue
        for key, word in names.items():
            if key not in starts and w.is_heading(block.text, word):
                starts[key] = i
        if "background" in starts and "body" not in starts and _is_domain(block, framework):
            starts["body"] = i
        if "body" in starts and "annexes" not in starts and w.ANNEXE.match(block.plain):
            starts["annexes"] = i
    if "body" not in starts:
        starts["body"] = next((i for i, b in enumerate(content) if _is_domain(b, framework)), len(content))
    order = ["cover", "contents", "front", "foreword", "ratings", "recommendations", "background", "body", "annexes"]
    starts["cover"] = 0
    for key in order:
        if key not in starts:
            ledger.find("", f"no '{names.get(key, key)}' chapter found: its fields are left empty in the draft")
    for key in ("foreword", "ratings", "recommendations", "background"):
        if key in starts:  # a chapter's heading as printed: "FOREWORD" is the report's own wording of "Foreword"
            own.saw(f"{key}_heading", content[starts[key]].plain)
    positions = sorted((starts[k], k) for k in order if k in starts)
    chapters = {k: [] for k in order}
    for n, (start, key) in enumerate(positions):
        end = positions[n + 1][0] if n + 1 < len(positions) else len(content)
        chapters[key] = content[start:end]
    return chapters


def _is_domain(block: Block, framework: Framework) -> bool:
    match = w.DOMAIN_HEADING.match(block.plain)
    return block.kind == "para" and any(
        (match and match[1] == d.number and same_words(match[2], d.title)) for d in framework.domains
    )


def _ratings(blocks: list[Block], draft: dict[str, Any], facts: Facts, framework: Framework, ledger: Ledger) -> None:
    """The ratings table: the fieldwork month is a field, the ratings and score are checked against the findings."""
    for block in blocks:
        text = " ".join(plain(c) for c in block.cells) if block.cells else block.plain
        joined = re.sub(r"\s+", " ", text).strip()
        ledger.generate(block, "the ratings table (from the standards' ratings)")
        if found := w.FIELDWORK.search(joined):
            draft["fieldwork_started"] = found[1]
            ledger.place(block, "fieldwork_started")
        if found := w.SCORE.search(joined):
            facts.score = (int(found[1]), int(found[2]), block.where)
        if found := w.STANDARD_ROW.match(joined):
            number = _standard_number(found[1], found[2], framework)
            if number:
                facts.table_ratings[number] = (found[4], block.where)
        elif found := w.OVERALL.search(joined):
            facts.overall = (found[1], block.where)
    if "fieldwork_started" not in draft:
        draft["fieldwork_started"] = ""
        ledger.find("", "the ratings table gives no 'Fieldwork started' month: fill in fieldwork_started")


def _standard_number(prefix: str | None, number: str, framework: Framework) -> str | None:
    for candidate in (number, f"P {number}", f"{(prefix or '').strip()} {number}".strip()):
        if framework.standard(candidate):
            return candidate
    return None


def _recommendations(blocks: list[Block], draft: dict[str, Any], ledger: Ledger) -> str | None:
    intro: list[Block] = []
    groups: list[dict[str, Any]] = []
    for block in blocks:
        text = block.plain
        if w.is_heading(text, w.RECOMMENDATIONS):
            ledger.generate(block, "the chapter heading")
        elif block.kind == "para" and (found := w.ADDRESSEE.match(text)):
            groups.append({"addressee": found[1], "items": {}})
            ledger.place(block, "recommendations > addressee")
        elif groups and block.kind in ("item", "para") and (found := w.NUMBERED.match(block.text)):
            number = int(found[1])
            if number in groups[-1]["items"]:
                ledger.leave(block, f"recommendation {number} is numbered twice")
                continue
            groups[-1]["items"][number] = found[2].strip()
            ledger.place(block, f"recommendations > {number}")
        elif groups and block.kind == "item":
            ledger.leave(block, "a recommendation without a number: number it and add it by hand")
        elif not groups and block.kind == "para":
            intro.append(block)
            ledger.place(block, "boilerplate > recommendations_intro")
        else:
            ledger.leave(block, "in the recommendations, but not a recommendation or an addressee")
    draft["recommendations"] = groups
    if not groups:
        ledger.find("", "no recommendations found ('<addressee> should:' followed by numbered entries)")
    return "\n\n".join(b.text for b in intro) if intro else None


def _background(blocks: list[Block], draft: dict[str, Any], ledger: Ledger) -> None:
    body = []
    for block in blocks:
        if w.is_heading(block.text, w.BACKGROUND):
            ledger.generate(block, "the chapter heading")
        else:
            body.append(block)
    draft["background"] = markdown(body, ledger, "background")


def _annexes(blocks: list[Block], ledger: Ledger, own: OwnWords) -> list[dict[str, str]]:
    annexes: list[dict[str, Any]] = []
    body: list[Block] = []
    for block in blocks:
        if block.kind == "para" and (found := w.ANNEXE.match(block.plain)):
            if annexes:
                annexes[-1]["body"] = markdown(body, ledger, "annexes")
            printed = template(block.plain, ordinal=found[1], title=found[2].strip())
            if printed and found[1].lower() == (ORDINALS[len(annexes)] if len(annexes) < len(ORDINALS) else ""):
                own.saw("annexe_heading", printed)
            annexes.append({"title": found[2].strip(), "body": ""})
            body = []
            ledger.generate(block, "the annexe's heading")
        elif annexes:
            body.append(block)
        else:
            ledger.leave(block, "after the findings, before any annexe")
    if annexes:
        annexes[-1]["body"] = markdown(body, ledger, "annexes")
    return annexes


__all__ = ["Project", "Recognised", "recognise_report", "RATING_WORDS"]
