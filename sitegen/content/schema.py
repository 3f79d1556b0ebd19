"""Turn the content model into JSON Schemas an editor can use."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from sitegen import __version__
from sitegen.content.model import Letter, Region, Report, Summary
from sitegen.content.sitefile import Site

#: Each kind of content file, its model and where its files live.
KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "report": (Report, "content/pdus/*.yaml"),
    "summary": (Summary, "content/summaries/*.yaml"),
    "letter": (Letter, "content/letters/*.yaml"),
    "region": (Region, "content/regions/*.yaml"),
    "site": (Site, "site.yaml"),
}


def content_schema(kind: str = "report") -> dict[str, Any]:
    model, files = KINDS[kind]
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"sitegen {kind} file"
    schema["description"] = f"A {files} file (sitegen {__version__})."
    return schema
