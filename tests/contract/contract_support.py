"""Helpers of the contract tests: every operation of every target, checked against its spec.

For one operation a test calls the generated method with example arguments over
an ``httpx.MockTransport``, validates the request it sent against the target's
spec with openapi-core, answers with a body generated here from the *raw* spec
(not from the generator's IR or example code), validates that answer against
the spec too, and checks the method returned the declared type.

Loaded by ``conftest.py`` (which puts this folder and every target's
distribution folder first on ``sys.path``); the generated packages are imported
from the source tree, not installed.
"""

from __future__ import annotations

import importlib
import inspect
import json
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from email.parser import BytesParser
from email.policy import HTTP
from functools import cache, cached_property
from http.cookies import SimpleCookie
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qsl

import httpx
import yaml
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.finders import APICallPathFinder
from pydantic import BaseModel
from werkzeug.datastructures import Headers, ImmutableMultiDict

from generator.config import Target, load_targets
from generator.examples import Examples
from generator.ir import Api, Operation, Param, TypeRef
from generator.pipeline import load_api
from generator.upgrade import HTTP_METHODS, upgrade

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = ROOT / "pyproject.toml"
TOKEN = "contract-token"
PICTURE = (
    "pic.png",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(32)),
    "image/png",
)


# ------------------------------------------------------------------ targets


@dataclass
class TargetUnderTest:
    """One ``[tool.specgen.targets.*]``: its spec, IR, openapi-core app and package.

    ``spec`` is the raw spec as OpenAPI 3: a Swagger 2.0 spec is upgraded by
    the generator's own stage (:func:`generator.upgrade.upgrade`), the one
    conversion both read, since openapi-core validates OpenAPI 3 only.
    """

    target: Target

    @property
    def name(self) -> str:
        return self.target.name

    @cached_property
    def raw_spec(self) -> dict[str, Any]:
        return yaml.safe_load(self.target.spec.read_text(encoding="utf-8"))

    @cached_property
    def spec(self) -> dict[str, Any]:
        if str(self.raw_spec.get("swagger", "")).startswith("2"):
            return dict(upgrade(self.raw_spec, "2.0").document)
        return self.raw_spec

    @cached_property
    def host(self) -> str:
        """The spec's first server, as the client's ``Configuration(host)``."""
        servers = self.spec.get("servers") or [{"url": "/"}]
        return str(servers[0]["url"]).rstrip("/")

    @cached_property
    def api(self) -> Api:
        api, _ = load_api(self.target.spec, self.target.options)
        return api

    @cached_property
    def examples(self) -> Examples:
        return Examples(self.api.schemas)

    @cached_property
    def openapi(self) -> OpenAPI:
        return OpenAPI.from_dict(self.spec)

    @cached_property
    def values(self) -> SpecValues:
        return SpecValues(self.spec)

    @cached_property
    def package(self) -> ModuleType:
        return importlib.import_module(self.target.package)

    @cached_property
    def models(self) -> ModuleType:
        return importlib.import_module(f"{self.target.package}.models")

    def spec_operations(self) -> set[tuple[str, str]]:
        """(METHOD, path) of every operation the raw spec declares."""
        return {
            (method.upper(), path)
            for path, item in (self.raw_spec.get("paths") or {}).items()
            for method in item
            if method in HTTP_METHODS
        }

    def raw_operation(self, op: Operation) -> dict[str, Any]:
        return self.spec["paths"][op.path][op.method.lower()]


@cache
def targets() -> tuple[TargetUnderTest, ...]:
    return tuple(TargetUnderTest(t) for t in load_targets(PYPROJECT))


@dataclass
class Case:
    """One operation of one target: one parametrized test."""

    target: TargetUnderTest = field(compare=False)
    class_name: str
    op: Operation

    @property
    def id(self) -> str:
        return f"{self.target.name}.{self.op.py_name}"


@cache
def cases() -> tuple[Case, ...]:
    return tuple(
        Case(target, resource.class_name, op)
        for target in targets()
        for resource in target.api.resources
        for op in resource.operations
    )


# ------------------------------------------- values from the raw spec (independent)

_CUT = object()
_MAX_DEPTH = 8


class SpecValues:
    """JSON values generated from the raw spec's schemas.

    Every property is filled (``readOnly`` ones left out of requests,
    ``writeOnly`` ones out of responses), enums, types, formats and length or
    range limits are respected, arrays get two distinct items, recursion stops
    after a few levels. Independent of :mod:`generator.examples`.
    """

    def __init__(self, spec: Mapping[str, Any]) -> None:
        self.spec = spec

    def resolve(self, node: Any) -> Any:
        seen = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen or not ref.startswith("#/"):
                raise ValueError(f"cannot resolve {ref!r}")
            seen.add(ref)
            target: Any = self.spec
            for part in ref[2:].split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def value(self, schema: Any, *, direction: str, hint: str = "value", variant: int = 0) -> Any:
        value = self._value(schema, direction, hint, variant, 0, frozenset())
        if value is _CUT:
            raise AssertionError(f"no value for schema {schema!r}")
        return value

    def _value(
        self,
        schema: Any,
        direction: str,
        hint: str,
        variant: int,
        depth: int,
        active: frozenset[str],
    ) -> Any:
        if not isinstance(schema, Mapping):
            return "value"
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref in active or depth > _MAX_DEPTH:
                return _CUT
            return self._value(
                self.resolve(schema),
                direction,
                hint,
                variant,
                depth + 1,
                active | {ref},
            )
        if schema.get("enum"):
            options = [v for v in schema["enum"] if v is not None] or schema["enum"]
            return options[variant % len(options)]
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for part in schema["allOf"]:
                value = self._value(part, direction, hint, variant, depth, active)
                if value is _CUT:
                    return _CUT
                if isinstance(value, dict):
                    merged.update(value)
            if "properties" in schema:
                merged.update(self._object(schema, direction, variant, depth, active))
            return merged
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                option = schema[key][0]
                value = self._value(option, direction, hint, variant, depth, active)
                tag = self._discriminator_tag(schema, option)
                if tag is not None and isinstance(value, dict):
                    value[tag[0]] = tag[1]
                return value
        kind = schema.get("type")
        if isinstance(kind, list):  # 3.1 style ["string", "null"]
            kind = next((k for k in kind if k != "null"), "null")
        if kind is None:
            if "properties" in schema or "additionalProperties" in schema:
                kind = "object"
            elif "items" in schema:
                kind = "array"
        if kind == "object":
            return self._object(schema, direction, variant, depth, active)
        if kind == "array":
            return self._array(schema, direction, hint, variant, depth, active)
        if kind == "string":
            return self._string(schema, hint, variant)
        if kind == "integer":
            return self._number(schema, 1 + variant)
        if kind == "number":
            return self._number(schema, 1.5 + variant)
        if kind == "boolean":
            return variant % 2 == 0
        if kind == "null":
            return None
        return f"{hint}-{variant}"  # any type

    def _discriminator_tag(self, schema: Mapping[str, Any], option: Any) -> tuple[str, str] | None:
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, Mapping) or not isinstance(option, Mapping) or "$ref" not in option:
            return None
        prop = discriminator["propertyName"]
        for key, ref in (discriminator.get("mapping") or {}).items():
            if ref == option["$ref"]:
                return prop, key
        return prop, option["$ref"].rsplit("/", 1)[-1]

    def _object(
        self,
        schema: Mapping[str, Any],
        direction: str,
        variant: int,
        depth: int,
        active: frozenset[str],
    ) -> Any:
        properties = schema.get("properties") or {}
        required = set(schema.get("required") or [])
        out: dict[str, Any] = {}
        for name, prop in properties.items():
            resolved = self.resolve(prop)
            if direction == "request" and resolved.get("readOnly"):
                continue
            if direction == "response" and resolved.get("writeOnly"):
                continue
            value = self._value(prop, direction, name, variant, depth + 1, active)
            if value is _CUT:
                if name in required:
                    return _CUT
                continue
            out[name] = value
        if not properties:
            extra = schema.get("additionalProperties", True)
            if isinstance(extra, Mapping) and extra:
                for index in range(2):
                    value = self._value(extra, direction, "value", variant + index, depth + 1, active)
                    if value is _CUT:
                        break
                    out[f"key{index + 1}"] = value
            elif extra is not False:
                out["key"] = f"value-{variant}"
        return out

    def _array(
        self,
        schema: Mapping[str, Any],
        direction: str,
        hint: str,
        variant: int,
        depth: int,
        active: frozenset[str],
    ) -> Any:
        count = max(2, schema.get("minItems", 0))
        if "maxItems" in schema:
            count = min(count, schema["maxItems"])
        items = []
        for index in range(count):
            value = self._value(
                schema.get("items") or {},
                direction,
                hint,
                variant + index,
                depth + 1,
                active,
            )
            if value is _CUT:
                return [] if not schema.get("minItems") else _CUT
            items.append(value)
        if schema.get("uniqueItems"):
            unique: list[Any] = []
            for item in items:
                if item not in unique:
                    unique.append(item)
            items = unique
        return items

    def _string(self, schema: Mapping[str, Any], hint: str, variant: int) -> str:
        fmt = schema.get("format")
        if "pattern" in schema:
            for key in ("example", "default"):
                if isinstance(schema.get(key), str):
                    return schema[key]
            raise AssertionError(f"cannot generate a string for pattern {schema['pattern']!r}")
        formatted = {
            "date-time": f"2024-01-02T03:04:{variant % 60:02d}Z",
            "date": f"2024-01-{variant % 28 + 1:02d}",
            "time": f"03:04:{variant % 60:02d}",
            "email": f"{hint.replace('_', '.')}{variant}@example.com",
            "uuid": f"3fa85f64-5717-4562-b3fc-2c963f66afa{variant % 10}",
            "uri": f"https://example.com/{hint}/{variant}",
            "url": f"https://example.com/{hint}/{variant}",
            "hostname": "example.com",
            "ipv4": f"192.0.2.{variant % 250 + 1}",
            "ipv6": "2001:db8::1",
            "byte": "Ynl0ZXM=",
        }
        if fmt in formatted:
            return formatted[fmt]
        text = f"{hint}-{variant}"
        minimum = schema.get("minLength", 0)
        maximum = schema.get("maxLength")
        if len(text) < minimum:
            text = text + "x" * (minimum - len(text))
        if maximum is not None and len(text) > maximum:
            text = text[:maximum]
        return text

    @staticmethod
    def _number(schema: Mapping[str, Any], preferred: float) -> Any:
        value = preferred
        if "minimum" in schema and value < schema["minimum"]:
            value = schema["minimum"]
        if "exclusiveMinimum" in schema:
            bound = schema["exclusiveMinimum"]
            if bound is True:
                bound = schema.get("minimum")
            if isinstance(bound, (int, float)) and not isinstance(bound, bool) and value <= bound:
                value = bound + 1
        if "maximum" in schema and value > schema["maximum"]:
            value = schema["maximum"]
        if schema.get("type") == "integer":
            return int(value)
        return value


# ---------------------------------------------------------- openapi-core adapters


class HttpxOpenAPIRequest:
    """An :class:`httpx.Request` as openapi-core's Request protocol."""

    def __init__(self, request: httpx.Request) -> None:
        self.request = request
        url = request.url
        self.host_url = f"{url.scheme}://{url.netloc.decode('ascii')}"
        # The path as sent (percent-encoded): a decoded "%2F" would split a segment.
        self.path = url.raw_path.decode("ascii").split("?", 1)[0]
        self.method = request.method.lower()
        cookies: dict[str, str] = {}
        for header in request.headers.get_list("cookie"):
            parsed = SimpleCookie()
            parsed.load(header)
            cookies.update({key: morsel.value for key, morsel in parsed.items()})
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(self.query_pairs),
            header=Headers(list(request.headers.multi_items())),
            cookie=ImmutableMultiDict(cookies),
        )

    @property
    def query_pairs(self) -> list[tuple[str, str]]:
        return parse_qsl(self.request.url.query.decode("ascii"), keep_blank_values=True)

    @property
    def content_type(self) -> str:
        return self.request.headers.get("content-type", "")

    @property
    def body(self) -> bytes | None:
        return self.request.content or None


class HttpxOpenAPIResponse:
    """An :class:`httpx.Response` as openapi-core's Response protocol."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def content_type(self) -> str:
        return self.response.headers.get("content-type", "")

    @property
    def headers(self) -> Headers:
        return Headers(list(self.response.headers.multi_items()))

    @property
    def data(self) -> bytes | None:
        return self.response.content or None


def explain(exc: BaseException) -> str:
    """An openapi-core error with its causes and schema errors, for the failure message."""
    lines = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines.append(f"{type(current).__name__}: {current}")
        for error in getattr(current, "schema_errors", None) or ():
            where = "/".join(str(p) for p in getattr(error, "absolute_path", ()))
            lines.append(f"  schema error at /{where}: {getattr(error, 'message', error)}")
        current = current.__cause__
    return "\n".join(lines)


def _quietly(call: Any, *args: Any) -> Any:
    # openapi-core cannot check oauth2 and warns "Unsupported scheme type";
    # the bearer token is checked by the test itself.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Unsupported scheme type")
        return call(*args)


def validate_request(target: TargetUnderTest, request: HttpxOpenAPIRequest) -> Any:
    """Validate, then unmarshal (for the values); raises AssertionError with details."""
    try:
        _quietly(target.openapi.validate_request, request)
    except Exception as exc:
        raise AssertionError(f"request violates the spec:\n{explain(exc)}") from exc
    result = _quietly(target.openapi.unmarshal_request, request)
    if result.errors:
        raise AssertionError("request does not unmarshal:\n" + "\n".join(explain(e) for e in result.errors))
    return result


def validate_response(target: TargetUnderTest, request: HttpxOpenAPIRequest, response: httpx.Response) -> None:
    try:
        _quietly(target.openapi.validate_response, request, HttpxOpenAPIResponse(response))
    except Exception as exc:
        raise AssertionError(f"generated response violates the spec:\n{explain(exc)}") from exc


def matched_operation(target: TargetUnderTest, request: HttpxOpenAPIRequest) -> tuple[str, str]:
    """(path template, operationId) of the spec operation the request reaches."""
    try:
        found = APICallPathFinder(target.openapi.spec).find(request.method, request.host_url + request.path)
    except Exception as exc:
        raise AssertionError(f"{request.method.upper()} {request.host_url}{request.path}: {explain(exc)}") from exc
    return found.path_result.pattern, (found.operation / "operationId").read_str()


# ------------------------------------------------------------------ arguments


def python_value(target: TargetUnderTest, ref: TypeRef, value: Any) -> Any:
    """The JSON ``value`` as the method's argument of type ``ref`` (models built, dates parsed)."""
    if value is None:
        return None
    if ref.kind == "model":
        cls = getattr(target.models, str(ref.name))
        if isinstance(cls, type) and issubclass(cls, BaseModel):
            return cls.model_validate(value)
        return cls(value)  # an enum
    if ref.kind == "list":
        return [python_value(target, ref.args[0], v) for v in value]
    if ref.kind == "date":
        return date.fromisoformat(value)
    if ref.kind == "datetime":
        return datetime.fromisoformat(value)
    return value


@dataclass
class Call:
    """The arguments of one call and the JSON each one should put on the wire."""

    args: list[Any]
    kwargs: dict[str, Any]
    expected: dict[str, dict[str, Any]]  # location -> wire name -> JSON value
    body: Any = None  # JSON body expected (JSON content types)
    form: dict[str, Any] = field(default_factory=dict)  # multipart field -> JSON value or file tuple


def request_body_schema(target: TargetUnderTest, op: Operation, content_type: str) -> Any:
    raw = target.raw_operation(op)
    body = target.values.resolve(raw.get("requestBody") or {})
    content = body.get("content") or {}
    assert content_type in content, f"{op.operation_id}: the spec has no {content_type} request body"
    return content[content_type].get("schema") or {}


def build_call(target: TargetUnderTest, op: Operation) -> Call:
    call = Call(args=[], kwargs={}, expected={})
    form_schema: Any = None
    if op.body is not None and op.body.is_form:
        form_schema = target.values.resolve(request_body_schema(target, op, op.body.content_type))
    for param in op.params:
        value, wire = argument(target, op, param, form_schema, call)
        if param.required:
            call.args.append(value)
        else:
            call.kwargs[param.py_name] = value
        if param.location not in ("body", "form"):
            call.expected.setdefault(param.location, {})[param.wire_name] = wire
    return call


def argument(target: TargetUnderTest, op: Operation, param: Param, form_schema: Any, call: Call) -> tuple[Any, Any]:
    """(argument, JSON value) of one parameter."""
    if param.location == "body":
        assert op.body is not None
        schema = request_body_schema(target, op, op.body.content_type)
        wire = target.values.value(schema, direction="request", hint="body")
        call.body = wire
        return python_value(target, param.type, wire), wire
    if param.location == "form":
        if param.type.kind == "file" or (param.type.kind == "list" and param.type.args[0].kind == "file"):
            upload = [PICTURE, PICTURE] if param.type.kind == "list" else PICTURE
            call.form[param.wire_name] = upload
            return upload, upload
        prop = (form_schema.get("properties") or {}).get(param.wire_name)
        assert prop is not None, f"{op.operation_id}: form field {param.wire_name} is not in the spec"
        wire = target.values.value(prop, direction="request", hint=param.wire_name)
        call.form[param.wire_name] = wire
        return python_value(target, param.type, wire), wire
    wire = target.examples.for_param(param)
    return python_value(target, param.type, wire), wire


# ------------------------------------------------------------------ responses


def success_response(target: TargetUnderTest, op: Operation) -> tuple[int, Any, bool]:
    """(status, JSON body, has body) for the raw spec's first 2xx response."""
    responses = target.raw_operation(op).get("responses") or {}
    statuses = sorted(str(s) for s in responses if str(s)[0] == "2")
    assert statuses, f"{op.operation_id}: the spec declares no 2xx response"
    status = statuses[0]
    response = target.values.resolve(responses[status])
    content = response.get("content") or {}
    code = int(status.replace("XX", "00"))
    if not content:
        return code, None, False
    media = "application/json" if "application/json" in content else next(iter(content))
    assert media == "application/json", f"{op.operation_id}: {media} responses are not generated here"
    schema = content[media].get("schema") or {}
    return code, target.values.value(schema, direction="response", hint="resp"), True


def check_type(target: TargetUnderTest, ref: TypeRef, value: Any, where: str = "result") -> None:
    """``value`` is an instance of the declared ``ref``."""
    if ref.nullable and value is None:
        return
    kind = ref.kind
    if kind == "none":
        assert value is None, f"{where}: expected None, got {value!r}"
    elif kind == "model":
        cls = getattr(target.models, str(ref.name))
        assert isinstance(value, cls), f"{where}: expected {cls.__module__}.{cls.__qualname__}, got {type(value)!r}"
    elif kind == "list":
        assert isinstance(value, list), f"{where}: expected a list, got {type(value)!r}"
        for index, item in enumerate(value):
            check_type(target, ref.args[0], item, f"{where}[{index}]")
    elif kind == "dict":
        assert isinstance(value, dict), f"{where}: expected a dict, got {type(value)!r}"
        if ref.args:
            for key, item in value.items():
                check_type(target, ref.args[0], item, f"{where}[{key!r}]")
    elif kind == "union":
        errors = []
        for arg in ref.args:
            try:
                check_type(target, arg, value, where)
                return
            except AssertionError as exc:
                errors.append(str(exc))
        raise AssertionError(f"{where}: matches no member of {ref.annotation}: {errors}")
    elif kind == "any":
        return
    else:
        expected: Any = {
            "str": str, "int": int, "float": (int, float), "bool": bool, "bytes": bytes,
            "date": date, "datetime": datetime,
        }[kind]  # fmt: skip
        assert isinstance(value, expected), f"{where}: expected {kind}, got {type(value)!r}"


def model_extras(value: Any, where: str = "result") -> Iterator[str]:
    """Fields that landed in a model's extras: wire names the model failed to map."""
    if isinstance(value, BaseModel):
        for key in value.model_extra or {}:
            yield f"{where}.{key} (in {type(value).__name__})"
        for name in type(value).model_fields:
            yield from model_extras(getattr(value, name), f"{where}.{name}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from model_extras(item, f"{where}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from model_extras(item, f"{where}[{key!r}]")


def as_json(value: Any) -> Any:
    """A returned value back as JSON data (models by alias, unset fields left out)."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    return value


def json_value(value: Any) -> Any:
    """An unmarshalled openapi-core value as JSON data, for comparing with the arguments'."""
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, Mapping):
        return {k: json_value(v) for k, v in value.items()}
    return value


def form_fields(request: httpx.Request) -> dict[str, list[Any]]:
    """name -> values of a form body: text, or (filename, content, content type) for a file part."""
    content_type = request.headers.get("content-type", "")
    fields: dict[str, list[Any]] = {}
    if content_type.startswith("application/x-www-form-urlencoded"):
        for name, value in parse_qsl(request.content.decode(), keep_blank_values=True):
            fields.setdefault(name, []).append(value)
        return fields
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + request.content)
    assert message.is_multipart(), f"the body is not multipart ({content_type})"
    for part in message.iter_parts():
        name = str(part.get_param("name", header="content-disposition"))
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes), f"form field {name} has no payload"
        filename = part.get_filename()
        value = (filename, payload, part.get_content_type()) if filename is not None else payload.decode()
        fields.setdefault(name, []).append(value)
    return fields


def expected_form_fields(form: Mapping[str, Any]) -> dict[str, list[Any]]:
    """What :func:`form_fields` should read for the form arguments (files as given, the rest as text)."""
    out: dict[str, list[Any]] = {}
    for name, value in form.items():
        items = value if isinstance(value, list) and value and isinstance(value[0], tuple) else [value]
        for item in items:
            if isinstance(item, (tuple, str)):
                out.setdefault(name, []).append(item)
            elif isinstance(item, bool):
                out.setdefault(name, []).append("true" if item else "false")
            elif isinstance(item, (dict, list)):
                out.setdefault(name, []).append(json.dumps(item, separators=(",", ":")))
            else:
                out.setdefault(name, []).append(str(item))
    return out


def signature_names(method: Any) -> tuple[list[str], set[str]]:
    """(positional parameter names in order, keyword-only names) of a bound method."""
    positional, keyword = [], set()
    for parameter in inspect.signature(method).parameters.values():
        if parameter.kind in (
            parameter.POSITIONAL_ONLY,
            parameter.POSITIONAL_OR_KEYWORD,
        ):
            positional.append(parameter.name)
        elif parameter.kind == parameter.KEYWORD_ONLY:
            keyword.add(parameter.name)
    return positional, keyword


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode()
