"""One target of the command line, run: generated in memory, its files acted on.

What the commands of :mod:`generator.cli` share: which targets to run, the
progress a person (or a CI log) sees while one runs, and what changed for
callers since its lock was written.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .config import Target, load_targets
from .diagnostics import Diagnostic, GenerationError
from .fingerprint import current_without_rendering
from .write import BlockedFiles

if TYPE_CHECKING:
    from .lock import Lock
    from .surface import Report

# The pipeline (Jinja, black, the model generator, the validator) is imported
# where it is used, so that `specgen check` answers for a current package
# without loading any of it.

__all__ = ["HEARTBEAT", "blocked_error", "echo_diagnostics", "is_current", "run_target", "select_targets"]


def echo_diagnostics(diagnostics: list[Diagnostic]) -> None:
    """Each diagnostic as one paragraph on standard error."""
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=True)


def select_targets(pyproject: Path, names: tuple[str, ...]) -> list[Target]:
    """The targets of ``pyproject`` named (all of them when none is)."""
    targets = load_targets(pyproject)
    if names:
        known = {t.name: t for t in targets}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise GenerationError.single(
                f"no target named {', '.join(unknown)}.",
                f"Known targets: {', '.join(known)}.",
                file=str(pyproject),
                pointer="/tool/specgen/targets",
            )
        targets = [known[n] for n in names]
    return targets


def _progress(message: str) -> None:
    """Progress for a person at a terminal; in CI or when piped see :class:`_Heartbeat`."""
    if sys.stderr.isatty() and not os.environ.get("CI"):
        click.echo(message, err=True)


class _Heartbeat:
    """In CI or when piped, a line every :data:`HEARTBEAT` seconds while a target is still
    working, naming its phase, so a long run's log never looks hung; a quick run (and
    every error) prints nothing extra."""

    def __init__(self, target: str) -> None:
        self.target, self.phase, self.started = target, "load", time.monotonic()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        if not (sys.stderr.isatty() and not os.environ.get("CI")):
            self._thread = threading.Thread(target=self._beat, daemon=True)
            self._thread.start()

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT):
            elapsed = time.monotonic() - self.started
            click.echo(f"{self.target}: still working ({self.phase}, {elapsed:.0f} s) ...", err=True)

    def at(self, phase: str) -> None:
        self.phase = phase
        _progress(f"{self.target}: {phase} ...")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


#: Seconds between the lines of :class:`_Heartbeat`.
HEARTBEAT = 5.0


def run_target(
    target: Target,
    strict: bool,
    verbose: bool,
    action: Callable[[Target, dict[str, str]], Any],
    *,
    relock: bool = False,
) -> tuple[Any, Report | None]:
    """Generate one target in memory, then act on its files; also what changed for callers."""
    from .pipeline import generate as generate_files
    from .surface import compare

    started = time.perf_counter()
    if target.name != "ad hoc" and not Path(target.spec).exists():
        raise GenerationError.single(
            f"no such file (the `spec` of target {target.name}).",
            f"Fix `spec` in [tool.specgen.targets.{target.name}] of pyproject.toml.",
            file=str(target.spec),
        )
    _progress(f"{target.name}: generating from {target.spec}")
    previous = _previous_lock(target, relock)
    lock = None if relock else previous
    heartbeat = _Heartbeat(target.name)
    try:
        result = generate_files(
            target.spec,
            target.package,
            target.options,
            strict=strict,
            lock=lock,
            root=target.root,
            progress=heartbeat.at,
        )
    finally:
        heartbeat.stop()
    echo_diagnostics(result.diagnostics)
    outcome = action(target, result.files)
    if verbose:
        elapsed = time.perf_counter() - started
        click.echo(
            f"{target.name}: {len(result.api.operations)} operations, {len(result.api.schemas)} models, "
            f"{len(result.files)} files in {elapsed:.2f}s",
            err=True,
        )
        phases = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in result.timings.items())
        click.echo(f"  phases: {phases}", err=True)
    # What changed for callers since the last generation, relocked or not.
    report = compare(previous.surface, result.surface) if previous is not None else None
    return outcome, report


def _previous_lock(target: Target, relock: bool) -> Lock | None:
    """The lock last written for the target; with ``relock`` (which replaces it) one that cannot be read is none."""
    from .lock import read_lock

    try:
        return read_lock(target.out)
    except GenerationError:
        if not relock:
            raise
        click.echo(f"{target.name}: the old lock cannot be read; no report of what changed for callers.", err=True)
        return None


def is_current(target: Target) -> bool:
    """The target's package is certainly current, by its manifest's fingerprint (no rendering)."""
    templates = target.options.templates_dir(target.root)
    return current_without_rendering(target.spec, target.out, target.package, target.options.as_dict(), templates)


def _listed(paths: list[str]) -> str:
    return ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")


def blocked_error(target: Target, blocked: BlockedFiles) -> GenerationError:
    """The error saying why nothing was written: files edited by hand, or not specgen's."""
    diagnostics = []
    if blocked.edited:
        diagnostics.append(
            Diagnostic(
                "error",
                f"{len(blocked.edited)} generated file(s) were edited by hand: {_listed(blocked.edited)}.",
                str(target.out),
                None,
                None,
                "Nothing was written. Move the change into the spec, the options or a template override, "
                "or run again with --force to overwrite.",
            )
        )
    if blocked.foreign:
        diagnostics.append(
            Diagnostic(
                "error",
                f"{len(blocked.foreign)} existing file(s) that specgen did not write stand where it would write: "
                f"{_listed(blocked.foreign)}.",
                str(target.out),
                None,
                None,
                "Nothing was written. Generate into an empty or specgen-owned folder, move those files away, "
                "or run again with --force to overwrite them.",
            )
        )
    return GenerationError(diagnostics)
