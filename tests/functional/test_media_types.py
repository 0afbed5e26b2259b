"""Response media types, bodiless answers and multipart without files, end to end.

A small spec (written here) generates a package, which must pass its own tests,
ruff and ``mypy --strict``; then its methods are called over
``httpx.MockTransport`` (responses) and against the loopback server
(multipart, parsed by werkzeug).

The typing rules under test (see ``media_kind`` in generator/build/media.py):

* ``application/json``, ``+json``, ``text/json`` and ``*/*``: parsed as JSON
  into the schema's type;
* ``text/*`` and XML (``application/xml``, ``+xml``): an object or array schema
  is returned as the text (``str``); a primitive one is parsed from the text;
* any other type (``application/vnd.github.v3``): an object or array schema
  describes a JSON body, parsed as JSON; a string schema gives the bytes;
* 204, 205 and 304 never carry a body (content listed under them is ignored),
  nor does a HEAD response.
"""

from __future__ import annotations

import importlib
import inspect
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from werkzeug import Response

from generator.config import Options
from generator.pipeline import generate
from generator.write import write_tree

SPEC = """
openapi: 3.0.3
info: {title: Media, version: "1"}
servers: [{url: https://api.example.test}]
paths:
  /any:
    get:
      operationId: getAny
      responses:
        "200":
          description: anything, JSON in practice
          content:
            "*/*":
              schema: {$ref: "#/components/schemas/Thing"}
  /xml:
    get:
      operationId: getXml
      responses:
        "200":
          description: an XML document
          content:
            application/xml:
              schema: {$ref: "#/components/schemas/Thing"}
  /vendor:
    get:
      operationId: getVendor
      responses:
        "200":
          description: a vendor type without +json
          content:
            application/vnd.github.v3:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Thing"}
  /vendor-json:
    get:
      operationId: getVendorJson
      responses:
        "200":
          description: a vendor JSON type
          content:
            application/vnd.example.v2+json:
              schema: {$ref: "#/components/schemas/Thing"}
  /text:
    get:
      operationId: getText
      responses:
        "200":
          description: text, though the schema is an object
          content:
            text/plain:
              schema: {$ref: "#/components/schemas/Thing"}
  /count:
    get:
      operationId: getCount
      responses:
        "200":
          description: a number as text
          content:
            text/plain:
              schema: {type: integer}
  /gone:
    delete:
      operationId: deleteThing
      responses:
        "204":
          description: deleted (the spec wrongly lists a body)
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /maybe:
    put:
      operationId: putMaybe
      responses:
        "200":
          description: the thing
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
        "205":
          description: reset
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /cached:
    get:
      operationId: getCached
      parameters:
        - {name: If-None-Match, in: header, schema: {type: string}}
      responses:
        "200":
          description: the thing
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
        "304":
          description: not modified since the ETag given
  /head:
    head:
      operationId: headThing
      responses:
        "200":
          description: headers only
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /form:
    post:
      operationId: postForm
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [name]
              properties:
                name: {type: string}
                size: {type: integer}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
  /optional-form:
    post:
      operationId: postOptionalForm
      requestBody:
        content:
          multipart/form-data:
            schema:
              type: object
              properties:
                note: {type: string}
      responses:
        "204":
          description: stored
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        name: {type: string}
"""

THING = {"id": 7, "name": "seven"}


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("media")
    spec = folder / "media.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    out = folder / "media_client"
    write_tree(out, generate(spec, "media_client", Options()).files)
    return out


@pytest.fixture(scope="module")
def media(package: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(package))
    try:
        yield importlib.import_module("media_client")
    finally:
        sys.path.remove(str(package))


def make_api(media: ModuleType, answer: Callable[[httpx.Request], httpx.Response]) -> Any:
    client = media.ApiClient(media.Configuration("https://api.example.test"), transport=httpx.MockTransport(answer))
    return media.DefaultApi(client)


def answering(status: int, content: bytes = b"", content_type: str | None = None) -> Callable[..., httpx.Response]:
    headers = {"content-type": content_type} if content_type else {}
    return lambda request: httpx.Response(status, content=content, headers=headers)


def returns(media: ModuleType, method: str) -> str:
    return str(inspect.signature(getattr(media.DefaultApi, method)).return_annotation)


# ------------------------------------------------------------ the package


def test_generated_tests_pass(package: Path) -> None:
    done = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], package)
    assert done.returncode == 0, done.stdout + done.stderr


def test_package_passes_ruff_and_mypy_strict(package: Path) -> None:
    ruff = run([str(Path(sys.executable).parent / "ruff"), "check", "--no-cache", "."], package)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    mypy = run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "media_client"], package)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr


# -------------------------------------------------------- response typing


def test_return_types_follow_the_media_type(media: ModuleType) -> None:
    assert returns(media, "get_any") == "Thing"
    assert returns(media, "get_vendor_json") == "Thing"
    assert returns(media, "get_vendor") == "list[Thing]"
    assert returns(media, "get_xml") == "str"
    assert returns(media, "get_text") == "str"
    assert returns(media, "get_count") == "int"


def test_any_media_type_is_parsed_as_json(media: ModuleType) -> None:
    for content_type in ("application/json", "*/*", None):
        api = make_api(media, answering(200, json.dumps(THING).encode(), content_type))
        assert api.get_any() == media.models.Thing(**THING)


def test_vendor_types_are_parsed_as_json(media: ModuleType) -> None:
    api = make_api(media, answering(200, json.dumps([THING]).encode(), "application/vnd.github.v3"))
    assert api.get_vendor() == [media.models.Thing(**THING)]
    api = make_api(media, answering(200, json.dumps(THING).encode(), "application/vnd.example.v2+json"))
    assert api.get_vendor_json() == media.models.Thing(**THING)


def test_a_vendor_body_that_is_not_json_is_refused(media: ModuleType) -> None:
    api = make_api(media, answering(200, b"<thing/>", "application/vnd.github.v3"))
    with pytest.raises(media.ApiResponseError, match="does not match the declared type"):
        api.get_vendor()


def test_xml_and_text_bodies_come_back_as_text(media: ModuleType) -> None:
    xml = "<thing><id>7</id><name>s\u00e9ven</name></thing>"
    api = make_api(media, answering(200, xml.encode(), "application/xml; charset=utf-8"))
    assert api.get_xml() == xml
    api = make_api(media, answering(200, b"id=7", "text/plain"))
    assert api.get_text() == "id=7"
    api = make_api(media, answering(200, b"42\n", "text/plain"))
    assert api.get_count() == 42


# ------------------------------------------------------------- no bodies


def test_a_204_with_content_in_the_spec_returns_none(media: ModuleType) -> None:
    assert returns(media, "delete_thing") == "None"
    # A body sent with a 204 anyway is not read.
    api = make_api(media, answering(204, json.dumps(THING).encode(), "application/json"))
    assert api.delete_thing() is None
    api = make_api(media, answering(204))
    assert api.delete_thing() is None


def test_a_205_beside_a_200_makes_the_result_optional(media: ModuleType) -> None:
    assert returns(media, "put_maybe") == "Thing | None"
    api = make_api(media, answering(200, json.dumps(THING).encode(), "application/json"))
    assert api.put_maybe() == media.models.Thing(**THING)
    api = make_api(media, answering(205, json.dumps(THING).encode(), "application/json"))
    assert api.put_maybe() is None


def test_an_unexpected_bodiless_status_is_an_error_where_data_is_promised(media: ModuleType) -> None:
    api = make_api(media, answering(204, json.dumps(THING).encode(), "application/json"))
    with pytest.raises(media.ApiResponseError, match="204"):
        api.get_any()


def test_a_304_in_the_spec_makes_the_result_optional(media: ModuleType) -> None:
    assert returns(media, "get_cached") == "Thing | None"
    api = make_api(media, answering(304, b"ignored", "application/json"))
    assert api.get_cached(if_none_match='"v1"') is None
    api = make_api(media, answering(200, json.dumps(THING).encode(), "application/json"))
    assert api.get_cached(if_none_match='"v1"') == media.models.Thing(**THING)


def test_a_304_where_data_is_promised_stays_a_status_error(media: ModuleType) -> None:
    api = make_api(media, answering(304))
    with pytest.raises(media.ApiException) as caught:
        api.get_any()
    assert caught.value.status == 304


def test_head_never_expects_a_body(media: ModuleType) -> None:
    assert returns(media, "head_thing") == "None"
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers={"content-type": "application/json", "content-length": "24"})

    assert make_api(media, answer).head_thing() is None
    assert [r.method for r in seen] == ["HEAD"]


def test_async_client_agrees(media: ModuleType) -> None:
    import asyncio

    async def go() -> tuple[Any, Any]:
        transport = httpx.MockTransport(answering(200, json.dumps([THING]).encode(), "application/vnd.github.v3"))
        async with media.AsyncApiClient(media.Configuration("https://api.example.test"), transport=transport) as client:
            vendor = await media.AsyncDefaultApi(client).get_vendor()
        transport = httpx.MockTransport(answering(204, b"{}", "application/json"))
        async with media.AsyncApiClient(media.Configuration("https://api.example.test"), transport=transport) as client:
            gone = await media.AsyncDefaultApi(client).delete_thing()
        return vendor, gone

    vendor, gone = asyncio.run(go())
    assert vendor == [media.models.Thing(**THING)]
    assert gone is None


# ------------------------------------------------- multipart without files


def multipart_inspector(request: Any) -> dict[str, Any]:
    return {
        "mimetype": request.mimetype,
        "content_type_header": request.headers.get("Content-Type"),
        "form": request.form.to_dict(flat=False),
        "files": list(request.files),
    }


@pytest.fixture
def form_server(server: Any, recorder: Any) -> Any:
    """The loopback server, answering as a strict multipart endpoint would."""

    def answer(request: Any) -> Response:
        if request.mimetype != "multipart/form-data":
            return Response(b"", status=415)
        if request.path.endswith("/optional-form"):
            return Response(b"", status=204)
        return Response(json.dumps(THING), status=201, content_type="application/json")

    handler = recorder([answer], inspect=multipart_inspector)
    server.expect_request("/v1/form", method="POST").respond_with_handler(handler)
    server.expect_request("/v1/optional-form", method="POST").respond_with_handler(handler)
    return handler


def test_multipart_without_a_file_is_sent_as_multipart(media: ModuleType, origin: str, form_server: Any) -> None:
    with media.ApiClient(media.Configuration(origin + "/v1")) as client:
        result = media.DefaultApi(client).post_form("caf\u00e9 & co", size=3)
    assert result == media.models.Thing(**THING)
    (seen,) = form_server.seen
    assert seen["mimetype"] == "multipart/form-data"
    assert "boundary=" in seen["content_type_header"]
    assert seen["form"] == {"name": ["caf\u00e9 & co"], "size": ["3"]}
    assert seen["files"] == []


def test_multipart_with_no_field_at_all_is_still_multipart(media: ModuleType, origin: str, form_server: Any) -> None:
    async def go() -> Any:
        async with media.AsyncApiClient(media.Configuration(origin + "/v1")) as client:
            return await media.AsyncDefaultApi(client).post_optional_form()

    import asyncio

    assert asyncio.run(go()) is None
    (seen,) = form_server.seen
    assert seen["mimetype"] == "multipart/form-data"
    assert "boundary=" in seen["content_type_header"]
    assert seen["form"] == {}
