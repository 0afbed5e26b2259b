"""Retries against a real server: Retry-After, idempotency, limits."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from zoom_users import (
    ApiClient,
    Configuration,
    RateLimitError,
    ServerError,
    UsersApi,
)

TOKEN = "static-secret-token-XYZ"
NEW_USER = {"action": "create", "user_info": {"email": "new@example.com", "type": 1}}


def make_api(host: str, **settings) -> tuple[ApiClient, UsersApi]:
    settings.setdefault("backoff_factor", 0.01)
    client = ApiClient(Configuration(host, access_token=TOKEN, **settings))
    return client, UsersApi(client)


def test_429_retry_after_is_waited_for_then_succeeds(server, host, recorder, reply):
    handler = recorder(
        [
            reply({"code": 429, "message": "Too many requests"}, 429, {"Retry-After": "1"}),
            reply({"id": "me-1", "email": "me@example.com"}),
        ]
    )
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    client, api = make_api(host, retries=2)
    with client:
        started = time.monotonic()
        user = api.user("me")
        elapsed = time.monotonic() - started
    assert user.id == "me-1"
    assert user.email == "me@example.com"
    assert handler.count == 2
    assert len(server.log) == 2
    assert elapsed >= 1.0, f"Retry-After: 1 was not honoured (retried after {elapsed:.3f}s)"
    assert elapsed < 5.0


def test_429_is_retried_even_for_post(server, host, recorder, reply):
    handler = recorder(
        [
            reply({"code": 429, "message": "slow down"}, 429, {"Retry-After": "0"}),
            reply({"id": "new-1", "email": "new@example.com"}, 201),
        ]
    )
    server.expect_request("/v2/users", method="POST").respond_with_handler(handler)
    client, api = make_api(host)
    with client:
        created = api.user_create(NEW_USER)
    assert created.id == "new-1"
    assert handler.count == 2
    # The resent request carries the same body.
    assert handler.seen[0]["body"] == handler.seen[1]["body"]
    assert b'"new@example.com"' in handler.seen[1]["body"]


def test_503_on_get_is_retried(server, host, recorder, reply):
    handler = recorder(
        [
            reply({"message": "unavailable"}, 503),
            reply({"message": "unavailable"}, 503),
            reply({"id": "me-1"}),
        ]
    )
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    client, api = make_api(host, retries=2)
    with client:
        user = api.user("me")
    assert user.id == "me-1"
    assert handler.count == 3


def test_503_on_get_gives_up_after_the_configured_retries(server, host, recorder, reply):
    handler = recorder([reply({"message": "unavailable"}, 503)])
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    client, api = make_api(host, retries=2)
    with client, pytest.raises(ServerError) as caught:
        api.user("me")
    assert caught.value.status == 503
    assert handler.count == 3  # the first try and two retries


def test_503_on_post_is_not_retried(server, host, recorder, reply):
    handler = recorder([reply({"message": "unavailable"}, 503), reply({"id": "new-1"}, 201)])
    server.expect_request("/v2/users", method="POST").respond_with_handler(handler)
    client, api = make_api(host, retries=2)
    with client, pytest.raises(ServerError) as caught:
        api.user_create(NEW_USER)
    assert caught.value.status == 503
    assert caught.value.method == "POST"
    assert handler.count == 1


def test_503_on_post_is_retried_with_retry_non_idempotent(server, host, recorder, reply):
    handler = recorder([reply({"message": "unavailable"}, 503), reply({"id": "new-1"}, 201)])
    server.expect_request("/v2/users", method="POST").respond_with_handler(handler)
    client, api = make_api(host, retries=2, retry_non_idempotent=True)
    with client:
        created = api.user_create(NEW_USER)
    assert created.id == "new-1"
    assert handler.count == 2
    assert handler.seen[0]["body"] == handler.seen[1]["body"]


def test_retries_zero_disables_retrying(server, host, recorder, reply):
    handler = recorder(
        [
            reply({"code": 429, "message": "Too many requests"}, 429, {"Retry-After": "1"}),
            reply({"id": "me-1"}),
        ]
    )
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    client, api = make_api(host, retries=0)
    started = time.monotonic()
    with client, pytest.raises(RateLimitError) as caught:
        api.user("me")
    elapsed = time.monotonic() - started
    assert handler.count == 1
    assert caught.value.status == 429
    assert caught.value.retry_after == 1
    assert caught.value.message == "Too many requests"
    assert elapsed < 0.9


def test_retries_zero_also_for_5xx(server, host, recorder, reply):
    handler = recorder([reply({"message": "boom"}, 500), reply({"id": "me-1"})])
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    client, api = make_api(host, retries=0)
    with client, pytest.raises(ServerError):
        api.user("me")
    assert handler.count == 1


def test_retry_after_beyond_max_retry_wait_is_not_waited_for(server, host, recorder, reply):
    handler = recorder(
        [
            reply({"code": 429, "message": "Daily limit"}, 429, {"Retry-After": "120"}),
            reply({"id": "me-1"}),
        ]
    )
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    client, api = make_api(host, retries=2)  # default max_retry_wait=60
    started = time.monotonic()
    with client, pytest.raises(RateLimitError) as caught:
        api.user("me")
    elapsed = time.monotonic() - started
    assert elapsed < 0.9
    assert handler.count == 1
    assert caught.value.retry_after == 120


def test_retry_after_beyond_a_small_max_retry_wait(server, host, recorder, reply):
    handler = recorder(
        [
            reply({"code": 429, "message": "slow down"}, 429, {"Retry-After": "1"}),
            reply({"id": "me-1"}),
        ]
    )
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    client, api = make_api(host, retries=3, max_retry_wait=0.5)
    started = time.monotonic()
    with client, pytest.raises(RateLimitError):
        api.user("me")
    assert time.monotonic() - started < 0.9
    assert handler.count == 1


def test_retry_after_as_http_date_is_honoured(server, host, recorder, reply):
    # An HTTP date 2 s ahead (1 s resolution): the retry comes after > 0.5 s.
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=2), usegmt=True)
    handler = recorder(
        [
            reply({"message": "slow down"}, 429, {"Retry-After": when}),
            reply({"id": "me-1"}),
        ]
    )
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    client, api = make_api(host, retries=1)
    started = time.monotonic()
    with client:
        assert api.user("me").id == "me-1"
    elapsed = time.monotonic() - started
    assert handler.count == 2
    assert 0.5 <= elapsed < 4.0


@pytest.mark.parametrize("form", ["http-date", "iso8601"])
def test_rate_limit_error_retry_after_from_a_date(server, host, recorder, reply, form):
    """``RateLimitError.retry_after`` is "seconds the server asked to wait
    (Retry-After)"; RFC 9110 lets the server say it as an HTTP date, and Zoom's
    daily limit as an ISO 8601 time; the retry policy understands both."""
    moment = datetime.now(UTC) + timedelta(seconds=30)
    if form == "http-date":
        when = format_datetime(moment, usegmt=True)
    else:
        when = moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    handler = recorder([reply({"message": "slow down"}, 429, {"Retry-After": when})])
    server.expect_request("/v2/users/me", method="GET").respond_with_handler(handler)
    client, api = make_api(host, retries=0)
    with client, pytest.raises(RateLimitError) as caught:
        api.user("me")
    assert caught.value.retry_after is not None
    assert 25 <= caught.value.retry_after <= 31
