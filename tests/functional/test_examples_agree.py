"""Every example the generator writes validates against the model it stands for.

A property over a package: for each model of a spec built to hold the
compositions real specs use (``allOf`` of a primitive alias plus a
description, of an array alias, of objects; ``oneOf`` of primitives and of
models; nullable references; ``byte``, ``date-time``, ``uuid`` formats;
discriminated unions; enums on array items; maps), the example that tests and
docs would use is parsed by the generated model. The same check runs on every
package of the public-spec corpus (``scripts/corpus.py --examples``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner
from package_support import run_own_tests
from pydantic import TypeAdapter

from generator.build import build_api
from generator.cli import main
from generator.config import Options
from generator.examples import Examples
from generator.ir import TypeRef
from generator.load import load_spec
from generator.models import model_literals

PACKAGE = "composed_client"


def composed_spec() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "Zone": {"type": "string", "description": "An availability zone."},
        "Count": {"type": "integer"},
        "Tags": {"type": "array", "items": {"type": "string", "enum": ["red", "blue"]}},
        "Blob": {"type": "string", "format": "byte"},
        "When": {"type": "string", "format": "date-time"},
        "Id": {"type": "string", "format": "uuid"},
        "Shift": {
            "type": "object",
            "required": ["awayFrom", "count", "tags", "when"],
            "properties": {
                "awayFrom": {"allOf": [{"$ref": "#/components/schemas/Zone"}], "description": "Where from."},
                "count": {"allOf": [{"$ref": "#/components/schemas/Count"}], "description": "How many."},
                "tags": {"allOf": [{"$ref": "#/components/schemas/Tags"}], "description": "Labels."},
                "when": {"allOf": [{"$ref": "#/components/schemas/When"}], "description": "Starts."},
                "blob": {"$ref": "#/components/schemas/Blob"},
                "id": {"$ref": "#/components/schemas/Id"},
                "maybe": {"allOf": [{"$ref": "#/components/schemas/Zone"}], "nullable": True},
                "either": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                "pet": {"$ref": "#/components/schemas/Pet"},
                "extra": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Count"}},
                # Keywords of another type say nothing (India's API Setu writes items on strings).
                "code": {"type": "string", "items": {"properties": {}}},
                "size": {"type": "integer", "properties": {"n": {"type": "string"}}, "additionalProperties": False},
            },
        },
        "Base": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
        "Derived": {
            "allOf": [
                {"$ref": "#/components/schemas/Base"},
                {"type": "object", "required": ["size"], "properties": {"size": {"type": "number"}}},
            ]
        },
        "Cat": {
            "type": "object",
            "required": ["kind", "lives"],
            "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}},
        },
        "Dog": {
            "type": "object",
            "required": ["kind", "bark"],
            "properties": {"kind": {"type": "string"}, "bark": {"type": "boolean"}},
        },
        "Pet": {
            "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
            "discriminator": {"propertyName": "kind"},
        },
        "Shifts": {"type": "array", "items": {"$ref": "#/components/schemas/Shift"}},
        # A later allOf part restating a property loosely: the class keeps the first part's type.
        "Restated": {
            "allOf": [
                {
                    "type": "object",
                    "required": ["owner", "when"],
                    "properties": {
                        "owner": {"$ref": "#/components/schemas/Base"},
                        "when": {"type": "string", "format": "date-time"},
                    },
                },
                {"type": "object", "properties": {"owner": {"type": "object"}, "when": {"type": "string"}}},
            ]
        },
        # A later part restating a property more specifically: the model keeps the specific one;
        # a "discriminator" on a list property tells nothing apart and tags nothing.
        "PageBase": {
            "type": "object",
            "discriminator": {"propertyName": "content"},
            "required": ["content"],
            "properties": {"content": {"type": "array", "items": {}}, "page": {"type": "integer"}},
        },
        "PagedShifts": {
            "allOf": [
                {"$ref": "#/components/schemas/PageBase"},
                {"properties": {"content": {"type": "array", "items": {"$ref": "#/components/schemas/Shift"}}}},
            ]
        },
        # Nothing may be added to a closed object, nor to one made of it.
        "Closed": {"type": "object", "additionalProperties": False},
        "ClosedToo": {"allOf": [{"$ref": "#/components/schemas/Closed"}]},
        # Parts restating a nested object's property, one as a number, one as an integer
        # (Mailchimp's Facebook ad reports): the model takes one part's class, the example
        # satisfies both.
        "AdReport": {
            "allOf": [
                {
                    "type": "object",
                    "properties": {"summary": {"type": "object", "properties": {"seen": {"type": "number"}}}},
                },
                {
                    "type": "object",
                    "properties": {"summary": {"type": "object", "properties": {"seen": {"type": "integer"}}}},
                },
            ]
        },
        # A required reference back to where the example started (Xero's invoices: an
        # allocation of a credit note requires its invoice): recursion stops there, and the
        # required property still gets the smallest valid value.
        "Invoice": {
            "type": "object",
            "properties": {
                "number": {"type": "string"},
                "credits": {"type": "array", "items": {"$ref": "#/components/schemas/Credit"}},
            },
        },
        "Credit": {
            "type": "object",
            "properties": {"allocations": {"type": "array", "items": {"$ref": "#/components/schemas/Allocation"}}},
        },
        "Allocation": {
            "type": "object",
            "required": ["amount", "invoice"],
            "properties": {"amount": {"type": "number"}, "invoice": {"$ref": "#/components/schemas/Invoice"}},
        },
    }
    # A chain of required references deeper than the full example goes.
    for level in range(14):
        chain: dict[str, Any] = {"type": "object", "required": ["leaf"], "properties": {"leaf": {"type": "string"}}}
        if level < 13:
            chain["required"].append("next")
            chain["properties"]["next"] = {"$ref": f"#/components/schemas/Deep{level + 1}"}
        schemas[f"Deep{level}"] = chain
    paths = {
        f"/{name.lower()}": {
            "post": {
                "operationId": f"echo{name}",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
                    }
                },
            }
        }
        for name in (
            "Shift",
            "Derived",
            "Pet",
            "Shifts",
            "Restated",
            "ClosedToo",
            "Deep0",
            "PagedShifts",
            "Invoice",
            "AdReport",
        )
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Composed", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    root = tmp_path_factory.mktemp("composed")
    spec = root / "composed.json"
    spec.write_text(json.dumps(composed_spec()), encoding="utf-8")
    out = root / "out"
    result = CliRunner().invoke(main, ["generate", "--spec", str(spec), "--out", str(out), "--package", PACKAGE])
    assert result.exit_code == 0, result.output
    sys.path.insert(0, str(out))
    yield spec, out
    sys.path.remove(str(out))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


def example_problems(spec: Path, models: ModuleType) -> list[str]:
    """Each model whose example the generated model refuses, with pydantic's first complaint."""
    api, _ = build_api(load_spec(spec), Options())
    examples = Examples(api.schemas, model_literals(Path(str(models.__file__)).read_text(encoding="utf-8")))
    problems = []
    for schema in api.schemas:
        value = examples.for_type(TypeRef("model", schema.name), "value")
        try:
            TypeAdapter(getattr(models, schema.name)).validate_python(value)
        except Exception as error:  # noqa: BLE001 - any refusal is a finding, reported with its model
            problems.append(f"{schema.name}: {json.dumps(value)[:200]} -> {str(error).splitlines()[:3]}")
    return problems


def test_every_model_accepts_its_example(package: tuple[Path, Path]) -> None:
    spec, _ = package
    from composed_client import models

    assert example_problems(spec, models) == []


def test_an_alias_wrapped_in_all_of_gets_the_alias_s_example(package: tuple[Path, Path]) -> None:
    spec, _ = package
    api, _ = build_api(load_spec(spec), Options())
    shift = Examples(api.schemas).for_type(TypeRef("model", "Shift"), "value")
    assert isinstance(shift["awayFrom"], str) and isinstance(shift["count"], int)
    assert isinstance(shift["tags"], list) and shift["when"] == "2024-01-02T03:04:05Z"


def test_the_package_passes_its_own_tests(package: tuple[Path, Path]) -> None:
    _, out = package
    run_own_tests(out)


def test_an_all_of_part_that_only_describes_adds_no_class_and_no_value(tmp_path: Path) -> None:
    # AWS's specs write every property as allOf [{$ref}, {description}]: the second part constrains nothing.
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Described", "version": "1"},
        "paths": {},
        "components": {
            "schemas": {
                "Severity": {"type": "object", "properties": {"high": {"type": "number"}}},
                "Tags": {"type": "object", "additionalProperties": {"type": "string"}},
                "Count": {"type": "integer"},
                "Summary": {
                    "type": "object",
                    "required": ["open", "tags", "count"],
                    "properties": {
                        "open": {"allOf": [{"$ref": "#/components/schemas/Severity"}, {"description": "Open ones."}]},
                        "tags": {"allOf": [{"$ref": "#/components/schemas/Tags"}, {"description": "Labels."}]},
                        "count": {
                            "allOf": [
                                {"$ref": "#/components/schemas/Count"},
                                {"description": "How many.", "nullable": True},
                            ]
                        },
                    },
                },
            }
        },
    }
    path = tmp_path / "described.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    api, _ = build_api(load_spec(path), Options())
    summary = Examples(api.schemas).for_type(TypeRef("model", "Summary"), "value")
    assert summary == {"open": {"high": 1.5}, "tags": {"key": "value-example"}, "count": 1}
    converted = next(s for s in api.schemas if s.name == "Summary").definition["properties"]
    assert converted["open"] == {"allOf": [{"$ref": "#/components/schemas/Severity"}], "description": "Open ones."}
    assert converted["count"]["nullable"] is True and converted["count"]["description"] == "How many."


def inheritance_spec() -> dict[str, Any]:
    """Swagger 2.0 inheritance as Azure writes it: a base names its discriminator, subtypes extend it."""
    return {
        "swagger": "2.0",
        "info": {"title": "Steps", "version": "1"},
        "paths": {
            "/steps": {
                "post": {
                    "operationId": "runStep",
                    "parameters": [{"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Holder"}}],
                    "responses": {"200": {"description": "ok", "schema": {"$ref": "#/definitions/Holder"}}},
                }
            }
        },
        "definitions": {
            "step_base": {
                "type": "object",
                "discriminator": "stepType",
                "required": ["stepType"],
                "properties": {"stepType": {"type": "string"}},
            },
            "WaitStep": {
                "x-ms-discriminator-value": "Wait",
                "allOf": [{"$ref": "#/definitions/step_base"}],
                "properties": {"seconds": {"type": "integer"}, "name": {"type": "integer"}},
            },
            "health_check": {
                "allOf": [{"$ref": "#/definitions/step_base"}],
                "required": ["url"],
                "properties": {"url": {"type": "string"}},
            },
            # A later sibling: its allOf part is the base itself, not the first subtype.
            "NamedStep": {
                "allOf": [
                    {"$ref": "#/definitions/step_base"},
                    {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
                ]
            },
            "Holder": {
                "type": "object",
                "required": ["step"],
                "properties": {"step": {"$ref": "#/definitions/step_base"}},
            },
        },
    }


def test_inheritance_tags_are_the_spec_s_and_examples_carry_them(tmp_path: Path) -> None:
    spec = tmp_path / "steps.json"
    spec.write_text(json.dumps(inheritance_spec()), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", "--spec", str(spec), "--out", str(out), "--package", "steps_client"])
    assert result.exit_code == 0, result.output
    source = (out / "steps_client" / "models.py").read_text(encoding="utf-8")
    # What a server sends: x-ms-discriminator-value, else the definition's own name (not our class name).
    assert 'stepType: Literal["Wait"]' in source and 'stepType: Literal["health_check"]' in source
    sys.path.insert(0, str(out))
    try:
        from steps_client import models

        assert example_problems(spec, models) == []
        holder = models.Holder.model_validate({"step": {"stepType": "health_check", "url": "u"}})
        assert isinstance(holder.step, models.HealthCheck)
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m == "steps_client" or m.startswith("steps_client.")]:
            del sys.modules[name]
    run_own_tests(out)
