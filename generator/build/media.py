"""What a body of a media type is passed or returned as, and which media type is chosen."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ir import JSON_MEDIA, TypeRef
from .context import Context

__all__ = ["choose_content_type", "media_kind"]


def choose_content_type(types: tuple[str, ...]) -> str:
    """JSON when offered (as swagger-codegen picks it first), else the first listed."""
    for content_type in types:
        if JSON_MEDIA.match(content_type) and content_type != "*/*":
            return content_type
    return types[0]


def media_kind(ctx: Context, content_type: str, schema: Any, name: str, pointer: str, hoist: bool) -> TypeRef:
    """What a body of this media type and schema is passed or returned as.

    * JSON (``application/json``, ``+json``, ``text/json``, ``*/*``): the
      schema's type, parsed from JSON (no schema: ``Any``).
    * Text (``text/*``) and XML (``application/xml``, ``+xml``): ``str``,
      even for an object or array schema (no XML or CSV parsing is done);
      a primitive schema (a number, a date, an enum) is parsed from the text.
    * Any other type (``application/vnd.github.v3``, ``application/pdf``):
      an object or array schema describes a JSON body, which the runtime
      parses as JSON (it refuses one that is not); anything else is ``bytes``.

    A string of ``format: binary`` is ``bytes`` whatever the type. The
    runtime's ``deserialize`` reads bodies by the same rules.
    """
    media = content_type.split(";")[0].strip().lower()
    if JSON_MEDIA.match(media):
        return TypeRef("any") if schema is None else ctx.schemas.type_of(schema, name, pointer, hoist=hoist)
    textual = media.startswith("text/") or media == "application/xml" or media.endswith("+xml")
    if schema is None:
        return TypeRef("str") if textual else TypeRef("bytes")
    if textual and _is_structured(ctx, schema):
        return TypeRef("str")  # not converted, so an inline object schema makes no unused model
    kind = ctx.schemas.type_of(schema, name, pointer, hoist=hoist)
    if kind.kind == "any" or (kind.kind == "str" and not textual):
        return TypeRef("str") if textual else TypeRef("bytes")
    return kind


def _is_structured(ctx: Context, schema: Any) -> bool:
    """Whether a schema describes an object or an array (or a combination), not a scalar."""
    resolved = ctx.schemas.resolve(schema)
    if not isinstance(resolved, Mapping):
        return False
    types = resolved.get("type")
    types = set(types) if isinstance(types, list) else {types}
    if types & {"object", "array"}:
        return True
    if any(key in resolved for key in ("properties", "items", "additionalProperties")):
        return True
    return any(
        _is_structured(ctx, part)
        for key in ("allOf", "oneOf", "anyOf")
        for part in _list(resolved.get(key))
    )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
