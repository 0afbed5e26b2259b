"""A deterministic synthetic OpenAPI 3.0 spec of N operations, for measuring how specgen scales.

Each group of five operations is a resource with the shapes real specs mix: a
paged list (token style) with an enum and an array query parameter, a get by
id, a create with an inline request object holding a nested object, an enum
and a ``$ref``, a multipart upload, and a delete answering 204. Component
schemas reference one another (``allOf`` of a base, ``oneOf`` of two
variants), so the model generator sees the usual compositions. The same N
always gives the same bytes.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": schema}}}


def synthetic_spec(operations: int) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {
        "Base": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "created": {"type": "string", "format": "date-time"}},
        },
        "Error": {"type": "object", "properties": {"code": {"type": "integer"}, "message": {"type": "string"}}},
    }
    groups = (operations + 4) // 5
    made = 0
    for g in range(groups):
        name = f"Thing{g}"
        schemas[name] = {
            "allOf": [
                _ref("Base"),
                {
                    "type": "object",
                    "properties": {
                        "label": {"type": "string", "maxLength": 40},
                        "state": {"type": "string", "enum": ["new", "active", "closed"]},
                        "size": {"type": "integer", "minimum": 0},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "owner": _ref(f"Thing{g - 1}Owner") if g else {"type": "string"},
                        "detail": {"oneOf": [_ref(f"{name}Short"), _ref(f"{name}Long")]},
                    },
                },
            ]
        }
        schemas[f"{name}Owner"] = {"type": "object", "properties": {"email": {"type": "string", "format": "email"}}}
        schemas[f"{name}Short"] = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
        schemas[f"{name}Long"] = {
            "type": "object",
            "required": ["kind", "text"],
            "properties": {"kind": {"type": "string"}, "text": {"type": "string"}},
        }
        collection, item = f"/things{g}", f"/things{g}/{{thing_id}}"
        thing_id = {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}
        ops: list[tuple[str, str, dict[str, Any]]] = [
            (
                collection,
                "get",
                {
                    "operationId": f"list{name}s",
                    "parameters": [
                        {"name": "next_page_token", "in": "query", "schema": {"type": "string"}},
                        {"name": "state", "in": "query", "schema": {"type": "string", "enum": ["new", "active"]}},
                        {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                    ],
                    "responses": {
                        "200": {
                            "description": "A page.",
                            **_json(
                                {
                                    "type": "object",
                                    "properties": {
                                        "next_page_token": {"type": "string"},
                                        "things": {"type": "array", "items": _ref(name)},
                                    },
                                }
                            ),
                        },
                        "default": {"description": "An error.", **_json(_ref("Error"))},
                    },
                },
            ),
            (
                item,
                "get",
                {
                    "operationId": f"get{name}",
                    "parameters": [thing_id],
                    "responses": {"200": {"description": "The thing.", **_json(_ref(name))}},
                },
            ),
            (
                collection,
                "post",
                {
                    "operationId": f"create{name}",
                    "requestBody": {
                        "required": True,
                        **_json(
                            {
                                "type": "object",
                                "required": ["label"],
                                "properties": {
                                    "label": {"type": "string"},
                                    "settings": {
                                        "type": "object",
                                        "properties": {
                                            "mode": {"type": "string", "enum": ["a", "b"]},
                                            "level": {"type": "integer"},
                                        },
                                    },
                                    "owner": _ref(f"{name}Owner"),
                                },
                            }
                        ),
                    },
                    "responses": {"201": {"description": "Created.", **_json(_ref(name))}},
                },
            ),
            (
                f"{item}/file",
                "put",
                {
                    "operationId": f"upload{name}File",
                    "parameters": [thing_id],
                    "requestBody": {
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "file": {"type": "string", "format": "binary"},
                                        "note": {"type": "string"},
                                    },
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "Stored."}},
                },
            ),
            (
                item,
                "delete",
                {
                    "operationId": f"delete{name}",
                    "parameters": [thing_id],
                    "responses": {"204": {"description": "Deleted."}},
                },
            ),
        ]
        for path, method, op in ops:
            if made == operations:
                break
            op["tags"] = [f"Group{g % 20}"]
            op["security"] = [{"Token": []}]
            paths.setdefault(path, {})[method] = op
            made += 1
    return {
        "openapi": "3.0.3",
        "info": {"title": f"Synthetic {operations}", "version": "1.0.0"},
        "servers": [{"url": "https://synthetic.example.test/v1"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"Token": {"type": "http", "scheme": "bearer"}},
        },
    }


if __name__ == "__main__":
    print(json.dumps(synthetic_spec(int(sys.argv[1])), indent=1))
