"""Turn a theme name and a project into a Jinja environment and static files.

Templates are looked up in order: the project's ``templates/`` (override one
template without copying the theme), then the theme. ``theme/<name>`` always
reaches the theme's own copy, so an override can extend the template it
shadows. Autoescape is on and undefined names fail the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import jinja2
from markupsafe import Markup

from sitegen.content.paths import OVERRIDES_DIR, THEMES_DIR
from sitegen.content.problems import ContentError, Problem
from sitegen.documents.report import slugify

#: The themes shipped beside the package (the repository's themes/ folder).
BUNDLED_THEMES = Path(__file__).resolve().parents[2] / "themes"


@dataclass
class ItemRun:
    """Consecutive bullets (one list) or a single quotation between lists."""

    kind: str
    items: list[Markup] = field(default_factory=list)
    html: Markup = Markup("")


class _Item(Protocol):
    kind: str
    html: Markup


def item_runs(items: list[_Item]) -> list[ItemRun]:
    runs: list[ItemRun] = []
    for item in items:
        if item.kind == "quote":
            runs.append(ItemRun("quote", html=item.html))
        elif runs and runs[-1].kind == "list":
            runs[-1].items.append(item.html)
        else:
            runs.append(ItemRun("list", [item.html]))
    return runs


def addressee_label(pdu: object, addressee: str) -> str:
    """In a letter, the group addressed to the PDU itself reads 'The PDU should:'."""
    return "The PDU" if addressee == getattr(pdu, "pdu", None) else addressee


def theme_dir(root: Path, name: str) -> Path:
    """The theme folder: the project's themes/<name>, else the bundled one."""
    for base in (root / THEMES_DIR, BUNDLED_THEMES):
        candidate = base / name
        if (candidate / "templates").is_dir():
            return candidate.resolve()
    raise ContentError([Problem("site.yaml", 0, 0, "theme", f"no theme '{name}' in themes/: check the name")])


def environment(root: Path, theme: Path) -> jinja2.Environment:
    theme_templates = jinja2.FileSystemLoader(str(theme / "templates"))
    loaders: list[jinja2.BaseLoader] = []
    if (root / OVERRIDES_DIR).is_dir():
        loaders.append(jinja2.FileSystemLoader(str(root / OVERRIDES_DIR)))
    loaders.append(theme_templates)
    # PrefixLoader splits on the first "/", so "theme/house/x.html" needs two levels.
    loaders.append(jinja2.PrefixLoader({"theme": jinja2.PrefixLoader({theme.name: theme_templates})}))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["item_runs"] = item_runs
    env.globals["addressee_label"] = addressee_label
    env.filters["slug"] = slugify  # "P 1.1" -> "p-1-1": ids and anchors from numbers and names
    return env


def static_files(theme: Path) -> list[tuple[Path, str]]:
    """The theme's static files and their paths under the output folder, sorted."""
    base = theme / "static"
    if not base.is_dir():
        return []
    return [(p, "static/" + p.relative_to(base).as_posix()) for p in sorted(base.rglob("*")) if p.is_file()]
