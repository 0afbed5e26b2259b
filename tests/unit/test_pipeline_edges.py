"""Valid but unusual specs through the whole pipeline (found while writing the other tests)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import yaml

from generator.config import Options
from generator.diagnostics import GenerationError
from generator.examples import Examples
from generator.ir import TypeRef
from generator.pipeline import generate, load_api


def _write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_spec_without_operations_gives_a_valid_package(tmp_path: Path) -> None:
    # `paths: {}` is valid OpenAPI (e.g. a spec of shared schemas only).
    spec = _write(
        tmp_path,
        {
            "openapi": "3.0.3",
            "info": {"title": "Empty", "version": "1.0.0"},
            "paths": {},
            "components": {"schemas": {"User": {"type": "object", "properties": {"id": {"type": "string"}}}}},
        },
    )
    try:
        result = generate(spec, "empty_pkg", Options())
    except GenerationError as exc:
        raise AssertionError(f"a valid spec was refused: {exc}") from None
    for name, text in result.files.items():
        if name.endswith(".py"):
            ast.parse(text, filename=name)
    assert result.api.operations == ()


def _required_fields_present(example: Any, schema_name: str, schemas: dict[str, Any], path: str = "") -> list[str]:
    """Where an example object of ``schema_name`` lacks a required property."""
    definition = schemas[schema_name].definition
    problems = []
    if example is None:
        return problems
    for name in definition.get("required", []):
        if name not in example:
            problems.append(f"{path or '<root>'}: {name} missing")
    for name, prop in (definition.get("properties") or {}).items():
        ref = prop.get("$ref") or next((part.get("$ref") for part in prop.get("allOf", []) if "$ref" in part), None)
        if ref and name in example:
            target = ref.rsplit("/", 1)[-1]
            if schemas[target].kind == "object":
                problems += _required_fields_present(example[name], target, schemas, f"{path}.{name}")
    return problems


def test_example_of_a_self_referencing_schema_keeps_required_fields(tmp_path: Path) -> None:
    # The generated tests build a response from this example; one missing a
    # required field fails the generated package's own test suite.
    spec = _write(
        tmp_path,
        {
            "openapi": "3.0.3",
            "info": {"title": "Tree", "version": "1.0.0"},
            "paths": {
                "/users/{id}": {
                    "get": {
                        "operationId": "getUser",
                        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                        "responses": {
                            "200": {
                                "description": "OK",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}},
                            }
                        },
                    }
                }
            },
            "components": {
                "schemas": {
                    "User": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {
                            "id": {"type": "string"},
                            "manager": {"allOf": [{"$ref": "#/components/schemas/User"}], "nullable": True},
                        },
                    }
                }
            },
        },
    )
    api, _ = load_api(spec, Options())
    schemas = {s.name: s for s in api.schemas}
    example = Examples(api.schemas).for_type(TypeRef("model", "User"))
    assert _required_fields_present(example, "User", schemas) == [], example


def test_the_spec_is_read_once_and_hashed_as_loaded(tmp_path: Path, monkeypatch: Any) -> None:
    # load.py reads the spec; the manifest's hash is of those bytes, not of a second read.
    import hashlib
    import json

    from generator.write import MANIFEST_FILE

    spec = _write(tmp_path, {"openapi": "3.0.3", "info": {"title": "Once", "version": "1.0.0"}, "paths": {}})
    loaded = hashlib.sha256(spec.read_bytes()).hexdigest()
    reads: list[Path] = []
    read_bytes = Path.read_bytes

    def counting(self: Path) -> bytes:
        if self.resolve() == spec.resolve():
            reads.append(self)
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", counting)
    result = generate(spec, "once_pkg", Options())
    assert len(reads) == 1
    manifest = json.loads(result.files[f"once_pkg/{MANIFEST_FILE}"])
    assert manifest["spec"]["sha256"] == loaded
    assert manifest["inputs"] == {"spec.yaml": loaded}
