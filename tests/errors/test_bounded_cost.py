"""A spec built to blow up the build stays linear: one class per place in the spec.

Bundled specs (Azure's, as the public collections publish them) reference
paths deep inside other schemas rather than components. Each reference was
converted afresh where it was used, making new classes for everything below
it; schemas reaching into each other multiplied: one public spec grew past
4 GB and 3 minutes. Counting classes, not seconds, keeps this test exact.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.build import build_api
from generator.config import Options
from generator.load import load_spec

LEVELS = 14


def reaching_spec() -> dict[str, object]:
    """Schema i has two object properties that each point inside schema i+1 (not at it)."""
    schemas: dict[str, object] = {}
    for i in range(LEVELS):
        inner: dict[str, object] = {"type": "object", "properties": {"leaf": {"type": "string"}}}
        if i + 1 < LEVELS:
            deeper = {"$ref": f"#/components/schemas/S{i + 1}/properties/left/properties/inner"}
            inner["properties"] = {"leaf": {"type": "string"}, "next": deeper, "again": deeper}
        schemas[f"S{i}"] = {
            "type": "object",
            "properties": {
                "left": {"type": "object", "properties": {"inner": inner}},
                "right": {"type": "object", "properties": {"inner": inner}},
            },
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Reaching", "version": "1"},
        "paths": {
            "/s": {
                "get": {
                    "operationId": "getS",
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/S0"}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": schemas},
    }


def test_references_into_other_schemas_share_their_classes(tmp_path: Path) -> None:
    path = tmp_path / "reaching.json"
    path.write_text(json.dumps(reaching_spec()), encoding="utf-8")
    api, _ = build_api(load_spec(path), Options())
    # Per schema: itself, left, right, left.inner, right.inner: 5 places that make classes.
    assert len(api.schemas) <= 5 * LEVELS
    origins = [schema.origin for schema in api.schemas]
    assert len(origins) == len(set(origins))
