"""Turn the site's accessibility facts and the last audit into the accessibility statement.

The statement follows the model the Public Sector Bodies (Websites and
Mobile Applications) (No. 2) Accessibility Regulations 2018 ask for:
compliance status, what is not accessible, how to report a problem, the
enforcement procedure and how the statement was prepared. What the
publisher knows comes from ``accessibility:`` in ``site.yaml``; what
``sitegen check`` found the last time it audited the site (its
``audit.json``) is added where available. The status is never better than
the facts: a known issue or an audit finding makes a "full" site "partial".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from sitegen.content.sitefile import Site
from sitegen.documents import markdown

STATUS = {
    "full": "fully compliant",
    "partial": "partially compliant",
    "not": "not compliant",
}
STANDARD = "Web Content Accessibility Guidelines version 2.2 AA standard"


@dataclass(frozen=True)
class Issue:
    html: Markup
    criterion: str = ""
    fix_by: str = ""


@dataclass(frozen=True)
class AuditFacts:
    """What the last ``sitegen check`` of the site found: figures per gate and a line per kind of finding."""

    pages: int
    pdfs: int
    findings: int
    by_gate: dict[str, int]
    checks: dict[str, str]
    kinds: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Statement:
    status: str  # "full", "partial" or "not"
    issues: list[Issue]
    audit: AuditFacts | None
    email: str
    phone: str
    response_days: int
    prepared: str
    reviewed: str | None
    tested: str | None
    tested_by: str
    burden: Markup
    improving: Markup

    @property
    def status_words(self) -> str:
        return STATUS[self.status]

    @property
    def standard(self) -> str:
        return STANDARD


def audit_facts(audit: dict[str, Any] | None) -> AuditFacts | None:
    """The figures of an ``audit.json``, or None when there is none or it is not one."""
    if not isinstance(audit, dict) or not isinstance(audit.get("totals"), dict) or not isinstance(audit.get("gates"), dict):
        return None
    totals, gates = audit["totals"], audit["gates"]
    kinds = Counter(
        (f.get("gate", ""), f.get("rule", "")) for f in audit.get("findings", []) if isinstance(f, dict)
    )  # fmt: skip
    return AuditFacts(
        pages=int(totals.get("pages", 0)),
        pdfs=int(totals.get("pdfs", 0)),
        findings=int(totals.get("findings", 0)),
        by_gate={str(g): int(v.get("findings", 0)) for g, v in gates.items() if isinstance(v, dict)},
        checks={str(g): str(v.get("checks", "")) for g, v in gates.items() if isinstance(v, dict)},
        kinds=[f"{gate} {rule}: {n} finding{'s' if n != 1 else ''}" for (gate, rule), n in sorted(kinds.items())],
    )


def statement(site: Site, audit: dict[str, Any] | None = None) -> Statement:
    """The statement of ``site``; ``audit`` is the last audit.json, if any."""
    facts = audit_facts(audit)
    given = site.accessibility
    issues = [Issue(markdown.render(i.issue), i.criterion, i.fix_by) for i in given.known_issues] if given else []
    status = given.compliance if given else "partial"
    if status == "full" and (issues or (facts is not None and facts.findings)):
        status = "partial"
    website = site.publisher.website
    return Statement(
        status=status,
        issues=issues,
        audit=facts,
        email=given.email if given else (site.letterhead.email if site.letterhead else ""),
        phone=given.phone if given else "",
        response_days=given.response_days if given else 5,
        prepared=given.prepared if given else "",
        reviewed=given.reviewed if given else None,
        tested=given.tested if given else None,
        tested_by=given.tested_by if given else website,
        burden=markdown.render(given.disproportionate_burden) if given else Markup(""),
        improving=markdown.render(given.improving) if given else Markup(""),
    )
