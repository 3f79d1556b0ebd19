"""Turn schema validation errors into problems with file, line and field.

Pydantic reports a location as a path of keys; the YAML loader kept the line
of every key and value, so each error is put back where the author typed it,
with a suggestion for a misspelt field or value.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sitegen.content.problems import Problem
from sitegen.content.yamlfile import Loc, YamlDoc

M = TypeVar("M", bound=BaseModel)


def validate_doc(doc: YamlDoc, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The typed object for a YAML file, or every problem pydantic found in it."""
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "the file must be a set of 'field: value' lines")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_problem(doc, model, err) for err in exc.errors(include_url=False)]


def _problem(doc: YamlDoc, model: type[BaseModel], err: Any) -> Problem:
    kind = err["type"]
    loc = _data_loc(doc.data, tuple(err["loc"]), keep_last=kind in ("missing", "extra_forbidden"))
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = fields_at(model, loc[:-1])
        near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{near[0]}'?" if near else "the fields allowed here are " + ", ".join(allowed)
        return doc.problem(loc, f"unknown field '{key}': {hint}", key=True)
    if kind == "missing":
        line, col = doc.where(loc[:-1])
        return Problem(doc.display, line, col, _label(loc), f"'{loc[-1]}' is required here: add it")
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ", ").split(",")]
        near = difflib.get_close_matches(str(err["input"]), options, n=1, cutoff=0.6)
        hint = f": did you mean '{near[0]}'?" if near else f": use one of {expected}"
        return doc.problem(loc, f"'{err['input']}' is not allowed here{hint}")
    message = str(err["msg"]).removeprefix("Value error, ")
    if kind not in ("value_error",) and not isinstance(err.get("input"), (dict, list)):
        message += f" (found {err['input']!r})"
    return doc.problem(loc, message)


def _label(loc: Loc) -> str:
    from sitegen.content.yamlfile import field_label

    return field_label(loc)


def _data_loc(data: Any, loc: Loc, *, keep_last: bool) -> Loc:
    """Drop the parts of a pydantic location that are not in the data (union tags)."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and str(part) in node:
            out.append(str(part))
            node = node[str(part)]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif last and keep_last:
            out.append(part)
    return tuple(out)


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at a data location inside ``model``."""
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    found = _model_in(annotation)
    return sorted(found.model_fields) if found else []


def _step(annotation: Any, part: str | int) -> Any:
    model = _model_in(annotation)
    if model is not None and isinstance(part, str) and part in model.model_fields:
        return model.model_fields[part].annotation
    for arg in _unwrap(annotation):
        origin = typing.get_origin(arg)
        if origin is list and isinstance(part, int):
            return typing.get_args(arg)[0]
        if origin is dict:
            return typing.get_args(arg)[1]
    return None


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types inside Annotated[...] and unions."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(annotation) for t in _unwrap(a)]
    return [annotation]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    for arg in _unwrap(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None
