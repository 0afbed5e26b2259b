"""Credentials: static tokens, token callables, OAuth client credentials, and
which of a call's security schemes the client uses and how it sends them.

A :class:`TokenProvider` hands the client a bearer token before each request
and is told when the server refused it (401), so the next call fetches a new
one; the client retries the refused request once. Secrets never appear in a
``repr``, a log line (the redactor here filters the loggers) or an exception message.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import math
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable
from urllib.parse import quote, quote_plus

import httpx

from ._sending import safe_url
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

if TYPE_CHECKING:
    from .configuration import Configuration

__all__ = ["ClientCredentialsAuth", "StaticToken", "TokenProvider", "as_provider"]

#: Security schemes by name, as ``_metadata.SECURITY_SCHEMES`` holds them (OpenAPI ``securitySchemes``).
Schemes = Mapping[str, Mapping[str, str]]

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


class _SchemeAuth:
    """Choosing a call's security scheme and putting its credentials on the request:
    the base of the API clients, which set ``_schemes`` to their package's schemes."""

    _schemes: Schemes
    configuration: Configuration
    token_provider: TokenProvider | None
    _unauthorized_warned: set[tuple[str, str]]

    def _has_credential(self, name: str) -> bool:
        """Whether the configuration holds what scheme ``name`` sends."""
        config = self.configuration
        scheme = self._schemes.get(name, {})
        kind = scheme.get("type")
        if kind == "apiKey":
            return name in config.api_key
        if kind == "http" and scheme.get("scheme") in ("basic", "digest"):
            return config.username is not None
        if kind == "mutualTLS":
            return config.cert is not None
        return self.token_provider is not None

    def _choose_schemes(
        self, method: str, path: str, alternatives: Iterable[str | tuple[str, ...]], headers: Mapping[str, str]
    ) -> tuple[str, ...]:
        """The first way to authorize the call whose credentials are all configured.

        When none is, and the call cannot go without one, it goes without (a
        gateway may add the credential, or the caller set the header itself)
        and a warning names what to configure, once per client and operation.
        """
        options = [(item,) if isinstance(item, str) else tuple(item) for item in alternatives]
        for option in options:
            if option and all(self._has_credential(name) for name in option):
                return option
        if not options or any(not option for option in options):
            return ()
        wanted = [name for option in options for name in option if not self._has_credential(name)]
        if any(_credential_where(self._schemes, name).lower() in {h.lower() for h in headers} for name in wanted):
            return ()  # the caller put the credential in a header of its own
        key = (method, path)
        if key not in self._unauthorized_warned:
            self._unauthorized_warned.add(key)
            needs = " or ".join(
                " and ".join(_credential_help(self._schemes, name) for name in option) for option in options
            )
            _log.warning("%s %s: no credential configured for it, sent without one; it needs %s", method, path, needs)
        return ()

    def _apply_static_auth(
        self, schemes: tuple[str, ...], headers: dict[str, str], params: list[tuple[str, str]], cookies: dict[str, str]
    ) -> None:
        """API keys and basic credentials; bearer tokens and digest answers are added at sending time."""
        config = self.configuration
        for name in schemes:
            scheme = self._schemes.get(name, {})
            kind = scheme.get("type")
            if kind == "apiKey":
                where, key = scheme.get("in", "header"), scheme.get("name", name)
                if where == "query":
                    params.append((key, config.api_key[name]))
                    _REDACTOR.add_query_names(key)  # httpx logs the URL: redact this one by name
                elif where == "cookie":
                    cookies[key] = config.api_key[name]
                else:
                    headers[key] = config.api_key[name]
            elif kind == "http" and scheme.get("scheme") == "basic":
                pair = f"{config.username}:{config.password or ''}".encode()
                headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")

    def _send_auth(self, request: httpx.Request) -> httpx.DigestAuth | None:
        """httpx's digest flow when the call uses HTTP digest (it answers the server's challenge)."""
        for name in request.extensions.get("specgen_auth", ()):
            scheme = self._schemes.get(name, {})
            if scheme.get("type") == "http" and scheme.get("scheme") == "digest":
                return httpx.DigestAuth(self.configuration.username or "", self.configuration.password or "")
        return None

    def _token_scheme(self, request: httpx.Request) -> str | None:
        """The Authorization scheme a token goes under for this call (``Bearer``), or None."""
        for name in request.extensions.get("specgen_auth", ()):
            scheme = self._schemes.get(name, {})
            if scheme.get("type") in ("oauth2", "openIdConnect") or (
                scheme.get("type") == "http" and scheme.get("scheme") not in ("basic", "digest")
            ):
                http_scheme = scheme.get("scheme", "bearer") if scheme.get("type") == "http" else "bearer"
                return http_scheme[:1].upper() + http_scheme[1:]
        return None

    def _wants_bearer(self, request: httpx.Request) -> bool:
        return (
            self.token_provider is not None
            and "authorization" not in request.headers
            and self._token_scheme(request) is not None
        )

    def _authorize(self, request: httpx.Request, token: str) -> None:
        """Put ``token`` in the request's Authorization header, unless it cannot go in one."""
        if not _sendable(token):
            # A line break would end the header and start another; httpx cannot encode non-ASCII.
            raise InvalidRequestError(
                f"{request.method} {safe_url(request.url)}: the bearer token holds a line break, NUL or "
                "non-ASCII character: not sent"
            )
        request.headers["Authorization"] = f"{self._token_scheme(request) or 'Bearer'} {token}"
        request.extensions["specgen_token"] = token

    def _refreshable(self) -> bool:
        return self.token_provider is not None and not isinstance(self.token_provider, StaticToken)


def _credential_where(schemes: Schemes, name: str) -> str:
    """The header an API key scheme fills (``Authorization`` for the others)."""
    scheme = schemes.get(name, {})
    if scheme.get("type") == "apiKey" and scheme.get("in", "header") == "header":
        return scheme.get("name", name)
    return "Authorization"


def _credential_help(schemes: Schemes, name: str) -> str:
    """What to configure for scheme ``name``, as a caller would write it."""
    scheme = schemes.get(name, {})
    kind = scheme.get("type")
    if kind == "apiKey":
        return f"api_key={{{name!r}: ...}} (its {scheme.get('in', 'header')} {scheme.get('name', name)!r})"
    if kind == "http" and scheme.get("scheme") in ("basic", "digest"):
        return f"username= and password= (HTTP {scheme.get('scheme')})"
    if kind == "mutualTLS":
        return "cert= (a TLS client certificate)"
    return "access_token= or token_provider="


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


_MIN_SECRET = 6


class _Redactor(logging.Filter):
    """Writes ``***`` for every configured secret (as it is, and as a URL carries it),
    and for the value of every query parameter that carries an API key, however short.

    Installed on the loggers of httpx (which logs each request's whole URL) and of
    this package. Clients in any thread may add secrets while others log: the filter
    reads snapshots that are replaced whole, never changed in place.
    """

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()  # longest first
        self._names: frozenset[str] = frozenset()
        self._in_query: re.Pattern[str] | None = None

    def add(self, *secrets: str | None) -> None:
        # Shorter values are no credential, and redacting them everywhere would maim every line.
        found = {
            form
            for secret in secrets
            if secret and len(secret) >= _MIN_SECRET
            for form in (secret, quote(secret, safe=""), quote_plus(secret))
        }
        with self._lock:
            if not found.issubset(self._secrets):
                self._secrets = tuple(sorted(found.union(self._secrets), key=len, reverse=True))

    def add_query_names(self, *names: str) -> None:
        found = {form for name in names for form in (name, quote(name, safe=""), quote_plus(name))}
        with self._lock:
            if not found.issubset(self._names):
                self._names = self._names.union(found)
                alternatives = "|".join(re.escape(name) for name in sorted(self._names, key=len, reverse=True))
                self._in_query = re.compile(f"([?&](?:{alternatives})=)[^&#\\s\"']*")

    def filter(self, record: logging.LogRecord) -> bool:
        secrets, in_query = self._secrets, self._in_query
        if secrets or in_query is not None:
            message = record.getMessage()
            redacted = in_query.sub(r"\1***", message) if in_query is not None else message
            for secret in secrets:
                redacted = redacted.replace(secret, "***")
            if redacted != message:
                record.msg, record.args = redacted, ()
        return True


_REDACTOR = _Redactor()
