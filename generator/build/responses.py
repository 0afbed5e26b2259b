"""An operation's documented responses, and what its method returns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..diagnostics import escape_pointer
from ..ir import Response, TypeRef
from ..naming import pascal_case
from .context import Context, mapping
from .media import choose_content_type, media_kind

__all__ = ["BODILESS_STATUSES", "operation_responses", "return_type"]

#: Statuses HTTP forbids a body in (RFC 9110 15.3.5, 15.3.6, 15.4.5).
BODILESS_STATUSES = frozenset({"204", "205", "304"})


def operation_responses(
    ctx: Context, raw: Mapping[str, Any], pointer: str, base: str, method: str
) -> tuple[Response, ...]:
    """The documented responses. Those that cannot carry a body (204, 205, 304,
    and every answer to HEAD) have none, whatever content the spec lists."""
    entries = mapping(raw.get("responses"))
    successes = _success_statuses([str(s) for s in entries])
    with_body = [s for s in successes if s not in BODILESS_STATUSES]
    primary = min(with_body) if with_body else None
    responses = []
    for status, value in entries.items():
        status = str(status)
        value = ctx.deref(value)
        if not isinstance(value, Mapping):
            continue
        where = f"{pointer}/responses/{escape_pointer(status)}"
        name = base + "Response" if status == primary else f"{base}Response{pascal_case(status)}"
        content_type, schema, schema_pointer = _response_schema(value, where)
        if content_type is not None and (method == "head" or status in BODILESS_STATUSES):
            if status in BODILESS_STATUSES:
                ctx.report(
                    "warning",
                    f"a {status} response has no body (HTTP forbids one): the content listed is ignored.",
                    where,
                    "Remove its content, or use 200 for a response with a body.",
                )
            content_type = None
        kind = (
            TypeRef("none")
            if content_type is None
            else media_kind(ctx, content_type, schema, name, schema_pointer, status in successes)
        )
        responses.append(Response(status, str(value.get("description") or ""), content_type, kind))
    return tuple(responses)


def _response_schema(value: Mapping[str, Any], where: str) -> tuple[str | None, Any, str]:
    """The media type a response is read as (JSON when offered), its schema, and the schema's pointer."""
    content = value.get("content")
    if not isinstance(content, Mapping) or not content:
        return None, None, where
    chosen = choose_content_type(tuple(str(t) for t in content))
    media = content[chosen] if isinstance(content[chosen], Mapping) else {}
    if "schema" not in media:
        return chosen, None, where
    return chosen, media["schema"], f"{where}/content/{escape_pointer(chosen)}/schema"


def _success_statuses(statuses: list[str]) -> list[str]:
    """The statuses a method returns on: the 2xx ones (else ``default``), and 304,
    which answers a conditional request without a body (the method returns None)."""
    found = [s for s in statuses if s.startswith("2")] or [s for s in statuses if s == "default"]
    return found + [s for s in statuses if s == "304"]


def return_type(responses: tuple[Response, ...]) -> tuple[TypeRef, str | None]:
    """The method's return type and the status it is read from: the success bodies' types,
    ``| None`` when a success may come without a body (no content in the spec, or 204, 205, 304)."""
    chosen = set(_success_statuses([r.status for r in responses]))
    successes = [r for r in responses if r.status in chosen]
    if not successes:
        return TypeRef("none"), None
    primary = min(successes, key=lambda r: r.status)
    typed = list(dict.fromkeys(r.type for r in successes if r.type.kind != "none"))
    if not typed:
        return TypeRef("none"), primary.status
    empty = any(r.type.kind == "none" for r in successes)
    result = typed[0] if len(typed) == 1 else TypeRef("union", args=tuple(typed))
    if empty:
        result = TypeRef(result.kind, result.name, result.args, True)
    with_content = min((r for r in successes if r.type.kind != "none"), key=lambda r: r.status)
    return result, with_content.status
