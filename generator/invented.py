"""Classes the model generator invents, named by where they stand and described for the lock.

specgen names every schema it hands datamodel-code-generator. The model
generator still writes classes of its own when it flattens an ``allOf``
whose parts disagree on a property (an enum in one part, a string in the
other gives a new enum), and names them after the property with a counter
when the name is taken: ``Status``, ``Status1``... Such a name depends on the
order of unrelated schemas, so it changes when the spec grows. Here each is
renamed after the first field that uses it (``Job.status`` gives
``JobStatus``), and described as the lock describes a model.
"""

from __future__ import annotations

import ast
from typing import Any

from .naming import pascal_case

__all__ = ["invented_models", "name_by_place", "unannotated"]


def name_by_place(code: str, tree: ast.Module, expected: set[str]) -> tuple[str, dict[str, str]]:
    """``code`` with every class not in ``expected`` renamed after its first use; and the renames.

    ``tree`` (``code``'s syntax tree) is renamed alike, so it need not be parsed
    again. A class keeps its name when the derived one is taken, or when no
    field uses it.
    """
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    invented = [node.name for node in classes if node.name not in expected]
    if not invented:
        return code, {}
    first_use: dict[str, tuple[str, str]] = {}
    for node in classes:
        for statement in node.body:
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
                for name in _names_in(statement.annotation):
                    if name in invented and name != node.name:
                        first_use.setdefault(name, (node.name, statement.target.id))
    taken = {node.name for node in classes}
    renames: dict[str, str] = {}

    def final(name: str, seen: frozenset[str]) -> str:
        if name in renames or name not in first_use or name in seen:
            return renames.get(name, name)
        owner, field = first_use[name]
        base = final(owner, seen | {name}) + ("Item" if field == "root" else pascal_case(field))
        for candidate in (base, base + "Model"):
            if candidate not in taken:
                taken.add(candidate)
                renames[name] = candidate
                return candidate
        return name

    for name in invented:
        final(name, frozenset())
    return (_renamed(code, tree, renames) if renames else code), renames


def _names_in(annotation: ast.expr) -> list[str]:
    return [node.id for node in ast.walk(annotation) if isinstance(node, ast.Name)]


def _renamed(code: str, tree: ast.Module, renames: dict[str, str]) -> str:
    """``code`` with each class name in ``renames`` replaced where the syntax tree has it;
    the tree's nodes take the new names too."""
    lines = code.split("\n")
    edits: dict[int, list[tuple[int, int, str]]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name in renames:
            start = node.col_offset + len("class ")
            edits.setdefault(node.lineno - 1, []).append((start, start + len(node.name), renames[node.name]))
            node.name = renames[node.name]
        elif isinstance(node, ast.Name) and node.id in renames and node.end_col_offset is not None:
            edits.setdefault(node.lineno - 1, []).append((node.col_offset, node.end_col_offset, renames[node.id]))
            node.id = renames[node.id]
    for index, changes in edits.items():
        line = lines[index].encode("utf-8")  # the tree's columns count UTF-8 bytes
        for start, end, new in sorted(changes, reverse=True):
            line = line[:start] + new.encode("utf-8") + line[end:]
        lines[index] = line.decode("utf-8")
    return "\n".join(lines)


def invented_models(tree: ast.Module, names: set[str]) -> dict[str, dict[str, Any]]:
    """The lock's entries for the classes ``names`` (an enum's values, an object's fields)."""
    entries: dict[str, dict[str, Any]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or node.name not in names:
            continue
        bases = {base.id for base in node.bases if isinstance(base, ast.Name)}
        if bases & {"StrEnum", "IntEnum", "Enum", "OpenStrEnum", "OpenIntEnum"}:
            values = [
                statement.value.value
                for statement in node.body
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)
            ]
            entries[node.name] = {"kind": "enum", "origin": "", "values": values}
        else:
            fields = {
                statement.target.id: {
                    "annotation": ast.unparse(unannotated(statement.annotation)),
                    "required": statement.value is None,
                }
                for statement in node.body
                if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
            }
            entries[node.name] = {"kind": "object", "origin": "", "fields": fields}
    return entries


def unannotated(annotation: ast.expr) -> ast.expr:
    """The type of ``Annotated[type, Field(...)]``, as the lock records a field's annotation."""
    if (
        isinstance(annotation, ast.Subscript)
        and isinstance(annotation.value, ast.Name)
        and annotation.value.id == "Annotated"
        and isinstance(annotation.slice, ast.Tuple)
        and annotation.slice.elts
    ):
        return annotation.slice.elts[0]
    return annotation
