"""Errors raised by the client, one class per kind of failure.

Every HTTP error is an :class:`ApiException` whose subclass tells the status
class, so callers can catch exactly what they handle::

    try:
        api.user("me")
    except NotFoundError:
        ...
    except RateLimitError as error:
        wait(error.retry_after)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from .retry import server_wait

__all__ = [
    "ApiConnectionError",
    "ApiError",
    "ApiException",
    "ApiResponseError",
    "ApiTimeoutError",
    "BadRequestError",
    "ConflictError",
    "ForbiddenError",
    "InvalidRequestError",
    "NotFoundError",
    "RateLimitError",
    "ResponseTooLargeError",
    "ServerError",
    "UnauthorizedError",
    "exception_for_status",
    "http_failure",
]


class ApiError(Exception):
    """Base of every error this package raises."""


class ApiException(ApiError):
    """The server answered with a status that is not a success.

    ``body`` is the parsed JSON error body when there is one (else the text);
    ``code`` and ``message`` are taken from it when it has those fields.
    ``url`` carries no query string, so no secret passed there is repeated.
    """

    def __init__(
        self,
        status: int,
        reason: str,
        *,
        method: str,
        url: str,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> None:
        self.status = status
        self.reason = reason
        self.method = method
        self.url = url
        self.headers: Mapping[str, str] = dict(headers or {})
        self.body = body
        self.code: Any = body.get("code") if isinstance(body, Mapping) else None
        message = body.get("message") if isinstance(body, Mapping) else None
        self.message: str | None = str(message) if message is not None else None
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.method} {self.url} -> {self.status} {self.reason}".rstrip()
        if self.code is not None or self.message:
            details = ": ".join(str(part) for part in (self.code, self.message) if part is not None)
            text += f" ({details})"
        return text

    @property
    def retry_after(self) -> float | None:
        """Seconds the server asked to wait, when it said (``Retry-After`` as
        seconds, an HTTP date or an ISO time; else ``X-RateLimit-Reset``)."""
        return server_wait(self.headers)


class BadRequestError(ApiException):
    """400: the request was malformed or failed validation."""


class UnauthorizedError(ApiException):
    """401: credentials are missing, wrong or expired."""


class ForbiddenError(ApiException):
    """403: the credentials lack a needed scope or permission."""


class NotFoundError(ApiException):
    """404: no such resource."""


class ConflictError(ApiException):
    """409: the request conflicts with the resource's state."""


class RateLimitError(ApiException):
    """429: too many requests; see :attr:`retry_after`."""


class ServerError(ApiException):
    """5xx: the server failed."""


class ApiConnectionError(ApiError):
    """No response: the connection failed or was refused."""


class ApiTimeoutError(ApiConnectionError):
    """No response in time."""


class InvalidRequestError(ApiError, ValueError):
    """The call's arguments cannot be sent as they are (nothing was sent): an empty path
    parameter, a header value with a line break. Also a ``ValueError``."""


class ApiResponseError(ApiError):
    """A success response whose body does not match the declared type."""


class ResponseTooLargeError(ApiResponseError):
    """The response body is larger than ``Configuration.max_response_bytes``; it was not read whole."""


_BY_STATUS: dict[int, type[ApiException]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    429: RateLimitError,
}


def http_failure(where: str, exc: httpx.HTTPError) -> ApiError:
    """The ApiError for an httpx failure at ``where`` (the caller chains ``exc``): a body
    that cannot be decoded is the response's fault; anything else (no connection, a
    timeout, too many redirects) is the connection's."""
    if isinstance(exc, httpx.DecodingError):
        return ApiResponseError(f"{where}: the response body cannot be decoded ({type(exc).__name__})")
    kind = ApiTimeoutError if isinstance(exc, httpx.TimeoutException) else ApiConnectionError
    return kind(f"{where} failed: {type(exc).__name__}")


def exception_for_status(status: int) -> type[ApiException]:
    """The exception class for an HTTP error status."""
    if status in _BY_STATUS:
        return _BY_STATUS[status]
    if status >= 500:
        return ServerError
    return ApiException
