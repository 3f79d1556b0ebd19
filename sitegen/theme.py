"""Turn a theme name and a project into a Jinja environment and static files.

Templates are looked up in order: the project's ``templates/`` (override one
template without copying the theme), then the theme. ``theme/<name>`` always
reaches the theme's own copy, so an override can extend the template it
shadows. Autoescape is on and undefined names fail the build.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from sitegen.errors import ContentError, Problem

#: The themes shipped beside the package (the repository's themes/ folder).
BUNDLED_THEMES = Path(__file__).resolve().parent.parent / "themes"
OVERRIDES_DIR = "templates"


def theme_dir(root: Path, name: str) -> Path:
    """The theme folder: the project's themes/<name>, else the bundled one."""
    for base in (root / "themes", BUNDLED_THEMES):
        candidate = base / name
        if (candidate / "templates").is_dir():
            return candidate
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
    return env


def static_files(theme: Path) -> list[tuple[Path, str]]:
    """The theme's static files and their paths under the output folder, sorted."""
    base = theme / "static"
    if not base.is_dir():
        return []
    return [(p, "static/" + p.relative_to(base).as_posix()) for p in sorted(base.rglob("*")) if p.is_file()]
