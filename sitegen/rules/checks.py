"""Check a validated report against its framework, the house rules and the site.

The schema says what shape a report has; this says whether it is right:
every standard of the framework present and no other, key-question figures
where the framework asks for them, stated ratings that agree with the
figures and the decision rules, recommendation numbers that run on, and a
region that exists. Each problem names the YAML line of the offending value.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping

from sitegen.content.load import Content
from sitegen.content.model import NOT_RATED, Letter, Report, Summary
from sitegen.content.problems import Problem
from sitegen.content.sitefile import Site
from sitegen.content.wording import LETTER_SENTENCES, SENTENCES
from sitegen.content.yamlfile import YamlDoc
from sitegen.rules import house as rules
from sitegen.rules import wording
from sitegen.rules.framework import Framework, load_framework


def check_content(content: Content) -> list[Problem]:
    """Every house-rule problem of the content that was read, file by file.

    Cross-references are checked against the files present: a region or PDU
    file with a mistake of its own is reported once, there, not again by each
    file that names it. PDUs not read this time (unchanged since a build that
    checked them) count as present with the region they had.
    """
    problems: list[Problem] = []
    regions = content.region_names
    for item in content.reports.values():
        problems += check_report(item.model, item.doc, load_framework(item.model.framework), regions)
    reports = set(content.reports) | content.other_reports
    for slug, summary in content.summaries.items():
        if slug in reports:
            problems.append(summary.doc.problem((), f"'{slug}' is both a report in content/pdus/ and a summary: keep one"))
        problems += check_summary(summary.model, summary.doc, load_framework(summary.model.framework), regions)
    # Only what a file says in full is relied on across files: a PDU file whose region was refused by
    # the schema has its own problem, and a letter naming it is not wrong for that.
    read = {slug: item.model.region for slug, item in {**content.summaries, **content.reports}.items() if item.complete}
    pdu_regions = {**content.other_pdus, **read}
    site = content.site if content.site_doc is not None and not content.site_doc.refused else None
    for item in content.letters.values():
        problems += check_letter(item.model, item.doc, regions, pdu_regions, content.pdu_names, site)
    return problems


def _check_region(region: str, doc: YamlDoc, regions: list[str]) -> list[Problem]:
    if region in regions:
        return []
    near = difflib.get_close_matches(region, regions, n=1)
    hint = f"did you mean '{near[0]}'?" if near else f"the regions are: {', '.join(regions) or 'none yet'}"
    return [doc.problem(("region",), f"no region '{region}' in content/regions/: {hint}")]


def check_report(report: Report, doc: YamlDoc, framework: Framework, regions: list[str]) -> list[Problem]:
    problems = _check_region(report.region, doc, regions)
    problems += _check_standards(report, doc, framework)
    problems += _check_outcomes(report, doc, framework)
    problems += _check_recommendations(report, doc)
    problems += _check_wording(report, doc)
    return problems


def _check_wording(report: Report, doc: YamlDoc) -> list[Problem]:
    """A report's own wording uses only the placeholders sitegen fills in for its key."""
    texts = [(("wording", key), key, text) for key, text in report.wording.model_dump().items() if text is not None]
    for number, standard in report.standards.items():
        for key in ("key_question_intro", "methodology_note"):
            text = getattr(standard, key)
            if text is not None:
                texts.append((("standards", number, key), f"{key}_single", text))
    problems = _check_placeholders(texts, SENTENCES, doc)
    for loc, key, text in texts:
        if key.startswith("key_question_intro") and "[^method]" not in text:
            message = "this sentence calls the methodology footnote: write [^method] where its number goes"
            problems.append(doc.problem(loc, message))
    return problems


def _check_placeholders(
    texts: list[tuple[tuple[str | int, ...], str, str]], sentences: dict[str, tuple[tuple[str, ...], str]], doc: YamlDoc
) -> list[Problem]:
    """Each text (at its location, for its key) uses only the placeholders sitegen fills in for that key."""
    problems = []
    for loc, key, text in texts:
        allowed = sentences[key][0]
        for name in wording.unknown_placeholders(text, allowed):
            fills = ", ".join("{" + n + "}" for n in allowed) or "none"
            problems.append(doc.problem(loc, f"{{{name}}} is not filled in here: the placeholders of this text are {fills}"))
    return problems


def stated_or_computed_ratings(report: Report, framework: Framework) -> dict[str, str]:
    """Each standard's rating: from its key questions where it has them, else as stated."""
    ratings: dict[str, str] = {}
    for definition in framework.standards:
        found = report.standards.get(definition.number)
        if found is None:
            continue
        if found.rating == NOT_RATED:
            ratings[definition.number] = NOT_RATED
        elif definition.by_key_questions and len(found.key_questions) == len(definition.key_questions):
            ratings[definition.number] = rules.rating_from_key_questions(framework, found.key_questions)
        elif found.rating is not None:
            ratings[definition.number] = found.rating
    return ratings


def _check_standards(report: Report, doc: YamlDoc, framework: Framework) -> list[Problem]:
    problems = _unknown_standards(report.standards, "standards", doc, framework)
    as_printed = {_printed(number, framework) for number in report.standards}
    for definition in framework.standards:
        loc: tuple[str, ...] = ("standards", definition.number)
        found = report.standards.get(definition.number)
        if found is None:
            if definition.number not in as_printed:  # else its key's problem says what to write
                problems.append(doc.problem(("standards",), f"standard {definition.number} ({definition.name}) is missing"))
            continue
        if found.rating == NOT_RATED:
            if not definition.may_be_not_rated:
                problems.append(
                    doc.problem(loc + ("rating",), f"{definition.name} must be rated: 'Not rated' is not allowed for it")
                )
            elif found.key_questions:
                problems.append(
                    doc.problem(loc + ("key_questions",), "a 'Not rated' standard has no key-question figures: remove them")
                )
            continue
        if not definition.by_key_questions:
            if found.key_questions:
                problems.append(
                    doc.problem(
                        loc + ("key_questions",), f"{definition.name} is not rated on key questions: remove key_questions"
                    )
                )
            if found.rating is None:
                problems.append(doc.problem(loc, f"'rating' is required for {definition.name}: add it"))
            continue
        expected = len(definition.key_questions)
        if len(found.key_questions) != expected:
            what = "one figure" if expected == 1 else f"{expected} figures, in the framework's order"
            problems.append(
                doc.problem(
                    loc + ("key_questions",) if found.key_questions else loc,
                    f"{definition.name} needs {what} for its key questions; found {len(found.key_questions)}",
                )
            )
            continue
        computed = rules.rating_from_key_questions(framework, found.key_questions)
        if found.rating is not None and found.rating != computed:
            low = min(found.key_questions)
            question = definition.key_questions[found.key_questions.index(low)]
            problems.append(
                doc.problem(
                    loc + ("rating",),
                    f"'{found.rating}' contradicts the key questions: the lowest is {low}% ({question}), "
                    f"which gives '{computed}'",
                )
            )
    ratings = stated_or_computed_ratings(report, framework)
    problems += _decision_rules(framework, ratings, doc, lambda number: ("standards", number, "rating"))
    return problems


def _unknown_standards(found: Mapping[str, object], field: str, doc: YamlDoc, framework: Framework) -> list[Problem]:
    """A standard number the framework does not have, with the nearest it does."""
    known = [s.number for s in framework.standards]
    problems = []
    for number in found:
        if number in known:
            continue
        printed = _printed(number, framework)
        if printed:
            message = f'write the standard\'s number alone, in double quotes, as the key: "{printed}":'
        else:
            near = difflib.get_close_matches(number, known, n=1, cutoff=0.5)
            hint = f"did you mean '{near[0]}'?" if near else f"the standards are {', '.join(known)}"
            message = f"the {framework.id} framework has no standard '{number}': {hint}"
        problems.append(doc.problem((field, number), message, key=True))
    return problems


def _printed(key: str, framework: Framework) -> str | None:
    """The standard whose number a key is as a report prints it ('2.1.', '2.1 Court work'), if any."""
    known = sorted((s.number for s in framework.standards), key=len, reverse=True)
    return next((n for n in known if key != n and key.startswith(n) and not key[len(n) :][:1].isdigit()), None)


def _decision_rules(
    framework: Framework, ratings: Mapping[str, str], doc: YamlDoc, loc: Callable[[str], tuple[str, ...]]
) -> list[Problem]:
    problems = []
    for breach in rules.decision_rule_breaches(framework, ratings):
        because = ", ".join(f"{n} is '{ratings[n]}'" for n in breach.because)
        message = f"'{breach.stated}' breaks a decision rule: {breach.reason} ({because}); the most it can be is '{breach.limit}'"
        problems.append(doc.problem(loc(breach.standard), message))
    return problems


def _check_outcomes(report: Report, doc: YamlDoc, framework: Framework) -> list[Problem]:
    if report.outcomes is None:
        return []
    expected = len(framework.outcomes.key_questions)
    found = len(report.outcomes.key_questions)
    if found != expected:
        return [
            doc.problem(
                ("outcomes", "key_questions") if found else ("outcomes",),
                f"the {framework.id} framework's outcomes need {expected} key-question figure(s); found {found}",
            )
        ]
    return []


def check_summary(summary: Summary, doc: YamlDoc, framework: Framework, regions: list[str]) -> list[Problem]:
    """A PDU published elsewhere: its ratings and recommendations under the same house rules."""
    problems = _check_region(summary.region, doc, regions)
    problems += _unknown_standards(summary.ratings, "ratings", doc, framework)
    known = [s.number for s in framework.standards]
    as_printed = {_printed(number, framework) for number in summary.ratings}
    for definition in framework.standards:
        rating = summary.ratings.get(definition.number)
        if rating is None and not definition.may_be_not_rated and definition.number not in as_printed:
            problems.append(doc.problem(("ratings",), f"the rating of {definition.number} ({definition.name}) is missing"))
        elif rating == NOT_RATED and not definition.may_be_not_rated:
            problems.append(
                doc.problem(("ratings", definition.number), f"{definition.name} must be rated: 'Not rated' is not allowed for it")
            )
    ratings = {n: r for n, r in summary.ratings.items() if n in known}
    problems += _decision_rules(framework, ratings, doc, lambda number: ("ratings", number))
    problems += _check_recommendations(summary, doc)
    return problems


def check_letter(
    letter: Letter, doc: YamlDoc, regions: list[str], pdu_regions: dict[str, str], present: set[str], site: Site | None
) -> list[Problem]:
    """The PDUs a letter names exist, belong to its region, and appear once."""
    problems = _check_region(letter.region, doc, regions)
    if site is not None and site.letterhead is None:
        problems.append(doc.problem((), "letters need a 'letterhead' in site.yaml (address, email, website): add it there"))
    seen: set[str] = set()
    for i, slug in enumerate(letter.pdus):
        loc = ("pdus", i)
        if slug in seen:
            problems.append(doc.problem(loc, f"'{slug}' is named twice: keep one"))
        seen.add(slug)
        if slug not in pdu_regions and slug in present:
            continue  # its own file has problems, reported there
        if slug not in pdu_regions:
            near = difflib.get_close_matches(slug, list(pdu_regions), n=1)
            hint = f"did you mean '{near[0]}'?" if near else "add it to content/pdus/ or content/summaries/"
            problems.append(doc.problem(loc, f"no PDU '{slug}' in content/pdus/ or content/summaries/: {hint}"))
        elif pdu_regions[slug] != letter.region:
            problems.append(
                doc.problem(
                    loc,
                    f"'{slug}' belongs to the region '{pdu_regions[slug]}', not '{letter.region}': "
                    "a letter covers its own region",
                )
            )
    if not letter.pdus:
        problems.append(doc.problem(("pdus",), "name at least one PDU inspection"))
    own = [(("wording", key), key, text) for key, text in letter.wording.model_dump().items() if text is not None]
    return problems + _check_placeholders(own, LETTER_SENTENCES, doc)


def _check_recommendations(report: Report | Summary, doc: YamlDoc) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[int, int] = {}
    expected = 1
    for g, group in enumerate(report.recommendations):
        if not group.items:
            problems.append(
                doc.problem(("recommendations", g, "items"), f"no recommendations for {group.addressee}: add at least one")
            )
        for number in group.items:
            loc = ("recommendations", g, "items", str(number))
            if number in seen:
                problems.append(
                    doc.problem(
                        loc, f"recommendation {number} is numbered twice (also in group {seen[number] + 1}): renumber", key=True
                    )
                )
                continue
            seen[number] = g
            if number != expected:
                problems.append(
                    doc.problem(
                        loc,
                        f"recommendations are numbered in order, running on across groups: expected {expected}, found {number}",
                        key=True,
                    )
                )
            expected = number + 1
    return problems
