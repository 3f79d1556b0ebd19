"""The command line: parse options, call the pipeline, report problems.

An author's mistake prints as ``file:line:col: field: message`` lines and
exits 1, never with a traceback (``--verbose`` adds one for developers).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from sitegen import __version__
from sitegen.build import build
from sitegen.errors import ContentError
from sitegen.schema import content_schema

log = logging.getLogger("sitegen")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(message)s", stream=sys.stderr, force=True)


def _fail(exc: ContentError, verbose: bool, what: str) -> None:
    for problem in exc.problems:
        click.echo(str(problem), err=True)
    count = len(exc.problems)
    click.echo(f"{what} failed: {count} problem{'s' if count != 1 else ''}.", err=True)
    if verbose:
        raise exc
    sys.exit(1)


project_argument = click.argument("project_dir", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
verbose_option = click.option("--verbose", "-v", is_flag=True, help="Show timings, and a traceback on errors.")


@click.group()
@click.version_option(__version__, prog_name="sitegen")
def main() -> None:
    """Build inspection report sites from YAML content."""


@main.command("build")
@project_argument
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default PROJECT_DIR/build/site).")
@verbose_option
def build_command(project_dir: Path, out: Path | None, verbose: bool) -> None:
    """Validate the content and build the site into build/site/."""
    _setup_logging(verbose)
    try:
        result = build(project_dir, out)
    except ContentError as exc:
        _fail(exc, verbose, "Build")
        return
    log.info("Built %d report(s) into %s", len(result.reports), result.out)


@main.command("validate")
@project_argument
@verbose_option
def validate_command(project_dir: Path, verbose: bool) -> None:
    """Check the content without writing anything."""
    _setup_logging(verbose)
    try:
        result = build(project_dir, write=False)
    except ContentError as exc:
        _fail(exc, verbose, "Validation")
        return
    log.info("OK: %d report(s), %d region(s), no problems.", len(result.reports), len(result.content.regions))


@main.command("schema")
def schema_command() -> None:
    """Print the JSON Schema of report files (for editor completion)."""
    click.echo(json.dumps(content_schema(), indent=2, sort_keys=True))
