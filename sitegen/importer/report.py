"""Turn the ledger of an import into NAME.import.txt: what an editor reviews before publishing.

The file says what was imported from where, lists every passage not placed
(its page or line, the reason, its text), the findings to check against the
published report, and the draft's validation problems, each explained by
where its field came from in the source.
"""

from __future__ import annotations

import textwrap

from sitegen.content.problems import Problem
from sitegen.importer.ledger import Ledger


def import_report(source: str, draft: str, ledger: Ledger, counts: dict[str, int], problems: list[Problem]) -> str:
    lines = [
        f"sitegen import: {source} -> {draft}",
        "",
        f"Blocks of the source: {counts['placed']} placed in the draft, {counts['generated']} printed by sitegen itself "
        f"(framework and site texts, headings, page furniture), {counts['not placed']} not placed.",
        f"Findings to check: {len(ledger.findings)}.",
        "Validation of the draft: " + ("no problems." if not problems else f"{len(problems)} problem(s), listed at the end."),
        "",
        "Review: read each passage not placed and each finding against the published report, fix the draft,",
        "then run `sitegen validate` and `sitegen serve` and compare the page with the published PDF.",
        "",
        _heading(f"Not placed ({len(ledger.unplaced)})"),
    ]
    if not ledger.unplaced:
        lines.append("Every passage of the source is in the draft or printed by sitegen.")
    for entry in ledger.unplaced:
        lines.append(f"{entry.where or 'source'}: {entry.reason}")
        if entry.text:
            lines += textwrap.wrap(entry.text, 100, initial_indent="    | ", subsequent_indent="    | ")
    lines += ["", _heading(f"Findings ({len(ledger.findings)})")]
    if not ledger.findings:
        lines.append("None: the ratings, figures and score agree under the house rules.")
    for entry in ledger.findings:
        lines.append(f"{entry.where or 'source'}: {entry.reason}")
    lines += ["", _heading(f"Validation ({len(problems)})")]
    if not problems:
        lines.append("The draft validates: `sitegen build` will build it.")
    for problem in problems:
        lines.append(str(problem))
        origin = _origin(problem, ledger)
        if origin:
            lines.append(f"    from {origin}")
    return "\n".join(lines) + "\n"


def _heading(text: str) -> str:
    return f"{text}\n{'=' * len(text)}"


def _origin(problem: Problem, ledger: Ledger) -> str:
    """Where in the source the problem's field came from, and the findings about it."""
    wanted = problem.field
    while wanted:
        places = sorted({where for where, path in ledger.origins if path == wanted or path.startswith(wanted + " > ")})
        if places:
            return "the source at " + ", ".join(places[:5])
        wanted = " > ".join(wanted.split(" > ")[:-1])
    return ""
