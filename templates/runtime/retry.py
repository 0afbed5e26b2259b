"""When to retry a request, and how long to wait first.

429 is retried for every method (the server did not act on the request).
408 and 5xx are retried only for idempotent methods unless the policy says
otherwise, and so are connection failures after the request may have been
sent; a connection that was never made is safe to retry for any method.
Waits grow exponentially with full jitter, and a server's ``Retry-After``
(seconds, an HTTP date or an ISO 8601 time) or ``X-RateLimit-Reset`` wins.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

__all__ = ["IDEMPOTENT_METHODS", "RetryPolicy", "server_wait"]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
_RETRY_STATUSES = frozenset({408, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry and how long to wait; ``retries=0`` disables it."""

    retries: int = 2
    backoff_factor: float = 0.5
    max_backoff: float = 30.0
    #: A server asking to wait longer than this is not waited for: the error
    #: reaches the caller (e.g. a daily rate limit that resets in hours).
    max_retry_wait: float = 60.0
    retry_non_idempotent: bool = False
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def should_retry_status(self, method: str, status: int, attempt: int) -> bool:
        if attempt >= self.retries:
            return False
        if status == 429:
            return True
        return status in _RETRY_STATUSES and (method.upper() in IDEMPOTENT_METHODS or self.retry_non_idempotent)

    def should_retry_error(self, method: str, error: Exception, attempt: int) -> bool:
        if attempt >= self.retries:
            return False
        if isinstance(error, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
            return True  # the request never reached the server
        return isinstance(error, httpx.TransportError) and (
            method.upper() in IDEMPOTENT_METHODS or self.retry_non_idempotent
        )

    def backoff(self, attempt: int) -> float:
        """Exponential backoff with full jitter for retry number ``attempt`` (0-based)."""
        return min(self.max_backoff, self.backoff_factor * 2.0**attempt) * self.random()

    def wait_for(self, attempt: int, headers: Mapping[str, str] | None = None) -> float | None:
        """Seconds to wait before the next try, or None if the server asks for too long."""
        asked = server_wait(headers or {})
        if asked is None:
            return self.backoff(attempt)
        return asked if asked <= self.max_retry_wait else None


def server_wait(headers: Mapping[str, str]) -> float | None:
    """The wait a response asks for: ``Retry-After`` first, then ``X-RateLimit-Reset``."""
    lowered = {k.lower(): v for k, v in headers.items()}
    value = lowered.get("retry-after")
    if value is not None:
        return _seconds_until(value.strip())
    reset = lowered.get("x-ratelimit-reset")
    if reset is not None:
        try:
            number = float(reset)
        except ValueError:
            return _seconds_until(reset.strip())
        # Epoch seconds when large, else seconds from now.
        return max(0.0, number - time.time()) if number > 1e9 else max(0.0, number)
    return None


def _seconds_until(value: str) -> float | None:
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    moment: datetime | None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - datetime.now(UTC)).total_seconds())
