"""Turn schema validation errors into problems with file, line and field, and keep what could be read.

Pydantic reports a location as a path of keys; the YAML loader kept the line of every key and value,
so each error is put back where the author typed it, with a suggestion for a misspelt field or value,
or, where the error is a known YAML slip (a bullet that ends with a colon...), with what to type
instead (:mod:`sitegen.content.traps`). A file with schema problems is salvaged
(:mod:`sitegen.content.salvage`): the rest of it is still checked by the house rules in the same run.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sitegen.content.problems import Problem
from sitegen.content.salvage import data_loc, salvage
from sitegen.content.shape import fields_at
from sitegen.content.traps import data_traps, value_trap
from sitegen.content.yamlfile import YamlDoc, field_label

M = TypeVar("M", bound=BaseModel)


def validate_doc(doc: YamlDoc, model: type[M]) -> tuple[M | None, list[Problem]]:
    """The typed object for a YAML file and every problem found in it.

    With schema problems, the object is what remains of the file once the refused values are taken
    out (the parts refused are recorded in ``doc.refused``): it is for checking, never for printing.
    None when not even that fits the model (the file is not a mapping, its framework is unknown...).
    """
    if not isinstance(doc.data, dict):
        return None, [doc.problem((), "the file must be a set of 'field: value' lines")]
    problems = data_traps(doc)
    try:
        return model.model_validate(doc.data), problems
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    seen_traps = set()
    for error in errors:
        loc = data_loc(doc.data, tuple(error["loc"]), keep_last=error["type"] in ("missing", "extra_forbidden"))
        trap = value_trap(doc, model, loc, error)
        if trap is None:
            problems.append(_problem(doc, model, error))
        elif trap not in seen_traps:
            seen_traps.add(trap)
            if trap[1]:
                problems.append(doc.problem(trap[0], trap[1]))
    obj, refused = salvage(doc.data, model, errors)
    doc.refused |= refused
    return obj, problems


def _problem(doc: YamlDoc, model: type[BaseModel], err: Any) -> Problem:
    kind = err["type"]
    loc = data_loc(doc.data, tuple(err["loc"]), keep_last=kind in ("missing", "extra_forbidden"))
    if kind == "extra_forbidden":
        key = str(loc[-1])
        allowed = fields_at(model, loc[:-1])
        near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{near[0]}'?" if near else "the fields allowed here are " + ", ".join(allowed)
        return doc.problem(loc, f"unknown field '{key}': {hint}", key=True)
    if kind == "missing":
        line, col = doc.where(loc[:-1])
        return Problem(doc.display, line, col, field_label(loc), f"'{loc[-1]}' is required here: add it")
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
