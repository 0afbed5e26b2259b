"""Small specs of ours, one per shape that made public specs' generated tests fail.

Each reproduces a failure class seen by ``scripts/corpus.py`` on public specs:
the package must generate, and pass its own generated tests (which check
the request the client sends and the parsing of the answer).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from package_support import run_own_tests

from generator.cli import main

INTEGER = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "integer"}}}}}


def _spec(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "Shapes", "version": "1"}, "paths": paths, **extra}


def generate_and_test(tmp_path: Path, spec: dict[str, Any]) -> tuple[Path, str]:
    """Generate ``spec``; run the package's own tests. The output folder and the test output."""
    source = tmp_path / "spec.json"
    source.write_text(json.dumps(spec), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["generate", "--spec", str(source), "--out", str(out), "--package", "shapes"])
    assert result.exit_code == 0, result.output
    own = run_own_tests(out)
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=out, capture_output=True, text=True, check=False
    )
    assert lint.returncode == 0, lint.stdout[-3000:]
    return out, own


def mypy_strict(out: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    """``mypy --strict`` on the generated package in ``out`` (and ``paths`` there)."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "shapes", *paths],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_body_named_by_x_codegen_request_body_name(tmp_path: Path) -> None:
    op = {
        "operationId": "search",
        "x-codegen-request-body-name": "payload",
        "requestBody": {
            "content": {"application/json": {"schema": {"type": "object", "properties": {"q": {"type": "string"}}}}}
        },
        "responses": INTEGER,
    }
    out, _ = generate_and_test(tmp_path, _spec({"/search": {"post": op}}))
    module = (out / "shapes" / "api" / "default_api.py").read_text(encoding="utf-8")
    assert "body=payload," in module


@pytest.mark.parametrize(
    "path",
    ["/#X-Amz-Target=Service.DoThing", "/things#name", "/templeton/v1/jobs?op=LISTAFTERID", "/a?x=1&y=#frag"],
)
def test_a_path_carrying_a_query_or_a_fragment(tmp_path: Path, path: str) -> None:
    op = {
        "operationId": "doThing",
        "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
        "responses": INTEGER,
    }
    generate_and_test(tmp_path, _spec({path: {"post": op}}))


def test_date_time_query_values_are_sent_as_the_test_expects(tmp_path: Path) -> None:
    op = {
        "operationId": "since",
        "parameters": [
            {"name": "from", "in": "query", "required": True, "schema": {"type": "string", "format": "date-time"}},
            {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}},
        ],
        "responses": INTEGER,
    }
    out, _ = generate_and_test(tmp_path, _spec({"/since": {"get": op}}))
    assert '("from", "2024-01-02T03:04:05Z")' in (out / "tests" / "test_default_api.py").read_text(encoding="utf-8")


def test_an_operation_that_sets_its_own_user_agent(tmp_path: Path) -> None:
    op = {
        "operationId": "identify",
        "parameters": [{"name": "User-Agent", "in": "header", "schema": {"type": "string"}}],
        "responses": INTEGER,
    }
    generate_and_test(tmp_path, _spec({"/identify": {"get": op}}))


def _body_op(content: dict[str, Any]) -> dict[str, Any]:
    return {"operationId": "send", "requestBody": {"required": True, "content": content}, "responses": INTEGER}


@pytest.mark.parametrize(
    ("content", "annotation", "wire"),
    [
        ({"application/octet-stream": {}}, "body: bytes", 'b"body bytes"'),
        ({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}, "body: bytes", None),
        ({"text/plain": {"schema": {"type": "string"}}}, "body: str", 'b"body text"'),
        (
            {"application/xml": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}},
            "body: str",
            None,
        ),
        (
            {"application/vnd.acme.v1": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}},
            "body: SendRequest",
            None,
        ),
        ({"*/*": {"schema": {"type": "object", "properties": {"a": {"type": "integer"}}}}}, "body: SendRequest", None),
    ],
)
def test_a_request_body_in_any_media_type(tmp_path: Path, content: dict[str, Any], annotation: str, wire: Any) -> None:
    out, _ = generate_and_test(tmp_path, _spec({"/send": {"post": _body_op(content)}}))
    module = (out / "shapes" / "api" / "default_api.py").read_text(encoding="utf-8")
    assert annotation in module
    if wire is not None:
        assert f"assert request.content == {wire}" in (out / "tests" / "test_default_api.py").read_text(
            encoding="utf-8"
        )


def test_a_path_parameter_whose_default_is_empty(tmp_path: Path) -> None:
    op = {
        "operationId": "export",
        "parameters": [
            {"name": "versionId", "in": "path", "required": True, "schema": {"type": "string", "default": ""}},
            {"name": "format", "in": "path", "required": True, "schema": {"type": "string", "default": "oas.json"}},
        ],
        "responses": INTEGER,
    }
    generate_and_test(tmp_path, _spec({"/versions/{versionId}/export/{format}": {"get": op}}))


def test_a_pager_over_named_aliases(tmp_path: Path) -> None:
    # AWS names every string and list: the token and the items are RootModels, an empty token ends the walk.
    op = {
        "operationId": "listThings",
        "parameters": [{"name": "nextToken", "in": "query", "schema": {"type": "string"}}],
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ThingPage"}}},
            }
        },
    }
    schemas = {
        "Token": {"type": "string"},
        "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
        "Things": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}},
        "ThingPage": {
            "type": "object",
            "required": ["items"],
            "properties": {
                "items": {"$ref": "#/components/schemas/Things"},
                "nextToken": {"allOf": [{"$ref": "#/components/schemas/Token"}, {"description": "More."}]},
            },
        },
    }
    out, _ = generate_and_test(tmp_path, _spec({"/things": {"get": op}}, components={"schemas": schemas}))
    assert "def test_iter_things_walks_every_page" in (out / "tests" / "test_default_api.py").read_text(
        encoding="utf-8"
    )


def test_a_binary_string_under_a_json_media_type(tmp_path: Path) -> None:
    binary = {"type": "string", "format": "binary"}
    op = {
        "operationId": "download",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": binary}}}},
    }
    generate_and_test(tmp_path, _spec({"/download": {"get": op}}))


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/Thing"}},
        {"type": "object", "additionalProperties": {"type": "string", "format": "date-time"}},
        {"type": "array", "items": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}},
    ],
)
def test_a_result_holding_parsed_values(tmp_path: Path, schema: dict[str, Any]) -> None:
    op = {
        "operationId": "things",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}},
    }
    things = {"Thing": {"type": "object", "properties": {"id": {"type": "integer"}}}}
    generate_and_test(tmp_path, _spec({"/things": {"get": op}}, components={"schemas": things}))


def test_url_encoded_fields_required_after_optional(tmp_path: Path) -> None:
    form = {
        "type": "object",
        "required": ["last"],
        "properties": {"first": {"type": "string"}, "middle": {"type": "integer"}, "last": {"type": "string"}},
    }
    op = {
        "operationId": "sign",
        "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": form}}},
        "responses": INTEGER,
    }
    generate_and_test(tmp_path, _spec({"/sign": {"post": op}}))


def test_query_values_that_are_objects_lists_of_objects_and_shared_names(tmp_path: Path) -> None:
    thing = {"type": "object", "properties": {"key": {"type": "string"}, "on": {"type": "boolean"}}}
    op = {
        "operationId": "query",
        "parameters": [
            {"name": "first", "in": "query", "schema": {"type": "object", "additionalProperties": True}},
            {"name": "things", "in": "query", "schema": {"type": "array", "items": thing}},
            {"name": "filter", "in": "query", "style": "deepObject", "schema": thing},
            {"name": "pipes", "in": "query", "style": "pipeDelimited", "schema": {"type": "array", "items": thing}},
            {"name": "last", "in": "query", "schema": {"type": "object", "additionalProperties": True}},
            {"name": "flat", "in": "query", "explode": False, "schema": thing},
        ],
        "responses": INTEGER,
    }
    generate_and_test(tmp_path, _spec({"/query": {"get": op}}))


def test_a_body_of_any_media_type(tmp_path: Path) -> None:
    op = {"operationId": "anything", "requestBody": {"content": {"*/*": {}}}, "responses": INTEGER}
    generate_and_test(tmp_path, _spec({"/anything": {"post": op}}))


def _paged(page: dict[str, Any], *params: dict[str, Any]) -> dict[str, Any]:
    return {
        "operationId": "listThings",
        "parameters": list(params),
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}},
    }


def test_a_required_page_parameter_gets_no_pager(tmp_path: Path) -> None:
    page = {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "string"}}}}
    required_page = {"name": "page", "in": "query", "required": True, "schema": {"type": "string"}}
    accept = {"name": "Accept", "in": "header", "required": True, "schema": {"type": "string"}}
    out, _ = generate_and_test(tmp_path, _spec({"/things": {"get": _paged(page, required_page, accept)}}))
    assert "def iter_" not in (out / "shapes" / "api" / "default_api.py").read_text(encoding="utf-8")


def test_a_pager_over_read_only_items(tmp_path: Path) -> None:
    # A response's readOnly properties are what the server sends: the example holds them.
    page = {
        "type": "object",
        "properties": {
            "rows": {"type": "array", "readOnly": True, "items": {"type": "string"}},
            "pageToken": {"type": "string", "readOnly": True},
        },
    }
    token = {"name": "pageToken", "in": "query", "schema": {"type": "string"}}
    out, _ = generate_and_test(tmp_path, _spec({"/things": {"get": _paged(page, token)}}))
    assert "def iter_things" in (out / "shapes" / "api" / "default_api.py").read_text(encoding="utf-8")


def test_one_of_options_that_only_require_properties(tmp_path: Path) -> None:
    mapping = {
        "type": "object",
        "oneOf": [{"required": ["orgID", "bucket"]}, {"required": ["org", "bucket"]}],
        "properties": {"org": {"type": "string"}, "orgID": {"type": "string"}, "bucket": {"type": "string"}},
    }
    op = {
        "operationId": "getMapping",
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Mapping"}}},
            }
        },
    }
    generate_and_test(tmp_path, _spec({"/mapping": {"get": op}}, components={"schemas": {"Mapping": mapping}}))


def test_a_date_parameter_whose_default_is_not_iso_8601(tmp_path: Path) -> None:
    op = {
        "operationId": "report",
        "parameters": [
            {"name": "since", "in": "query", "schema": {"type": "string", "format": "date", "default": "today"}},
            {"name": "at", "in": "query", "schema": {"type": "string", "format": "date-time", "default": "now"}},
        ],
        "responses": INTEGER,
    }
    out, _ = generate_and_test(tmp_path, _spec({"/report": {"get": op}}))
    tests = (out / "tests" / "test_default_api.py").read_text(encoding="utf-8")
    assert 'since="today"' in tests and "from datetime import" not in tests


def _bearer(spec: dict[str, Any], version: str = "3") -> dict[str, Any]:
    if version == "3":
        spec["components"] = {"securitySchemes": {"Token": {"type": "http", "scheme": "bearer"}}}
    else:
        spec["securityDefinitions"] = {"Token": {"type": "apiKey", "in": "header", "name": "Authorization"}}
    spec["security"] = [{"Token": []}]
    return spec


def test_an_authorization_header_parameter_in_openapi_3_is_ignored(tmp_path: Path) -> None:
    op = {
        "operationId": "me",
        "parameters": [{"name": "Authorization", "in": "header", "required": True, "schema": {"type": "string"}}],
        "responses": INTEGER,
    }
    out, _ = generate_and_test(tmp_path, _bearer(_spec({"/me": {"get": op}})))
    assert "authorization" not in (out / "shapes" / "api" / "default_api.py").read_text(encoding="utf-8").lower()


def test_an_authorization_header_parameter_in_swagger_2_is_the_caller_s(tmp_path: Path) -> None:
    op = {
        "operationId": "me",
        "parameters": [{"name": "Authorization", "in": "header", "required": True, "type": "string"}],
        "responses": {"200": {"description": "ok", "schema": {"type": "integer"}}},
    }
    spec = {"swagger": "2.0", "info": {"title": "Shapes", "version": "1"}, "paths": {"/me": {"get": op}}}
    generate_and_test(tmp_path, _bearer(spec, "2"))


def test_items_without_type_array(tmp_path: Path) -> None:
    page = {"type": "object", "properties": {"rows": {"items": {"$ref": "#/components/schemas/Row"}}}}
    row = {"type": "object", "properties": {"id": {"type": "integer"}}}
    op = {
        "operationId": "rows",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}},
    }
    generate_and_test(tmp_path, _spec({"/rows": {"get": op}}, components={"schemas": {"Row": row}}))


def test_a_path_template_with_spaces_and_marks(tmp_path: Path) -> None:
    op = {
        "operationId": "pull",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
        "responses": INTEGER,
    }
    generate_and_test(tmp_path, _spec({"/Your Pull Request/ü/{id}/a|b": {"post": op}}))


def test_items_beside_a_one_of(tmp_path: Path) -> None:
    fields = {"items": {"type": "object"}, "nullable": True, "oneOf": [{"type": "object"}, {"type": "array"}]}
    page = {"type": "object", "required": ["fields"], "properties": {"fields": fields}}
    op = {
        "operationId": "profile",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": page}}}},
    }
    generate_and_test(tmp_path, _spec({"/profile": {"get": op}}))


def test_a_pager_whose_cursor_is_a_number(tmp_path: Path) -> None:
    page = {
        "type": "object",
        "required": ["cursor"],
        "properties": {"items": {"type": "array", "items": {"type": "string"}}, "cursor": {"type": "integer"}},
    }
    cursor = {"name": "cursor", "in": "query", "schema": {"type": "integer"}}
    out, _ = generate_and_test(tmp_path, _spec({"/things": {"get": _paged(page, cursor)}}))
    assert "def iter_things" in (out / "shapes" / "api" / "default_api.py").read_text(encoding="utf-8")


MALFORMED = {
    # A schema whose `type` is itself a schema (codat.io's accounting spec, reached by a
    # $ref into an unvalidated `definitions` block).
    "nested_type": {"type": {"type": "string", "enum": ["A", "B"]}},
    "unknown_type": {"type": "text"},
    "type_list_of_junk": {"type": ["string", 5]},
    "description_number": {"type": "string", "description": 5},
    "title_list": {"type": "object", "title": ["x"], "properties": {"a": {"type": "string"}}},
    "nullable_text": {"type": "string", "nullable": "yes"},
    "format_number": {"type": "string", "format": 3},
    "pattern_number": {"type": "string", "pattern": 5, "minLength": "two"},
    "enum_text": {"type": "string", "enum": "A"},
    "required_text": {"type": "object", "required": "a", "properties": {"a": {"type": "integer"}}},
    "properties_list": {"type": "object", "properties": ["a"]},
    "items_number": {"type": "array", "items": 5},
    "discriminator_number": {"oneOf": [{"type": "string"}, {"type": "integer"}], "discriminator": 5},
    "all_of_text": {"allOf": "x"},
    "read_only_text": {"type": "string", "readOnly": "no"},
    "default_wrong": {"type": "integer", "default": {"a": 1}},
}


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_malformed_schema_keywords_reached_by_reference(tmp_path: Path, version: str) -> None:
    # Schemas under an extension (or, in 3.1, any unknown key) are never checked by
    # the validator, and 3.1's meta-schema does not look inside schemas: a $ref into
    # them brings keyword values of any type. Each is left out with a warning; the
    # package works.
    definitions = {f"d_{key}": value for key, value in MALFORMED.items()}
    holder = {
        "type": "object",
        "properties": {key: {"$ref": f"#/components/schemas/Holder/x-defs/d_{key}"} for key in MALFORMED},
        "x-defs": definitions,
    }
    op = {
        "operationId": "getHolder",
        "responses": {
            "200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Holder"}}},
            }
        },
    }
    spec = {**_spec({"/holder": {"get": op}}), "openapi": version, "components": {"schemas": {"Holder": holder}}}
    out, _ = generate_and_test(tmp_path, spec)
    models = (out / "shapes" / "models.py").read_text(encoding="utf-8")
    assert "class Holder(" in models


FREE_FORM_CHECK = """
import httpx
from shapes import ApiClient, Configuration
from shapes.api.default_api import DefaultApi

seen = []
client = ApiClient(Configuration("http://127.0.0.1"), transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(204)))
DefaultApi(client).{method}(body={{"note": "hello", "scan": ("scan.pdf", b"%PDF-1.4", "application/pdf")}})
request = seen[0]
body = request.read()
print(request.headers["content-type"])
print(body.decode("latin-1"))
"""


@pytest.mark.parametrize(
    ("media", "schema"),
    [
        ("multipart/form-data", {}),
        ("multipart/form-data", {"type": "object", "additionalProperties": True}),
        ("application/x-www-form-urlencoded", {"type": "object"}),
    ],
)
def test_a_form_body_that_declares_no_fields(tmp_path: Path, media: str, schema: dict[str, Any]) -> None:
    # codat.io's attachment uploads: multipart/form-data with `schema: {}`. The body was
    # sent as JSON under a multipart content type; it is a mapping of fields, a file
    # value (bytes, a (name, content, type) tuple, an open file) going as a file part.
    op = {
        "operationId": "upload",
        "requestBody": {"content": {media: {"schema": schema}}},
        "responses": {"204": {"description": "done"}},
    }
    out, _ = generate_and_test(tmp_path, _spec({"/upload": {"post": op}}))
    module = (out / "shapes" / "api" / "default_api.py").read_text(encoding="utf-8")
    assert "form=body," in module
    if media == "multipart/form-data":
        done = subprocess.run(
            [sys.executable, "-c", FREE_FORM_CHECK.format(method="upload")],
            cwd=out,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        content_type, sent = done.stdout.split("\n", 1)
        assert content_type.startswith("multipart/form-data; boundary=")
        assert 'name="note"' in sent and "hello" in sent
        assert 'name="scan"; filename="scan.pdf"' in sent and "%PDF-1.4" in sent and "application/pdf" in sent


def test_one_of_options_beside_the_schema_s_own_required_properties(tmp_path: Path) -> None:
    # snyk.io's issue listing: an object with required properties of its own and a oneOf
    # whose options add theirs. The model puts the object's properties on each option's
    # class; the example must carry both, or the generated test's answer is refused.
    item = {
        "type": "object",
        "properties": {
            "isFixed": {"type": "boolean"},
            "issue": {"type": "object", "properties": {"id": {"type": "string"}}},
        },
        "required": ["isFixed", "issue"],
        "oneOf": [
            {"properties": {"projects": {"type": "array", "items": {}}}, "required": ["projects"]},
            {
                "properties": {
                    "project": {"type": "object", "properties": {"id": {"type": "string"}}, "required": ["id"]}
                },
                "required": ["project"],
            },
        ],
    }
    listing = {"type": "object", "properties": {"results": {"type": "array", "items": item}}}
    op = {
        "operationId": "listIssues",
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": listing}}}},
    }
    generate_and_test(tmp_path, _spec({"/issues": {"get": op}}))


def test_an_annotation_too_long_for_its_line_is_formatted_as_black_does(tmp_path: Path) -> None:
    # googleapis.com's sts spec: `body: <44-letter model> | dict[str, Any] | None = None` does
    # not fit in 88 columns. ruff's formatter splits it at the `|`, black parenthesizes it;
    # black's style is the contract.
    schema = {"type": "object", "properties": {"audience": {"type": "string"}}}
    op = {
        "operationId": "exchange",
        "requestBody": {
            "content": {
                "application/json": {
                    "schema": {"$ref": "#/components/schemas/GoogleIdentityStsV1betaExchangeTokenRequest"}
                }
            }
        },
        "responses": {"204": {"description": "done"}},
    }
    spec = _spec(
        {"/token": {"post": op}}, components={"schemas": {"GoogleIdentityStsV1betaExchangeTokenRequest": schema}}
    )
    out, _ = generate_and_test(tmp_path, spec)
    black = Path(sys.executable).parent / "black"
    done = subprocess.run(
        [str(black), "--check", "--diff", "-q", "-l", "88", "--target-version", "py311", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_a_multipart_field_with_its_own_content_type(tmp_path: Path) -> None:
    # `encoding: {meta: {contentType: application/json}}` makes that part JSON, sent with its
    # media type; the field was sent as form text and its encoding dropped.
    schema = {
        "type": "object",
        "properties": {
            "meta": {
                "type": "object",
                "properties": {"title": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}},
            },
            "file": {"type": "string", "format": "binary"},
        },
    }
    media = {"schema": schema, "encoding": {"meta": {"contentType": "application/json"}}}
    op = {
        "operationId": "upload",
        "requestBody": {"content": {"multipart/form-data": media}},
        "responses": {"204": {"description": "done"}},
    }
    out, _ = generate_and_test(tmp_path, _spec({"/upload": {"post": op}}))
    check = """
import httpx
from shapes import ApiClient, Configuration
from shapes.api.default_api import DefaultApi

seen = []
client = ApiClient(Configuration("http://127.0.0.1"), transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(204)))
DefaultApi(client).upload(meta={"title": "a", "tags": ["x"]}, file=b"%PDF")
print(seen[0].read().decode("latin-1"))
"""
    done = subprocess.run([sys.executable, "-c", check], cwd=out, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    part = done.stdout.split('name="meta"', 1)[1].split("--", 1)[0]
    assert "Content-Type: application/json" in part
    assert '{"title":"a","tags":["x"]}' in part


def test_multipart_field_names_with_a_quote_a_backslash_and_a_newline(tmp_path: Path) -> None:
    # The generated test looked for b'name="<name>"' written by hand: a quote in the name
    # broke the test module's syntax, and what httpx escapes (HTML form encoding) was missed.
    schema = {
        "type": "object",
        "properties": {
            'say "hi"': {"type": "string"},
            "back\\slash": {"type": "string"},
            "two\nlines": {"type": "string", "format": "binary"},
            "plain": {"type": "string"},
        },
    }
    op = {
        "operationId": "upload",
        "requestBody": {"content": {"multipart/form-data": {"schema": schema}}},
        "responses": {"204": {"description": "done"}},
    }
    out, _ = generate_and_test(tmp_path, _spec({"/upload": {"post": op}}))
    generated = (out / "tests" / "test_default_api.py").read_text(encoding="utf-8")
    assert "b'name=\"say %22hi%22\"'" in generated, generated
    assert "b'name=\"two%0Alines\"'" in generated


def test_a_deprecated_parameter_is_said_so_in_the_docstring_and_the_docs(tmp_path: Path) -> None:
    # The build read a parameter's `deprecated` flag and no output used it.
    old = {"name": "fields", "in": "query", "deprecated": True, "schema": {"type": "string"}}
    kind = {"name": "kind", "in": "query", "schema": {"type": "string", "enum": ["a", "b"]}}
    op = {"operationId": "listThings", "parameters": [old, kind], "responses": {"204": {"description": "done"}}}
    out, _ = generate_and_test(tmp_path, _spec({"/things": {"get": op}}))
    module = (out / "shapes" / "api" / "default_api.py").read_text(encoding="utf-8")
    assert module.count("Deprecated: the API may stop accepting it.") == 1  # the async twin refers to it
    docs = (out / "docs" / "DefaultApi.md").read_text(encoding="utf-8")
    assert "**fields** | **str** |  | [optional] [deprecated]" in docs
    assert '**kind** | **Literal["a", "b"]** |' in docs


def test_model_defaults_a_type_checker_accepts(tmp_path: Path) -> None:
    # Public specs give enum fields and date fields string defaults: the models declared
    # `size: Size | None = "m"` and `when: datetime | None = "now"`, which mypy --strict refuses.
    color = {"type": "string", "enum": ["red", "blue"]}
    thing = {
        "type": "object",
        "properties": {
            "shade": {"allOf": [{"$ref": "#/components/schemas/Color"}], "default": "blue"},
            "size": {"type": "string", "enum": ["s", "m"], "default": "m"},
            "when": {"type": "string", "format": "date-time", "default": "2020-01-01T00:00:00Z"},
            "day": {"type": "string", "format": "date", "default": "2020-01-02"},
        },
    }
    op = {
        "operationId": "make",
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": thing}}}},
    }
    out, _ = generate_and_test(
        tmp_path, _spec({"/t": {"post": op}}, components={"schemas": {"Color": color, "Thing": thing}})
    )
    mypy = mypy_strict(out)
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    models = (out / "shapes" / "models.py").read_text(encoding="utf-8")
    assert "shade: Color | None = Color.BLUE" in models


def test_a_dict_body_has_a_typed_dict_twin(tmp_path: Path) -> None:
    # Issue 12, item 2: `body: Dog | dict[str, Any]` let any dict through; the twin declares
    # the wire's keys (one not an identifier), nullability, enums as Literal (a value that is
    # also a model's name stays a value), a date-time as its string, and refers to itself.
    pet = {
        "type": "object",
        "required": ["kind"],
        "properties": {
            "kind": {"type": "string", "enum": ["Pet", "dog"]},
            "first-name": {"type": "string", "nullable": True},
            "born": {"type": "string", "format": "date-time"},
            "friend": {"$ref": "#/components/schemas/Pet"},
        },
    }
    dog = {
        "allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "properties": {"bark": {"type": "boolean"}}}]
    }
    op = {
        "operationId": "adopt",
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Dog"}}},
        },
        "responses": {"204": {"description": "done"}},
    }
    out, _ = generate_and_test(
        tmp_path, _spec({"/dogs": {"post": op}}, components={"schemas": {"Pet": pet, "Dog": dog}})
    )
    caller = out / "caller.py"
    caller.write_text(
        "from shapes import ApiClient, Configuration\n"
        "from shapes.api.default_api import DefaultApi\n\n\n"
        "def right(api: DefaultApi) -> None:\n"
        '    api.adopt({"kind": "dog", "first-name": None, "born": "2020-01-01T00:00:00Z", "friend": {"kind": "Pet"}})\n\n\n'
        "def wrong(api: DefaultApi) -> None:\n"
        '    api.adopt({"kind": "cat"})\n'
        '    api.adopt({"kind": "dog", "first_name": "Rex"})\n',
        encoding="utf-8",
    )
    mypy = mypy_strict(out, "caller.py")
    errors = [line for line in mypy.stdout.splitlines() if ": error:" in line]
    assert [line.split(":")[:2] for line in errors] == [["caller.py", "10"], ["caller.py", "11"]], mypy.stdout
    api_module = (out / "shapes" / "api" / "default_api.py").read_text(encoding="utf-8")
    assert "body: Dog | DogDict," in api_module


def test_a_nullable_body_sends_null_for_none_and_nothing_when_left_out(tmp_path: Path) -> None:
    # Issue 12, item 3: None and "left out" were both no body; where the spec allows a null
    # body, None is JSON null.
    note = {"type": "object", "nullable": True, "properties": {"text": {"type": "string"}}}
    op = {
        "operationId": "setNote",
        "requestBody": {"content": {"application/json": {"schema": note}}},
        "responses": {"204": {"description": "done"}},
    }
    out, _ = generate_and_test(tmp_path, _spec({"/note": {"put": op}}))
    check = """
import httpx
from shapes import ApiClient, Configuration
from shapes.api.default_api import DefaultApi

seen = []
client = ApiClient(Configuration("http://127.0.0.1"), transport=httpx.MockTransport(lambda r: seen.append(r) or httpx.Response(204)))
api = DefaultApi(client)
api.set_note(body=None)
api.set_note()
api.set_note(body={"text": "hi"})
for request in seen:
    print(repr(request.read()), request.headers.get("content-type"))
"""
    done = subprocess.run([sys.executable, "-c", check], cwd=out, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "b'null' application/json",
        "b'' None",
        """b'{"text":"hi"}' application/json""",
    ]


_FIELDS_AT_RUN_TIME = """
import json
from pydantic import BaseModel
from shapes import models

print(json.dumps({
    name: [[key, repr(f.annotation), f.is_required(), repr(f.default), f.alias] for key, f in cls.model_fields.items()]
    for name, cls in sorted(vars(models).items())
    if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == models.__name__
}))
"""


def test_models_whose_fields_clash_with_their_bases_pass_mypy_and_keep_their_fields(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 12, item 6 (corpus: GitHub Enterprise's checks and app manifest): an object with
    # properties and oneOf options became `Item(Option1)` giving `status` the object's enum
    # where the option has its own one-value enum; an allOf of a schema with an optional
    # `client_id` and a part requiring it became a class of two bases that disagree. mypy
    # --strict refused both. Such a class is written out flat, with the fields it had.
    run = {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "description": "The check's name."},
            "status": {"type": "string", "enum": ["queued", "completed"]},
            "conclusion": {"type": "string"},
        },
        "oneOf": [
            {"properties": {"status": {"enum": ["completed"]}}, "required": ["status", "conclusion"]},
            {"properties": {"status": {"enum": ["queued"]}}},
        ],
    }
    schemas = {
        "App": {
            "type": "object",
            "properties": {"client_id": {"type": "string"}, "name": {"type": "string"}},
        },
        "Manifest": {
            "allOf": [
                {"$ref": "#/components/schemas/App"},
                {
                    "type": "object",
                    "additionalProperties": True,
                    "required": ["client_id"],
                    "properties": {"client_id": {"type": "string"}},
                },
            ]
        },
    }
    ops = {
        "/runs": {
            "post": {
                "operationId": "createRun",
                "requestBody": {"required": True, "content": {"application/json": {"schema": run}}},
                "responses": {"204": {"description": "done"}},
            }
        },
        "/manifest": {
            "get": {
                "operationId": "getManifest",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Manifest"}}},
                    }
                },
            }
        },
    }
    spec = _spec(ops, components={"schemas": schemas})
    (tmp_path / "flat").mkdir()
    out, _ = generate_and_test(tmp_path / "flat", spec)
    mypy = mypy_strict(out)
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    models = (out / "shapes" / "models.py").read_text(encoding="utf-8")
    assert "class Manifest(ApiModel):" in models
    assert "class CreateRunRequestItem(ApiModel):" in models

    monkeypatch.setattr("generator.models.flat_classes", lambda *_: {})
    (tmp_path / "inherited").mkdir()
    before, _ = generate_and_test(tmp_path / "inherited", spec)
    inherited = (before / "shapes" / "models.py").read_text(encoding="utf-8")
    assert "class Manifest(App, ManifestPart2):" in inherited
    assert "class CreateRunRequestItem(CreateRunRequestOption1):" in inherited

    def fields(package: Path) -> Any:
        done = subprocess.run(
            [sys.executable, "-c", _FIELDS_AT_RUN_TIME], cwd=package, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert fields(out) == fields(before)
