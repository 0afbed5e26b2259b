"""One call's attempts: what to do after each, within the call's deadline and size cap.

:func:`decide` is the whole policy and does no I/O: given what an attempt
ended with (a response, or a transport failure) and where the call stands, it
returns a :data:`Decision` (return the response, retry after a wait, renew the
token and resend, or raise). The sync and async clients only carry it out:
send, read, sleep, fetch a token.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import httpx

from .exceptions import (
    ApiError,
    ApiException,
    ApiTimeoutError,
    ResponseTooLargeError,
    exception_for_status,
    http_failure,
)
from .retry import RetryPolicy


@dataclass(frozen=True)
class Return:
    """The response is the call's answer."""

    response: httpx.Response


@dataclass(frozen=True)
class Retry:
    """Send the request again after ``after`` seconds; ``why`` (a status, an error's name) is for the log."""

    after: float
    why: str


@dataclass(frozen=True)
class RefreshToken:
    """The server refused ``token`` (401): forget it, fetch a new one and resend at once."""

    token: str | None


@dataclass(frozen=True)
class Raise:
    """The call fails with ``error``, raised from ``cause``."""

    error: ApiError
    cause: BaseException | None = None


#: What to do after an attempt.
Decision = Return | Retry | RefreshToken | Raise


@dataclass(frozen=True)
class CallState:
    """Where a call stands: the attempts already retried, whether its token was renewed,
    and the ``time.monotonic()`` by which it must be over (None: no deadline)."""

    deadline: float | None
    attempt: int = 0
    refreshed: bool = False

    def retried(self) -> CallState:
        return replace(self, attempt=self.attempt + 1)

    def renewed(self) -> CallState:
        return replace(self, refreshed=True)


def decide(
    request: httpx.Request,
    outcome: httpx.Response | httpx.TransportError,
    state: CallState,
    policy: RetryPolicy,
    *,
    refreshable: bool,
    now: float,
) -> Decision:
    """What to do after an attempt of ``request`` ended with ``outcome``, at ``now``
    (``time.monotonic()``). A refused token is renewed once, when the provider can
    renew it; a success (or 304) is returned; a retryable failure is retried while the
    policy allows and the wait ends before the deadline; anything else raises."""
    if isinstance(outcome, httpx.TransportError):
        if policy.should_retry_error(request.method, outcome, state.attempt):
            backoff = policy.backoff(state.attempt)
            if _fits(state.deadline, now, backoff):
                return Retry(backoff, type(outcome).__name__)
        return Raise(transport_error(request, outcome), outcome)
    response = outcome
    if response.status_code == 401 and not state.refreshed and refreshable and "specgen_token" in request.extensions:
        return RefreshToken(request.extensions.get("specgen_token"))
    # 304 (not modified) carries no body to parse, and is no failure either.
    if response.is_success or response.status_code == 304:
        return Return(response)
    if policy.should_retry_status(request.method, response.status_code, state.attempt):
        wait = policy.wait_for(state.attempt, response.headers)
        if wait is not None and _fits(state.deadline, now, wait):
            return Retry(wait, str(response.status_code))
    return Raise(status_error(request, response))


def _fits(deadline: float | None, now: float, wait: float) -> bool:
    """Whether waiting ``wait`` seconds from ``now`` still leaves time for another attempt."""
    return deadline is None or now + wait < deadline


def deadline_for(request: httpx.Request, default: float | None) -> float | None:
    """The ``time.monotonic()`` by which the whole call (every attempt, every wait) is over:
    the call's ``_request_timeout`` in seconds, else ``default``; None for none."""
    seconds = request.extensions.get("specgen_deadline", default)
    return time.monotonic() + seconds if seconds is not None else None


def start_attempt(request: httpx.Request, deadline: float | None, cap: int | None) -> BodyLimits:
    """Cut the attempt's httpx timeouts (connect, each read, each write, pool) to the time
    left before the deadline, and return the collector that reads its body."""
    if deadline is not None:
        left = deadline - time.monotonic()
        if left <= 0:
            raise ApiTimeoutError(f"{request.method} {safe_url(request.url)}: no response before the call's deadline")
        configured = request.extensions.setdefault("specgen_timeout", dict(request.extensions.get("timeout", {})))
        request.extensions["timeout"] = {
            phase: min(configured.get(phase) or left, left) for phase in ("connect", "read", "write", "pool")
        }
    return BodyLimits(request, deadline, cap)


class BodyLimits:
    """Collects a response body as it streams in, enforcing the call's deadline and the
    size cap chunk by chunk, so a trickling or endless body cannot hold a call forever
    or fill memory (a stalled one meets the read timeout, cut to the deadline)."""

    def __init__(self, request: httpx.Request, deadline: float | None, cap: int | None) -> None:
        self.request, self.deadline, self.cap = request, deadline, cap
        self.parts: list[bytes] = []
        self.size = 0

    def add(self, chunk: bytes) -> None:
        self.size += len(chunk)
        where = f"{self.request.method} {safe_url(self.request.url)}"
        if self.cap is not None and self.size > self.cap:
            raise ResponseTooLargeError(f"{where}: the response body is larger than max_response_bytes ({self.cap})")
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise ApiTimeoutError(f"{where}: the response did not arrive before the call's deadline")
        self.parts.append(chunk)

    def content(self) -> bytes:
        return b"".join(self.parts)


def transport_error(request: httpx.Request, exc: httpx.HTTPError) -> ApiError:
    """The ApiError for an httpx failure of ``request`` (the caller chains ``exc``)."""
    return http_failure(f"{request.method} {safe_url(request.url)}", exc)


def status_error(request: httpx.Request, response: httpx.Response) -> ApiException:
    """The exception for an error status, carrying the parsed error body."""
    return exception_for_status(response.status_code)(
        response.status_code,
        response.reason_phrase,
        method=request.method,
        url=safe_url(request.url),
        headers=dict(response.headers),
        body=_error_body(response),
    )


def safe_url(url: httpx.URL) -> str:
    """The URL without its query string, which may carry an API key."""
    return str(url.copy_with(query=None))


def _error_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except (ValueError, RecursionError):  # not JSON, or nested too deep to parse
        return response.text
