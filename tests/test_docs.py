"""The authors' guide says what sitegen does: its commands run as written, its tables list every key.

Every ``sitegen`` command in the guide's ``sh`` blocks is run, in order, in a copy of the sample
project, as an author who has activated the README's set-up would type it: ``new``, ``validate`` and
``schema`` for real; ``serve``, ``check``, ``build``, ``import`` and ``proof``, which run long or need files of
the author's own, with their work left out (their options are still parsed and checked by the command
line itself). The table of generated sentences lists every key of ``wording:`` with its default, and
every link to a heading of the guide leads to one.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitegen import cli
from sitegen.content.wording import LETTER_SENTENCES, SENTENCES
from sitegen.rules.framework import load_framework
from sitegen.rules.wording import LETTER, defaults
from tests.conftest import REPO

GUIDE = REPO / "docs" / "authoring.md"
#: Commands whose work is left out: only their arguments are checked.
PARSED_ONLY = {
    "serve": cli.serve_command,
    "check": cli.check_command,
    "build": cli.build_command,
    "import": cli.import_command,
    "proof": cli.proof_command,
}


def guide_commands() -> list[str]:
    """The ``sitegen`` lines of the guide's ``sh`` blocks, comments taken off, in order."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.DOTALL):
        for line in block.splitlines():
            line = line.split(" #")[0].strip()
            if line.startswith("sitegen "):
                commands.append(line)
    return commands


def test_the_guide_shows_the_commands_an_author_needs() -> None:
    commands = guide_commands()
    for wanted in ("sitegen validate", "sitegen serve --open", "sitegen new pdu ", "sitegen new letter "):
        assert any(command.startswith(wanted) for command in commands), wanted


def test_every_command_of_the_guide_works_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("site.yaml", "content"):
        source = REPO / name
        shutil.copytree(source, project / name) if source.is_dir() else shutil.copy2(source, project / name)
    for command in PARSED_ONLY.values():
        monkeypatch.setattr(command, "callback", lambda **_: None)
    monkeypatch.chdir(project)
    commands = guide_commands()
    assert len(commands) >= 6
    for command in commands:
        args = shlex.split(command.split(" > ")[0])[1:]
        result = CliRunner().invoke(cli.main, args, catch_exceptions=False)
        if args[0] == "validate" and (project / "content/pdus/newtown.yaml").exists():
            # The walk-through's scaffold: validation lists its TODOs, and nothing else.
            assert result.exit_code == 1 and "still to fill in" in result.output, (command, result.output)
            continue
        assert result.exit_code == 0, (command, result.output)
    assert (project / "content/pdus/newtown.yaml").is_file() and (project / "content/letters/north-west-2025.yaml").is_file()


def _table_rows(heading: str) -> dict[str, str]:
    """The rows of the tables under a heading of the guide (to the next heading), by their first cell."""
    section = GUIDE.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1].split("\n#", 1)[0]
    return {row.split("|")[1].strip(" `"): row for row in section.splitlines() if row.startswith("| `")}


@pytest.mark.parametrize(
    ("heading", "sentences", "texts"),
    [
        ("### Sentences sitegen writes, in your own words", SENTENCES, defaults(load_framework("2021"))),
        ("### A letter's own wording", LETTER_SENTENCES, LETTER),
    ],
    ids=["report", "letter"],
)
def test_the_guide_lists_every_sentence_sitegen_writes_with_its_default(
    heading: str, sentences: dict[str, tuple[tuple[str, ...], str]], texts: dict[str, str]
) -> None:
    rows = _table_rows(heading)
    assert set(rows) == set(sentences), "the guide's table lists the keys of wording:, and no others"
    for key, (placeholders, _) in sentences.items():
        assert (f"`{texts[key]}`" if texts[key] else "(none)") in rows[key], key
        for name in placeholders:
            assert "{" + name + "}" in rows[key], (key, name)


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^a-z0-9 _-]", "", heading.strip().lower()).replace(" ", "-")


def test_every_link_to_a_heading_of_the_guide_leads_to_one() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", guide, re.MULTILINE)}
    links = set(re.findall(r"\]\(#([^)]+)\)", guide))
    assert links and links - anchors == set()
    assert "docs/templates" not in guide
