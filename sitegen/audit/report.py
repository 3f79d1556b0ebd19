"""Turn an :class:`AuditReport` into what people and programs read: the terminal
summary, ``audit.json`` and ``audit.html`` (an accessible page of its own).

All three are sorted and carry no clock time, so the same site gives the
same files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
import jinja2

from sitegen import __version__
from sitegen.audit.model import GATES, AuditReport, Document
from sitegen.audit.site import AUDIT_JSON, AUDIT_PAGE

#: How many "needs review" items and external links the terminal shows (all are in audit.html).
TERMINAL_LIST = 20


def summary(report: AuditReport, color: bool = False) -> str:
    """The terminal summary: each document, its findings, then the totals and the verdict."""

    def style(text: str, **kwargs: Any) -> str:
        return click.style(text, **kwargs) if color else text

    lines = [f"{len(report.pages)} page(s) and {len(report.pdfs)} PDF(s) checked by: {', '.join(report.gates)}", ""]
    for document in report.documents:
        found = report.findings_of(document)
        status = style("FAIL", fg="red", bold=True) if found else style(" ok ", fg="green")
        lines.append(f"{status} {_label(document)}")
        lines.extend(f"     {finding}" for finding in found)
    if report.reviews:
        lines += ["", f"Needs review by a person (axe-core could not decide; not failures): {len(report.reviews)}"]
        lines.extend(f"     {item}" for item in report.reviews[:TERMINAL_LIST])
        if len(report.reviews) > TERMINAL_LIST:
            lines.append(f"     ... and {len(report.reviews) - TERMINAL_LIST} more in {AUDIT_PAGE}")
    if report.external_links:
        lines += ["", f"External links (listed, not fetched): {len(report.external_links)}"]
        lines.extend(f"     {url}  ({', '.join(pages)})" for url, pages in list(report.external_links.items())[:TERMINAL_LIST])
        if len(report.external_links) > TERMINAL_LIST:
            lines.append(f"     ... and {len(report.external_links) - TERMINAL_LIST} more in {AUDIT_PAGE}")
    lines += ["", "Findings by gate:"]
    for gate, count in report.count_by_gate().items():
        lines.append(f"  {gate:<14} {count:>4}   {GATES[gate]}")
    failing = sum(1 for d in report.documents if report.findings_of(d))
    if report.passed:
        lines += ["", style(f"PASSED: no findings in {len(report.documents)} document(s).", fg="green", bold=True)]
    else:
        verdict = f"FAILED: {len(report.findings)} finding(s) in {failing} of {len(report.documents)} document(s)."
        lines += ["", style(verdict, fg="red", bold=True)]
    return "\n".join(lines)


def _label(document: Document) -> str:
    files = " + ".join(document.files)
    return f"{files}  ({document.kind}: {document.title})" if document.title else files


def as_json(report: AuditReport) -> dict[str, Any]:
    """The machine-readable report (``audit.json``)."""
    return {
        "generator": f"sitegen {__version__}",
        "passed": report.passed,
        "gates": {gate: {"checks": GATES[gate], "findings": count} for gate, count in report.count_by_gate().items()},
        "checkers": dict(sorted(report.checkers.items())),
        "totals": {
            "documents": len(report.documents),
            "pages": len(report.pages),
            "pdfs": len(report.pdfs),
            "findings": len(report.findings),
            "needs_review": len(report.reviews),
            "external_links": len(report.external_links),
        },
        "documents": [
            {**document.as_json(), "findings": len(report.findings_of(document)), "passed": not report.findings_of(document)}
            for document in report.documents
        ],
        "findings": [f.as_json() for f in report.findings],
        "needs_review": [f.as_json() for f in report.reviews],
        "external_links": [{"url": url, "pages": pages} for url, pages in report.external_links.items()],
    }


def write_reports(report: AuditReport, site_dir: Path) -> tuple[Path, Path]:
    """Write ``audit.json`` and ``audit.html`` into the site folder."""
    json_path = site_dir / AUDIT_JSON
    json_path.write_text(json.dumps(as_json(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    html_path = site_dir / AUDIT_PAGE
    html_path.write_text(render_html(report), encoding="utf-8")
    return json_path, html_path


def package_templates(package: str) -> jinja2.Environment:
    """The Jinja environment of a package's own ``templates/`` (the audit page, the proof sheet)."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: AuditReport) -> str:
    """The audit as a page a publisher can open beside the site."""
    env = package_templates("sitegen.audit")
    documents = [
        {"document": d, "findings": report.findings_of(d), "reviews": report.findings_of(d, report.reviews)}
        for d in report.documents
    ]
    return env.get_template("audit.html").render(
        report=report, documents=documents, gates=GATES, counts=report.count_by_gate(), version=__version__
    )
