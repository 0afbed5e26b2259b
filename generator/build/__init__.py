"""Spec to IR: the only stage that reads raw operations, parameters, bodies and responses.

The spec is first put in the OpenAPI 3 shape (:mod:`generator.upgrade`), so the
build reads one dialect; schema dialects are settled in :mod:`generator.schemas`.
Each decision has one home:

* :mod:`.params`: a parameter's name, type, place in the call and style;
* :mod:`.bodies`: the request body's media type, and body or form fields;
* :mod:`.responses` and :mod:`.media`: response types and the return type;
* :mod:`.pagination`: which list operations get a pager, and how it pages;
* :mod:`.auth`: security schemes, each operation's alternatives and scopes;
* this module: resources (tags), method names, servers, and the whole.

Names and the call order follow swagger-codegen, which the published client
documentation follows: method name ``snake_case(operationId)``; parameter names
``snake_case(wire name)``, keywords escaped; the call order as :mod:`.params` says.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from ..config import Options
from ..diagnostics import Diagnostic, escape_pointer
from ..ir import Api, Operation, Pagination, Resource
from ..load import LoadedSpec
from ..lock import Lock
from ..naming import Namer, escape_keyword, pascal_case, snake_case
from ..profiles import profile_of
from ..runtime import runtime_names
from ..schemas import SchemaSet, diagnostics_reporter
from ..typed_dicts import attach_twins
from ..upgrade import HTTP_METHODS, upgrade
from ..validate import spec_version
from .auth import operation_scopes, operation_security, security_schemes
from .context import Context
from .pagination import pagination
from .params import operation_params
from .responses import operation_responses, return_type

__all__ = ["build_api"]

#: Names a generated class or method may not take: the runtime's public names.
RUNTIME_NAMES = runtime_names()
METHOD_RESERVED = frozenset({"api_client"})
_MODULE_RESERVED = frozenset({"api_client", "configuration", "exceptions", "models", "__init__"})

#: (path, path item, method, operation) of each operation, in spec order.
_Found = tuple[str, Mapping[str, Any], str, Mapping[str, Any]]


def build_api(spec: LoadedSpec, options: Options, lock: Lock | None = None) -> tuple[Api, list[Diagnostic]]:
    """The IR of a loaded, validated spec, and the warnings met on the way.

    With a ``lock`` (the surface last generated), locked model names and
    parameter orders win over what the spec alone would give.
    """
    upgraded = upgrade(spec.document, spec_version(spec.document) or "3.0")
    diagnostics: list[Diagnostic] = []
    reporter = diagnostics_reporter(diagnostics, spec)

    def report(level: str, message: str, pointer: str, hint: str) -> None:
        reporter(level, message, upgraded.origin(pointer), hint)

    ctx = Context(upgraded, options, lock, report)
    return _build(ctx), diagnostics


def _build(ctx: Context) -> Api:
    schemes = security_schemes(ctx)
    found = list(_operations(ctx))
    classes, modules = _resources(ctx, found)
    locked = ctx.lock.model_names if ctx.lock else None
    ctx.schemas = SchemaSet(
        dict(ctx.doc),
        frozenset(classes.values()) | RUNTIME_NAMES,
        ctx.report,
        locked=None if locked is None else {ctx.spec.place(origin): name for origin, name in locked.items()},
    )
    ctx.schemas.build_components()
    grouped: dict[str, list[Operation]] = {tag: [] for tag in classes}
    namers = {tag: Namer(reserved=METHOD_RESERVED) for tag in classes}
    known = frozenset(scheme.name for scheme in schemes)
    for path, path_item, method, raw in found:
        tag = _tag(ctx, raw)
        grouped[tag].append(_operation(ctx, path, path_item, method, raw, namers[tag], known))
    for tag, ops in grouped.items():
        _add_pagers(ctx, ops, namers[tag])
    # Twins are named over every operation at once: one model, one twin, whatever its class.
    attached, twins = attach_twins(
        [op for ops in grouped.values() for op in ops], ctx.schemas.schemas.values(), RUNTIME_NAMES
    )
    remaining = iter(attached)
    grouped = {tag: [next(remaining) for _ in ops] for tag, ops in grouped.items()}
    info = ctx.doc.get("info") or {}
    return Api(
        title=str(info.get("title") or "API"),
        version=str(info.get("version") or "0"),
        description=str(info.get("description") or ""),
        spec_version=ctx.spec.source_version,
        servers=_servers(ctx),
        security_schemes=schemes,
        resources=_resource_records(ctx, grouped, classes, modules),
        schemas=tuple(replace(s, origin=ctx.spec.origin(s.origin)) for s in ctx.schemas.schemas.values()),
        dict_twins=tuple(sorted(twins.items())),
    )


def _operations(ctx: Context) -> Iterator[_Found]:
    paths = ctx.doc.get("paths") or {}
    for path, path_item in paths.items():
        path_item = ctx.deref(path_item)
        if not isinstance(path_item, Mapping):
            continue
        for method, raw in path_item.items():
            if method in HTTP_METHODS and isinstance(raw, Mapping):
                yield str(path), path_item, method, raw


def _tag(ctx: Context, raw: Mapping[str, Any]) -> str:
    tags = raw.get("tags")
    if isinstance(tags, list) and tags and str(tags[0]).strip():
        return str(tags[0])
    return ctx.options.default_tag


def _resources(ctx: Context, found: list[_Found]) -> tuple[dict[str, str], dict[str, str]]:
    """Each tag's class and module name: declared tags in spec order, then the others by name."""
    declared = [str(t.get("name")) for t in ctx.doc.get("tags") or [] if isinstance(t, Mapping)]
    used = list(dict.fromkeys(_tag(ctx, raw) for *_, raw in found))
    ordered = [t for t in declared if t in used] + sorted(t for t in used if t not in declared)
    class_namer = Namer(reserved=RUNTIME_NAMES, fold_case=True)
    module_namer = Namer(reserved=_MODULE_RESERVED, fold_case=True)
    classes, modules = {}, {}
    for tag in ordered:
        base = pascal_case(tag)
        module = escape_keyword(snake_case(tag))  # "3D Models" -> n3d_models_api, not an import error
        classes[tag] = class_namer.claim(base + "Api")
        modules[tag] = module_namer.claim(module + "_api")
        if classes[tag] != base + "Api":
            ctx.report(
                "warning", f"tag {tag!r} gives class {classes[tag]}: another tag took {base}Api.", "/tags", ""
            )
    return classes, modules


def _resource_records(
    ctx: Context, grouped: dict[str, list[Operation]], classes: dict[str, str], modules: dict[str, str]
) -> tuple[Resource, ...]:
    descriptions = {
        str(t.get("name")): str(t.get("description") or "") for t in ctx.doc.get("tags") or [] if isinstance(t, Mapping)
    }
    resources = (
        Resource(
            tag=tag,
            class_name=classes[tag],
            module_name=modules[tag],
            description=descriptions.get(tag, ""),
            operations=tuple(sorted(ops, key=lambda op: op.py_name)),
        )
        for tag, ops in grouped.items()
    )
    return tuple(sorted(resources, key=lambda r: r.class_name))


def _operation(
    ctx: Context,
    path: str,
    path_item: Mapping[str, Any],
    method: str,
    raw: Mapping[str, Any],
    namer: Namer,
    known_schemes: frozenset[str],
) -> Operation:
    pointer = f"/paths/{escape_pointer(path)}/{method}"
    operation_id = str(raw.get("operationId") or _derived_operation_id(method, path))
    wanted = escape_keyword(snake_case(operation_id), ctx.options.keyword_escape)
    py_name = namer.claim(wanted, f"_{method}")
    if py_name != wanted:
        ctx.report(
            "warning",
            f"method {wanted} already exists in this class; this operation is {py_name}.",
            pointer,
            "Give the operations distinct operationIds.",
        )
    base = pascal_case(operation_id)
    params, body = operation_params(ctx, path, method, path_item, raw, base, operation_id)
    responses = operation_responses(ctx, raw, pointer, base, method)
    returned, success = return_type(responses)
    description = str(raw.get("description") or "")
    profile = profile_of(ctx.options.profile)
    return Operation(
        operation_id=operation_id,
        py_name=py_name,
        method=method.upper(),
        path=path,
        # A vendor's notes (scopes, rate limit) become fields below, not prose.
        summary=profile.without_notes(str(raw.get("summary") or "")).strip(),
        description=profile.without_notes(description),
        params=params,
        body=body,
        responses=responses,
        return_type=returned,
        success_status=success,
        scopes=operation_scopes(raw, profile.scopes_in(description)),
        rate_limit=profile.rate_limit_in(description),
        deprecated=bool(raw.get("deprecated", False)),
        security=operation_security(ctx, raw, pointer, known_schemes),
    )


def _add_pagers(ctx: Context, ops: list[Operation], namer: Namer) -> None:
    """Give each paging operation its pager, named after what it walks: ``list_users`` and
    ``get_users`` give ``iter_users`` (``iter_list_users`` if that is taken).

    The names are claimed after every operation's own name, so a pager never takes an
    operation's name. The names the lock recorded for a pager are claimed first and stay
    its names: the current one, or deprecated aliases of it, so callers keep working.
    """
    paged = []
    for index, op in sorted(enumerate(ops), key=lambda item: item[1].py_name):
        paging = pagination(ctx, op)
        if paging is not None:
            locked = ctx.lock.pager_names.get(op.operation_id, []) if ctx.lock else []
            own = sorted(name for name in set(locked) if not namer.taken(name))
            for name in own:
                namer.claim(name)
            paged.append((index, op, paging, own))
    # A pager that can keep its method's whole name chooses first: ``users`` before ``list_users``.
    for index, op, paging, own in sorted(paged, key=lambda item: (len(_pager_names(item[1])) > 1, item[1].py_name)):
        candidates = _pager_names(op)
        method_name = next((c for c in candidates if c in own or not namer.taken(c)), None)
        if method_name is None:
            method_name = namer.claim(candidates[-1])
        elif method_name not in own:
            namer.claim(method_name)
        aliases = tuple(name for name in own if name != method_name)
        ops[index] = replace(op, pagination=Pagination(method_name=method_name, aliases=aliases, **paging))


def _pager_names(op: Operation) -> list[str]:
    """The names a pager may take, best first: ``iter_`` and the method's name less a
    leading ``list_`` or ``get_``, then ``iter_`` and the whole name."""
    shorter = [op.py_name.removeprefix(verb) for verb in ("list_", "get_") if op.py_name.startswith(verb)]
    return [f"iter_{name}" for name in shorter if name] + [f"iter_{op.py_name}"]


def _servers(ctx: Context) -> tuple[str, ...]:
    """The servers' URLs, each variable at its default."""
    urls = []
    for server in ctx.doc.get("servers") or []:
        if not isinstance(server, Mapping) or not server.get("url"):
            continue
        url = str(server["url"])
        for var, spec in (server.get("variables") or {}).items():
            if isinstance(spec, Mapping) and "default" in spec:
                url = url.replace("{" + str(var) + "}", str(spec["default"]))
        urls.append(url)
    return tuple(urls)


def _derived_operation_id(method: str, path: str) -> str:
    words = [w for w in re.split(r"[^0-9A-Za-z]+", path) if w]
    return method + "".join(w[0].upper() + w[1:] for w in words)



