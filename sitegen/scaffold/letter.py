"""Turn a region and its PDUs into the text of a new regional review letter: every field, each explained.

The letter's annexes (each PDU's recommendations and ratings) and the sentence of its PDUs' overall
ratings are written by sitegen from the PDU files it names: the scaffold asks only for what the
author writes.
"""

from __future__ import annotations

from sitegen.rules.wording import LETTER
from sitegen.scaffold.report import ENTRY_KINDS, quoted

HEADER = """\
# A regional review letter to a Regional Probation Director: sitegen builds its web page and its PDF
# from this file, and its annexes (each PDU's recommendations and ratings) from the PDU files it names.
#
# Write over every value that starts with TODO, then run `sitegen validate`: until each is written it
# lists the TODOs left, with their lines. Lines that start with # are comments, which sitegen ignores.
# The fields written as comments are optional: to use one, take away its # and the space after it.
# Text in double quotes ("...") stays on one line; after | it runs over the lines below, indented,
# and a blank line starts a new paragraph. The authors' guide is docs/authoring.md.
"""


def letter_scaffold(region: str, pdus: list[str]) -> str:
    named = f"[{', '.join(pdus)}]" if pdus else "[TODO]"
    lines = [
        HEADER,
        f"region: {region}{' ' * max(1, 30 - len(region))}# the region's file in content/regions/, without .yaml",
        'date: "TODO: the date of the letter, e.g. 25 May 2023"',
        "to:                                  # the Regional Probation Director the letter is to",
        '  name: "TODO: the Regional Probation Director\'s name"',
        "  role: Regional Probation Director",
        "cc:                                  # the cc block, one entry per line as printed (Markdown)",
        '  - "TODO: a name, and their role"',
        'salutation: "TODO: e.g. Dear Chris,"',
        "introduction: |",
        "  TODO: the paragraphs that open the letter.",
        f"pdus: {named}{' ' * max(1, 28 - len(named))}# the PDU inspections the letter covers, in order: files in",
        "#                                    # content/pdus/ or content/summaries/ (a PDU whose report is elsewhere)",
        "# observations_intro: |              # optional: the text under 'Regional observations:'",
        "#   At a regional level we have identified the following key strengths and areas for improvement:",
        "themes:                              # printed under 'Regional observations:'",
        '  - title: "TODO: the theme, e.g. Leadership"',
        "    body: |                          # the paragraphs before the lists",
        "      TODO: what was found.",
        "    strengths:                       # printed 'Key strengths:'",
        '      - "TODO: a key strength: one bullet per entry"',
        *("      " + line for line in ENTRY_KINDS),
        "    areas_for_improvement:           # printed 'Key areas for improvement:'",
        '      - "TODO: a key area for improvement"',
        "    # outro: |                       # optional: paragraphs after the lists",
        "    #   ...",
        "summary: |                           # after sitegen's sentence of each PDU's overall rating",
        "  TODO: the summary's paragraphs.",
        "sign_off:                            # the end of the letter",
        "  # closing: Yours sincerely,        # optional: the default",
        '  name: "TODO: the chief inspector\'s name"',
        "  title: Chief Inspector of Probation",
        "# ratings_intro: |                   # optional: the text at the start of Annexe two",
        "#   Set out below are the ratings of the PDUs in this region.",
        "# wording:                           # optional: this letter's own wording of a label, heading or sentence",
        "#                                    # sitegen writes; it replaces sitegen's whole. Each key, with what sitegen writes:",
        *(f"#   {key}: {quoted(text)}" for key, text in LETTER.items()),
        "# extra: {}                         # optional: data for your own templates",
        "",
    ]
    return "\n".join(lines)
