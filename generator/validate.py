"""Validation by openapi-spec-validator, its findings turned into diagnostics."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation.validators import SpecValidator

from .diagnostics import Diagnostic, join_pointer
from .load import LoadedSpec

__all__ = ["spec_version", "validate_spec"]

#: How many findings are listed before the rest is counted.
MAX_REPORTED = 5


def spec_version(document: dict[str, Any]) -> str | None:
    """``2.0``, ``3.0`` or ``3.1``, or None for something else."""
    if str(document.get("swagger", "")).strip() == "2.0":
        return "2.0"
    version = str(document.get("openapi", "")).strip()
    for prefix in ("3.0", "3.1"):
        if version == prefix or version.startswith(prefix + "."):
            return prefix
    return None


def validate_spec(spec: LoadedSpec) -> list[Diagnostic]:
    """Every error openapi-spec-validator finds (first few in detail), as diagnostics."""
    version = spec_version(spec.document)
    if version is None:
        found = spec.document.get("openapi", spec.document.get("swagger"))
        return [
            spec.diagnostic(
                "error",
                f"unsupported spec version {found!r}." if found else "no `openapi` or `swagger` version field.",
                "/openapi" if "openapi" in spec.document else "",
                "specgen reads `swagger: \"2.0\"`, `openapi: 3.0.x` and `openapi: 3.1.x`.",
            )
        ]
    cls: type[SpecValidator] = {
        "2.0": OpenAPIV2SpecValidator,
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
    }[version]
    try:
        errors = list(_first(cls(spec.document).iter_errors(), MAX_REPORTED + 1))
    except RecursionError:
        return [
            spec.diagnostic(
                "error",
                "the spec's references are too deeply recursive to validate.",
                "",
                "Break the reference cycle, or route it through a named schema.",
            )
        ]
    diagnostics = []
    for error in errors[:MAX_REPORTED]:
        pointer = join_pointer("", *error.absolute_path) if getattr(error, "absolute_path", None) else ""
        message = _message(error)
        diagnostics.append(
            spec.diagnostic("error", message, pointer, "Fix this in the spec; `specgen` writes nothing until the spec is valid.")
        )
    if len(errors) > MAX_REPORTED:
        diagnostics.append(
            spec.diagnostic("error", "more validation errors follow; fix the ones above and run again.", "")
        )
    return diagnostics


def _first(items: Iterable[Any], count: int) -> Iterable[Any]:
    for index, item in enumerate(items):
        if index >= count:
            return
        yield item


def _message(error: Any) -> str:
    text = str(getattr(error, "message", error)).strip()
    text = " ".join(text.split())
    if len(text) > 300:
        text = text[:297] + "..."
    if not text.endswith("."):
        text += "."
    return f"invalid spec: {text}"
