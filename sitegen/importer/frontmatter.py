"""Turn a PDU report's cover, inside cover and foreword into the draft's fields and standard texts.

The cover gives the PDU, its region and the month of publication; the inside
cover the standard texts (acknowledgements, the Inspectorate's role, the
note on practice examples, the licence: compared with ``site.yaml``'s, left
out where equal, an override where they differ), the ISBN and the
publisher's details (which ``site.yaml`` holds, so they are checked, not
copied); the foreword its text and its signatory. The lead inspector is read
from the acknowledgements by the site's own wording of them.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from sitegen.content.load import Content
from sitegen.content.sitefile import Site
from sitegen.importer import wording as w
from sitegen.importer.blocks import Block, plain, same_words, squash, words
from sitegen.importer.entries import markdown
from sitegen.importer.ledger import Ledger

BOILERPLATE_KEYS = ("acknowledgements", "role", "practice_examples", "licence", "recommendations_intro")


@dataclass
class Project:
    """What the import compares the source with: the site's texts and the regions it knows."""

    site: Site
    regions: dict[str, str]  # slug -> name
    content: Content | None = None  # the project's reports and summaries, which a letter names


def cover(blocks: list[Block], draft: dict[str, Any], project: Project, ledger: Ledger, region: str | None) -> None:
    expect_pdu = False
    for block in blocks:
        text = plain(block.text)
        if kicker := w.KICKER.match(text):
            ledger.generate(block, "the cover's title")
            if kicker[1].strip():
                draft["pdu"] = kicker[1].strip()
                ledger.place(block, "pdu")
            else:
                expect_pdu = True
        elif expect_pdu and "pdu" not in draft:
            draft["pdu"] = text
            ledger.place(block, "pdu")
        elif found := w.REGION_LINE.match(text):
            draft["region"] = _region(found[1], project, region, block, ledger)
            ledger.place(block, "region")
        elif (found := w.PUBLISHED_LINE.match(text)) and "published" not in draft:
            draft["published"] = found[2]
            ledger.place(block, "published")
            if not same_words(found[1], project.site.publisher.name):
                ledger.find(block.where, f"the cover names the publisher '{found[1]}', site.yaml '{project.site.publisher.name}'")
        else:
            ledger.leave(block, "on the cover, but no field of the content model holds it")
    if region and "region" not in draft:
        draft["region"] = region
    for key in ("pdu", "region", "published"):
        if key not in draft:
            draft[key] = ""
            ledger.find("", f"the cover gives no {key}: fill it in")


def _region(name: str, project: Project, given: str | None, block: Block, ledger: Ledger) -> str:
    if given:
        return given
    for slug, known in project.regions.items():
        if same_words(known, name) or same_words(known + " region", name):
            return slug
    slug = "-".join(re.findall(r"[a-z0-9]+", name.lower()))
    ledger.find(block.where, f"no region '{name}' in content/regions/: add {slug}.yaml or import with --region")
    return slug


def front_matter(blocks: list[Block], draft: dict[str, Any], project: Project, ledger: Ledger) -> dict[str, str | None]:
    """The inside cover: the standard texts (compared with site.yaml's later) and the publication details."""
    site = project.site
    parts: dict[str, list[Block]] = {"acknowledgements": [], "role": [], "practice_examples": [], "licence": []}
    part = "acknowledgements"
    for block in blocks:
        text = plain(block.text)
        if w.is_heading(text, w.ACKNOWLEDGEMENTS) or w.ROLE_HEADING.match(text):
            ledger.generate(block, "a front-matter heading")
            part = "acknowledgements" if w.is_heading(text, w.ACKNOWLEDGEMENTS) else "role"
        elif found := w.COPYRIGHT.match(text):
            ledger.generate(block, "the copyright line (from the publication year)")
            if draft.get("published", "").endswith(found[1]) is False:
                ledger.find(block.where, f"copyright year {found[1]} is not the year of publication ({draft.get('published')})")
            part = "licence"
        elif found := w.AVAILABLE.match(text):
            _site_fact(block, found[1], site.publisher.website, "the publisher's website", ledger)
            part = "details"
        elif found := w.ISBN.match(text):
            draft["isbn"] = found[1].strip()
            ledger.place(block, "isbn")
        elif found := w.PUBLISHED_BY.match(text):
            address = " ".join([site.publisher.name, *site.publisher.address])
            if found[1]:
                _site_fact(block, found[1], address, "the publisher's name and address", ledger)
                part = "details"
            else:
                ledger.generate(block, "the publisher's details")
                part = "address"
        elif part == "address":
            _site_fact(block, text, " ".join([site.publisher.name, *site.publisher.address]), "the publisher's address", ledger)
            part = "details"
        elif found := w.FOLLOW.match(text):
            _site_fact(
                block,
                f"{found[1]} {found[2]}",
                f"{site.publisher.social_network} {site.publisher.social}",
                "the social line",
                ledger,
            )
        elif part == "role" and _nearer(text, site.boilerplate.practice_examples, site.boilerplate.role):
            parts["practice_examples"].append(block)
            ledger.place(block, "boilerplate > practice_examples")
        elif part in parts:
            parts[part].append(block)
            ledger.place(block, f"boilerplate > {part}")
        else:
            ledger.leave(block, "in the front matter, but no field of the content model holds it")
    acknowledgement = " ".join(b.plain for b in parts["acknowledgements"])
    lead = _lead_inspector(acknowledgement, site.boilerplate.acknowledgements)
    draft["lead_inspector"] = lead or ""
    if not lead:
        ledger.find("", "the lead inspector is not named in the acknowledgements: fill in lead_inspector")
    return {key: "\n\n".join(b.text for b in found) if found else None for key, found in parts.items()}


def _lead_inspector(acknowledgement: str, site_text: str) -> str | None:
    """The lead inspector's name, where the site's acknowledgements put it ('... led by HM Inspector {lead_inspector}, ...')."""
    before, placeholder, after = plain(site_text).partition("{lead_inspector}")
    if placeholder and before.split():
        lead_in = r"\s+".join(re.escape(word) for word in before.split()[-3:])
        stop = after.split()[0][:1] if after.split() else ""
        found = re.search(lead_in + r"\s+(.+?)" + (re.escape(stop) + r"(?=\s|$)" if stop else r"\s*$"), acknowledgement)
        if found:
            return found[1].strip()
    found = w.LEAD_INSPECTOR.search(acknowledgement)
    return found[1].strip() if found else None


def _nearer(text: str, one: str, other: str) -> bool:
    """Is ``text`` worded more like ``one`` than like ``other``?"""
    a, b = difflib.SequenceMatcher(None, words(text), words(one)), difflib.SequenceMatcher(None, words(text), words(other))
    return bool(one.strip()) and a.ratio() > b.ratio()


def _site_fact(block: Block, found: str, expected: str, what: str, ledger: Ledger) -> None:
    if same_words(found, expected):
        ledger.generate(block, f"{what} (site.yaml)")
    else:
        ledger.leave(block, f"{what} differs from site.yaml's ('{expected}'), and a report cannot override it")


def foreword(blocks: list[Block], draft: dict[str, Any], ledger: Ledger) -> None:
    body = [b for b in blocks if not w.is_heading(b.text, w.FOREWORD)]
    for block in blocks:
        if block not in body:
            ledger.generate(block, "the chapter heading")
    sign: list[Block] = []
    while body and body[-1].kind == "para" and len(body[-1].plain.split()) <= 10 and not body[-1].plain.endswith("."):
        sign.insert(0, body.pop())
        if len(sign) == 3:
            break
    draft["chief_inspector"] = _signatory(sign, ledger)
    draft["foreword"] = markdown(body, ledger, "foreword")


def _signatory(blocks: list[Block], ledger: Ledger) -> dict[str, str]:
    texts = [b.plain for b in blocks]
    for block in blocks:
        ledger.place(block, "chief_inspector")
    person = {"name": "", "title": ""}
    title_at = next((i for i, t in enumerate(texts) if w.SIGNATORY_TITLE.search(t)), None)
    if title_at is None:
        for block in blocks:
            ledger.leave(block, "after the foreword, but not a signatory with a title")
        ledger.find("", "the foreword's signatory was not found: fill in chief_inspector")
        return person
    found = w.SIGNATORY_TITLE.search(texts[title_at])
    assert found is not None
    before = texts[title_at][: found.start()].strip()
    person["title"] = found[1].strip()
    names = texts[:title_at] + ([before] if before else [])
    person["name"] = names[-1] if names else ""
    if len(names) > 1:
        person["signature"] = names[-2]
    return {k: v for k, v in person.items() if v or k != "signature"}


def boilerplate(texts: dict[str, str | None], draft: dict[str, Any], site: Site, ledger: Ledger) -> None:
    """The report's standard texts: left out where they equal site.yaml's, an override where they differ."""
    year = draft.get("published", "")[-4:]
    lead = draft.get("lead_inspector", "")
    own: dict[str, str] = {}
    for key in BOILERPLATE_KEYS:
        default = getattr(site.boilerplate, key).replace("{lead_inspector}", lead).replace("{year}", year)
        found = texts.get(key)
        if found is None:
            if default.strip():
                own[key] = ""
                ledger.find("", f"the source has no '{key}' text: it is left out of this report (an empty override)")
        elif squash(found) != squash(default):
            own[key] = found.replace(lead, "{lead_inspector}") if lead and key == "acknowledgements" else found
    if own:
        draft["boilerplate"] = own
