"""Validation by openapi-spec-validator, its findings turned into diagnostics."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Any

import jsonschema_rs
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from openapi_spec_validator import OpenAPIV2SpecValidator, OpenAPIV30SpecValidator, OpenAPIV31SpecValidator
from openapi_spec_validator.schemas import schema_v2, schema_v30, schema_v31
from openapi_spec_validator.validation.keywords import SchemaValidator
from openapi_spec_validator.validation.validators import SpecValidator

from .diagnostics import Diagnostic, join_pointer
from .load import LoadedSpec, resolve_pointer
from .worker import FAILED, LARGE_SPEC_BYTES, Worker

__all__ = ["Validation", "semantic_findings", "spec_version", "start_validation", "validate_spec"]

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


class _IdRegistry(list[int]):
    """The ids a schema check has seen, as the list it expects, answering ``in`` from a set.

    openapi-spec-validator 0.8 keeps the schemas it visited in lists and asks
    ``id in list`` for every schema it reaches: quadratic in the number of
    schemas (minutes on a 47 MB spec). Same answers, in constant time.
    """

    def __init__(self) -> None:
        super().__init__()
        self._seen: set[int] = set()

    def append(self, item: int) -> None:
        super().append(item)
        self._seen.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._seen


def _with_fast_registries(base: type[SchemaValidator]) -> type[SchemaValidator]:
    """``base`` (a schema keyword validator) whose visit registries are :class:`_IdRegistry`."""

    def __init__(self: SchemaValidator, registry: Any) -> None:
        base.__init__(self, registry)
        self.visited_schema_ids = _IdRegistry()
        self.meta_checked_schema_ids = _IdRegistry()

    return type(base.__name__, (base,), {"__init__": __init__})


def _fast_schemas(validator: type[SpecValidator]) -> type[SpecValidator]:
    """A spec validator class like ``validator`` whose schema keyword uses :func:`_with_fast_registries`."""
    keywords = dict(validator.keyword_validators)
    keywords["schema"] = _with_fast_registries(keywords["schema"])  # type: ignore[arg-type]
    return type(validator.__name__, (validator,), {"keyword_validators": keywords})


_VALIDATORS: dict[str, type[SpecValidator]] = {
    "2.0": _fast_schemas(OpenAPIV2SpecValidator),
    "3.0": _fast_schemas(OpenAPIV30SpecValidator),
    "3.1": _fast_schemas(OpenAPIV31SpecValidator),
}


def validate_spec(spec: LoadedSpec) -> list[Diagnostic]:
    """Every error openapi-spec-validator finds (first few in detail), as diagnostics."""
    return start_validation(spec, concurrent=False).result()


def start_validation(spec: LoadedSpec, concurrent: bool | None = None) -> Validation:
    """Validate the spec: the structural check now, the semantic checks now or beside the build.

    The structural check (the document against the OpenAPI meta-schema) is
    fatal and fast, so it runs here. The semantic checks only warn and take
    seconds on a large spec, so with ``concurrent`` (default: a spec of at
    least :data:`~generator.worker.LARGE_SPEC_BYTES`) they run in a worker
    process while the caller goes on; :meth:`Validation.result` collects them.
    """
    findings = _check_structure(spec)
    if any(d.level == "error" for d in findings):
        return Validation(findings)
    if concurrent is None:
        concurrent = len(spec.text) >= LARGE_SPEC_BYTES
    if concurrent and (worker := Worker.start("semantic")) is not None:
        worker.send(spec)
        return Validation(findings, worker)
    return Validation(findings + semantic_findings(spec))


class Validation:
    """The findings of a validation, some perhaps still coming from a worker process.

    It holds no reference to the spec: the caller may let go of the document
    (hundreds of MB for the largest specs) once it is built.
    """

    def __init__(self, findings: list[Diagnostic], worker: Worker | None = None) -> None:
        self._findings = findings
        self._worker = worker

    @property
    def errors(self) -> list[Diagnostic]:
        """The fatal findings, all known at once (only warnings come later)."""
        return [d for d in self._findings if d.level == "error"]

    def result(self) -> list[Diagnostic]:
        """Every finding: waits for the worker, or checks here if it failed."""
        if self._worker is not None:
            worker, self._worker = self._worker, None
            semantic = worker.result()
            if semantic is FAILED or not all(isinstance(d, Diagnostic) for d in semantic):
                semantic = semantic_findings(*worker.arguments())
            self._findings += semantic
        return list(self._findings)

    def close(self) -> None:
        """Stop the worker, if one is still running (the caller no longer needs it)."""
        if self._worker is not None:
            self._worker.stop()
            self._worker = None


def _check_structure(spec: LoadedSpec) -> list[Diagnostic]:
    """The version, local references and the document against the OpenAPI meta-schema.

    Errors here stop generation; a key the meta-schema does not know comes
    back as a warning.
    """
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
    dangling = _dangling_refs(spec)
    if dangling:
        return dangling
    try:
        structural = _structural(version, spec.document)
    except RecursionError:
        return [_too_recursive(spec)]
    except Exception as exc:  # noqa: BLE001 - the validator's own failure on input it cannot walk
        return [_validator_failed(spec, exc)]
    # A key the OpenAPI schema does not know (a misspelt or home-made field
    # without "x-") says nothing the build reads: it is left out, with a
    # warning at the key, as the other generators do.
    unknown = [(error, keys) for error in structural if (keys := _unknown_keys(error))]
    structural = [error for error in structural if not _unknown_keys(error)]
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
    return diagnostics + _report(
        spec,
        structural,
        "error",
        MAX_REPORTED,
        "Fix this in the spec; `specgen` writes nothing until the spec is valid.",
    )


def semantic_findings(spec: LoadedSpec) -> list[Diagnostic]:
    """openapi-spec-validator's semantic checks on a structurally valid spec, as warnings.

    They find duplicate operationIds, path parameters missing from the path,
    defaults of the wrong type and required lists naming undefined
    properties. Vendor specs often carry these and the build copes with each,
    so they do not stop generation unless --strict asks for it.
    """
    version = spec_version(spec.document)
    assert version is not None  # the structural check came first
    validator = _VALIDATORS[version](spec.document)
    try:
        semantic = list(_first(validator.root_validator(validator.schema_path), MAX_WARNINGS + 1))
    except RecursionError:
        return [_too_recursive(spec)]
    except Exception as exc:  # noqa: BLE001 - the validator's own failure on input it cannot walk
        # Its findings would only warn: its failure does too, and the build
        # copes with what it tripped on (a schema keyword of the wrong type).
        return [
            spec.diagnostic(
                "warning",
                f"the validator's semantic checks stopped: {type(exc).__name__}: {_clip(str(exc))}",
                "",
                "Generation goes on; check the spec with another OpenAPI validator to find the construct "
                "it trips on, or use --strict to stop on it.",
            )
        ]
    return _report(
        spec,
        semantic,
        "warning",
        MAX_WARNINGS,
        "Generation goes on; fix it in the spec, or use --strict to stop on it.",
    )


def _too_recursive(spec: LoadedSpec) -> Diagnostic:
    return spec.diagnostic(
        "error",
        "the spec's references are too deeply recursive to validate.",
        "",
        "Break the reference cycle, or route it through a named schema.",
    )


def _validator_failed(spec: LoadedSpec, exc: Exception) -> Diagnostic:
    return spec.diagnostic(
        "error",
        f"the validator could not check the spec: {type(exc).__name__}: {_clip(str(exc))}",
        "",
        "Check the spec with another OpenAPI validator to find the construct it trips on.",
    )


_META_SCHEMAS = {"2.0": schema_v2, "3.0": schema_v30, "3.1": schema_v31}


@functools.cache
def _fast_checker(version: str) -> Any:
    """jsonschema-rs, compiled once: whether the document is valid, 100x faster than in Python.

    Formats are not asserted and nothing is fetched, as in the Python check below.
    """
    return jsonschema_rs.validator_for(dict(_META_SCHEMAS[version]), validate_formats=False, offline=True)


@functools.cache
def _detailed_checker(version: str) -> Any:
    """The Python jsonschema validator, whose errors carry paths, context and schema for the report."""
    schema = dict(_META_SCHEMAS[version])
    return validator_for(schema)(schema)


def _structural(version: str, document: dict[str, Any]) -> list[Any]:
    """The first errors of the document against the OpenAPI meta-schema (none when it is valid).

    The Rust validator answers whether there are any (0.02 s for a 3 MB spec
    whose Python check takes 3 s); only an invalid document is walked again in
    Python for errors that say where and why.
    """
    try:
        if _fast_checker(version).is_valid(document):
            return []
    except ValueError:  # a value JSON has no type for (a YAML set): the Python check reports it
        pass
    return list(_first(_detailed_checker(version).iter_errors(document), MAX_REPORTED + 1))


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
