"""An operation's call parameters: which, in what order, named how, typed how.

The order follows swagger-codegen, which the published client documentation
follows: the request body first (for a Swagger 2.0 spec under
``body_position = "spec"`` or ``"auto"``, where the spec lists it), then the
operation's parameters in spec order, then the path-level ones it does not
override; then a stable sort putting the required ones first; then the lock's
order, so callers keep working when the spec moves a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..diagnostics import escape_pointer
from ..ir import Body, Param, TypeRef
from ..naming import Namer, escape_keyword, snake_case
from ..wire import DEFAULT_STYLES
from .bodies import body_params, request_body
from .context import Context, mapping

__all__ = ["PARAM_RESERVED", "operation_params"]

#: Names a parameter may not take: ``self``, the per-call options, and every
#: lower-case name a generated method body refers to (the builtins and
#: imports it passes as ``response_type``), which a parameter would shadow.
PARAM_RESERVED = frozenset(
    {"self", "_request_timeout", "_headers", "int", "str", "float", "bool", "bytes", "list", "dict", "object"}
    | {"date", "datetime", "httpx"}
)
_PLACES = ("path", "query", "header", "cookie")
_RESERVED_HEADERS = ("accept", "content-type", "authorization")
_LOCATION_SUFFIX = {
    "path": "_path",
    "query": "_query",
    "header": "_header",
    "cookie": "_cookie",
    "form": "_form",
    "body": "_body",
}


def operation_params(
    ctx: Context, path: str, method: str, path_item: Mapping[str, Any], raw: Mapping[str, Any], base: str, operation_id: str
) -> tuple[tuple[Param, ...], Body | None]:
    """The operation's parameters in call order (body and form fields included), and its body."""
    pointer = _pointer(path, method)
    body = None
    if raw.get("requestBody") is not None:
        body = request_body(ctx, ctx.deref(raw["requestBody"]), f"{pointer}/requestBody", base)
    params = _named(ctx, _ordered(ctx, path, method, path_item, raw, base, body), pointer)
    params += _named(ctx, _undeclared(ctx, path, params, pointer), pointer, taken=params)
    params.sort(key=lambda p: not p.required)  # stable: spec order within each group
    params = _locked_order(ctx, operation_id, params)
    if body is not None and body.form_fields:
        renamed = {p.wire_name: p for p in params if p.location == "form"}
        body = replace(body, form_fields=tuple(renamed[f.wire_name] for f in body.form_fields))
    return tuple(params), body


def _pointer(path: str, method: str) -> str:
    return f"/paths/{escape_pointer(path)}/{method}"


def _entries(ctx: Context, path_item: Mapping[str, Any], raw: Mapping[str, Any], pointer: str) -> list[Any]:
    """(raw parameter, pointer): the operation's own, then the path's it does not override."""
    own = [(ctx.deref(p), f"{pointer}/parameters/{i}") for i, p in enumerate(raw.get("parameters") or [])]
    own_keys = {(p.get("name"), p.get("in")) for p, _ in own if isinstance(p, Mapping)}
    shared_at = pointer.rsplit("/", 1)[0]
    shared = [(ctx.deref(p), f"{shared_at}/parameters/{i}") for i, p in enumerate(path_item.get("parameters") or [])]
    inherited = [(p, w) for p, w in shared if isinstance(p, Mapping) and (p.get("name"), p.get("in")) not in own_keys]
    return [(p, w) for p, w in own + inherited if isinstance(p, Mapping) and _sent(ctx, p)]


def _sent(ctx: Context, raw: Mapping[str, Any]) -> bool:
    """Whether a parameter is sent as itself: in a place the client fills, and not a header
    OpenAPI 3 ignores (see :attr:`generator.upgrade.Upgraded.ignores_reserved_headers`)."""
    if raw.get("in") not in _PLACES:
        return False
    ignored = ctx.spec.ignores_reserved_headers and raw.get("in") == "header"
    return not (ignored and str(raw.get("name", "")).lower() in _RESERVED_HEADERS)


def _ordered(
    ctx: Context,
    path: str,
    method: str,
    path_item: Mapping[str, Any],
    raw: Mapping[str, Any],
    base: str,
    body: Body | None,
) -> list[Param]:
    """The parameters in the spec's order, the body first unless the spec's own order is kept."""
    found = [_param(ctx, p, where, base) for p, where in _entries(ctx, path_item, raw, _pointer(path, method))]
    plain = [p for p in found if p is not None]
    from_body = body_params(body, raw.get("x-codegen-request-body-name"))
    order = ctx.spec.call_order.get((path, method))
    if order is None or ctx.options.body_position == "first":
        return from_body + plain
    # A Swagger 2.0 operation whose body keeps its place among the parameters.
    found_iter = iter(found)
    fields = {p.wire_name: p for p in from_body if p.location == "form"}
    ordered: list[Param | None] = []
    for entry in order:
        if entry == "param":
            ordered.append(next(found_iter))
        elif entry == "body":
            ordered.extend(p for p in from_body if p.location == "body")
        else:
            ordered.append(fields.get(entry.removeprefix("form:")))
    return [p for p in ordered if p is not None]


def _undeclared(ctx: Context, path: str, params: list[Param], pointer: str) -> list[Param]:
    """The path's ``{name}`` parameters the spec does not declare, as required strings."""
    declared = {p.wire_name for p in params if p.location == "path"}
    missing = [name for name in re.findall(r"{([^{}]+)}", path) if name not in declared]
    for name in missing:
        ctx.report(
            "warning",
            f"path parameter {{{name}}} is not declared; it is added as a required string.",
            pointer,
            "Declare it under parameters.",
        )
    return [Param(name, snake_case(name), "path", TypeRef("str"), True, style="simple", explode=False) for name in missing]


def _locked_order(ctx: Context, operation_id: str, params: list[Param]) -> list[Param]:
    """Parameters in the locked order: callers keep working when the spec moves one.

    Required parameters the lock knows keep their places; a new required
    one follows them (a breaking change the diff reports). Optional ones
    the lock knows keep their order; new optional ones go to the end.
    """
    locked = ctx.lock.params_by_operation.get(operation_id) if ctx.lock else None
    if not locked:
        return params
    index = {(name, required): i for i, (name, required) in enumerate(locked)}

    def key(item: tuple[int, Param]) -> tuple[bool, int, int]:
        position, param = item
        known = index.get((param.py_name, param.required))
        return (not param.required, 0 if known is not None else 1, known if known is not None else position)

    return [param for _, param in sorted(enumerate(params), key=key)]


def _named(ctx: Context, params: list[Param], pointer: str, taken: list[Param] | None = None) -> list[Param]:
    """``params`` with their Python names: ``snake_case(wire name)``, keywords escaped, clashes suffixed by place."""
    namer = Namer(reserved=PARAM_RESERVED)
    for p in taken or []:
        namer.claim(p.py_name)
    chosen: dict[int, str] = {}
    # The body and form fields claim their names first: they come first in
    # swagger-codegen's order, and a query parameter called ``body`` must
    # not push the body aside wherever the spec happens to list it.
    for index in sorted(range(len(params)), key=lambda i: params[i].location not in ("body", "form")):
        p = params[index]
        wanted = escape_keyword(snake_case(p.wire_name), ctx.options.keyword_escape)
        chosen[index] = namer.claim(wanted, _LOCATION_SUFFIX[p.location])
        if chosen[index] != wanted:
            ctx.report(
                "warning",
                f"{p.location} parameter {p.wire_name!r} is named {chosen[index]}: {wanted} is taken in this method.",
                pointer,
                "",
            )
    return [replace(p, py_name=chosen[i]) for i, p in enumerate(params)]


def _param(ctx: Context, raw: Mapping[str, Any], pointer: str, base: str) -> Param | None:
    """One path, query, header or cookie parameter (not yet named)."""
    location = str(raw.get("in"))
    name = str(raw.get("name") or "")
    if not name:
        ctx.report("warning", "parameter without a name is skipped.", pointer, "")
        return None
    schema = raw.get("schema")
    content = raw.get("content")
    if schema is None and isinstance(content, Mapping) and content:
        schema = mapping(next(iter(content.values()))).get("schema", {})
    style = str(raw.get("style") or DEFAULT_STYLES[location][0])
    resolved = ctx.schemas.resolve(schema)
    resolved = resolved if isinstance(resolved, Mapping) else {}
    return Param(
        wire_name=name,
        py_name=name,
        location=location,  # type: ignore[arg-type]
        type=_param_type(ctx, schema, resolved, location, pointer),
        required=location == "path" or bool(raw.get("required", False)),
        description=str(raw.get("description") or resolved.get("description") or ""),
        default=resolved.get("default"),
        has_default="default" in resolved,
        enum=_enum(ctx, resolved),
        style=style,
        explode=bool(raw.get("explode", style == "form")),
        deprecated=bool(raw.get("deprecated", False)),
    )


def _param_type(ctx: Context, schema: Any, resolved: Mapping[str, Any], location: str, pointer: str) -> TypeRef:
    """A parameter's type: a named object or enum schema is passed as its plain values.

    Nullable where the spec allows null, so the signature takes ``None``; a query, header
    or cookie value has no way to say null, so the runtime leaves a ``None`` out. A path
    value is never null: an empty segment would reach another route.
    """
    if location == "path" and not resolved:
        return TypeRef("str")
    kind = ctx.schemas.type_of(schema, "", pointer, hoist=False)
    nullable = kind.nullable and location != "path"
    if kind.kind == "model":
        kind = ctx.schemas.type_of(resolved, "", pointer, hoist=False)
        nullable = nullable or (kind.nullable and location != "path")
        if kind.kind == "any":
            kind = TypeRef("str")
    return TypeRef(kind.kind, kind.name, kind.args, nullable)


def _enum(ctx: Context, resolved: Mapping[str, Any]) -> tuple[Any, ...]:
    """The values a parameter (or each of its items) may take."""
    source = resolved.get("items", {}) if resolved.get("type") == "array" else resolved
    source = ctx.schemas.resolve(source) if isinstance(source, Mapping) else {}
    return tuple(v for v in source.get("enum", ()) if v is not None) if isinstance(source, Mapping) else ()
