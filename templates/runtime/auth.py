"""Credentials: static tokens, token callables, and OAuth client credentials.

A :class:`TokenProvider` hands the client a bearer token before each request
and is told when the server refused it (401), so the next call fetches a new
one; the client retries the refused request once. Secrets never appear in a
``repr``, a log line or an exception message.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Protocol, runtime_checkable

import httpx

from .exceptions import (
    ApiConnectionError,
    ApiError,
    ApiException,
    ApiResponseError,
    InvalidRequestError,
    UnauthorizedError,
    exception_for_status,
    http_failure,
)

__all__ = ["ClientCredentialsAuth", "StaticToken", "TokenProvider", "as_provider"]

_log = logging.getLogger(__name__)

#: Seconds before expiry at which a cached token counts as expired, at most; a
#: short-lived token is renewed a tenth of its lifetime early instead.
EXPIRY_MARGIN = 60.0


@runtime_checkable
class TokenProvider(Protocol):
    """Supplies bearer tokens; ``invalidate(token)`` is called with the token the server refused."""

    def token(self, http: httpx.Client) -> str: ...

    async def atoken(self, http: httpx.AsyncClient) -> str: ...

    def invalidate(self, token: str | None = None) -> None: ...


class StaticToken:
    """A fixed token (or a callable returning the current one); cannot be refreshed."""

    def __init__(self, token: str | Callable[[], str]) -> None:
        self._token = token

    def _current(self) -> str:
        return self._token() if callable(self._token) else self._token

    def token(self, http: httpx.Client) -> str:
        return self._current()

    async def atoken(self, http: httpx.AsyncClient) -> str:
        return self._current()

    def invalidate(self, token: str | None = None) -> None:
        """A static token cannot be renewed; the 401 reaches the caller."""

    def __repr__(self) -> str:
        return "StaticToken(***)"


def as_provider(value: str | Callable[[], str] | TokenProvider | None) -> TokenProvider | None:
    """A token provider from a token, a callable or a provider."""
    if value is None or isinstance(value, TokenProvider):
        return value
    return StaticToken(value)


class ClientCredentialsAuth:
    """OAuth 2.0 client credentials: a token from ``token_url``, cached until it expires.

    The client id and secret go in HTTP basic auth; ``params`` are added to
    the token request's form, or to its query string with ``params_in_query``
    (``grant_type`` defaults to ``client_credentials``). Thread-safe; one
    fetch at a time.
    """

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        params: Mapping[str, str] | None = None,
        params_in_query: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token_url = token_url
        self.params_in_query = params_in_query
        self.client_id = client_id
        self._client_secret = client_secret
        self.params = {"grant_type": "client_credentials", **(params or {})}
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._margin = EXPIRY_MARGIN
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self._async_lock_loop: asyncio.AbstractEventLoop | None = None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(token_url={self.token_url!r}, client_id={self.client_id!r}, client_secret=***)"

    def invalidate(self, token: str | None = None) -> None:
        """Forget ``token``, the one the server refused (None: whatever is cached).

        A token fetched since, by a concurrent call that saw the same refusal,
        is kept: many calls refused at once renew the token once.
        """
        with self._lock:
            if token is None or token == self._token:
                self._token = None
                self._expires_at = 0.0

    def _valid(self) -> str | None:
        if self._token is not None and self._clock() < self._expires_at - self._margin:
            return self._token
        return None

    def _request(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        pair = f"{self.client_id}:{self._client_secret}".encode()
        headers = {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii"), "Accept": "application/json"}
        try:
            if self.params_in_query:
                return http.build_request("POST", self.token_url, params=self.params, headers=headers)
            return http.build_request("POST", self.token_url, data=self.params, headers=headers)
        except httpx.InvalidURL as exc:
            raise InvalidRequestError(f"token_url is not a valid URL ({exc})") from exc

    def _accept(self, response: httpx.Response) -> str:
        if not response.is_success:
            body = _safe_json(response)
            raise _token_failure(response, body)(
                response.status_code,
                response.reason_phrase,
                method="POST",
                url=_without_query(self.token_url),
                headers=dict(response.headers),
                body=body,
            )
        data = _safe_json(response)
        if not isinstance(data, dict) or not isinstance(data.get("access_token"), str):
            raise ApiConnectionError(
                f"token endpoint {_without_query(self.token_url)} answered without an access_token"
            )
        if not _sendable(data["access_token"]):
            raise ApiResponseError(
                f"token endpoint {_without_query(self.token_url)} answered with an access_token that cannot go "
                "in a header (a line break, NUL or non-ASCII character)"
            )
        self._token = data["access_token"]
        lifetime = _lifetime(data.get("expires_in"))
        self._expires_at = self._clock() + lifetime
        self._margin = min(EXPIRY_MARGIN, lifetime / 10)
        return self._token

    def token(self, http: httpx.Client) -> str:
        with self._lock:
            cached = self._valid()
            if cached is not None:
                return cached
            request = self._request(http)
            _log.debug("fetching a token from %s", _without_query(self.token_url))
            try:
                response = http.send(request)
            except httpx.HTTPError as exc:
                raise _unreachable(self.token_url, exc) from exc
            return self._accept(response)

    async def atoken(self, http: httpx.AsyncClient) -> str:
        # One fetch at a time per event loop: concurrent first calls wait for
        # the token the first one fetches.
        loop = asyncio.get_running_loop()
        if self._async_lock is None or self._async_lock_loop is not loop:
            self._async_lock, self._async_lock_loop = asyncio.Lock(), loop
        async with self._async_lock:
            cached = self._valid()
            if cached is not None:
                return cached
            request = self._request(http)
            _log.debug("fetching a token from %s", _without_query(self.token_url))
            try:
                response = await http.send(request)
            except httpx.HTTPError as exc:
                raise _unreachable(self.token_url, exc) from exc
            with self._lock:
                return self._accept(response)


def _token_failure(response: httpx.Response, body: object) -> type[ApiException]:
    """The error for a token endpoint's failure status. Only a refusal of the credentials
    (401, or 400 with OAuth's ``invalid_client``, ``invalid_grant`` or ``unauthorized_client``)
    is :class:`UnauthorizedError`; a 5xx, a 429 or a request the endpoint rejects raise
    their status's own error, as any API call's would."""
    error = body.get("error") if isinstance(body, dict) else None
    if response.status_code == 400 and error in _REFUSALS:
        return UnauthorizedError
    return exception_for_status(response.status_code)


#: OAuth 2.0 error codes (RFC 6749, 5.2) that mean the credentials themselves were refused.
_REFUSALS = frozenset({"invalid_client", "invalid_grant", "unauthorized_client"})


def _safe_json(response: httpx.Response) -> object:
    try:
        return response.json()
    except (ValueError, RecursionError):  # not JSON, or nested too deep to parse
        return None


def _lifetime(value: object) -> float:
    """``expires_in`` in seconds; a missing, non-numeric or non-positive one counts as an hour."""
    try:
        seconds = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 3600.0
    return seconds if math.isfinite(seconds) and seconds > 0 else 3600.0


def _unreachable(url: str, exc: httpx.HTTPError) -> ApiError:
    """The ApiError for a token request that got no usable answer (the caller chains ``exc``)."""
    return http_failure(f"token endpoint {_without_query(url)}", exc)


def _without_query(url: str) -> str:
    """``url`` without its query string, which may carry a secret."""
    return str(httpx.URL(url).copy_with(query=None))


_HEADER_BREAK = re.compile("[\r\n\x00]")


def _sendable(token: str) -> bool:
    """Whether ``token`` can go in an Authorization header as it is: ASCII, no line break or NUL."""
    return token.isascii() and not _HEADER_BREAK.search(token)
