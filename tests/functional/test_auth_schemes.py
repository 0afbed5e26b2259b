"""Credentials come from the spec's security schemes, for every kind, over a real loopback server.

One spec of ours declares every kind of scheme (API keys in a header, the
query string and a cookie; HTTP basic, digest and bearer; OAuth 2 client
credentials; OpenID Connect), operations that need two schemes together, that
offer alternatives, that need none (``security: []``) and that make one
optional (``{}``). The generated package must send exactly the credential each
operation's scheme calls for, wherever it goes; warn, naming what to set, when
none is configured; pass its own generated tests; and document the schemes
its spec uses, with nothing of another vendor's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner
from package_support import run_own_tests
from werkzeug import Request, Response

from generator.cli import main

PACKAGE = "keyed_client"
OK = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "integer"}}}}}


def _op(operation_id: str, security: Any = None) -> dict[str, Any]:
    op: dict[str, Any] = {"operationId": operation_id, "tags": ["Things"], "responses": OK}
    if security is not None:
        op["security"] = security
    return op


def keyed_spec() -> dict[str, Any]:
    ops = {
        "/header": _op("headerKey"),  # the spec's default: the header key
        "/query": _op("queryKey", [{"QueryKey": []}]),
        "/cookie": _op("cookieKey", [{"CookieKey": []}]),
        "/basic": _op("basicAuth", [{"Basic": []}]),
        "/digest": _op("digestAuth", [{"Digest": []}]),
        "/bearer": _op("bearerAuth", [{"Bearer": []}]),
        "/oauth": _op("oauthAuth", [{"OAuth": ["things:read"]}]),
        "/oidc": _op("oidcAuth", [{"Oidc": []}]),
        "/both": _op("bothKeys", [{"AppId": [], "QueryKey": []}]),
        "/either": _op("eitherWay", [{"CookieKey": []}, {"Bearer": []}]),
        "/public": _op("publicThing", []),
        "/optional": _op("optionalKey", [{}, {"HeaderKey": []}]),
        # Both fill Authorization (the spec's own conflict): the last one applied is sent.
        "/clash": _op("clashing", [{"Basic": [], "TokenKey": []}]),
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Keyed", "version": "1"},
        "servers": [{"url": "https://keyed.example.test/v1"}],
        "security": [{"HeaderKey": []}],
        "paths": {path: {"get": op} for path, op in ops.items()},
        "components": {
            "securitySchemes": {
                "HeaderKey": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
                "QueryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
                "CookieKey": {"type": "apiKey", "in": "cookie", "name": "session"},
                "AppId": {"type": "apiKey", "in": "header", "name": "X-App-Id"},
                "TokenKey": {"type": "apiKey", "in": "header", "name": "Authorization"},
                "Basic": {"type": "http", "scheme": "basic"},
                "Digest": {"type": "http", "scheme": "digest"},
                "Bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
                "OAuth": {
                    "type": "oauth2",
                    "flows": {
                        "clientCredentials": {
                            "tokenUrl": "https://keyed.example.test/oauth/token",
                            "scopes": {"things:read": "Read things"},
                        }
                    },
                },
                "Oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://keyed.example.test/.well-known"},
            }
        },
    }


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("keyed")
    spec = root / "keyed.json"
    spec.write_text(json.dumps(keyed_spec()), encoding="utf-8")
    out = root / "out"
    result = CliRunner().invoke(main, ["generate", "--spec", str(spec), "--out", str(out), "--package", PACKAGE])
    assert result.exit_code == 0, result.output
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]


@pytest.fixture
def keyed(generated: Path) -> ModuleType:
    import keyed_client

    return keyed_client


def _sent(keyed: ModuleType, recorder: Any, server: Any, host: str, call: str, **config: Any) -> dict[str, Any]:
    """Call ``call`` with a client configured by ``config``; what reached the server."""
    record = recorder([Response("1", content_type="application/json")])
    server.expect_request(f"/v2/{call_path(call)}").respond_with_handler(record)
    with keyed.ApiClient(keyed.Configuration(host, **config)) as client:
        assert getattr(keyed.ThingsApi(client), call)() == 1
    assert record.count == 1
    return record.seen[0]


def call_path(call: str) -> str:
    return {
        "header_key": "header",
        "query_key": "query",
        "cookie_key": "cookie",
        "basic_auth": "basic",
        "bearer_auth": "bearer",
        "oauth_auth": "oauth",
        "oidc_auth": "oidc",
        "both_keys": "both",
        "either_way": "either",
        "public_thing": "public",
        "optional_key": "optional",
    }[call]


EVERYTHING = {"access_token": "tok-123456", "api_key": "key-123456", "username": "ann", "password": "pw-123456"}


def _credentials(seen: dict[str, Any]) -> dict[str, Any]:
    headers = {k.lower(): v for k, v in seen["headers"].items()}
    return {
        "authorization": headers.get("authorization"),
        "x-api-key": headers.get("x-api-key"),
        "x-app-id": headers.get("x-app-id"),
        "cookie": headers.get("cookie"),
        "query": seen["args"],
    }


NONE = {"authorization": None, "x-api-key": None, "x-app-id": None, "cookie": None, "query": {}}


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ("header_key", {"x-api-key": "key-123456"}),
        ("query_key", {"query": {"api_key": ["key-123456"]}}),
        ("cookie_key", {"cookie": "session=key-123456"}),
        ("basic_auth", {"authorization": "Basic " + base64.b64encode(b"ann:pw-123456").decode()}),
        ("bearer_auth", {"authorization": "Bearer tok-123456"}),
        ("oauth_auth", {"authorization": "Bearer tok-123456"}),
        ("oidc_auth", {"authorization": "Bearer tok-123456"}),
        ("both_keys", {"x-app-id": "key-123456", "query": {"api_key": ["key-123456"]}}),
        ("either_way", {"cookie": "session=key-123456"}),  # the first alternative, when both are configured
        ("public_thing", {}),  # security: [] sends nothing, whatever is configured
        ("optional_key", {"x-api-key": "key-123456"}),
    ],
)
def test_each_operation_sends_what_its_scheme_calls_for(
    keyed: ModuleType, recorder: Any, server: Any, host: str, call: str, expected: dict[str, Any]
) -> None:
    assert _credentials(_sent(keyed, recorder, server, host, call, **EVERYTHING)) == {**NONE, **expected}


def test_an_alternative_is_taken_when_the_first_is_not_configured(
    keyed: ModuleType, recorder: Any, server: Any, host: str
) -> None:
    seen = _sent(keyed, recorder, server, host, "either_way", access_token="tok-123456")
    assert _credentials(seen) == {**NONE, "authorization": "Bearer tok-123456"}


def test_api_keys_are_configured_by_scheme_name(keyed: ModuleType, recorder: Any, server: Any, host: str) -> None:
    keys = {"AppId": "app-123456", "QueryKey": "query-123456"}
    seen = _sent(keyed, recorder, server, host, "both_keys", api_key=keys)
    assert _credentials(seen) == {**NONE, "x-app-id": "app-123456", "query": {"api_key": ["query-123456"]}}


def test_optional_credentials_are_left_out_silently(
    keyed: ModuleType, recorder: Any, server: Any, host: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=PACKAGE):
        assert _credentials(_sent(keyed, recorder, server, host, "optional_key")) == NONE
    assert not caplog.records


def test_a_missing_credential_is_named_in_a_warning(
    keyed: ModuleType, recorder: Any, server: Any, host: str, caplog: pytest.LogCaptureFixture
) -> None:
    # The token is no use to an API-key operation: it must not be sent, and the log says what is missing.
    with caplog.at_level(logging.WARNING, logger=PACKAGE):
        seen = _sent(keyed, recorder, server, host, "header_key", access_token="tok-123456")
    assert _credentials(seen) == NONE
    (record,) = caplog.records
    assert "GET /header" in record.getMessage() and "api_key={'HeaderKey': ...}" in record.getMessage()
    assert "'X-Api-Key'" in record.getMessage() and "tok-123456" not in record.getMessage()


def test_a_header_the_caller_sets_counts_as_the_credential(
    keyed: ModuleType, recorder: Any, server: Any, host: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=PACKAGE):
        seen = _sent(keyed, recorder, server, host, "header_key", headers={"X-Api-Key": "mine-123456"})
    assert _credentials(seen) == {**NONE, "x-api-key": "mine-123456"}
    assert not caplog.records


def test_digest_answers_the_servers_challenge(keyed: ModuleType, recorder: Any, server: Any, host: str) -> None:
    realm, nonce = "things", "abc123"

    def challenge_then_accept(request: Request) -> Response:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Digest "):
            challenge = f'Digest realm="{realm}", nonce="{nonce}", qop="auth", algorithm=MD5'
            return Response("", status=401, headers={"WWW-Authenticate": challenge})
        fields = dict(part.strip().split("=", 1) for part in header[len("Digest ") :].split(","))
        fields = {k: v.strip('"') for k, v in fields.items()}
        ha1 = hashlib.md5(f"ann:{realm}:pw-123456".encode()).hexdigest()
        ha2 = hashlib.md5(f"GET:{fields['uri']}".encode()).hexdigest()
        expected = hashlib.md5(
            f"{ha1}:{nonce}:{fields['nc']}:{fields['cnonce']}:{fields['qop']}:{ha2}".encode()
        ).hexdigest()
        ok = fields["response"] == expected and fields["username"] == "ann"
        return Response("1" if ok else "", status=200 if ok else 403, content_type="application/json")

    record = recorder([challenge_then_accept])
    server.expect_request("/v2/digest").respond_with_handler(record)
    with keyed.ApiClient(keyed.Configuration(host, username="ann", password="pw-123456")) as client:
        assert keyed.ThingsApi(client).digest_auth() == 1
    assert record.count == 2


def test_the_generated_package_passes_its_own_tests(generated: Path) -> None:
    run_own_tests(generated)
    test_module = (generated / "tests" / "test_things_api.py").read_text(encoding="utf-8")
    assert 'assert request.headers["x-api-key"] == "test-key"' in test_module
    assert '"session=test-key" in request.headers["cookie"]' in test_module
    assert '("api_key", "test-key")' in test_module


def test_the_readme_shows_the_spec_s_schemes_and_no_other_vendor_s(generated: Path) -> None:
    readme = (generated / "README.md").read_text(encoding="utf-8")
    assert "Configuration(api_key={'HeaderKey': \"YOUR_API_KEY\"})" in readme
    assert "sent as the 'X-Api-Key' header" in readme
    assert "ClientCredentialsAuth('https://keyed.example.test/oauth/token'" in readme
    assert 'username="USERNAME", password="PASSWORD"' in readme
    assert "Zoom" not in readme and "ServerToServerOAuth" not in readme
    assert not (generated / PACKAGE / "zoom_oauth.py").exists()
    docs = (generated / "docs" / "ThingsApi.md").read_text(encoding="utf-8")
    assert "CookieKey (API key in cookie session) or Bearer (HTTP bearer token)" in docs
