"""Request bodies: the media type sent, and the body as one argument or as form fields."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..diagnostics import escape_pointer
from ..ir import JSON_MEDIA, Body, Param, TypeRef
from ..naming import pascal_case
from ..upgrade import FORM_TYPES
from .context import Context, mapping
from .media import choose_content_type, media_kind

__all__ = ["body_params", "request_body"]


def request_body(ctx: Context, raw: Any, pointer: str, base: str) -> Body | None:
    """The body an operation sends. As in swagger-codegen, the first listed media type
    decides between form fields and one body; a body is then sent as JSON when JSON is offered."""
    if not isinstance(raw, Mapping):
        return None
    content = raw.get("content")
    if not isinstance(content, Mapping) or not content:
        return None
    types = tuple(str(t) for t in content)
    first = types[0].split(";")[0].strip().lower()
    chosen = types[0] if first in FORM_TYPES else choose_content_type(types)
    media = content[chosen] if isinstance(content[chosen], Mapping) else {}
    required = bool(raw.get("required", False))
    description = str(raw.get("description") or "")
    schema_pointer = f"{pointer}/content/{escape_pointer(chosen)}/schema"
    if chosen.split(";")[0].strip().lower() in FORM_TYPES:
        encoding = mapping(media.get("encoding"))
        fields = _form_fields(ctx, media.get("schema", {}), schema_pointer, base, encoding)
        # No declared fields (`schema: {}`, an open object): the caller gives them as a
        # mapping, sent as the form's fields (see Body.is_free_form).
        return Body(chosen, types, TypeRef("dict"), required, description, fields)
    schema = media.get("schema")
    if schema is None and JSON_MEDIA.match(chosen.split(";")[0].strip()):
        schema = {}
    kind = media_kind(ctx, chosen, schema, base + "Request", schema_pointer, hoist=True)
    return Body(chosen, types, kind, required, description)


def body_params(body: Body | None, name: Any = None) -> list[Param]:
    """The body as call parameters; ``name`` is ``x-codegen-request-body-name``."""
    if body is None:
        return []
    if body.form_fields:
        return list(body.form_fields)
    wire = str(name) if isinstance(name, str) and name.strip() else "body"
    return [Param(wire, wire, "body", body.type, body.required, body.description, content_type=body.content_type)]


def _form_fields(
    ctx: Context, schema: Any, pointer: str, base: str, encoding: Mapping[str, Any]
) -> tuple[Param, ...]:
    """The properties of a form body's schema (allOf parts folded in), as form fields."""
    resolved = _merged_object(ctx, schema)
    properties = mapping(resolved.get("properties"))
    needed = set(resolved.get("required") or [])
    fields = []
    for name, prop in properties.items():
        prop_pointer = f"{pointer}/properties/{escape_pointer(str(name))}"
        enc = mapping(encoding.get(name))
        described = ctx.schemas.resolve(prop)
        fields.append(
            Param(
                wire_name=str(name),
                py_name=str(name),
                location="form",
                type=_field_type(ctx, prop, base + pascal_case(str(name)), prop_pointer),
                # swagger-codegen: a field is required when its schema says so.
                required=name in needed,
                description=str(described.get("description") or "") if isinstance(described, Mapping) else "",
                content_type=str(enc.get("contentType")) if enc.get("contentType") else None,
            )
        )
    return tuple(fields)


def _field_type(ctx: Context, prop: Any, name: str, pointer: str) -> TypeRef:
    """A form field's type: a binary string (or a list of them) is a file."""
    resolved = ctx.schemas.resolve(prop)
    if isinstance(resolved, Mapping):
        if resolved.get("format") == "binary" or resolved.get("type") == "file":
            return TypeRef("file")
        items = ctx.schemas.resolve(resolved.get("items"))
        if (
            resolved.get("type") == "array"
            and isinstance(items, Mapping)
            and (items.get("format") == "binary" or items.get("type") == "file")
        ):
            return TypeRef("list", args=(TypeRef("file"),))
    return ctx.schemas.type_of(prop, name, pointer)


def _merged_object(ctx: Context, schema: Any) -> dict[str, Any]:
    """An object schema with its allOf parts folded in (for form fields)."""
    resolved = ctx.schemas.resolve(schema)
    if not isinstance(resolved, Mapping):
        return {}
    merged: dict[str, Any] = {"properties": {}, "required": []}
    for part in [resolved, *(resolved.get("allOf") or [])]:
        part = ctx.schemas.resolve(part) if part is not resolved else part
        if not isinstance(part, Mapping):
            continue
        if part is not resolved and part.get("allOf"):
            part = _merged_object(ctx, part)
        merged["properties"].update(part.get("properties") or {})
        merged["required"].extend(part.get("required") or [])
    return merged
