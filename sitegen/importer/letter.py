"""Turn the blocks of a regional review letter into a draft letter file.

The letter's own text is placed: date, recipient, cc lines, salutation,
introduction, the regional observations theme by theme ('Key strengths:',
'Key areas for improvement:'), the summary and the sign-off. Its annexes (each
PDU's recommendations and ratings) and the summary's sentence of ratings are
not written in a letter file: sitegen prints them from the PDUs' own files.
So the PDUs the annexes name are looked up in the project; those missing are
findings (import their reports, or write summaries), and the annexes' text is
recognised as generated.
"""

from __future__ import annotations

import re
from typing import Any

from sitegen.importer import wording as w
from sitegen.importer.blocks import Block, same_words
from sitegen.importer.entries import assemble, entries, markdown
from sitegen.importer.frontmatter import Project
from sitegen.importer.ledger import Ledger
from sitegen.importer.notes import Notes
from sitegen.importer.recognise import _content

DATE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$")
KEY_HEADINGS = ("Key strengths", "Key areas for improvement")
OBSERVATIONS = "Regional observations"
SUMMARY = "Summary"
SENTENCE = re.compile(r"^In our PDU inspections, we rated\b")
CLOSING = re.compile(r"^(Yours (?:sincerely|faithfully),?)$")
CC_SPLIT = re.compile(r"\s+(?=\*\*)")


def recognise_letter(blocks: list[Block], project: Project, ledger: Ledger, region: str | None = None) -> dict[str, Any]:
    notes = Notes(ledger)
    content = _content(blocks, ledger, notes)
    draft: dict[str, Any] = {}
    i = 0
    while i < len(content) and not DATE.match(content[i].plain):
        ledger.generate(content[i], "the letterhead (site.yaml)")
        i += 1
    if i < len(content):
        draft["date"] = content[i].plain
        ledger.place(content[i], "date")
        i += 1
    parts = _cut(content[i:], ledger)
    draft["region"] = region or ""
    _addresses(parts["head"], draft, ledger)
    draft["introduction"] = markdown(parts["introduction"], ledger, "introduction")
    pdus = _annexes(parts["annexes"], project, draft, ledger)
    draft["pdus"] = pdus
    draft["observations_intro"] = markdown(parts["intro"], ledger, "observations_intro")
    draft["themes"] = _themes(parts["themes"], ledger)
    _summary(parts["summary"], draft, ledger)
    draft["ratings_intro"] = markdown(parts["ratings_intro"], ledger, "ratings_intro")
    if not draft["region"]:
        ledger.find("", "the letter's region was not found from its PDUs: import with --region")
    notes.attach(draft)
    ledger.close(blocks)
    order = ("region", "date", "to", "cc", "salutation", "introduction", "pdus", "observations_intro", "themes")
    order += ("summary", "sign_off", "ratings_intro")
    return {k: draft[k] for k in order if k in draft and draft[k] not in ("", [])} | {"pdus": pdus}


def _cut(blocks: list[Block], ledger: Ledger) -> dict[str, list[Block]]:
    """The letter's parts, cut at its headings (which sitegen prints itself)."""
    parts: dict[str, list[Block]] = {k: [] for k in ("head", "introduction", "intro", "themes", "summary")}
    parts |= {"annexes": [], "ratings_intro": []}
    part = "head"
    for block in blocks:
        text = block.plain
        heading = block.kind == "para" and (
            w.is_heading(text, OBSERVATIONS) or w.is_heading(text, SUMMARY) or w.ANNEXE.match(text)
        )
        if heading:
            ledger.generate(block, "a heading of the letter")
            annexe = w.ANNEXE.match(text)
            part = "intro" if w.is_heading(text, OBSERVATIONS) else "summary" if not annexe else "annexes"
            if annexe and "rating" in annexe[2].lower():
                part = "ratings_intro"
            continue
        if part == "head" and text.startswith("Dear "):
            parts["head"].append(block)
            part = "introduction"
            continue
        if part == "intro" and block.kind == "para" and w.looks_like_heading(text):
            part = "themes"
        if part == "ratings_intro" and block.kind == "row":
            part = "annexes"
        parts[part].append(block)
    return parts


def _addresses(blocks: list[Block], draft: dict[str, Any], ledger: Ledger) -> None:
    state = ""
    cc: list[str] = []
    for block in blocks:
        text = block.plain
        if w.is_heading(text, "To"):
            state = "to"
            ledger.generate(block, "a label of the letter")
        elif w.is_heading(text, "cc"):
            state = "cc"
            ledger.generate(block, "a label of the letter")
        elif text.startswith("Dear "):
            draft["salutation"] = text
            ledger.place(block, "salutation")
        elif state == "to":
            name, _, role = text.partition(", ")
            draft["to"] = {"name": name, "role": role}
            ledger.place(block, "to")
            state = ""
        elif state == "cc":
            cc += [part.strip() for part in CC_SPLIT.split(block.text) if part.strip()]
            ledger.place(block, "cc")
        else:
            ledger.leave(block, "at the head of the letter, but no field of the content model holds it")
    draft["cc"] = cc


def _themes(blocks: list[Block], ledger: Ledger) -> list[dict[str, Any]]:
    themes: list[dict[str, Any]] = []
    current: list[Block] = []
    title: Block | None = None

    def close() -> None:
        if title is None:
            for block in current:
                ledger.leave(block, "before the first theme of the observations")
            return
        area = assemble(current, False, ledger, f"theme '{title.plain}'")
        theme: dict[str, Any] = {"title": title.plain}
        body = markdown(area.lead, ledger, f"themes > {title.plain} > body")
        if body:
            theme["body"] = body
        strengths = area.points + area.strengths
        if strengths:
            theme["strengths"] = entries(strengths, ledger, f"themes > {title.plain} > strengths")
        if area.areas:
            theme["areas_for_improvement"] = entries(area.areas, ledger, f"themes > {title.plain} > areas_for_improvement")
        themes.append(theme)

    for block in blocks:
        if (
            block.kind == "para"
            and w.looks_like_heading(block.plain)
            and not any(w.is_heading(block.text, h) for h in KEY_HEADINGS)
        ):
            close()
            title, current = block, []
            ledger.place(block, "themes > title")
        else:
            current.append(block)
    close()
    return themes


def _summary(blocks: list[Block], draft: dict[str, Any], ledger: Ledger) -> None:
    body: list[Block] = []
    tail: list[Block] = []
    for block in blocks:
        if SENTENCE.match(block.plain):
            ledger.generate(block, "the summary's sentence of ratings (from the PDUs' files)")
        elif tail or CLOSING.match(block.plain):
            tail.append(block)
        else:
            body.append(block)
    draft["summary"] = markdown(body, ledger, "summary")
    if tail:
        closing = CLOSING.match(tail[0].plain)
        sign = {"closing": closing[1] if closing else "Yours sincerely,"}
        names = [b.plain for b in tail[1:3]]
        sign |= {"name": names[0] if names else "", "title": names[1] if len(names) > 1 else ""}
        draft["sign_off"] = sign
        for block in tail[:3]:
            ledger.place(block, "sign_off")
        for block in tail[3:]:
            ledger.leave(block, "after the sign-off")
    else:
        ledger.find("", "the letter's sign-off ('Yours sincerely,') was not found: fill in sign_off")


def _annexes(blocks: list[Block], project: Project, draft: dict[str, Any], ledger: Ledger) -> list[str]:
    """The PDUs the annexes name, as the project's file names; the annexes themselves are generated."""
    known: dict[str, tuple[str, str]] = {}
    if project.content is not None:
        for slug, item in {**project.content.summaries, **project.content.reports}.items():
            known[slug] = (item.model.pdu, item.model.region)
    pdus: list[str] = []
    for block in blocks:
        ledger.generate(block, "an annexe or heading of the letter (printed from the PDUs' files)")
    for block in blocks:
        text = block.plain
        if block.kind != "para" or not text.endswith("PDU") or len(text.split()) > 6:
            continue
        slug = next((s for s, (pdu, _) in known.items() if same_words(pdu, text)), None)
        if slug is None:
            slug = "-".join(re.findall(r"[a-z0-9]+", re.sub(r"\bPDU\b", "", text).lower()))
            ledger.find(
                block.where, f"'{text}' has no file in content/pdus/ or content/summaries/: import its report or write a summary"
            )
        elif not draft.get("region"):
            draft["region"] = known[slug][1]
        if slug not in pdus:
            pdus.append(slug)
    ledger.find("", "the annexes are printed from the PDUs' files: compare them with the published letter once those files exist")
    return pdus
