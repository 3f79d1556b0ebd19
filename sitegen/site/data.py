"""Turn inspection records into the open data: CSV and JSON files and their Data Package.

``data/ratings.csv`` has one row per standard per inspection,
``data/key-questions.csv`` one row per key-question figure,
``data/inspections.json`` one object per inspection; each region has its own
two CSVs in ``data/regions/``. ``data/datapackage.json`` describes every file
with a Frictionless table schema (types, allowed values, keys), so anyone can
check the files as the tests do. Nothing here reads a clock: the same content
gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sitegen.content.sitefile import Site
from sitegen.documents.inspections import RATING_ORDER, Inspection
from sitegen.documents.report import slugify

DATA_DIR = "data"
PACKAGE = f"{DATA_DIR}/datapackage.json"
LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}

_YEAR_MONTH = {"type": "yearmonth", "description": "Year and month, YYYY-MM."}


def _field(name: str, kind: str, description: str, **constraints: Any) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    if constraints:
        field["constraints"] = constraints
    return field


_INSPECTION_FIELDS = [
    _field("inspection", "string", "The inspection's identifier: its report's file name.", required=True),
    _field("pdu", "string", "The probation delivery unit (PDU).", required=True),
    _field("region", "string", "The probation region.", required=True),
    _field("framework", "string", "The inspection framework.", required=True, enum=["2021", "2024"]),
    {**_YEAR_MONTH, "name": "published", "description": "The month the report was published here (empty: published elsewhere)."},
    {**_YEAR_MONTH, "name": "fieldwork_started", "constraints": {"required": True}},
]
_RATING = {"required": True, "enum": list(RATING_ORDER)}

RATINGS_SCHEMA = {
    "fields": [
        *_INSPECTION_FIELDS,
        _field("standard_number", "string", "The standard's number in its framework.", required=True),
        _field("standard_name", "string", "The standard's name.", required=True),
        _field("rating", "string", "The standard's rating.", **_RATING),
        _field("score_points", "integer", "Points towards the score (empty when not rated).", minimum=0, maximum=3),
    ],
    "primaryKey": ["inspection", "standard_number"],
    "foreignKeys": [{"fields": "inspection", "reference": {"resource": "inspections", "fields": "inspection"}}],
}

KEY_QUESTIONS_SCHEMA = {
    "fields": [
        *_INSPECTION_FIELDS,
        _field("standard_number", "string", "The standard (or outcomes) the key question belongs to.", required=True),
        _field("standard_name", "string", "The standard's name.", required=True),
        _field("key_question_number", "integer", "The key question's place in its standard, from 1.", required=True, minimum=1),
        _field("key_question", "string", "The key question, as the framework words it.", required=True),
        _field(
            "percentage_yes",
            "integer",
            "Cases inspected where the answer was 'Yes', per cent.",
            required=True,
            minimum=0,
            maximum=100,
        ),  # fmt: skip
        _field("drives_rating", "boolean", "Whether this figure gave the standard its rating (the lowest).", required=True),
        _field(
            "standard_rating",
            "string",
            "The standard's rating (empty for outcomes, which are not rated).",
            enum=list(RATING_ORDER),
        ),  # fmt: skip
    ],
    "primaryKey": ["inspection", "standard_number", "key_question_number"],
    "foreignKeys": [{"fields": "inspection", "reference": {"resource": "inspections", "fields": "inspection"}}],
}

INSPECTIONS_SCHEMA = {
    "fields": [
        *_INSPECTION_FIELDS,
        _field("score", "integer", "Points over all rated standards.", required=True, minimum=0),
        _field("maximum_score", "integer", "The most points the rated standards could give.", required=True, minimum=0),
        _field("overall_rating", "string", "The overall rating, from the score.", **_RATING),
        _field("report_page", "string", "The report's web page (empty: published elsewhere).") | {"format": "uri"},
        _field("report_pdf", "string", "The report's PDF, when this site has one.") | {"format": "uri"},
        _field("published_report", "string", "Where a report published elsewhere can be read.") | {"format": "uri"},
        _field("ratings", "object", "Each standard's rating, by number.", required=True),
    ],
    "primaryKey": ["inspection"],
}


@dataclass(frozen=True)
class DataFile:
    """A file of the open data: where it goes, what it is called and what it holds."""

    path: str
    name: str
    title: str
    data: bytes


def _base(inspection: Inspection) -> dict[str, Any]:
    return {
        "inspection": inspection.slug,
        "pdu": inspection.pdu,
        "region": inspection.region,
        "framework": inspection.framework,
        "published": inspection.published or "",
        "fieldwork_started": inspection.fieldwork_started,
    }


def rating_rows(items: Sequence[Inspection]) -> list[dict[str, Any]]:
    return [
        {
            **_base(i),
            "standard_number": s.number,
            "standard_name": s.name,
            "rating": s.rating,
            "score_points": "" if s.points is None else s.points,
        }  # fmt: skip
        for i in items
        for s in i.standards
    ]


def key_question_rows(items: Sequence[Inspection]) -> list[dict[str, Any]]:
    rows = []
    for i in items:
        groups = [(s.number, s.name, s.rating, s.key_questions) for s in i.standards]
        groups.append((i.outcomes_number or "Outcomes", "Outcomes", "", i.outcomes))
        for number, name, rating, figures in groups:
            rows += [
                {
                    **_base(i),
                    "standard_number": number,
                    "standard_name": name,
                    "key_question_number": k.position,
                    "key_question": k.question,
                    "percentage_yes": k.percent,
                    "drives_rating": "true" if k.drives else "false",
                    "standard_rating": rating,
                }  # fmt: skip
                for k in figures
            ]
    return rows


def csv_bytes(schema: dict[str, Any], rows: list[dict[str, Any]]) -> bytes:
    """RFC 4180 CSV, UTF-8, a header row of the schema's field names."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f["name"] for f in schema["fields"]], lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def inspections_json(
    items: Sequence[Inspection], url: Callable[[str], str], pages: Callable[[Inspection], tuple[str, str]]
) -> bytes:
    records = []
    for i in items:
        page, pdf = pages(i)
        records.append(
            {
                **_base(i),
                "published": i.published,
                "score": i.score,
                "maximum_score": i.maximum_score,
                "overall_rating": i.overall_rating,
                "report_page": url(page) if i.has_report else None,
                "report_pdf": url(pdf) if i.has_report and pdf else None,
                "published_report": i.published_report,
                "ratings": i.ratings,
            }
        )
    return (json.dumps(records, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def region_data_path(region: str, kind: str) -> str:
    return f"{DATA_DIR}/regions/{region}-{kind}.csv"


def open_data(
    site: Site,
    items: Sequence[Inspection],
    regions: dict[str, str],
    url: Callable[[str], str],
    pages: Callable[[Inspection], tuple[str, str]],
) -> list[DataFile]:
    """Every data file, the Data Package last; ``regions`` maps each region's slug to its name.

    ``url`` turns a site path into its published address; ``pages`` gives an
    inspection's page and PDF paths (the PDF '' when none is built).
    """
    files = [
        DataFile(f"{DATA_DIR}/ratings.csv", "ratings", "Ratings of every standard, by inspection",
                 csv_bytes(RATINGS_SCHEMA, rating_rows(items))),
        DataFile(f"{DATA_DIR}/key-questions.csv", "key-questions", "Key-question figures, by inspection",
                 csv_bytes(KEY_QUESTIONS_SCHEMA, key_question_rows(items))),
        DataFile(f"{DATA_DIR}/inspections.json", "inspections", "Inspections: overall ratings, scores and links",
                 inspections_json(items, url, pages)),
    ]  # fmt: skip
    for slug, name in sorted(regions.items()):
        own = [i for i in items if i.region_slug == slug]
        files += [
            DataFile(region_data_path(slug, "ratings"), f"ratings-{slug}", f"Ratings of every standard: {name} region",
                     csv_bytes(RATINGS_SCHEMA, rating_rows(own))),
            DataFile(region_data_path(slug, "key-questions"), f"key-questions-{slug}",
                     f"Key-question figures: {name} region", csv_bytes(KEY_QUESTIONS_SCHEMA, key_question_rows(own))),
        ]  # fmt: skip
    files.append(
        DataFile(PACKAGE, "datapackage", "Data Package: what each file holds, for data tools", data_package(site, files, url))
    )
    return files


def _schema_of(name: str) -> dict[str, Any]:
    if name == "inspections":
        return INSPECTIONS_SCHEMA
    schema = KEY_QUESTIONS_SCHEMA if name.startswith("key-questions") else RATINGS_SCHEMA
    if name in ("ratings", "key-questions"):
        return schema
    # A region's file refers to its own rows only; the inspections it names are all in the national file.
    return {k: v for k, v in schema.items() if k != "foreignKeys"}


def data_package(site: Site, files: list[DataFile], url: Callable[[str], str]) -> bytes:
    """The Frictionless Data Package (v1) describing ``files``, paths relative to data/."""
    resources = []
    for f in files:
        is_json = f.path.endswith(".json")
        resources.append(
            {
                "name": f.name,
                "title": f.title,
                "path": f.path.removeprefix(f"{DATA_DIR}/"),
                "profile": "tabular-data-resource",
                "format": "json" if is_json else "csv",
                "mediatype": "application/json" if is_json else "text/csv",
                "encoding": "utf-8",
                "schema": _schema_of(f.name),
            }
            # frictionless counts the bytes of a CSV as it reads it, not of a JSON file.
            | ({} if is_json else {"bytes": len(f.data)})
        )
    package = {
        "profile": "tabular-data-package",
        "name": slugify(site.title) or "inspections",
        "title": f"{site.title}: open data",
        "description": "Every rating and key-question figure of the inspections published on this site.",
        "homepage": url("index.html"),
        "licenses": [LICENCE],
        "contributors": [{"title": site.publisher.name, "role": "publisher"}],
        "resources": resources,
    }
    return (json.dumps(package, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
