"""Schema keywords whose values have the wrong kind, left out before anything reads them.

The validator does not look inside every schema: OpenAPI 3.1's meta-schema
takes any object as a schema, and a ``$ref`` may point into an extension
(``x-defs``) or, in 3.1, any unknown key. A public spec then brings
``type: {type: string, enum: [...]}`` or ``description: 5``. Each such
keyword says nothing the generator can use: it is dropped, with a warning at
its JSON pointer, as the other generators ignore it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .diagnostics import Reporter, escape_pointer

__all__ = ["well_typed"]

_JSON_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _flag(value: Any) -> bool:
    return isinstance(value, bool)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _schema(value: Any) -> bool:
    return isinstance(value, (Mapping, bool))


def _schemas(value: Any) -> bool:
    return isinstance(value, list)


def _type(value: Any) -> bool:
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, str) and v in _JSON_TYPES for v in value)
    return isinstance(value, str) and value in _JSON_TYPES


#: What each keyword the generator reads must hold; "a (what)" names it in the warning.
_EXPECTED: dict[str, tuple[Callable[[Any], bool], str]] = {
    "type": (_type, "one of the JSON types, or a list of them"),
    "description": (_text, "text"),
    "title": (_text, "text"),
    "format": (_text, "text"),
    "pattern": (_text, "text"),
    "nullable": (_flag, "true or false"),
    "x-nullable": (_flag, "true or false"),
    "readOnly": (_flag, "true or false"),
    "writeOnly": (_flag, "true or false"),
    "deprecated": (_flag, "true or false"),
    "uniqueItems": (_flag, "true or false"),
    "minimum": (_number, "a number"),
    "maximum": (_number, "a number"),
    "multipleOf": (_number, "a number"),
    "exclusiveMinimum": (lambda v: _flag(v) or _number(v), "true, false or a number"),
    "exclusiveMaximum": (lambda v: _flag(v) or _number(v), "true, false or a number"),
    "minLength": (_count, "a count"),
    "maxLength": (_count, "a count"),
    "minItems": (_count, "a count"),
    "maxItems": (_count, "a count"),
    "minProperties": (_count, "a count"),
    "maxProperties": (_count, "a count"),
    "enum": (lambda v: isinstance(v, list), "a list"),
    "required": (lambda v: isinstance(v, list) and all(isinstance(r, str) for r in v), "a list of names"),
    "properties": (lambda v: isinstance(v, Mapping), "a map of schemas"),
    "patternProperties": (lambda v: isinstance(v, Mapping), "a map of schemas"),
    "additionalProperties": (_schema, "a schema, true or false"),
    "items": (lambda v: _schema(v) or isinstance(v, list), "a schema"),
    "not": (_schema, "a schema"),
    "allOf": (_schemas, "a list of schemas"),
    "anyOf": (_schemas, "a list of schemas"),
    "oneOf": (_schemas, "a list of schemas"),
    "discriminator": (lambda v: isinstance(v, (Mapping, str)), "a discriminator object"),
}

#: The Python values a default of each JSON type may be.
_DEFAULT_KINDS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
}


def well_typed(raw: Mapping[str, Any], pointer: str, report: Reporter) -> Mapping[str, Any]:
    """``raw`` less the keywords whose values have the wrong kind, each reported as a warning.

    A ``default`` that is not a value of the schema's own (single) type goes
    too: the model would carry it as a field default of the wrong type.
    """
    dropped = [(key, what) for key, (fits, what) in _EXPECTED.items() if key in raw and not fits(raw[key])]
    kind = raw.get("type")
    default = raw.get("default")
    if (
        "default" in raw
        and default is not None
        and isinstance(kind, str)
        and kind in _DEFAULT_KINDS
        and not (isinstance(default, _DEFAULT_KINDS[kind]) and (kind == "boolean" or not isinstance(default, bool)))
    ):
        dropped.append(("default", f"a value of type {kind}"))
    if not dropped:
        return raw
    for key, what in dropped:
        report(
            "warning",
            f"schema keyword `{key}` should be {what}, not {raw[key]!r:.60}; specgen ignores it.",
            f"{pointer}/{escape_pointer(key)}",
            "Correct the keyword in the spec.",
        )
    left_out = {key for key, _ in dropped}
    return {key: value for key, value in raw.items() if key not in left_out}
