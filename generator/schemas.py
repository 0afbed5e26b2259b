"""Schemas: normalised to one dialect, inline objects hoisted under stable names.

Every schema that becomes a class gets its name here, from where it stands in
the spec rather than from a counter: the request body of ``updateUserSetting``
is ``UpdateUserSettingRequest``, its 200 response ``UpdateUserSettingResponse``,
a nested object property ``site`` of that response
``UpdateUserSettingResponseSite`` and the items of an array property ``users``
``...UsersItem``. Adding an operation to the spec therefore never renames an
existing model; names only shift when a new component schema claims a name an
inline one had, and then a warning says so.

What type each schema is, and its normalised form (OpenAPI 3.0's dialect),
is :mod:`generator.schema_convert`'s; this module decides which schemas
become named models and what they are called.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .diagnostics import Diagnostic, Reporter, escape_pointer
from .ir import Schema, TypeRef
from .load import LoadedSpec, resolve_pointer
from .naming import Namer, pascal_case
from .runtime import runtime_names
from .schema_convert import COMPOSITIONS, EXAMPLE_HINTS, Converter, is_enum, is_object, typeref_of, without_hints
from .upgrade import resolve_refs

# EXAMPLE_HINTS, typeref_of and without_hints live in schema_convert; they stay importable from here.
__all__ = [
    "EXAMPLE_HINTS", "MODEL_RESERVED", "SchemaSet", "diagnostics_reporter", "schema_identity", "typeref_of",
    "without_hints",
]  # fmt: skip

#: Names a model class may not take: what models.py and the API modules import (the
#: runtime's public names are reserved beside these, see ``runtime_names``).
MODEL_RESERVED = frozenset(
    {
        "Annotated", "Any", "AnyUrl", "AwareDatetime", "BaseModel", "ConfigDict",
        "Enum", "Field", "IntEnum", "Literal", "Optional", "RootModel", "StrEnum",
        "Union", "UUID", "date", "datetime", "time", "timedelta", "Decimal",
        "Mapping", "Sequence", "TypeAdapter", "Self",
    }
)  # fmt: skip


class SchemaSet:
    """Names the schemas of one spec that become classes, collecting :class:`Schema` records.

    Each is normalised by a :class:`~generator.schema_convert.Converter`, which
    hands back every inline schema that deserves a class of its own (``_hoist``).
    """

    def __init__(
        self,
        document: dict[str, Any],
        reserved: frozenset[str],
        report: Reporter,
        locked: Mapping[str, str] | None = None,
    ) -> None:
        self.document = document
        self.report = report
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
        self._hoisted: dict[str, str] = {}  # pointer -> name of the class made for it
        self._name_components()
        self._converter = Converter(document, self.component_names, COMPONENTS, report, self._hoist)

    def _name_components(self) -> None:
        """Each component schema's class name: its locked one, else its key in PascalCase (made unique)."""
        for key in self._components():
            pointer = f"{COMPONENTS}/{escape_pointer(key)}"
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
            pointer = f"{COMPONENTS}/{escape_pointer(key)}"
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
            converted = self._converter.convert(raw, name, pointer, top=False)
        else:
            # Named refs stay refs; nothing is hoisted, and the schema's own nullable is kept.
            converted = self._converter.convert(raw, "", "", top=False, hoist=False)
        return self.typeref(converted)

    def typeref(self, schema: Any) -> TypeRef:
        """The Python type of a converted schema."""
        return typeref_of(schema, self.schemas)

    def resolve(self, raw: Any) -> Any:
        """Follow ``$ref`` chains to the schema they name (see :func:`generator.upgrade.resolve_refs`)."""
        return resolve_refs(self.document, raw)

    # --------------------------------------------------------------- internals

    def _components(self) -> dict[str, Any]:
        try:
            found = resolve_pointer(self.document, COMPONENTS)
        except KeyError:
            return {}
        return found if isinstance(found, dict) else {}

    def _add(self, name: str, origin: str, raw: Any) -> None:
        definition = self._converter.convert(raw, name, origin, top=True)
        if "$ref" in definition or is_enum(definition):
            kind = "enum" if is_enum(definition) else "alias"
        elif is_object(definition) or any(k in definition for k in COMPOSITIONS):
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


#: Where the named schemas are (a Swagger 2.0 spec's ``definitions`` are upgraded to here).
COMPONENTS = "/components/schemas"
_MEDIA_TYPE = re.compile(r"/content/[^/]+/schema(?=/|$)")


def schema_identity(pointer: str) -> str:
    """Where a schema stands, less the media type of the body or response holding it.

    Only one media type of a body or response is read, so this still names
    one schema; a locked model keeps its name when the spec changes the type
    (``application/json`` to ``application/merge-patch+json``).
    """
    return _MEDIA_TYPE.sub("/content/*/schema", pointer)


def _unescape(token: str) -> str:
    """A JSON pointer token as the key it stands for."""
    return token.replace("~1", "/").replace("~0", "~")


def diagnostics_reporter(sink: list[Diagnostic], spec: LoadedSpec) -> Reporter:
    """A ``report`` callable appending to ``sink`` with lines from ``spec``."""

    def report(level: str, message: str, pointer: str, hint: str) -> None:
        sink.append(spec.diagnostic(level, message, pointer, hint))

    return report
