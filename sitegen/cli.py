"""The command line: parse options, call the pipeline, report problems.

An author's mistake prints as ``file:line:col: field: message`` lines and
exits 1, never with a traceback (``--verbose`` adds one for developers).
"""

from __future__ import annotations

import gc
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import click

from sitegen import __version__
from sitegen.audit.model import GATES
from sitegen.build import build, default_out, write_pdfs
from sitegen.content.problems import ContentError, display_path
from sitegen.pdf.options import PDF_VARIANTS, PdfOptions
from sitegen.pdf.pool import PYTHON_GC_THRESHOLDS

log = logging.getLogger("sitegen")

#: The garbage collector's thresholds for a command that ends when its work is done (see main()).
ONE_SHOT_GC_THRESHOLDS = (100_000, 50, 100)


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(message)s", stream=sys.stderr, force=True)
    # WeasyPrint reports every layout step at INFO, and fontTools its subsetting:
    # noise for an author.
    # markdown-it-py logs every rule it tries at DEBUG (150,000 lines for a national site); pikepdf
    # announces its logger bridge at INFO.
    for noisy in ("weasyprint.progress", "fontTools", "markdown_it", "pikepdf"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


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
    # A build makes millions of small objects that live until it ends (the content read, the documents
    # prepared, the pages made): with the collector's default (a pass every 700 new objects) it spent about a
    # tenth of its time looking for cycles among them. The preview, which runs for hours, and the PDF workers
    # keep Python's default.
    gc.set_threshold(*ONE_SHOT_GC_THRESHOLDS)


def pdf_options(func):  # type: ignore[no-untyped-def]
    func = click.option("--jobs", "-j", type=click.IntRange(1, 64), help="PDF worker processes (default: one per core).")(func)
    func = click.option("--print", "print_ready", is_flag=True, help="Printer's edition: 3 mm bleed and crop marks.")(func)
    func = click.option(
        "--pdf-variant", type=click.Choice(PDF_VARIANTS), default="pdf/ua-1", show_default=True, help="PDF flavour."
    )(func)
    return func


out_option = click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default PROJECT_DIR/build/site)."
)


@main.command("build")
@project_argument
@out_option
@click.option("--no-pdf", is_flag=True, help="Skip the PDFs (faster).")
@pdf_options
@verbose_option
def build_command(
    project_dir: Path, out: Path | None, no_pdf: bool, pdf_variant: str, print_ready: bool, jobs: int | None, verbose: bool
) -> None:
    """Validate the content and build the site and PDFs into build/site/."""
    _setup_logging(verbose)
    options = None if no_pdf else PdfOptions(variant=pdf_variant, print_ready=print_ready)
    try:
        result = build(project_dir, out, pdf=options, jobs=jobs)
    except ContentError as exc:
        _fail(exc, verbose, "Build")
        return
    made = result.made
    if made is None:
        log.info("Nothing changed since the last build: %s is up to date", result.out)
        return
    pdfs = sum(1 for path in result.files if path.endswith(".pdf"))
    log.debug("made %d file(s), rendered %d PDF(s)", len(made.files), made.pdfs_rendered)
    log.info(
        "Built %s and %s into %s (%s)",
        _count(len(result.reports), "report"),
        _count(len(result.letters), "letter"),
        result.out,
        _count(pdfs, "PDF") if options else "no PDFs",
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@main.command("pdf")
@project_argument
@click.argument("reports", nargs=-1)
@out_option
@pdf_options
@verbose_option
def pdf_command(
    project_dir: Path,
    reports: tuple[str, ...],
    out: Path | None,
    pdf_variant: str,
    print_ready: bool,
    jobs: int | None,
    verbose: bool,
) -> None:
    """Render only the PDFs (of the REPORTS named, e.g. 'wigan', or all) into build/site/pdus/."""
    _setup_logging(verbose)
    options = PdfOptions(variant=pdf_variant, print_ready=print_ready)
    try:
        written = write_pdfs(project_dir, out or default_out(project_dir), list(reports), options, jobs=jobs)
    except ContentError as exc:
        _fail(exc, verbose, "PDF")
        return
    log.info("Wrote %d PDF(s)", len(written))


@main.command("proof")
@project_argument
@click.argument("reports", nargs=-1)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Folder of the proof sheet (default PROJECT_DIR/build/proof)."
)
@verbose_option
def proof_command(project_dir: Path, reports: tuple[str, ...], out: Path | None, verbose: bool) -> None:
    """Write a proof sheet of every page of the PDFs (of the REPORTS named, e.g. 'wigan', or all) into build/proof/.

    The pages the copy-fit check of `sitegen check` flags are named on the sheet and here.
    """
    from sitegen.proof import ProofMissing, write_proof

    _setup_logging(verbose)
    logging.getLogger("pikepdf").setLevel(logging.WARNING)
    target = out or project_dir / "build" / "proof"
    try:
        result = write_proof(project_dir, default_out(project_dir), target, list(reports))
    except ContentError as exc:
        _fail(exc, verbose, "Proof")
        return
    except ProofMissing as exc:
        raise click.ClickException(str(exc)) from exc
    pages = sum(len(d.pages) for d in result.documents)
    flagged = len(result.flagged)
    log.info(
        "Proof sheet of %s and %s: %s (%s)",
        _count(len(result.documents), "PDF"),
        _count(pages, "page"),
        result.sheet,
        f"{_count(flagged, 'page')} flagged by the copy-fit check" if flagged else "no page flagged",
    )


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
    log.info("OK: %d report(s), %d region(s), no problems.", len(result.reports), len(result.checked.content.regions))


@main.command("schema")
@click.argument("kind", required=False, default="report")
def schema_command(kind: str) -> None:
    """Print the JSON Schema of a kind of content file (report, summary, letter, region, site; default:
    report), for editor completion."""
    # Imported here: the content model is not needed to start the other commands.
    from sitegen.content.schema import KINDS, content_schema

    if kind not in KINDS:
        raise click.BadParameter(f"{kind!r} is not one of {', '.join(map(repr, sorted(KINDS)))}.", param_hint="'KIND'")
    click.echo(json.dumps(content_schema(kind), indent=2, sort_keys=True))


class _Frameworks(click.Choice):
    """The framework ids, read when the option is used: the command line starts without the content model."""

    def __init__(self) -> None:
        super().__init__([])

    @property  # type: ignore[override]
    def choices(self) -> tuple[str, ...]:
        from sitegen.rules.framework import available

        return available()

    @choices.setter
    def choices(self, value: object) -> None:
        pass


@main.group("new")
def new_group() -> None:
    """Start a new content file from a scaffold: every field, explained, with TODOs to fill in."""


@new_group.command("pdu")
@click.argument("name")
@project_argument
@click.option("--region", "-r", required=True, help="The region's file name in content/regions/, e.g. north-west.")
@click.option("--framework", "-f", type=_Frameworks(), help="The framework (default: the newest).")
def new_pdu_command(name: str, project_dir: Path, region: str, framework: str | None) -> None:
    """Write content/pdus/NAME.yaml: a report with every standard of the framework, to fill in."""
    from sitegen.rules.framework import available
    from sitegen.scaffold import new_report

    _scaffolded(lambda: new_report(project_dir, name, region, framework or available()[-1]), project_dir)


@new_group.command("letter")
@click.argument("name")
@project_argument
@click.option("--region", "-r", required=True, help="The region's file name in content/regions/, e.g. north-west.")
@click.option("--pdu", "pdus", multiple=True, help="A PDU the letter covers (repeatable; default: every PDU of the region).")
def new_letter_command(name: str, project_dir: Path, region: str, pdus: tuple[str, ...]) -> None:
    """Write content/letters/NAME.yaml: a regional review letter, to fill in."""
    from sitegen.scaffold import new_letter

    _scaffolded(lambda: new_letter(project_dir, name, region, list(pdus)), project_dir)


def _scaffolded(write: Callable[[], Path], project_dir: Path) -> None:
    from sitegen.scaffold import ScaffoldError

    _setup_logging(False)
    try:
        path = write()
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    shown = display_path(path, project_dir)
    log.info("Wrote %s: write over each TODO in it, then run `sitegen validate` to check it.", shown)


@main.command("serve")
@project_argument
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port (0: any free one).")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Any other than this machine's lets others read unpublished reports.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in the web browser.")
@verbose_option
def serve_command(project_dir: Path, port: int, host: str, open_browser: bool, verbose: bool) -> None:
    """Preview the site in a browser: rebuilt, and its pages reloaded, on every change; errors shown on the page."""
    from sitegen.preview import ServeError, serve

    gc.set_threshold(*PYTHON_GC_THRESHOLDS)  # a process that runs for hours: its garbage collected as Python does
    _setup_logging(verbose)
    try:
        serve(project_dir, host=host, port=port, open_browser=open_browser)
    except ServeError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--project", "project_dir", default=".", type=click.Path(file_okay=False, path_type=Path), help="The project (default: here)."
)
@click.option("--kind", type=click.Choice(["pdu", "letter"]), default="pdu", show_default=True, help="What the source is.")
@click.option("--region", help="The region's file name in content/regions/, if the source's cannot be matched.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="The draft (default content/pdus/NAME.yaml).")
@click.option("--force", is_flag=True, help="Replace an existing draft and import report.")
@verbose_option
def import_command(
    source: Path, project_dir: Path, kind: str, region: str | None, out: Path | None, force: bool, verbose: bool
) -> None:
    """Import a published report (PDF, or its extracted text) as a draft YAML file and NAME.import.txt.

    Every passage of the source is placed in the draft, recognised as text sitegen prints itself,
    or listed in NAME.import.txt with its page or line and the reason. The draft is then validated.
    """
    from sitegen.importer.run import ImportFailed, import_source

    _setup_logging(verbose)
    logging.getLogger("pdfminer").setLevel(logging.WARNING)
    try:
        result = import_source(source, project_dir, kind=kind, region=region, out=out, force=force)
    except ImportFailed as exc:
        if verbose:
            raise
        raise click.ClickException(str(exc)) from exc
    except ContentError as exc:
        _fail(exc, verbose, "Import")
        return
    log.info(
        "Wrote %s and %s: %s not placed, %s to check.",
        result.draft,
        result.report.name,
        _count(result.unplaced, "passage"),
        _count(result.findings, "finding"),
    )
    if result.problems:
        for problem in result.problems:
            click.echo(str(problem), err=True)
        click.echo(
            f"The draft does not validate yet: {_count(len(result.problems), 'problem')}, explained in {result.report.name}.",
            err=True,
        )
        sys.exit(1)
    log.info("The draft validates.")


@main.command("check")
@project_argument
@click.option("--no-build", is_flag=True, help="Audit the site already in build/site/ instead of building it first.")
@click.option(
    "--only",
    "only",
    multiple=True,
    type=click.Choice(list(GATES)),
    help="Run only this gate (repeatable); a partial audit never says the site is ready.",
)
@click.option("--jobs", "-j", type=click.IntRange(1, 64), help="PDF worker processes for the build (default: one per core).")
@verbose_option
def check_command(project_dir: Path, no_build: bool, only: tuple[str, ...], jobs: int | None, verbose: bool) -> None:
    """Build, then audit every page and PDF; exit 1 unless the site is ready.

    Gates: links, accessibility (axe-core) and validity (Nu HTML Checker) of
    the pages, PDF/UA-1 (veraPDF) and tags of the PDFs, and parity of each
    page with its PDF. Prints a summary and writes build/site/audit.json and
    build/site/audit.html.
    """
    # The audit's imports (lxml, playwright) are paid for by `check` alone.
    from sitegen.audit import CheckerFailed, CheckerMissing, SiteMissing, audit, find_checkers, summary, write_reports

    _setup_logging(verbose)
    # pikepdf announces its logger bridge at INFO: noise for a publisher.
    logging.getLogger("pikepdf").setLevel(logging.WARNING)
    site_dir = default_out(project_dir)
    try:
        # The checkers first, so that a missing one is reported before a long build.
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
