"""Classes the model generator invents are named by where they stand, and are in the lock.

datamodel-code-generator flattens an ``allOf`` whose parts disagree on a
property into a class with a new enum of its own, named after the property
with a counter when taken (``Status``, ``Status1``: 39 of 55 such classes on
the public GitHub spec). The counter depends on unrelated schemas, so a
caller's import broke when the spec grew.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

from generator.pipeline import generate


def _job(name: str) -> dict[str, Any]:
    """``name``: an allOf of a base whose ``status`` is an enum and a part where it is a string."""
    return {
        "allOf": [
            {"$ref": f"#/components/schemas/{name}Base"},
            {"type": "object", "properties": {"status": {"type": "string"}}},
        ]
    }


def _base() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string", "enum": ["queued", "done"]}},
    }


def _spec(names: list[str]) -> dict[str, Any]:
    schemas: dict[str, Any] = {}
    paths: dict[str, Any] = {}
    for name in names:
        schemas[name] = _job(name)
        schemas[f"{name}Base"] = _base()
        ok = {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
        }
        paths[f"/{name.lower()}"] = {"get": {"operationId": f"get{name}", "responses": {"200": ok}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Jobs", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def _classes(tmp_path: Path, names: list[str]) -> tuple[dict[str, ast.ClassDef], dict[str, Any]]:
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(_spec(names)), encoding="utf-8")
    result = generate(spec, "jobs")
    tree = ast.parse(result.files["jobs/models.py"])
    return {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}, result.surface


def _annotation(cls: ast.ClassDef, field: str) -> str:
    return next(
        ast.unparse(s.annotation)
        for s in cls.body
        if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name) and s.target.id == field
    )


def test_an_invented_class_is_named_after_the_field_that_uses_it(tmp_path: Path) -> None:
    classes, surface = _classes(tmp_path, ["Job"])
    assert "Status" not in classes
    assert _annotation(classes["Job"], "status") == "JobStatus"
    assert surface["models"]["JobStatus"]["kind"] == "enum"
    assert surface["models"]["JobStatus"]["values"] == ["queued", "done"]


def test_a_class_shared_by_two_schemas_is_named_by_its_first_use_never_a_counter(tmp_path: Path) -> None:
    # Alone, Run's class was "Status"; beside Job's it was "Status" for both or
    # "Status1": names a caller cannot foresee. Shared, it takes the first place that uses it.
    classes, surface = _classes(tmp_path, ["Job", "Run"])
    assert _annotation(classes["Job"], "status") == _annotation(classes["Run"], "status") == "JobStatus"
    assert not [name for name in classes if name.startswith("Status")]
    # Every class of models.py is a model of the lock.
    assert set(classes) <= set(surface["models"])
