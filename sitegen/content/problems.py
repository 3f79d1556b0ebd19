"""Content problems an author can act on, and how they are reported.

Every stage that reads content collects :class:`Problem` objects instead of
raising at the first one, so a single run lists every mistake. A stage that
found any raises :class:`ContentError` carrying all of them; the command line
prints them one per line and exits 1, with no traceback.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one content file: where it is and what to do about it."""

    file: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""
    #: Found in a part of a file the schema refused: it follows from that refusal, and is not reported.
    consequence: bool = dataclasses.field(default=False, compare=False)

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class ContentError(Exception):
    """The content has one or more problems; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted({p for p in problems if not p.consequence})
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        # Raised in a PDF worker process, it travels back whole: its problems, not its message.
        return ContentError, (self.problems,)


@dataclass
class Collector:
    """Gathers problems from a stage; ``check()`` raises if there were any."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        if not problem.consequence:
            self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def check(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def display_path(path: Path, root: Path) -> str:
    """The path as an author would type it: relative to the project if inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
