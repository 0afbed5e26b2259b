"""What changed between two public surfaces (see :mod:`generator.surface`), for callers.

Every difference is one :class:`SurfaceChange` of a kind: ``breaking`` (a caller's
code may stop working), ``compatible`` (something new, or a type widened) or
``typing`` (only a type checker notices: ``Any`` narrowed to a concrete type,
a method returning a value where it returned ``None``). The suggested
semantic-version bump counts breaking and compatible changes only.

A method of an ``Async`` API class changes as its sync twin does: such a
change is told once, under the sync class.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .annotations import field_annotation, narrows_any, widens

__all__ = ["SURFACE_VERSION", "Report", "SurfaceChange", "compare"]

#: The surface format: 1 recorded sync methods and models' own properties;
#: 2 adds the async twins, the pagers, models' kinds, ``allOf`` fields,
#: alias targets and union members.
SURFACE_VERSION = 2

Kind = Literal["breaking", "compatible", "typing"]


@dataclass(frozen=True)
class SurfaceChange:
    """One difference a caller may notice."""

    kind: Kind
    where: str
    message: str


@dataclass(frozen=True)
class Report:
    """All changes between two surfaces."""

    changes: tuple[SurfaceChange, ...]

    @property
    def breaking(self) -> tuple[SurfaceChange, ...]:
        return tuple(c for c in self.changes if c.kind == "breaking")

    @property
    def compatible(self) -> tuple[SurfaceChange, ...]:
        return tuple(c for c in self.changes if c.kind == "compatible")

    @property
    def typing(self) -> tuple[SurfaceChange, ...]:
        """Changes only a type checker notices; they call for no version bump."""
        return tuple(c for c in self.changes if c.kind == "typing")

    @property
    def bump(self) -> str:
        """The semantic-version bump the changes call for."""
        if self.breaking:
            return "major"
        if self.compatible:
            return "minor"
        return "none"

    def _counts(self) -> str:
        counts = f"{len(self.breaking)} breaking, {len(self.compatible)} compatible change(s)"
        return counts + (f", {len(self.typing)} typing only" if self.typing else "")

    def text(self) -> str:
        if not self.changes:
            return "No change to the public API."
        lines = [f"{self._counts()}; suggested bump: {self.bump}."]
        for change in self.changes:
            lines.append(f"  {change.kind.upper():<10} {change.where}: {change.message}")
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = ["## API changes", "", f"**{self._counts().replace(' change(s)', '')}; suggested bump: {self.bump}.**"]
        for title, group in (
            ("Breaking", self.breaking),
            ("Compatible", self.compatible),
            ("Typing only", self.typing),
        ):
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
                "typing": [c.__dict__ for c in self.typing],
            },
            indent=2,
        )


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> Report:
    """What changed from ``old`` to ``new`` (two surfaces; ``old`` may be a lock file's)."""
    old = _upgraded(old, new)
    changes: list[SurfaceChange] = []
    changes += _compare_methods(old.get("methods", {}), new.get("methods", {}))
    changes += _compare_models(old.get("models", {}), new.get("models", {}))
    changes = _async_folded(changes)
    order = {"breaking": 0, "compatible": 1, "typing": 2}
    return Report(tuple(sorted(set(changes), key=lambda c: (order[c.kind], c.where, c.message))))


def _upgraded(old: Mapping[str, Any], new: Mapping[str, Any]) -> Mapping[str, Any]:
    """An older lock's surface, completed with what it did not record, taken as unchanged.

    A lock written before surface version 2 knows no async twins, pagers,
    ``allOf`` fields, alias targets or union members: comparing them would
    report every one as new (a required ``allOf`` field as breaking). Fields
    are filled in only for a model it recorded none of (a pure ``allOf``), so
    a field new to a model it did record is still reported.
    """
    if old.get("surface_version", 1) >= SURFACE_VERSION:
        return old
    methods = dict(old.get("methods", {}))
    for name, entry in new.get("methods", {}).items():
        if name not in methods and (entry.get("async") or entry.get("pager_of")):
            methods[name] = entry
    models = dict(old.get("models", {}))
    for name, before in old.get("models", {}).items():
        after = new.get("models", {}).get(name)
        if after is None or before.get("kind") == "enum":
            continue
        known = {"alias": ("alias",), "object": ("object", "union") if not before.get("fields") else ("object",)}
        if after["kind"] not in known.get(before.get("kind"), ()):
            continue  # a change of kind, reported as such
        upgraded = {**after, "origin": before.get("origin")}
        if "fields" in after and before.get("fields"):
            upgraded["fields"] = before["fields"]
        models[name] = upgraded
    return {**old, "methods": methods, "models": models}


def _async_folded(changes: list[SurfaceChange]) -> list[SurfaceChange]:
    """Changes of an ``Async`` class's method left out where its sync twin has the same change."""
    seen = {(c.kind, c.where, c.message) for c in changes if not c.where.startswith("Async")}

    def sync(text: str) -> str:
        return re.sub(r"\bAsync(\w+)", r"\1", text)

    return [
        c for c in changes if not (c.where.startswith("Async") and (c.kind, sync(c.where), sync(c.message)) in seen)
    ]


# ------------------------------------------------------------------ methods


def _same_role(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Both sync or both async, both pagers or both operations."""
    return bool(old.get("async")) == bool(new.get("async")) and bool(old.get("pager_of")) == bool(new.get("pager_of"))


def _compare_methods(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[SurfaceChange]:
    changes = []
    removed = [name for name in old if name not in new]
    added = [name for name in new if name not in old]
    renamed: dict[str, str] = {}
    for name in removed:
        twin = next(
            (
                a
                for a in added
                if new[a]["http"] == old[name]["http"] and _same_role(old[name], new[a]) and a not in renamed.values()
            ),
            None,
        )
        if twin is not None:
            renamed[name] = twin
    for name in removed:
        if name in renamed:
            target = renamed[name]
            same_class = target.split(".", 1)[0] == name.split(".", 1)[0]
            changes.append(
                SurfaceChange("breaking", name, f"renamed to {target.split('.', 1)[1] if same_class else target}")
            )
        elif old[name].get("pager_of"):
            changes.append(SurfaceChange("breaking", name, f"pager removed (the pages of {old[name]['pager_of']})"))
        else:
            changes.append(SurfaceChange("breaking", name, "method removed"))
    for name in added:
        if name not in renamed.values():
            changes.append(
                SurfaceChange("compatible", name, "new pager" if new[name].get("pager_of") else "new method")
            )
    for name in old:
        # A pager takes its operation's arguments: a change to them is told for the operation.
        if name in new and not old[name].get("pager_of"):
            changes += _compare_signature(name, old[name], new[name])
    return changes


def _compare_signature(where: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> list[SurfaceChange]:
    changes = []
    old_params = {p["name"]: p for p in old["params"]}
    new_params = {p["name"]: p for p in new["params"]}
    renames = _renamed_params(old["params"], new["params"])
    for name in old_params:
        if name not in new_params:
            message = f"parameter {name} renamed to {renames[name]}" if name in renames else f"parameter {name} removed"
            changes.append(SurfaceChange("breaking", where, message))
    for name, param in new_params.items():
        before = old_params.get(name)
        if before is None:
            if name in renames.values():
                continue
            if param["required"]:
                changes.append(SurfaceChange("breaking", where, f"new required parameter {name}"))
            else:
                changes.append(SurfaceChange("compatible", where, f"new optional parameter {name}"))
        elif param["required"] and not before["required"]:
            changes.append(SurfaceChange("breaking", where, f"optional parameter {name} became required"))
        elif before["required"] and not param["required"]:
            changes.append(
                SurfaceChange("breaking", where, f"positional parameter {name} became keyword-only (optional)")
            )
        elif param["annotation"] != before["annotation"]:
            kind = _param_kind(before["annotation"], param["annotation"])
            changes.append(
                SurfaceChange(kind, where, f"parameter {name}: {before['annotation']} -> {param['annotation']}")
            )
    # Positional parameters present and positional on both sides: a change of
    # required-ness is reported on its own, not as a reorder.
    kept_old = [p["name"] for p in old["params"] if p["required"] and new_params.get(p["name"], {}).get("required")]
    kept_new = [p["name"] for p in new["params"] if p["required"] and old_params.get(p["name"], {}).get("required")]
    if kept_old != kept_new:
        changes.append(
            SurfaceChange(
                "breaking",
                where,
                f"positional parameters reordered: ({', '.join(kept_old)}) -> ({', '.join(kept_new)})",
            )
        )
    if old["returns"] != new["returns"]:
        kind = _returns_kind(old["returns"], new["returns"])
        changes.append(SurfaceChange(kind, where, f"returns {new['returns']} instead of {old['returns']}"))
    return changes


def _returns_kind(before: str, after: str) -> Kind:
    if before == "None" or narrows_any(before, after, output=True):
        return "typing"  # a caller that ignored nothing now ignores a value; or the same JSON, typed
    if narrows_any(before, after, output=False):
        return "breaking"  # an Any become a model: an object where a dict was
    return "compatible" if widens(after, before) else "breaking"


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


# ------------------------------------------------------------------ types


def _param_kind(before: str, after: str) -> Kind:
    """A parameter's type changed from ``before`` to ``after``.

    Two changes only a type checker sees are TYPING: the default that meant "leave it out"
    has its own type (``X | None`` -> ``X | NotGiven``: None still leaves it out at run
    time), and a dict body is checked against the model's TypedDict twin
    (``dict[str, Any]`` -> ``XDict``: any dict is still sent as it is).
    """
    older = _TWIN.sub("dict[str, Any]", after)
    if older.endswith(" | NotGiven") and before.endswith(" | None"):
        older = older.removesuffix(" | NotGiven") + " | None"
    if older == before:
        return "typing"
    return _classify(before, after, output=False)


#: A TypedDict twin's name in an annotation (see generator.typed_dicts).
_TWIN = re.compile(r"\b[A-Za-z_]\w*Dict\b")


def _classify(before: str, after: str, *, output: bool) -> Kind:
    """A type changed from ``before`` to ``after``: widened, only narrowed from ``Any``, or else."""
    if widens(before, after):
        return "compatible"
    return "typing" if narrows_any(before, after, output=output) else "breaking"


# ------------------------------------------------------------------ models


def _describe(entry: Mapping[str, Any]) -> str:
    kind = entry.get("kind")
    if kind == "alias":
        return f"a RootModel of {entry.get('target', 'another type')}"
    if kind == "union":
        return f"a RootModel of {' | '.join(entry.get('members', [])) or 'several types'}"
    return {"enum": "an enum"}.get(str(kind), "an object model")


def _compare_models(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[SurfaceChange]:
    changes = []
    removed = [name for name in old if name not in new]
    added = [name for name in new if name not in old]
    renamed: dict[str, str] = {}
    for name in removed:
        twin = next((a for a in added if _same_shape(old[name], new[a]) and a not in renamed.values()), None)
        if twin is not None:
            renamed[name] = twin
    for name in removed:
        message = f"model renamed to {renamed[name]}" if name in renamed else "model removed"
        changes.append(SurfaceChange("breaking", name, message))
    for name in added:
        if name not in renamed.values():
            changes.append(SurfaceChange("compatible", name, "new model"))
    for name in old:
        if name in new:
            changes += _compare_model(name, old[name], new[name])
    return changes


def _compare_model(name: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[SurfaceChange]:
    if before["kind"] != after["kind"]:
        return [SurfaceChange("breaking", name, f"was {_describe(before)}, is now {_describe(after)}")]
    changes = []
    if before["kind"] == "enum":
        for value in before.get("values", []):
            if value not in after.get("values", []):
                changes.append(SurfaceChange("breaking", name, f"enum value {value!r} removed"))
        for value in after.get("values", []):
            if value not in before.get("values", []):
                changes.append(SurfaceChange("compatible", name, f"new enum value {value!r}"))
        return changes
    if before["kind"] == "alias":
        old_target, new_target = before.get("target", "Any"), after.get("target", "Any")
        if old_target != new_target:
            kind = _classify(old_target, new_target, output=True)
            changes.append(SurfaceChange(kind, name, f"RootModel of {old_target} -> {new_target}"))
        return changes
    if before["kind"] == "union":
        old_members, new_members = before.get("members", []), after.get("members", [])
        changes += [
            SurfaceChange("breaking", name, f"union member {m} removed") for m in old_members if m not in new_members
        ]
        changes += [
            SurfaceChange("compatible", name, f"new union member {m}") for m in new_members if m not in old_members
        ]
        return changes
    fields_before, fields_after = before.get("fields", {}), after.get("fields", {})
    for field, spec in fields_before.items():
        if field not in fields_after:
            changes.append(SurfaceChange("breaking", name, f"field {field} removed"))
            continue
        now = fields_after[field]
        if now["required"] and not spec["required"]:
            changes.append(SurfaceChange("breaking", name, f"field {field} became required"))
        elif spec["required"] and not now["required"]:
            changes.append(SurfaceChange("compatible", name, f"field {field} became optional"))
        if now["required"] == spec["required"]:
            old_type, new_type = field_annotation(spec), field_annotation(now)
        else:
            old_type, new_type = spec["annotation"], now["annotation"]
        if old_type != new_type:
            kind = _classify(old_type, new_type, output=True)
            changes.append(SurfaceChange(kind, name, f"field {field}: {old_type} -> {new_type}"))
    for field, spec in fields_after.items():
        if field not in fields_before:
            kind = "breaking" if spec["required"] else "compatible"
            changes.append(SurfaceChange(kind, name, f"new {'required ' if spec['required'] else ''}field {field}"))
    return changes


def _same_shape(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Whether two models differ in nothing but their name and origin (and have something to tell them by)."""
    if old["kind"] != new["kind"]:
        return False
    shape = {k: v for k, v in old.items() if k != "origin"}
    return any(bool(v) for k, v in shape.items() if k != "kind") and shape == {
        k: v for k, v in new.items() if k != "origin"
    }
