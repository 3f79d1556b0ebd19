"""Turn the headings and framework sentences as a source prints them into the report's own wording.

sitegen writes a report's headings and the framework's sentences itself
(:mod:`sitegen.rules.wording`). A report published with other words gets
them back as overrides: ``wording:`` for the whole report, or a standard's
own ``statement:``, ``key_question_intro:`` or ``methodology_note:``. The
readers tell this module each text as the source prints it, turned back into
a template (the standard's name becomes ``{name}``, its number ``{number}``,
...). For each key, the wording the source uses most becomes the report's
``wording:`` when it differs from sitegen's, and a standard that words it
otherwise keeps its own. Texts are compared with spacing and quotation-mark
styles folded and punctuation kept: "standard, but" is not "standard but".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from sitegen.content.wording import SENTENCES
from sitegen.importer.blocks import squash
from sitegen.rules.framework import Framework
from sitegen.rules.wording import defaults

_CALL = re.compile(r"\[\^[^\]\s]+\]")


@dataclass(frozen=True)
class Seen:
    template: str
    owner: str  # the standard that printed it ("" for the report as a whole)
    literal: str  # the text as printed (placeholders filled in), for a standard's own override


@dataclass
class OwnWords:
    framework: Framework
    seen: dict[str, list[Seen]] = field(default_factory=dict)

    def saw(self, key: str, template: str, owner: str = "", literal: str = "") -> None:
        """The source prints ``key`` as ``template`` (in ``owner``, a standard's number, if one standard's)."""
        self.seen.setdefault(key, []).append(Seen(template, owner, literal or template))

    def default(self, key: str) -> str:
        return defaults(self.framework).get(key, "")

    def chosen(self, key: str) -> str:
        """The report's wording of ``key``: the template the source uses most (the first of equals)."""
        found = self.seen.get(key)
        if not found:
            return self.default(key)
        counts = Counter(fold(s.template) for s in found)
        most = max(counts.values())
        return next(s.template for s in found if counts[fold(s.template)] == most)

    def wording(self) -> dict[str, str]:
        """The keys the source words otherwise than sitegen, with the source's wording, in the guide's order."""
        out: dict[str, str] = {}
        for key in SENTENCES:
            if key in self.seen and fold(self.chosen(key)) != fold(self.default(key)):
                out[key] = self.chosen(key)
        return out

    def exceptions(self, key: str) -> dict[str, str]:
        """The standards that word ``key`` otherwise than the report's wording: number -> their text as printed."""
        chosen = fold(self.chosen(key))
        return {s.owner: s.literal for s in self.seen.get(key, []) if s.owner and fold(s.template) != chosen}


def fold(text: str) -> str:
    """A text for comparing wording: spacing, quotation-mark styles and Markdown escapes folded, calls kept."""
    return squash(_CALL.sub("\ue000", text))


def template(text: str, **values: str) -> str | None:
    """``text`` with each value replaced by its ``{placeholder}``, longest first; None if a value is not in it."""
    out = text
    for name, value in sorted(values.items(), key=lambda item: -len(item[1])):
        if not value or value not in out:
            return None
        out = out.replace(value, "{" + name + "}", 1)
    return out
