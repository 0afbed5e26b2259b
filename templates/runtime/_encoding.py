"""How a request is written for httpx: its path, its body (JSON, text, bytes, a form,
multipart with files) and its headers. Files are read whole, so a retry can send them again.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from .exceptions import InvalidRequestError
from .serialization import DEFAULT_STYLES, NotGiven, Style, form_text, given, path_value, to_jsonable


def fill_path(
    path: str, url_path: str, values: Mapping[str, Any], names: Mapping[str, str], styles: Mapping[str, Style]
) -> str:
    """``url_path`` with each ``{name}`` replaced by its value, encoded; an empty one is refused."""
    for name, value in values.items():
        segment = path_value(value, styles.get(name, DEFAULT_STYLES["path"])) if value is not None else ""
        if not segment:
            # "/items/" or "/items/None" would reach another route, or the collection itself.
            raise InvalidRequestError(
                f"path parameter {names.get(name, name)!r} ({{{name}}} in {path}) must be a non-empty value, "
                f"not {value!r}: nothing was sent"
            )
        url_path = url_path.replace("{" + name + "}", segment)
    return url_path


class Body(NamedTuple):
    """A request body as httpx takes it, and the Content-Type it goes with (None: httpx's own)."""

    content: bytes | None = None
    data: dict[str, Any] | None = None
    files: list[tuple[str, Any]] | None = None
    content_type: str | None = None


def encode_body(
    body: Any,
    content_type: str | None,
    form: Mapping[str, Any] | NotGiven | None,
    files: Any,
    form_types: Mapping[str, str] | None = None,
    null_body: bool = False,
) -> Body:
    """A multipart body when there are files (or the form is multipart), a URL-encoded
    form, or ``body`` as bytes: as given, as text, or as JSON.

    ``form_types`` gives the media type of a multipart field the spec encodes as
    its own (``encoding.contentType``). A body or form left out (``NOT_GIVEN``) sends none;
    so does a ``None`` body, unless the spec allows a null body (``null_body``): JSON ``null``.
    """
    form = None if isinstance(form, NotGiven) else form
    if files or (form is not None and media_type(content_type) == "multipart/form-data"):
        # Text fields travel as parts without a filename: given no file part, httpx
        # would send ``data`` URL-encoded, which a multipart endpoint refuses (415).
        upload = [(k, _form_part(v, (form_types or {}).get(k))) for k, v in (form or {}).items() if given(v)]
        upload += [
            (name, _file_part(item))
            for name, value in (files or {}).items()
            if given(value)
            for item in (value if isinstance(value, list) else [value])
        ]
        if upload:
            return Body(files=upload)
        boundary = os.urandom(16).hex()  # nothing to send: still a multipart body, of no part
        empty = f"--{boundary}--\r\n".encode("ascii")
        return Body(content=empty, content_type=f"multipart/form-data; boundary={boundary}")
    if form is not None:
        return Body(data={k: form_text(v) for k, v in form.items() if given(v)})
    if isinstance(body, NotGiven) or (body is None and not null_body):
        return Body()
    content_type = content_type or "application/json"
    if isinstance(body, bytes):
        content = body  # already encoded: a file's bytes, or JSON the caller wrote
    elif isinstance(body, str) and not is_json(content_type):
        content = body.encode()  # text, XML, CSV...
    else:  # JSON, also under a vendor's media type that does not say so
        content = json.dumps(to_jsonable(body), separators=(",", ":"), ensure_ascii=False).encode()
    return Body(content=content, content_type=content_type)


def encode_headers(headers: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
    """Headers as bytes (values in UTF-8); a line break, NUL or non-ASCII name is refused."""
    encoded = []
    for name, value in headers.items():
        if _HEADER_BREAK.search(name + value) or not name.isascii():
            # A line break would end the header and start another (or the body).
            raise InvalidRequestError(f"header {name!r} holds a line break, NUL or non-ASCII name: not sent")
        encoded.append((name.encode("ascii"), value.encode("utf-8")))
    return encoded


_HEADER_BREAK = re.compile("[\r\n\x00]")


def _file_part(value: Any) -> tuple[str, bytes, str]:
    """``(filename, bytes, content type)``; read whole so a retry can send it again."""
    if isinstance(value, tuple):
        filename, content, *rest = value
        data = content if isinstance(content, bytes) else content.read()
        return filename, data, rest[0] if rest else _guess_type(filename)
    if isinstance(value, (str, os.PathLike)):
        path = Path(value)
        return path.name, path.read_bytes(), _guess_type(path.name)
    if isinstance(value, bytes):
        return "upload", value, "application/octet-stream"
    filename = os.path.basename(str(getattr(value, "name", "upload")))
    return filename, value.read(), _guess_type(filename)


def _form_part(value: Any, content_type: str | None = None) -> tuple[str | None, bytes] | tuple[str | None, bytes, str]:
    """A multipart part for a form value: a file part for bytes, ``(filename, content[, type])``,
    a path object or an open file (a form that declares no fields takes files in the same
    mapping); a part without a filename for anything else: JSON under a JSON
    ``content_type``, else text, with ``content_type`` as its header when given."""
    if isinstance(value, (bytes, tuple, os.PathLike)) or callable(getattr(value, "read", None)):
        return _file_part(value)
    if content_type is None:
        return None, form_text(value).encode()
    if is_json(content_type):
        return None, json.dumps(to_jsonable(value), separators=(",", ":"), ensure_ascii=False).encode(), content_type
    return None, form_text(value).encode(), content_type


def _guess_type(filename: str) -> str:
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def media_type(content_type: str | None) -> str:
    """``type/subtype`` of a Content-Type, lower case, without parameters."""
    return (content_type or "").split(";")[0].strip().lower()


def is_json(content_type: str) -> bool:
    media = media_type(content_type)
    return media in ("application/json", "text/json", "*/*") or media.endswith("+json")
