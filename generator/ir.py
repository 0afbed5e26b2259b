"""The intermediate model: what every later stage reads instead of the spec.

Plain frozen dataclasses, independent of the input's OpenAPI version
(Swagger 2.0, OpenAPI 3.0 and 3.1 all arrive here in one shape). Every name
keeps the spec's spelling (``wire_name``) next to the Python one
(``py_name``); all Python names are decided once, in :mod:`generator.build`.
The model holds no logic beyond small read-only properties, so it can be
printed (``specgen ir``), compared and rendered without surprises.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = [
    "Api",
    "Body",
    "Operation",
    "Pagination",
    "Param",
    "Resource",
    "Response",
    "Schema",
    "SecurityScheme",
    "TypeRef",
    "is_json_media",
    "literal_values",
    "signature_annotation",
    "to_jsonable",
    "value_annotation",
]

#: Media types whose bodies are JSON: ``application/json``, any ``+json``,
#: ``text/json``, and ``*/*`` (a server that names no type answers JSON in practice).
JSON_MEDIA = re.compile(r"^application/(?:[\w.+-]+\+)?json\b|^\*/\*$|^text/json\b", re.IGNORECASE)


def is_json_media(content_type: str) -> bool:
    """Whether a body of this media type is JSON (see :data:`JSON_MEDIA`)."""
    return bool(JSON_MEDIA.match(content_type.strip()))


Location = Literal["path", "query", "header", "cookie", "body", "form"]
TypeKind = Literal[
    "str", "int", "float", "bool", "bytes", "date", "datetime", "file",
    "any", "dict", "list", "model", "none", "union",
]  # fmt: skip


@dataclass(frozen=True)
class TypeRef:
    """A Python type, structurally: ``list[User]`` is ``TypeRef("list", args=(TypeRef("model", "User"),))``."""

    kind: TypeKind
    name: str | None = None
    args: tuple[TypeRef, ...] = ()
    nullable: bool = False

    @property
    def annotation(self) -> str:
        """The annotation as written in generated code."""
        simple = {
            "str": "str", "int": "int", "float": "float", "bool": "bool",
            "bytes": "bytes", "date": "date", "datetime": "datetime",
            "file": "FileInput", "any": "Any", "none": "None",
        }  # fmt: skip
        if self.kind in simple:
            text = simple[self.kind]
        elif self.kind == "model":
            text = str(self.name)
        elif self.kind == "list":
            text = f"list[{self.args[0].annotation}]"
        elif self.kind == "union":
            text = " | ".join(dict.fromkeys(arg.annotation for arg in self.args))
        else:  # dict
            value = self.args[0].annotation if self.args else "Any"
            text = f"dict[str, {value}]"
        if self.nullable and self.kind not in ("any", "none"):
            text = f"{text} | None"
        return text

    def walk(self) -> tuple[TypeRef, ...]:
        """This type and every type nested in it, depth first."""
        found: tuple[TypeRef, ...] = (self,)
        for arg in self.args:
            found += arg.walk()
        return found


@dataclass(frozen=True)
class Param:
    """One argument of a generated method, and where its value travels."""

    wire_name: str
    py_name: str
    location: Location
    type: TypeRef
    required: bool
    description: str = ""
    default: Any = None
    has_default: bool = False
    enum: tuple[Any, ...] = ()
    style: str | None = None
    explode: bool | None = None
    deprecated: bool = False
    content_type: str | None = None
    #: For a body that is an object model (or a list of them): the TypedDict twin a plain
    #: dict body is checked against (see :mod:`generator.typed_dicts`).
    dict_twin: str | None = None


def literal_values(param: Param) -> tuple[str | int | bool, ...]:
    """The values a parameter (or each of its items) is limited to, when its annotation
    can say so with ``Literal``: a string, integer or boolean enum; else ``()``."""
    base = param.type.args[0] if param.type.kind == "list" and param.type.args else param.type
    expected = {"str": str, "int": int, "bool": bool}.get(base.kind)
    if not param.enum or expected is None or not all(type(v) is expected for v in param.enum):
        return ()
    return tuple(dict.fromkeys(param.enum))


def value_annotation(param: Param) -> str:
    """A parameter's value type: ``Literal[...]`` of its enum, else its type's annotation.

    A value the spec does not list still goes to the server at run time (an API
    may add values before its spec says so); only a type checker refuses it.
    """
    values = literal_values(param)
    kind = dataclasses.replace(param.type, nullable=False)
    if not values:
        return kind.annotation
    text = "Literal[" + ", ".join(_literal_source(v) for v in values) + "]"
    return f"list[{text}]" if kind.kind == "list" else text


def _literal_source(value: str | int | bool) -> str:
    """``value`` as Python source, in double quotes where black would put them."""
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and '"' not in value and "'" not in value:
        text = '"' + text[1:-1] + '"'
    return text


def signature_annotation(param: Param) -> str:
    """A parameter's annotation as the generated method declares it.

    A model-typed body also takes a plain dict (its TypedDict twin where it has one); an enum is a ``Literal`` of its values
    (see :func:`value_annotation`). ``None`` is a value only where the spec allows null;
    an optional parameter also takes ``NotGiven``, its default (the runtime's
    ``NOT_GIVEN``: left out of the request).
    """
    kind = dataclasses.replace(param.type, nullable=False)
    plain = param.dict_twin or "dict[str, Any]"
    if param.location == "body" and kind.kind == "model":
        text = f"{kind.annotation} | {plain}"
    elif param.location == "body" and kind.kind == "list" and kind.args and kind.args[0].kind == "model":
        text = f"list[{kind.args[0].annotation} | {plain}]"
    else:
        text = value_annotation(param)
    if param.type.nullable and kind.kind not in ("any", "none"):
        text = f"{text} | None"
    return text if param.required else f"{text} | NotGiven"


@dataclass(frozen=True)
class Body:
    """The request body the operation sends, in the content type chosen for it."""

    content_type: str
    content_types: tuple[str, ...]
    type: TypeRef
    required: bool
    description: str = ""
    form_fields: tuple[Param, ...] = ()

    @property
    def is_form(self) -> bool:
        return bool(self.form_fields) or self.content_type in (
            "multipart/form-data",
            "application/x-www-form-urlencoded",
        )

    @property
    def is_multipart(self) -> bool:
        return self.content_type == "multipart/form-data"

    @property
    def is_free_form(self) -> bool:
        """A form whose schema declares no fields: one ``body`` mapping of field names to values."""
        return self.is_form and not self.form_fields


@dataclass(frozen=True)
class Response:
    """One documented response: status (``200``, ``2XX``, ``default``) and body type."""

    status: str
    description: str
    content_type: str | None
    type: TypeRef

    @property
    def is_json(self) -> bool:
        """Whether the body is read (and served in generated tests) as JSON."""
        return self.content_type is not None and is_json_media(self.content_type)


@dataclass(frozen=True)
class Pagination:
    """How a list operation pages, and the method that walks all pages.

    ``style`` ``token``: the next request sends ``response_field`` of the
    previous page as ``request_param`` (Zoom's ``next_page_token``);
    ``number``: it sends the next page number (Genesys' ``pageNumber``) until
    ``page_count_field`` is reached or a page comes back empty. Field names
    are wire names; ``request_param`` is the method's Python argument.
    """

    style: Literal["token", "number"]
    method_name: str
    request_param: str
    items: str
    item_type: TypeRef
    response_field: str | None = None
    page_count_field: str | None = None
    #: Earlier names of the pager, kept from the lock as deprecated aliases of ``method_name``.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Operation:
    """One HTTP operation, as one method of a resource class."""

    operation_id: str
    py_name: str
    method: str
    path: str
    summary: str
    description: str
    params: tuple[Param, ...]
    body: Body | None
    responses: tuple[Response, ...]
    return_type: TypeRef
    success_status: str | None
    scopes: tuple[str, ...]
    rate_limit: str | None
    deprecated: bool
    #: Alternatives, any one of which authorizes the call; each is the names of
    #: the security schemes it needs together. ``()``: no credential needed; an
    #: empty alternative among others: credentials are optional.
    security: tuple[tuple[str, ...], ...]
    pagination: Pagination | None = None

    @property
    def path_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "path")

    @property
    def query_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "query")

    @property
    def header_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "header")

    @property
    def cookie_params(self) -> tuple[Param, ...]:
        return tuple(p for p in self.params if p.location == "cookie")

    @property
    def security_names(self) -> tuple[str, ...]:
        """Every scheme any alternative names, in order of first mention."""
        return tuple(dict.fromkeys(name for alternative in self.security for name in alternative))

    @property
    def accept(self) -> tuple[str, ...]:
        types = [r.content_type for r in self.responses if r.content_type]
        return tuple(dict.fromkeys(types))


@dataclass(frozen=True)
class Resource:
    """A tag, rendered as one API class (``Users`` -> ``UsersApi``)."""

    tag: str
    class_name: str
    module_name: str
    description: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Schema:
    """A named model: a component schema or a hoisted inline one.

    ``definition`` is JSON Schema in OpenAPI 3.0 dialect whose references all
    point at other named schemas (``#/components/schemas/<name>``), ready for
    the model generator. ``origin`` is the JSON pointer it came from.
    """

    name: str
    origin: str
    definition: Mapping[str, Any]
    kind: Literal["object", "enum", "alias"]


@dataclass(frozen=True)
class SecurityScheme:
    """A security scheme: how credentials travel (bearer, api key, oauth2...).

    ``type`` is OpenAPI 3's (``http``, ``apiKey``, ``oauth2``,
    ``openIdConnect``, ``mutualTLS``; Swagger 2's ``basic`` is ``http``
    ``basic``); ``scheme`` the lower-cased HTTP scheme; ``location`` and
    ``param_name`` where an API key goes; ``token_url`` the client-credentials
    flow's token endpoint, when the spec has one.
    """

    name: str
    type: str
    scheme: str | None = None
    location: str | None = None
    param_name: str | None = None
    description: str = ""
    token_url: str | None = None

    @property
    def credential(self) -> Literal["token", "api_key", "basic", "digest", "certificate"]:
        """What the caller configures for this scheme."""
        if self.type == "apiKey":
            return "api_key"
        if self.type == "http" and self.scheme == "basic":
            return "basic"
        if self.type == "http" and self.scheme == "digest":
            return "digest"
        if self.type == "mutualTLS":
            return "certificate"
        return "token"


@dataclass(frozen=True)
class Api:
    """The whole API: what one generated package is made from."""

    title: str
    version: str
    description: str
    spec_version: str
    servers: tuple[str, ...]
    security_schemes: tuple[SecurityScheme, ...]
    resources: tuple[Resource, ...]
    schemas: tuple[Schema, ...]
    #: (model name, its TypedDict twin's name) for the models request bodies reach.
    dict_twins: tuple[tuple[str, str], ...] = ()

    @property
    def operations(self) -> tuple[Operation, ...]:
        return tuple(op for resource in self.resources for op in resource.operations)


def to_jsonable(value: Any) -> Any:
    """The model as plain JSON data (``specgen ir``), properties included."""
    if isinstance(value, TypeRef):
        return value.annotation
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    return value
