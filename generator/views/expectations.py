"""What a generated test expects of an operation: the example call, the request it must
send and the answer it is served.

Values go on the wire through the runtime's own ``serialization`` module (see
:mod:`generator.wire`), the module the client uses, so a test and the client cannot
disagree on how a value is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote

from ..examples import Examples
from ..ir import Operation, Param, Response, SecurityScheme, is_json_media
from ..security import NO_AUTH, AuthExpectation, expected_auth
from ..text import pyrepr
from ..wire import DEFAULT_STYLES, runtime_value, serialization
from .shared import FREE_FORM_EXAMPLE, is_file, literal

__all__ = ["Expectation", "expectation", "multipart_name", "result_assertions", "test_imports"]


@dataclass(frozen=True)
class Expectation:
    """An operation's generated test: the call, the request expected, the answer served."""

    op: Operation
    #: The arguments of the test's call (Python source).
    example_args: tuple[str, ...]
    #: The request's path as httpx sends it (percent-encoded), and its query pairs.
    path: str
    query: tuple[tuple[str, str], ...]
    #: The body: JSON, or bytes sent as they are (bytes, or text encoded as UTF-8).
    json: Any
    content: bytes | None
    #: A form's fields as (name, text); for multipart, each part's ``name="..."``
    #: header text and the bytes the part must hold, files first.
    form: tuple[tuple[str, str], ...]
    parts: tuple[tuple[bytes, bytes], ...]
    status: int
    body: Any
    #: For a body not of a JSON media type: the bytes served and their content
    #: type (``None``: ``body`` is served as JSON).
    wire: tuple[bytes, str] | None
    #: False when no valid response body fits the example budget: the test
    #: then expects the client to refuse the cut-short body.
    complete: bool = True
    #: For a paged operation: two page bodies, the query pair the second request
    #: must carry, and the pager's arguments (the call's, less the page parameter).
    pages: tuple[Any, Any] | None = None
    next_query: tuple[str, str] | None = None
    pager_args: tuple[str, ...] = ()
    #: The credentials the call must carry.
    auth: AuthExpectation = NO_AUTH
    #: False when the operation sets User-Agent itself (a header parameter).
    own_agent: bool = True


def expectation(op: Operation, examples: Examples, schemes: tuple[SecurityScheme, ...] = ()) -> Expectation:
    values = {p.py_name: examples.for_param(p) for p in op.params if p.location not in ("body", "form")}
    args, body = _arguments(op, examples, values)
    response = next((r for r in op.responses if r.status == op.success_status), None)
    served, complete = (
        examples.checked(op.return_type, "result", response=True) if op.return_type.kind != "none" else (None, True)
    )
    pages, next_query = _two_pages(op, served) if complete else (None, None)
    credentials = expected_auth(op, schemes)
    success = op.success_status or "200"
    status = int(success) if success.isdigit() else 200
    return Expectation(
        op=op,
        example_args=args,
        path=_path(op, values),
        query=_query(op, values, credentials),
        json=body.json,
        content=body.content,
        form=body.form,
        parts=body.parts,
        status=status if op.return_type.kind != "none" or status != 200 else 204,
        body=served,
        wire=_response_wire(response, served, raw=op.return_type.kind == "bytes"),
        complete=complete,
        pages=pages,
        next_query=next_query,
        pager_args=tuple(
            arg for arg, p in zip(args, op.params) if op.pagination is None or p.py_name != op.pagination.request_param
        ),
        auth=credentials,
        own_agent=not any(p.wire_name.lower() == "user-agent" for p in op.header_params),
    )


@dataclass(frozen=True)
class _Body:
    json: Any = None
    content: bytes | None = None
    form: tuple[tuple[str, str], ...] = ()
    parts: tuple[tuple[bytes, bytes], ...] = ()


def _arguments(op: Operation, examples: Examples, values: dict[str, Any]) -> tuple[tuple[str, ...], _Body]:
    """The call's arguments (Python source) and the body they must send."""
    args = []
    json_body: Any = None
    content: bytes | None = None
    form: list[tuple[str, str]] = []
    files: list[tuple[str, bytes]] = []
    free_form = op.body is not None and op.body.is_free_form
    for p in op.params:
        if p.location == "body" and free_form:
            source = pyrepr(dict(FREE_FORM_EXAMPLE))
            form.extend(FREE_FORM_EXAMPLE)
        elif p.location == "body" and p.type.kind == "bytes":
            content = b"body bytes"
            source = pyrepr(content)
        elif p.location == "body" and p.type.kind == "str" and not is_json_media(p.content_type or ""):
            content = b"body text"
            source = pyrepr(content.decode())
        elif p.location == "body":
            json_body = examples.for_type(p.type, "body")
            source = pyrepr(json_body)
        elif p.location == "form" and is_file(p.type):
            file_content = f"{p.wire_name} bytes".encode()
            source = pyrepr((f"{p.wire_name}.png", file_content, "image/png"))
            if p.type.kind == "list":
                source = f"[{source}]"
            files.append((p.wire_name, file_content))
        elif p.location == "form":
            value = examples.for_type(p.type, p.wire_name)
            source = pyrepr(value)
            form.append((p.wire_name, serialization().form_text(value)))
        else:
            source = literal(values[p.py_name], p.type)
        args.append(source if p.required else f"{p.py_name}={source}")
    # Form fields go out in the body's order (the call's form= mapping), not the signature's.
    order = {f.wire_name: index for index, f in enumerate(op.body.form_fields if op.body else ())}
    form.sort(key=lambda pair: order.get(pair[0], 0))
    parts: tuple[tuple[bytes, bytes], ...] = ()
    if op.body is not None and op.body.is_multipart:
        parts = tuple((multipart_name(name), content) for name, content in files) + tuple(
            (multipart_name(name), text.encode()) for name, text in form
        )
    return tuple(args), _Body(json_body, content, tuple(form), parts)


#: What a multipart part's ``name="..."`` escapes, as the HTML standard's form encoding
#: (and httpx) does: a quote, a backslash and the control characters but ESC.
_NAME_ESCAPES = {'"': "%22", "\\": "\\\\", **{chr(c): f"%{c:02X}" for c in range(0x20) if c != 0x1B}}
_NAME_ESCAPED = re.compile("|".join(re.escape(c) for c in _NAME_ESCAPES))


def multipart_name(name: str) -> bytes:
    """The ``name="..."`` text of a multipart part's Content-Disposition header."""
    return ('name="' + _NAME_ESCAPED.sub(lambda match: _NAME_ESCAPES[match.group(0)], name) + '"').encode()


#: What httpx leaves as it is in a URL path (beside letters, digits and ``-._~``); the
#: values of path parameters arrive percent-encoded already, ``%`` included.
_PATH_SAFE = "/!$&'()*+,;=:@%|^[]\\"


def _style(param: Param) -> tuple[str, bool]:
    """How the runtime writes ``param``: its spec style, else OpenAPI's default for its location."""
    if param.style is not None and param.explode is not None:
        return (param.style, param.explode)  # what the call passes as styles=, or the default it equals
    return DEFAULT_STYLES.get(param.location, ("form", True))


def _path(op: Operation, values: dict[str, Any]) -> str:
    """The path the request must go to, as httpx sends it."""
    # A fragment never leaves the client (AWS marks operations sharing a path with "#X-Amz-Target=...").
    path = op.path.partition("#")[0].partition("?")[0]
    for p in op.path_params:
        text = serialization().path_value(runtime_value(values[p.py_name], p), _style(p))
        path = path.replace("{" + p.wire_name + "}", text)
    # The path's own text: what a URL path may not hold, percent-encoded.
    return quote(path, safe=_PATH_SAFE)


def _query(op: Operation, values: dict[str, Any], credentials: AuthExpectation) -> tuple[tuple[str, str], ...]:
    """The query pairs the request must carry, in the order httpx keeps them."""
    # A query written into the path goes first, before the parameters'.
    inline = op.path.partition("#")[0].partition("?")[2]
    query: list[tuple[str, str]] = parse_qsl(inline, keep_blank_values=True)
    for p in op.query_params:
        query.extend(serialization().query_pairs(p.wire_name, runtime_value(values[p.py_name], p), _style(p)))
    query.extend(credentials.query)
    # httpx keeps a query's values by name: a name's later values travel beside its first.
    by_name: dict[str, list[str]] = {}
    for name, text in query:
        by_name.setdefault(name, []).append(text)
    return tuple((name, text) for name, texts in by_name.items() for text in texts)


def _response_wire(response: Response | None, body: Any, raw: bool = False) -> tuple[bytes, str] | None:
    """The bytes a generated test serves for ``body`` when its media type is not JSON
    (text as UTF-8, a JSON-shaped body as JSON text), or when the method returns the
    body's bytes whatever its type (``raw``: a binary string under JSON), with that
    type; else ``None``."""
    if body is None or response is None or response.content_type is None or (response.is_json and not raw):
        return None
    if isinstance(body, bytes):
        wire = body
    elif isinstance(body, str):
        wire = body.encode()
    else:
        wire = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return wire, response.content_type


def _two_pages(op: Operation, body: Any) -> tuple[tuple[Any, Any] | None, tuple[str, str] | None]:
    """Two consecutive page bodies of a paged operation, the second the last."""
    paging = op.pagination
    if paging is None or not isinstance(body, dict):
        return None, None
    wire = next(p.wire_name for p in op.params if p.py_name == paging.request_param)
    if paging.style == "token":
        field = str(paging.response_field)
        if isinstance(body.get(field), int) and not isinstance(body.get(field), bool):  # a numeric cursor
            return ({**body, field: 2}, {**body, field: 0}), (wire, "2")
        return ({**body, field: "page-2"}, {**body, field: ""}), (wire, "page-2")
    if paging.page_count_field:
        count = {paging.page_count_field: 2}
        return ({**body, **count}, {**body, **count}), (wire, "2")
    return (body, {**body, paging.items: []}), (wire, "2")


#: Kinds parsed into something other than their JSON form (a result cannot equal the body).
_PARSED_KINDS = frozenset({"model", "date", "datetime", "bytes"})


def result_assertions(expect: Expectation) -> str:
    """Assertions that the parsed result has the declared type."""
    ref = expect.op.return_type
    served = expect.body
    lines: list[str] = []
    if ref.kind == "none":
        lines.append("assert result is None")
    elif ref.kind == "model":
        lines.append(f"assert isinstance(result, models.{ref.name})")
    elif ref.kind == "list":
        lines.append("assert isinstance(result, list)")
        item = ref.args[0]
        if item.kind == "model" and served:
            lines.append(f"assert isinstance(result[0], models.{item.name})")
        elif served is not None and not any(r.kind in _PARSED_KINDS for r in item.walk()):
            lines.append(f"assert result == {pyrepr(served)}")
    elif ref.kind in ("date", "datetime"):
        lines.append(f"assert isinstance(result, {ref.kind})")
    elif ref.kind == "bytes" and isinstance(served, str):
        lines.append(f"assert result == {pyrepr(served.encode())}")
    elif ref.kind == "union":
        lines.append("assert result is not None")
    elif ref.kind == "dict" and any(r.kind in _PARSED_KINDS for r in ref.walk()):
        lines.append("assert isinstance(result, dict)")
        value = ref.args[0] if ref.args else None
        if value is not None and value.kind == "model" and served:
            lines.append(f"assert all(isinstance(v, models.{value.name}) for v in result.values())")
    else:
        lines.append(f"assert result == {pyrepr(served)}")
    return "\n".join("    " + line for line in lines)


def test_imports(expects: Sequence[Expectation]) -> dict[str, Any]:
    """What a generated test module holding ``expects`` imports."""
    # Imported exactly where an argument or an assertion uses them (an unused import would fail ruff).
    assertions = " ".join(result_assertions(e) for e in expects if e.complete)
    used = " ".join([arg for e in expects for arg in e.example_args] + [assertions])
    return {
        "json": any(e.json is not None for e in expects),
        "datetime": [kind for kind in ("date", "datetime") if re.search(rf"\b{kind}[.)]", used)],
        "models": "models." in assertions,
        "refused": any(not e.complete for e in expects),
    }
