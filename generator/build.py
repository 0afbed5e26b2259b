"""Spec dict to IR: the only module that reads raw operations and parameters.

Swagger 2.0, OpenAPI 3.0 and 3.1 differences are settled here (schema
dialects in :mod:`generator.schemas`), so that everything downstream reads one
model. Names and the call order follow swagger-codegen, which the published
client documentation follows:

* method name: ``snake_case(operationId)``;
* parameter names: ``snake_case(wire name)``, keywords escaped;
* call order: the request body first (OpenAPI 3; for Swagger 2.0 it stays where
  the spec lists it), then the operation's parameters in spec order, then the
  path-level parameters it does not override; then a stable sort putting the
  required ones before the optional ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from .config import Options
from .diagnostics import Diagnostic, escape_pointer
from .ir import JSON_MEDIA, Api, Body, Operation, Pagination, Param, Resource, Response, SecurityScheme, TypeRef
from .load import LoadedSpec, resolve_pointer
from .lock import Lock
from .naming import Namer, escape_keyword, pascal_case, snake_case
from .profiles import profile_of
from .runtime import runtime_names
from .schemas import SchemaSet, diagnostics_reporter
from .validate import spec_version

__all__ = ["build_api"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_TYPE = JSON_MEDIA
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
#: Statuses HTTP forbids a body in (RFC 9110 15.3.5, 15.3.6, 15.4.5).
BODILESS_STATUSES = frozenset({"204", "205", "304"})
#: Names a generated method or its arguments may not take.
RUNTIME_NAMES = runtime_names()
METHOD_RESERVED = frozenset({"api_client"})
#: Names a parameter may not take: ``self``, the per-call options, and every
#: lower-case name a generated method body refers to (the builtins and
#: imports it passes as ``response_type``), which a parameter would shadow.
PARAM_RESERVED = frozenset(
    {"self", "_request_timeout", "_headers", "int", "str", "float", "bool", "bytes", "list", "dict", "object"}
    | {"date", "datetime", "httpx"}
)
_LOCATION_SUFFIX = {
    "path": "_path",
    "query": "_query",
    "header": "_header",
    "cookie": "_cookie",
    "form": "_form",
    "body": "_body",
}
_DEFAULT_STYLE = {
    "query": ("form", True),
    "cookie": ("form", True),
    "path": ("simple", False),
    "header": ("simple", False),
}
_COLLECTION_FORMATS = {
    "csv": ("form", False), "multi": ("form", True), "ssv": ("spaceDelimited", False),
    "pipes": ("pipeDelimited", False), "tsv": ("form", False),
}  # fmt: skip


def build_api(spec: LoadedSpec, options: Options, lock: Lock | None = None) -> tuple[Api, list[Diagnostic]]:
    """The IR of a loaded, validated spec, and the warnings met on the way.

    With a ``lock`` (the surface last generated), locked model names and
    parameter orders win over what the spec alone would give.
    """
    return _Builder(spec, options, lock).build()


class _Builder:
    def __init__(self, spec: LoadedSpec, options: Options, lock: Lock | None = None) -> None:
        self.lock = lock
        self.spec = spec
        self.doc = spec.document
        self.options = options
        self.version = spec_version(self.doc) or "3.0"
        self.diagnostics: list[Diagnostic] = []
        self.report: Callable[[str, str, str, str], None] = diagnostics_reporter(self.diagnostics, spec)
        self.body_first = options.body_position == "first" or (
            options.body_position == "auto" and self.version != "2.0"
        )

    # ------------------------------------------------------------------ whole

    def build(self) -> tuple[Api, list[Diagnostic]]:
        self.security_schemes = self._security_schemes()
        self._unknown_schemes: set[tuple[str, str]] = set()
        found = list(self._operations())
        classes, modules = self._resources(found)
        schemas = SchemaSet(
            self.doc,
            self.version,
            frozenset(classes.values()) | RUNTIME_NAMES,
            self.report,
            locked=self.lock.model_names if self.lock else None,
        )
        schemas.build_components()
        self.schemas = schemas
        grouped: dict[str, list[Operation]] = {tag: [] for tag in classes}
        method_namers = {tag: Namer(reserved=METHOD_RESERVED) for tag in classes}
        for path, path_item, method, raw in found:
            tag = self._tag(raw)
            grouped[tag].append(self._operation(path, path_item, method, raw, method_namers[tag]))
        for tag, ops in grouped.items():
            # Claimed after every operation's own name, in name order, so an
            # ``iter_`` method never takes an operation's name.
            for index, op in sorted(enumerate(ops), key=lambda item: item[1].py_name):
                paging = self._pagination(op)
                if paging is not None:
                    ops[index] = replace(
                        op, pagination=Pagination(method_name=method_namers[tag].claim(f"iter_{op.py_name}"), **paging)
                    )
        tag_descriptions = {
            str(t.get("name")): str(t.get("description") or "")
            for t in self.doc.get("tags") or []
            if isinstance(t, Mapping)
        }
        resources = tuple(
            sorted(
                (
                    Resource(
                        tag=tag,
                        class_name=classes[tag],
                        module_name=modules[tag],
                        description=tag_descriptions.get(tag, ""),
                        operations=tuple(sorted(ops, key=lambda op: op.py_name)),
                    )
                    for tag, ops in grouped.items()
                ),
                key=lambda r: r.class_name,
            )
        )
        info = self.doc.get("info") or {}
        api = Api(
            title=str(info.get("title") or "API"),
            version=str(info.get("version") or "0"),
            description=str(info.get("description") or ""),
            spec_version=self.version,
            servers=self._servers(),
            security_schemes=self.security_schemes,
            resources=resources,
            schemas=tuple(schemas.schemas.values()),
        )
        return api, self.diagnostics

    def _operations(self) -> Any:
        paths = self.doc.get("paths") or {}
        for path, path_item in paths.items():
            path_item = self._deref(path_item)
            if not isinstance(path_item, Mapping):
                continue
            for method, raw in path_item.items():
                if method in HTTP_METHODS and isinstance(raw, Mapping):
                    yield str(path), path_item, method, raw

    def _tag(self, raw: Mapping[str, Any]) -> str:
        tags = raw.get("tags")
        if isinstance(tags, list) and tags and str(tags[0]).strip():
            return str(tags[0])
        return self.options.default_tag

    def _resources(self, found: list[Any]) -> tuple[dict[str, str], dict[str, str]]:
        declared = [str(t.get("name")) for t in self.doc.get("tags") or [] if isinstance(t, Mapping)]
        used = list(dict.fromkeys(self._tag(raw) for *_, raw in found))
        ordered = [t for t in declared if t in used] + sorted(t for t in used if t not in declared)
        class_namer = Namer(reserved=RUNTIME_NAMES, fold_case=True)
        module_namer = Namer(
            reserved=frozenset({"api_client", "configuration", "exceptions", "models", "__init__"}), fold_case=True
        )
        classes, modules = {}, {}
        for tag in ordered:
            base = pascal_case(tag)
            module = escape_keyword(snake_case(tag))  # "3D Models" -> n3d_models_api, not an import error
            classes[tag] = class_namer.claim(base + "Api")
            modules[tag] = module_namer.claim(module + "_api")
            if classes[tag] != base + "Api":
                self.report(
                    "warning",
                    f"tag {tag!r} gives class {classes[tag]}: another tag took {pascal_case(tag)}Api.",
                    "/tags",
                    "",
                )
        return classes, modules

    # -------------------------------------------------------------- operation

    def _operation(
        self, path: str, path_item: Mapping[str, Any], method: str, raw: Mapping[str, Any], namer: Namer
    ) -> Operation:
        pointer = f"/paths/{escape_pointer(path)}/{method}"
        operation_id = str(raw.get("operationId") or _derived_operation_id(method, path))
        wanted = escape_keyword(snake_case(operation_id), self.options.keyword_escape)
        py_name = namer.claim(wanted, f"_{method}")
        if py_name != wanted:
            self.report(
                "warning",
                f"method {wanted} already exists in this class; this operation is {py_name}.",
                pointer,
                "Give the operations distinct operationIds.",
            )
        base = pascal_case(operation_id)
        params, body = self._params(path_item, raw, pointer, base, path, operation_id)
        responses = self._responses(raw, pointer, base, method)
        return_type, success = _return_type(responses)
        description = str(raw.get("description") or "")
        profile = profile_of(self.options.profile)
        return Operation(
            operation_id=operation_id,
            py_name=py_name,
            method=method.upper(),
            path=path,
            # A vendor's notes (scopes, rate limit) become fields below, not prose.
            summary=profile.without_notes(str(raw.get("summary") or "")).strip(),
            description=profile.without_notes(description),
            params=params,
            body=body,
            responses=responses,
            return_type=return_type,
            success_status=success,
            scopes=_scopes(raw, profile.scopes_in(description)),
            rate_limit=profile.rate_limit_in(description),
            deprecated=bool(raw.get("deprecated", False)),
            security=self._security(raw, pointer),
            extensions={k: v for k, v in raw.items() if str(k).startswith("x-")},
        )

    def _deref(self, value: Any) -> Any:
        seen = set()
        while isinstance(value, Mapping) and isinstance(value.get("$ref"), str) and value["$ref"].startswith("#"):
            ref = value["$ref"]
            if ref in seen:
                return {}
            seen.add(ref)
            try:
                value = resolve_pointer(self.doc, ref[1:])
            except KeyError:
                return {}
        return value

    def _ignored_header(self, raw: Mapping[str, Any]) -> bool:
        """OpenAPI 3 ignores header parameters named Accept, Content-Type and Authorization:
        the media types and the security scheme say what goes there (Swagger 2.0 has no such
        rule, and its specs often pass a token so)."""
        return (
            self.version != "2.0"
            and raw.get("in") == "header"
            and str(raw.get("name", "")).lower() in ("accept", "content-type", "authorization")
        )

    def _params(
        self,
        path_item: Mapping[str, Any],
        raw: Mapping[str, Any],
        pointer: str,
        base: str,
        path: str,
        operation_id: str,
    ) -> tuple[tuple[Param, ...], Body | None]:
        own = [(self._deref(p), f"{pointer}/parameters/{i}") for i, p in enumerate(raw.get("parameters") or [])]
        own_keys = {(p.get("name"), p.get("in")) for p, _ in own if isinstance(p, Mapping)}
        path_pointer = pointer.rsplit("/", 1)[0]
        shared = [
            (self._deref(p), f"{path_pointer}/parameters/{i}") for i, p in enumerate(path_item.get("parameters") or [])
        ]
        inherited = [
            (p, where) for p, where in shared if isinstance(p, Mapping) and (p.get("name"), p.get("in")) not in own_keys
        ]
        entries = [
            (p, where)
            for p, where in own + inherited
            if isinstance(p, Mapping)
            and p.get("in") in ("path", "query", "header", "cookie", "body", "formData")
            and not self._ignored_header(p)
        ]
        body: Body | None = None
        sequence: list[tuple[str, Any, str]] = []  # (kind, raw, pointer): kind "param" or "body"
        if self.version == "2.0":
            form = [(p, where) for p, where in entries if p.get("in") == "formData"]
            body_param = next(((p, where) for p, where in entries if p.get("in") == "body"), None)
            if body_param is not None:
                body = self._body_v2(body_param[0], body_param[1], raw, base)
            elif form:
                body = self._form_v2(form, raw, base)
            for p, where in entries:
                if p.get("in") in ("body", "formData"):
                    if self.body_first:
                        continue
                    sequence.append(("body-item", p, where))
                else:
                    sequence.append(("param", p, where))
        else:
            request_body = raw.get("requestBody")
            if request_body is not None:
                body = self._body_v3(self._deref(request_body), f"{pointer}/requestBody", base)
            sequence = [("param", p, where) for p, where in entries if p.get("in") not in ("body", "formData")]
        body_params = self._body_params(body, raw.get("x-codegen-request-body-name"))
        ordered: list[Param | None] = []
        if self.body_first or self.version != "2.0":
            ordered.extend(body_params)
            ordered.extend(self._param(p, where, base) for kind, p, where in sequence if kind == "param")
        else:
            form_by_name = {bp.wire_name: bp for bp in body_params}
            for kind, p, where in sequence:
                if kind == "param":
                    ordered.append(self._param(p, where, base))
                elif p.get("in") == "body":
                    ordered.extend(bp for bp in body_params if bp.location == "body")
                else:
                    ordered.append(form_by_name.get(str(p.get("name"))))
        params = [p for p in ordered if p is not None]
        params = self._name_params(params, pointer)
        missing = [
            name
            for name in re.findall(r"{([^{}]+)}", path)
            if name not in {p.wire_name for p in params if p.location == "path"}
        ]
        for name in missing:
            self.report(
                "warning",
                f"path parameter {{{name}}} is not declared; it is added as a required string.",
                pointer,
                "Declare it under parameters.",
            )
        params += self._name_params(
            [
                Param(name, snake_case(name), "path", TypeRef("str"), True, style="simple", explode=False)
                for name in missing
            ],
            pointer,
            taken=params,
        )
        params.sort(key=lambda p: not p.required)  # stable: spec order within each group
        params = self._locked_order(operation_id, params)
        if body is not None and body.form_fields:
            renamed = {p.wire_name: p for p in params if p.location == "form"}
            body = replace(body, form_fields=tuple(renamed[f.wire_name] for f in body.form_fields))
        return tuple(params), body

    def _locked_order(self, operation_id: str, params: list[Param]) -> list[Param]:
        """Parameters in the locked order: callers keep working when the spec moves one.

        Required parameters the lock knows keep their places; a new required
        one follows them (a breaking change the diff reports). Optional ones
        the lock knows keep their order; new optional ones go to the end.
        """
        locked = self.lock.params_by_operation.get(operation_id) if self.lock else None
        if not locked:
            return params
        index = {(name, required): i for i, (name, required) in enumerate(locked)}

        def key(item: tuple[int, Param]) -> tuple[bool, int, int]:
            position, param = item
            known = index.get((param.py_name, param.required))
            return (not param.required, 0 if known is not None else 1, known if known is not None else position)

        return [param for _, param in sorted(enumerate(params), key=key)]

    def _name_params(self, params: list[Param], pointer: str, taken: list[Param] | None = None) -> list[Param]:
        namer = Namer(reserved=PARAM_RESERVED)
        for p in taken or []:
            namer.claim(p.py_name)
        chosen: dict[int, str] = {}
        # The body and form fields claim their names first: they come first in
        # swagger-codegen's order, and a query parameter called ``body`` must
        # not push the body aside wherever the spec happens to list it.
        for index in sorted(range(len(params)), key=lambda i: params[i].location not in ("body", "form")):
            p = params[index]
            wanted = escape_keyword(snake_case(p.wire_name), self.options.keyword_escape)
            chosen[index] = namer.claim(wanted, _LOCATION_SUFFIX[p.location])
            if chosen[index] != wanted:
                self.report(
                    "warning",
                    f"{p.location} parameter {p.wire_name!r} is named {chosen[index]}: {wanted} is taken in this method.",
                    pointer,
                    "",
                )
        return [replace(p, py_name=chosen[i]) for i, p in enumerate(params)]

    def _param(self, raw: Mapping[str, Any], pointer: str, base: str) -> Param | None:
        location = str(raw.get("in"))
        name = str(raw.get("name") or "")
        if not name:
            self.report("warning", "parameter without a name is skipped.", pointer, "")
            return None
        if self.version == "2.0":
            schema: Any = {
                k: v
                for k, v in raw.items()
                if k not in ("name", "in", "required", "description", "collectionFormat", "allowEmptyValue")
            }
            style, explode = _DEFAULT_STYLE[location]
            if schema.get("type") == "array":
                style, explode = _COLLECTION_FORMATS.get(str(raw.get("collectionFormat") or "csv"), ("form", False))
                if location in ("path", "header"):
                    style = "simple"
        else:
            schema = raw.get("schema")
            content = raw.get("content")
            if schema is None and isinstance(content, Mapping) and content:
                schema = next(iter(content.values()), {}).get("schema", {})
            default_style = _DEFAULT_STYLE[location][0]
            style = str(raw.get("style") or default_style)
            explode = bool(raw.get("explode", style == "form"))
        resolved = self.schemas.resolve(schema)
        resolved = resolved if isinstance(resolved, Mapping) else {}
        kind = (
            TypeRef("str")
            if location == "path" and not resolved
            else self.schemas.type_of(schema, "", pointer, hoist=False)
        )
        if kind.kind == "model":  # a parameter typed by a named object or enum schema
            kind = self.schemas.type_of(resolved, "", pointer, hoist=False)
            if kind.kind == "any":
                kind = TypeRef("str")
        enum_source = resolved.get("items", {}) if resolved.get("type") == "array" else resolved
        enum_source = self.schemas.resolve(enum_source) if isinstance(enum_source, Mapping) else {}
        enum = (
            tuple(v for v in enum_source.get("enum", ()) if v is not None) if isinstance(enum_source, Mapping) else ()
        )
        return Param(
            wire_name=name,
            py_name=name,
            location=location,  # type: ignore[arg-type]
            type=TypeRef(kind.kind, kind.name, kind.args, False),
            required=location == "path" or bool(raw.get("required", False)),
            description=str(raw.get("description") or resolved.get("description") or ""),
            default=resolved.get("default"),
            has_default="default" in resolved,
            enum=enum,
            style=style,
            explode=explode,
            deprecated=bool(raw.get("deprecated", False)),
        )

    # -------------------------------------------------------------- pagination

    def _pagination(self, op: Operation) -> dict[str, Any] | None:
        """How ``op`` pages, from the spec or the target's ``pagination`` option."""
        override = self.options.pagination.get(op.operation_id)
        if override is False or op.return_type.kind != "model" or op.return_type.nullable:
            return None
        setting = dict(override) if isinstance(override, Mapping) else {}
        schema = self.schemas.schemas.get(str(op.return_type.name))
        properties = schema.definition.get("properties", {}) if schema is not None else {}
        # Only an optional parameter can be left to the pager, and it counts pages in integers.
        query = {p.wire_name: p for p in op.params if p.location == "query" and not p.required}
        lists = {name: self.schemas.typeref(prop) for name, prop in properties.items()}
        lists = {name: ref for name, ref in lists.items() if ref.kind == "list"}
        items = setting.get("items") or _pick_items(list(lists))
        if items not in lists:
            return None
        style = setting.get("style")
        request = setting.get("request_param")
        response_field = setting.get("response_field")
        page_count = setting.get("page_count_field")
        if style in (None, "token") and request is None:
            request = next((name for name in _TOKEN_PARAMS if name in query), None)
            if request is not None:
                style = "token"
        if style in (None, "number") and request is None:
            request = next((name for name in _NUMBER_PARAMS if name in query and query[name].type.kind == "int"), None)
            if request is not None:
                style = "number"
        if style is None or request not in query:
            return None
        if style == "token":
            response_field = response_field or next((n for n in (request, *_TOKEN_PARAMS) if n in properties), None)
            if response_field is None:
                return None
        else:
            page_count = page_count or next((n for n in _PAGE_COUNTS if n in properties), None)
        return {
            "style": style,
            "request_param": query[request].py_name,
            "items": items,
            "item_type": lists[items].args[0],
            "response_field": response_field if style == "token" else None,
            "page_count_field": page_count if style == "number" else None,
        }

    # ------------------------------------------------------------------ bodies

    def _body_v3(self, raw: Any, pointer: str, base: str) -> Body | None:
        if not isinstance(raw, Mapping):
            return None
        content = raw.get("content")
        if not isinstance(content, Mapping) or not content:
            return None
        types = tuple(str(t) for t in content)
        # As in swagger-codegen, the first listed type decides between form
        # fields and one body; a body is then sent as JSON when JSON is offered.
        first = types[0].split(";")[0].strip().lower()
        chosen = types[0] if first in FORM_TYPES else _choose_content_type(types)
        media = content[chosen] if isinstance(content[chosen], Mapping) else {}
        schema = media.get("schema", {})
        required = bool(raw.get("required", False))
        description = str(raw.get("description") or "")
        if chosen.split(";")[0].strip().lower() in FORM_TYPES:
            encoding = media.get("encoding") if isinstance(media.get("encoding"), Mapping) else {}
            return self._form_fields(
                schema,
                chosen,
                types,
                required,
                description,
                f"{pointer}/content/{escape_pointer(chosen)}/schema",
                base,
                encoding,
            )
        kind = self._body_kind(
            chosen, media.get("schema"), base + "Request", f"{pointer}/content/{escape_pointer(chosen)}/schema"
        )
        return Body(chosen, types, kind, required, description)

    def _body_kind(self, content_type: str, schema: Any, name: str, pointer: str) -> TypeRef:
        """What a request body of this media type is passed as: by the rules of
        :meth:`_response_kind` (JSON: the schema's type; text and XML: ``str``;
        other types: ``bytes`` unless the schema describes JSON data)."""
        if schema is None and JSON_TYPE.match(content_type.split(";")[0].strip()):
            schema = {}
        return self._response_kind(content_type, schema, name, pointer, hoist=True)

    def _form_fields(
        self,
        schema: Any,
        chosen: str,
        types: tuple[str, ...],
        required: bool,
        description: str,
        pointer: str,
        base: str,
        encoding: Mapping[str, Any],
    ) -> Body:
        resolved = self._merged_object(schema)
        properties = resolved.get("properties") if isinstance(resolved.get("properties"), Mapping) else {}
        needed = set(resolved.get("required") or [])
        fields = []
        for name, prop in properties.items():
            prop_pointer = f"{pointer}/properties/{escape_pointer(str(name))}"
            kind = self._field_type(prop, base + pascal_case(str(name)), prop_pointer)
            enc = encoding.get(name) if isinstance(encoding.get(name), Mapping) else {}
            fields.append(
                Param(
                    wire_name=str(name),
                    py_name=str(name),
                    location="form",
                    type=kind,
                    # swagger-codegen: a field is required when its schema says so.
                    required=name in needed,
                    description=(
                        str(self.schemas.resolve(prop).get("description") or "")
                        if isinstance(self.schemas.resolve(prop), Mapping)
                        else ""
                    ),
                    content_type=str(enc.get("contentType")) if enc.get("contentType") else None,
                )
            )
        # No declared fields (`schema: {}`, an open object): the caller gives them as a
        # mapping, sent as the form's fields (see Body.is_free_form).
        return Body(chosen, types, TypeRef("dict"), required, description, tuple(fields))

    def _field_type(self, prop: Any, name: str, pointer: str) -> TypeRef:
        resolved = self.schemas.resolve(prop)
        if isinstance(resolved, Mapping):
            if resolved.get("format") == "binary" or resolved.get("type") == "file":
                return TypeRef("file")
            items = self.schemas.resolve(resolved.get("items"))
            if (
                resolved.get("type") == "array"
                and isinstance(items, Mapping)
                and (items.get("format") == "binary" or items.get("type") == "file")
            ):
                return TypeRef("list", args=(TypeRef("file"),))
        return self.schemas.type_of(prop, name, pointer)

    def _merged_object(self, schema: Any) -> dict[str, Any]:
        """An object schema with its allOf parts folded in (for form fields)."""
        resolved = self.schemas.resolve(schema)
        if not isinstance(resolved, Mapping):
            return {}
        merged: dict[str, Any] = {"properties": {}, "required": []}
        for part in [resolved, *(resolved.get("allOf") or [])]:
            part = self.schemas.resolve(part) if part is not resolved else part
            if not isinstance(part, Mapping):
                continue
            if part is not resolved and part.get("allOf"):
                part = self._merged_object(part)
            merged["properties"].update(part.get("properties") or {})
            merged["required"].extend(part.get("required") or [])
        return merged

    def _body_v2(self, raw: Mapping[str, Any], pointer: str, op: Mapping[str, Any], base: str) -> Body:
        types = tuple(str(t) for t in (op.get("consumes") or self.doc.get("consumes") or ["application/json"]))
        chosen = _choose_content_type(types)
        kind = self._body_kind(chosen, raw.get("schema", {}), base + "Request", f"{pointer}/schema")
        return Body(chosen, types, kind, bool(raw.get("required", False)), str(raw.get("description") or ""))

    def _form_v2(self, form: list[tuple[Any, str]], op: Mapping[str, Any], base: str) -> Body:
        consumes = tuple(str(t) for t in (op.get("consumes") or self.doc.get("consumes") or []))
        has_file = any(p.get("type") == "file" for p, _ in form)
        forms = [t for t in consumes if t.split(";")[0].strip().lower() in FORM_TYPES]
        chosen = "multipart/form-data" if has_file or not forms else forms[0]
        fields = []
        for p, where in form:
            schema = {
                k: v for k, v in p.items() if k not in ("name", "in", "required", "description", "collectionFormat")
            }
            fields.append(
                Param(
                    wire_name=str(p.get("name")),
                    py_name=str(p.get("name")),
                    location="form",
                    type=self._field_type(schema, base + pascal_case(str(p.get("name"))), where),
                    required=bool(p.get("required", False)),
                    description=str(p.get("description") or ""),
                )
            )
        return Body(chosen, consumes or (chosen,), TypeRef("dict"), any(f.required for f in fields), "", tuple(fields))

    @staticmethod
    def _body_params(body: Body | None, name: Any = None) -> list[Param]:
        """The body as call parameters; ``name`` is ``x-codegen-request-body-name``."""
        if body is None:
            return []
        if body.form_fields:
            return list(body.form_fields)
        wire = str(name) if isinstance(name, str) and name.strip() else "body"
        return [Param(wire, wire, "body", body.type, body.required, body.description, content_type=body.content_type)]

    # --------------------------------------------------------------- responses

    def _responses(self, raw: Mapping[str, Any], pointer: str, base: str, method: str) -> tuple[Response, ...]:
        """The documented responses. Those that cannot carry a body (204, 205, 304,
        and every answer to HEAD) have none, whatever content the spec lists."""
        entries = raw.get("responses") if isinstance(raw.get("responses"), Mapping) else {}
        statuses = [str(s) for s in entries]
        successes = _success_statuses(statuses)
        with_body = [s for s in successes if s not in BODILESS_STATUSES]
        primary = min(with_body) if with_body else None
        responses = []
        for status, value in entries.items():
            status = str(status)
            value = self._deref(value)
            if not isinstance(value, Mapping):
                continue
            where = f"{pointer}/responses/{escape_pointer(status)}"
            is_success = status in successes
            name = base + "Response" if status == primary else f"{base}Response{pascal_case(status)}"
            content_type, schema, schema_pointer = self._response_schema(value, raw, where)
            if content_type is not None and (method == "head" or status in BODILESS_STATUSES):
                if status in BODILESS_STATUSES:
                    self.report(
                        "warning",
                        f"a {status} response has no body (HTTP forbids one): the content listed is ignored.",
                        where,
                        "Remove its content, or use 200 for a response with a body.",
                    )
                content_type = None
            kind = (
                TypeRef("none")
                if content_type is None
                else self._response_kind(content_type, schema, name, schema_pointer, is_success)
            )
            responses.append(Response(status, str(value.get("description") or ""), content_type, kind))
        return tuple(responses)

    def _response_kind(self, content_type: str, schema: Any, name: str, pointer: str, hoist: bool) -> TypeRef:
        """What a response body of this media type and schema is returned as.

        * JSON (``application/json``, ``+json``, ``text/json``, ``*/*``): the
          schema's type, parsed from JSON (no schema: ``Any``).
        * Text (``text/*``) and XML (``application/xml``, ``+xml``): ``str``,
          even for an object or array schema (no XML or CSV parsing is done);
          a primitive schema (a number, a date, an enum) is parsed from the text.
        * Any other type (``application/vnd.github.v3``, ``application/pdf``):
          an object or array schema describes a JSON body, which the runtime
          parses as JSON (it refuses one that is not); anything else is ``bytes``.

        A string of ``format: binary`` is ``bytes`` whatever the type. The
        runtime's ``deserialize`` reads bodies by the same rules.
        """
        media = content_type.split(";")[0].strip().lower()
        if JSON_TYPE.match(media):
            return TypeRef("any") if schema is None else self.schemas.type_of(schema, name, pointer, hoist=hoist)
        textual = media.startswith("text/") or media == "application/xml" or media.endswith("+xml")
        if schema is None:
            return TypeRef("str") if textual else TypeRef("bytes")
        if textual and self._is_structured(schema):
            return TypeRef("str")  # not converted, so an inline object schema makes no unused model
        kind = self.schemas.type_of(schema, name, pointer, hoist=hoist)
        if kind.kind == "any" or (kind.kind == "str" and not textual):
            return TypeRef("str") if textual else TypeRef("bytes")
        return kind

    def _is_structured(self, schema: Any) -> bool:
        """Whether a schema describes an object or an array (or a combination), not a scalar."""
        resolved = self.schemas.resolve(schema)
        if not isinstance(resolved, Mapping):
            return False
        types = resolved.get("type")
        types = set(types) if isinstance(types, list) else {types}
        if types & {"object", "array"}:
            return True
        if any(key in resolved for key in ("properties", "items", "additionalProperties")):
            return True
        return any(
            self._is_structured(part)
            for key in ("allOf", "oneOf", "anyOf")
            for part in (resolved.get(key) if isinstance(resolved.get(key), list) else [])
        )

    def _response_schema(
        self, value: Mapping[str, Any], op: Mapping[str, Any], where: str
    ) -> tuple[str | None, Any, str]:
        if self.version == "2.0":
            if "schema" not in value:
                return None, None, where
            produces = tuple(str(t) for t in (op.get("produces") or self.doc.get("produces") or ["application/json"]))
            return _choose_content_type(produces), value["schema"], f"{where}/schema"
        content = value.get("content")
        if not isinstance(content, Mapping) or not content:
            return None, None, where
        chosen = _choose_content_type(tuple(str(t) for t in content))
        media = content[chosen] if isinstance(content[chosen], Mapping) else {}
        if "schema" not in media:
            return chosen, None, where
        return chosen, media["schema"], f"{where}/content/{escape_pointer(chosen)}/schema"

    # ------------------------------------------------------------ API details

    def _security(self, raw: Mapping[str, Any], pointer: str) -> tuple[tuple[str, ...], ...]:
        """The operation's alternatives of scheme names (its own ``security``, else the spec's)."""
        if "security" in raw:
            requirements, where = raw.get("security"), f"{pointer}/security"
        else:
            requirements, where = self.doc.get("security"), "/security"
        known = {scheme.name for scheme in self.security_schemes}
        alternatives: list[tuple[str, ...]] = []
        for index, requirement in enumerate(requirements if isinstance(requirements, list) else []):
            if not isinstance(requirement, Mapping):
                continue
            names = []
            for name in requirement:
                if str(name) in known:
                    names.append(str(name))
                elif (where, str(name)) not in self._unknown_schemes:
                    self._unknown_schemes.add((where, str(name)))
                    self.report(
                        "warning",
                        f"security requirement names scheme {str(name)!r}, which the spec does not define; "
                        "no credential is sent for it.",
                        f"{where}/{index}",
                        "Define it under components/securitySchemes (securityDefinitions in Swagger 2.0).",
                    )
            alternatives.append(tuple(names))
        if all(not names for names in alternatives):
            return ()
        return tuple(dict.fromkeys(alternatives))

    def _servers(self) -> tuple[str, ...]:
        if self.version == "2.0":
            host = self.doc.get("host")
            base_path = str(self.doc.get("basePath") or "")
            if not host:
                return (base_path,) if base_path else ()
            schemes = self.doc.get("schemes") or ["https"]
            scheme = "https" if "https" in schemes else str(schemes[0])
            return (f"{scheme}://{host}{base_path}",)
        urls = []
        for server in self.doc.get("servers") or []:
            if not isinstance(server, Mapping) or not server.get("url"):
                continue
            url = str(server["url"])
            for var, spec in (server.get("variables") or {}).items():
                if isinstance(spec, Mapping) and "default" in spec:
                    url = url.replace("{" + str(var) + "}", str(spec["default"]))
            urls.append(url)
        return tuple(urls)

    def _security_schemes(self) -> tuple[SecurityScheme, ...]:
        if self.version == "2.0":
            found = self.doc.get("securityDefinitions") or {}
        else:
            found = (self.doc.get("components") or {}).get("securitySchemes") or {}
        schemes = []
        for name, raw in found.items():
            raw = self._deref(raw)
            if not isinstance(raw, Mapping):
                continue
            kind = str(raw.get("type") or "")
            scheme = raw.get("scheme")
            flows = raw.get("flows") or {}
            if self.version == "2.0":
                if kind == "basic":
                    kind, scheme = "http", "basic"
                if kind == "oauth2":
                    flow_name = {"accessCode": "authorizationCode", "application": "clientCredentials"}.get(
                        str(raw.get("flow")), str(raw.get("flow"))
                    )
                    flows = {flow_name: {k: raw[k] for k in ("authorizationUrl", "tokenUrl", "scopes") if k in raw}}
            flows = flows if isinstance(flows, Mapping) else {}
            client_flow = flows.get("clientCredentials")
            token_url = client_flow.get("tokenUrl") if isinstance(client_flow, Mapping) else None
            schemes.append(
                SecurityScheme(
                    name=str(name),
                    type=kind,
                    scheme=str(scheme).lower() if scheme else None,
                    location=str(raw.get("in")) if raw.get("in") else None,
                    param_name=str(raw.get("name")) if raw.get("name") else None,
                    flows=flows,
                    description=str(raw.get("description") or ""),
                    token_url=token_url if isinstance(token_url, str) and token_url else None,
                )
            )
        return tuple(schemes)


_TOKEN_PARAMS = ("next_page_token", "nextPageToken", "page_token", "pageToken", "next_token", "nextToken", "cursor")
_NUMBER_PARAMS = ("page_number", "pageNumber", "page")
_PAGE_COUNTS = ("page_count", "pageCount", "total_pages", "totalPages")
_ITEM_FIELDS = ("items", "entities", "data", "results", "records", "values")


def _pick_items(names: list[str]) -> str | None:
    """The array property holding a page's items: the only one, or a usual name."""
    if len(names) == 1:
        return names[0]
    return next((n for n in _ITEM_FIELDS if n in names), names[0] if names else None)


def _choose_content_type(types: tuple[str, ...]) -> str:
    """JSON when offered (as swagger-codegen picks it first), else the first listed."""
    for content_type in types:
        if JSON_TYPE.match(content_type) and content_type != "*/*":
            return content_type
    return types[0]


def _derived_operation_id(method: str, path: str) -> str:
    words = [w for w in re.split(r"[^0-9A-Za-z]+", path) if w]
    return method + "".join(w[0].upper() + w[1:] for w in words)


def _success_statuses(statuses: list[str]) -> list[str]:
    """The statuses a method returns on: the 2xx ones (else ``default``), and 304,
    which answers a conditional request without a body (the method returns None)."""
    found = [s for s in statuses if s.startswith("2")] or [s for s in statuses if s == "default"]
    return found + [s for s in statuses if s == "304"]


def _return_type(responses: tuple[Response, ...]) -> tuple[TypeRef, str | None]:
    """The method's return type: the success bodies' types, ``| None`` when a success
    may come without a body (no content in the spec, or 204, 205, 304)."""
    chosen = set(_success_statuses([r.status for r in responses]))
    successes = [r for r in responses if r.status in chosen]
    if not successes:
        return TypeRef("none"), None
    primary = min(successes, key=lambda r: r.status)
    typed = list(dict.fromkeys(r.type for r in successes if r.type.kind != "none"))
    if not typed:
        return TypeRef("none"), primary.status
    empty = any(r.type.kind == "none" for r in successes)
    result = typed[0] if len(typed) == 1 else TypeRef("union", args=tuple(typed))
    if empty:
        result = TypeRef(result.kind, result.name, result.args, True)
    with_content = min((r for r in successes if r.type.kind != "none"), key=lambda r: r.status)
    return result, with_content.status


def _scopes(raw: Mapping[str, Any], described: tuple[str, ...]) -> tuple[str, ...]:
    """The scopes the operation's description names (by its profile), then those its security requires."""
    scopes = list(described)
    for requirement in raw.get("security") or []:
        if isinstance(requirement, Mapping):
            for values in requirement.values():
                scopes.extend(str(v) for v in values or [])
    return tuple(dict.fromkeys(scopes))
