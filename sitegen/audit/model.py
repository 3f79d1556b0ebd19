"""What an audit produces: findings per document and gate, gathered into one report.

A :class:`Finding` is one thing a publisher must fix before the site is
ready; a "needs review" item has the same shape but does not fail the check.
Everything sorts, so the same site always gives the same report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

#: The gates, in the order the summary lists them, with what each one checks.
GATES: dict[str, str] = {
    "links": "internal links, #anchors and footnotes resolve",
    "html-a11y": "axe-core, WCAG 2.0/2.1/2.2 A and AA, in headless Chromium",
    "html-valid": "Nu HTML Checker: no errors",
    "pdf-a11y": "veraPDF, PDF/UA-1",
    "pdf-structure": "PDF tags: notes, contents, table headers, links, fonts, bookmarks, list items, boxes, quotations",
    "parity": "the web page and the PDF carry the same headings, ratings, recommendations, figures and footnotes",
    "copy-fit": "no near-empty PDF page: five lines or fewer before a forced break",
}


class CheckerMissing(Exception):
    """A checker the audit needs is not installed: never a silent pass."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class CheckerFailed(Exception):
    """A checker ran but broke down (crashed, timed out, printed nothing usable)."""


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one file of the site: which gate found it, under which rule."""

    document: str
    gate: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.document}: {self.gate} {self.rule}: {self.message}"

    def as_json(self) -> dict[str, str]:
        return {"document": self.document, "gate": self.gate, "rule": self.rule, "message": self.message}


@dataclass(frozen=True, order=True)
class Document:
    """A document of the site: its web page and its PDF, either of which may be absent."""

    html: str | None
    pdf: str | None
    kind: str = "page"
    slug: str = ""
    title: str = ""
    source: str | None = None

    @property
    def name(self) -> str:
        """The path a publisher knows the document by: its page, else its PDF."""
        return self.html or self.pdf or ""

    @property
    def files(self) -> tuple[str, ...]:
        return tuple(f for f in (self.html, self.pdf) if f)

    def as_json(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "slug": self.slug,
            "title": self.title,
            "source": self.source,
            "html": self.html,
            "pdf": self.pdf,
        }


class Documents:
    """The pages and PDFs of a set of documents (``self.documents``), each list sorted."""

    documents: list[Document]

    @property
    def pages(self) -> list[str]:
        return sorted(d.html for d in self.documents if d.html)

    @property
    def pdfs(self) -> list[str]:
        return sorted(d.pdf for d in self.documents if d.pdf)


@dataclass
class AuditReport(Documents):
    """Everything one audit found, sorted; ``passed`` only when there is no finding at all."""

    documents: list[Document]
    gates: list[str]
    findings: list[Finding] = field(default_factory=list)
    reviews: list[Finding] = field(default_factory=list)
    external_links: dict[str, list[str]] = field(default_factory=dict)
    checkers: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.documents = sorted(self.documents, key=lambda d: d.name)
        self.findings = sorted(set(self.findings))
        self.reviews = sorted(set(self.reviews))
        self.external_links = {url: sorted(set(pages)) for url, pages in sorted(self.external_links.items())}

    @property
    def passed(self) -> bool:
        return not self.findings

    def findings_of(self, document: Document, items: list[Finding] | None = None) -> list[Finding]:
        files = set(document.files)
        return [f for f in (self.findings if items is None else items) if f.document in files]

    def count_by_gate(self) -> dict[str, int]:
        counts = Counter(f.gate for f in self.findings)
        return {gate: counts.get(gate, 0) for gate in self.gates}
