"""What an API module's template needs of an operation: its signature, the runtime call
it makes, and what it returns; and what the module imports."""

from __future__ import annotations

from dataclasses import dataclass

from ..ir import Operation, Resource, TypeRef, is_json_media, literal_values, signature_annotation
from ..security import auth_source
from ..text import plain_text, pyrepr
from ..wire import DEFAULT_STYLES
from .shared import is_file

__all__ = ["ApiView", "Arg", "api_view", "imports_for"]


@dataclass(frozen=True)
class Arg:
    """One parameter of a method's signature."""

    name: str
    annotation: str
    description: str


@dataclass(frozen=True)
class ApiView:
    """An operation as its method in the API module shows it."""

    op: Operation
    required: tuple[Arg, ...]
    optional: tuple[Arg, ...]
    #: The keyword arguments of the runtime's ``request`` call, as (name, source) pairs;
    #: an empty name is a positional argument.
    call_parts: tuple[tuple[str, str], ...]
    return_annotation: str
    return_description: str


def api_view(op: Operation) -> ApiView:
    response = next((r for r in op.responses if r.status == op.success_status), None)
    return ApiView(
        op=op,
        required=tuple(Arg(p.py_name, signature_annotation(p), p.description) for p in op.params if p.required),
        optional=tuple(Arg(p.py_name, signature_annotation(p), p.description) for p in op.params if not p.required),
        call_parts=_call_parts(op),
        return_annotation=op.return_type.annotation,
        return_description=(
            plain_text(response.description) if response is not None and response.description else "The response body."
        ),
    )


def _dict_source(items: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{pyrepr(k)}: {v}" for k, v in items) + "}"


def _call_parts(op: Operation) -> tuple[tuple[str, str], ...]:
    """The arguments the method passes to the runtime: where each parameter goes on the
    wire, the body and its media type, the response type, auth, timeout and headers."""
    parts: list[tuple[str, str]] = [("", pyrepr(op.method)), ("", pyrepr(op.path))]
    groups = {
        "path_params": op.path_params,
        "query": op.query_params,
        "header_params": op.header_params,
        "cookies": op.cookie_params,
    }
    for key, params in groups.items():
        if params:
            parts.append((key, _dict_source([(p.wire_name, p.py_name) for p in params])))
    if any(p.py_name != p.wire_name for p in op.path_params):
        # So that refusing an empty path value names the argument the caller passed.
        parts.append(("path_names", _dict_source([(p.wire_name, pyrepr(p.py_name)) for p in op.path_params])))
    styles = [
        (p.wire_name, pyrepr((p.style, p.explode)))
        for p in op.params
        if p.location in DEFAULT_STYLES and (p.style, p.explode) != DEFAULT_STYLES[p.location]
    ]
    if styles:
        parts.append(("styles", _dict_source(styles)))
    body = op.body
    if body is not None:
        if body.form_fields:
            fields = [f for f in body.form_fields if not is_file(f.type)]
            files = [f for f in body.form_fields if is_file(f.type)]
            if fields or not files:
                parts.append(("form", _dict_source([(f.wire_name, f.py_name) for f in fields])))
            typed = [(f.wire_name, pyrepr(f.content_type)) for f in fields if f.content_type and body.is_multipart]
            if typed:
                parts.append(("form_types", _dict_source(typed)))
            if files:
                parts.append(("files", _dict_source([(f.wire_name, f.py_name) for f in files])))
        else:
            # The argument is "body" unless x-codegen-request-body-name names it.
            param = next(p for p in op.params if p.location == "body")
            parts.append(("form" if body.is_free_form else "body", param.py_name))
            if param.type.nullable and not body.is_free_form and is_json_media(body.content_type):
                parts.append(("null_body", "True"))  # None is JSON null here, not "no body"
        parts.append(("content_type", pyrepr(body.content_type)))
    response_type, allow_empty = _response_type_source(op.return_type)
    if response_type:
        parts.append(("response_type", response_type))
    if allow_empty:
        parts.append(("allow_empty", "True"))
    if op.accept:
        parts.append(("accept", pyrepr(", ".join(op.accept))))
    auth = auth_source(op)
    if auth:
        parts.append(("auth", auth))
    parts.append(("timeout", "_request_timeout"))
    parts.append(("headers", "_headers"))
    return tuple(parts)


def _response_type_source(ref: TypeRef) -> tuple[str | None, bool]:
    """The ``response_type=`` source and whether empty bodies are allowed."""
    if ref.kind == "none":
        return None, False
    base = TypeRef(ref.kind, ref.name, ref.args, False)
    if ref.kind in ("union", "any"):
        text = base.annotation if ref.kind == "union" else "Any"
        return f"TypeAdapter[{text}]({text})", ref.nullable
    return base.annotation, ref.nullable


def imports_for(resource: Resource) -> dict[str, list[str] | bool]:
    """What an API module imports, by source module; ``deprecated`` when a pager keeps an earlier name."""
    models: set[str] = set()
    typing_names: set[str] = set()
    dates: set[str] = set()
    runtime = {"ApiClient", "AsyncApiClient"}
    pydantic: set[str] = set()
    pagers: set[str] = set()
    twins: set[str] = set()
    deprecated = False
    for op in resource.operations:
        refs = [p.type for p in op.params] + [op.return_type]
        if op.pagination is not None:
            refs.append(op.pagination.item_type)
            pagers |= {"AsyncPager", "Pager"}
            deprecated = deprecated or bool(op.pagination.aliases)
        for ref in refs:
            for inner in ref.walk():
                if inner.kind == "model":
                    models.add(str(inner.name))
                elif inner.kind == "any" or (inner.kind == "dict" and not inner.args):
                    typing_names.add("Any")
                elif inner.kind in ("date", "datetime"):
                    dates.add(inner.kind)
                elif inner.kind == "file":
                    runtime.add("FileInput")
        if any(
            p.location == "body"
            and not p.dict_twin
            and p.type.kind in ("model", "list")
            and any(r.kind == "model" for r in p.type.walk())
            for p in op.params
        ):
            typing_names.add("Any")
        twins |= {p.dict_twin for p in op.params if p.dict_twin}
        if any(literal_values(p) for p in op.params):
            typing_names.add("Literal")
        if any(not p.required for p in op.params):
            runtime |= {"NOT_GIVEN", "NotGiven"}
        if op.return_type.kind in ("union", "any"):
            pydantic.add("TypeAdapter")
            if op.return_type.kind == "any":
                typing_names.add("Any")
    return {
        "typing": sorted(typing_names),
        "datetime": sorted(dates),
        "pydantic": sorted(pydantic),
        "runtime": sorted(runtime),
        "pagination": sorted(pagers),
        "models": sorted(models),
        "typed_dicts": sorted(twins),
        "deprecated": deprecated,
    }
