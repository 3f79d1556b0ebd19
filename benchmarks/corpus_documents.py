"""Turn a planned PDU (its ratings already derived) or regional review into the data of its YAML file.

The sample content of a project (content/pdus, summaries, regions, letters)
is walked twice over with the same functions: once by :func:`learn`, to
gather each kind of field's sentences into a :class:`Recombiner`; then, for
every document of the corpus, to write fields shaped like those of a sample
report of the same framework (or of the sample letter), with the place names
of the samples replaced by the document's own. What the house rules decide
(ratings, key-question figures, the overall rating in the foreword) comes
from the plan, never from the samples.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from benchmarks.corpus_text import Recombiner
from sitegen.content.model import NOT_RATED
from sitegen.rules.framework import Framework, load_framework

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the same data either way; libyaml's is faster
# "Name Surname, Role" or "**Name Surname**, Role" in a cc list, not an address.
_CC_PERSON = re.compile(r"^(\*\*)?((?:Dr )?[A-Z][a-z]+(?: [A-Z][A-Za-z'’-]+)+)(\*\*)?, (?!.*@)")


@dataclass
class Samples:
    """The sample content, as plain data."""

    reports: dict[str, dict[str, Any]]
    letters: dict[str, dict[str, Any]]
    region_names: dict[str, str]
    pdu_names: dict[str, str]  # every sample PDU (reports and summaries): slug -> name without ' PDU'

    @classmethod
    def read(cls, root: Path) -> Samples:
        def folder(name: str) -> dict[str, dict[str, Any]]:
            files = sorted((root / "content" / name).glob("*.yaml"))
            return {p.stem: yaml.load(p.read_text(encoding="utf-8"), Loader=_LOADER) for p in files}

        reports, summaries = folder("pdus"), folder("summaries")
        names = {slug: data["pdu"].removesuffix(" PDU") for slug, data in {**summaries, **reports}.items()}
        regions = {slug: data["name"] for slug, data in folder("regions").items()}
        return cls(reports, folder("letters"), regions, names)

    def of_framework(self, framework: str) -> list[dict[str, Any]]:
        found = [r for r in self.reports.values() if str(r["framework"]) == framework]
        if not found:
            raise ValueError(f"the sample content has no report under the {framework} framework to follow")
        return found


@dataclass
class Planned:
    """What the plan decided for one report: names, dates and the ratings derived by the house rules."""

    name: str
    region: str
    region_name: str
    published: str
    fieldwork_started: str
    lead_inspector: str
    isbn: str
    chief_inspector: dict[str, str]
    ratings: dict[str, str]
    figures: dict[str, list[int]]
    outcomes: list[int]
    overall: str


def learn(samples: Samples) -> Recombiner:
    """Every sentence of the samples, by the kind of field it is in."""
    rc = Recombiner()
    for data in samples.reports.values():
        framework = load_framework(str(data["framework"]))
        rc.prose("foreword", data["foreword"])
        rc.prose("background", data["background"])
        for number, standard in data["standards"].items():
            _standard_text(rc, _standard_key(framework, number, standard.get("rating")), standard)
        _standard_text(rc, "outcomes", data.get("outcomes") or {})
        for group in data["recommendations"]:
            kind = _recommendation_kind(group["addressee"], data["pdu"])
            rc.pools[f"recommendation/{kind}"] += [str(item).strip().rstrip(".") for item in group["items"].values()]
    for letter in samples.letters.values():
        for theme in letter["themes"]:
            _theme_text(rc, theme)
        rc.prose("letter/summary", letter["summary"])
    return rc


def _standard_key(framework: Framework, number: str, rating: str | None) -> str:
    """Standards share sentences with their domain's (organisation, or case supervision) in both frameworks."""
    if rating == NOT_RATED:
        return "not-rated"
    return "domain-" + next(d.number for d in framework.domains if any(s.number == number for s in d.standards))


def _standard_text(rc: Recombiner, key: str, standard: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if standard.get("rationale"):
        out["rationale"] = rc.prose(f"{key}/rationale", standard["rationale"])
    for name in ("strengths", "areas_for_improvement"):
        if standard.get(name):
            out[name] = rc.items(f"{key}/{name}", standard[name])
    if standard.get("sections"):
        out["sections"] = [
            _titled_text(rc, "section", s, ("intro", "points", "strengths", "areas_for_improvement", "outro"))
            for s in standard["sections"]
        ]
    return out


def _theme_text(rc: Recombiner, theme: dict[str, Any]) -> dict[str, Any]:
    return _titled_text(rc, "theme", theme, ("body", "strengths", "areas_for_improvement", "outro"))


def _titled_text(rc: Recombiner, kind: str, part: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """A report's sub-section or a letter's theme: its sentences are its title's own ('Resettlement work')."""
    out: dict[str, Any] = {"title": part["title"]}
    for name in fields:
        if part.get(name):
            walk = rc.prose if isinstance(part[name], str) else rc.items
            out[name] = walk(f"{kind}/{part['title']}/{name}", part[name])
    return out


def _recommendation_kind(addressee: str, pdu: str) -> str:
    return "pdu" if addressee == pdu else "region" if addressee.endswith(" region") else "national"


def _template_standard(candidates: list[dict[str, Any]], number: str, not_rated: bool) -> dict[str, Any]:
    """The standard of the first sample that rated it as this report does (or left it unrated)."""
    for sample in candidates:
        standard = sample["standards"][number]
        if (standard.get("rating") == NOT_RATED) == not_rated:
            return standard
    return candidates[0]["standards"][number]


def report_data(
    planned: Planned, framework: Framework, sample: dict[str, Any], samples: Samples, rc: Recombiner
) -> dict[str, Any]:
    """A report file shaped like ``sample``, with the ratings of the plan."""
    candidates = [sample] + [s for s in samples.of_framework(framework.id) if s is not sample]
    data: dict[str, Any] = {
        "framework": framework.id,
        "pdu": f"{planned.name} PDU",
        "region": planned.region,
        "published": planned.published,
        "fieldwork_started": planned.fieldwork_started,
        "lead_inspector": planned.lead_inspector,
        "isbn": planned.isbn,
        "chief_inspector": planned.chief_inspector,
    }
    opening = f"We have rated {planned.name} Probation Delivery Unit (PDU) as '{planned.overall}' overall. "
    data["foreword"] = opening + rc.prose("foreword", sample["foreword"])
    data["recommendations"] = _recommendations(rc, sample, f"{planned.name} PDU", planned.region_name)
    data["background"] = rc.prose("background", sample["background"])
    data["standards"] = {}
    for standard in framework.standards:
        rating = planned.ratings[standard.number]
        entry: dict[str, Any] = {"rating": rating}
        if standard.number in planned.figures:
            entry["key_questions"] = planned.figures[standard.number]
        template = _template_standard(candidates, standard.number, rating == NOT_RATED)
        entry |= _standard_text(rc, _standard_key(framework, standard.number, rating), template)
        if "rationale" in entry and rating != NOT_RATED and not standard.by_key_questions:
            # The samples' own sentences about ratings were left out of the pools: say this one.
            entry["rationale"] += f"\nThis led to a rating of '{rating}' for {standard.name.lower()}.\n"
        data["standards"][standard.number] = entry
    if sample.get("outcomes"):
        outcomes = {"key_questions": planned.outcomes} if planned.outcomes else {}
        data["outcomes"] = outcomes | _standard_text(rc, "outcomes", sample["outcomes"])
    if sample.get("annexes"):
        data["annexes"] = [{"title": a["title"], "body": rc.substitute(a["body"])} for a in sample["annexes"]]
    return data


def _recommendations(rc: Recombiner, sample: dict[str, Any], pdu: str, region: str) -> list[dict[str, Any]]:
    """Groups as the sample's, addressed to this PDU and region, numbered on across groups."""
    groups, number = [], 1
    for group in sample["recommendations"]:
        kind = _recommendation_kind(group["addressee"], sample["pdu"])
        addressee = {"pdu": pdu, "region": f"{region} region"}.get(kind, group["addressee"])
        count = max(1, len(group["items"]) + rc.rng.choice((-1, 0, 0, 1)))
        items = [rc.substitute(rc.draw(f"recommendation/{kind}")) for _ in range(count)]
        items[-1] += "."
        groups.append({"addressee": addressee, "items": {number + i: text for i, text in enumerate(items)}})
        number += count
    return groups


def letter_data(
    region: str,
    pdus: list[str],
    date: str,
    template: dict[str, Any],
    rc: Recombiner,
    chief: dict[str, str],
    person: Callable[[], str],
) -> dict[str, Any]:
    """A regional review letter shaped like ``template``; ``person()`` invents a name."""
    director = person()
    cc = []
    for line in template.get("cc", []):
        found = _CC_PERSON.match(line)
        cc.append(line if found is None else line.replace(found[2], person(), 1))
    data: dict[str, Any] = {
        "region": region,
        "date": date,
        "to": {"name": director, "role": template["to"]["role"]},
        "cc": cc,
        "salutation": f"Dear {director.split()[0]},",
        "introduction": rc.substitute(template["introduction"]),
        "pdus": pdus,
        "observations_intro": rc.substitute(template.get("observations_intro", "")),
        "themes": [_theme_text(rc, theme) for theme in template["themes"]],
        "summary": rc.prose("letter/summary", template["summary"]),
        "sign_off": {
            "closing": template["sign_off"].get("closing", "Yours sincerely,"),
            "name": chief["name"],
            "title": chief["title"],
        },
        "ratings_intro": rc.substitute(template.get("ratings_intro", "")),
    }
    return {k: v for k, v in data.items() if v not in ("", [])}


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _initials(region: str) -> str:
    return "".join(word[0] for word in region.replace(",", "").split() if word[0].isupper())


def renaming(samples: Samples, names: Sequence[str], region: str, named: Sequence[str] = ()) -> dict[str, str]:
    """The samples' place names -> a document's: the sample PDUs ``named`` (in order) by ``names``, the rest by the first."""
    mapping = {samples.pdu_names[slug]: names[i % len(names)] for i, slug in enumerate(named)}
    if named:
        mapping[_join([samples.pdu_names[slug] for slug in named])] = _join(names)
    for name in samples.pdu_names.values():
        mapping.setdefault(name, names[0])
    for name in samples.region_names.values():
        mapping[name] = region
        if len(_initials(name)) > 1:  # GMPS, GMCA: the region's own initials
            mapping[_initials(name)] = _initials(region)
    return mapping
