"""How argument values are written on the wire: path segments, query pairs, headers, cookies, forms.

One implementation for the client and for the generator, which runs these very
functions to compute what each generated test expects on the wire: a test and
the client cannot disagree. Plain functions of standard types and pydantic
models, no I/O.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import Any, Literal
from urllib.parse import quote

from pydantic import BaseModel

__all__ = ["NOT_GIVEN", "NotGiven", "Style"]

#: How a parameter value is written (OpenAPI ``style``, ``explode``).
Style = tuple[str, bool]

#: OpenAPI's default style per parameter location.
DEFAULT_STYLES: dict[str, Style] = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", True),
}
_DELIMITERS = {"form": ",", "simple": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
#: RFC 6265 cookie-octets besides letters and digits, less ``%`` (the escape itself).
_COOKIE_SAFE = "!#$&'()*+-./:<=>?@[]^_`{|}~"


class NotGiven:
    """The type of :data:`NOT_GIVEN`, the default of every optional argument: an argument
    left at it is left out of the request.

    ``None`` is a value of its own: an argument whose type includes it takes it where the
    spec allows null. A path, query, header, cookie or form value has no way to say null,
    so there ``None`` leaves the value out too.
    """

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"


#: "Leave this argument out of the request": the default of every optional argument.
NOT_GIVEN = NotGiven()


def given(value: Any) -> bool:
    """Whether a path, query, header, cookie or form value is sent: neither left out nor None."""
    return value is not None and not isinstance(value, NotGiven)


def to_jsonable(value: Any) -> Any:
    """Models (by alias, unset fields left out), enums and dates to JSON data."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items() if not isinstance(v, NotGiven)}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        text = value.isoformat()
        # UTC as "Z", as pydantic writes it in bodies: one spelling for every part of a request.
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date):
        return value.isoformat()
    return value


def text(value: Any) -> str:
    value = to_jsonable(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def delimited(value: Any, style: Style) -> str:
    value = to_jsonable(value)
    delimiter = _DELIMITERS.get(style[0], ",")
    if isinstance(value, list):
        return delimiter.join(text(v) for v in value)
    if isinstance(value, Mapping):
        separator = "=" if style[1] else delimiter
        return delimiter.join(f"{k}{separator}{text(v)}" for k, v in value.items())
    return text(value)


def cookie_value(value: str) -> str:
    """A cookie value percent-encoded wherever RFC 6265 forbids the character
    (``;``, ``,``, space, quotes, backslash, controls, non-ASCII), so a value
    can never end its cookie and start another."""
    return quote(value, safe=_COOKIE_SAFE)


def path_value(value: Any, style: Style) -> str:
    """One path segment, percent-encoded; ``.`` and ``..`` too, which URL
    normalisation would otherwise turn into a different path."""
    encoded = quote(delimited(value, style), safe="")
    return encoded.replace(".", "%2E") if encoded in (".", "..") else encoded


def query_pairs(name: str, value: Any, style: Style) -> list[tuple[str, str]]:
    kind, explode = style
    value = to_jsonable(value)
    if isinstance(value, Mapping):
        if kind == "deepObject":
            return [(f"{name}[{k}]", text(v)) for k, v in value.items()]
        if explode:
            return [(str(k), text(v)) for k, v in value.items()]
        return [(name, delimited(value, style))]
    if isinstance(value, list):
        if explode and kind == "form":
            return [(name, text(v)) for v in value]
        return [(name, delimited(value, style))]
    return [(name, text(value))]


def form_text(value: Any) -> str:
    value = to_jsonable(value)
    if isinstance(value, (Mapping, list)):
        return json.dumps(value, separators=(",", ":"))
    return text(value)
