"""Schemas: normalised to one dialect, inline objects hoisted under stable names.

Every schema that becomes a class gets its name here, from where it stands in
the spec rather than from a counter: the request body of ``updateUserSetting``
is ``UpdateUserSettingRequest``, its 200 response ``UpdateUserSettingResponse``,
a nested object property ``site`` of that response
``UpdateUserSettingResponseSite`` and the items of an array property ``users``
``...UsersItem``. Adding an operation to the spec therefore never renames an
existing model; names only shift when a new component schema claims a name an
inline one had, and then a warning says so.

The output dialect is OpenAPI 3.0's JSON Schema (``nullable`` rather than
``type: [x, "null"]``, ``$ref`` only to named schemas), whatever the input's
version, because that is what the model generator reads best.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .diagnostics import Diagnostic, escape_pointer
from .ir import Schema, TypeRef
from .load import resolve_pointer
from .naming import Namer, pascal_case
from .runtime import runtime_names
from .schema_keywords import well_typed

__all__ = ["EXAMPLE_HINTS", "MODEL_RESERVED", "SchemaSet", "schema_identity", "typeref_of", "without_hints"]

#: Names a model class may not take: what models.py imports, and the runtime.
MODEL_RESERVED = frozenset(
    {
        "Annotated", "Any", "AnyUrl", "AwareDatetime", "BaseModel", "ConfigDict",
        "Enum", "Field", "IntEnum", "Literal", "Optional", "RootModel", "StrEnum",
        "Union", "UUID", "date", "datetime", "time", "timedelta", "Decimal",
        "ApiClient", "ApiException", "Configuration", "FileInput", "ApiResponse",
        "AsyncApiClient", "Mapping", "Sequence", "TypeAdapter", "Self",
    }
)  # fmt: skip

# JSON Schema keywords carried over to the models as they are. Validation
# keywords (pattern, lengths, bounds) are left out on purpose: a client must
# not refuse a server's response because it breaks a documented limit, and
# spec patterns often use regex syntax pydantic's engine does not accept.
_KEPT = ("description", "format", "default", "readOnly", "writeOnly", "deprecated")
# Formats kept for the models. Others (email, uri, uuid, ipv4...) stay plain
# strings: pydantic's types for them need extra packages or refuse values
# real servers send (an empty string for a URL), and a client must read them.
_KEPT_FORMATS = frozenset({"date", "date-time", "binary", "int32", "int64", "float", "double"})
_COMPOSITIONS = ("allOf", "oneOf", "anyOf")
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
_MAX_DEPTH = 60


class SchemaSet:
    """Names and normalises the schemas of one spec, collecting :class:`Schema` records."""

    def __init__(
        self,
        document: dict[str, Any],
        version: str,
        reserved: frozenset[str],
        report: Any,
        locked: Mapping[str, str] | None = None,
    ) -> None:
        self.document = document
        self.version = version
        self.report = report  # callable(level, message, pointer, hint)
        self.namer = Namer(reserved=MODEL_RESERVED | runtime_names() | reserved, fold_case=True)
        # Locked names (origin pointer -> name) are claimed before anything
        # else, so a schema new to the spec can never take an existing name.
        self.locked = {origin: name for origin, name in (locked or {}).items() if not self.namer.taken(name)}
        for name in self.locked.values():
            self.namer.claim(name)
        # A locked inline schema of a body or response is also found where only the media type changed.
        identities: dict[str, list[str]] = {}
        for origin, name in self.locked.items():
            identities.setdefault(schema_identity(origin), []).append(name)
        self._locked_by_identity = {key: names[0] for key, names in identities.items() if len(names) == 1}
        self._given: set[str] = set()
        self.schemas: dict[str, Schema] = {}
        self.component_names: dict[str, str] = {}
        self._components_pointer = "/definitions" if version == "2.0" else "/components/schemas"
        self._inline_stack: list[str] = []
        self._hoisted: dict[str, str] = {}  # pointer -> name of the class made for it
        for key in self._components():
            pointer = f"{self._components_pointer}/{escape_pointer(key)}"
            if pointer in self.locked:
                self.component_names[pointer] = self.locked[pointer]
                continue
            name = self.namer.claim(pascal_case(key), "Model")
            if name != pascal_case(key):
                self.report(
                    "warning",
                    f"schema {key!r} is named {name}: {pascal_case(key)} is taken by another schema (differing at most in letter case) or reserved by the package.",
                    pointer,
                    "",
                )
            self.component_names[pointer] = name

    # ----------------------------------------------------------------- public

    def build_components(self) -> None:
        """Convert every component schema, in spec order."""
        for key, raw in self._components().items():
            pointer = f"{self._components_pointer}/{escape_pointer(key)}"
            self._add(self.component_names[pointer], pointer, raw)
        self._map_subtypes()

    def _map_subtypes(self) -> None:
        """Complete each inheritance discriminator's mapping with the schemas that extend its base.

        A base with ``discriminator`` (Swagger 2's ``discriminator: kind``, or 3.x
        without ``oneOf``) is extended by schemas whose ``allOf`` names it; each
        is told apart by its tag: ``x-ms-discriminator-value``, else its name in
        the spec (what the spec means by default, not our class name). Without the
        full mapping the model generator invents tags and picks members per use.
        """
        by_ref = {f"#/components/schemas/{name}": name for name in self.schemas}
        for base in list(self.schemas.values()):
            discriminator = base.definition.get("discriminator")
            if not isinstance(discriminator, Mapping) or any(k in base.definition for k in ("oneOf", "anyOf")):
                continue
            tag = (base.definition.get("properties") or {}).get(str(discriminator.get("propertyName")))
            if isinstance(tag, Mapping) and tag.get("type", "string") != "string":
                continue  # a tag is a string: a list or number "discriminator" tells nothing apart
            target = f"#/components/schemas/{base.name}"
            mapping = dict(discriminator.get("mapping") or {})
            mapped = set(mapping.values())
            for schema in self.schemas.values():
                parts = schema.definition.get("allOf")
                if schema.name == base.name or not isinstance(parts, list):
                    continue
                if not any(isinstance(part, Mapping) and part.get("$ref") == target for part in parts):
                    continue
                ref = f"#/components/schemas/{schema.name}"
                if ref in mapped:
                    continue
                raw = self._raw(schema.origin)
                tag = raw.get("x-ms-discriminator-value") if isinstance(raw, Mapping) else None
                if not isinstance(tag, str) or not tag:
                    tag = _unescape(schema.origin.rsplit("/", 1)[-1])
                mapping.setdefault(tag, ref)
            if mapping and all(ref in by_ref for ref in mapping.values()):
                definition = dict(base.definition)
                definition["discriminator"] = {**discriminator, "mapping": mapping}
                self.schemas[base.name] = replace(base, definition=definition)

    def _raw(self, pointer: str) -> Any:
        try:
            return resolve_pointer(self.document, pointer)
        except KeyError:
            return None

    def type_of(self, raw: Any, name: str, pointer: str, *, hoist: bool = True) -> TypeRef:
        """The Python type of a schema used by an operation; inline objects become models named ``name``."""
        if hoist:
            converted = self.convert(raw, name, pointer, top=False)
        else:
            converted = self.convert(raw, "", "", top=True, hoist=False)  # named refs stay refs
        return self.typeref(converted)

    def typeref(self, schema: Any) -> TypeRef:
        """The Python type of a converted schema."""
        return typeref_of(schema, self.schemas)

    def resolve(self, raw: Any) -> Any:
        """Follow ``$ref`` chains to the schema they name (for form fields)."""
        seen: set[str] = set()
        while isinstance(raw, Mapping) and isinstance(raw.get("$ref"), str):
            ref = raw["$ref"]
            if ref in seen or not ref.startswith("#"):
                return {}
            seen.add(ref)
            try:
                raw = resolve_pointer(self.document, ref[1:])
            except KeyError:
                return {}
        return raw

    # --------------------------------------------------------------- internals

    def _components(self) -> dict[str, Any]:
        try:
            found = resolve_pointer(self.document, self._components_pointer)
        except KeyError:
            return {}
        return found if isinstance(found, dict) else {}

    def _add(self, name: str, origin: str, raw: Any) -> None:
        definition = self.convert(raw, name, origin, top=True)
        if "$ref" in definition or _is_enum(definition):
            kind = "enum" if _is_enum(definition) else "alias"
        elif _is_object(definition) or any(k in definition for k in _COMPOSITIONS):
            kind = "object"
        else:
            kind = "alias"
        self.schemas[name] = Schema(name=name, origin=origin, definition=definition, kind=kind)  # type: ignore[arg-type]

    def _hoist(self, raw: Any, name: str, pointer: str) -> dict[str, Any]:
        if pointer in self._hoisted:  # one class per place in the spec, however often it is reached
            return {"$ref": f"#/components/schemas/{self._hoisted[pointer]}"}
        locked = self._locked_name(pointer)
        chosen = locked if locked is not None else self.namer.claim(name, "Model")
        self._hoisted[pointer] = chosen
        if chosen != name and locked is None:
            self.report(
                "warning",
                f"inline schema named {chosen}: {name} is taken by another schema (differing at most in letter case) or reserved by the package.",
                pointer,
                "",
            )
        if chosen in self.schemas and self.schemas[chosen].origin == pointer:
            return {"$ref": f"#/components/schemas/{chosen}"}
        self.schemas[chosen] = Schema(name=chosen, origin=pointer, definition={}, kind="object")
        self._add(chosen, pointer, raw)
        return {"$ref": f"#/components/schemas/{chosen}"}

    def _locked_name(self, pointer: str) -> str | None:
        """The locked name of the inline schema at ``pointer``: by its place, else by its place less the media type."""
        name = self.locked.get(pointer)
        if name is None:
            name = self._locked_by_identity.get(schema_identity(pointer))
        if name is None or name in self._given:
            return None
        self._given.add(name)
        return name

    def convert(
        self, raw: Any, name: str, pointer: str, *, top: bool, hoist: bool = True, depth: int = 0
    ) -> dict[str, Any]:
        """Normalise one schema; nested objects and enums are hoisted when ``hoist``."""
        if depth > _MAX_DEPTH:
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
        schema = self._normalise_types(raw)
        if not top and hoist and (_is_enum(schema) or _wants_class(schema)):
            hoisted = self._hoist(raw, name, pointer)
            return {"allOf": [hoisted], "nullable": True} if schema.get("nullable") else hoisted
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
        for key in ("type", "nullable", "enum", "discriminator"):
            if key in schema and not (top and key == "nullable"):
                out[key] = schema[key]
        if "discriminator" in out:
            out["discriminator"] = self._convert_discriminator(out["discriminator"])
        properties = schema.get("properties")
        if isinstance(properties, Mapping):
            out["properties"] = {
                str(prop): self.convert(
                    value,
                    name + pascal_case(str(prop)),
                    f"{pointer}/properties/{escape_pointer(str(prop))}",
                    top=False,
                    hoist=hoist,
                    depth=depth + 1,
                )
                for prop, value in properties.items()
            }
            required = [r for r in schema.get("required", []) if isinstance(r, str) and r in properties]
            if required:
                out["required"] = required
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping) and "properties" not in out:
            # Beside declared properties, extra ones are kept by the models'
            # base (extra="allow") rather than typed through __annotations__.
            out["additionalProperties"] = self.convert(
                extra, name + "Value", f"{pointer}/additionalProperties", top=False, hoist=hoist, depth=depth + 1
            )
        elif isinstance(extra, bool) and "properties" not in out:
            out["additionalProperties"] = extra
        if "items" in schema:
            items = schema["items"]
            if isinstance(items, list):  # tuple validation: type as the first item
                items = items[0] if items else {}
            out["items"] = self.convert(
                items, name + "Item", f"{pointer}/items", top=False, hoist=hoist, depth=depth + 1
            )
        for key in _COMPOSITIONS:
            options = schema.get(key)
            if isinstance(options, list) and options:
                out[key] = [
                    self.convert(
                        option,
                        name + _option_name(option, index, key),
                        f"{pointer}/{key}/{index}",
                        top=False,
                        hoist=hoist,
                        depth=depth + 1,
                    )
                    for index, option in enumerate(options)
                ]
        return out

    @staticmethod
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
                if target in self.component_names:
                    converted[str(key)] = f"#/components/schemas/{self.component_names[target]}"
                else:
                    pointer = f"{self._components_pointer}/{escape_pointer(str(ref))}"
                    if pointer in self.component_names:
                        converted[str(key)] = f"#/components/schemas/{self.component_names[pointer]}"
            out["mapping"] = converted
        return out

    def _normalise_types(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        """3.1 type lists, 2.0 ``x-nullable`` and ``type: file`` into 3.0 form."""
        schema = dict(raw)
        kind = schema.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            if len(kinds) < len(kind):
                schema["nullable"] = True
            if len(kinds) == 1:
                schema["type"] = kinds[0]
            elif kinds:
                del schema["type"]
                schema["anyOf"] = [
                    {
                        **{
                            k: v
                            for k, v in schema.items()
                            if k not in _COMPOSITIONS and k != "nullable" and k != "anyOf"
                        },
                        "type": k,
                    }
                    for k in kinds
                ]
            else:
                del schema["type"]
        if "type" not in schema and "items" in schema and not any(k in schema for k in _COMPOSITIONS):
            schema["type"] = "array"  # items say what it is, as the model generator reads it
        if schema.get("x-nullable"):
            schema["nullable"] = True
        if schema.get("type") == "file":
            schema["type"] = "string"
            schema["format"] = "binary"
        if "const" in schema and "enum" not in schema:
            schema["enum"] = [schema["const"]]
        enum = schema.get("enum")
        if isinstance(enum, list):
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
        if isinstance(schema.get("allOf"), list):  # in a union, an option that only annotates admits anything
            schema["allOf"] = self._without_annotations(schema["allOf"], schema)
            if not schema["allOf"]:
                del schema["allOf"]
        for key in _COMPOSITIONS:
            options = schema.get(key)
            if isinstance(options, list):
                non_null = [o for o in options if not (isinstance(o, Mapping) and o.get("type") == "null")]
                if len(non_null) < len(options):
                    schema["nullable"] = True
                    schema[key] = non_null
        if (
            "examples" in schema
            and "example" not in schema
            and isinstance(schema["examples"], list)
            and schema["examples"]
        ):
            schema["example"] = schema["examples"][0]
        return schema


def typeref_of(schema: Any, named: Mapping[str, Schema], depth: int = 0) -> TypeRef:
    """The Python type of a converted schema; ``named`` resolves references (aliases followed)."""
    if depth > _MAX_DEPTH or not isinstance(schema, Mapping):
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


_MEDIA_TYPE = re.compile(r"/content/[^/]+/schema(?=/|$)")


def schema_identity(pointer: str) -> str:
    """Where a schema stands, less the media type of the body or response holding it.

    Only one media type of a body or response is read, so this still names
    one schema; a locked model keeps its name when the spec changes the type
    (``application/json`` to ``application/merge-patch+json``).
    """
    return _MEDIA_TYPE.sub("/content/*/schema", pointer)


def without_hints(value: Any) -> Any:
    """A converted schema as the model generator should see it: no :data:`EXAMPLE_HINTS`."""
    if isinstance(value, Mapping):
        return {k: without_hints(v) for k, v in value.items() if k != EXAMPLE_HINTS}
    if isinstance(value, list):
        return [without_hints(v) for v in value]
    return value


def _unescape(token: str) -> str:
    """A JSON pointer token as the key it stands for."""
    return token.replace("~1", "/").replace("~0", "~")


def _tidy(text: str) -> str:
    """Prose without trailing blanks on its lines (they would end up in docstrings)."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _with_null(ref: TypeRef, nullable: bool) -> TypeRef:
    return TypeRef(ref.kind, ref.name, ref.args, ref.nullable or nullable) if nullable else ref


def _is_enum(schema: Mapping[str, Any]) -> bool:
    return isinstance(schema.get("enum"), list) and bool(schema["enum"]) and schema.get("type") in ("string", "integer")


def _is_object(schema: Mapping[str, Any]) -> bool:
    return isinstance(schema.get("properties"), Mapping) and bool(schema["properties"])


def _wants_class(schema: Mapping[str, Any]) -> bool:
    """An inline schema that deserves a model class of its own."""
    if _is_object(schema):
        return True
    for key in _COMPOSITIONS:
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
        "$ref" in option or "properties" in option or any(k in option for k in _COMPOSITIONS)
    )


def _option_name(option: Any, index: int, key: str) -> str:
    if isinstance(option, Mapping) and isinstance(option.get("title"), str) and option["title"].strip():
        return pascal_case(option["title"])
    return {"allOf": "Part", "oneOf": "Option", "anyOf": "Option"}[key] + str(index + 1)


def diagnostics_reporter(sink: list[Diagnostic], spec: Any) -> Any:
    """A ``report`` callable appending to ``sink`` with lines from ``spec``."""

    def report(level: str, message: str, pointer: str, hint: str) -> None:
        sink.append(spec.diagnostic(level, message, pointer, hint))

    return report
