"""IR schemas to pydantic v2 code, by datamodel-code-generator, in memory.

The schemas arrive already named (see :mod:`generator.schemas`), so the model
generator is given one OpenAPI document whose ``components.schemas`` hold
exactly the classes to write, and nothing it could name by itself. Its output
is then checked to hold every expected class under the expected name: a
silent rename would break the API modules that import them.
"""

from __future__ import annotations

import ast
import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .diagnostics import Diagnostic, GenerationError
from .flatten import flat_classes, is_subtype, rewrite_classes
from .invented import invented_models, name_by_place
from .ir import Api
from .schema_convert import without_hints
from .worker import FAILED, Worker

__all__ = ["ModelsModule", "model_generator", "model_literals", "models_in_worker", "render_models"]

# datamodel-code-generator takes only absolute import paths for the base
# class; this one is swapped for the package-relative import afterwards.
_PLACEHOLDER = "specgen_model_base_placeholder"
_BASE_IMPORT = f"from {_PLACEHOLDER} import ApiModel"


def _options() -> dict[str, Any]:
    from datamodel_code_generator import DataModelType, InputFileType, PythonVersion

    return {
        "input_file_type": InputFileType.OpenAPI,
        "output_model_type": DataModelType.PydanticV2BaseModel,
        "target_python_version": PythonVersion.PY_311,
        "disable_timestamp": True,
        "use_standard_collections": True,
        "use_union_operator": True,
        "use_schema_description": True,
        "use_field_description": True,
        "use_annotated": True,
        "use_double_quotes": True,
        "capitalise_enum_members": True,
        "set_default_enum_member": True,
        # The shared base (runtime/model_base.py) carries the model config:
        # unknown fields kept, population by field name or alias.
        "base_class": f"{_PLACEHOLDER}.ApiModel",
        "output_datetime_class": datetime.__name__,
        "formatters": [],
    }


@dataclass(frozen=True)
class ModelsModule:
    """The source of ``models.py``, and the fields its classes pin (see :func:`model_literals`)."""

    source: str
    literals: dict[str, dict[str, Any]]
    #: The lock's entries for classes the model generator invented (see :mod:`generator.invented`).
    invented: dict[str, dict[str, Any]] = field(default_factory=dict)


def render_models(api: Api, docstring: str, worker: Worker | None = None) -> ModelsModule:
    """``models.py``: one pydantic class per IR schema; in ``worker`` when one is given (see
    :mod:`generator.worker`), here if it fails. Raises :class:`GenerationError` if the model
    generator fails."""
    if not api.schemas:
        return ModelsModule(f'"""{docstring}"""\n', {})
    document = {
        "openapi": "3.0.3",
        "info": {"title": api.title, "version": api.version},
        "paths": {},
        "components": {"schemas": {schema.name: without_hints(schema.definition) for schema in api.schemas}},
    }
    if worker is not None:
        worker.send(document, docstring)
        del document  # the worker holds it, and hands it back if it fails
        outcome = worker.result()
        if outcome is FAILED or not (isinstance(outcome, tuple) and len(outcome) == 2):
            outcome = models_in_worker(*worker.arguments())
    else:
        outcome = models_in_worker(document, docstring)
    made, diagnostics = outcome
    if made is None:
        raise GenerationError(diagnostics)
    return made


def models_in_worker(document: dict[str, Any], docstring: str) -> tuple[ModelsModule | None, list[Diagnostic]]:
    """The model generator on ``document``: the module, or None and why (a :class:`GenerationError`
    does not survive pickling, so the diagnostics travel instead)."""
    try:
        return _generate(document, docstring), []
    except GenerationError as error:
        return None, error.diagnostics


def model_generator(document: dict[str, Any], options: dict[str, Any], what: str) -> str:
    """datamodel-code-generator's module for ``document`` (``what`` it makes, for the error);
    any failure of it is reported as a :class:`GenerationError` naming the schemas."""
    from datamodel_code_generator import generate

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            code = generate(document, **options)
        except Exception as exc:  # noqa: BLE001 - any failure of the model generator is reported as ours
            raise GenerationError.single(
                f"datamodel-code-generator failed on {what}: {exc}",
                "Report this with the spec; a schema may use a construct it cannot model.",
                pointer="/components/schemas",
            ) from None
    if not isinstance(code, str):
        raise GenerationError.single("datamodel-code-generator returned several modules.", "Report this with the spec.")
    return code


def _generate(document: dict[str, Any], docstring: str) -> ModelsModule:
    code = model_generator(document, _options(), "the schemas")
    tree = ast.parse(code)
    found = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    expected = set(document["components"]["schemas"])
    missing = [name for name in document["components"]["schemas"] if name not in found]
    if missing:
        raise GenerationError.single(
            f"the model generator renamed or dropped {', '.join(missing[:5])}.",
            "Report this with the spec; rename the schema meanwhile.",
            pointer="/components/schemas",
        )
    code, renames = name_by_place(code, tree, expected)  # renames in the tree as well
    invented = {renames.get(name, name) for name in found - expected}
    flat = flat_classes(tree, "ApiModel", is_subtype)
    if flat:
        code = rewrite_classes(code, tree, flat, "ApiModel")
        tree = ast.parse(code)
    # The enum bases and the header, changed below, pin no field: the tree
    # parsed here serves for the literals and the invented classes.
    return ModelsModule(
        _replace_header(_open_enums(code), docstring), model_literals(tree), invented_models(tree, invented)
    )


_ENUM_CLASS = re.compile(r"^(class \w+)\((StrEnum|IntEnum)\):$", re.MULTILINE)
_ENUM_IMPORT = re.compile(r"^from enum import [\w, ]+\n", re.MULTILINE)


def _open_enums(code: str) -> str:
    """Enums on the runtime's open bases, so values the spec does not list yet parse.

    datamodel-code-generator writes ``class X(StrEnum)``; the bases are
    swapped for ``OpenStrEnum``/``OpenIntEnum`` and the imports follow.
    """
    used = {"ApiModel"} if _BASE_IMPORT in code else set()
    code = _ENUM_CLASS.sub(lambda m: f"{m.group(1)}(Open{m.group(2)}):", code)
    used |= {f"Open{kind}" for kind in ("StrEnum", "IntEnum") if f"(Open{kind}):" in code}
    if (
        re.search(
            r"\b(?:StrEnum|IntEnum|Enum)\b",
            _ENUM_IMPORT.sub("", code).replace("OpenStrEnum", "").replace("OpenIntEnum", ""),
        )
        is None
    ):
        code = _ENUM_IMPORT.sub("", code)
    lines = [line for line in code.split("\n") if line != _BASE_IMPORT]
    if used:
        # The package's own import goes after the last top-level import.
        last = max(i for i, line in enumerate(lines) if line.startswith(("import ", "from ")))
        lines.insert(last + 1, f"from .model_base import {', '.join(sorted(used))}")
    return "\n".join(lines)


def _replace_header(code: str, docstring: str) -> str:
    """Swap the generator's comment header for the package's own docstring."""
    lines = code.splitlines()
    start = 0
    while start < len(lines) and (lines[start].startswith("#") or not lines[start].strip()):
        start += 1
    return f'"""{docstring}"""\n\n' + "\n".join(lines[start:]) + "\n"


def model_literals(source: str | ast.Module) -> dict[str, dict[str, Any]]:
    """Fields each class of a models module pins to one value, by wire name: ``{"Cat": {"kind": "Cat"}}``.

    The model generator types a discriminated union's tag as ``Literal[...]`` on
    each member, with a value of its choosing (a mapping key, or the class
    name); reading them back from the code lets examples carry exactly what the
    models accept. Inherited fields count; an alias (``Field(alias="@odata.type")``)
    gives the wire name.
    """
    tree = ast.parse(source) if isinstance(source, str) else source
    own: dict[str, dict[str, Any]] = {}
    bases: dict[str, list[str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases[node.name] = [b.id for b in node.bases if isinstance(b, ast.Name)]
        fields: dict[str, Any] = {}
        for statement in node.body:
            if not isinstance(statement, ast.AnnAssign) or not isinstance(statement.target, ast.Name):
                continue
            value = _single_literal(statement.annotation)
            if value is not _NO_LITERAL:
                fields[_alias(statement) or statement.target.id] = value
        own[node.name] = fields

    def pinned(name: str, seen: frozenset[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for base in bases.get(name, []):
            if base in own and base not in seen:
                found.update(pinned(base, seen | {base}))
        found.update(own.get(name, {}))
        return found

    return {name: fields for name in own if (fields := pinned(name, frozenset({name})))}


_NO_LITERAL = object()


def _single_literal(annotation: ast.expr) -> Any:
    """The value of ``Literal["x"]`` (also inside ``Annotated[...]``); ``_NO_LITERAL`` otherwise."""
    if isinstance(annotation, ast.Subscript) and isinstance(annotation.value, ast.Name):
        if annotation.value.id == "Annotated" and isinstance(annotation.slice, ast.Tuple) and annotation.slice.elts:
            return _single_literal(annotation.slice.elts[0])
        if annotation.value.id == "Literal" and isinstance(annotation.slice, ast.Constant):
            return annotation.slice.value
    return _NO_LITERAL


def _alias(statement: ast.AnnAssign) -> str | None:
    """The ``alias=`` of a field's ``Field(...)``, as its value or inside ``Annotated``."""
    calls = [statement.value] if statement.value is not None else []
    if isinstance(statement.annotation, ast.Subscript) and isinstance(statement.annotation.slice, ast.Tuple):
        calls.extend(statement.annotation.slice.elts[1:])
    for call in calls:
        if isinstance(call, ast.Call):
            for keyword in call.keywords:
                if keyword.arg == "alias" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    return None
