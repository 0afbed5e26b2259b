"""Validation by openapi-spec-validator, its findings turned into diagnostics."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from jsonschema.exceptions import best_match
from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.validation.validators import SpecValidator

from .diagnostics import Diagnostic, join_pointer
from .load import LoadedSpec, resolve_pointer

__all__ = ["spec_version", "validate_spec"]

#: How many findings are listed before the rest is counted.
MAX_REPORTED = 5
MAX_WARNINGS = 10


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
                "/openapi" if "openapi" in spec.document else "/swagger" if "swagger" in spec.document else "",
                'specgen reads `swagger: "2.0"`, `openapi: 3.0.x` and `openapi: 3.1.x`.',
            )
        ]
    cls: type[SpecValidator] = {
        "2.0": OpenAPIV2SpecValidator,
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
    }[version]
    dangling = _dangling_refs(spec)
    if dangling:
        return dangling
    try:
        validator = cls(spec.document)
        # Stage 1, fatal: the document against the OpenAPI meta-schema.
        structural = list(_first(validator.schema_validator.iter_errors(validator.schema), MAX_REPORTED + 1))
        # A key the OpenAPI schema does not know (a misspelt or home-made field
        # without "x-") says nothing the build reads: it is left out, with a
        # warning at the key, as the other generators do.
        unknown = [(error, keys) for error in structural if (keys := _unknown_keys(error))]
        structural = [error for error in structural if not _unknown_keys(error)]
        # Stage 2, warnings: the semantic checks (duplicate operationIds, path
        # parameters missing from the path, defaults of the wrong type, required
        # lists naming undefined properties). Vendor specs often carry these and
        # the build copes with each, so they do not stop generation unless
        # --strict asks for it.
        semantic = [] if structural else list(_first(validator.root_validator(validator.schema_path), MAX_WARNINGS + 1))
    except RecursionError:
        return [
            spec.diagnostic(
                "error",
                "the spec's references are too deeply recursive to validate.",
                "",
                "Break the reference cycle, or route it through a named schema.",
            )
        ]
    except Exception as exc:  # noqa: BLE001 - the validator's own failure on input it cannot walk
        return [
            spec.diagnostic(
                "error",
                f"the validator could not check the spec: {type(exc).__name__}: {_clip(str(exc))}",
                "",
                "Check the spec with another OpenAPI validator to find the construct it trips on.",
            )
        ]
    diagnostics = [
        spec.diagnostic(
            "warning",
            f"unknown field {key!r}: OpenAPI defines no such field here (vendor fields start with `x-`); "
            "specgen ignores it.",
            join_pointer("", *error.absolute_path, key),
            "Check its spelling, or rename it `x-...`; --strict stops on this.",
        )
        for error, keys in unknown[:MAX_WARNINGS]
        for key in keys
    ]
    diagnostics += _report(
        spec,
        structural,
        "error",
        MAX_REPORTED,
        "Fix this in the spec; `specgen` writes nothing until the spec is valid.",
    )
    diagnostics += _report(
        spec,
        semantic,
        "warning",
        MAX_WARNINGS,
        "Generation goes on; fix it in the spec, or use --strict to stop on it.",
    )
    return diagnostics


def _report(spec: LoadedSpec, errors: list[Any], level: str, limit: int, hint: str) -> list[Diagnostic]:
    diagnostics = []
    for error in errors[:limit]:
        error = _most_relevant(error)
        pointer = join_pointer("", *error.absolute_path) if getattr(error, "absolute_path", None) else ""
        diagnostics.append(spec.diagnostic(level, _message(error), pointer, hint))
    if len(errors) > limit:
        diagnostics.append(
            spec.diagnostic(level, f"more validation {level}s follow; fix the ones above and run again.", "")
        )
    return diagnostics


def _unknown_keys(error: Any) -> list[str]:
    """The keys an ``additionalProperties: false`` error is about, if that is what it is."""
    if getattr(error, "validator", None) != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = set(schema.get("properties") or {})
    patterns = [re.compile(pattern) for pattern in schema.get("patternProperties") or {}]
    return [
        str(key)
        for key in error.instance
        if key not in known and not any(pattern.search(str(key)) for pattern in patterns)
    ]


def _first(items: Iterable[Any], count: int) -> Iterable[Any]:
    for index, item in enumerate(items):
        if index >= count:
            return
        yield item


def _dangling_refs(spec: LoadedSpec) -> list[Diagnostic]:
    """Local ``$ref``s that point at nothing, each named where it stands."""
    found = []
    stack: list[tuple[Any, str]] = [(spec.document, "")]
    while stack and len(found) < MAX_REPORTED:
        value, pointer = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith("#"):
                try:
                    resolve_pointer(spec.document, ref[1:])
                except KeyError:
                    found.append(
                        spec.diagnostic(
                            "error",
                            f"$ref {ref!r} points at nothing.",
                            join_pointer(pointer, "$ref"),
                            "Define it, or correct the reference.",
                        )
                    )
            stack.extend((v, join_pointer(pointer, k)) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend((v, join_pointer(pointer, i)) for i, v in reversed(list(enumerate(value))))
    return found


def _most_relevant(error: Any) -> Any:
    """The sub-error that says why (``'description' is a required property``)
    rather than the umbrella ``is not valid under any of the given schemas``."""
    for _ in range(10):
        context = [
            sub
            for sub in getattr(error, "context", None) or []
            # Every oneOf in the OpenAPI schema offers a Reference alternative;
            # "'$ref' is a required property" is never the reason.
            if not (sub.validator == "required" and "'$ref'" in str(sub.message))
        ]
        if not context:
            return error
        deepest = max(len(sub.absolute_path) for sub in context)
        candidates = [sub for sub in context if len(sub.absolute_path) == deepest]
        enums = [sub for sub in candidates if sub.validator == "enum"]
        if len(enums) > 1 and len(enums) == len(candidates):
            allowed = [v for sub in enums for v in sub.validator_value]
            merged = enums[0]
            merged.message = f"{merged.instance!r} is not one of {list(dict.fromkeys(allowed))!r}"
            return merged
        error = best_match(candidates)
    return error


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 300 else text[:297] + "..."


def _message(error: Any) -> str:
    text = _clip(str(getattr(error, "message", error)).strip())
    if not text.endswith("."):
        text += "."
    return f"invalid spec: {text}"
