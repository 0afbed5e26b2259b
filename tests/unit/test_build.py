"""generator.build: small specs in, IR out (names, call order, types, details)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.build import build_api
from generator.config import Options
from generator.diagnostics import Diagnostic
from generator.ir import Api, Operation
from generator.load import load_spec
from generator.validate import validate_spec

# ------------------------------------------------------------------ helpers

OK = {"200": {"description": "OK"}}
NO_CONTENT = {"204": {"description": "No Content"}}
STR = {"type": "string"}
INT = {"type": "integer"}


def build(
    tmp_path: Path, document: dict[str, Any], name: str = "spec.yaml", **options: Any
) -> tuple[Api, list[Diagnostic]]:
    """Write the spec, require it to be valid, and build it with these Options."""
    path = tmp_path / name
    if name.endswith(".json"):
        path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    spec = load_spec(path)
    errors = validate_spec(spec)
    assert not errors, "the test spec is invalid: " + "; ".join(e.format() for e in errors)
    return build_api(spec, Options(**options))


def openapi3(
    paths: dict[str, Any], schemas: dict[str, Any] | None = None, version: str = "3.0.3", **top: Any
) -> dict[str, Any]:
    doc: dict[str, Any] = {"openapi": version, "info": {"title": "Test API", "version": "1.0.0"}, **top, "paths": paths}
    if schemas is not None:
        doc["components"] = {"schemas": schemas}
    return doc


def swagger2(paths: dict[str, Any], definitions: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {"swagger": "2.0", "info": {"title": "Test API", "version": "1.0.0"}, **top, "paths": paths}
    if definitions is not None:
        doc["definitions"] = definitions
    return doc


def param(
    name: str, where: str, schema: dict[str, Any] | None = None, required: bool | None = None, **extra: Any
) -> dict[str, Any]:
    """An OpenAPI 3 parameter; path parameters are required."""
    out: dict[str, Any] = {"name": name, "in": where, "schema": schema or STR, **extra}
    if where == "path":
        out["required"] = True
    elif required is not None:
        out["required"] = required
    return out


def param2(name: str, where: str, required: bool = False, **schema: Any) -> dict[str, Any]:
    """A Swagger 2.0 non-body parameter."""
    out: dict[str, Any] = {"name": name, "in": where, **(schema or {"type": "string"})}
    if where == "path" or required:
        out["required"] = True
    return out


def json_body(schema: dict[str, Any], required: bool = False) -> dict[str, Any]:
    return {"required": required, "content": {"application/json": {"schema": schema}}}


def json_response(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties or {"id": STR}}


def op(api: Api, operation_id: str) -> Operation:
    found = [o for o in api.operations if o.operation_id == operation_id]
    assert len(found) == 1, f"{operation_id!r} not found once in {[o.operation_id for o in api.operations]}"
    return found[0]


def args(operation: Operation) -> list[str]:
    """The method's argument names, in call order."""
    return [p.py_name for p in operation.params]


def warnings(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.level == "warning"]


def schema_names(api: Api) -> dict[str, str]:
    """origin pointer -> model name."""
    return {s.origin: s.name for s in api.schemas}


# --------------------------------------------------------- parameter order


def test_openapi3_required_body_comes_before_path_params(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/users/{userId}": {
                "patch": {
                    "operationId": "updateUser",
                    "parameters": [param("userId", "path")],
                    "requestBody": json_body(obj(name=STR), required=True),
                    "responses": NO_CONTENT,
                }
            }
        }
    )
    api, diagnostics = build(tmp_path, doc)
    update = op(api, "updateUser")
    assert args(update) == ["body", "user_id"]
    body, user_id = update.params
    assert (body.location, body.required) == ("body", True)
    assert (user_id.location, user_id.wire_name, user_id.required) == ("path", "userId", True)
    assert update.body is not None and update.body.required
    assert diagnostics == []


def test_openapi3_optional_body_goes_after_the_required_params(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/users/{userId}/accounts/{accountId}": {
                "post": {
                    "operationId": "linkAccount",
                    "parameters": [
                        param("userId", "path"),
                        param("accountId", "path"),
                        param("dryRun", "query", {"type": "boolean"}),
                    ],
                    "requestBody": json_body({"type": "object"}),
                    "responses": OK,
                }
            }
        }
    )
    api, _ = build(tmp_path, doc)
    link = op(api, "linkAccount")
    # body first among the optional ones: it is listed first before the stable sort
    assert args(link) == ["user_id", "account_id", "body", "dry_run"]
    assert [p.required for p in link.params] == [True, True, False, False]


def test_spec_order_is_kept_within_the_required_and_optional_groups(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/users/{userId}/settings": {
                "get": {
                    "operationId": "getSetting",
                    "parameters": [
                        param("zeta", "query"),
                        param("settingType", "query", required=True),
                        param("alpha", "query"),
                        param("userId", "path"),
                        param("X-Mode", "header", required=True),
                    ],
                    "responses": OK,
                }
            }
        }
    )
    api, _ = build(tmp_path, doc)
    assert args(op(api, "getSetting")) == ["setting_type", "user_id", "x_mode", "zeta", "alpha"]


def test_path_level_params_are_appended_and_overridden_ones_replaced(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/users/{userId}": {
                "parameters": [
                    param("x-trace", "header"),
                    param("X-Account", "header", required=True),
                    param("userId", "path", description="from the path item"),
                ],
                "get": {
                    "operationId": "getUser",
                    "parameters": [
                        param("q", "query", required=True),
                        param("limit", "query", INT),
                        param("userId", "path", INT, description="from the operation"),
                    ],
                    "responses": OK,
                },
            }
        }
    )
    api, _ = build(tmp_path, doc)
    get_user = op(api, "getUser")
    assert args(get_user) == ["q", "user_id", "x_account", "limit", "x_trace"]
    user_id = get_user.params[1]
    # the operation's own definition wins, and only once
    assert user_id.type.annotation == "int"
    assert user_id.description == "from the operation"
    assert [p.wire_name for p in get_user.params].count("userId") == 1


def test_path_level_params_apply_to_every_operation_of_the_path(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/users/{userId}": {
                "parameters": [param("userId", "path")],
                "get": {"operationId": "getUser", "responses": OK},
                "delete": {
                    "operationId": "deleteUser",
                    "parameters": [param("force", "query", {"type": "boolean"})],
                    "responses": NO_CONTENT,
                },
            }
        }
    )
    api, diagnostics = build(tmp_path, doc)
    assert args(op(api, "getUser")) == ["user_id"]
    assert args(op(api, "deleteUser")) == ["user_id", "force"]
    assert diagnostics == []


def test_swagger2_body_keeps_its_spec_position(tmp_path: Path) -> None:
    body = {"name": "body", "in": "body", "required": True, "schema": obj(name=STR)}
    doc = swagger2(
        {
            "/users/{userId}": {
                "patch": {
                    "operationId": "patchUser",
                    "parameters": [param2("userId", "path"), body],
                    "responses": NO_CONTENT,
                }
            },
            "/accounts/{accountId}": {
                "patch": {
                    "operationId": "patchAccount",
                    "parameters": [body, param2("accountId", "path")],
                    "responses": NO_CONTENT,
                }
            },
        }
    )
    api, _ = build(tmp_path, doc)
    assert args(op(api, "patchUser")) == ["user_id", "body"]
    assert args(op(api, "patchAccount")) == ["body", "account_id"]
    assert op(api, "patchUser").params[1].location == "body"


def test_swagger2_body_position_first_option_moves_the_body_first(tmp_path: Path) -> None:
    doc = swagger2(
        {
            "/users/{userId}": {
                "patch": {
                    "operationId": "patchUser",
                    "parameters": [
                        param2("userId", "path"),
                        {"name": "body", "in": "body", "required": True, "schema": {"type": "object"}},
                    ],
                    "responses": NO_CONTENT,
                }
            }
        }
    )
    api, _ = build(tmp_path, doc, body_position="first")
    assert args(op(api, "patchUser")) == ["body", "user_id"]


def test_swagger2_form_data_params_are_separate_arguments(tmp_path: Path) -> None:
    doc = swagger2(
        {
            "/files/{fileId}": {
                "post": {
                    "operationId": "uploadFile",
                    "consumes": ["multipart/form-data"],
                    "parameters": [
                        param2("fileId", "path"),
                        {"name": "file", "in": "formData", "type": "file", "required": True},
                        {"name": "note", "in": "formData", "type": "string"},
                        param2("dryRun", "query", type="boolean"),
                    ],
                    "responses": OK,
                }
            }
        }
    )
    api, _ = build(tmp_path, doc)
    upload = op(api, "uploadFile")
    assert args(upload) == ["file_id", "file", "note", "dry_run"]
    assert [p.location for p in upload.params] == ["path", "form", "form", "query"]
    assert upload.params[1].type.kind == "file"
    assert upload.params[2].type.annotation == "str"
    assert upload.body is not None
    assert upload.body.content_type == "multipart/form-data"
    assert [f.wire_name for f in upload.body.form_fields] == ["file", "note"]


# ------------------------------------------------------------------- bodies


def test_multipart_only_body_gives_one_argument_per_field_in_properties_order(tmp_path: Path) -> None:
    form = {"type": "object", "properties": {"zeta": STR, "file": {"type": "string", "format": "binary"}, "alpha": INT}}
    doc = openapi3(
        {
            "/up": {
                "post": {
                    "operationId": "uploadFile",
                    "requestBody": {"content": {"multipart/form-data": {"schema": form}}},
                    "responses": OK,
                }
            }
        }
    )
    api, _ = build(tmp_path, doc)
    upload = op(api, "uploadFile")
    assert args(upload) == ["zeta", "file", "alpha"]
    assert all(p.location == "form" for p in upload.params)
    assert [p.type.kind for p in upload.params] == ["str", "file", "int"]
    assert upload.params[1].type.annotation == "FileInput"
    assert upload.body is not None and upload.body.is_multipart
    assert [f.wire_name for f in upload.body.form_fields] == ["zeta", "file", "alpha"]
    assert not any(p.location == "body" for p in upload.params)


def test_multipart_required_fields_come_first_then_properties_order(tmp_path: Path) -> None:
    form = {
        "type": "object",
        "required": ["file", "alpha"],
        "properties": {"zeta": STR, "file": {"type": "string", "format": "binary"}, "alpha": INT, "beta": STR},
    }
    doc = openapi3(
        {
            "/up": {
                "post": {
                    "operationId": "uploadFile",
                    "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": form}}},
                    "responses": OK,
                }
            }
        }
    )
    api, _ = build(tmp_path, doc)
    upload = op(api, "uploadFile")
    assert args(upload) == ["file", "alpha", "zeta", "beta"]
    assert [p.required for p in upload.params] == [True, True, False, False]


def _json_and_multipart(multipart_first: bool) -> dict[str, Any]:
    content = {
        "application/json": {"schema": obj(name=STR)},
        "multipart/form-data": {
            "schema": {"type": "object", "properties": {"name": STR, "file": {"type": "string", "format": "binary"}}}
        },
    }
    if multipart_first:
        content = dict(reversed(list(content.items())))
    return openapi3(
        {"/users": {"post": {"operationId": "createUser", "requestBody": {"content": content}, "responses": OK}}}
    )


def test_json_listed_first_makes_a_single_json_body_argument(tmp_path: Path) -> None:
    api, _ = build(tmp_path, _json_and_multipart(multipart_first=False))
    create = op(api, "createUser")
    assert args(create) == ["body"]
    assert create.params[0].location == "body"
    assert create.body is not None
    assert create.body.content_type == "application/json"
    assert set(create.body.content_types) == {"application/json", "multipart/form-data"}
    assert create.body.form_fields == ()
    assert create.body.type.annotation == "CreateUserRequest"


def test_multipart_listed_first_makes_form_field_arguments(tmp_path: Path) -> None:
    # swagger-codegen decides by the first listed content type.
    api, _ = build(tmp_path, _json_and_multipart(multipart_first=True))
    create = op(api, "createUser")
    assert args(create) == ["name", "file"]
    assert [p.location for p in create.params] == ["form", "form"]
    assert create.body is not None and create.body.content_type == "multipart/form-data"
    assert create.params[1].type.kind == "file"


# ------------------------------------------------------------- method names


@pytest.mark.parametrize(
    ("operation_id", "method"),
    [
        ("userSSOTokenDelete", "user_sso_token_delete"),
        ("getV2Users", "get_v2_users"),
        ("listPhoneUsers", "list_phone_users"),
        ("list_users", "list_users"),
    ],
)
def test_method_name_is_snake_case_operation_id(tmp_path: Path, operation_id: str, method: str) -> None:
    api, _ = build(tmp_path, openapi3({"/x": {"get": {"operationId": operation_id, "responses": OK}}}))
    assert op(api, operation_id).py_name == method


@pytest.mark.parametrize(("rule", "method"), [("suffix", "import_"), ("prefix", "_import")])
def test_keyword_operation_id_is_escaped(tmp_path: Path, rule: str, method: str) -> None:
    api, _ = build(
        tmp_path, openapi3({"/x": {"post": {"operationId": "import", "responses": OK}}}), keyword_escape=rule
    )
    assert op(api, "import").py_name == method


def test_missing_operation_id_is_derived_from_method_and_path(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/users/{userId}/phone-numbers": {
                "parameters": [param("userId", "path")],
                "get": {"responses": OK},
                "post": {"responses": OK},
            },
        }
    )
    api, _ = build(tmp_path, doc)
    found = {(o.method, o.operation_id, o.py_name) for o in api.operations}
    assert found == {
        ("GET", "getUsersUserIdPhoneNumbers", "get_users_user_id_phone_numbers"),
        ("POST", "postUsersUserIdPhoneNumbers", "post_users_user_id_phone_numbers"),
    }


def test_operation_ids_colliding_after_snake_case_get_distinct_names_and_a_warning(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/a": {"get": {"operationId": "listUsers", "tags": ["users"], "responses": OK}},
            "/b": {"get": {"operationId": "list_users", "tags": ["users"], "responses": OK}},
            "/c": {"get": {"operationId": "listUsers2", "tags": ["other"], "responses": OK}},
        }
    )
    api, diagnostics = build(tmp_path, doc)
    users = next(r for r in api.resources if r.tag == "users")
    by_id = {o.operation_id: o.py_name for o in users.operations}
    assert by_id == {"listUsers": "list_users", "list_users": "list_users_get"}
    found = warnings(diagnostics)
    assert len(found) == 1
    assert found[0].pointer == "/paths/~1b/get"
    assert "list_users" in found[0].message and "list_users_get" in found[0].message
    # deterministic: the same spec gives the same names
    again, _ = build(tmp_path, doc)
    assert {o.operation_id: o.py_name for o in again.operations} == {o.operation_id: o.py_name for o in api.operations}


def test_same_method_name_in_different_tags_is_no_collision(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/a": {"get": {"operationId": "listUsers", "tags": ["a"], "responses": OK}},
            "/b": {"get": {"operationId": "list_users", "tags": ["b"], "responses": OK}},
        }
    )
    api, diagnostics = build(tmp_path, doc)
    assert sorted(o.py_name for o in api.operations) == ["list_users", "list_users"]
    assert diagnostics == []


# ---------------------------------------------------------- parameter names


def test_params_colliding_after_snake_case_get_distinct_names_and_a_warning(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/x": {
                "get": {
                    "operationId": "find",
                    "parameters": [param("user-id", "query"), param("user_id", "query"), param("userId", "header")],
                    "responses": OK,
                }
            }
        }
    )
    api, diagnostics = build(tmp_path, doc)
    find = op(api, "find")
    assert [(p.wire_name, p.py_name) for p in find.params] == [
        ("user-id", "user_id"),
        ("user_id", "user_id_query"),
        ("userId", "user_id_header"),
    ]
    found = warnings(diagnostics)
    assert len(found) == 2
    assert all(d.pointer == "/paths/~1x/get" for d in found)
    assert "user_id_query" in found[0].message and "user_id_header" in found[1].message
    again, _ = build(tmp_path, doc)
    assert args(op(again, "find")) == args(find)


def test_query_param_named_body_does_not_take_the_body_name(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/x": {
                "post": {
                    "operationId": "send",
                    "parameters": [param("body", "query")],
                    "requestBody": json_body({"type": "object"}, required=True),
                    "responses": OK,
                }
            }
        }
    )
    api, diagnostics = build(tmp_path, doc)
    send = op(api, "send")
    assert [(p.location, p.wire_name, p.py_name) for p in send.params] == [
        ("body", "body", "body"),
        ("query", "body", "body_query"),
    ]
    assert len(warnings(diagnostics)) == 1
    assert "body_query" in diagnostics[0].message


@pytest.mark.parametrize(
    ("rule", "expected"), [("suffix", ["from_", "class_", "to"]), ("prefix", ["_from", "_class", "to"])]
)
def test_keyword_params_are_escaped_by_the_chosen_rule(tmp_path: Path, rule: str, expected: list[str]) -> None:
    doc = openapi3(
        {
            "/x": {
                "get": {
                    "operationId": "range",
                    "parameters": [param("from", "query"), param("class", "header"), param("to", "query")],
                    "responses": OK,
                }
            }
        }
    )
    api, diagnostics = build(tmp_path, doc, keyword_escape=rule)
    rng = op(api, "range")
    assert args(rng) == expected
    assert [p.wire_name for p in rng.params] == ["from", "class", "to"]  # the wire keeps the spec's spelling
    assert diagnostics == []


# ------------------------------------------------------- inline model names

SETTING_RESPONSE = obj(
    site=obj(id=STR),
    users={"type": "array", "items": obj(email=STR)},
    status={"type": "string", "enum": ["active", "inactive"]},
)


def setting_spec() -> dict[str, Any]:
    return openapi3(
        {
            "/users/{userId}/settings": {
                "patch": {
                    "operationId": "updateUserSetting",
                    "parameters": [param("userId", "path")],
                    "requestBody": json_body(obj(name=STR, address=obj(city=STR))),
                    "responses": json_response(SETTING_RESPONSE),
                }
            }
        }
    )


def test_inline_schemas_are_named_from_the_operation(tmp_path: Path) -> None:
    api, diagnostics = build(tmp_path, setting_spec())
    models = {s.name: s for s in api.schemas}
    assert set(models) == {
        "UpdateUserSettingRequest",
        "UpdateUserSettingRequestAddress",
        "UpdateUserSettingResponse",
        "UpdateUserSettingResponseSite",
        "UpdateUserSettingResponseUsersItem",
        "UpdateUserSettingResponseStatus",
    }
    assert models["UpdateUserSettingResponseStatus"].kind == "enum"
    assert list(models["UpdateUserSettingResponseStatus"].definition["enum"]) == ["active", "inactive"]
    assert models["UpdateUserSettingResponseSite"].kind == "object"
    base = "/paths/~1users~1{userId}~1settings/patch"
    assert models["UpdateUserSettingRequest"].origin == f"{base}/requestBody/content/application~1json/schema"
    assert (
        models["UpdateUserSettingResponseSite"].origin
        == f"{base}/responses/200/content/application~1json/schema/properties/site"
    )
    # the parent refers to the hoisted models by name
    properties = models["UpdateUserSettingResponse"].definition["properties"]
    assert properties["site"] == {"$ref": "#/components/schemas/UpdateUserSettingResponseSite"}
    assert properties["users"]["items"] == {"$ref": "#/components/schemas/UpdateUserSettingResponseUsersItem"}
    assert properties["status"] == {"$ref": "#/components/schemas/UpdateUserSettingResponseStatus"}
    update = op(api, "updateUserSetting")
    assert update.body is not None and update.body.type.annotation == "UpdateUserSettingRequest"
    assert update.return_type.annotation == "UpdateUserSettingResponse"
    assert diagnostics == []


def test_adding_an_operation_does_not_rename_existing_models(tmp_path: Path) -> None:
    before, _ = build(tmp_path, setting_spec(), name="before.yaml")
    bigger = setting_spec()
    # a new operation listed first, with inline models of its own (a nested `site` too)
    bigger["paths"] = {
        "/sites": {
            "post": {
                "operationId": "createSite",
                "requestBody": json_body(obj(site=obj(name=STR), status={"type": "string", "enum": ["a", "b"]})),
                "responses": json_response(obj(site=obj(id=STR))),
            }
        },
        **bigger["paths"],
    }
    after, _ = build(tmp_path, bigger, name="after.yaml")
    old, new = schema_names(before), schema_names(after)
    assert {origin: new.get(origin) for origin in old} == old
    assert {
        "CreateSiteRequest",
        "CreateSiteRequestSite",
        "CreateSiteRequestStatus",
        "CreateSiteResponse",
        "CreateSiteResponseSite",
    } <= set(new.values())


def test_component_and_inline_names_never_collide_ignoring_case(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/users": {
                "post": {
                    "operationId": "user",
                    "requestBody": json_body(obj(name=STR)),  # would be UserRequest
                    "responses": json_response(obj(id=STR)),  # would be UserResponse
                }
            }
        },
        schemas={
            "User": obj(id=STR),
            "user": {"type": "string"},  # User, folded
            "UserRequest": obj(other=STR),  # exactly the inline request's name
            "USERRESPONSE": obj(other=STR),  # the inline response's name, folded
        },
    )
    api, diagnostics = build(tmp_path, doc)
    names = [s.name for s in api.schemas]
    assert len({n.lower() for n in names}) == len(names), names
    by_origin = schema_names(api)
    # components keep their names (or the first does); inline models give way
    assert by_origin["/components/schemas/User"] == "User"
    assert by_origin["/components/schemas/UserRequest"] == "UserRequest"
    assert by_origin["/components/schemas/USERRESPONSE"] == "USERRESPONSE"
    assert by_origin["/components/schemas/user"] not in ("User", "user")
    user = op(api, "user")
    assert user.body is not None and user.body.type.name not in ("UserRequest", None)
    assert user.return_type.name not in ("USERRESPONSE", "UserResponse", None)
    assert user.body.type.name in names and user.return_type.name in names
    found = warnings(diagnostics)
    assert len(found) == 3
    assert {d.pointer for d in found} == {
        "/components/schemas/user",
        "/paths/~1users/post/requestBody/content/application~1json/schema",
        "/paths/~1users/post/responses/200/content/application~1json/schema",
    }


def test_inline_form_field_model_gives_way_to_a_component_differing_in_case(tmp_path: Path) -> None:
    # operation "u" + form field "ser" would make a model "USer", the same as "User" ignoring case
    form = {"type": "object", "properties": {"ser": obj(a=STR)}}
    doc = openapi3(
        {
            "/u": {
                "post": {
                    "operationId": "u",
                    "requestBody": {"content": {"multipart/form-data": {"schema": form}}},
                    "responses": OK,
                }
            }
        },
        schemas={"User": obj(id=STR)},
    )
    api, diagnostics = build(tmp_path, doc)
    names = [s.name for s in api.schemas]
    assert names[0] == "User"
    assert len(names) == 2 and names[1].lower() != "user"
    assert op(api, "u").params[0].type.name == names[1]
    assert len(warnings(diagnostics)) == 1


# ------------------------------------------------------------- return types


def test_return_types(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/d": {"delete": {"operationId": "deleteThing", "responses": NO_CONTENT}},
            "/f": {"get": {"operationId": "getFreeForm", "responses": json_response({"type": "object"})}},
            "/m": {
                "get": {
                    "operationId": "getMap",
                    "responses": json_response({"type": "object", "additionalProperties": INT}),
                }
            },
            "/l": {
                "get": {"operationId": "listThings", "responses": json_response({"type": "array", "items": obj(a=STR)})}
            },
            "/s": {"get": {"operationId": "listNames", "responses": json_response({"type": "array", "items": STR})}},
            "/u": {
                "get": {"operationId": "getUser", "responses": json_response({"$ref": "#/components/schemas/User"})}
            },
            "/us": {
                "get": {
                    "operationId": "listUsers",
                    "responses": json_response({"type": "array", "items": {"$ref": "#/components/schemas/User"}}),
                }
            },
            "/c": {"post": {"operationId": "createThing", "responses": json_response(obj(id=STR), status="201")}},
        },
        schemas={"User": obj(id=STR)},
    )
    api, _ = build(tmp_path, doc)
    returns = {o.operation_id: (o.return_type.annotation, o.success_status) for o in api.operations}
    assert returns == {
        "deleteThing": ("None", "204"),
        "getFreeForm": ("dict[str, Any]", "200"),
        "getMap": ("dict[str, int]", "200"),
        "listThings": ("list[ListThingsResponseItem]", "200"),
        "listNames": ("list[str]", "200"),
        "getUser": ("User", "200"),
        "listUsers": ("list[User]", "200"),
        "createThing": ("CreateThingResponse", "201"),
    }
    assert op(api, "deleteThing").return_type.kind == "none"


# --------------------------------------------------- scopes and rate limits


ZOOM_STYLE = (
    "Use this API to list users.\n\n**Scopes:** `a:read` `a:write`<br>**[Rate Limit Label](https://x):** `Light`"
)


def _zoom_style_spec() -> dict[str, Any]:
    return openapi3(
        {
            "/users": {
                "get": {"operationId": "listUsers", "description": ZOOM_STYLE, "responses": OK},
                "post": {
                    "operationId": "createUser",
                    "description": "Creates a user.",
                    "security": [{"oauth": ["user:write"]}],
                    "responses": OK,
                },
            }
        },
        components={
            "securitySchemes": {
                "oauth": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://x/a", "scopes": {}}}}
            }
        },
    )


def test_the_zoom_profile_reads_scopes_and_rate_limit_label_from_descriptions(tmp_path: Path) -> None:
    api, _ = build(tmp_path, _zoom_style_spec(), profile="zoom")
    listing = op(api, "listUsers")
    assert listing.scopes == ("a:read", "a:write")
    assert listing.rate_limit == "Light"
    # Read into fields, the notes leave the prose: the docs show them once.
    assert listing.description.strip() == "Use this API to list users.\n\n<br>"
    creating = op(api, "createUser")
    assert creating.scopes == ("user:write",)
    assert creating.rate_limit is None


def test_a_generic_spec_keeps_its_descriptions_as_written(tmp_path: Path) -> None:
    # Zoom's prose conventions mean nothing in another vendor's spec: no profile, no reading.
    api, _ = build(tmp_path, _zoom_style_spec())
    listing = op(api, "listUsers")
    assert listing.scopes == ()
    assert listing.rate_limit is None
    assert listing.description == ZOOM_STYLE
    # Scopes a security requirement names are standard OpenAPI, read for every spec.
    assert op(api, "createUser").scopes == ("user:write",)


# ------------------------------------------------------------ dialects


def test_openapi31_type_list_with_null_is_a_nullable_type(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/n": {"get": {"operationId": "getNick", "responses": json_response({"type": ["string", "null"]})}},
            "/p": {
                "get": {
                    "operationId": "getProfile",
                    "responses": json_response(
                        obj(nick={"type": ["string", "null"]}, age={"type": ["integer", "null"]}, name=STR)
                    ),
                }
            },
        },
        version="3.1.0",
    )
    api, _ = build(tmp_path, doc)
    nick = op(api, "getNick").return_type
    assert (nick.kind, nick.nullable, nick.annotation) == ("str", True, "str | None")
    profile = next(s for s in api.schemas if s.name == "GetProfileResponse")
    properties = profile.definition["properties"]
    assert properties["nick"] == {"type": "string", "nullable": True}
    assert properties["age"] == {"type": "integer", "nullable": True}
    assert properties["name"] == {"type": "string"}
    assert api.spec_version == "3.1"


@pytest.mark.parametrize(
    ("extra", "style", "explode"),
    [
        ({"collectionFormat": "csv"}, "form", False),
        ({}, "form", False),
        ({"collectionFormat": "multi"}, "form", True),
        ({"collectionFormat": "pipes"}, "pipeDelimited", False),
    ],
)
def test_swagger2_collection_format(tmp_path: Path, extra: dict[str, Any], style: str, explode: bool) -> None:
    ids = {"name": "ids", "in": "query", "type": "array", "items": {"type": "string"}, **extra}
    doc = swagger2({"/x": {"get": {"operationId": "find", "parameters": [ids], "responses": OK}}})
    api, _ = build(tmp_path, doc)
    (p,) = op(api, "find").params
    assert (p.type.annotation, p.style, p.explode) == ("list[str]", style, explode)


def test_openapi3_query_array_defaults_to_form_explode(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/x": {
                "get": {
                    "operationId": "find",
                    "parameters": [
                        param("ids", "query", {"type": "array", "items": STR}),
                        param("tags", "query", {"type": "array", "items": STR}, explode=False),
                    ],
                    "responses": OK,
                }
            }
        }
    )
    api, _ = build(tmp_path, doc)
    assert [(p.style, p.explode) for p in op(api, "find").params] == [("form", True), ("form", False)]


@pytest.mark.parametrize(
    ("top", "servers"),
    [
        ({"host": "api.example.com", "basePath": "/v2", "schemes": ["http", "https"]}, ("https://api.example.com/v2",)),
        ({"host": "api.example.com", "basePath": "/v2", "schemes": ["http"]}, ("http://api.example.com/v2",)),
        ({"host": "api.example.com"}, ("https://api.example.com",)),
        ({"basePath": "/v2"}, ("/v2",)),
        ({}, ()),
    ],
)
def test_swagger2_servers_from_host_base_path_and_schemes(
    tmp_path: Path, top: dict[str, Any], servers: tuple[str, ...]
) -> None:
    api, _ = build(tmp_path, swagger2({"/x": {"get": {"operationId": "x", "responses": OK}}}, **top))
    assert api.servers == servers
    assert api.spec_version == "2.0"


def test_openapi3_servers_with_variables(tmp_path: Path) -> None:
    servers = [
        {
            "url": "https://{host}/v{version}",
            "variables": {"host": {"default": "api.zoom.us"}, "version": {"default": "2", "enum": ["1", "2"]}},
        },
        {"url": "https://sandbox.example.com/api"},
    ]
    api, _ = build(tmp_path, openapi3({"/x": {"get": {"operationId": "x", "responses": OK}}}, servers=servers))
    assert api.servers == ("https://api.zoom.us/v2", "https://sandbox.example.com/api")


def test_build_does_not_change_its_input(tmp_path: Path) -> None:
    doc = setting_spec()
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    spec = load_spec(path)
    before = copy.deepcopy(spec.document)
    build_api(spec, Options())
    assert spec.document == before


def test_request_body_name_extension_renames_the_body_argument(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/users": {
                "post": {
                    "operationId": "createUser",
                    "x-codegen-request-body-name": "user",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": obj(name=STR)}}},
                    "responses": OK,
                }
            }
        }
    )
    api, _ = build(tmp_path, doc)
    create = op(api, "createUser")
    assert args(create) == ["user"]
    assert create.params[0].location == "body"


def test_form_field_required_follows_the_schema_not_the_body(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "required": ["pic"],
        "properties": {"pic": {"type": "string", "format": "binary"}, "note": STR},
    }
    doc = openapi3(
        {
            "/pictures": {
                "post": {
                    "operationId": "upload",
                    "requestBody": {"content": {"multipart/form-data": {"schema": schema}}},
                    "responses": OK,
                }
            }
        }
    )
    api, _ = build(tmp_path, doc)
    upload = op(api, "upload")
    assert [(p.py_name, p.required) for p in upload.params] == [("pic", True), ("note", False)]


# ------------------------------------------------- response media and bodies


def media_response(media: str, schema: dict[str, Any] | None, status: str = "200") -> dict[str, Any]:
    content = {media: {"schema": schema} if schema is not None else {}}
    return {status: {"description": "OK", "content": content}}


@pytest.mark.parametrize(
    ("media", "schema", "annotation"),
    [
        ("*/*", obj(), "GetThingResponse"),
        ("application/problem+json", obj(), "GetThingResponse"),
        ("application/vnd.github.v3", {"type": "array", "items": STR}, "list[str]"),
        ("application/vnd.github.v3", obj(), "GetThingResponse"),
        ("application/vnd.github.v3", STR, "bytes"),
        ("application/xml", obj(), "str"),
        ("application/atom+xml", {"type": "array", "items": obj()}, "str"),
        ("text/plain", obj(), "str"),
        ("text/csv", {"allOf": [{"type": "array", "items": STR}]}, "str"),
        ("text/plain", INT, "int"),
        ("text/plain", {}, "str"),
        ("text/plain", {"type": "string", "format": "binary"}, "bytes"),
        ("application/xml", None, "str"),
        ("application/pdf", None, "bytes"),
    ],
)
def test_response_type_follows_the_media_type(tmp_path: Path, media: str, schema: Any, annotation: str) -> None:
    doc = openapi3({"/thing": {"get": {"operationId": "getThing", "responses": media_response(media, schema)}}})
    api, _ = build(tmp_path, doc)
    assert op(api, "getThing").return_type.annotation == annotation
    if annotation == "str" and schema:
        assert not api.schemas  # an object returned as text makes no model


@pytest.mark.parametrize("status", ["204", "205"])
def test_content_under_a_bodiless_status_is_ignored_with_a_warning(tmp_path: Path, status: str) -> None:
    responses = json_response(obj(), status)
    doc = openapi3({"/thing": {"delete": {"operationId": "deleteThing", "responses": responses}}})
    api, diagnostics = build(tmp_path, doc)
    operation = op(api, "deleteThing")
    assert operation.return_type.annotation == "None"
    assert operation.accept == ()
    (warning,) = warnings(diagnostics)
    assert f"a {status} response has no body" in warning.message


def test_swagger2_204_with_a_schema_returns_none(tmp_path: Path) -> None:
    responses = {"204": {"description": "gone", "schema": {"type": "object"}}}
    doc = swagger2({"/thing": {"delete": {"operationId": "deleteThing", "responses": responses}}})
    api, diagnostics = build(tmp_path, doc)
    assert op(api, "deleteThing").return_type.annotation == "None"
    assert len(warnings(diagnostics)) == 1


@pytest.mark.parametrize("other", ["204", "205", "304"])
def test_a_bodiless_status_beside_a_body_makes_the_result_optional(tmp_path: Path, other: str) -> None:
    responses = {**json_response(obj()), other: {"description": "nothing"}}
    doc = openapi3({"/thing": {"get": {"operationId": "getThing", "responses": responses}}})
    api, _ = build(tmp_path, doc)
    operation = op(api, "getThing")
    assert operation.return_type.annotation == "GetThingResponse | None"
    assert operation.success_status == "200"


def test_head_has_no_body(tmp_path: Path) -> None:
    doc = openapi3({"/thing": {"head": {"operationId": "headThing", "responses": json_response(obj())}}})
    api, diagnostics = build(tmp_path, doc)
    assert op(api, "headThing").return_type.annotation == "None"
    assert not warnings(diagnostics)


# ------------------------------------------------------------ enum parameters


@pytest.mark.parametrize(
    ("schema", "annotation"),
    [
        ({"type": "string", "enum": ["a", "b"]}, 'Literal["a", "b"] | NotGiven'),
        ({"type": "integer", "enum": [1, 2]}, "Literal[1, 2] | NotGiven"),
        ({"type": "boolean", "enum": [True]}, "Literal[True] | NotGiven"),
        ({"type": "string", "enum": ["it's", 'say "hi"']}, """Literal["it's", 'say "hi"'] | NotGiven"""),
        ({"type": "array", "items": {"type": "string", "enum": ["x", "y"]}}, 'list[Literal["x", "y"]] | NotGiven'),
        ({"type": "string", "enum": ["a", None], "nullable": True}, 'Literal["a"] | None | NotGiven'),
        # Literal takes no floats, and an enum of values of another kind than the type says stays that type.
        ({"type": "number", "enum": [0.5, 1.5]}, "float | NotGiven"),
        ({"type": "integer", "enum": [1, "2"]}, "int | NotGiven"),
    ],
    ids=["str", "int", "bool", "quotes", "items", "nullable", "float", "mixed"],
)
def test_an_enum_parameter_is_a_literal_of_its_values(tmp_path: Path, schema: dict[str, Any], annotation: str) -> None:
    from generator.ir import signature_annotation

    doc = openapi3(
        {
            "/things": {
                "get": {"operationId": "listThings", "parameters": [param("kind", "query", schema)], "responses": OK}
            }
        }
    )
    api, _ = build(tmp_path, doc)
    [kind] = op(api, "listThings").params
    assert signature_annotation(kind) == annotation


@pytest.mark.parametrize(
    ("openapi", "schema", "required", "annotation"),
    [
        ("3.0.3", {"type": "string"}, False, "str | NotGiven"),
        ("3.0.3", {"type": "string", "nullable": True}, False, "str | None | NotGiven"),
        ("3.1.0", {"type": ["string", "null"]}, False, "str | None | NotGiven"),
        ("3.0.3", {"type": "string", "nullable": True}, True, "str | None"),
        ("3.0.3", {"type": "string"}, True, "str"),
    ],
    ids=["optional", "optional-nullable", "optional-nullable-3.1", "required-nullable", "required"],
)
def test_none_is_a_value_only_where_the_spec_allows_null(
    tmp_path: Path, openapi: str, schema: dict[str, Any], required: bool, annotation: str
) -> None:
    """An optional parameter defaults to NOT_GIVEN (typed NotGiven); None is in its type only when nullable."""
    from generator.ir import signature_annotation

    doc = openapi3(
        {
            "/things": {
                "get": {
                    "operationId": "listThings",
                    "parameters": [{**param("kind", "query", schema), "required": required}],
                    "responses": OK,
                }
            }
        }
    )
    doc["openapi"] = openapi
    api, _ = build(tmp_path, doc)
    [kind] = op(api, "listThings").params
    assert signature_annotation(kind) == annotation


# ------------------------------------------------------------------ pagers

PAGE = {
    "type": "object",
    "properties": {"next_page_token": STR, "users": {"type": "array", "items": STR}},
}


def paged(operation_id: str) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "parameters": [param("next_page_token", "query")],
        "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": PAGE}}}},
    }


def pagers(api: Api) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {o.py_name: (o.pagination.method_name, o.pagination.aliases) for o in api.operations if o.pagination}


def test_a_pager_is_named_after_what_it_walks(tmp_path: Path) -> None:
    doc = openapi3(
        {
            "/a": {"get": paged("listPhoneUsers")},
            "/b": {"get": paged("getQueues")},
            "/c": {"get": paged("users")},
            # iter_users is taken by the operation named users: this one keeps its whole name.
            "/d": {"get": paged("listUsers")},
        }
    )
    api, _ = build(tmp_path, doc)
    assert pagers(api) == {
        "list_phone_users": ("iter_phone_users", ()),
        "get_queues": ("iter_queues", ()),
        "users": ("iter_users", ()),
        "list_users": ("iter_list_users", ()),
    }


def test_a_pagers_locked_names_stay_as_deprecated_aliases(tmp_path: Path) -> None:
    from generator.lock import Lock

    doc = openapi3({"/a": {"get": paged("listPhoneUsers")}, "/b": {"get": paged("listQueues")}})
    entry = {"http": "GET /a", "params": [], "returns": "Page"}
    lock = Lock(
        {
            "methods": {
                "DefaultApi.iter_list_phone_users": {**entry, "operation_id": "listPhoneUsers", "pager_of": "x"},
                # A name the lock gave another operation's pager is not taken from it.
                "DefaultApi.iter_queues": {**entry, "operation_id": "listPhoneUsers", "pager_of": "x"},
                "AsyncDefaultApi.iter_old": {**entry, "operation_id": "listQueues", "pager_of": "x", "async": True},
            },
            "models": {},
        }
    )
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    api, _ = build_api(load_spec(path), Options(), lock)
    assert pagers(api) == {
        "list_phone_users": ("iter_phone_users", ("iter_list_phone_users", "iter_queues")),
        "list_queues": ("iter_list_queues", ()),
    }


# ------------------------------------------------------------ TypedDict twins


def test_a_twin_never_takes_a_models_name(tmp_path: Path) -> None:
    """``Thing`` has a twin; so does the model called ``ThingDict`` it refers to: the twins
    take ``Dict`` again while the name is a model's, and each model keeps one twin."""
    thing = {"type": "object", "properties": {"other": {"$ref": "#/components/schemas/ThingDict"}}}
    other = {"type": "object", "properties": {"n": {"type": "integer"}}}
    body = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}
    doc = openapi3({"/things": {"post": {"operationId": "make", "requestBody": body, "responses": OK}}})
    doc["components"] = {"schemas": {"Thing": thing, "ThingDict": other, "Unused": other}}
    api, _ = build(tmp_path, doc)
    assert dict(api.dict_twins) == {"Thing": "ThingDictDict", "ThingDict": "ThingDictDictDict"}
    [param] = op(api, "make").params
    assert param.dict_twin == "ThingDictDict"


def test_a_twin_of_an_object_with_one_of_options_type_checks(tmp_path: Path) -> None:
    """The model generator makes each option's class extend the option and widen its keys,
    which a TypedDict may not: such a twin has its own keys and extends TypedDict only."""
    import subprocess
    import sys

    from generator.typed_dicts import render_typed_dicts

    check = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "status": {"type": "string", "enum": ["queued", "done"]}},
        "oneOf": [
            {"required": ["status"], "properties": {"status": {"enum": ["done"]}}},
            {"properties": {"status": {"enum": ["queued"]}}},
        ],
    }
    body = {"required": True, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Check"}}}}
    doc = openapi3({"/checks": {"post": {"operationId": "make", "requestBody": body, "responses": OK}}})
    doc["components"] = {"schemas": {"Check": check}}
    api, _ = build(tmp_path, doc)
    source = render_typed_dicts(api, "Twins.")
    assert source is not None
    module = tmp_path / "twins.py"
    module.write_text(source, encoding="utf-8")
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(module)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert mypy.returncode == 0, mypy.stdout


def test_only_object_bodies_have_twins(tmp_path: Path) -> None:
    """A body that is an enum or a list of strings takes no dict, so its model has no twin;
    an enum an object body reaches has one (the object's twin refers to it)."""
    color = {"type": "string", "enum": ["red", "blue"]}
    paint = {"type": "object", "properties": {"color": {"$ref": "#/components/schemas/Color"}}}
    names = {"type": "array", "items": {"type": "string"}}

    def post(name: str, schema: str) -> dict[str, Any]:
        body = {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}}
        return {"post": {"operationId": name, "requestBody": body, "responses": OK}}

    doc = openapi3({"/color": post("setColor", "Color"), "/names": post("setNames", "Names")})
    doc["components"] = {"schemas": {"Color": color, "Paint": paint, "Names": names}}
    api, _ = build(tmp_path, doc)
    assert dict(api.dict_twins) == {}
    doc["paths"]["/paint"] = post("paint", "Paint")
    api, _ = build(tmp_path, doc)
    assert dict(api.dict_twins) == {"Color": "ColorDict", "Paint": "PaintDict"}
