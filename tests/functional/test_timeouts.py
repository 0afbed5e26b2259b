"""Timeouts and refused connections against real sockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
import socket
import threading
import time

import pytest
from zoom_users import (
    ApiClient,
    ApiConnectionError,
    ApiTimeoutError,
    AsyncApiClient,
    AsyncUsersApi,
    Configuration,
    UsersApi,
)

TOKEN = "static-secret-token-XYZ"
NEW_USER = {"action": "create", "user_info": {"email": "new@example.com", "type": 1}}


class SlowHandler:
    """Answers only after ``release`` is set (at most ``limit`` seconds later)."""

    def __init__(self, reply, limit: float = 1.0) -> None:
        self.reply = reply
        self.limit = limit
        self.release = threading.Event()
        self.arrived = 0
        self.finished = 0
        self._lock = threading.Lock()

    def __call__(self, request):
        with self._lock:
            self.arrived += 1
        self.release.wait(self.limit)
        with self._lock:
            self.finished += 1
        return self.reply

    def drain(self) -> None:
        """Let every held request finish, so nothing leaks into the next test."""
        self.release.set()
        deadline = time.monotonic() + 3.0
        while self.finished < self.arrived and time.monotonic() < deadline:
            time.sleep(0.01)


@pytest.fixture
def slow(server, reply):
    handlers: list[SlowHandler] = []

    def install(path: str, method: str = "GET", limit: float = 1.0) -> SlowHandler:
        handler = SlowHandler(reply({"id": "late"}), limit)
        handlers.append(handler)
        server.expect_request(path, method=method).respond_with_handler(handler)
        return handler

    yield install
    for handler in handlers:
        handler.drain()


def free_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_read_timeout_raises_api_timeout_error(server, host, slow):
    handler = slow("/v2/users/me")
    started = time.monotonic()
    with (
        ApiClient(Configuration(host, access_token=TOKEN, timeout=0.2, retries=0)) as client,
        pytest.raises(ApiTimeoutError) as caught,
    ):
        UsersApi(client).user("me", login_type="100")
    elapsed = time.monotonic() - started
    handler.drain()
    assert 0.15 <= elapsed < 0.9
    assert handler.arrived == 1
    assert isinstance(caught.value, ApiConnectionError)
    message = str(caught.value)
    assert "GET" in message and "/v2/users/me" in message
    assert "login_type" not in message  # no query string
    assert TOKEN not in message and TOKEN not in repr(caught.value)


def test_read_timeout_on_get_is_retried(server, host, slow):
    handler = slow("/v2/users/me")
    config = Configuration(host, access_token=TOKEN, timeout=0.2, retries=1, backoff_factor=0.01)
    started = time.monotonic()
    with ApiClient(config) as client, pytest.raises(ApiTimeoutError):
        UsersApi(client).user("me")
    elapsed = time.monotonic() - started
    handler.drain()
    assert handler.arrived == 2
    assert elapsed < 1.5


def test_read_timeout_on_post_is_not_retried(server, host, slow):
    handler = slow("/v2/users", method="POST")
    config = Configuration(host, access_token=TOKEN, timeout=0.2, retries=2, backoff_factor=0.01)
    with ApiClient(config) as client, pytest.raises(ApiTimeoutError):
        UsersApi(client).user_create(NEW_USER)
    handler.drain()
    assert handler.arrived == 1


def test_per_call_timeout_overrides_the_client_timeout(server, host, slow):
    handler = slow("/v2/users/me")
    started = time.monotonic()
    with (
        ApiClient(Configuration(host, access_token=TOKEN, timeout=5.0, retries=0)) as client,
        pytest.raises(ApiTimeoutError),
    ):
        UsersApi(client).user("me", _request_timeout=0.2)
    elapsed = time.monotonic() - started
    handler.drain()
    assert elapsed < 0.9


def test_async_read_timeout_raises_api_timeout_error(server, host, slow):
    handler = slow("/v2/users/me")

    async def main() -> None:
        config = Configuration(host, access_token=TOKEN, timeout=0.2, retries=0)
        async with AsyncApiClient(config) as client:
            await AsyncUsersApi(client).user("me")

    started = time.monotonic()
    with pytest.raises(ApiTimeoutError):
        asyncio.run(main())
    elapsed = time.monotonic() - started
    handler.drain()
    assert elapsed < 0.9
    assert handler.arrived == 1


def test_connection_refused_raises_api_connection_error():
    host = f"http://127.0.0.1:{free_port()}/v2"
    started = time.monotonic()
    with (
        ApiClient(Configuration(host, access_token=TOKEN, retries=0, timeout=2.0)) as client,
        pytest.raises(ApiConnectionError) as caught,
    ):
        UsersApi(client).user("me", login_type="100")
    assert time.monotonic() - started < 1.5
    assert not isinstance(caught.value, ApiTimeoutError)
    message = str(caught.value)
    assert "/v2/users/me" in message
    assert "login_type" not in message
    assert TOKEN not in message


def test_connection_refused_after_retries_still_api_connection_error():
    host = f"http://127.0.0.1:{free_port()}/v2"
    config = Configuration(host, access_token=TOKEN, retries=2, backoff_factor=0.01, timeout=2.0)
    started = time.monotonic()
    with ApiClient(config) as client, pytest.raises(ApiConnectionError) as caught:
        UsersApi(client).user_create(NEW_USER)  # never connected: POST retried too
    assert time.monotonic() - started < 3.0
    assert not isinstance(caught.value, ApiTimeoutError)


def test_async_connection_refused_raises_api_connection_error():
    host = f"http://127.0.0.1:{free_port()}/v2"

    async def main() -> None:
        config = Configuration(host, access_token=TOKEN, retries=0, timeout=2.0)
        async with AsyncApiClient(config) as client:
            await AsyncUsersApi(client).user("me")

    with pytest.raises(ApiConnectionError) as caught:
        asyncio.run(main())
    assert not isinstance(caught.value, ApiTimeoutError)
