"""Turn the content model into a JSON Schema an editor can use."""

from __future__ import annotations

from typing import Any

from sitegen import __version__
from sitegen.model import Report


def content_schema() -> dict[str, Any]:
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "sitegen PDU inspection report"
    schema["description"] = f"A content/pdus/*.yaml file (sitegen {__version__})."
    return schema
