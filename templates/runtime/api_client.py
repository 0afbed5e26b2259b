"""The HTTP side of every API class: building requests, sending them, reading replies.

Generated API methods stay thin: each one hands :meth:`ApiClient.call` the
operation's method, path template and argument values, and gets back the
parsed result or an exception from :mod:`.exceptions`.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import os
import platform
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import IO, Any, Literal, TypeVar, overload
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from ._metadata import PACKAGE, SECURITY_SCHEMES, VERSION
from .configuration import Configuration
from .exceptions import (
    ApiConnectionError,
    ApiResponseError,
    ApiTimeoutError,
    exception_for_status,
)

__all__ = ["ApiClient", "FileInput", "Style"]

T = TypeVar("T")

#: A file to upload: raw bytes, a path, an open binary file, or a tuple
#: ``(filename, content)`` / ``(filename, content, content_type)``.
FileInput = (
    bytes
    | str
    | os.PathLike[str]
    | IO[bytes]
    | tuple[str, bytes | IO[bytes]]
    | tuple[str, bytes | IO[bytes], str]
)

#: How a parameter value is written (OpenAPI ``style``, ``explode``).
Style = tuple[str, bool]

_DEFAULT_STYLES: dict[str, Style] = {
    "path": ("simple", False),
    "query": ("form", True),
    "header": ("simple", False),
    "cookie": ("form", True),
}
_DELIMITERS = {"form": ",", "simple": ",", "spaceDelimited": " ", "pipeDelimited": "|"}
_adapters: dict[Any, TypeAdapter[Any]] = {}


class ApiClient:
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
        self.configuration = configuration or Configuration()
        config = self.configuration
        self._owns_client = http_client is None
        self.http_client = http_client or httpx.Client(
            timeout=config.timeout,
            verify=config.verify,
            cert=config.cert,
            proxy=config.proxy,
            transport=transport,
        )

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_client:
            self.http_client.close()

    @property
    def user_agent(self) -> str:
        return self.configuration.user_agent or (
            f"{PACKAGE}/{VERSION} python-httpx/{httpx.__version__} python/{platform.python_version()}"
        )

    # ----------------------------------------------------------------- call

    @overload
    def call(
        self,
        method: str,
        path: str,
        *,
        response_type: None = None,
        allow_empty: bool = False,
        **parts: Any,
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
        self,
        method: str,
        path: str,
        *,
        response_type: Any = None,
        allow_empty: bool = False,
        **parts: Any,
    ) -> Any:
        """Send one operation's request and return its parsed response.

        ``parts`` are those of :meth:`build_request`. With ``allow_empty``, an
        empty success body gives ``None`` instead of an error.
        """
        request = self.build_request(method, path, **parts)
        response = self.send(request, timeout=parts.get("timeout"))
        return self.deserialize(response, response_type, allow_empty=allow_empty)

    def build_request(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        header_params: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        styles: Mapping[str, Style] | None = None,
        body: Any = None,
        content_type: str | None = None,
        form: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        accept: str | None = None,
        auth: Iterable[str] = (),
        timeout: float | httpx.Timeout | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Request:
        """The :class:`httpx.Request` for one call; nothing is sent."""
        styles = styles or {}
        url_path = path
        for name, value in (path_params or {}).items():
            style = styles.get(name, _DEFAULT_STYLES["path"])
            url_path = url_path.replace("{" + name + "}", _path_value(value, style))
        params = [
            pair
            for name, value in (query or {}).items()
            if value is not None
            for pair in _query_pairs(name, value, styles.get(name, _DEFAULT_STYLES["query"]))
        ]
        all_headers = {"User-Agent": self.user_agent, **self.configuration.headers}
        if accept:
            all_headers["Accept"] = accept
        for name, value in (header_params or {}).items():
            if value is not None:
                all_headers[name] = _delimited(value, styles.get(name, _DEFAULT_STYLES["header"]))
        all_cookies = {name: _text(value) for name, value in (cookies or {}).items() if value is not None}
        self._apply_auth(auth, all_headers, params, all_cookies)
        content: bytes | None = None
        data: dict[str, Any] | None = None
        upload: list[tuple[str, Any]] | None = None
        if files or (form is not None and content_type == "multipart/form-data"):
            data = {k: _form_text(v) for k, v in (form or {}).items() if v is not None}
            upload = [
                (name, _file_part(item))
                for name, value in (files or {}).items()
                if value is not None
                for item in (value if isinstance(value, list) else [value])
            ]
        elif form is not None:
            data = {k: _form_text(v) for k, v in form.items() if v is not None}
        elif body is not None:
            content_type = content_type or "application/json"
            if _is_json(content_type):
                content = json.dumps(to_jsonable(body), separators=(",", ":"), ensure_ascii=False).encode()
            elif isinstance(body, bytes):
                content = body
            else:
                content = str(body).encode()
            all_headers["Content-Type"] = content_type
        all_headers.update(headers or {})
        request = self.http_client.build_request(
            method,
            self.configuration.host + url_path,
            params=params,
            headers=all_headers,
            cookies=all_cookies or None,
            content=content,
            data=data,
            files=upload,
            timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT,
        )
        return request

    def send(self, request: httpx.Request, *, timeout: float | httpx.Timeout | None = None) -> httpx.Response:
        """Send a built request; transport failures become :mod:`.exceptions` types."""
        try:
            response = self.http_client.send(request)
            response.read()
        except httpx.TimeoutException as exc:
            raise ApiTimeoutError(f"{request.method} {_safe_url(request.url)} timed out: {type(exc).__name__}") from exc
        except httpx.TransportError as exc:
            raise ApiConnectionError(f"{request.method} {_safe_url(request.url)} failed: {type(exc).__name__}") from exc
        if not response.is_success:
            raise exception_for_status(response.status_code)(
                response.status_code,
                response.reason_phrase,
                method=request.method,
                url=_safe_url(request.url),
                headers=dict(response.headers),
                body=_error_body(response),
            )
        return response

    def deserialize(self, response: httpx.Response, response_type: Any, *, allow_empty: bool = False) -> Any:
        """The response body as ``response_type`` (a type or a TypeAdapter)."""
        if response_type is None:
            return None
        if not response.content:
            if allow_empty:
                return None
            raise ApiResponseError(f"{response.request.method} {_safe_url(response.request.url)}: empty body, expected data")
        if response_type is bytes:
            return response.content
        content_type = response.headers.get("content-type", "")
        if response_type is str and not _is_json(content_type):
            return response.text
        adapter = _adapter(response_type)
        try:
            if _is_json(content_type) or not content_type:
                return adapter.validate_json(response.content)
            return adapter.validate_python(response.text)
        except ValidationError as exc:
            raise ApiResponseError(
                f"{response.request.method} {_safe_url(response.request.url)}: the response does not match "
                f"the declared type: {exc.error_count()} error(s), first: {_first_error(exc)}"
            ) from exc

    # ------------------------------------------------------------------ auth

    def _apply_auth(
        self, schemes: Iterable[str], headers: dict[str, str], params: list[tuple[str, str]], cookies: dict[str, str]
    ) -> None:
        config = self.configuration
        for name in schemes:
            scheme = SECURITY_SCHEMES.get(name, {})
            kind = scheme.get("type")
            if kind == "apiKey" and name in config.api_key:
                where, key = scheme.get("in", "header"), scheme.get("name", name)
                if where == "query":
                    params.append((key, config.api_key[name]))
                elif where == "cookie":
                    cookies[key] = config.api_key[name]
                else:
                    headers[key] = config.api_key[name]
                return
            if kind == "http" and scheme.get("scheme") == "basic" and config.username is not None:
                pair = f"{config.username}:{config.password or ''}".encode()
                headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
                return
            if kind in ("oauth2", "openIdConnect", "http"):
                token = config.bearer_token()
                if token:
                    headers["Authorization"] = f"Bearer {token}"
                    return


# ---------------------------------------------------------------- helpers


def to_jsonable(value: Any) -> Any:
    """Models (by alias, unset fields left out), enums and dates to JSON data."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def _text(value: Any) -> str:
    value = to_jsonable(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _delimited(value: Any, style: Style) -> str:
    value = to_jsonable(value)
    delimiter = _DELIMITERS.get(style[0], ",")
    if isinstance(value, list):
        return delimiter.join(_text(v) for v in value)
    if isinstance(value, Mapping):
        separator = "=" if style[1] else delimiter
        return delimiter.join(f"{k}{separator}{_text(v)}" for k, v in value.items())
    return _text(value)


def _path_value(value: Any, style: Style) -> str:
    return quote(_delimited(value, style), safe="")


def _query_pairs(name: str, value: Any, style: Style) -> list[tuple[str, str]]:
    kind, explode = style
    value = to_jsonable(value)
    if isinstance(value, Mapping):
        if kind == "deepObject":
            return [(f"{name}[{k}]", _text(v)) for k, v in value.items()]
        if explode:
            return [(str(k), _text(v)) for k, v in value.items()]
        return [(name, _delimited(value, style))]
    if isinstance(value, list):
        if explode and kind == "form":
            return [(name, _text(v)) for v in value]
        return [(name, _delimited(value, style))]
    return [(name, _text(value))]


def _form_text(value: Any) -> str:
    value = to_jsonable(value)
    if isinstance(value, (Mapping, list)):
        return json.dumps(value, separators=(",", ":"))
    return _text(value)


def _file_part(value: Any) -> tuple[str, Any, str]:
    if isinstance(value, tuple):
        filename, content, *rest = value
        return filename, content, rest[0] if rest else _guess_type(filename)
    if isinstance(value, (str, os.PathLike)):
        path = Path(value)
        return path.name, path.read_bytes(), _guess_type(path.name)
    if isinstance(value, bytes):
        return "upload", value, "application/octet-stream"
    filename = os.path.basename(str(getattr(value, "name", "upload")))
    return filename, value, _guess_type(filename)


def _guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def _is_json(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json") or media == "text/json"


def _adapter(response_type: Any) -> TypeAdapter[Any]:
    if isinstance(response_type, TypeAdapter):
        return response_type
    if response_type not in _adapters:
        _adapters[response_type] = TypeAdapter(response_type)
    return _adapters[response_type]


def _safe_url(url: httpx.URL) -> str:
    """The URL without its query string, which may carry an API key."""
    return str(url.copy_with(query=None))


def _error_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"]) or "body"
    return f"{where}: {error['msg']}"
