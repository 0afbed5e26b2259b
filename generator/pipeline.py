"""The pipeline in one call: load, validate, build, render, format."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .build import build_api
from .config import Options
from .diagnostics import Diagnostic, GenerationError
from .fingerprint import fingerprint, spec_inputs
from .format import format_files
from .ir import Api
from .load import load_spec
from .lock import LOCK_FILE, Lock, lock_text
from .render import RenderContext, render_package
from .surface import surface_of
from .validate import Validation, start_validation
from .version import __version__
from .worker import MODELS_WORKER_BYTES, Worker
from .write import MANIFEST_FILE, manifest_text

__all__ = ["Result", "generate", "load_api", "package_version"]


@dataclass(frozen=True)
class Result:
    """The files of one distribution folder (relative path -> text), and warnings."""

    files: dict[str, str]
    diagnostics: list[Diagnostic]
    api: Api
    #: Seconds spent in each phase (load, validate, build, render, models, format).
    timings: dict[str, float] = field(default_factory=dict)
    #: The package's public surface (what the lock file records).
    surface: dict[str, Any] = field(default_factory=dict)


class Phases:
    """Seconds spent per phase, and a ``progress`` callback told as each starts."""

    def __init__(self, progress: Callable[[str], None] | None = None) -> None:
        self.seconds: dict[str, float] = {}
        self.progress = progress

    @contextmanager
    def __call__(self, phase: str) -> Iterator[None]:
        if self.progress is not None:
            self.progress(phase)
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[phase] = self.seconds.get(phase, 0.0) + time.perf_counter() - started


def load_api(
    spec_path: Path, options: Options, phases: Phases | None = None, lock: Lock | None = None
) -> tuple[Api, list[Diagnostic]]:
    """Load, validate and build the IR; raises :class:`GenerationError` on bad input."""
    phases = phases or Phases()
    api, diagnostics, validation, _ = _load(spec_path, options, phases, lock)
    return api, _findings(validation, phases) + diagnostics


def _load(
    spec_path: Path, options: Options, phases: Phases, lock: Lock | None
) -> tuple[Api, list[Diagnostic], Validation, dict[str, str]]:
    """Load, check the structure, build.

    Returns the IR, the build's warnings, the validation under way and the
    sha256 of every spec file, of the bytes loaded (see :func:`spec_inputs`).

    The semantic checks may still be running beside what follows (see
    :func:`generator.validate.start_validation`); :func:`_findings` collects them.
    """
    with phases("load"):
        spec = load_spec(spec_path)
        inputs = spec_inputs(spec.files, spec.digests)
    with phases("validate"):
        validation = start_validation(spec)
    if validation.errors:
        raise GenerationError(validation.errors)
    try:
        with phases("build"):
            api, diagnostics = build_api(spec, options, lock)
    except Exception:
        # A validator error (a spec it cannot walk) is the better report.
        _findings(validation, phases)
        raise
    except BaseException:
        validation.close()
        raise
    return api, diagnostics, validation, inputs


def _findings(validation: Validation, phases: Phases) -> list[Diagnostic]:
    """The validation's findings, waiting for the semantic checks; raises on an error among them."""
    with phases("validate"):
        findings = validation.result()
    errors = [d for d in findings if d.level == "error"]
    if errors:
        raise GenerationError(errors)
    return findings


def _models_apart(spec_path: Path) -> bool:
    try:
        return spec_path.stat().st_size >= MODELS_WORKER_BYTES
    except OSError:  # loading reports it
        return False


def _surface(api: Api, invented: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The package's public surface: the IR's, with the classes the model generator wrote of its own accord."""
    surface = surface_of(api)
    surface["models"] = dict(sorted({**surface["models"], **invented}.items()))
    return surface


def _manifest(
    files: dict[str, str],
    spec_path: Path,
    api: Api,
    package: str,
    options: Options,
    inputs: dict[str, str],
    templates: Path | None,
) -> str:
    """The manifest's text: what the package was generated from, and each file's hash."""
    return manifest_text(
        {
            "generator": {"name": "specgen", "version": __version__},
            "spec": {
                "file": spec_path.name,
                "title": api.title,
                "version": api.version,
                "sha256": inputs[spec_path.name],
            },
            "package": package,
            "options": options.as_dict(),
            "inputs": inputs,
            "fingerprint": fingerprint(inputs, package, options.as_dict(), templates),
        },
        files,
    )


def package_version(spec_version: str) -> str:
    """The spec's version as a PEP 440 release, tagged with the generator's."""
    match = re.search(r"\d+(?:\.\d+)*", spec_version)
    release = match.group(0) if match else "0"
    return f"{release}+specgen.{__version__}"


def generate(
    spec_path: Path,
    package: str,
    options: Options | None = None,
    *,
    strict: bool = False,
    lock: Lock | None = None,
    root: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> Result:
    """Every file of one distribution folder, rendered and formatted in memory.

    ``lock`` is the lock file last written for the folder (see
    :mod:`generator.lock`); the result holds the new one. A relative
    ``templates`` option is taken from ``root`` (default: the working folder).
    ``progress`` is told the name of each phase as it starts.
    """
    options = options or Options()
    spec_path = Path(spec_path)
    phases = Phases(progress)
    # A large spec's models are made in a worker, started now so that its
    # imports overlap loading and building (see generator.worker).
    models_worker = Worker.start("models") if _models_apart(spec_path) else None
    try:
        api, built, validation, inputs = _load(spec_path, options, phases, lock)
    except BaseException:
        if models_worker is not None:
            models_worker.stop()
        raise
    try:
        if strict and (diagnostics := _findings(validation, phases) + built):
            raise GenerationError([replace(d, level="error") for d in diagnostics])  # --strict: warnings are errors
        templates = options.templates_dir(root or Path("."))
        context = RenderContext(
            package=package,
            project_name=options.project_name or package.replace("_", "-"),
            spec_name=spec_path.name,
            spec_sha256=inputs[spec_path.name],
            version=package_version(api.version),
            templates=templates,
            profile=options.profile,
        )
        with phases("render"):
            files, invented = render_package(api, context, phases.seconds, models_worker)
        with phases("format"):
            files = format_files(files, package=package, formatter=options.formatter)
        diagnostics = _findings(validation, phases) + built
    finally:
        validation.close()
        if models_worker is not None:
            models_worker.stop()
    surface = _surface(api, invented)
    files[LOCK_FILE] = lock_text(surface)
    manifest_path = f"{package}/{MANIFEST_FILE}"
    files[manifest_path] = _manifest(files, spec_path, api, package, options, inputs, templates)
    return Result(
        files=dict(sorted(files.items())), diagnostics=diagnostics, api=api, timings=phases.seconds, surface=surface
    )
