"""The ``sitegen check`` command: build, audit, report, and exit 1 unless the site is ready.

Only parses options and calls the pipeline: find the checkers (first, so a
missing one is reported before a long build), build, :func:`audit`, print
the summary, write ``audit.json`` and ``audit.html`` into the site folder.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from sitegen.audit.model import GATES, CheckerFailed, CheckerMissing
from sitegen.audit.site import SiteMissing

log = logging.getLogger("sitegen.audit")


@click.command("check")
@click.argument("project_dir", required=False, default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--no-build", is_flag=True, help="Audit the site already in build/site/ instead of building it first.")
@click.option(
    "--only",
    "only",
    multiple=True,
    type=click.Choice(list(GATES)),
    help="Run only this gate (repeatable); a partial audit never says the site is ready.",
)
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="PDF worker processes for the build (default: one per core).")
@click.option("--verbose", "-v", is_flag=True, help="Show timings, and a traceback on errors.")
def check_command(project_dir: Path, no_build: bool, only: tuple[str, ...], jobs: int | None, verbose: bool) -> None:
    """Build, then audit every page and PDF; exit 1 unless the site is ready.

    Gates: links, accessibility (axe-core) and validity (Nu HTML Checker) of
    the pages, PDF/UA-1 (veraPDF) and tags of the PDFs, and parity of each
    page with its PDF. Prints a summary and writes build/site/audit.json and
    build/site/audit.html.
    """
    from sitegen.audit.report import summary, write_reports
    from sitegen.audit.run import audit
    from sitegen.audit.tools import find_checkers
    from sitegen.build import build, default_out
    from sitegen.cli import _fail, _setup_logging
    from sitegen.errors import ContentError
    from sitegen.pdf import PdfOptions

    _setup_logging(verbose)
    # pikepdf announces its logger bridge at INFO: noise for a publisher.
    logging.getLogger("pikepdf").setLevel(logging.WARNING)
    site_dir = default_out(project_dir)
    try:
        checkers = find_checkers(project_dir)
        if not no_build:
            try:
                build(project_dir, pdf=PdfOptions(), jobs=jobs)
            except ContentError as exc:
                _fail(exc, verbose, "Build")
                return
        report = audit(site_dir, checkers, gates=only or tuple(GATES))
    except CheckerMissing as exc:
        for problem in exc.problems:
            click.echo(f"Error: {problem}", err=True)
        click.echo("sitegen check cannot run without every checker: nothing was audited.", err=True)
        sys.exit(1)
    except (CheckerFailed, SiteMissing) as exc:
        if verbose:
            raise
        raise click.ClickException(str(exc)) from exc
    json_path, html_path = write_reports(report, site_dir)
    click.echo(summary(report, color=sys.stdout.isatty()))
    click.echo(f"Reports: {html_path} and {json_path.name}")
    log.debug("seconds per gate: %s", report.seconds)
    if only and report.passed:
        click.echo(f"Only {', '.join(only)} ran: run every gate before calling the site ready.")
    if not report.passed:
        sys.exit(1)
