"""What the docs (the package README and ``docs/<Class>.md``) need of an operation: the
signature as a reader sees it, and example arguments that read as a caller would write them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..examples import Examples
from ..ir import Operation
from ..text import doc_literal
from .shared import FREE_FORM_EXAMPLE, is_file, literal

__all__ = ["DocView", "doc_view"]


@dataclass(frozen=True)
class DocView:
    """An operation as the docs show it."""

    #: ``ReturnType method(required, optional=optional)``.
    signature: str
    #: The arguments of the docs' example call.
    args: tuple[str, ...]


def doc_view(op: Operation, examples: Examples) -> DocView:
    names = [p.py_name for p in op.params if p.required] + [
        f"{p.py_name}={p.py_name}" for p in op.params if not p.required
    ]
    free_form = op.body is not None and op.body.is_free_form
    args = []
    for p in op.params:
        value: Any
        if p.location == "body" and free_form:
            value = dict(FREE_FORM_EXAMPLE)
        elif p.location == "body":
            value = examples.for_type(p.type, "body")
        elif p.location == "form":
            value = (
                (f"{p.wire_name}.png", b"...", "image/png")
                if is_file(p.type)
                else examples.for_type(p.type, p.wire_name)
            )
        elif p.type.kind == "str" and not p.enum:
            value = f"{p.py_name}_example"  # a placeholder reads better in prose than a made-up value
        else:
            value = examples.for_param(p)
        source = literal(value, p.type) if p.type.kind in ("date", "datetime") else doc_literal(value)
        args.append(source if p.required else f"{p.py_name}={source}")
    return DocView(signature=f"{op.return_type.annotation} {op.py_name}({', '.join(names)})", args=tuple(args))
