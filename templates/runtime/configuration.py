"""Settings of a client: where the API is, credentials, timeouts, TLS, proxy."""

from __future__ import annotations

import ssl
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ._metadata import SECURITY_SCHEMES, SERVERS
from .auth import TokenProvider

__all__ = ["Configuration"]

#: Largest response body read, in bytes (decoded); None for no limit.
MAX_RESPONSE_BYTES = 256 * 1024 * 1024
#: Seconds to wait for a connection and for each read or write.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class Configuration:
    """How to reach the API and who to be.

    ``host`` defaults to the first server the spec names. Credentials, each
    used by the operations whose security scheme calls for it: a static
    ``access_token`` or a ``token_provider`` (a callable returning the current
    token, or a :class:`~.auth.TokenProvider` such as
    :class:`~.auth.ClientCredentialsAuth` that fetches, caches and renews one)
    for OAuth 2, OpenID Connect and HTTP bearer schemes; ``api_key``, values
    by security scheme name (one string: the same key for every API key
    scheme), sent where each scheme says (header, query or cookie);
    ``username`` and ``password`` for HTTP basic and digest; ``cert`` for
    mutual TLS. None of them is ever shown by ``repr``.

    ``retries`` (0 disables them), ``backoff_factor``, ``max_retry_wait`` and
    ``retry_non_idempotent`` tune :class:`~.retry.RetryPolicy`.

    ``deadline`` (seconds, None for none) bounds each call as a whole: every
    attempt, every wait between retries, however slowly the server sends; no
    retry starts that could not end in time, and each httpx timeout is cut to
    the time left (a call's ``_request_timeout`` in seconds is its deadline).
    ``max_response_bytes`` caps a response body (decoded), read as it streams:
    past it the call raises :class:`~.exceptions.ResponseTooLargeError`.
    """

    def __init__(
        self,
        host: str | None = None,
        *,
        access_token: str | None = None,
        token_provider: Callable[[], str] | TokenProvider | None = None,
        api_key: str | Mapping[str, str] | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        verify: bool | str | ssl.SSLContext = True,
        cert: str | tuple[str, str] | None = None,
        proxy: str | None = None,
        headers: Mapping[str, str] | None = None,
        user_agent: str | None = None,
        retries: int = 2,
        backoff_factor: float = 0.5,
        max_retry_wait: float = 60.0,
        retry_non_idempotent: bool = False,
        deadline: float | None = None,
        max_response_bytes: int | None = MAX_RESPONSE_BYTES,
    ) -> None:
        self.host = (host if host is not None else (SERVERS[0] if SERVERS else "")).rstrip("/")
        self.access_token = access_token
        self.token_provider = token_provider
        if isinstance(api_key, str):
            api_key = {name: api_key for name, scheme in SECURITY_SCHEMES.items() if scheme.get("type") == "apiKey"}
        self.api_key = dict(api_key or {})
        self.username = username
        self.password = password
        if timeout is None:
            timeout = DEFAULT_TIMEOUT
        self.timeout = httpx.Timeout(timeout) if isinstance(timeout, (int, float)) else timeout
        self.verify = verify
        self.cert = cert
        self.proxy = proxy
        self.headers = dict(headers or {})
        self.user_agent = user_agent
        self.retries = max(0, retries)
        self.backoff_factor = backoff_factor
        self.max_retry_wait = max_retry_wait
        self.retry_non_idempotent = retry_non_idempotent
        self.deadline = deadline
        self.max_response_bytes = max_response_bytes

    def http_options(self) -> dict[str, Any]:
        """What the httpx client is built with: timeouts, TLS and proxy settings."""
        return {"timeout": self.timeout, "verify": self.verify, "cert": self.cert, "proxy": self.proxy}

    def __repr__(self) -> str:
        secrets = [
            name
            for name, value in (
                ("access_token", self.access_token),
                ("token_provider", self.token_provider),
                ("api_key", self.api_key),
                ("password", self.password),
            )
            if value
        ]
        hidden = "".join(f", {name}=***" for name in secrets)
        return f"Configuration(host={self.host!r}{hidden})"
