"""Turn a file the schema refused into as much of it as the model takes, and the parts it refused.

A schema problem (a misspelt field, a word where a figure belongs) must not hide the rest of the
file: the house rules and the footnotes are checked on what could be read, in the same run. Each
refused value is taken out (an unknown field, a list entry, a field with a default) or replaced by a
stand-in of its type (a required field), until the model takes the rest. What is refused is kept as
parts of the file (a standard, a top-level field): a house-rule or footnote problem found inside one
follows from the schema problem and is not reported (see ``YamlDoc.problem``). The salvaged object is
only ever checked, never printed: a file with a schema problem fails the build.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from sitegen.content.model import ENTRY_KINDS
from sitegen.content.shape import NO_FILLER, annotation_at, filler, models_in, value_at
from sitegen.content.yamlfile import Loc

M = TypeVar("M", bound=BaseModel)

#: Fields whose entries are checked one by one: a schema problem in one standard or annexe leaves the
#: house rules of the others to be checked. A problem elsewhere holds back its whole top-level field
#: (recommendation numbers, for one, run on across groups).
BY_ENTRY = {"standards", "ratings", "themes", "annexes"}

#: The kinds of list entry, as pydantic names them in an error's location.
ENTRY_TAGS = {"text", *ENTRY_KINDS}
_ROUNDS = 50
_DROP = object()


def refused_part(loc: Loc) -> Loc:
    """The part of the file a schema problem at ``loc`` holds back from the house rules."""
    if len(loc) >= 2 and loc[0] in BY_ENTRY:
        return loc[:2]
    return loc[:1]


def data_loc(data: Any, loc: tuple[Any, ...], *, keep_last: bool) -> Loc:
    """A pydantic location as a place in the data: the parts that are not in it (union tags) dropped."""
    out: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if i and isinstance(loc[i - 1], int) and part in ENTRY_TAGS and not last:
            continue  # the kind of a list entry pydantic tried ('quote' for a mapping), not a key of it
        if isinstance(node, dict) and str(part) in node:
            out.append(str(part))
            node = node[str(part)]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        elif last and keep_last:
            out.append(part)
    return tuple(out)


def salvage(data: Any, model: type[M], errors: list[Any]) -> tuple[M | None, set[Loc]]:
    """The model made of what ``data`` holds that fits, and the parts refused; None if nothing fits."""
    data = copy.deepcopy(data)
    refused: set[Loc] = set()
    for _ in range(_ROUNDS):
        changed = False
        for error in errors:
            kind = error["type"]
            loc = data_loc(data, tuple(error["loc"]), keep_last=kind in ("missing", "extra_forbidden"))
            refused.add(refused_part(loc))
            key_refused = bool(error["loc"]) and error["loc"][-1] == "[key]"
            changed |= _repair(data, model, loc, kind, key_refused)
        _sweep(data)
        try:
            return model.model_validate(data), refused
        except ValidationError as exc:
            errors = exc.errors(include_url=False)
        if not changed:
            break
    return None, refused


def _repair(data: Any, model: type[BaseModel], loc: Loc, kind: str, key_refused: bool) -> bool:
    """Take out or stand in for the value at ``loc``; whether anything changed."""
    if not loc:
        return False
    entries = [i for i, part in enumerate(loc) if isinstance(part, int)]
    if entries:  # a list entry with a problem anywhere in it is left out whole
        loc = loc[: entries[-1] + 1]
    parent = value_at(data, loc[:-1])
    last = loc[-1]
    if isinstance(parent, list) and isinstance(last, int) and last < len(parent):
        parent[last] = _DROP
        return True
    if not isinstance(parent, dict):
        return False
    if kind == "extra_forbidden" or key_refused:
        if last in parent:
            parent[last] = _DROP
            return True
        return False
    owners = models_in(annotation_at(model, loc[:-1]))
    field = owners[0].model_fields.get(str(last)) if owners else None
    if kind != "missing" and field is not None and not field.is_required():
        parent[last] = _DROP  # the model's default takes its place
        return True
    stand_in = filler(annotation_at(model, loc))
    if stand_in is NO_FILLER or (last in parent and parent[last] == stand_in):
        return False
    parent[last] = stand_in
    return True


def _sweep(node: Any) -> None:
    """Take out every value marked for dropping."""
    if isinstance(node, dict):
        for key in [k for k, v in node.items() if v is _DROP]:
            del node[key]
        for value in node.values():
            _sweep(value)
    elif isinstance(node, list):
        node[:] = [v for v in node if v is not _DROP]
        for value in node:
            _sweep(value)
