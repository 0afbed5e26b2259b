"""Classes whose fields clash with their bases' for a type checker, written out flat.

The model generator writes an object with ``oneOf`` options as one class per
option that extends the option and adds the object's own properties, and an
``allOf`` of named schemas as a class with several bases. Where a property is
declared on both sides with types a type checker cannot reconcile (an option's
one-value enum beside the object's full enum; a required ``str`` in one base
after an optional one in another), ``mypy --strict`` refuses the class. Such a
class is written with every field it has at run time, each as the class that
wins it declares it, in the order the class has them (see
:func:`_runtime_fields`), and extends the root base only: what it accepts and how
it serialises do not change, and a type checker now sees exactly that.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .invented import unannotated

__all__ = ["Field", "flat_classes", "is_subtype", "rewrite_classes"]


@dataclass(frozen=True)
class Field:
    """One field of a class body: its name, its type and its statements (the annotated
    assignment and the string after it that documents it)."""

    name: str
    annotation: ast.expr
    statements: tuple[ast.stmt, ...]


def _own_fields(node: ast.ClassDef) -> dict[str, Field] | None:
    """The fields ``node`` declares; None when its body holds anything else (besides its
    docstring and ``pass``), which this module leaves alone."""
    fields: dict[str, Field] = {}
    body = node.body[1:] if _is_docstring(node.body[0]) else node.body
    index = 0
    while index < len(body):
        statement = body[index]
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            documented = index + 1 < len(body) and _is_docstring(body[index + 1])
            statements = (statement, body[index + 1]) if documented else (statement,)
            fields[statement.target.id] = Field(statement.target.id, statement.annotation, statements)
            index += len(statements)
        elif isinstance(statement, ast.Pass):
            index += 1
        else:
            return None
    return fields


def _is_docstring(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


def flat_classes(
    tree: ast.Module, root: str, compatible: Callable[[ast.expr, ast.expr], bool]
) -> dict[str, list[Field]]:
    """The classes of ``tree`` to write flat, each with its fields as it has them at run time.

    A class clashes when one of its own fields is not ``compatible`` (``own``, ``base``)
    with the same field of an ancestor, or when a field it inherits from one base is not
    compatible with the same field of a later, unrelated one. Only classes whose
    ancestors outside the module are exactly ``root`` are considered; they are taken in
    the module's order, so a class after a flattened base sees that base flat.
    """
    classes = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
    bases: dict[str, list[str]] = {}
    fields: dict[str, dict[str, Field]] = {}
    flat: dict[str, list[Field]] = {}
    for name, node in classes.items():
        declared = _own_fields(node)
        names = [base.id if isinstance(base, ast.Name) else "" for base in node.bases]
        if declared is None or node.keywords or not all(base == root or base in fields for base in names):
            continue  # a base this module does not write as fields (RootModel[...], an enum)
        bases[name], fields[name] = names, declared
        order = _linearisation(name, bases)
        if order is None or not _clashes(order, fields, compatible):
            continue
        resolved = _runtime_fields(order, fields)
        bases[name], fields[name] = [root], resolved
        flat[name] = list(resolved.values())
    return flat


def _runtime_fields(order: list[str], fields: Mapping[str, Mapping[str, Field]]) -> dict[str, Field]:
    """The fields a class has at run time (``order`` is its method resolution order): each
    as the first class in ``order`` declares it, in the order pydantic and ``TypedDict``
    collect them (the most basic class's first; an overridden field keeps its place)."""
    resolved: dict[str, Field] = {}
    for name in reversed(order):
        resolved.update(fields.get(name, {}))
    return resolved


def _clashes(
    order: list[str], fields: Mapping[str, Mapping[str, Field]], compatible: Callable[[ast.expr, ast.expr], bool]
) -> bool:
    own, ancestors = fields[order[0]], order[1:]
    for key, field in own.items():
        if any(
            key in fields.get(a, {}) and not compatible(field.annotation, fields[a][key].annotation) for a in ancestors
        ):
            return True
    for index, first in enumerate(ancestors):
        for key, field in fields.get(first, {}).items():
            if key in own:
                continue
            for later in ancestors[index + 1 :]:
                if key in fields.get(later, {}) and not compatible(field.annotation, fields[later][key].annotation):
                    return True
    return False


def _linearisation(name: str, bases: Mapping[str, list[str]]) -> list[str] | None:
    """Python's method resolution order (C3) of ``name``; None where Python refuses it."""
    sequences = [order for base in bases.get(name, []) if (order := _linearisation(base, bases)) is not None]
    if len(sequences) != len(bases.get(name, [])):
        return None
    sequences.append(list(bases.get(name, [])))
    result = [name]
    while any(sequences):
        sequences = [sequence for sequence in sequences if sequence]
        head = next((s[0] for s in sequences if not any(s[0] in other[1:] for other in sequences)), None)
        if head is None:
            return None
        result.append(head)
        sequences = [sequence[1:] if sequence[0] == head else sequence for sequence in sequences]
    return result


def rewrite_classes(code: str, tree: ast.Module, flat: Mapping[str, Iterable[Field]], root: str) -> str:
    """``code`` (whose syntax tree is ``tree``) with each class of ``flat`` written out: its
    docstring, then each field's statements as their source reads, extending ``root``."""
    lines = code.split("\n")
    nodes = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name in flat]
    for node in reversed(nodes):  # from the bottom, so the line numbers above stay true
        body: list[str] = [f"class {node.name}({root}):"]
        if _is_docstring(node.body[0]):
            body += lines[node.body[0].lineno - 1 : node.body[0].end_lineno]
        for field in flat[node.name]:
            body += lines[field.statements[0].lineno - 1 : field.statements[-1].end_lineno]
        if len(body) == 1:
            body.append("    pass")
        start = node.decorator_list[0].lineno if node.decorator_list else node.lineno
        lines[start - 1 : node.end_lineno] = body
    return "\n".join(lines)


def is_subtype(own: ast.expr, base: ast.expr) -> bool:
    """Whether a type checker takes annotation ``own`` as a subtype of ``base`` by rules it
    surely applies: each member of a union ``own`` is, or narrows, a member of ``base``
    (``Literal`` values to their type or to a ``Literal`` holding them, ``int`` to ``float``,
    anything to ``Any``). ``False`` where unsure: the caller then writes the class out flat."""
    own, base = unannotated(own), unannotated(base)
    if _is_name(own, "Any") or any(_is_name(member, "Any") for member in _members(base)):
        return True
    return all(any(_member_subtype(a, b) for b in _members(base)) for a in _members(own))


def _member_subtype(own: ast.expr, base: ast.expr) -> bool:
    if ast.dump(own) == ast.dump(base) or (_is_name(own, "int") and _is_name(base, "float")):
        return True
    values = _literal_values(own)
    if values is None:
        return False
    wider = _literal_values(base)
    if wider is not None:
        return all(value in wider for value in values)
    return all(_is_name(base, type(value).__name__) for value in values)


def _members(annotation: ast.expr) -> list[ast.expr]:
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _members(annotation.left) + _members(annotation.right)
    return [annotation]


def _literal_values(annotation: ast.expr) -> list[object] | None:
    """The values of ``Literal[...]`` (strings and integers only); None for any other type."""
    if not (isinstance(annotation, ast.Subscript) and _is_name(annotation.value, "Literal")):
        return None
    items = annotation.slice.elts if isinstance(annotation.slice, ast.Tuple) else [annotation.slice]
    if not all(isinstance(item, ast.Constant) and type(item.value) in (str, int) for item in items):
        return None
    return [item.value for item in items if isinstance(item, ast.Constant)]


def _is_name(node: ast.expr, name: str) -> bool:
    return isinstance(node, ast.Name) and node.id == name
