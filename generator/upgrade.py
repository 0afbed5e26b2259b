"""Swagger 2.0 into the OpenAPI 3 shape: the one dialect the builder reads.

A Swagger 2.0 spec says in its own words what OpenAPI 3 says with
``requestBody``, ``content``, ``servers`` and ``components``. :func:`upgrade`
rewrites it once, before the build, so that nothing after this stage asks
which version it reads:

* ``definitions``, ``securityDefinitions`` move under ``components`` (and every
  ``$ref`` with them); shared parameters and responses are copied into the
  operations that use them, each read with its operation's ``consumes`` and
  ``produces``;
* a ``body`` parameter becomes the ``requestBody``, with one media type per
  ``consumes`` entry; ``formData`` parameters become the properties of a form
  body (multipart when one is a file, else the first form type listed);
* a parameter's own type keywords become its ``schema``, and
  ``collectionFormat`` its ``style`` and ``explode``;
* a response's ``schema`` becomes its ``content``, one entry per ``produces``;
* ``host``, ``basePath`` and ``schemes`` become ``servers``; ``basic`` becomes
  an HTTP scheme; an OAuth ``flow`` becomes ``flows``;
* in schemas, ``x-nullable`` adds ``nullable``, ``type: file`` becomes a
  binary string, a discriminator naming only its property becomes
  ``{propertyName: ...}``.

Two things the rewrite would lose are kept beside the document:

* where the body sat among the parameters (``call_order``), which
  ``body_position = "spec"`` keeps as the call order, as swagger-codegen does;
* where each part came from (:meth:`Upgraded.origin`): a warning names the
  place in the file the user wrote, and a model's recorded origin (the lock's
  key for its name) stays what it was.

An OpenAPI 3 document passes through untouched.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import escape_pointer
from .parse import resolve_pointer
from .wire import DEFAULT_STYLES

__all__ = ["COLLECTION_FORMATS", "FORM_TYPES", "HTTP_METHODS", "Upgraded", "resolve_refs", "upgrade"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
#: Swagger 2.0 ``collectionFormat`` as an OpenAPI 3 (style, explode); a path or header uses ``simple``.
COLLECTION_FORMATS = {
    "csv": ("form", False), "multi": ("form", True), "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False), "tsv": ("form", False),
}  # fmt: skip
#: What stays on a Swagger 2.0 parameter; its other keywords describe its value (the schema).
_PARAM_KEYS = ("name", "in", "required", "description", "allowEmptyValue", "deprecated")
_NOT_SCHEMA = frozenset({"name", "in", "required", "description", "collectionFormat", "allowEmptyValue"})
_JSON = "application/json"
#: Deeper than the loader lets a document nest: a cyclic (aliased) node is copied as it is there.
_MAX_DEPTH = 250


@dataclass(frozen=True)
class Upgraded:
    """A spec in the OpenAPI 3 shape, and what its source said that the shape cannot."""

    document: Mapping[str, Any]
    #: The version the spec was written in: "2.0", "3.0" or "3.1".
    source_version: str
    #: Per (path, method) of a Swagger 2.0 operation: its parameters in the spec's order,
    #: each ``"param"``, ``"body"`` or ``"form:<name>"``.
    call_order: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: (pointer here, pointer in the source) for every part that moved.
    moves: tuple[tuple[str, str], ...] = ()

    @property
    def version(self) -> str:
        """The dialect of :attr:`document`: "3.0" or "3.1"."""
        return "3.1" if self.source_version == "3.1" else "3.0"

    @property
    def ignores_reserved_headers(self) -> bool:
        """OpenAPI 3 ignores header parameters named Accept, Content-Type and Authorization
        (media types and security schemes say what goes there); Swagger 2.0 has no such rule,
        and its specs often pass a token so."""
        return self.source_version != "2.0"

    def origin(self, pointer: str) -> str:
        """Where the part at ``pointer`` here was in the source."""
        return _translate(pointer, self._back)

    def place(self, origin: str) -> str:
        """Where the part at ``origin`` in the source is here."""
        return _translate(origin, self._forward)

    @property
    def _back(self) -> dict[str, str]:
        return _table(self, "back", ((new, old) for new, old in self.moves))

    @property
    def _forward(self) -> dict[str, str]:
        return _table(self, "forward", ((old, new) for new, old in self.moves))


def _table(upgraded: Upgraded, name: str, pairs: Any) -> dict[str, str]:
    """A lookup built once per :class:`Upgraded` (the first move of a place wins)."""
    cached: dict[str, dict[str, str]] = upgraded.__dict__.setdefault("_tables", {})
    if name not in cached:
        table: dict[str, str] = {}
        for key, value in pairs:
            table.setdefault(key, value)
        cached[name] = table
    return cached[name]


def _translate(pointer: str, table: Mapping[str, str]) -> str:
    """``pointer`` with its longest prefix (whole tokens) found in ``table`` replaced."""
    if not table:
        return pointer
    head, tail = pointer, ""
    while True:
        if head in table:
            return table[head] + tail
        cut = head.rfind("/")
        if cut <= 0:
            return pointer
        head, tail = head[:cut], head[cut:] + tail


def resolve_refs(document: Mapping[str, Any], value: Any) -> Any:
    """``value`` with its chain of local ``$ref`` followed: what it names, or ``{}``
    when the chain leads outside the document, nowhere, or round."""
    seen: set[str] = set()
    while isinstance(value, Mapping) and isinstance(value.get("$ref"), str):
        ref = value["$ref"]
        if ref in seen or not ref.startswith("#"):
            return {}
        seen.add(ref)
        try:
            value = resolve_pointer(document, ref[1:])
        except KeyError:
            return {}
    return value


def upgrade(document: Mapping[str, Any], source_version: str) -> Upgraded:
    """``document`` in the OpenAPI 3 shape (itself unless it is Swagger 2.0)."""
    if source_version != "2.0":
        return Upgraded(document, source_version)
    return _Swagger2(document).upgraded()


class _Swagger2:
    def __init__(self, doc: Mapping[str, Any]) -> None:
        self.doc = doc
        self.moves: list[tuple[str, str]] = []
        self.call_order: dict[tuple[str, str], tuple[str, ...]] = {}
        self.consumes = _types(doc.get("consumes"))
        self.produces = _types(doc.get("produces"))

    def upgraded(self) -> Upgraded:
        doc = self.doc
        out: dict[str, Any] = {"openapi": "3.0.3"}
        out.update({k: v for k, v in doc.items() if k in ("info", "tags", "security", "externalDocs")})
        out.update({k: v for k, v in doc.items() if isinstance(k, str) and k.startswith("x-")})
        servers = self.servers()
        if servers:
            out["servers"] = [{"url": url} for url in servers]
        paths = doc.get("paths")
        if isinstance(paths, Mapping):
            out["paths"] = {path: self.path_item(str(path), item) for path, item in paths.items()}
        components: dict[str, Any] = {}
        definitions = doc.get("definitions")
        if isinstance(definitions, Mapping):
            self.moves.append(("/components/schemas", "/definitions"))
            components["schemas"] = {name: _schema(value) for name, value in definitions.items()}
        schemes = doc.get("securityDefinitions")
        if isinstance(schemes, Mapping):
            self.moves.append(("/components/securitySchemes", "/securityDefinitions"))
            components["securitySchemes"] = {name: _security_scheme(value) for name, value in schemes.items()}
        if components:
            out["components"] = components
        return Upgraded(out, "2.0", self.call_order, tuple(self.moves))

    def servers(self) -> list[str]:
        host = self.doc.get("host")
        base_path = str(self.doc.get("basePath") or "")
        if not host:
            return [base_path] if base_path else []
        schemes = self.doc.get("schemes") or ["https"]
        scheme = "https" if "https" in schemes else str(schemes[0])
        return [f"{scheme}://{host}{base_path}"]

    def deref(self, value: Any) -> Any:
        return resolve_refs(self.doc, value)

    # ------------------------------------------------------------ operations

    def path_item(self, path: str, raw: Any) -> Any:
        item = self.deref(raw)
        if not isinstance(item, Mapping):
            return item
        where = f"/paths/{escape_pointer(path)}"
        shared = [(self.deref(p), f"{where}/parameters/{i}") for i, p in enumerate(item.get("parameters") or [])]
        out: dict[str, Any] = {}
        for key, value in item.items():
            if key in HTTP_METHODS and isinstance(value, Mapping):
                out[key] = self.operation(path, str(key), value, shared)
            elif key != "parameters":
                out[key] = value
        plain = self.parameters([(p, w) for p, w in shared if not _in_body(p)], f"{where}/parameters")
        if plain:
            out["parameters"] = plain
        return out

    def operation(
        self, path: str, method: str, raw: Mapping[str, Any], shared: list[tuple[Any, str]]
    ) -> dict[str, Any]:
        where = f"/paths/{escape_pointer(path)}/{method}"
        out = {k: v for k, v in raw.items() if k not in ("parameters", "responses", "consumes", "produces")}
        own = [(self.deref(p), f"{where}/parameters/{i}") for i, p in enumerate(raw.get("parameters") or [])]
        own_keys = {(p.get("name"), p.get("in")) for p, _ in own if isinstance(p, Mapping)}
        inherited = [
            (p, w) for p, w in shared if isinstance(p, Mapping) and (p.get("name"), p.get("in")) not in own_keys
        ]
        entries = [(p, w) for p, w in own + inherited if isinstance(p, Mapping) and p.get("in") in _KNOWN_PLACES]
        self.call_order[(path, method)] = tuple(
            "param" if not _in_body(p) else "body" if p.get("in") == "body" else f"form:{p.get('name')}"
            for p, _ in entries
        )
        consumes = _types(raw.get("consumes")) or self.consumes
        body = next(((p, w) for p, w in entries if p.get("in") == "body"), None)
        form = [(p, w) for p, w in entries if p.get("in") == "formData"]
        if body is not None:
            out["requestBody"] = self.body(body[0], body[1], consumes or (_JSON,), f"{where}/requestBody")
        elif form:
            out["requestBody"] = self.form(form, consumes, f"{where}/requestBody")
        plain = self.parameters([(p, w) for p, w in own if not _in_body(p)], f"{where}/parameters")
        if plain:
            out["parameters"] = plain
        responses = raw.get("responses")
        if isinstance(responses, Mapping):
            produces = _types(raw.get("produces")) or self.produces or (_JSON,)
            out["responses"] = {
                status: self.response(value, produces, f"{where}/responses/{escape_pointer(str(status))}")
                for status, value in responses.items()
            }
        return out

    def parameters(self, found: list[tuple[Any, str]], where: str) -> list[Any]:
        out = []
        for index, (raw, origin) in enumerate(found):
            self.moves.append((f"{where}/{index}/schema", origin))
            self.moves.append((f"{where}/{index}", origin))
            out.append(_parameter(raw) if isinstance(raw, Mapping) else raw)
        return out

    def body(self, raw: Mapping[str, Any], origin: str, consumes: tuple[str, ...], where: str) -> dict[str, Any]:
        self.moves.append((where, origin))
        schema = _schema(raw.get("schema", {}))
        content = {}
        for media_type in consumes:
            content[media_type] = {"schema": schema}
            self.moves.append((f"{where}/content/{escape_pointer(media_type)}/schema", f"{origin}/schema"))
        out: dict[str, Any] = {"content": content, "required": bool(raw.get("required", False))}
        if raw.get("description"):
            out["description"] = raw["description"]
        return out

    def form(self, fields: list[tuple[Any, str]], consumes: tuple[str, ...], where: str) -> dict[str, Any]:
        """The form body of ``formData`` parameters: multipart when one is a file or the
        operation names no form type, else the first form type it names, then the others."""
        forms = [t for t in consumes if t.split(";")[0].strip().lower() in FORM_TYPES]
        has_file = any(p.get("type") == "file" for p, _ in fields)
        chosen = "multipart/form-data" if has_file or not forms else forms[0]
        properties = {}
        for raw, origin in fields:
            name = str(raw.get("name"))
            properties[name] = _param_schema(raw) | (
                {"description": raw["description"]} if raw.get("description") else {}
            )
            for media_type in (chosen, *forms):
                pointer = f"{where}/content/{escape_pointer(media_type)}/schema/properties/{escape_pointer(name)}"
                self.moves.append((pointer, origin))
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        required = [str(p.get("name")) for p, _ in fields if p.get("required")]
        if required:
            schema["required"] = required
        self.moves.append((where, where.rsplit("/", 1)[0]))
        content = {media_type: {"schema": schema} for media_type in dict.fromkeys((chosen, *forms))}
        return {"content": content, "required": bool(required)}

    def response(self, raw: Any, produces: tuple[str, ...], where: str) -> Any:
        value = self.deref(raw)
        if not isinstance(value, Mapping):
            return value
        out = {k: v for k, v in value.items() if k not in ("schema", "headers", "examples")}
        out.setdefault("description", "")
        if "schema" in value:
            schema = _schema(value["schema"])
            out["content"] = {media_type: {"schema": schema} for media_type in produces}
            for media_type in produces:
                self.moves.append((f"{where}/content/{escape_pointer(media_type)}/schema", f"{where}/schema"))
        headers = value.get("headers")
        if isinstance(headers, Mapping):
            out["headers"] = {
                name: {"description": str(h.get("description") or ""), "schema": _param_schema(h)}
                for name, h in headers.items()
                if isinstance(h, Mapping)
            }
        return out


_KNOWN_PLACES = ("path", "query", "header", "cookie", "body", "formData")


def _in_body(param: Any) -> bool:
    return isinstance(param, Mapping) and param.get("in") in ("body", "formData")


def _types(value: Any) -> tuple[str, ...]:
    return tuple(str(t) for t in value) if isinstance(value, list) else ()


def _parameter(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A path, query, header or cookie parameter with its ``schema``, ``style`` and ``explode``."""
    out = {key: raw[key] for key in _PARAM_KEYS if key in raw}
    location = str(raw.get("in"))
    out["schema"] = _param_schema(raw)
    style, explode = DEFAULT_STYLES.get(location, ("form", True))
    if raw.get("type") == "array":
        style, explode = COLLECTION_FORMATS.get(str(raw.get("collectionFormat") or "csv"), ("form", False))
        if location in ("path", "header"):
            style = "simple"
    out["style"], out["explode"] = style, explode
    return out


def _param_schema(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The schema a Swagger 2.0 parameter (or header, or ``items``) describes by its own keywords."""
    schema = {k: v for k, v in raw.items() if k not in _NOT_SCHEMA}
    if isinstance(schema.get("items"), Mapping):
        schema["items"] = _param_schema(schema["items"])
    return _schema(schema)


def _schema(node: Any, depth: int = 0) -> Any:
    """A Swagger 2.0 schema in OpenAPI 3.0 words (values such as examples and enums are left as they are)."""
    if not isinstance(node, Mapping) or depth > _MAX_DEPTH:
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str) and value.startswith("#/definitions/"):
            value = "#/components/schemas/" + value[len("#/definitions/") :]
        elif key in ("properties", "patternProperties") and isinstance(value, Mapping):
            value = {name: _schema(part, depth + 1) for name, part in value.items()}
        elif key in ("items", "additionalProperties", "not"):
            value = [_schema(v, depth + 1) for v in value] if isinstance(value, list) else _schema(value, depth + 1)
        elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
            value = [_schema(part, depth + 1) for part in value]
        elif key == "discriminator" and isinstance(value, str):
            value = {"propertyName": value}
        elif key == "type" and value == "file":
            out["format"] = "binary"
            value = "string"
        out[key] = value
    if node.get("x-nullable") is True and "nullable" not in node:
        out["nullable"] = True
    return out


def _security_scheme(raw: Any) -> Any:
    if not isinstance(raw, Mapping):
        return raw
    kind = raw.get("type")
    if kind == "basic":
        return {"type": "http", "scheme": "basic"} | _described(raw)
    if kind != "oauth2":
        return dict(raw)
    flow = {"accessCode": "authorizationCode", "application": "clientCredentials"}.get(
        str(raw.get("flow")), str(raw.get("flow"))
    )
    settings = {k: raw[k] for k in ("authorizationUrl", "tokenUrl", "scopes") if k in raw}
    return {"type": "oauth2", "flows": {flow: settings}} | _described(raw)


def _described(raw: Mapping[str, Any]) -> dict[str, Any]:
    return {"description": raw["description"]} if "description" in raw else {}
