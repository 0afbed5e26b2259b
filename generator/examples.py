"""Example values for generated tests and docs, derived from the IR's types.

Values are plain JSON data (what travels on the wire); the renderer writes
them as Python source (:func:`generator.text.pyrepr`, :func:`generator.text.doc_literal`). Everything is deterministic: the same schema
always gives the same example.

Each example has a budget of :data:`BUDGET` values. Six schemas of twelve
required properties, each pointing at the next, make a full example of 12**6
values (63 MB, minutes to build); once the budget is spent the example is
built again as the smallest valid instance (required properties only, arrays
of ``minItems`` items), memoised per named schema so that it costs O(spec
size). If even that is larger than the budget, no valid example fits: the
value is cut short and reported incomplete (:meth:`Examples.checked`), so the
generated test expects the client to refuse it instead of parsing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from copy import deepcopy
from typing import Any

from .example_values import leaf, merge, scalar, size_of
from .ir import Param, Schema, TypeRef
from .schema_convert import EXAMPLE_HINTS

__all__ = ["BUDGET", "Examples"]

_MAX_DEPTH = 10
#: Most values (objects, arrays and scalars) in one example.
BUDGET = 2_000
#: Returned where recursion stops; the enclosing object leaves the property out.
_CUT = object()


class _Exhausted(Exception):
    """The example's budget is spent."""


class Examples:
    """Example values for one API's schemas."""

    def __init__(self, schemas: tuple[Schema, ...], pinned: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        """``pinned``: fields each model class fixes to one value (see ``models.model_literals``)."""
        self.schemas = {schema.name: schema for schema in schemas}
        self.tags: dict[str, dict[str, Any]] = {
            name: {prop: tag} for name, (prop, tag) in _discriminator_tags(s.definition for s in schemas).items()
        }
        for name, fields in (pinned or {}).items():
            self.tags[name] = {**self.tags.get(name, {}), **fields}
        # A reference to an inheritance base stands for its subtypes (the model is their union):
        # its example is its first subtype's.
        self.subtype: dict[str, str] = {}
        for schema in schemas:
            discriminator = schema.definition.get("discriminator")
            mapping = discriminator.get("mapping") if isinstance(discriminator, Mapping) else None
            if isinstance(mapping, Mapping) and mapping and not any(k in schema.definition for k in ("oneOf", "anyOf")):
                first = str(next(iter(mapping.values()))).rsplit("/", 1)[-1]
                if first in self.schemas and first != schema.name:
                    self.subtype[schema.name] = first
        self._left: int | None = None  # values the current example may still add
        self._response = False  # the current example is a response's: readOnly properties included
        self._minimal: dict[tuple[str, str], tuple[Any, int, bool]] = {}

    # ------------------------------------------------------------- for types

    def for_type(self, ref: TypeRef, hint: str = "value", depth: int = 0) -> Any:
        """A JSON value that validates as ``ref`` (see :meth:`checked`)."""
        return self.checked(ref, hint, depth)[0]

    def checked(self, ref: TypeRef, hint: str = "value", depth: int = 0, *, response: bool = False) -> tuple[Any, bool]:
        """An example of ``ref`` within the budget, and whether it is complete (valid).

        Incomplete only when the smallest valid instance has more than
        :data:`BUDGET` values. A ``response`` example also holds the
        ``readOnly`` properties (what a server sends), a request's leaves them out.
        """
        if self._left is not None:  # nested call while building an example
            value = self._for_type(ref, hint, depth)
            return ({} if value is _CUT else value), True
        self._left = BUDGET
        self._response = response
        try:
            value = self._for_type(ref, hint, depth)
            complete = True
        except _Exhausted:
            value, _, cut = self._minimal_type(ref, hint)
            value, complete = deepcopy(value), not cut
        finally:
            self._left = None
            self._response = False
        return ({} if value is _CUT else value), complete

    def _spend(self, values: int = 1) -> None:
        if self._left is not None:
            self._left -= values
            if self._left < 0:
                raise _Exhausted

    def _for_type(self, ref: TypeRef, hint: str, depth: int) -> Any:
        kind = ref.kind
        if kind == "model":
            return self.for_schema({"$ref": f"#/components/schemas/{ref.name}"}, hint, depth, set())
        if kind == "list":
            return [self.for_type(ref.args[0], hint, depth + 1)]
        if kind == "dict":
            return {"key": self.for_type(ref.args[0], hint, depth + 1) if ref.args else "value"}
        if kind == "union":
            return self._for_type(ref.args[0], hint, depth)
        return scalar(kind, hint)

    def for_schema(
        self, schema: Mapping[str, Any], hint: str, depth: int, active: set[str], *, extending: bool = False
    ) -> Any:
        """A JSON value that validates against a converted schema (``extending``: as an allOf part,
        where a reference to an inheritance base is that base, not one of its subtypes)."""
        self._spend()
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._for_ref(schema, ref, hint, depth, active, extending)
        if schema.get("enum"):
            return schema["enum"][0]
        if "items" in schema and "type" not in schema:  # items say it is a list, as the model types it
            schema = {**schema, "type": "array"}
        for key in ("allOf", "oneOf", "anyOf") if schema.get("type") != "array" else ():
            options = schema.get(key)
            if isinstance(options, list) and options:
                if key != "allOf":
                    return self._for_union(schema, options[0], hint, depth, active)
                return self._for_all_of(schema, options, hint, depth, active)
        kind = schema.get("type")
        if kind == "array":
            item = self.for_schema(schema.get("items") or {}, hint, depth + 1, active)
            return [] if item is None or item is _CUT else [item]
        if kind == "object" or "properties" in schema:
            return self._object(schema, depth, active)
        return leaf(schema, hint)

    def _for_ref(
        self, schema: Mapping[str, Any], ref: str, hint: str, depth: int, active: set[str], extending: bool
    ) -> Any:
        """The example of a named schema (a subtype's for an inheritance base, unless ``extending``)."""
        name = ref.rsplit("/", 1)[-1]
        if name in self.subtype and self.subtype[name] not in active and not extending:
            name = self.subtype[name]
            schema = {"$ref": f"#/components/schemas/{name}"}
        target = self.schemas.get(name)
        if target is None or name in active:
            return _CUT
        if depth > _MAX_DEPTH:  # deep enough: the smallest valid value, required properties only
            value, _, cut = self._minimal_schema(schema, hint, frozenset(active))
            return _CUT if cut or value is _CUT else deepcopy(value)
        value = self.for_schema(target.definition, hint, depth + 1, active | {name})
        if name in self.tags and isinstance(value, dict):
            value.update(self.tags[name])
        return value

    def _for_union(self, schema: Mapping[str, Any], first: Any, hint: str, depth: int, active: set[str]) -> Any:
        """The example of a ``oneOf``/``anyOf``: its first option's, with the schema's own properties."""
        narrowed = _narrowing(schema, first)
        if narrowed is not None:  # oneOf [{required: [...]}, ...] under the schema's own properties
            return self._object(narrowed, depth, active)
        value = self.for_schema(first, hint, depth, active)
        if isinstance(value, dict) and "properties" in schema:
            # The schema's own properties hold beside the option's: the model
            # gives them to every option's class.
            own = self._object(_without_options(schema), depth, active)
            if own is _CUT:
                return _CUT
            merge(value, own)
        return value

    def _for_all_of(
        self, schema: Mapping[str, Any], options: list[Any], hint: str, depth: int, active: set[str]
    ) -> Any:
        """The example of an ``allOf``: its parts' examples merged, with the schema's own properties."""
        merged: dict[str, Any] = {}
        for option in options:
            value = self.for_schema(option, hint, depth, active, extending=True)
            if value is _CUT:
                return _CUT
            if not isinstance(value, dict) and "properties" not in schema:
                return value  # allOf of a string, number or array alias (plus annotations)
            if isinstance(value, dict):
                merge(merged, value)
        if "properties" in schema:  # a free-form example would break a part's additionalProperties: false
            merge(merged, self._object(schema, depth, active))
        return merged

    def _minimal_type(self, ref: TypeRef, hint: str) -> tuple[Any, int, bool]:
        """(smallest valid value of ``ref``, its size in values, whether it was cut short)."""
        if ref.kind == "model":
            return self._minimal_schema({"$ref": f"#/components/schemas/{ref.name}"}, hint, frozenset())
        if ref.kind == "list":
            return [], 1, False
        if ref.kind == "dict":
            return {}, 1, False
        if ref.kind == "union":
            return self._minimal_type(ref.args[0], hint)
        return scalar(ref.kind, hint), 1, False

    def _minimal_schema(
        self, schema: Mapping[str, Any], hint: str, active: frozenset[str], *, extending: bool = False
    ) -> tuple[Any, int, bool]:
        """The smallest valid instance: required properties only, ``minItems`` items.

        A named schema's instance is built once per hint (only a scalar uses
        it) and shared; sizes count the values it expands to. A value over
        :data:`BUDGET` is cut (the property left out) and reported so.
        """
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return self._minimal_ref(ref, hint, active, extending)
        if schema.get("enum"):
            return schema["enum"][0], 1, False
        if "items" in schema and "type" not in schema:
            schema = {**schema, "type": "array"}
        for key in ("allOf", "oneOf", "anyOf") if schema.get("type") != "array" else ():
            options = schema.get(key)
            if isinstance(options, list) and options:
                if key != "allOf":
                    return self._minimal_union(schema, options[0], hint, active)
                return self._minimal_all_of(schema, options, hint, active)
        kind = schema.get("type")
        if kind == "array":
            return self._minimal_array(schema, hint, active)
        if kind == "object" or "properties" in schema:
            return self._minimal_object(schema, active)
        return leaf(schema, hint), 1, False

    def _minimal_ref(self, ref: str, hint: str, active: frozenset[str], extending: bool) -> tuple[Any, int, bool]:
        name = ref.rsplit("/", 1)[-1]
        if name in self.subtype and self.subtype[name] not in active and not extending:
            name = self.subtype[name]
        target = self.schemas.get(name)
        if target is None or name in active:
            return _CUT, 0, True
        key = (name, hint)
        if key not in self._minimal:
            value, size, cut = self._minimal_schema(target.definition, hint, active | {name})
            if name in self.tags and isinstance(value, dict):
                value = {**value, **self.tags[name]}
            self._minimal[key] = (value, size, cut)
        return self._minimal[key]

    def _minimal_union(
        self, schema: Mapping[str, Any], first: Any, hint: str, active: frozenset[str]
    ) -> tuple[Any, int, bool]:
        narrowed = _narrowing(schema, first)
        if narrowed is not None:
            return self._minimal_object(narrowed, active)
        value, size, cut = self._minimal_schema(first, hint, active)
        if isinstance(value, dict) and "properties" in schema:  # as in _for_union
            own, _, own_cut = self._minimal_object(_without_options(schema), active)
            value = deepcopy(value)
            merge(value, own)
            return value, 1 + sum(size_of(v) for v in value.values()), cut or own_cut
        return value, size, cut

    def _minimal_all_of(
        self, schema: Mapping[str, Any], options: list[Any], hint: str, active: frozenset[str]
    ) -> tuple[Any, int, bool]:
        merged: dict[str, Any] = {}
        cut = False
        for option in options:
            value, size, option_cut = self._minimal_schema(option, hint, active, extending=True)
            if value is not _CUT and not isinstance(value, dict) and "properties" not in schema:
                return value, size, option_cut  # allOf of a non-object alias
            cut = cut or option_cut
            if isinstance(value, dict):
                merge(merged, deepcopy(value))
        own, _, own_cut = self._minimal_object(schema, active)
        merge(merged, own)
        size = 1 + sum(size_of(v) for v in merged.values())
        if size > BUDGET:
            return {}, 1, True
        return merged, size, cut or own_cut

    def _minimal_array(self, schema: Mapping[str, Any], hint: str, active: frozenset[str]) -> tuple[Any, int, bool]:
        count = (schema.get(EXAMPLE_HINTS) or {}).get("minItems")
        count = count if isinstance(count, int) and count > 0 else 0
        if not count:
            return [], 1, False
        item, size, cut = self._minimal_schema(schema.get("items") or {}, hint, active)
        if item is _CUT or 1 + count * size > BUDGET:
            return [], 1, True
        return [item] * count, 1 + count * size, cut

    def _minimal_object(self, schema: Mapping[str, Any], active: frozenset[str]) -> tuple[dict[str, Any], int, bool]:
        properties = schema.get("properties")
        if not isinstance(properties, Mapping):
            return {}, 1, False
        out: dict[str, Any] = {}
        total, cut = 1, False
        for name in schema.get("required") or []:
            prop = properties.get(name)
            if not isinstance(prop, Mapping):
                continue
            value, size, prop_cut = self._minimal_schema(prop, name, active)
            if value is _CUT or total + size > BUDGET:
                cut = True
                continue
            out[name] = value
            total += size
            cut = cut or prop_cut
        return out, total, cut

    def _object(self, schema: Mapping[str, Any], depth: int, active: set[str]) -> dict[str, Any]:
        properties = schema.get("properties")
        if not isinstance(properties, Mapping):
            extra = schema.get("additionalProperties")
            if isinstance(extra, Mapping) and extra:
                value = self.for_schema(extra, "value", depth + 1, active)
                return {} if value is _CUT else {"key": value}
            return {"key": "value"} if depth <= 1 and extra is not False else {}
        required = set(schema.get("required") or [])
        out = {}
        for name, prop in properties.items():
            if not isinstance(prop, Mapping) or prop.get("readOnly") and name not in required and not self._response:
                continue
            if depth > _MAX_DEPTH - 1 and name not in required:
                continue
            value = self.for_schema(prop, name, depth + 1, active)
            if value is _CUT and name in required:  # recursion stopped where a value is due: the smallest
                value, size, cut = self._minimal_schema(prop, name, frozenset())
                self._spend(size)
                value = _CUT if cut else deepcopy(value)
            if value is _CUT:  # recursion stopped: leave the property out
                continue
            if value is not None or name in required:
                out[name] = value
        return out

    # -------------------------------------------------------- for parameters

    def for_param(self, param: Param) -> Any:
        """An argument value for ``param`` (path values need percent-encoding)."""
        if param.enum:
            first = param.enum[0]
            return [first] if param.type.kind == "list" else first
        if param.has_default and param.default not in (None, "") and param.type.kind != "list":
            return param.default  # not "": an empty path value is refused, an empty query value says nothing
        if param.type.kind == "str":
            return f"{param.py_name} 1/2" if param.location == "path" else f"{param.py_name}-1"
        if param.type.kind == "list" and param.type.args and param.type.args[0].kind == "str":
            return [f"{param.py_name}-1", f"{param.py_name}-2"]
        return self.for_type(param.type, param.py_name)


def _discriminator_tags(definitions: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, str]]:
    """Model name -> (property, value) that a discriminated union requires of it.

    The model generator types such a property as ``Literal[value]`` on the
    model itself, so every example of that model must carry the value.
    """
    tags: dict[str, tuple[str, str]] = {}
    stack: list[Any] = list(definitions)
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, Mapping):
            continue
        stack.extend(v for v in node.values() if isinstance(v, (Mapping, list)))
        discriminator = node.get("discriminator")
        if not isinstance(discriminator, Mapping) or not isinstance(discriminator.get("propertyName"), str):
            continue
        prop = discriminator["propertyName"]
        mapping = discriminator.get("mapping")
        if not isinstance(mapping, Mapping):
            mapping = {}
        by_ref = {str(ref): str(key) for key, ref in mapping.items()}
        for option in (node.get("oneOf") or []) + (node.get("anyOf") or []):
            ref = option.get("$ref") if isinstance(option, Mapping) else None
            if isinstance(ref, str):
                name = ref.rsplit("/", 1)[-1]
                tags.setdefault(name, (prop, by_ref.get(ref, name)))
        if not node.get("oneOf") and not node.get("anyOf"):  # inheritance: the subtypes the mapping names
            for ref, key in by_ref.items():
                tags.setdefault(ref.rsplit("/", 1)[-1], (prop, key))
    return tags


#: Keywords that give an option a shape of its own (without them it only narrows its parent).
_SHAPING = ("type", "properties", "$ref", "items", "enum", "allOf", "oneOf", "anyOf", "additionalProperties")


def _narrowing(schema: Mapping[str, Any], option: Any) -> dict[str, Any] | None:
    """The schema an option stands for when it only narrows its parent's properties
    (``oneOf: [{required: [a]}, {required: [b]}]``): the parent with the option's
    requirements added; None when the option has a shape of its own."""
    if not isinstance(option, Mapping) or any(k in option for k in _SHAPING) or "properties" not in schema:
        return None
    required = list(dict.fromkeys([*(schema.get("required") or []), *(option.get("required") or [])]))
    return {**_without_options(schema), "required": required}


def _without_options(schema: Mapping[str, Any]) -> dict[str, Any]:
    """The schema's own part, less its ``oneOf``/``anyOf`` options."""
    return {k: v for k, v in schema.items() if k not in ("oneOf", "anyOf")}
