"""The HTTP side of every API class: building requests, sending them, reading replies.

Generated API methods stay thin: each one hands :meth:`ApiClient.call` (or
:meth:`AsyncApiClient.call`) the operation's method, path template and
argument values, and gets back the parsed result or an exception from
:mod:`.exceptions`. Both clients share everything but the sending, and
their send loops are only I/O around one decision after each attempt
(:func:`._sending.decide`). How a request is encoded is in :mod:`._encoding`,
which credentials a call sends in :mod:`.auth`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import platform
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import IO, Any, Literal, Self, TypeVar, overload
from urllib.parse import parse_qsl

import httpx
from pydantic import TypeAdapter, ValidationError

from ._encoding import encode_body, encode_headers, fill_path, is_json
from ._metadata import PACKAGE, SECURITY_SCHEMES, VERSION
from ._sending import (
    BodyLimits,
    CallState,
    Decision,
    Raise,
    RefreshToken,
    Retry,
    Return,
    deadline_for,
    decide,
    safe_url,
    start_attempt,
    status_error,
    transport_error,
)
from .auth import _REDACTOR, TokenProvider, _SchemeAuth, as_provider
from .configuration import Configuration
from .exceptions import ApiResponseError, InvalidRequestError
from .retry import RetryPolicy
from .serialization import (
    DEFAULT_STYLES,
    NOT_GIVEN,
    NotGiven,
    Style,
    cookie_value,
    delimited,
    given,
    query_pairs,
    text,
)

__all__ = ["NOT_GIVEN", "ApiClient", "ApiResponse", "AsyncApiClient", "FileInput", "NotGiven", "Style"]

T = TypeVar("T")

#: A file to upload: raw bytes, a path, an open binary file, or a tuple
#: ``(filename, content)`` / ``(filename, content, content_type)``.
FileInput = (
    bytes | str | os.PathLike[str] | IO[bytes] | tuple[str, bytes | IO[bytes]] | tuple[str, bytes | IO[bytes], str]
)

#: Statuses HTTP forbids a body in: 204 No Content, 205 Reset Content, 304 Not Modified.
_BODILESS = frozenset({204, 205, 304})
_adapters: dict[Any, TypeAdapter[Any]] = {}
#: The open ``raw_responses()`` blocks of this thread or task: (client, its list), innermost last.
_captured: ContextVar[tuple[tuple[_BaseClient, list[ApiResponse]], ...]] = ContextVar("captured_responses", default=())


@dataclass(frozen=True)
class ApiResponse:
    """One HTTP exchange as received: for callers who need more than the parsed result."""

    method: str
    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes
    elapsed: float

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class _BaseClient(_SchemeAuth):
    """What the sync and async clients share: requests, auth, parsing."""

    _schemes = SECURITY_SCHEMES

    configuration: Configuration
    _http: httpx.Client | httpx.AsyncClient

    def _setup(self, configuration: Configuration | None) -> None:
        self.configuration = configuration or Configuration()
        self.retry_policy = RetryPolicy(
            retries=self.configuration.retries,
            backoff_factor=self.configuration.backoff_factor,
            max_retry_wait=self.configuration.max_retry_wait,
            retry_non_idempotent=self.configuration.retry_non_idempotent,
        )
        self.token_provider: TokenProvider | None = as_provider(
            self.configuration.token_provider or self.configuration.access_token
        )
        _REDACTOR.add(
            self.configuration.access_token, self.configuration.password, *self.configuration.api_key.values()
        )
        self._unauthorized_warned: set[tuple[str, str]] = set()

    @property
    def user_agent(self) -> str:
        return self.configuration.user_agent or (
            f"{PACKAGE}/{VERSION} python-httpx/{httpx.__version__} python/{platform.python_version()}"
        )

    @contextmanager
    def raw_responses(self) -> Iterator[list[ApiResponse]]:
        """Collect every HTTP response this client receives inside the block (per thread
        or task; tasks started inside it record into it too).

        ``with client.raw_responses() as seen: user = api.user("me")`` leaves
        the parsed ``user`` and, in ``seen[-1]``, its status, headers and body.
        Other clients' calls are not collected; blocks nest, each collecting all
        of its own client's responses inside it.
        """
        seen: list[ApiResponse] = []
        token = _captured.set((*_captured.get(), (self, seen)))
        try:
            yield seen
        finally:
            _captured.reset(token)

    def build_request(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        path_names: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
        header_params: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        styles: Mapping[str, Style] | None = None,
        body: Any = None,
        content_type: str | None = None,
        form: Mapping[str, Any] | NotGiven | None = None,
        files: Mapping[str, Any] | None = None,
        form_types: Mapping[str, str] | None = None,
        null_body: bool = False,
        accept: str | None = None,
        auth: Iterable[str | tuple[str, ...]] = (),
        timeout: float | httpx.Timeout | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Request:
        """The :class:`httpx.Request` for one call, without its bearer token; nothing is sent.

        ``path_params`` are keyed by the names in ``path``; ``path_names`` gives the Python
        argument name of those that differ, for error messages. ``auth`` lists the ways to
        authorize the call, any one of which will do: a scheme name, or a tuple of names
        needed together (``()``: none needed); the first whose credentials are configured
        is used. ``form_types`` gives the media type of a multipart field that has its own;
        ``null_body`` says the spec allows a null body, so a ``None`` body is sent as ``null``.
        """
        styles = styles or {}
        # A fragment never goes to the server (some specs mark operations that share a path
        # with one); a query written into the path template goes first.
        url_path, _, inline_query = path.partition("#")[0].partition("?")
        url_path = fill_path(path, url_path, path_params or {}, path_names or {}, styles)
        params = parse_qsl(inline_query, keep_blank_values=True) + [
            pair
            for name, value in (query or {}).items()
            if given(value)
            for pair in query_pairs(name, value, styles.get(name, DEFAULT_STYLES["query"]))
        ]
        all_headers = {"User-Agent": self.user_agent, **self.configuration.headers}
        if accept:
            all_headers["Accept"] = accept
        for name, value in (header_params or {}).items():
            if given(value):
                all_headers[name] = delimited(value, styles.get(name, DEFAULT_STYLES["header"]))
        all_cookies = {name: text(value) for name, value in (cookies or {}).items() if given(value)}
        schemes = self._choose_schemes(method, path, auth, all_headers)
        self._apply_static_auth(schemes, all_headers, params, all_cookies)
        encoded = encode_body(body, content_type, form, files, form_types, null_body)
        if encoded.content_type is not None:
            all_headers["Content-Type"] = encoded.content_type
        all_headers.update(headers or {})
        try:
            request = self._http.build_request(
                method,
                self.configuration.host + url_path,
                params=tuple(params),
                headers=encode_headers(all_headers),
                cookies={name: cookie_value(value) for name, value in all_cookies.items()} or None,
                content=encoded.content,
                data=encoded.data,
                files=encoded.files,
                timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
            )
        except httpx.InvalidURL as exc:
            raise InvalidRequestError(f"{method} {self.configuration.host}{path}: not a valid URL ({exc})") from exc
        request.extensions["specgen_auth"] = schemes
        if isinstance(timeout, (int, float)):
            request.extensions["specgen_deadline"] = float(timeout)
        return request

    def deserialize(self, response: httpx.Response, response_type: Any, *, allow_empty: bool = False) -> Any:
        """The response body as ``response_type`` (a type or a TypeAdapter).

        An answer that cannot carry a body (204, 205, 304, or any answer to HEAD)
        gives ``None`` where the method may return it (``allow_empty``), whatever
        bytes came with it; where data is promised, a 304 raises its status error
        and the others :class:`ApiResponseError`.
        """
        if response_type is None:
            return None
        if response.status_code in _BODILESS or response.request.method == "HEAD":
            if allow_empty:
                return None
            if response.status_code == 304:
                raise status_error(response.request, response)
            raise ApiResponseError(
                f"{response.request.method} {safe_url(response.request.url)}: answered {response.status_code} "
                "without a body, expected data"
            )
        if not response.content:
            if allow_empty:
                return None
            raise ApiResponseError(
                f"{response.request.method} {safe_url(response.request.url)}: empty body, expected data"
            )
        if response_type is bytes:
            return response.content
        content_type = response.headers.get("content-type", "")
        if response_type is str and not is_json(content_type):
            return response.text
        adapter = _adapter(response_type)
        try:
            if is_json(content_type) or not content_type:
                return adapter.validate_json(response.content)
            # Another media type for a parsed type: an object or array schema under a
            # vendor type (``application/vnd.github.v3``) describes JSON, and a number
            # or a boolean in ``text/plain`` reads as JSON too; a body that is not JSON
            # (a date, an enum's text) is validated as the text itself.
            try:
                return adapter.validate_json(response.content)
            except ValidationError as exc:
                if exc.errors()[0]["type"] != "json_invalid":
                    raise
            return adapter.validate_python(response.text)
        except ValidationError as exc:
            raise ApiResponseError(
                f"{response.request.method} {safe_url(response.request.url)}: the response does not match "
                f"the declared type: {exc.error_count()} error(s), first: {_first_error(exc)}"
            ) from exc

    def _record(self, request: httpx.Request, response: httpx.Response, started: float) -> None:
        blocks = [seen for client, seen in _captured.get() if client is self]
        if blocks:
            raw = ApiResponse(
                method=request.method,
                url=safe_url(request.url),
                status_code=response.status_code,
                headers=response.headers,
                content=response.content,
                elapsed=time.monotonic() - started,
            )
            for seen in blocks:
                seen.append(raw)

    def _begin_attempt(self, request: httpx.Request, state: CallState) -> BodyLimits:
        """Cut the attempt's timeouts to the deadline; the collector for its body."""
        body = start_attempt(request, state.deadline, self.configuration.max_response_bytes)
        _log.debug("%s %s", request.method, safe_url(request.url))
        return body

    def _decide(
        self, request: httpx.Request, outcome: httpx.Response | httpx.TransportError, state: CallState
    ) -> Decision:
        """:func:`decide` for this client, logged; forgets a refused token."""
        decision = decide(
            request, outcome, state, self.retry_policy, refreshable=self._refreshable(), now=time.monotonic()
        )
        where = f"{request.method} {safe_url(request.url)}"
        if isinstance(decision, Retry):
            _log.debug("%s: %s, retrying in %.2f s", where, decision.why, decision.after)
        elif isinstance(decision, RefreshToken):
            assert self.token_provider is not None
            self.token_provider.invalidate(decision.token)
            _log.debug("%s: token refused (401), renewing it", where)
        return decision


class ApiClient(_BaseClient):
    """Sends the requests of the API classes over one pooled httpx client.

    Use it as a context manager, or call :meth:`close`, to release its
    connections. ``transport`` or ``http_client`` replace the network (tests
    pass ``httpx.MockTransport``).
    """

    def __init__(
        self,
        configuration: Configuration | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        self._setup(configuration)
        self._owns_client = http_client is None
        self.http_client = http_client or httpx.Client(transport=transport, **self.configuration.http_options())
        self._http = self.http_client

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_client:
            self.http_client.close()

    @overload
    def call(
        self, method: str, path: str, *, response_type: None = None, allow_empty: bool = False, **parts: Any
    ) -> None: ...

    @overload
    def call(
        self,
        method: str,
        path: str,
        *,
        response_type: type[T] | TypeAdapter[T],
        allow_empty: Literal[False] = False,
        **parts: Any,
    ) -> T: ...

    @overload
    def call(
        self,
        method: str,
        path: str,
        *,
        response_type: type[T] | TypeAdapter[T],
        allow_empty: Literal[True],
        **parts: Any,
    ) -> T | None: ...

    def call(
        self, method: str, path: str, *, response_type: Any = None, allow_empty: bool = False, **parts: Any
    ) -> Any:
        """Send one operation's request and return its parsed response.

        ``parts`` are those of :meth:`build_request`. With ``allow_empty``, an
        empty success body gives ``None`` instead of an error.
        """
        response = self.send(self.build_request(method, path, **parts))
        return self.deserialize(response, response_type, allow_empty=allow_empty)

    def send(self, request: httpx.Request) -> httpx.Response:
        """Send with retries and token refresh; an error status raises its exception."""
        state = CallState(deadline_for(request, self.configuration.deadline))
        while True:
            if self._wants_bearer(request) or state.refreshed:
                assert self.token_provider is not None
                self._authorize(request, self.token_provider.token(self.http_client))
            match self._decide(request, self._attempt(request, state), state):
                case Return(response):
                    return response
                case Raise(error, cause):
                    raise error from cause
                case Retry(after):
                    time.sleep(after)
                    state = state.retried()
                case RefreshToken():
                    state = state.renewed()

    def _attempt(self, request: httpx.Request, state: CallState) -> httpx.Response | httpx.TransportError:
        """Send ``request`` once and read its body: the response, or the transport failure to decide on."""
        started = time.monotonic()
        body = self._begin_attempt(request, state)
        try:
            response = self.http_client.send(request, stream=True, auth=self._send_auth(request))
            try:
                for chunk in response.iter_bytes():
                    body.add(chunk)
                response._content = body.content()
            finally:
                response.close()
        except httpx.TransportError as exc:
            return exc
        except httpx.HTTPError as exc:  # an undecodable body, too many redirects: not retried
            raise transport_error(request, exc) from exc
        self._record(request, response, started)
        return response


class AsyncApiClient(_BaseClient):
    """The async twin of :class:`ApiClient`, for the ``Async*Api`` classes."""

    def __init__(
        self,
        configuration: Configuration | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        self._setup(configuration)
        self._owns_client = http_client is None
        self.http_client = http_client or httpx.AsyncClient(transport=transport, **self.configuration.http_options())
        self._http = self.http_client

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_client:
            await self.http_client.aclose()

    @overload
    async def call(
        self, method: str, path: str, *, response_type: None = None, allow_empty: bool = False, **parts: Any
    ) -> None: ...

    @overload
    async def call(
        self,
        method: str,
        path: str,
        *,
        response_type: type[T] | TypeAdapter[T],
        allow_empty: Literal[False] = False,
        **parts: Any,
    ) -> T: ...

    @overload
    async def call(
        self,
        method: str,
        path: str,
        *,
        response_type: type[T] | TypeAdapter[T],
        allow_empty: Literal[True],
        **parts: Any,
    ) -> T | None: ...

    async def call(
        self, method: str, path: str, *, response_type: Any = None, allow_empty: bool = False, **parts: Any
    ) -> Any:
        """Send one operation's request and return its parsed response."""
        response = await self.send(self.build_request(method, path, **parts))
        return self.deserialize(response, response_type, allow_empty=allow_empty)

    async def send(self, request: httpx.Request) -> httpx.Response:
        """Send with retries and token refresh; an error status raises its exception."""
        state = CallState(deadline_for(request, self.configuration.deadline))
        while True:
            if self._wants_bearer(request) or state.refreshed:
                assert self.token_provider is not None
                self._authorize(request, await self.token_provider.atoken(self.http_client))
            match self._decide(request, await self._attempt(request, state), state):
                case Return(response):
                    return response
                case Raise(error, cause):
                    raise error from cause
                case Retry(after):
                    await asyncio.sleep(after)
                    state = state.retried()
                case RefreshToken():
                    state = state.renewed()

    async def _attempt(self, request: httpx.Request, state: CallState) -> httpx.Response | httpx.TransportError:
        """Send ``request`` once and read its body: the response, or the transport failure to decide on."""
        started = time.monotonic()
        body = self._begin_attempt(request, state)
        try:
            response = await self.http_client.send(request, stream=True, auth=self._send_auth(request))
            try:
                async for chunk in response.aiter_bytes():
                    body.add(chunk)
                response._content = body.content()
            finally:
                await response.aclose()
        except httpx.TransportError as exc:
            return exc
        except httpx.HTTPError as exc:  # an undecodable body, too many redirects: not retried
            raise transport_error(request, exc) from exc
        self._record(request, response, started)
        return response


# ---------------------------------------------------------------- helpers


def _adapter(response_type: Any) -> TypeAdapter[Any]:
    if isinstance(response_type, TypeAdapter):
        return response_type
    if response_type not in _adapters:
        _adapters[response_type] = TypeAdapter(response_type)
    return _adapters[response_type]


_log = logging.getLogger(__name__)


for _logger in (logging.getLogger("httpx"), _log):
    _logger.addFilter(_REDACTOR)


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "body"
    return f"{where}: {error['msg']}"
