"""A property of `specgen diff`: caller code that stops type-checking is reported as BREAKING.

For seeded random edits of a small spec (operations removed, parameters
renamed, made required or retyped, properties removed, made required or
retyped, enum values dropped, models renamed), caller code is written from
the OLD lock's surface: every method called with its required arguments and
its result kept in its declared type, every model built with its required
fields and every field read in its declared type. When ``mypy --strict``
refuses that code against the NEW package, the comparison of the two
surfaces must hold at least one BREAKING change.
"""

from __future__ import annotations

import copy
import json
import random
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.lock import Lock
from generator.pipeline import generate
from generator.surface_compare import compare

PACKAGE = "shop"

BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shop", "version": "1"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "colour", "in": "query", "schema": {"type": "string", "enum": ["red", "blue"]}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
                            }
                        },
                    }
                },
            },
            "post": {
                "operationId": "createItem",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                },
                "responses": {
                    "201": {
                        "description": "made",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                    }
                },
            },
        },
        "/items/{itemId}": {
            "get": {
                "operationId": "getItem",
                "parameters": [{"name": "itemId", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "price": {"type": "number"},
                    "size": {"$ref": "#/components/schemas/Size"},
                },
            },
            "Size": {"type": "string", "enum": ["S", "M", "L"]},
        }
    },
}


def _ops(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [op for item in spec["paths"].values() for op in item.values()]


def _remove_operation(spec: dict[str, Any], rng: random.Random) -> None:
    path = rng.choice(sorted(spec["paths"]))
    item = spec["paths"][path]
    del item[rng.choice(sorted(item))]
    if not item:
        del spec["paths"][path]


def _query_params(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for op in _ops(spec) for p in op.get("parameters", []) if p["in"] == "query"]


def _rename_param(spec: dict[str, Any], rng: random.Random) -> None:
    params = _query_params(spec)
    if params:
        rng.choice(params)["name"] += "_new"


def _require_param(spec: dict[str, Any], rng: random.Random) -> None:
    params = _query_params(spec)
    if params:
        rng.choice(params)["required"] = True


def _retype_param(spec: dict[str, Any], rng: random.Random) -> None:
    params = _query_params(spec)
    if params:
        rng.choice(params)["schema"] = {"type": "boolean"}


def _add_required_param(spec: dict[str, Any], rng: random.Random) -> None:
    op = rng.choice(_ops(spec))
    op.setdefault("parameters", []).append(
        {"name": "tenant", "in": "query", "required": True, "schema": {"type": "string"}}
    )


def _remove_property(spec: dict[str, Any], rng: random.Random) -> None:
    item = spec["components"]["schemas"]["Item"]
    name = rng.choice(sorted(item["properties"]))
    del item["properties"][name]
    item["required"] = [r for r in item.get("required", []) if r != name]
    if not item["required"]:
        del item["required"]  # OpenAPI 3.0 wants a non-empty list, or none


def _require_property(spec: dict[str, Any], rng: random.Random) -> None:
    item = spec["components"]["schemas"]["Item"]
    item["required"] = sorted(set(item.get("required", [])) | {rng.choice(sorted(item["properties"]))})


def _retype_property(spec: dict[str, Any], rng: random.Random) -> None:
    item = spec["components"]["schemas"]["Item"]
    item["properties"][rng.choice(sorted(item["properties"]))] = {"type": "array", "items": {"type": "integer"}}


def _drop_enum_value(spec: dict[str, Any], rng: random.Random) -> None:
    size = spec["components"]["schemas"]["Size"]
    if len(size.get("enum", [])) > 1:
        size["enum"].remove(rng.choice(size["enum"]))


def _rename_model(spec: dict[str, Any], rng: random.Random) -> None:
    text = json.dumps(spec).replace('"Size"', '"Dimension"').replace("/Size", "/Dimension")
    spec.clear()
    spec.update(json.loads(text))


def _add_optional(spec: dict[str, Any], rng: random.Random) -> None:
    spec["components"]["schemas"]["Item"]["properties"]["note"] = {"type": "string"}


EDITS: list[Callable[[dict[str, Any], random.Random], None]] = [
    _remove_operation,
    _rename_param,
    _require_param,
    _retype_param,
    _add_required_param,
    _remove_property,
    _require_property,
    _retype_property,
    _drop_enum_value,
    _rename_model,
    _add_optional,
]


def _caller_code(surface: dict[str, Any]) -> str:
    """Code a caller of the old package writes: every call and model use the old lock records."""
    lines = [
        "from typing import Any, cast",
        f"from {PACKAGE} import *  # noqa: F403",
        f"from {PACKAGE}.models import *  # noqa: F403",
        "",
    ]
    if any("Dict" in p["annotation"] for method in surface["methods"].values() for p in method["params"]):
        lines.insert(-1, f"from {PACKAGE}.typed_dicts import *  # noqa: F403")  # the bodies' TypedDict twins
    for index, (where, method) in enumerate(sorted(surface["methods"].items())):
        cls, name = where.split(".")
        if method.get("async") or method.get("pager_of"):
            continue
        arguments = [f"{p['name']}=cast({p['annotation']!r}, None)" for p in method["params"] if p["required"]]
        lines += [f"def call_{index}(api: {cls}) -> None:", f"    result = api.{name}({', '.join(arguments)})"]
        if method["returns"] != "None":
            lines.append(f"    kept: {method['returns']} = result")
        lines.append("")
    for index, (name, model) in enumerate(sorted(surface["models"].items())):
        if model["kind"] == "enum":
            lines += [f"def enum_{index}() -> None:"]
            lines += [f"    {name}({value!r})" for value in model["values"]] + [""]
        elif model["kind"] == "object":
            fields = {k: v for k, v in model["fields"].items() if k.isidentifier()}
            required = ", ".join(f"{k}=cast({v['annotation']!r}, None)" for k, v in fields.items() if v["required"])
            lines += [f"def model_{index}() -> None:", f"    made = {name}({required})"]
            for field, entry in fields.items():
                shown = entry["annotation"] if entry["required"] else f"{entry['annotation']} | None"
                lines.append(f"    field_{field}: {shown} = made.{field}")
            lines.append("")
    return "\n".join(lines) + "\n"


def _package(spec: dict[str, Any], folder: Path, lock: Lock | None) -> dict[str, Any]:
    folder.mkdir(parents=True)
    (folder / "spec.json").write_text(json.dumps(spec), encoding="utf-8")
    result = generate(folder / "spec.json", PACKAGE, lock=lock)
    for path, text in result.files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return result.surface


@pytest.mark.parametrize("seed", range(10))
def test_caller_code_that_stops_type_checking_is_reported_as_breaking(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    edits = rng.sample(EDITS, 2)
    edited = copy.deepcopy(BASE)
    for edit in edits:
        edit(edited, rng)
    old = _package(copy.deepcopy(BASE), tmp_path / "old", None)
    new = _package(edited, tmp_path / "new", Lock(old))
    caller = tmp_path / "new" / "caller.py"
    caller.write_text(_caller_code(old), encoding="utf-8")
    # The caller code type-checks against the package it was written from.
    (tmp_path / "old" / "caller.py").write_text(caller.read_text(encoding="utf-8"), encoding="utf-8")
    # pydantic's plugin types each model's constructor: a field made required is caught too.
    config = "[mypy]\nplugins = pydantic.mypy\n\n[pydantic-mypy]\ninit_typed = True\ninit_forbid_extra = True\n"
    for side in ("old", "new"):
        (tmp_path / side / "mypy.ini").write_text(config, encoding="utf-8")
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--follow-imports=silent", "caller.py"]
    before = subprocess.run(mypy, cwd=tmp_path / "old", capture_output=True, text=True, check=False)
    assert before.returncode == 0, before.stdout[-3000:]
    after = subprocess.run(mypy, cwd=tmp_path / "new", capture_output=True, text=True, check=False)
    report = compare(old, new)
    names = [edit.__name__ for edit in edits]
    if after.returncode != 0:
        assert report.breaking, f"{names}: the caller breaks but nothing is BREAKING:\n{after.stdout[-2000:]}"
