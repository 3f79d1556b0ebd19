"""Turn the summaries of a region's reports, summary files and letters into its page's view.

A region's page lists its letters and inspected PDUs and compares every
PDU's ratings standard by standard, grouped by domain as the reports' own
ratings tables are. PDUs inspected under different frameworks share one
table: each standard is a row, in framework order, and a PDU without it has
an empty cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sitegen.documents.report import slugify
from sitegen.documents.summary import LetterSummary, PduSummary


@dataclass(frozen=True)
class ComparisonRow:
    """One standard: its rating in each PDU of the region, '' where a PDU has none."""

    number: str
    name: str
    ratings: list[str]

    @property
    def anchor(self) -> str:
        return "compare-" + slugify(self.number)


@dataclass(frozen=True)
class ComparisonDomain:
    number: str
    title: str
    rows: list[ComparisonRow]

    @property
    def anchor(self) -> str:
        return "compare-domain-" + slugify(f"{self.number} {self.title}")


@dataclass(frozen=True)
class RegionView:
    """A region's page: its reports, its letters, and every inspected PDU's ratings side by side."""

    slug: str
    name: str
    reports: list[PduSummary]
    path: str
    letters: list[LetterSummary] = field(default_factory=list)
    pdus: list[PduSummary] = field(default_factory=list)

    @property
    def comparison(self) -> list[ComparisonDomain]:
        """The standards of every PDU, by domain, in the framework's order."""
        found: dict[str, tuple[tuple[str, str], str, dict[int, str]]] = {}
        for index, pdu in enumerate(self.pdus):
            for domain in pdu.domains:
                for standard in domain.standards:
                    entry = found.setdefault(standard.number, ((domain.number, domain.title), standard.name, {}))
                    entry[2][index] = standard.rating
        domains: dict[tuple[str, str], list[ComparisonRow]] = {}
        # Whichever PDU first has a standard names it and its domain (a PDU may leave a row out).
        for number, (domain, name, ratings) in sorted(found.items(), key=lambda item: standard_order(item[0])):
            row = ComparisonRow(number, name, [ratings.get(i, "") for i in range(len(self.pdus))])
            domains.setdefault(domain, []).append(row)
        return [ComparisonDomain(number, title, rows) for (number, title), rows in domains.items()]


def standard_order(number: str) -> tuple[str, tuple[int, ...]]:
    """'2.1' before '2.10', and 'P 1.1' (a later framework's numbering) after every plain number."""
    return re.sub(r"[\d.]+$", "", number), tuple(int(part) for part in re.findall(r"\d+", number))
