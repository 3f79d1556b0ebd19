"""Generate a national corpus: a whole sitegen project of invented PDU inspections in England and Wales.

Run from the repository root:

    .venv/bin/python benchmarks/national_corpus.py OUT_DIR [--reports 108] [--regions 12] [--seed 1]

OUT_DIR (new or empty) receives site.yaml (the repository's) and content/:
one file per probation region (the 12 real regions, PDUs shared out roughly
as the real ones are), one report per PDU (invented but plausible names),
and one regional review letter per region naming the PDUs of its review
(up to three, inspected together, as in the sample letter). It is the
corpus of the national-scale benchmark and of the national-site tests.

- Frameworks: inspections run from January 2022 to about March 2025 in
  groups of up to three PDUs of a region; about 30% of the groups fall from
  April 2024 and follow the 2024 framework, the others the 2021 framework.
  About one 2021 report in seven has its court work 'Not rated' (the one
  standard a framework lets go unrated).
- Ratings: the key-question figures are drawn first (by the PDU's quality,
  the question and chance), then every rating comes from them by the house
  rules of ``sitegen.rules.house``: figures to ratings, the decision rules
  (which cap the judged standards) and the score to the overall rating,
  which the foreword states. The corpus therefore always validates.
- Text: each report has the shape of a sample report of its framework in
  content/pdus/ (as many paragraphs, bullets, quotations, footnotes and
  recommendations, each about as long: some 6,000 words of content, 22-24
  PDF pages), written from the sentences of that kind of field in the
  samples, drawn and recombined by the seeded RNG (``corpus_text``,
  ``corpus_documents``).
- Deterministic: the same arguments write the same bytes; another seed,
  another corpus. The 108 reports take under a second.
"""

from __future__ import annotations

import argparse
import logging
import math
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus_documents import Planned, Samples, learn, letter_data, renaming, report_data  # noqa: E402
from benchmarks.corpus_text import dump_yaml, substitution, word_count  # noqa: E402
from sitegen.content.model import MONTHS, NOT_RATED, RATINGS  # noqa: E402
from sitegen.rules import house  # noqa: E402
from sitegen.rules.framework import Framework, load_framework  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
log = logging.getLogger("national_corpus")

#: The probation regions of England and Wales, with roughly how many PDUs each has (108 in all).
REGIONS = (
    ("East Midlands", 9), ("East of England", 9), ("Greater Manchester", 10), ("Kent, Surrey and Sussex", 8),
    ("London", 14), ("North East", 7), ("North West", 10), ("South Central", 8), ("South West", 8),
    ("Wales", 6), ("West Midlands", 9), ("Yorkshire and the Humber", 10),
)  # fmt: skip
#: Fieldwork months (year, month): the 2021 framework up to March 2024, the 2024 one after.
FIRST_2021, FIRST_2024, LAST_2024 = (2022, 1), (2024, 4), (2025, 3)
SHARE_2024 = 0.3
SHARE_NOT_RATED = 0.15
REVIEW_SIZE = 3
#: Mean key-question figures by the number of questions and their place (engaging, desistance, safety).
KQ_MEANS = {1: (62,), 3: (72, 66, 46)}
OUTCOMES_MEAN = 50


def _names(words: str) -> tuple[str, ...]:
    return tuple(words.split())


_ENGLISH = _names(
    "Alder Ash Bar Bex Brack Bram Calder Chal Cran Dar Dun Elm Ever Fal Fen Gran Hal Hart Hazel Hol Kel "
    "Lang Lin Lox Mar Mel Mill Nor Oak Ock Pem Pix Quen Ray Ring Rother Sand Sel Stan Tad Thorn Wal Wes Whit Wood"
)
_ENGLISH_END = _names(
    "ford ley bury ton field wick ham by mouth bridge stead worth combe dale minster borough well thorpe hurst den"
)
_WELSH = _names("Aber Llan Pen Cwm Bryn Caer Pont Tre Maes Nant Rhyd Glyn")
_WELSH_END = _names("dare gwyn fawr teg elli taf wen rhos ddu mawr lan coed")
_FIRST = _names(
    "Alison Amir Beth Catherine Colin Daniel Deborah Fiona Gareth Hannah Imran Joanne Karen Kevin Laura "
    "Mark Nadia Neil Olivia Patrick Priya Rachel Richard Samira Sarah Simon Tom Usha Victoria Yusuf"
)
_SURNAME = _names(
    "Ahmed Bennett Brennan Carter Clarke Davies Edwards Fletcher Gill Hughes Jones Kaur Khan Lewis Marsh "
    "Morgan Nolan Owen Patel Price Quinn Reid Shaw Singh Taylor Turner Walsh Ward Webb Wright"
)


@dataclass
class Pdu:
    """One PDU of the plan: where, when, under which framework, and (once rated) its ratings."""

    slug: str
    name: str
    region: str
    framework: str = ""
    fieldwork: tuple[int, int] = (0, 0)
    published: tuple[int, int] = (0, 0)
    not_rated: bool = False  # the standards the framework lets go unrated (court work) are 'Not rated'
    ratings: dict[str, str] = field(default_factory=dict)
    figures: dict[str, list[int]] = field(default_factory=dict)
    outcomes: list[int] = field(default_factory=list)
    overall: str = ""


@dataclass
class Corpus:
    """What was generated: regions (slug -> name), reports, letters (slug -> its PDUs), words per report."""

    regions: dict[str, str]
    reports: dict[str, Pdu]
    letters: dict[str, list[str]]
    words: dict[str, int]


def _add_months(month: tuple[int, int], n: int) -> tuple[int, int]:
    index = month[0] * 12 + month[1] - 1 + n
    return index // 12, index % 12 + 1


def _month_text(month: tuple[int, int]) -> str:
    return f"{MONTHS[month[1] - 1]} {month[0]}"


def _slug(name: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def _share(total: int, weights: list[int]) -> list[int]:
    """``total`` shared in proportion to ``weights`` (largest remainders), at least one each."""
    spare = total - len(weights)
    exact = [spare * w / sum(weights) for w in weights]
    counts = [int(x) for x in exact]
    for i in sorted(range(len(weights)), key=lambda i: counts[i] - exact[i])[: spare - sum(counts)]:
        counts[i] += 1
    return [c + 1 for c in counts]


def _place(rng: random.Random, welsh: bool) -> str:
    starts, ends = (_WELSH, _WELSH_END) if welsh else (_ENGLISH, _ENGLISH_END)
    word = rng.choice(starts) + rng.choice(ends)
    form = rng.random()
    if form < 0.2:
        return f"{word} and {rng.choice(starts)}{rng.choice(ends)}"
    if form < 0.35:
        return f"{rng.choice(('North', 'South', 'East', 'West', 'Central'))} {word}"
    return word


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_FIRST)} {rng.choice(_SURNAME)}"


def _isbn(year: int, index: int) -> str:
    digits = f"978191{year % 100:02d}{index % 10000:04d}"
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10) % 10
    return f"978-1-{digits[4:10]}-{digits[10:]}-{check}"


def plan(rng: random.Random, reports: int, regions: int) -> tuple[dict[str, str], dict[str, Pdu], dict[str, list[str]]]:
    """Regions, their PDUs, when each was inspected and under which framework, and each region's review."""
    chosen = REGIONS[:regions]
    region_names = {_slug(name): name for name, _ in chosen}
    pdus: dict[str, Pdu] = {}
    groups: list[list[Pdu]] = []  # PDUs of a region inspected together
    reviews: dict[str, list[Pdu]] = {}
    for (name, _), count in zip(chosen, _share(reports, [w for _, w in chosen]), strict=True):
        members: list[Pdu] = []
        while len(members) < count:
            place = _place(rng, welsh=name == "Wales")
            if _slug(place) not in pdus:
                pdus[_slug(place)] = Pdu(_slug(place), place, _slug(name))
                members.append(pdus[_slug(place)])
        size = math.ceil(count / math.ceil(count / REVIEW_SIZE))  # as even as can be, none above REVIEW_SIZE
        region_groups = [members[i : i + size] for i in range(0, count, size)]
        reviews[_slug(name)] = region_groups[0]
        groups += region_groups
    rng.shuffle(groups)
    later = min(max(round(len(groups) * SHARE_2024), 1), len(groups) - 1) if len(groups) > 1 else 0
    for framework, batch, first, last in (
        ("2021", groups[: len(groups) - later], FIRST_2021, _add_months(FIRST_2024, -1)),
        ("2024", groups[len(groups) - later :], FIRST_2024, LAST_2024),
    ):
        span = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
        for k, group in enumerate(batch):
            for i, pdu in enumerate(group):
                pdu.framework = framework
                pdu.fieldwork = _add_months(first, k * span // len(batch) + i % 2)
                pdu.published = _add_months(pdu.fieldwork, rng.choice((2, 3)))
    under_2021 = [p for p in pdus.values() if p.framework == "2021"]
    for pdu in rng.sample(under_2021, max(1, round(len(under_2021) * SHARE_NOT_RATED)) if under_2021 else 0):
        pdu.not_rated = True
    letters = {f"{region}-{max(p.published for p in review)[0]}": [p.slug for p in review] for region, review in reviews.items()}
    return region_names, pdus, letters


def rate(pdu: Pdu, framework: Framework, rng: random.Random) -> None:
    """Figures first, then every rating from them by the house rules."""
    quality = rng.gauss(0, 1)
    for standard in framework.standards:
        if standard.may_be_not_rated and pdu.not_rated:
            pdu.ratings[standard.number] = NOT_RATED
        elif standard.by_key_questions:
            offset = rng.gauss(0, 4)
            means = KQ_MEANS[len(standard.key_questions)]
            figures = [min(98, max(5, round(m + offset + 9 * quality + rng.gauss(0, 7)))) for m in means]
            pdu.figures[standard.number] = figures
            pdu.ratings[standard.number] = house.rating_from_key_questions(framework, figures)
        else:  # judged by the inspectors: by the PDU's quality and chance, then capped by the decision rules
            level = min(3, max(0, round(1.4 + 0.7 * quality + rng.gauss(0, 0.6))))
            pdu.ratings[standard.number] = RATINGS[len(RATINGS) - 1 - level]
    while breaches := house.decision_rule_breaches(framework, pdu.ratings):
        for breach in breaches:
            pdu.ratings[breach.standard] = breach.limit
    if framework.outcomes.key_questions:
        pdu.outcomes = [min(95, max(5, round(OUTCOMES_MEAN + 8 * quality + rng.gauss(0, 8))))]
    pdu.overall = house.overall_rating(framework, house.score(framework, pdu.ratings))


def _words(value: Any) -> int:
    if isinstance(value, str):
        return word_count(value)
    if isinstance(value, dict):
        return sum(_words(v) for v in value.values())
    if isinstance(value, list):
        return sum(_words(v) for v in value)
    return 0


def generate(out: Path, reports: int = 108, regions: int = len(REGIONS), seed: int = 1, samples_root: Path = REPO) -> Corpus:
    """Write a national corpus project into ``out`` (new or empty) and say what it holds.

    ``samples_root`` is the project whose content/ and site.yaml the corpus follows.
    """
    if not 1 <= regions <= len(REGIONS):
        raise ValueError(f"--regions must be 1-{len(REGIONS)}, not {regions}")
    if reports < regions:
        raise ValueError(f"--reports must be at least --regions ({regions}): every region has a PDU")
    if out.exists() and any(out.iterdir()):
        raise ValueError(f"{out} is not empty: give a new or empty folder")
    rng = random.Random(seed)
    region_names, pdus, letters = plan(rng, reports, regions)
    samples = Samples.read(samples_root)
    rc = learn(samples)
    chiefs = {}
    for framework_id in ("2021", "2024"):
        title = samples.of_framework(framework_id)[0]["chief_inspector"]["title"]
        chiefs[framework_id] = {"name": _person(rng), "title": title}
    comment = f"Generated by benchmarks/national_corpus.py (seed {seed}): an invented inspection, not a real one."
    files = {f"content/regions/{slug}.yaml": dump_yaml({"name": name}, comment) for slug, name in region_names.items()}
    words = {}
    for index, pdu in enumerate(sorted(pdus.values(), key=lambda p: (p.published, p.slug))):
        doc_rng = random.Random(f"{seed}/{pdu.slug}")  # each document its own stream: independent of the others
        framework = load_framework(pdu.framework)
        rate(pdu, framework, doc_rng)
        sample = doc_rng.choice(samples.of_framework(pdu.framework))
        region_name = region_names[pdu.region]
        rc.start(doc_rng, substitution(renaming(samples, [pdu.name], region_name)), pdu.published[0])
        planned = Planned(
            pdu.name, pdu.region, region_name, _month_text(pdu.published), _month_text(pdu.fieldwork),
            _person(doc_rng), _isbn(pdu.published[0], index), chiefs[pdu.framework],
            pdu.ratings, pdu.figures, pdu.outcomes, pdu.overall,
        )  # fmt: skip
        data = report_data(planned, framework, sample, samples, rc)
        words[pdu.slug] = _words(data)
        files[f"content/pdus/{pdu.slug}.yaml"] = dump_yaml(data, comment)
    template = next(iter(samples.letters.values()))
    for slug, members in letters.items():
        review = [pdus[m] for m in members]
        latest = max(p.published for p in review)
        doc_rng = random.Random(f"{seed}/{slug}")
        names = [p.name for p in review]
        rc.start(doc_rng, substitution(renaming(samples, names, region_names[review[0].region], template["pdus"])), latest[0])
        date = f"{doc_rng.randint(3, 28)} {_month_text(latest)}"
        chief = chiefs[review[0].framework]
        data = letter_data(review[0].region, members, date, template, rc, chief, partial(_person, doc_rng))
        files[f"content/letters/{slug}.yaml"] = dump_yaml(data, comment)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(samples_root / "site.yaml", out / "site.yaml")
    for relative, text in sorted(files.items()):
        (out / relative).parent.mkdir(parents=True, exist_ok=True)
        (out / relative).write_text(text, encoding="utf-8")
    return Corpus(region_names, pdus, letters, words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, metavar="OUT_DIR", help="a new or empty folder for the project")
    parser.add_argument("--reports", type=int, default=108, help="PDU inspection reports (default 108)")
    parser.add_argument("--regions", type=int, default=len(REGIONS), help=f"probation regions, 1-{len(REGIONS)} (default all)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same files (default 1)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    start = time.perf_counter()
    try:
        corpus = generate(args.out, args.reports, args.regions, args.seed)
    except ValueError as error:
        parser.error(str(error))
    elapsed = time.perf_counter() - start
    frameworks = [p.framework for p in corpus.reports.values()]
    words = sorted(corpus.words.values())
    log.info(
        "%d reports in %d regions (%d under the 2021 framework, %d under 2024; court work 'Not rated' in %d), %d letters",
        len(corpus.reports), len(corpus.regions), frameworks.count("2021"), frameworks.count("2024"),
        sum(p.not_rated for p in corpus.reports.values()), len(corpus.letters),
    )  # fmt: skip
    log.info("words of content per report: %d-%d, median %d", words[0], words[-1], words[len(words) // 2])
    overall = [p.overall for p in corpus.reports.values()]
    log.info("overall ratings: %s", ", ".join(f"{r} {overall.count(r)}" for r in RATINGS))
    log.info("written to %s in %.2f s", args.out, elapsed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
