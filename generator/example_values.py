"""Example values as JSON data: those of the schemas that hold no other (strings,
numbers, booleans), and how values combine (:func:`merge`) and count (:func:`size_of`).

A leaf meets the constraints the models leave out but a server checks (format,
length, pattern, bounds), read from the converted schema's
:data:`~generator.schema_convert.EXAMPLE_HINTS`.
"""

from __future__ import annotations

import math
import re
import re._parser as _regex_parser  # the standard library's own regex parser
from collections.abc import Mapping
from typing import Any

from .schema_convert import EXAMPLE_HINTS

__all__ = ["leaf", "merge", "scalar", "size_of"]

_FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "email": "jane.doe@example.com",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "uri": "https://example.com/resource",
    "url": "https://example.com/resource",
    "ipv4": "192.0.2.1",
    "time": "03:04:05",
    "hostname": "example.com",
    "ipv6": "2001:db8::1",
    "uri-reference": "/resource",
    "byte": "Ynl0ZXM=",
}
#: Shorter values of the same formats, for a ``maxLength`` the usual ones exceed.
_SHORT_FORMATS = {"email": "a@b.co", "uri": "https://a.co", "url": "https://a.co", "hostname": "a.co"}


def leaf(schema: Mapping[str, Any], hint: str) -> Any:
    """The example of a schema that holds no other schema, within the spec's constraints
    (format, length, pattern, bounds), which the models leave out but a server checks."""
    kind = schema.get("type")
    limits = schema.get(EXAMPLE_HINTS) or {}
    if kind == "string":
        return _string(schema.get("format") or limits.get("format"), limits, hint)
    if kind in ("integer", "number"):
        return _number(kind, limits)
    if kind == "boolean":
        return True
    return "value"


def _string(fmt: Any, limits: Mapping[str, Any], hint: str) -> str:
    value = _FORMATS.get(fmt) if isinstance(fmt, str) else None
    longest = limits.get("maxLength")
    if value is not None and isinstance(longest, int) and len(value) > longest and fmt in _SHORT_FORMATS:
        value = _SHORT_FORMATS[fmt]
    pattern = limits.get("pattern")
    if value is None and isinstance(pattern, str):
        value = _matching(pattern)
    if value is None:
        value = scalar("str", hint)
    shortest = limits.get("minLength")
    if isinstance(longest, int) and len(value) > longest >= 0:
        value = value[:longest]
    if isinstance(shortest, int) and len(value) < shortest:
        value += "x" * (shortest - len(value))
    return value


def _number(kind: str, limits: Mapping[str, Any]) -> int | float:
    """1 (or 1.5), moved inside the bounds; a multiple of ``multipleOf`` when it asks for one."""
    low, high, step = (_numeric(limits.get(k)) for k in ("minimum", "maximum", "multipleOf"))
    value: float = step if step is not None and step > 0 else (1 if kind == "integer" else 1.5)
    nudge = 1 if kind == "integer" else 0.5
    # exclusiveMinimum/Maximum: a flag on minimum/maximum (OpenAPI 3.0), or the bound itself (3.1).
    low_flag, high_flag = limits.get("exclusiveMinimum"), limits.get("exclusiveMaximum")
    if low is not None:
        if value < low or (low_flag is True and value <= low):
            value = low + (nudge if low_flag is True else 0)
    elif (bound := _numeric(low_flag)) is not None and value <= bound:
        value = bound + nudge
    if high is not None:
        if value > high or (high_flag is True and value >= high):
            value = high - (nudge if high_flag is True else 0)
    elif (bound := _numeric(high_flag)) is not None and value >= bound:
        value = bound - nudge
    if step is not None and step > 0 and value % step:
        value = math.ceil(value / step) * step
    return int(value) if kind == "integer" and float(value).is_integer() else value


def _numeric(value: Any) -> float | None:
    """``value`` when it is a number (not a bool, nor ``exclusiveMinimum: true``)."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _matching(pattern: str) -> str | None:
    """A short string that ``pattern`` matches (each part at its fewest repeats, the first
    branch, the first character of a class), or None for one this cannot satisfy."""
    try:
        parsed = _regex_parser.parse(pattern)
        text = _emit(parsed, 0)
    except (re.error, _Unsupported, RecursionError, OverflowError):
        return None
    return text if re.search(pattern, text) else None


class _Unsupported(Exception):
    """A regular-expression construct :func:`_matching` does not write an example for."""


def _emit(items: Any, depth: int) -> str:
    if depth > 20:
        raise _Unsupported
    out = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "ANY":
            out.append("a")
        elif name == "IN":
            out.append(_class_member(arg))
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _, body = arg
            out.append(_emit(body, depth + 1) * max(low, 0))
        elif name == "SUBPATTERN":
            out.append(_emit(arg[-1], depth + 1))
        elif name == "ATOMIC_GROUP":
            out.append(_emit(arg, depth + 1))
        elif name == "BRANCH":
            out.append(_emit(arg[1][0], depth + 1))
        elif name in ("AT", "ASSERT", "ASSERT_NOT"):
            continue  # anchors and lookarounds take no characters; the final re.search checks them
        else:
            raise _Unsupported
    return "".join(out)


def _class_member(items: Any) -> str:
    """The first character a ``[...]`` class admits (``[^...]``: a letter it does not exclude)."""
    if items and str(items[0][0]) == "NEGATE":
        excluded = "".join(_class_member([item]) for item in items[1:] if str(item[0]) != "NEGATE")
        return next(c for c in "aZ0_-" if c not in excluded)
    op, arg = items[0]
    name = str(op)
    if name == "LITERAL":
        return chr(arg)
    if name == "RANGE":
        return chr(arg[0])
    if name == "CATEGORY":
        return {"CATEGORY_DIGIT": "0", "CATEGORY_SPACE": " ", "CATEGORY_WORD": "a"}.get(str(arg), "a")
    raise _Unsupported


def scalar(kind: str, hint: str) -> Any:
    """The example of a scalar :class:`~generator.ir.TypeRef` kind (``hint``: the name it is for)."""
    return {
        "str": f"{hint}-example",
        "int": 1,
        "float": 1.5,
        "bool": True,
        "date": "2024-01-02",
        "datetime": "2024-01-02T03:04:05Z",
        "bytes": "Ynl0ZXM=",
        "file": "file",
        "any": "value",
        "none": None,
    }.get(kind, "value")


def merge(into: dict[str, Any], part: dict[str, Any]) -> None:
    """Fold an allOf part's example into ``into``: objects merge; in a conflict the more
    specific value wins (a part may restate a property loosely, ``items: {}`` or ``type:
    object``, and the model keeps the specific one), an integer over a fractional number
    (it is a number too, for a part that says ``number``), the first on a tie."""
    for key, value in part.items():
        if key not in into:
            into[key] = value
        elif isinstance(into[key], dict) and isinstance(value, dict):
            merge(into[key], value)
        elif _detail(value) > _detail(into[key]) or (_is_integer(value) and type(into[key]) is float):
            into[key] = value


def _is_integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _detail(value: Any) -> int:
    """How much a value says: placeholders for "anything" (``"value"``, ``{}``) say nothing."""
    if isinstance(value, dict):
        return sum(1 + _detail(v) for k, v in value.items() if k != "key")
    if isinstance(value, list):
        return 1 + sum(_detail(v) for v in value)
    return 0 if value == "value" else 1


def size_of(value: Any) -> int:
    """How many values ``value`` holds, itself included."""
    if isinstance(value, dict):
        return 1 + sum(size_of(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(size_of(v) for v in value)
    return 1
