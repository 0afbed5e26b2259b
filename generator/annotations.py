"""Python annotations as the surface records them (text), compared as types.

``list[str] | None`` is split at the top level into its union parts and each
part into its head and arguments; no evaluation, no imports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["field_annotation", "narrows_any", "split_top", "widens"]


def widens(narrow: str, wide: str) -> bool:
    """Whether every value of ``narrow`` is also a value of ``wide`` (by annotation text)."""
    wide_parts = split_top(wide, "|")
    if "Any" in wide_parts:
        return True
    return all(any(_covers(w, n) for w in wide_parts) for n in split_top(narrow, "|"))


def _covers(wide: str, narrow: str) -> bool:
    """Whether every value of one union part ``narrow`` is a value of the part ``wide``."""
    if wide == narrow or (narrow == "int" and wide == "float"):
        return True
    (wide_head, wide_args), (narrow_head, narrow_args) = _head_args(wide), _head_args(narrow)
    if narrow_head == "Literal":
        if wide_head == "Literal":
            return set(narrow_args) <= set(wide_args)
        return wide == _literal_base(narrow_args)
    return False  # a list or dict is invariant: ``list[int]`` is no ``list[float]`` to a type checker


def _literal_base(values: list[str]) -> str | None:
    """The type of every value of a ``Literal`` (``str``, ``int`` or ``bool``), else None."""
    if all(v in ("True", "False") for v in values):
        return "bool"
    if all(v[:1] in ("'", '"') for v in values):
        return "str"
    if all(v.lstrip("-").isdigit() for v in values):
        return "int"
    return None


def split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside brackets, each part stripped."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == sep and depth == 0:
            parts.append(text[start:index].strip())
            start = index + 1
    parts.append(text[start:].strip())
    return parts


def _head_args(text: str) -> tuple[str, list[str]]:
    """``list[str]`` -> ``("list", ["str"])``; ``User`` -> ``("User", [])``."""
    if text.endswith("]") and "[" in text:
        head, _, inner = text.partition("[")
        return head.strip(), split_top(inner[:-1], ",")
    return text, []


#: Types whose values are the JSON values themselves, as an ``Any`` held them.
_JSON_SCALARS = frozenset({"str", "int", "float", "bool", "None", "Any"})


def _plain_json(text: str) -> bool:
    parts = split_top(text, "|")
    if len(parts) > 1:
        return all(_plain_json(part) for part in parts)
    head, args = _head_args(text)
    if head in ("list", "dict"):
        return all(_plain_json(arg) for arg in args)
    return head in _JSON_SCALARS


def narrows_any(before: str, after: str, *, output: bool) -> bool:
    """Whether ``after`` is ``before`` with some ``Any`` replaced by concrete types
    (or some ``str``, ``int`` or ``bool`` by a ``Literal`` of such values).

        For a value the package hands out (``output``: a return value, a model's
        field), only types holding the same JSON values count (``list[Any]`` ->
        ``list[str]``): an ``Any`` become a model hands out an object where a dict was.
    """
    if before == after:
        return True
    if before == "Any":
        return not output or _plain_json(after)
    head, args = _head_args(after)
    if head == "Literal" and before == _literal_base(args):
        return True  # the same values on the wire, now listed: ``str`` -> ``Literal["a", "b"]``
    if head == "Literal" and _head_args(before)[0] == "Literal" and _covers(after, before):
        return True  # more values listed, inside a list, which a type checker holds invariant
    old_parts, new_parts = split_top(before, "|"), split_top(after, "|")
    if len(old_parts) > 1 or len(new_parts) > 1:
        if len(old_parts) != len(new_parts):
            return False
        remaining = list(old_parts)
        for part in new_parts:
            match = next((o for o in remaining if narrows_any(o, part, output=output)), None)
            if match is None:
                return False
            remaining.remove(match)
        return True
    (old_head, old_args), (new_head, new_args) = _head_args(before), _head_args(after)
    return (
        old_head == new_head
        and len(old_args) == len(new_args) > 0
        and all(narrows_any(a, b, output=output) for a, b in zip(old_args, new_args, strict=True))
    )


def field_annotation(field: Mapping[str, Any]) -> str:
    """A field's annotation as generated: an optional field also takes ``None``."""
    annotation = str(field["annotation"])
    if field["required"] or annotation == "Any" or "None" in split_top(annotation, "|"):
        return annotation
    return f"{annotation} | None"
