"""What the API, docs and test views share: which parameters are files, and how an
example value is written as a Python argument."""

from __future__ import annotations

from typing import Any

from ..ir import TypeRef
from ..text import pyrepr
from ..wire import as_date

__all__ = ["FREE_FORM_EXAMPLE", "is_file", "literal"]

#: The fields a test and the docs send in a form that declares none.
FREE_FORM_EXAMPLE = (("name", "value"),)


def is_file(ref: TypeRef) -> bool:
    """Whether a form field holds a file, or a list of them."""
    return ref.kind == "file" or (ref.kind == "list" and bool(ref.args) and ref.args[0].kind == "file")


def literal(value: Any, ref: TypeRef) -> str:
    """Python source for an argument: dates as date objects, the rest as JSON-ish literals."""
    if as_date(value, ref.kind) is None:  # not a date, or not one in ISO 8601 (a spec's odd default)
        return pyrepr(value)
    if ref.kind == "date":
        return f"date.fromisoformat({value!r})"
    if ref.kind == "datetime":
        return f"datetime.fromisoformat({value.replace('Z', '+00:00')!r})"
    return pyrepr(value)
