"""The public Python surface of a generated package, and what changed between two.

A surface is plain data (it is stored in the lock file): every API method's
parameters (name, annotation, required) and return annotation, and every
model's fields or enum values. :func:`compare` sorts the differences into
breaking changes (a caller's code stops working) and compatible ones, and
suggests the semantic-version bump.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .ir import Api, Operation, signature_annotation
from .schemas import typeref_of

__all__ = ["Change", "Report", "compare", "surface_of"]

Surface = dict[str, Any]


def surface_of(api: Api) -> Surface:
    """``{"methods": {"UsersApi.user": {...}}, "models": {"User": {...}}}``, sorted."""
    methods: dict[str, Any] = {}
    for resource in api.resources:
        for op in resource.operations:
            methods[f"{resource.class_name}.{op.py_name}"] = _method(op)
    named = {schema.name: schema for schema in api.schemas}
    models: dict[str, Any] = {}
    for schema in api.schemas:
        definition = schema.definition
        entry: dict[str, Any] = {"kind": schema.kind, "origin": schema.origin}
        if schema.kind == "enum":
            entry["values"] = list(definition.get("enum", []))
        else:
            required = set(definition.get("required", []))
            entry["fields"] = {
                name: {"annotation": typeref_of(prop, named).annotation, "required": name in required}
                for name, prop in (definition.get("properties") or {}).items()
            }
        models[schema.name] = entry
    return {"methods": dict(sorted(methods.items())), "models": dict(sorted(models.items()))}


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


# --------------------------------------------------------------------- diff


@dataclass(frozen=True)
class Change:
    """One difference a caller may notice."""

    kind: Literal["breaking", "compatible"]
    where: str
    message: str


@dataclass(frozen=True)
class Report:
    """All changes between two surfaces."""

    changes: tuple[Change, ...]

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == "breaking")

    @property
    def compatible(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.kind == "compatible")

    @property
    def bump(self) -> str:
        """The semantic-version bump the changes call for."""
        if self.breaking:
            return "major"
        if self.compatible:
            return "minor"
        return "none"

    def text(self) -> str:
        if not self.changes:
            return "No change to the public API."
        lines = [
            f"{len(self.breaking)} breaking, {len(self.compatible)} compatible change(s); suggested bump: {self.bump}."
        ]
        for change in self.changes:
            lines.append(f"  {change.kind.upper():<10} {change.where}: {change.message}")
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = [
            "## API changes",
            "",
            f"**{len(self.breaking)} breaking, {len(self.compatible)} compatible; suggested bump: {self.bump}.**",
        ]
        for title, group in (("Breaking", self.breaking), ("Compatible", self.compatible)):
            if group:
                lines += ["", f"### {title}", ""]
                lines += [f"- `{c.where}`: {c.message}" for c in group]
        return "\n".join(lines) + "\n"

    def json(self) -> str:
        return json.dumps(
            {
                "bump": self.bump,
                "breaking": [c.__dict__ for c in self.breaking],
                "compatible": [c.__dict__ for c in self.compatible],
            },
            indent=2,
        )


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Report:
    """What changed from ``old`` to ``new`` (two :func:`surface_of` results)."""
    changes: list[Change] = []
    changes += _compare_methods(old.get("methods", {}), new.get("methods", {}))
    changes += _compare_models(old.get("models", {}), new.get("models", {}))
    order = {"breaking": 0, "compatible": 1}
    return Report(tuple(sorted(changes, key=lambda c: (order[c.kind], c.where, c.message))))


def _compare_methods(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    changes = []
    removed = [name for name in old if name not in new]
    added = [name for name in new if name not in old]
    renamed = {}
    for name in removed:
        twin = next((a for a in added if new[a]["http"] == old[name]["http"] and a not in renamed.values()), None)
        if twin is not None:
            renamed[name] = twin
    for name in removed:
        if name in renamed:
            target = renamed[name]
            same_class = target.split(".", 1)[0] == name.split(".", 1)[0]
            changes.append(Change("breaking", name, f"renamed to {target.split('.', 1)[1] if same_class else target}"))
        else:
            changes.append(Change("breaking", name, "method removed"))
    for name in added:
        if name not in renamed.values():
            changes.append(Change("compatible", name, "new method"))
    for name in old:
        if name in new:
            changes += _compare_signature(name, old[name], new[name])
    return changes


def _compare_signature(where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    changes = []
    old_params = {p["name"]: p for p in old["params"]}
    new_params = {p["name"]: p for p in new["params"]}
    renames = _renamed_params(old["params"], new["params"])
    for name in old_params:
        if name not in new_params:
            message = f"parameter {name} renamed to {renames[name]}" if name in renames else f"parameter {name} removed"
            changes.append(Change("breaking", where, message))
    for name, param in new_params.items():
        before = old_params.get(name)
        if before is None:
            if name in renames.values():
                continue
            if param["required"]:
                changes.append(Change("breaking", where, f"new required parameter {name}"))
            else:
                changes.append(Change("compatible", where, f"new optional parameter {name}"))
        elif param["required"] and not before["required"]:
            changes.append(Change("breaking", where, f"optional parameter {name} became required"))
        elif before["required"] and not param["required"]:
            changes.append(Change("breaking", where, f"positional parameter {name} became keyword-only (optional)"))
        elif param["annotation"] != before["annotation"]:
            kind = "compatible" if _widens(before["annotation"], param["annotation"]) else "breaking"
            changes.append(Change(kind, where, f"parameter {name}: {before['annotation']} -> {param['annotation']}"))
    # Positional parameters present and positional on both sides: a change of
    # required-ness is reported on its own, not as a reorder.
    kept_old = [p["name"] for p in old["params"] if p["required"] and new_params.get(p["name"], {}).get("required")]
    kept_new = [p["name"] for p in new["params"] if p["required"] and old_params.get(p["name"], {}).get("required")]
    if kept_old != kept_new:
        changes.append(
            Change(
                "breaking",
                where,
                f"positional parameters reordered: ({', '.join(kept_old)}) -> ({', '.join(kept_new)})",
            )
        )
    if old["returns"] != new["returns"]:
        kind = "compatible" if _widens(new["returns"], old["returns"]) else "breaking"
        changes.append(Change(kind, where, f"returns {new['returns']} instead of {old['returns']}"))
    return changes


def _renamed_params(old: list[Any], new: list[Any]) -> dict[str, str]:
    """Old name -> new name, for a positional parameter that vanished where a new
    one of the same wire name or type appears (optional ones are keyword-only,
    so an addition and a removal there are told as such)."""
    old_names = {p["name"] for p in old}
    new_names = {p["name"] for p in new}
    renames = {}
    for index, param in enumerate(old):
        if param["name"] in new_names or index >= len(new) or not param["required"]:
            continue
        candidate = new[index]
        if (
            candidate["name"] not in old_names
            and candidate["required"] == param["required"]
            and (candidate["wire"] == param["wire"] or candidate["annotation"] == param["annotation"])
        ):
            renames[param["name"]] = candidate["name"]
    return renames


def _widens(narrow: str, wide: str) -> bool:
    """Whether every value of ``narrow`` is also a value of ``wide`` (by annotation text)."""
    narrow_parts = {part.strip() for part in narrow.split("|")}
    wide_parts = {part.strip() for part in wide.split("|")}
    if "Any" in wide_parts:
        return True
    if "int" in narrow_parts and "float" in wide_parts:
        narrow_parts = (narrow_parts - {"int"}) | {"float"}
    return narrow_parts <= wide_parts


def _compare_models(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    changes = []
    removed = [name for name in old if name not in new]
    added = [name for name in new if name not in old]
    renamed = {}
    for name in removed:
        twin = next((a for a in added if _same_shape(old[name], new[a]) and a not in renamed.values()), None)
        if twin is not None:
            renamed[name] = twin
    for name in removed:
        message = f"model renamed to {renamed[name]}" if name in renamed else "model removed"
        changes.append(Change("breaking", name, message))
    for name in added:
        if name not in renamed.values():
            changes.append(Change("compatible", name, "new model"))
    for name in old:
        if name not in new:
            continue
        before, after = old[name], new[name]
        if before["kind"] == "enum" or after["kind"] == "enum":
            for value in before.get("values", []):
                if value not in after.get("values", []):
                    changes.append(Change("breaking", name, f"enum value {value!r} removed"))
            for value in after.get("values", []):
                if value not in before.get("values", []):
                    changes.append(Change("compatible", name, f"new enum value {value!r}"))
            continue
        fields_before, fields_after = before.get("fields", {}), after.get("fields", {})
        for field, spec in fields_before.items():
            if field not in fields_after:
                changes.append(Change("breaking", name, f"field {field} removed"))
            elif fields_after[field]["annotation"] != spec["annotation"]:
                kind = "compatible" if _widens(spec["annotation"], fields_after[field]["annotation"]) else "breaking"
                changes.append(
                    Change(kind, name, f"field {field}: {spec['annotation']} -> {fields_after[field]['annotation']}")
                )
            elif fields_after[field]["required"] and not spec["required"]:
                changes.append(Change("breaking", name, f"field {field} became required"))
        for field, spec in fields_after.items():
            if field not in fields_before:
                kind = "breaking" if spec["required"] else "compatible"
                changes.append(Change(kind, name, f"new {'required ' if spec['required'] else ''}field {field}"))
    return changes


def _same_shape(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    if old["kind"] != new["kind"]:
        return False
    if old["kind"] == "enum":
        return bool(old.get("values")) and old.get("values") == new.get("values")
    return bool(old.get("fields")) and old.get("fields") == new.get("fields")
