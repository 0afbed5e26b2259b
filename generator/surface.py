"""The public Python surface of a generated package, as plain data.

A surface is what the lock file stores: every public method of every API
class (the sync class, its ``Async`` twin, and the ``iter_*`` pagers of
both) with its parameters (name, annotation, required) and return
annotation, and every model with its kind (``object``, ``enum``, ``alias``
for a ``RootModel`` of another type, ``union`` for a ``RootModel`` of one of
several) and what callers use of it: an object's fields (an ``allOf``'s
merged from every part), an enum's values, an alias's target type, a
union's members. :func:`generator.surface_compare.compare` sorts the
differences between two surfaces.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .ir import Api, Operation, Schema, signature_annotation
from .schema_convert import typeref_of
from .surface_compare import SURFACE_VERSION, Report, SurfaceChange, compare

__all__ = ["Report", "SurfaceChange", "compare", "surface_of"]

Surface = dict[str, Any]


def surface_of(api: Api) -> Surface:
    """``{"surface_version": 2, "methods": {"UsersApi.user": {...}}, "models": {"User": {...}}}``, sorted."""
    methods: dict[str, Any] = {}
    for resource in api.resources:
        for cls, is_async in ((resource.class_name, False), (f"Async{resource.class_name}", True)):
            for op in resource.operations:
                entry = _method(op)
                if is_async:
                    entry["async"] = True
                methods[f"{cls}.{op.py_name}"] = entry
                if op.pagination is not None:
                    pager = "AsyncPager" if is_async else "Pager"
                    walker = {
                        **entry,
                        "returns": f"{pager}[{op.return_type.annotation}, {op.pagination.item_type.annotation}]",
                        "pager_of": op.py_name,
                    }
                    methods[f"{cls}.{op.pagination.method_name}"] = walker
                    for alias in op.pagination.aliases:
                        methods[f"{cls}.{alias}"] = {**walker, "alias_of": op.pagination.method_name}
    # As models.py has them: a reference to a RootModel names its class (the
    # method signatures, by contrast, take the type it wraps).
    named = {
        schema.name: replace(schema, kind="object") if schema.kind == "alias" else schema for schema in api.schemas
    }
    models = {schema.name: _model(schema, named) for schema in api.schemas}
    return {
        "surface_version": SURFACE_VERSION,
        "methods": dict(sorted(methods.items())),
        "models": dict(sorted(models.items())),
    }


def _method(op: Operation) -> dict[str, Any]:
    return {
        "operation_id": op.operation_id,
        "http": f"{op.method} {op.path}",
        "params": [
            {"name": p.py_name, "wire": p.wire_name, "annotation": signature_annotation(p), "required": p.required}
            for p in op.params
        ],
        "returns": op.return_type.annotation,
    }


def model_kind(schema: Schema) -> str:
    """``object``, ``enum``, ``alias`` (a ``RootModel`` of one type) or ``union`` (of several)."""
    definition = schema.definition
    if schema.kind != "object":
        return schema.kind
    composed = set(definition) & {"oneOf", "anyOf", "allOf", "properties"}
    return "union" if composed and composed <= {"oneOf", "anyOf"} else "object"


def _model(schema: Schema, named: Mapping[str, Schema]) -> dict[str, Any]:
    kind = model_kind(schema)
    entry: dict[str, Any] = {"kind": kind, "origin": schema.origin}
    definition = schema.definition
    if kind == "enum":
        entry["values"] = list(definition.get("enum", []))
    elif kind == "alias":
        entry["target"] = typeref_of(definition, named).annotation
    elif kind == "union":
        options = definition.get("oneOf") or definition.get("anyOf") or []
        entry["union"] = "oneOf" if "oneOf" in definition else "anyOf"
        entry["members"] = list(dict.fromkeys(typeref_of(option, named).annotation for option in options))
    else:
        entry["fields"] = _fields(definition, named, frozenset({schema.name}))
    return entry


def _fields(definition: Mapping[str, Any], named: Mapping[str, Schema], seen: frozenset[str]) -> dict[str, Any]:
    """An object's fields: its ``allOf`` parts' (named or inline, in order) and its own.

    A field is required when any part requires it (an instance must meet every
    part); its annotation is the object's own, else the first part's that
    declares it, as the generated class inherits it.
    """
    fields: dict[str, Any] = {}

    def merge(found: Mapping[str, Any], own: bool = False) -> None:
        for name, field in found.items():
            if name in fields:
                annotation = field["annotation"] if own else fields[name]["annotation"]
                fields[name] = {"annotation": annotation, "required": fields[name]["required"] or field["required"]}
            else:
                fields[name] = dict(field)

    for part in definition.get("allOf") or []:
        if not isinstance(part, Mapping):
            continue
        ref = part.get("$ref")
        if isinstance(ref, str):
            target = named.get(ref.rsplit("/", 1)[-1])
            if target is not None and target.name not in seen:
                merge(_fields(target.definition, named, seen | {target.name}))
        else:
            merge(_fields(part, named, seen))
    required = set(definition.get("required", []))
    merge(
        {
            name: {"annotation": typeref_of(prop, named).annotation, "required": name in required}
            for name, prop in (definition.get("properties") or {}).items()
        },
        own=True,
    )
    return fields
