"""generator.upgrade: Swagger 2.0 in the OpenAPI 3 shape, with where each part came from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate

from generator.build import build_api
from generator.config import Options
from generator.load import load_spec
from generator.upgrade import upgrade

ROOT = Path(__file__).resolve().parents[2]
OK = {"200": {"description": "OK"}}

#: One of each Swagger 2.0 construct the upgrade rewrites.
SWAGGER2: dict[str, Any] = {
    "swagger": "2.0",
    "info": {"title": "T", "version": "1"},
    "host": "api.example.com",
    "basePath": "/v1",
    "schemes": ["http", "https"],
    "consumes": ["application/json"],
    "produces": ["application/json"],
    "securityDefinitions": {
        "basic": {"type": "basic"},
        "key": {"type": "apiKey", "name": "X-Key", "in": "header"},
        "oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://t.example.com", "scopes": {"a": "A"}},
    },
    "parameters": {"limit": {"name": "limit", "in": "query", "type": "integer", "default": 10}},
    "responses": {"Thing": {"description": "a thing", "schema": {"$ref": "#/definitions/Thing"}}},
    "paths": {
        "/things/{id}": {
            "parameters": [{"name": "id", "in": "path", "required": True, "type": "string"}],
            "put": {
                "operationId": "putThing",
                "parameters": [
                    {
                        "name": "tags",
                        "in": "query",
                        "type": "array",
                        "items": {"type": "string"},
                        "collectionFormat": "pipes",
                    },
                    {"name": "thing", "in": "body", "required": True, "schema": {"$ref": "#/definitions/Thing"}},
                    {"$ref": "#/parameters/limit"},
                ],
                "responses": {"200": {"$ref": "#/responses/Thing"}, "204": {"description": "none"}},
            },
            "post": {
                "operationId": "upload",
                "consumes": ["multipart/form-data"],
                "parameters": [
                    {"name": "file", "in": "formData", "type": "file", "required": True, "description": "the file"},
                    {"name": "note", "in": "formData", "type": "string"},
                ],
                "responses": {"201": {"description": "made", "schema": {"type": "object", "x-nullable": True}}},
            },
        }
    },
    "definitions": {
        "Thing": {
            "type": "object",
            "discriminator": "kind",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "size": {"type": "integer", "x-nullable": True}},
        }
    },
}


def test_the_upgraded_document_is_valid_openapi_3() -> None:
    validate(dict(upgrade(SWAGGER2, "2.0").document))


def test_the_genesys_target_upgrades_to_valid_openapi_3() -> None:
    document = yaml.safe_load((ROOT / "specs" / "genesys_users.yaml").read_text(encoding="utf-8"))
    validate(dict(upgrade(document, "2.0").document))


def test_operations_read_as_openapi_3() -> None:
    doc = upgrade(SWAGGER2, "2.0").document
    assert doc["servers"] == [{"url": "https://api.example.com/v1"}]
    put = doc["paths"]["/things/{id}"]["put"]
    assert put["requestBody"] == {
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
        "required": True,
    }
    assert [p["name"] for p in put["parameters"]] == ["tags", "limit"]
    assert put["parameters"][0]["style"] == "pipeDelimited" and put["parameters"][0]["explode"] is False
    assert put["parameters"][1]["schema"] == {"type": "integer", "default": 10}
    assert put["responses"]["200"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Thing"}
    assert "content" not in put["responses"]["204"]
    form = doc["paths"]["/things/{id}"]["post"]["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["properties"]["file"] == {"type": "string", "format": "binary", "description": "the file"}
    assert form["required"] == ["file"]
    schemes = doc["components"]["securitySchemes"]
    assert schemes["basic"] == {"type": "http", "scheme": "basic"}
    assert schemes["oauth"]["flows"] == {
        "clientCredentials": {"tokenUrl": "https://t.example.com", "scopes": {"a": "A"}}
    }
    thing = doc["components"]["schemas"]["Thing"]
    assert thing["discriminator"] == {"propertyName": "kind"}
    assert thing["properties"]["size"]["nullable"] is True


def test_openapi_3_passes_through_untouched() -> None:
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}}
    upgraded = upgrade(document, "3.0")
    assert upgraded.document is document
    assert upgraded.origin("/paths/~1x/get/requestBody") == "/paths/~1x/get/requestBody"


def test_places_translate_back_to_where_the_user_wrote_them() -> None:
    upgraded = upgrade(SWAGGER2, "2.0")
    put = "/paths/~1things~1{id}/put"
    assert upgraded.origin("/components/schemas/Thing/properties/size") == "/definitions/Thing/properties/size"
    assert upgraded.origin(f"{put}/parameters/1") == f"{put}/parameters/2"
    assert upgraded.origin(f"{put}/parameters/0/schema/items") == f"{put}/parameters/0/items"
    assert upgraded.origin(f"{put}/requestBody/content/application~1json/schema") == f"{put}/parameters/1/schema"
    assert upgraded.origin(f"{put}/responses/200/content/application~1json/schema") == f"{put}/responses/200/schema"
    post = "/paths/~1things~1{id}/post"
    field = f"{post}/requestBody/content/multipart~1form-data/schema/properties/note"
    assert upgraded.origin(field) == f"{post}/parameters/1"
    assert upgraded.place("/definitions/Thing") == "/components/schemas/Thing"


def test_models_and_warnings_name_the_swagger_2_places(tmp_path: Path) -> None:
    """An inline model's origin (the lock's key for its name) and a warning's pointer and
    line are where the user wrote them, not where the upgrade moved them."""
    document = {
        "swagger": "2.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            "/items": {
                "post": {
                    "operationId": "addItem",
                    "parameters": [
                        {"name": "q", "in": "query", "type": "string"},
                        {
                            "in": "body",
                            "name": "item",
                            "schema": {"type": "object", "properties": {"a": {"type": "string"}}},
                        },
                        {"name": "", "in": "query", "type": "string"},
                    ],
                    "responses": OK,
                }
            }
        },
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    api, diagnostics = build_api(load_spec(path), Options())
    origins = {schema.name: schema.origin for schema in api.schemas}
    assert origins == {"AddItemRequest": "/paths/~1items/post/parameters/1/schema"}
    [nameless] = [d for d in diagnostics if "without a name" in d.message]
    assert nameless.pointer == "/paths/~1items/post/parameters/2"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert nameless.line is not None and "name: ''" in lines[nameless.line - 1]


def test_a_body_keeps_its_swagger_2_place_in_the_call() -> None:
    upgraded = upgrade(SWAGGER2, "2.0")
    assert upgraded.call_order[("/things/{id}", "put")] == ("param", "body", "param", "param")
    assert upgraded.call_order[("/things/{id}", "post")] == ("form:file", "form:note", "param")
