"""TypedDict twins of the request models, so a dict body is checked by a type checker.

A method whose body is a model also takes a plain dict: ``body: UserUpdateRequest |
UserUpdateRequestDict``. The twin (in the package's ``typed_dicts.py``) declares the
body's JSON keys as the wire has them (``NotRequired`` where optional, ``| None`` where
nullable, an enum as ``Literal`` of its values, a format such as ``date-time`` as the
string the JSON carries), so ``body={"frist_name": "Ada"}`` is an error in the caller's
editor and in mypy. At run time a twin is a dict: nothing changes on the wire.

Twins are made for the schemas a request body reaches, not for every model: a
response-only model needs none, and large specs stay fast.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from .flatten import flat_classes, rewrite_classes
from .ir import Api, Operation, Schema, TypeRef
from .models import model_generator
from .schema_convert import without_hints

__all__ = ["attach_twins", "render_typed_dicts"]

_REF = "#/components/schemas/"
_SUFFIX = "Dict"


def _body_model(ref: TypeRef) -> str | None:
    """The model a body of type ``ref`` is (or is a list of), else None."""
    if ref.kind == "model":
        return ref.name
    if ref.kind == "list" and ref.args and ref.args[0].kind == "model":
        return ref.args[0].name
    return None


def attach_twins(
    ops: Iterable[Operation], schemas: Iterable[Schema], reserved: frozenset[str]
) -> tuple[list[Operation], dict[str, str]]:
    """``ops`` with each object-model body parameter naming its twin (``Param.dict_twin``),
    and every twin's name by model: the object bodies' models and the models they reach.

    A twin is named after its model with ``Dict`` added (again while that is the name of
    a model or a reserved name, so an API module can import both).
    """
    ops = list(ops)
    models = {schema.name: schema for schema in schemas}
    taken = set(models) | reserved
    wanted = sorted(
        {
            name
            for op in ops
            for p in op.params
            if p.location == "body" and (name := _body_model(p.type)) in models and models[name].kind == "object"
        }
    )
    twins: dict[str, str] = {}
    for name in _reachable(wanted, models):
        twin = name + _SUFFIX
        while twin in taken:
            twin += _SUFFIX
        taken.add(twin)
        twins[name] = twin
    out = []
    for op in ops:
        params = tuple(
            (
                replace(p, dict_twin=twins[name])
                if p.location == "body" and (name := _body_model(p.type)) in twins and models[name].kind == "object"
                else p
            )
            for p in op.params
        )
        out.append(replace(op, params=params) if params != op.params else op)
    return out, twins


def _reachable(names: Iterable[str], models: Mapping[str, Schema]) -> list[str]:
    """``names`` and every model their definitions refer to, in a stable order."""
    seen: dict[str, None] = {}
    stack = [name for name in names if name in models]
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen[name] = None
        stack.extend(sorted(ref for ref in _refs(models[name].definition) if ref in models and ref not in seen))
    return sorted(seen)


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(_REF):
            yield ref[len(_REF) :]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _json_shaped(node: Any) -> Any:
    """A schema as a dict body holds it: a string's ``format`` (date-time, uuid, byte...) dropped,
    so the twin says ``str``, what the JSON carries."""
    if isinstance(node, Mapping):
        return {k: _json_shaped(v) for k, v in node.items() if not (k == "format" and node.get("type") == "string")}
    if isinstance(node, list):
        return [_json_shaped(v) for v in node]
    return node


def render_typed_dicts(api: Api, docstring: str) -> str | None:
    """``typed_dicts.py``: the twins of ``api.dict_twins``, or None when there are none."""
    twins = dict(api.dict_twins)
    if not twins:
        return None
    models = {schema.name: schema for schema in api.schemas}
    document = {
        "openapi": "3.0.3",
        "info": {"title": api.title, "version": api.version},
        "paths": {},
        "components": {"schemas": {name: _json_shaped(without_hints(models[name].definition)) for name in twins}},
    }
    from datamodel_code_generator import DataModelType, InputFileType, LiteralType, PythonVersion

    options = {
        "input_file_type": InputFileType.OpenAPI,
        "output_model_type": DataModelType.TypingTypedDict,
        "target_python_version": PythonVersion.PY_311,
        "disable_timestamp": True,
        "use_standard_collections": True,
        "use_union_operator": True,
        "enum_field_as_literal": LiteralType.All,
        "strict_nullable": True,
        "formatters": [],
    }
    code = model_generator(document, options, "the request bodies' TypedDicts")
    code = ast.unparse(_Renamer(twins).visit(ast.parse(code)))
    tree = ast.parse(code)
    code = rewrite_classes(code, tree, flat_classes(tree, "TypedDict", _same), "TypedDict")
    return f'"""{docstring}"""\n\n{code}\n'


def _same(own: ast.expr, base: ast.expr) -> bool:
    """A ``TypedDict`` may not give a key of its base another type (the model generator does
    for an object with ``oneOf`` options: each option's class extends the option and widens
    its keys); such a class is written out flat (see :mod:`generator.flatten`)."""
    return ast.dump(own) == ast.dump(base)


class _Renamer(ast.NodeTransformer):
    """Each model's name to its twin's, where it names a class or a type: not a TypedDict's keys."""

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.ClassDef:
        node.name = self.names.get(node.name, node.name)
        node.bases = [self.visit(base) for base in node.bases]
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign):  # a key: only its type is renamed
                statement.annotation = self.visit(statement.annotation)
        return node

    def visit_Name(self, node: ast.Name) -> ast.Name:
        node.id = self.names.get(node.id, node.id)
        return node

    def visit_Call(self, node: ast.Call) -> ast.AST:
        # TypedDict("Name", {"key": type, ...}): the name given must be the variable's; the
        # keys are the wire's and stay, the types are renamed.
        if not (isinstance(node.func, ast.Name) and node.func.id == "TypedDict" and node.args):
            return self.generic_visit(node)
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            first.value = self.names.get(first.value, first.value)
        for fields in node.args[1:]:
            if isinstance(fields, ast.Dict):
                fields.values = [self.visit(value) for value in fields.values]
        return node

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if isinstance(node.value, ast.Name) and node.value.id == "Literal":
            return node  # values, not names
        return self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> ast.Constant:
        # A string in a type is a forward reference: "Dog", or "list[Dog]".
        if isinstance(node.value, str):
            try:
                expression = ast.parse(node.value, mode="eval")
            except SyntaxError:
                return node
            node.value = ast.unparse(self.visit(expression))
        return node
