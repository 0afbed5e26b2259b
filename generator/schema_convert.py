"""What type a schema is: one schema normalised to OpenAPI 3.0's dialect, and its Python type.

The output dialect is OpenAPI 3.0's JSON Schema (``nullable`` rather than
``type: [x, "null"]``, ``$ref`` only to named schemas), whatever the input's
version, because that is what the model generator reads best. Which inline
schemas become classes, and what they are called, is decided in
:mod:`generator.schemas`; the :class:`Converter` asks it through its ``hoist``
callable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .diagnostics import Reporter, escape_pointer
from .ir import Schema, TypeRef
from .load import resolve_pointer
from .naming import pascal_case
from .schema_keywords import well_typed

__all__ = ["EXAMPLE_HINTS", "Converter", "is_enum", "is_object", "normalise_types", "typeref_of", "without_hints"]

# JSON Schema keywords carried over to the models as they are. Validation
# keywords (pattern, lengths, bounds) are left out on purpose: a client must
# not refuse a server's response because it breaks a documented limit, and
# spec patterns often use regex syntax pydantic's engine does not accept.
_KEPT = ("description", "format", "default", "readOnly", "writeOnly", "deprecated")
# Formats kept for the models. Others (email, uri, uuid, ipv4...) stay plain
# strings: pydantic's types for them need extra packages or refuse values
# real servers send (an empty string for a URL), and a client must read them.
_KEPT_FORMATS = frozenset({"date", "date-time", "binary", "int32", "int64", "float", "double"})
COMPOSITIONS = ("allOf", "oneOf", "anyOf")
#: Where a converted schema keeps the constraints the models drop, so that examples
#: (tests, docs) still meet them; taken out before the model generator sees the schema.
EXAMPLE_HINTS = "x-specgen-example"
_EXAMPLE_CONSTRAINTS = (
    "minLength", "maxLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "minItems", "maxItems",
)  # fmt: skip
# Keywords that describe a schema without constraining its values.
_ANNOTATIONS = frozenset(
    {"description", "title", "example", "examples", "default", "readOnly", "writeOnly", "deprecated", "nullable",
     "externalDocs", "xml", "$comment"}
)  # fmt: skip
_PRIMITIVE = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
MAX_DEPTH = 60

#: Makes the class of an inline schema: ``(raw, name, pointer)`` -> a ``$ref`` to it.
Hoist = Callable[[Any, str, str], dict[str, Any]]


class Converter:
    """Normalises the schemas of one document; nested objects and enums go to ``hoist``."""

    def __init__(
        self,
        document: dict[str, Any],
        component_names: Mapping[str, str],
        components_pointer: str,
        report: Reporter,
        hoist: Hoist,
    ) -> None:
        self.document = document
        self.component_names = component_names  # pointer of a component schema -> its class name
        self.components_pointer = components_pointer
        self.report = report
        self.hoist = hoist
        self._inline_stack: list[str] = []

    def convert(
        self, raw: Any, name: str, pointer: str, *, top: bool, hoist: bool = True, depth: int = 0
    ) -> dict[str, Any]:
        """Normalise one schema; nested objects and enums are hoisted when ``hoist``."""
        if depth > MAX_DEPTH:
            self.report("warning", "schema nests too deeply; the rest is typed Any.", pointer, "")
            return {}
        if isinstance(raw, bool):
            return {} if raw else {"not": {}}
        if not isinstance(raw, Mapping):
            return {}
        ref = raw.get("$ref")
        if isinstance(ref, str):
            return self._convert_ref(raw, ref, name, pointer, top=top, hoist=hoist, depth=depth)
        raw = well_typed(raw, pointer, self.report)
        schema = normalise_types(raw)
        if not top and hoist and (is_enum(schema) or _wants_class(schema)):
            hoisted = self.hoist(raw, name, pointer)
            return {"allOf": [hoisted], "nullable": True} if schema.get("nullable") else hoisted
        out = _own_keywords(schema, top)
        if "discriminator" in out:
            out["discriminator"] = self._convert_discriminator(out["discriminator"])
        self._convert_children(schema, out, name, pointer, hoist, depth + 1)
        return out

    def _convert_children(
        self, schema: Mapping[str, Any], out: dict[str, Any], name: str, pointer: str, hoist: bool, depth: int
    ) -> None:
        """Properties, additional properties, items and composition options of ``schema``, converted into ``out``."""

        def child(raw: Any, suffix: str, where: str) -> dict[str, Any]:
            return self.convert(raw, name + suffix, f"{pointer}/{where}", top=False, hoist=hoist, depth=depth)

        properties = schema.get("properties")
        if isinstance(properties, Mapping):
            out["properties"] = {
                str(prop): child(value, pascal_case(str(prop)), f"properties/{escape_pointer(str(prop))}")
                for prop, value in properties.items()
            }
            required = [r for r in schema.get("required", []) if isinstance(r, str) and r in properties]
            if required:
                out["required"] = required
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping) and "properties" not in out:
            # Beside declared properties, extra ones are kept by the models'
            # base (extra="allow") rather than typed through __annotations__.
            out["additionalProperties"] = child(extra, "Value", "additionalProperties")
        elif isinstance(extra, bool) and "properties" not in out:
            out["additionalProperties"] = extra
        if "items" in schema:
            items = schema["items"]
            if isinstance(items, list):  # tuple validation: type as the first item
                items = items[0] if items else {}
            out["items"] = child(items, "Item", "items")
        for key in COMPOSITIONS:
            options = schema.get(key)
            if isinstance(options, list) and options:
                out[key] = [
                    child(option, _option_name(option, index, key), f"{key}/{index}")
                    for index, option in enumerate(options)
                ]

    def _convert_ref(
        self, raw: Mapping[str, Any], ref: str, name: str, pointer: str, *, top: bool, hoist: bool, depth: int
    ) -> dict[str, Any]:
        target = ref[1:] if ref.startswith("#") else None
        if target is not None and target in self.component_names:
            out: dict[str, Any] = {"$ref": f"#/components/schemas/{self.component_names[target]}"}
            if raw.get("nullable") or raw.get("x-nullable"):
                out = {"allOf": [out], "nullable": True}
            return out
        if target is None:
            self.report("warning", f"$ref {ref!r} is not resolved; typed Any.", pointer, "")
            return {}
        if target in self._inline_stack:
            self.report("warning", f"$ref {ref!r} refers back to itself outside components; typed Any.", pointer, "")
            return {}
        try:
            resolved = resolve_pointer(self.document, target)
        except KeyError:
            self.report("warning", f"$ref {ref!r} points at nothing; typed Any.", pointer, "")
            return {}
        self._inline_stack.append(target)
        try:
            # Converted where it stands (its pointer), so that every reference to it shares the
            # classes it makes: a bundled spec points deep into other schemas hundreds of times.
            return self.convert(resolved, name, target, top=top, hoist=hoist, depth=depth + 1)
        finally:
            self._inline_stack.pop()

    def _convert_discriminator(self, value: Any) -> Any:
        if isinstance(value, str):  # Swagger 2.0 names only the property
            return {"propertyName": value}
        if not isinstance(value, Mapping):
            return value
        out = dict(value)
        mapping = value.get("mapping")
        if isinstance(mapping, Mapping):
            converted = {}
            for key, ref in mapping.items():
                target = str(ref)[1:] if str(ref).startswith("#") else None
                if target is not None and target in self.component_names:
                    converted[str(key)] = f"#/components/schemas/{self.component_names[target]}"
                else:
                    pointer = f"{self.components_pointer}/{escape_pointer(str(ref))}"
                    if pointer in self.component_names:
                        converted[str(key)] = f"#/components/schemas/{self.component_names[pointer]}"
            out["mapping"] = converted
        return out


def _own_keywords(schema: Mapping[str, Any], top: bool) -> dict[str, Any]:
    """The keywords of a normalised schema kept for the models (its children aside), with the example hints."""
    out: dict[str, Any] = {k: schema[k] for k in _KEPT if k in schema}
    hints = {k: schema[k] for k in _EXAMPLE_CONSTRAINTS if k in schema}
    if isinstance(schema.get("format"), str) and schema["format"] not in _KEPT_FORMATS:
        hints["format"] = schema["format"]
    if hints:  # for examples only: the models leave these out (see _KEPT)
        out[EXAMPLE_HINTS] = hints
    if isinstance(out.get("description"), str):
        out["description"] = _tidy(out["description"])
    if out.get("format") not in _KEPT_FORMATS:
        out.pop("format", None)
    if isinstance(out.get("default"), (list, dict)):
        out.pop("default")  # a mutable class attribute in the model; the server applies it anyway
    elif out.get("format") in ("date", "date-time") and isinstance(out.get("default"), str):
        # The model would declare a date field with a string default, which a type checker
        # refuses (and a non-ISO one pydantic too); the server applies its default anyway.
        out.pop("default")
    for key in ("type", "nullable", "enum", "discriminator"):
        if key in schema and not (top and key == "nullable"):
            out[key] = schema[key]
    return out


#: Keywords that constrain values of one type only (JSON Schema: any other value is valid).
_KEYWORDS_OF_TYPE = {"array": ("items",), "object": ("properties", "additionalProperties")}


def normalise_types(raw: Mapping[str, Any]) -> dict[str, Any]:
    """3.1 type lists, 2.0 ``x-nullable`` and ``type: file`` into 3.0 form."""
    schema = dict(raw)
    if isinstance(schema.get("type"), list):
        _split_type_list(schema)
    if "type" not in schema and "items" in schema and not any(k in schema for k in COMPOSITIONS):
        schema["type"] = "array"  # items say what it is, as the model generator reads it
    for kind, keywords in _KEYWORDS_OF_TYPE.items():  # they apply to that type only, saying nothing here
        if isinstance(schema.get("type"), str) and schema["type"] != kind:
            for keyword in keywords:
                schema.pop(keyword, None)
    if schema.get("x-nullable"):
        schema["nullable"] = True
    if schema.get("type") == "file":
        schema["type"] = "string"
        schema["format"] = "binary"
    if "const" in schema and "enum" not in schema:
        schema["enum"] = [schema["const"]]
    if isinstance(schema.get("enum"), list):
        _normalise_enum(schema)
    if isinstance(schema.get("allOf"), list):  # in a union, an option that only annotates admits anything
        schema["allOf"] = _without_annotations(schema["allOf"], schema)
        if not schema["allOf"]:
            del schema["allOf"]
    for key in COMPOSITIONS:
        options = schema.get(key)
        if isinstance(options, list):
            non_null = [o for o in options if not (isinstance(o, Mapping) and o.get("type") == "null")]
            if len(non_null) < len(options):
                schema["nullable"] = True
                schema[key] = non_null
    if "examples" in schema and "example" not in schema and isinstance(schema["examples"], list) and schema["examples"]:
        schema["example"] = schema["examples"][0]
    return schema


def _split_type_list(schema: dict[str, Any]) -> None:
    """A 3.1 ``type: [x, y, "null"]`` as ``nullable`` and one type, or an ``anyOf`` of one per type."""
    kind = schema["type"]
    kinds = [k for k in kind if k != "null"]
    if len(kinds) < len(kind):
        schema["nullable"] = True
    if len(kinds) == 1:
        schema["type"] = kinds[0]
    elif kinds:
        del schema["type"]
        shared = {k: v for k, v in schema.items() if k not in COMPOSITIONS and k != "nullable" and k != "anyOf"}
        schema["anyOf"] = [{**shared, "type": k} for k in kinds]
    else:
        del schema["type"]


def _normalise_enum(schema: dict[str, Any]) -> None:
    """An enum of strings or of integers, without duplicates; ``null`` among its values makes it nullable."""
    enum = schema["enum"]
    values = [v for v in enum if v is not None]
    if len(values) < len(enum):
        schema["nullable"] = True
    if values and all(isinstance(v, str) for v in values):
        schema["enum"] = list(dict.fromkeys(values))
        schema.setdefault("type", "string")
    elif values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        schema["enum"] = list(dict.fromkeys(values))
        schema.setdefault("type", "integer")
    else:  # mixed, boolean or object enums are kept as plain types
        del schema["enum"]


def _without_annotations(options: list[Any], out: dict[str, Any]) -> list[Any]:
    """A composition's options less those that only annotate (``allOf: [{$ref}, {description}]``).

    Such an option constrains nothing; as a part of its own it would be
    typed as anything. Its description (when the schema has none) and its
    ``nullable`` move to the schema itself.
    """
    kept = []
    for option in options:
        if (
            isinstance(option, Mapping)
            and option
            and all(key in _ANNOTATIONS or str(key).startswith("x-") for key in option)
        ):
            if isinstance(option.get("description"), str) and "description" not in out:
                out["description"] = _tidy(option["description"])
            if option.get("nullable") is True:
                out["nullable"] = True
            continue
        kept.append(option)
    return kept


def typeref_of(schema: Any, named: Mapping[str, Schema], depth: int = 0) -> TypeRef:
    """The Python type of a converted schema; ``named`` resolves references (aliases followed)."""
    if depth > MAX_DEPTH or not isinstance(schema, Mapping):
        return TypeRef("any")
    nullable = bool(schema.get("nullable"))
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        target = named.get(name)
        if target is not None and target.kind == "alias":
            inner = typeref_of(target.definition, named, depth + 1)
            return TypeRef(inner.kind, inner.name, inner.args, inner.nullable or nullable)
        return TypeRef("model", name, nullable=nullable)
    for key in ("oneOf", "anyOf"):
        options = schema.get(key)
        if isinstance(options, list) and options:
            types = list(dict.fromkeys(typeref_of(o, named, depth + 1) for o in options))
            if len(types) == 1:
                return _with_null(types[0], nullable)
            return TypeRef("union", args=tuple(types), nullable=nullable)
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1:
        return _with_null(typeref_of(all_of[0], named, depth + 1), nullable)
    return _typeref_of_type(schema, named, depth, nullable)


def _typeref_of_type(schema: Mapping[str, Any], named: Mapping[str, Schema], depth: int, nullable: bool) -> TypeRef:
    """The Python type a schema's ``type`` (and ``format``) says, once references and unions are ruled out."""
    kind = schema.get("type")
    if kind == "array":
        return TypeRef("list", args=(typeref_of(schema.get("items", {}), named, depth + 1),), nullable=nullable)
    if kind == "string":
        fmt = schema.get("format")
        if fmt == "date-time":
            return TypeRef("datetime", nullable=nullable)
        if fmt == "date":
            return TypeRef("date", nullable=nullable)
        if fmt == "binary":
            return TypeRef("bytes", nullable=nullable)
        return TypeRef("str", nullable=nullable)
    if kind in _PRIMITIVE:
        return TypeRef(_PRIMITIVE[kind], nullable=nullable)  # type: ignore[arg-type]
    if kind == "object" or "properties" in schema or "additionalProperties" in schema:
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping) and extra:
            return TypeRef("dict", args=(typeref_of(extra, named, depth + 1),), nullable=nullable)
        return TypeRef("dict", nullable=nullable)
    return TypeRef("any")


def without_hints(value: Any) -> Any:
    """A converted schema as the model generator should see it: no :data:`EXAMPLE_HINTS`."""
    if isinstance(value, Mapping):
        return {k: without_hints(v) for k, v in value.items() if k != EXAMPLE_HINTS}
    if isinstance(value, list):
        return [without_hints(v) for v in value]
    return value


def _tidy(text: str) -> str:
    """Prose without trailing blanks on its lines (they would end up in docstrings)."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _with_null(ref: TypeRef, nullable: bool) -> TypeRef:
    return TypeRef(ref.kind, ref.name, ref.args, ref.nullable or nullable) if nullable else ref


def is_enum(schema: Mapping[str, Any]) -> bool:
    return isinstance(schema.get("enum"), list) and bool(schema["enum"]) and schema.get("type") in ("string", "integer")


def is_object(schema: Mapping[str, Any]) -> bool:
    return isinstance(schema.get("properties"), Mapping) and bool(schema["properties"])


def _wants_class(schema: Mapping[str, Any]) -> bool:
    """An inline schema that deserves a model class of its own."""
    if is_object(schema):
        return True
    for key in COMPOSITIONS:
        options = schema.get(key)
        if isinstance(options, list) and len(options) > 1 and any(_is_structured(o) for o in options):
            return True
        if (
            key == "allOf"
            and isinstance(options, list)
            and options
            and isinstance(options[0], Mapping)
            and "$ref" not in options[0]
        ):
            return True
    return False


def _is_structured(option: Any) -> bool:
    """An option of a union that is a model (so the union deserves a class)."""
    return isinstance(option, Mapping) and (
        "$ref" in option or "properties" in option or any(k in option for k in COMPOSITIONS)
    )


def _option_name(option: Any, index: int, key: str) -> str:
    if isinstance(option, Mapping) and isinstance(option.get("title"), str) and option["title"].strip():
        return pascal_case(option["title"])
    return {"allOf": "Part", "oneOf": "Option", "anyOf": "Option"}[key] + str(index + 1)
