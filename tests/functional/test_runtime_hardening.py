"""Runtime cases from the trust-boundary review: a caller's value cannot change the route,
smuggle a cookie or a header, and every failure a caller can get is an ``ApiError``. Requests are built and sent through ``httpx.MockTransport``; nothing
leaves the process."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response
from zoom_users import (
    ApiClient,
    ApiConnectionError,
    ApiError,
    ApiResponseError,
    ApiTimeoutError,
    AsyncApiClient,
    AsyncUsersApi,
    BadRequestError,
    ClientCredentialsAuth,
    Configuration,
    InvalidRequestError,
    ResponseTooLargeError,
    UsersApi,
)
from zoom_users import api_client as runtime


def _api(seen: list[httpx.Request]) -> UsersApi:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    client = ApiClient(
        Configuration(host="http://127.0.0.1:9/v2", access_token="t"), transport=httpx.MockTransport(handler)
    )
    return UsersApi(client)


@pytest.mark.parametrize("value", ["", None])
def test_empty_or_none_path_parameter_is_refused_before_sending(value: object) -> None:
    seen: list[httpx.Request] = []
    api = _api(seen)
    with pytest.raises(ValueError, match="userId"):
        api.user_delete(value)  # type: ignore[arg-type]
    assert seen == []


@pytest.mark.parametrize("value", ["", None])
def test_the_refusal_names_the_parameter_as_the_caller_wrote_it(value: object) -> None:
    # The caller passed assistant_id=...: the message names that, not only the spec's {assistantId}.
    seen: list[httpx.Request] = []
    with pytest.raises(ValueError, match=r"'assistant_id'.*\{assistantId\}") as raised:
        _api(seen).user_assistant_delete("me", value)  # type: ignore[arg-type]
    assert "user_id" not in str(raised.value)  # the valid first parameter is not blamed
    assert seen == []


def test_a_real_path_value_still_goes_out_encoded() -> None:
    seen: list[httpx.Request] = []
    _api(seen).user_delete("a/b")
    assert seen[0].url.raw_path == b"/v2/users/a%2Fb"


@pytest.mark.parametrize(
    "value, wire",
    [
        ("abc; admin=true", "abc%3B%20admin=true"),
        ('a"b,c\\d', "a%22b%2Cc%5Cd"),
        ("x\r\nSet-Cookie: y", "x%0D%0ASet-Cookie:%20y"),
        ("caf\u00e9", "caf%C3%A9"),
        ("plain-value_1.2~", "plain-value_1.2~"),
    ],
)
def test_cookie_values_cannot_start_another_cookie(value: str, wire: str) -> None:
    client = ApiClient(Configuration(host="http://127.0.0.1:9"))
    request = client.build_request("GET", "/x", cookies={"session": value})
    assert request.headers["cookie"] == f"session={wire}"


# ------------------------------------------------------------------ every failure is an ApiError


def _client(handler: object, **config: object) -> ApiClient:
    configuration = Configuration(host="http://127.0.0.1:9/v2", **config)  # type: ignore[arg-type]
    return ApiClient(configuration, transport=httpx.MockTransport(handler))  # type: ignore[arg-type]


def test_path_refusal_is_an_api_error_and_a_value_error() -> None:
    with pytest.raises(ApiError) as raised:
        _api([]).user_delete("")
    assert isinstance(raised.value, ValueError)


def test_error_body_nested_too_deep_to_parse_is_still_an_api_exception() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    api = UsersApi(_client(lambda request: httpx.Response(400, content=deep), access_token="t"))
    with pytest.raises(BadRequestError) as raised:
        api.user_delete("me")
    assert raised.value.status == 400


def test_unreachable_token_endpoint_is_a_connection_error_with_its_cause() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    auth = ClientCredentialsAuth("http://127.0.0.1:9/token?secret=x", "id", "secret")
    api = UsersApi(_client(handler, token_provider=auth))
    with pytest.raises(ApiConnectionError) as raised:
        api.user_delete("me")
    assert isinstance(raised.value.__cause__, httpx.ConnectError)
    assert "secret=x" not in str(raised.value)


def test_token_lifetime_that_is_not_a_number_is_taken_as_an_hour() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/token":
            return httpx.Response(200, json={"access_token": "tok", "expires_in": "soon"})
        return httpx.Response(204)

    api = UsersApi(_client(handler, token_provider=ClientCredentialsAuth("http://127.0.0.1:9/token", "id", "s")))
    api.user_delete("me")
    api.user_delete("me")
    assert [r.url.path for r in seen] == ["/token", "/v2/users/me", "/v2/users/me"]
    assert seen[-1].headers["authorization"] == "Bearer tok"


def test_header_with_a_line_break_is_refused_and_not_retried() -> None:
    seen: list[httpx.Request] = []
    api = _api(seen)
    for value in ("a\r\nX-Injected: 1", "a\nb", "a\x00b"):
        with pytest.raises(InvalidRequestError):
            api.user_delete("me", _headers={"X-Trace": value})
    assert seen == []


def test_non_ascii_header_value_goes_out_as_utf8() -> None:
    seen: list[httpx.Request] = []
    _api(seen).user_delete("me", _headers={"X-Name": "café"})
    assert (b"X-Name", "café".encode()) in seen[0].headers.raw


def _both_clients(handler: object, call: str = "user", **config: object) -> list[BaseException | None]:
    """What ``UsersApi.<call>("me")`` raises through the sync client and through the async one."""
    configuration = Configuration(**{"host": "http://127.0.0.1:9/v2", **config})  # type: ignore[arg-type]
    raised: list[BaseException | None] = []
    try:
        getattr(UsersApi(ApiClient(configuration, transport=httpx.MockTransport(handler))), call)("me")  # type: ignore[arg-type]
        raised.append(None)
    except BaseException as exc:  # noqa: BLE001 - the test inspects whatever escapes
        raised.append(exc)

    async def main() -> None:
        async with AsyncApiClient(configuration, transport=httpx.MockTransport(handler)) as client:  # type: ignore[arg-type]
            await getattr(AsyncUsersApi(client), call)("me")

    try:
        asyncio.run(main())
        raised.append(None)
    except BaseException as exc:  # noqa: BLE001
        raised.append(exc)
    return raised


def test_a_body_that_cannot_be_decoded_is_a_response_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"content-encoding": "gzip", "content-type": "application/json"}
        return httpx.Response(200, content=b"not gzip at all", headers=headers)

    for raised in _both_clients(handler, access_token="token-123"):
        assert isinstance(raised, ApiResponseError), repr(raised)
        assert isinstance(raised.__cause__, httpx.DecodingError)


@pytest.mark.parametrize("token", ["t\u00f6ken-123", "token\r\nX-Injected: 1", "token\x00"])
def test_a_bearer_token_that_cannot_be_a_header_is_refused_before_sending(token: str) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    for raised in _both_clients(handler, "user_delete", access_token=token):
        assert isinstance(raised, InvalidRequestError), repr(raised)
    assert seen == []


@pytest.mark.parametrize("token", ["t\u00f6ken-123", "token\r\nX-Injected: 1"])
def test_a_token_endpoint_answer_that_cannot_be_a_header_is_a_response_error(token: str) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/token":
            return httpx.Response(200, json={"access_token": token, "expires_in": 3600})
        return httpx.Response(204)

    for _ in range(2):
        auth = ClientCredentialsAuth("http://127.0.0.1:9/token", "id", "secret")
        raised = _both_clients(handler, "user_delete", token_provider=auth)
        assert all(isinstance(exc, ApiResponseError) for exc in raised), repr(raised)
    assert set(seen) == {"/token"}  # the API itself was never called


def test_a_token_endpoint_body_that_cannot_be_decoded_is_a_response_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"not gzip", headers={"content-encoding": "gzip"})

    auth = ClientCredentialsAuth("http://127.0.0.1:9/token", "id", "secret")
    for raised in _both_clients(handler, "user_delete", token_provider=auth):
        assert isinstance(raised, ApiResponseError), repr(raised)
        assert isinstance(raised.__cause__, httpx.DecodingError)


def test_a_malformed_url_is_an_invalid_request() -> None:
    for raised in _both_clients(lambda request: httpx.Response(204), "user_delete", host="http://[::1/v2"):
        assert isinstance(raised, InvalidRequestError), repr(raised)
        assert isinstance(raised.__cause__, httpx.InvalidURL)
    auth = ClientCredentialsAuth("http://[::1/token", "id", "secret")
    for raised in _both_clients(lambda request: httpx.Response(204), "user_delete", token_provider=auth):
        assert isinstance(raised, InvalidRequestError), repr(raised)


# ------------------------------------------------------------------ token refresh


class TokenServer:
    """Hands out tok-1, tok-2, ... (slowly, so concurrent calls overlap); the API refuses tok-1."""

    def __init__(self, expires_in: int = 3600, stagger: float = 0.0) -> None:
        self.fetches = 0
        self.expires_in = expires_in
        self.lock = threading.Lock()
        self.stagger = stagger  # the n-th API request is answered n * stagger seconds late
        self.arrivals = 0

    def answer(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            with self.lock:
                self.fetches += 1
                token = f"tok-{self.fetches}"
            time.sleep(0.02)
            return httpx.Response(200, json={"access_token": token, "expires_in": self.expires_in})
        if request.headers["authorization"] == "Bearer tok-1":
            return httpx.Response(401)
        return httpx.Response(204)

    def staggered(self, request: httpx.Request) -> httpx.Response:
        if request.url.path != "/token":
            with self.lock:
                self.arrivals += 1
                late = self.stagger * self.arrivals
            time.sleep(late)
        return self.answer(request)

    async def aanswer(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            self.fetches += 1
            token = f"tok-{self.fetches}"
            await asyncio.sleep(0.02)
            return httpx.Response(200, json={"access_token": token, "expires_in": self.expires_in})
        self.arrivals += 1
        await asyncio.sleep(0.001 + self.stagger * self.arrivals)
        return self.answer(request)


def test_fifty_threads_refused_at_once_renew_the_token_once() -> None:
    tokens = TokenServer()
    auth = ClientCredentialsAuth("http://127.0.0.1:9/token", "id", "secret")
    api = UsersApi(_client(tokens.answer, token_provider=auth))
    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(lambda _: api.user_delete("me"), range(50)))
    assert tokens.fetches == 2  # the first token, then one renewal for all fifty 401s


def test_fifty_threads_refused_one_after_another_renew_the_token_once() -> None:
    # As below, for threads: the 401s arrive over ~100 ms while a fetch takes 20 ms.
    tokens = TokenServer(stagger=0.002)
    auth = ClientCredentialsAuth("http://127.0.0.1:9/token", "id", "secret")
    api = UsersApi(_client(tokens.staggered, token_provider=auth))
    with ThreadPoolExecutor(max_workers=50) as pool:
        list(pool.map(lambda _: api.user_delete("me"), range(50)))
    assert tokens.fetches == 2


def test_fifty_tasks_refused_at_once_renew_the_token_once() -> None:
    tokens = TokenServer()
    auth = ClientCredentialsAuth("http://127.0.0.1:9/token", "id", "secret")

    async def main() -> None:
        configuration = Configuration(host="http://127.0.0.1:9/v2", token_provider=auth)
        async with AsyncApiClient(configuration, transport=httpx.MockTransport(tokens.aanswer)) as client:
            api = AsyncUsersApi(client)
            await asyncio.gather(*(api.user_delete("me") for _ in range(50)))

    asyncio.run(main())
    assert tokens.fetches == 2


def test_fifty_tasks_refused_one_after_another_renew_the_token_once() -> None:
    # The 401s arrive over ~100 ms while a fetch takes 20 ms: a refusal that arrives after
    # the renewal must not throw the new token away (it did: 5 to 10 fetches).
    tokens = TokenServer(stagger=0.002)
    auth = ClientCredentialsAuth("http://127.0.0.1:9/token", "id", "secret")

    async def main() -> None:
        configuration = Configuration(host="http://127.0.0.1:9/v2", token_provider=auth)
        async with AsyncApiClient(configuration, transport=httpx.MockTransport(tokens.aanswer)) as client:
            api = AsyncUsersApi(client)
            await asyncio.gather(*(api.user_delete("me") for _ in range(50)))

    asyncio.run(main())
    assert tokens.fetches == 2  # the first token, then one renewal for all fifty 401s


def test_short_lived_token_is_reused_while_valid() -> None:
    tokens = TokenServer(expires_in=30)
    tokens.fetches = 1  # the server hands out tok-2 first: a token the API accepts
    auth = ClientCredentialsAuth("http://127.0.0.1:9/token", "id", "secret")
    api = UsersApi(_client(tokens.answer, token_provider=auth))
    for _ in range(3):
        api.user_delete("me")
    assert tokens.fetches == 2  # one fetch for three calls (a 30 s token was fetched every call)


# ------------------------------------------------------------------ logging


def test_no_log_line_carries_a_secret(caplog: pytest.LogCaptureFixture) -> None:
    secret, password = "SeCrEt key/1", "pa ss word"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(503 if len(calls) < 2 else 200, json={})

    calls: list[int] = []
    configuration = Configuration(
        host="http://127.0.0.1:9/v2", api_key={"key": secret}, password=password, backoff_factor=0.001
    )
    client = ApiClient(configuration, transport=httpx.MockTransport(lambda r: (calls.append(1), handler(r))[1]))
    with caplog.at_level(logging.DEBUG):
        request = client.build_request("GET", "/items", query={"api_key": secret, "p": password})
        client.send(request)
    messages = [record.getMessage() for record in caplog.records]
    assert any(m.startswith("HTTP Request: GET") for m in messages)  # httpx's own line, redacted
    assert any("retrying in" in m for m in messages)  # the client's own debug lines
    for message in messages:
        for shown in (secret, "SeCrEt+key", "SeCrEt%20key", password, "pa+ss+word", "pa%20ss%20word"):
            assert shown not in message, message


def test_a_short_api_key_in_the_query_reaches_no_log_line(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Values shorter than six characters are not redacted wherever they appear (a token "t"
    # would maim every line), so a query parameter that carries an API key is redacted by name.
    monkeypatch.setitem(runtime.SECURITY_SCHEMES, "Key", {"type": "apiKey", "in": "query", "name": "api_key"})
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={})

    configuration = Configuration(host="http://127.0.0.1:9/v2", api_key={"Key": "k3Y"})
    client = ApiClient(configuration, transport=httpx.MockTransport(handler))
    with caplog.at_level(logging.DEBUG):
        client.send(client.build_request("GET", "/items", query={"page": 2}, auth=("Key",)))
    assert seen[0].url.params["api_key"] == "k3Y"  # it did go out
    messages = [record.getMessage() for record in caplog.records]
    assert any("api_key=***" in m for m in messages), messages
    assert not any("k3Y" in m for m in messages), messages


def test_connection_retries_and_token_fetches_are_logged_at_debug(caplog: pytest.LogCaptureFixture) -> None:
    attempts: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        attempts.append(request.url.path)
        if request.url.path == "/token":
            return httpx.Response(200, json={"access_token": "fetched-token-1", "expires_in": 3600})
        if len(attempts) == 2:
            raise httpx.ConnectError("refused", request=request)
        return httpx.Response(204)

    auth = ClientCredentialsAuth("http://127.0.0.1:9/token", "id", "client-secret-1")
    api = UsersApi(_client(handler, token_provider=auth, backoff_factor=0.001))
    with caplog.at_level(logging.DEBUG):
        api.user_delete("me")
    messages = [record.getMessage() for record in caplog.records]
    own = [record.getMessage() for record in caplog.records if record.name.startswith("zoom_users.")]
    assert any("ConnectError" in m and "retrying in" in m for m in own), own
    assert any("token" in m and "127.0.0.1:9/token" in m for m in own), own
    for message in messages:
        for secret in ("fetched-token-1", "client-secret-1"):
            assert secret not in message, message


# ------------------------------------------------------------------ deadline and size cap


def test_a_trickling_server_cannot_outlast_the_call_deadline(server: HTTPServer, host: str) -> None:
    def trickle() -> Iterator[bytes]:
        yield b'{"id": "'
        for _ in range(20):  # bounded: at most 6 s if nothing stopped it
            time.sleep(0.3)
            yield b"x"
        yield b'"}'

    server.expect_request("/v2/users/me").respond_with_handler(
        lambda request: Response(trickle(), status=200, content_type="application/json")
    )
    api = UsersApi(ApiClient(Configuration(host=host, access_token="token-123", retries=0)))
    started = time.monotonic()
    with pytest.raises(ApiTimeoutError, match="deadline"):
        api.user("me", _request_timeout=1.0)
    assert time.monotonic() - started < 3.0


def test_the_deadline_covers_the_whole_call_retries_included() -> None:
    # Each attempt takes 0.3 s and fails with a 503 the policy retries ten times: 3.3 s without
    # a deadline per call; with _request_timeout=1.0 the call gives up after about a second.
    attempts: list[float] = []

    def slow(request: httpx.Request) -> httpx.Response:
        attempts.append(time.monotonic())
        time.sleep(0.3)
        return httpx.Response(503)

    async def aslow(request: httpx.Request) -> httpx.Response:
        attempts.append(time.monotonic())
        await asyncio.sleep(0.3)
        return httpx.Response(503)

    configuration = Configuration(host="http://127.0.0.1:9/v2", access_token="token-123", retries=10, backoff_factor=0)

    async def call_async() -> None:
        async with AsyncApiClient(configuration, transport=httpx.MockTransport(aslow)) as client:
            await AsyncUsersApi(client).user("me", _request_timeout=1.0)

    for call in (
        lambda: UsersApi(ApiClient(configuration, transport=httpx.MockTransport(slow))).user(
            "me", _request_timeout=1.0
        ),
        lambda: asyncio.run(call_async()),
    ):
        attempts.clear()
        started = time.monotonic()
        with pytest.raises(ApiError):
            call()
        assert time.monotonic() - started < 2.5
        assert len(attempts) <= 5  # about four 0.3 s attempts fit in one second, not eleven


def test_a_server_that_stalls_mid_body_is_cut_off_at_the_deadline(server: HTTPServer, host: str) -> None:
    # The read timeout is 30 s; the call's deadline (1 s) must end the wait for the next byte.
    release = threading.Event()

    def stall() -> Iterator[bytes]:
        yield b'{"id": "'
        release.wait(5)  # bounded, and released as soon as the test is done
        yield b'x"}'

    server.expect_request("/v2/users/me").respond_with_handler(
        lambda request: Response(stall(), status=200, content_type="application/json")
    )
    configuration = Configuration(host=host, access_token="token-123", timeout=30.0, deadline=1.0, retries=0)

    async def call_async() -> None:
        async with AsyncApiClient(configuration) as client:
            await AsyncUsersApi(client).user("me")

    try:
        for call in (lambda: UsersApi(ApiClient(configuration)).user("me"), lambda: asyncio.run(call_async())):
            started = time.monotonic()
            with pytest.raises(ApiTimeoutError):
                call()
            assert time.monotonic() - started < 3.0
    finally:
        release.set()


def test_a_body_over_the_cap_is_refused_without_reading_it_all() -> None:
    served = []

    def endless() -> Iterator[bytes]:
        for _ in range(10_000):  # 10 MB if read whole
            served.append(1)
            yield b"x" * 1024

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=endless(), headers={"content-type": "application/json"})

    api = UsersApi(_client(handler, access_token="token-123", max_response_bytes=4096))
    with pytest.raises(ResponseTooLargeError):
        api.user("me")
    assert len(served) < 10


def test_the_async_client_refuses_a_body_over_the_cap_too() -> None:
    served = []

    async def endless() -> AsyncIterator[bytes]:
        for _ in range(10_000):  # 10 MB if read whole
            served.append(1)
            yield b"x" * 1024

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=endless(), headers={"content-type": "application/json"})

    async def main() -> None:
        configuration = Configuration(host="http://127.0.0.1:9/v2", access_token="token-123", max_response_bytes=1024)
        async with AsyncApiClient(configuration, transport=httpx.MockTransport(handler)) as client:
            await AsyncUsersApi(client).user("me")

    with pytest.raises(ResponseTooLargeError):
        asyncio.run(main())
    assert len(served) < 10
