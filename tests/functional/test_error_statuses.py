"""Each error status becomes its exception class, with Zoom's error body parsed."""

from __future__ import annotations

import pytest
from werkzeug import Response
from zoom_users import (
    ApiClient,
    ApiError,
    ApiException,
    ApiResponseError,
    BadRequestError,
    Configuration,
    ConflictError,
    ForbiddenError,
    NotFoundError,
    RateLimitError,
    ServerError,
    UnauthorizedError,
    UsersApi,
)

TOKEN = "static-secret-token-XYZ"
ZOOM_ERROR = {"code": 1001, "message": "User does not exist"}


@pytest.mark.parametrize(
    ("status", "error_class", "reason"),
    [
        (400, BadRequestError, "BAD REQUEST"),
        (401, UnauthorizedError, "UNAUTHORIZED"),
        (403, ForbiddenError, "FORBIDDEN"),
        (404, NotFoundError, "NOT FOUND"),
        (409, ConflictError, "CONFLICT"),
        (429, RateLimitError, "TOO MANY REQUESTS"),
        (500, ServerError, "INTERNAL SERVER ERROR"),
        (502, ServerError, "BAD GATEWAY"),
        (503, ServerError, "SERVICE UNAVAILABLE"),
        (418, ApiException, "I'M A TEAPOT"),
    ],
)
def test_status_maps_to_its_exception(server, host, recorder, reply, status, error_class, reason):
    handler = recorder([reply(ZOOM_ERROR, status, {"X-Zm-Trackingid": "track-1"})])
    server.expect_request("/v2/users/nobody", method="GET").respond_with_handler(handler)
    config = Configuration(host, access_token=TOKEN, retries=0)
    with ApiClient(config) as client, pytest.raises(ApiException) as caught:
        UsersApi(client).user("nobody", login_type="100")
    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, ApiError)
    assert handler.count == 1
    assert handler.seen[0]["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert handler.seen[0]["args"] == {"login_type": ["100"]}
    assert error.status == status
    assert error.reason.upper() == reason
    assert error.code == 1001
    assert error.message == "User does not exist"
    assert error.body == ZOOM_ERROR
    assert error.method == "GET"
    assert error.url == f"{host}/users/nobody"
    assert "?" not in error.url and "login_type" not in error.url
    assert error.headers.get("x-zm-trackingid", error.headers.get("X-Zm-Trackingid")) == "track-1"
    text = str(error)
    assert str(status) in text
    assert "1001" in text and "User does not exist" in text
    assert "login_type" not in text
    for shown in (str(error), repr(error), repr(config), repr(client.configuration)):
        assert TOKEN not in shown


def test_401_with_a_static_token_is_not_retried(server, host, recorder, reply):
    handler = recorder(
        [
            reply({"code": 124, "message": "Invalid access token."}, 401),
            reply({"id": "me"}),
        ]
    )
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    config = Configuration(host, access_token=TOKEN, retries=2, backoff_factor=0.01)
    with ApiClient(config) as client, pytest.raises(UnauthorizedError) as caught:
        UsersApi(client).user("me")
    assert handler.count == 1
    assert caught.value.code == 124
    assert caught.value.message == "Invalid access token."
    assert TOKEN not in str(caught.value) and TOKEN not in repr(caught.value)


def test_401_with_a_token_callable_is_not_retried(server, host, recorder, reply):
    handler = recorder([reply({"code": 124, "message": "Invalid access token."}, 401)])
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    calls: list[int] = []

    def current_token() -> str:
        calls.append(1)
        return TOKEN

    config = Configuration(host, token_provider=current_token, retries=2, backoff_factor=0.01)
    with ApiClient(config) as client, pytest.raises(UnauthorizedError):
        UsersApi(client).user("me")
    assert handler.count == 1
    assert handler.seen[0]["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in repr(config)


def test_configuration_repr_hides_the_token(host):
    config = Configuration(host, access_token=TOKEN)
    assert TOKEN not in repr(config)
    assert "access_token=***" in repr(config)
    assert host in repr(config)


def test_error_body_that_is_not_json(server, host):
    server.expect_request("/v2/users/me").respond_with_response(
        Response("<html>Bad gateway</html>", status=502, content_type="text/html")
    )
    with (
        ApiClient(Configuration(host, access_token=TOKEN, retries=0)) as client,
        pytest.raises(ServerError) as caught,
    ):
        UsersApi(client).user("me")
    assert caught.value.status == 502
    assert caught.value.body == "<html>Bad gateway</html>"
    assert caught.value.code is None and caught.value.message is None


def test_error_without_body(server, host):
    server.expect_request("/v2/users/me").respond_with_response(Response(b"", status=404))
    with (
        ApiClient(Configuration(host, access_token=TOKEN, retries=0)) as client,
        pytest.raises(NotFoundError) as caught,
    ):
        UsersApi(client).user("me")
    assert caught.value.body is None
    assert caught.value.code is None and caught.value.message is None


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'["not", "a", "user"]', "application/json"),
        (b'{"id": {"nested": true}}', "application/json"),
        (b"{not json", "application/json"),
        (b"", "application/json"),
    ],
)
def test_success_body_not_matching_the_declared_type(server, host, body, content_type):
    server.expect_request("/v2/users/me").respond_with_response(Response(body, status=200, content_type=content_type))
    with (
        ApiClient(Configuration(host, access_token=TOKEN, retries=0)) as client,
        pytest.raises(ApiResponseError) as caught,
    ):
        UsersApi(client).user("me", login_type="100")
    text = str(caught.value)
    assert "/v2/users/me" in text
    assert "login_type" not in text
    assert TOKEN not in text
