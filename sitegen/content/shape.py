"""Turn a place in a content file into what the model expects there: its type, its fields, a stand-in.

Validation names the fields allowed where an unknown one was written; salvage puts a stand-in where a
value was refused. Both read the model's annotations along a data location (``('standards', '2.2',
'key_questions', 1)``).
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from sitegen.content.yamlfile import Loc

#: No stand-in fits (a value from a fixed list, such as the framework).
NO_FILLER = object()

# Texts that pass the model's checks on text, tried in turn for a refused one: the checks of months,
# dates, ISBNs and web addresses pass one of them. They are never shown: a file with a refused value
# has a problem, so nothing is built from it.
_TEXT_FILLERS = ("", "January 2000", "1 January 2000", "978-0-00-000000-2", "https://example.org/")


def annotation_at(model: type[BaseModel], loc: Loc) -> Any:
    """The annotation of the value at a data location inside ``model`` (None if the model has no such place)."""
    annotation: Any = model
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return None
    return annotation


def value_at(data: Any, loc: Loc) -> Any:
    """The value at a data location (None if there is none)."""
    node = data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed at a data location inside ``model`` (of every kind an entry may be)."""
    annotation = annotation_at(model, loc)
    return sorted({name for found in models_in(annotation) for name in found.model_fields})


def filler(annotation: Any) -> Any:
    """A stand-in value of the annotation's type, or NO_FILLER."""
    concrete = _unwrap(annotation)
    if type(None) in concrete:
        return None
    if models_in(annotation):
        return {}  # its own required fields are filled in turn
    for origin, empty in ((list, []), (dict, {})):
        if any(typing.get_origin(arg) is origin or arg is origin for arg in concrete):
            return empty
    if int in concrete or float in concrete:
        return 0
    for text in _TEXT_FILLERS:
        if _fits(annotation, text):
            return text
    return NO_FILLER


def _fits(annotation: Any, value: Any) -> bool:
    try:
        TypeAdapter(annotation).validate_python(value)
    except ValidationError:
        return False
    return True


def _step(annotation: Any, part: str | int) -> Any:
    for model in models_in(annotation):
        if isinstance(part, str) and part in model.model_fields:
            field = model.model_fields[part]
            # The field's own checks (a month, an ISBN) are kept in its metadata, apart from its type.
            return typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
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


def models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation allows (several for a list entry that may be a quotation, a paragraph...)."""
    return [arg for arg in _unwrap(annotation) if isinstance(arg, type) and issubclass(arg, BaseModel)]
