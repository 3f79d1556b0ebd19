"""Turn a theme name and a project into a Jinja environment and static files.

Templates are looked up in order: the project's ``templates/`` (override one
template without copying the theme), then the theme. ``theme/<name>`` always
reaches the theme's own copy, so an override can extend the template it
shadows. Autoescape is on and undefined names fail the build. A theme is a
folder name in ``themes/`` (the model refuses paths); :func:`check_theme`
says, before anything is rendered, if it is missing or lacks a template the
build needs. Templates are code: Jinja is not sandboxed, so only trusted
site developers may write them (see the README's security section).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import jinja2
from markupsafe import Markup

from sitegen.content.paths import OVERRIDES_DIR, THEMES_DIR
from sitegen.content.problems import ContentError, Problem
from sitegen.content.sitefile import Site
from sitegen.content.yamlfile import YamlDoc
from sitegen.documents.report import ContentsEntry, slugify
from sitegen.documents.typography import keep_together
from sitegen.site.addresses import link_addresses

#: The themes shipped beside the package (the repository's themes/ folder).
BUNDLED_THEMES = Path(__file__).resolve().parents[2] / "themes"
#: The templates a build renders: the pages and the PDFs.
REQUIRED_TEMPLATES = ("index.html", "region.html", "report.html", "letter.html", "print/report.html", "print/letter.html")


@dataclass
class ItemRun:
    """Consecutive bullets (one list, kind "list"), or one quotation, paragraph or practice example."""

    kind: str
    items: list[_Item] = field(default_factory=list)

    @property
    def item(self) -> _Item:
        return self.items[0]


class _Item(Protocol):
    kind: str
    html: Markup


def item_runs(items: list[_Item]) -> list[ItemRun]:
    """A list's entries as the page shows them: bullets together in one list, every other entry on its own."""
    runs: list[ItemRun] = []
    for item in items:
        if item.kind != "text":
            runs.append(ItemRun(item.kind, [item]))
        elif runs and runs[-1].kind == "list":
            runs[-1].items.append(item)
        else:
            runs.append(ItemRun("list", [item]))
    return runs


def addressee_label(pdu: object, addressee: str) -> str:
    """In a letter, the group addressed to the PDU itself reads 'The PDU should:'."""
    return "The PDU" if addressee == getattr(pdu, "pdu", None) else addressee


def web_href(address: str) -> str:
    """The link of an address written as it is printed: 'www.example.org' -> 'https://www.example.org'."""
    if address.startswith(("http://", "https://", "mailto:")):
        return address
    return f"mailto:{address}" if "@" in address else f"https://{address}"


def nobreak(text: str, address: bool = False) -> str:
    """Postcodes, 'Month YYYY' and (``address``) house numbers kept from breaking across lines."""
    return keep_together(str(text), address=address)


def theme_dir(root: Path, name: str) -> Path:
    """The theme folder: the project's themes/<name>, else the bundled one."""
    for base in (root / THEMES_DIR, BUNDLED_THEMES):
        candidate = base / name
        if (candidate / "templates").is_dir():
            return candidate.resolve()
    raise ContentError([Problem("site.yaml", 0, 0, "theme", f"no theme '{name}' in themes/: check the name")])


def check_theme(
    root: Path, name: str, where: tuple[int, int], *, key: str | None = None, compiled: Path | None = None
) -> list[Problem]:
    """The problems of the theme ``name`` (set at ``where`` in site.yaml): missing, or missing a template.

    ``key`` and ``compiled`` are :func:`environment`'s: the templates compiled here are the build's."""
    line, column = where
    try:
        theme = theme_dir(root, name)
    except ContentError as exc:
        return [Problem("site.yaml", line, column, "theme", p.message) for p in exc.problems]
    env = environment(root, theme, key=key, compiled=compiled)
    problems = []
    for template in REQUIRED_TEMPLATES:
        try:
            env.get_template(template)
        except jinja2.TemplateNotFound as exc:
            missing = template if exc.name == template else f"{exc.name} (used by {template})"
            problems.append(
                Problem(
                    "site.yaml",
                    line,
                    column,
                    "theme",
                    f"the theme '{name}' has no template {missing}: add it to {OVERRIDES_DIR}/ "
                    f"or to themes/{name}/templates/, or use another theme",
                )
            )
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(exc.filename or template, exc.lineno, 1, "", f"template error: {exc.message}"))
    return problems


def render_template(env: jinja2.Environment, template: str, path: str, context: dict[str, Any]) -> str:
    """``template`` rendered for the output file ``path``; an error names the template's file and line."""
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise ContentError(
            [Problem(exc.filename or exc.name or template, exc.lineno, 1, "", f"template error: {exc.message}")]
        ) from exc
    except jinja2.TemplateError as exc:
        where = _template_frame(exc)
        raise ContentError(
            [Problem(where[0] or template, where[1], 1, "", f"template error while rendering {path}: {exc}")]
        ) from exc


def _template_frame(exc: BaseException) -> tuple[str, int]:
    """The template file and line a render error happened at, from the traceback."""
    tb = exc.__traceback__
    found = ("", 0)
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".css")) or "/templates/" in name:
            found = (str(Path(name)), tb.tb_lineno)
        tb = tb.tb_next
    return found


def check_logo(root: Path, site: Site, doc: YamlDoc) -> list[Problem]:
    """The logo site.yaml names (an SVG in the theme's static/ folder) is there."""
    try:
        theme = theme_dir(root, site.theme)
    except ContentError as exc:
        return [doc.problem(("theme",), p.message) for p in exc.problems]
    static = (theme / "static").resolve()
    logo = static / site.logo.file
    if not (logo.resolve().is_relative_to(static) and logo.is_file()):
        folder = f"themes/{site.theme}/static/"
        return [doc.problem(("logo", "file"), f"no file '{site.logo.file}' in {folder}: put the SVG there or correct the name")]
    return []


#: Environments made, by project, theme and the digest of their templates: a long-lived process (the
#: preview) compiles each template once, until a template changes.
_ENVIRONMENTS: dict[tuple[str, str, str], jinja2.Environment] = {}


def environment(root: Path, theme: Path, *, key: str | None = None, compiled: Path | None = None) -> jinja2.Environment:
    """The Jinja environment of a project and theme; the same one again for the same ``key`` (the digest
    of every template). ``compiled``: a folder where compiled templates are kept between runs."""
    if key is not None and (root.as_posix(), theme.as_posix(), key) in _ENVIRONMENTS:
        return _ENVIRONMENTS[root.as_posix(), theme.as_posix(), key]
    env = _environment(root, theme, compiled, reload=key is None)
    if key is not None:
        _ENVIRONMENTS.clear()  # the templates changed: the old environment will not be asked again
        _ENVIRONMENTS[root.as_posix(), theme.as_posix(), key] = env
    return env


class KeptTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates read from a folder, and written there only by :meth:`save` (a build that
    succeeded): a build that stops on a content mistake writes nothing."""

    def __init__(self, folder: Path):
        super().__init__(str(folder))
        self.folder = folder
        self.pending: list[jinja2.bccache.Bucket] = []

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.pending.append(bucket)

    def save(self) -> None:
        if self.pending:
            self.folder.mkdir(parents=True, exist_ok=True)
        for bucket in self.pending:
            super().dump_bytecode(bucket)
        self.pending = []


def _environment(root: Path, theme: Path, compiled: Path | None, *, reload: bool = True) -> jinja2.Environment:
    """``reload``: look at each template file again whenever it is used (not needed where the environment is
    known by the digest of every template: a changed template makes another)."""
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
        auto_reload=reload,
        # Compiled templates are Python code, as templates are (see the README's security section).
        bytecode_cache=KeptTemplates(compiled) if compiled is not None else None,
    )
    env.globals["item_runs"] = item_runs
    env.globals["addressee_label"] = addressee_label
    env.globals["contents_entry"] = ContentsEntry  # a page's own contents lines, made in its template
    env.filters["slug"] = slugify  # "P 1.1" -> "p-1-1": ids and anchors from numbers and names
    env.filters["web_href"] = web_href
    env.filters["nobreak"] = nobreak  # autoescape still escapes the result: it is plain text
    env.filters["link_addresses"] = link_addresses  # web pages: bare addresses in rendered text as links
    return env


def static_files(theme: Path) -> list[tuple[Path, str]]:
    """The theme's static files and their paths under the output folder, sorted."""
    base = theme / "static"
    if not base.is_dir():
        return []
    return [(p, "static/" + p.relative_to(base).as_posix()) for p in sorted(base.rglob("*")) if p.is_file()]
