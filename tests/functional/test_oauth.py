"""Server-to-Server OAuth against a token endpoint on the same loopback server."""

from __future__ import annotations

import asyncio
import base64
import json
import re

import pytest
from werkzeug import Request, Response
from zoom_users import (
    ApiClient,
    ApiException,
    AsyncApiClient,
    AsyncUsersApi,
    BadRequestError,
    Configuration,
    ForbiddenError,
    RateLimitError,
    ServerError,
    ServerToServerOAuth,
    UnauthorizedError,
    UsersApi,
)

ACCOUNT_ID = "acc-123"
CLIENT_ID = "client-abc"
CLIENT_SECRET = "s3cret-value-QWERTY"


class TokenEndpoint:
    """Hands out ``tokens`` in turn (the last one repeats)."""

    def __init__(self, tokens: list[str], status: int = 200) -> None:
        self.tokens = tokens
        self.status = status
        self.seen: list[dict] = []

    def __call__(self, request: Request) -> Response:
        self.seen.append(
            {
                "method": request.method,
                "args": request.args.to_dict(flat=False),
                "authorization": request.headers.get("Authorization"),
                "body": request.get_data(),
            }
        )
        if self.status != 200:
            return Response(
                json.dumps(
                    {
                        "reason": "Invalid client_id or client_secret",
                        "error": "invalid_client",
                    }
                ),
                status=self.status,
                content_type="application/json",
            )
        token = self.tokens[min(len(self.seen) - 1, len(self.tokens) - 1)]
        return Response(
            json.dumps(
                {
                    "access_token": token,
                    "token_type": "bearer",
                    "expires_in": 3600,
                    "scope": "user:read:admin",
                }
            ),
            content_type="application/json",
        )


class Api:
    """/v2/users/<id>: 200 for a bearer in ``good``, else Zoom's 401."""

    def __init__(self, good: set[str]) -> None:
        self.good = good
        self.bearers: list[str | None] = []

    def __call__(self, request: Request) -> Response:
        auth = request.headers.get("Authorization")
        self.bearers.append(auth)
        if auth is not None and auth.removeprefix("Bearer ") in self.good:
            user_id = request.path.rsplit("/", 1)[-1]
            return Response(json.dumps({"id": user_id}), content_type="application/json")
        return Response(
            json.dumps({"code": 124, "message": "Invalid access token."}),
            status=401,
            content_type="application/json",
        )


@pytest.fixture
def oauth(origin: str) -> ServerToServerOAuth:
    return ServerToServerOAuth(ACCOUNT_ID, CLIENT_ID, CLIENT_SECRET, token_url=f"{origin}/oauth/token")


def install(server, tokens: list[str], good: set[str], status: int = 200):
    endpoint = TokenEndpoint(tokens, status)
    api = Api(good)
    server.expect_request("/oauth/token").respond_with_handler(endpoint)
    server.expect_request(re.compile(r"^/v2/users/[^/]+$")).respond_with_handler(api)
    return endpoint, api


def check_token_request(seen: dict) -> None:
    assert seen["method"] == "POST"
    assert seen["args"] == {
        "grant_type": ["account_credentials"],
        "account_id": [ACCOUNT_ID],
    }
    expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    assert seen["authorization"] == f"Basic {expected}"


def test_token_is_refreshed_once_on_401(server, host, oauth):
    endpoint, api = install(server, ["t1", "t2"], good={"t2"})
    config = Configuration(host, token_provider=oauth, backoff_factor=0.01)
    with ApiClient(config) as client:
        users = UsersApi(client)
        assert users.user("me").id == "me"
        assert len(endpoint.seen) == 2
        assert api.bearers == ["Bearer t1", "Bearer t2"]
        for seen in endpoint.seen:
            check_token_request(seen)

        # The renewed token is cached: no new token request.
        assert users.user("u2").id == "u2"
    assert len(endpoint.seen) == 2
    assert api.bearers == ["Bearer t1", "Bearer t2", "Bearer t2"]
    assert len([r for r, _ in server.log if r.path == "/oauth/token"]) == 2


def test_token_is_cached_across_calls(server, host, oauth):
    endpoint, api = install(server, ["t1"], good={"t1"})
    with ApiClient(Configuration(host, token_provider=oauth)) as client:
        users = UsersApi(client)
        for i in range(3):
            assert users.user(f"u{i}").id == f"u{i}"
    assert len(endpoint.seen) == 1
    check_token_request(endpoint.seen[0])
    assert api.bearers == ["Bearer t1"] * 3


def test_a_token_refused_twice_reaches_the_caller(server, host, oauth):
    endpoint, api = install(server, ["t1", "t2", "t3"], good=set())
    config = Configuration(host, token_provider=oauth, retries=2, backoff_factor=0.01)
    with ApiClient(config) as client, pytest.raises(UnauthorizedError) as caught:
        UsersApi(client).user("me")
    assert len(endpoint.seen) == 2
    assert api.bearers == ["Bearer t1", "Bearer t2"]
    assert caught.value.code == 124
    for shown in (str(caught.value), repr(caught.value)):
        assert CLIENT_SECRET not in shown
        assert "t2" not in shown.replace("Invalid access token.", "")


def test_token_endpoint_refusal_raises_without_leaking_the_secret(server, host, oauth):
    endpoint, api = install(server, ["t1"], good={"t1"}, status=400)
    config = Configuration(host, token_provider=oauth, backoff_factor=0.01)
    with ApiClient(config) as client, pytest.raises(UnauthorizedError) as caught:
        UsersApi(client).user("me")
    assert len(endpoint.seen) == 1
    assert api.bearers == []
    assert caught.value.status == 400
    assert "/oauth/token" in caught.value.url and "?" not in caught.value.url
    assert ACCOUNT_ID not in caught.value.url
    for shown in (str(caught.value), repr(caught.value)):
        assert CLIENT_SECRET not in shown
        assert base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode() not in shown


def test_secret_never_in_repr(oauth, host):
    assert CLIENT_SECRET not in repr(oauth)
    assert CLIENT_SECRET not in str(oauth)
    assert "client_secret=***" in repr(oauth)
    config = Configuration(host, token_provider=oauth)
    assert CLIENT_SECRET not in repr(config)
    with ApiClient(config) as client:
        assert CLIENT_SECRET not in repr(client.token_provider)
        assert CLIENT_SECRET not in repr(vars(client.configuration).get("token_provider"))


def test_async_token_is_refreshed_once_on_401(server, host, oauth):
    endpoint, api = install(server, ["t1", "t2"], good={"t2"})

    async def main() -> list[str | None]:
        config = Configuration(host, token_provider=oauth, backoff_factor=0.01)
        async with AsyncApiClient(config) as client:
            users = AsyncUsersApi(client)
            first = await users.user("me")
            second = await users.user("u2")
            return [first.id, second.id]

    assert asyncio.run(main()) == ["me", "u2"]
    assert len(endpoint.seen) == 2
    for seen in endpoint.seen:
        check_token_request(seen)
    assert api.bearers == ["Bearer t1", "Bearer t2", "Bearer t2"]


def test_async_concurrent_first_calls_fetch_one_token(server, host, oauth):
    """The token is "cached until it expires", "one fetch at a time": ten
    concurrent first calls on an async client need one token, not ten."""
    endpoint, api = install(server, ["t1", "t2", "t3"], good={"t1", "t2", "t3"})

    async def main() -> list[str | None]:
        async with AsyncApiClient(Configuration(host, token_provider=oauth)) as client:
            users = AsyncUsersApi(client)
            results = await asyncio.gather(*(users.user(f"u{i}") for i in range(10)))
            return [user.id for user in results]

    assert asyncio.run(main()) == [f"u{i}" for i in range(10)]
    assert len(api.bearers) == 10
    assert len(endpoint.seen) == 1, f"{len(endpoint.seen)} token requests for one token"


@pytest.mark.parametrize(
    ("status", "payload", "expected"),
    [
        (503, {"error": "temporarily_unavailable"}, ServerError),
        (500, None, ServerError),
        (429, {"error": "rate_limited"}, RateLimitError),
        (400, {"error": "invalid_request", "reason": "account_id is missing"}, BadRequestError),
        (403, {"error": "access_denied"}, ForbiddenError),
    ],
)
def test_token_endpoint_failure_that_is_no_refusal_raises_its_own_error(server, host, oauth, status, payload, expected):
    """A token endpoint that fails (or rejects the request itself) did not refuse the
    credentials: the caller gets the failure's own error, not UnauthorizedError."""
    body = json.dumps(payload) if payload is not None else "upstream failed"
    server.expect_request("/oauth/token").respond_with_data(body, status=status, content_type="application/json")
    config = Configuration(host, token_provider=oauth, retries=0)
    with ApiClient(config) as client, pytest.raises(ApiException) as caught:
        UsersApi(client).user("me")
    assert type(caught.value) is expected
    assert caught.value.status == status
    assert "/oauth/token" in caught.value.url and "?" not in caught.value.url
    assert CLIENT_SECRET not in str(caught.value)


@pytest.mark.parametrize(
    ("status", "error"), [(400, "invalid_client"), (400, "invalid_grant"), (401, "invalid_client"), (401, None)]
)
def test_token_endpoint_refusing_the_credentials_is_unauthorized(server, host, oauth, status, error):
    payload = {"error": error} if error is not None else {}
    server.expect_request("/oauth/token").respond_with_json(payload, status=status)
    config = Configuration(host, token_provider=oauth, retries=0)
    with ApiClient(config) as client, pytest.raises(UnauthorizedError) as caught:
        UsersApi(client).user("me")
    assert caught.value.status == status


def test_async_token_endpoint_5xx_is_a_server_error(server, host, oauth):
    server.expect_request("/oauth/token").respond_with_json({"error": "server_error"}, status=502)

    async def main() -> None:
        async with AsyncApiClient(Configuration(host, token_provider=oauth, retries=0)) as client:
            await AsyncUsersApi(client).user("me")

    with pytest.raises(ServerError) as caught:
        asyncio.run(main())
    assert caught.value.status == 502
