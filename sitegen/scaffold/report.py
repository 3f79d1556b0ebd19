"""Turn a framework into the text of a new report file: every field, each explained in plain words.

Required values the author alone knows are ``TODO: ...`` texts saying what to write; optional fields
are comments to take the ``#`` off. The standards, their names and key questions come from the
framework, so the file lists exactly the standards the report needs.
"""

from __future__ import annotations

from sitegen.content.wording import SENTENCES
from sitegen.rules.framework import Framework, StandardDef
from sitegen.rules.wording import defaults

HEADER = """\
# A PDU inspection report ({framework} framework): sitegen builds its web page and its PDF from this file.
#
# Write over every value that starts with TODO, then run `sitegen validate`: until each is written it
# lists the TODOs left, with their lines. Lines that start with # are comments, which sitegen ignores.
# The fields written as comments are optional: to use one, take away its # and the space after it.
#
# Text in double quotes ("...") stays on one line; put a sentence in them if it has a colon in it.
# After | the text runs over the lines below it, indented; a blank line starts a new paragraph.
# Text is Markdown: *italic*, **bold**, [link text](https://...), footnotes[^label] with their text
# written once in the same field ([^label]: the text). The authors' guide is docs/authoring.md.
"""

RATING_TODO = '"TODO: Outstanding, Good, Requires improvement or Inadequate"'


def report_scaffold(framework: Framework, region: str) -> str:
    lines = [HEADER.format(framework=framework.id)]
    lines += [
        f'framework: "{framework.id}"                    # the inspection framework: keep it as it is',
        'pdu: "TODO: the PDU\'s name as printed on the cover, e.g. Wigan PDU"',
        f"region: {region}{' ' * max(1, 30 - len(region))}# the region's file in content/regions/, without .yaml",
        'published: "TODO: the month and year of publication, e.g. May 2023"',
        'fieldwork_started: "TODO: the month and year fieldwork started, e.g. March 2023"',
        "lead_inspector: \"TODO: the lead inspector's name\"   # printed 'This inspection was led by HM Inspector ...'",
        'isbn: "TODO: the report\'s ISBN, e.g. 978-1-915468-51-2"',
        "chief_inspector:                     # who signs the foreword",
        '  name: "TODO: the chief inspector\'s name"',
        "  title: Chief Inspector of Probation",
        "  # signature: Martin Jones          # optional: a signed name shown above the name and title",
        "# data_url: https://...              # optional: the page of this inspection's data workbook, linked from the",
        "#                                    # methodology footnotes; without it, the publisher's website in site.yaml",
        "",
        *_boilerplate(),
        "",
        *_wording(framework),
        "",
        "foreword: |",
        "  TODO: the foreword, which the chief inspector signs.",
        "",
        "recommendations:                     # numbered as the report prints them: 1, 2, 3 ..., running on across groups",
        '  - addressee: "TODO: who should act, e.g. Wigan PDU"   # printed "<addressee> should:"',
        "    items:                           # each recommendation, by its number",
        '      1: "TODO: the first recommendation, e.g. improve the quality of assessment"',
        "      # 2: the next recommendation to the same addressee",
        "  # - addressee: HM Prison and Probation Service   # another group, its numbers running on",
        "  #   items:",
        "  #     3: ...",
        "",
        "background: |",
        "  TODO: the background chapter: the fieldwork and what the PDU is like.",
        "",
        "standards:                           # every standard of the framework, by its number in double quotes",
    ]
    first_judged = first_counted = True
    for domain in framework.domains:
        lines.append(f"  # {domain.number}. {domain.title}")
        for standard in domain.standards:
            if standard.by_key_questions:
                lines += _counted(standard, framework, first_counted)
                first_counted = False
            else:
                lines += _judged(standard, first_judged)
                first_judged = False
    lines += [
        "",
        *_outcomes(framework),
        "",
        *_annexes(),
        "",
        "# extra: {}                         # optional: data for your own templates",
    ]
    return "\n".join(lines) + "\n"


def _boilerplate() -> list[str]:
    return [
        "# boilerplate:                       # optional: this report's own version of a standard text of site.yaml,",
        '#                                    # in place of the site\'s; "" leaves the text out of this report',
        "#   acknowledgements: |              # {lead_inspector} and {year} are filled in",
        "#     This inspection was led by HM Inspector {lead_inspector}, ...",
        "#   role: |                          # 'The role of HM Inspectorate of Probation'",
        "#     HM Inspectorate of Probation is the independent inspector of ...",
        '#   practice_examples: ""            # the note that names in practice examples are changed',
        "#   licence: |                       # the Open Government Licence text",
        "#     ...",
        "#   recommendations_intro: |         # the sentence before the recommendations",
        "#     ...",
    ]


def _wording(framework: Framework) -> list[str]:
    texts = defaults(framework)
    lines = [
        "# wording:                           # optional: this report's own wording of a sentence or heading sitegen",
        "#                                    # writes; it replaces sitegen's whole. Each key, with what sitegen writes:",
    ]
    for key in SENTENCES:
        if key in texts:
            lines.append(f"#   {key}: {quoted(texts[key])}")
    return lines


#: Every kind of list entry but the plain bullet, as comments (indented to sit under a list's key).
ENTRY_KINDS = [
    "# - |                          # a bullet of several paragraphs, or with a list of its own",
    "#   The first paragraph.",
    "#",
    "#   The second paragraph, or a sentence and its list:",
    "#   - a sub-bullet",
    "# - quote: The words of a person on probation, without quotation marks",
    "#   by: Person on probation     # optional: who said it, printed under the quotation",
    "# - paragraph: Text printed as a paragraph, without a bullet",
    "# - practice_example: The example's title   # printed 'Practice example: <title>', in a box",
    "#   body: |",
    "#     What happened, with the names changed.",
]


def _entries(kind: str, first: bool) -> list[str]:
    """A list of findings: one TODO bullet, and on the report's first list every other kind of entry, as comments."""
    lines = [f'      - "TODO: {kind}: one bullet per entry"']
    if first:
        lines += ["      " + line for line in ENTRY_KINDS]
    return lines


def _findings(first: bool) -> list[str]:
    return [
        "    strengths:                       # printed under 'Strengths:'",
        *_entries("a strength", first),
        "    areas_for_improvement:           # printed under 'Areas for improvement:'",
        *_entries("an area for improvement", False),
    ]


def _sections(first: bool) -> list[str]:
    if not first:
        return ["    # sections: [...]                # optional: sub-sections, as under the first standard"]
    return [
        "    # sections:                      # optional: sub-sections printed after this standard",
        "    #   - title: Resettlement work   # 'Feedback from people on probation', 'Diversity and inclusion', ...",
        "    #     intro: |                   # paragraphs under the title",
        "    #       ...",
        "    #     points:                    # bullets (and quotations) under no heading",
        "    #       - ...",
        "    #     strengths: [...]",
        "    #     areas_for_improvement: [...]",
        "    #     outro: |                   # paragraphs after the lists",
        "    #       ...",
    ]


def _judged(standard: StandardDef, first: bool) -> list[str]:
    lines = [
        f'  "{standard.number}":                             # {standard.name}: rated by the inspectors',
        f"    rating: {RATING_TODO}",
        "    rationale: |                     # why: the paragraphs after the rating",
        "      TODO: why the standard was rated as it was.",
        *(["    # points: [...]                  # optional: entries after the rationale, under no heading"] if first else []),
        *_findings(first),
        *_sections(first),
    ]
    if standard.may_be_not_rated:
        lines.append("    # rating: Not rated              # if it was not inspected, with a rationale saying why")
    if first:
        lines.append("    # statement: ...                 # optional: the standard's statement as this report prints it")
    return lines


def _counted(standard: StandardDef, framework: Framework, first: bool) -> list[str]:
    count = len(standard.key_questions)
    how = "its key question" if count == 1 else f"the lowest of its {count} key questions"
    lines = [
        f'  "{standard.number}":                             # {standard.name}: rated from {how}',
        f"    key_questions: [{', '.join(['TODO'] * count)}]{' ' * max(1, 19 - 6 * count)}# the percentage 'Yes' for"
        + (":" if count == 1 else ", in this order:"),
        *(f"    #   {i}. {question}" for i, question in enumerate(standard.key_questions, start=1)),
    ]
    if standard.may_be_not_rated:
        lines += [
            "    # rating: Not rated              # if it was not inspected: instead of key_questions, with a rationale",
        ]
    lines += [
        "    # rating: ...                    # optional: worked out from the figures; if written, it must agree",
        "    rationale: |",
        "      TODO: what the figures show, and why.",
        *_findings(first),
    ]
    if first:
        lines += [
            "    # key_question_intro: ...        # optional: this standard's own sentence before its table ([^method]",
            "    #                                # calls the methodology footnote); see `wording:` for every standard",
            "    # methodology_note: ...          # optional: this standard's own methodology footnote",
        ]
    lines += _sections(False)
    return lines


def _outcomes(framework: Framework) -> list[str]:
    outcomes = framework.outcomes
    questions = outcomes.key_questions
    heading = f"{outcomes.number}. {outcomes.name}" if outcomes.number else outcomes.name
    lines = [f"outcomes:                            # {heading}: reported, not rated"]
    if questions:
        lines.append(f"  key_questions: [{', '.join(['TODO'] * len(questions))}]              # the percentage 'Yes' for:")
        lines += [f"  #   {question}" for question in questions]
    lines += [
        "  # intro: |                         # optional: paragraphs before the lists",
        "  #   ...",
        "  strengths:                         # printed under 'Strengths:'",
        '    - "TODO: an outcome that was good: one bullet per entry"',
        "  areas_for_improvement:             # printed under 'Areas for improvement:'",
        '    - "TODO: an outcome that was not"',
    ]
    return lines


def _annexes() -> list[str]:
    return [
        "annexes:                             # printed 'Annexe one – <title>', 'Annexe two – ...'",
        "  - title: Web links",
        "    body: |                          # the annexe's text",
        "      Full data from this inspection and further information about the methodology used to conduct this",
        "      inspection is available [on our website](https://www.justiceinspectorates.gov.uk/hmiprobation/).",
    ]


def quoted(text: str) -> str:
    """A text as a YAML value on one line, in double quotes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
