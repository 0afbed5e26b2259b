"""The ``specgen`` command line: generate, check, diff, ir.

Exit codes: 0 done, 1 ``check`` found generated files out of date, 2 bad
input or any other error (printed as one paragraph, never a traceback).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from .config import Options, Target, check_package, load_targets
from .diagnostics import Diagnostic, SpecError
from .fingerprint import current_without_rendering
from .version import __version__
from .write import BlockedFiles, compare_tree, unified_diff, write_tree

if TYPE_CHECKING:
    from .lock import Lock
    from .surface import Report

# The pipeline (Jinja, black, the model generator, the validator) is imported
# where it is used, so that `specgen check` answers for a current package
# without loading any of it.

__all__ = ["main"]


def _echo_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        click.echo(diagnostic.format(), err=True)


def _fail(diagnostics: list[Diagnostic]) -> NoReturn:
    _echo_diagnostics(diagnostics)
    sys.exit(2)


@contextmanager
def _errors_handled(debug: bool = False) -> Iterator[None]:
    try:
        yield
    except SpecError as exc:
        _fail(exc.diagnostics)
    except (KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        if debug:
            raise
        _fail(
            [
                Diagnostic(
                    "error",
                    f"internal error: {type(exc).__name__}: {exc}",
                    None,
                    None,
                    None,
                    "This is a specgen bug: run again with --debug for the traceback and report it with the spec.",
                )
            ]
        )


def _targets(pyproject: Path, names: tuple[str, ...]) -> list[Target]:
    targets = load_targets(pyproject)
    if names:
        known = {t.name: t for t in targets}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise SpecError.single(
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


def _run_target(
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
        raise SpecError.single(
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
    _echo_diagnostics(result.diagnostics)
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
    except SpecError:
        if not relock:
            raise
        click.echo(f"{target.name}: the old lock cannot be read; no report of what changed for callers.", err=True)
        return None


def _current(target: Target) -> bool:
    templates = target.options.templates_dir(target.root)
    return current_without_rendering(target.spec, target.out, target.package, target.options.as_dict(), templates)


def _listed(paths: list[str]) -> str:
    return ", ".join(paths[:5]) + (f" and {len(paths) - 5} more" if len(paths) > 5 else "")


def _blocked_error(target: Target, blocked: BlockedFiles) -> SpecError:
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
    return SpecError(diagnostics)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="specgen")
def main() -> None:
    """Generate typed Python API clients from OpenAPI specs.

    \b
    Examples:
      specgen generate                 # every target in pyproject.toml
      specgen check                    # exit 1 if generated/ is stale
      specgen diff zoom_users new.yaml # what a new spec changes for callers
      specgen ir specs/zoom_users.yaml # the intermediate model as JSON
    """


_pyproject_option = click.option(
    "--config",
    "pyproject",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("pyproject.toml"),
    show_default=True,
    help="The pyproject.toml holding [tool.specgen.targets.*].",
)
_strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")
_verbose_option = click.option("--verbose", "-v", is_flag=True, help="Print counts and timings per target.")
_debug_option = click.option("--debug", is_flag=True, hidden=True, help="Show tracebacks of internal errors.")


@main.command(short_help="Regenerate the configured targets (or one with --spec/--out/--package).")
@click.option(
    "--spec",
    type=click.Path(path_type=Path),
    help="Generate one distribution from this spec (with --out and --package).",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder for --spec.")
@click.option("--package", help="Python package name for --spec.")
@click.option("--target", "names", multiple=True, help="Only these configured targets (repeatable).")
@click.option(
    "--relock",
    is_flag=True,
    help="Take the spec's parameter order and model names afresh (what changed for callers is still reported).",
)
@click.option("--force", is_flag=True, help="Overwrite or delete generated files a person edited.")
@_pyproject_option
@_strict_option
@_verbose_option
@_debug_option
def generate(
    spec: Path | None,
    out: Path | None,
    package: str | None,
    names: tuple[str, ...],
    relock: bool,
    force: bool,
    pyproject: Path,
    strict: bool,
    verbose: bool,
    debug: bool,
) -> None:
    """Regenerate the configured targets, or one ad hoc with --spec/--out/--package.

    Each output folder's lock file keeps callers' parameter order and model
    names; what the new spec changes anyway is reported (with --relock,
    everything that changed for callers since the lock was written).

    \b
    Examples:
      specgen generate
      specgen generate --target zoom_users --relock
      specgen generate --spec api.yaml --out build/client --package my_client
    """
    with _errors_handled(debug):
        if spec or out or package:
            if not (spec and out and package):
                raise SpecError.single(
                    "--spec, --out and --package go together.", "Give all three, or none to use pyproject.toml."
                )
            targets = [Target("ad hoc", spec, out, check_package(package, "--package", file=None), Options())]
        else:
            targets = _targets(pyproject, names)
        for target in targets:

            def write(t: Target, files: dict[str, str]) -> list[Any]:
                try:
                    return write_tree(t.out, files, force=force)
                except BlockedFiles as exc:
                    raise _blocked_error(t, exc) from None

            changes, report = _run_target(target, strict, verbose, write, relock=relock)
            click.echo(f"{target.name}: {target.out} ({len(changes)} file(s) changed)", err=True)
            if report is not None and report.changes:
                click.echo(report.text(), err=True)


@main.command(short_help="Exit 1 with a diff if a generated package is stale, 0 if current.")
@click.option("--target", "names", multiple=True, help="Only these configured targets (repeatable).")
@click.option(
    "--full",
    is_flag=True,
    help="Render and compare even when the manifest's fingerprint says the package is current.",
)
@_pyproject_option
@_strict_option
@_verbose_option
@_debug_option
def check(names: tuple[str, ...], pyproject: Path, full: bool, strict: bool, verbose: bool, debug: bool) -> None:
    """Exit 1 with a diff if generated files differ from what the specs give.

    Writes nothing. A package whose manifest fingerprint (spec files,
    options, templates, specgen and tool versions) still matches, and whose
    files all have their recorded hashes, is current without rendering;
    otherwise the target is rendered in memory and compared. Exit 0 when
    every target is current, 1 when a file is stale, missing, extra, edited
    or foreign, 2 on error.

    The fingerprint is read from the committed manifest: a gate for pull
    requests nobody reviewed should use --full, which always renders.

    \b
    Example:
      specgen check || specgen generate
    """
    stale = False
    with _errors_handled(debug):
        for target in _targets(pyproject, names):
            if not (full or strict) and _current(target):
                click.echo(f"{target.name}: up to date (fingerprint)", err=True)
                continue
            changes, report = _run_target(target, strict, verbose, lambda t, files: compare_tree(t.out, files))
            if not changes:
                click.echo(f"{target.name}: up to date", err=True)
                continue
            stale = True
            click.echo(f"{target.name}: {len(changes)} file(s) out of date; run `specgen generate`", err=True)
            for change in changes:
                note = {
                    "edited": " (edited by hand; `generate` keeps it unless --force)",
                    "foreign": " (not written by specgen; `generate` keeps it unless --force)",
                }.get(change.kind, "")
                click.echo(f"  {change.kind}: {change.path}{note}", err=True)
            if report is not None:
                click.echo(f"{target.name}: for callers: {report.text()}", err=True)
            for change in changes:
                click.echo(unified_diff(change, target.out))
    sys.exit(1 if stale else 0)


@main.command(short_help="What a new spec changes for callers: breaking or compatible.")
@click.argument("old")
@click.argument("new", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@_pyproject_option
@_debug_option
def diff(old: str, new: Path, fmt: str, pyproject: Path, debug: bool) -> None:
    """What regenerating from NEW changes for callers, compared with OLD.

    OLD is a spec file, or the name of a configured target: then NEW is
    compared with the public API recorded in the target's committed lock file
    (even when NEW was already copied over the target's spec), generated as
    `specgen generate` would, keeping the lock, so only what the lock cannot
    keep is reported. Typing-only changes are listed but call for no bump.
    Exit 0 when nothing breaks, 1 when something does, 2 on error.

    \b
    Examples:
      specgen diff specs/zoom_users.yaml new/zoom_users.yaml
      specgen diff zoom_users new/zoom_users.yaml --format markdown
    """
    from .lock import Lock, read_lock
    from .pipeline import load_api
    from .surface import compare, surface_of

    with _errors_handled(debug):
        targets = {t.name: t for t in load_targets(pyproject)} if pyproject.is_file() else {}
        if old in targets and not Path(old).is_file():
            target = targets[old]
            lock = read_lock(target.out)
            if lock is not None:  # what callers have now: the committed lock, whatever the spec file holds
                old_surface = dict(lock.surface)
            else:
                old_surface = surface_of(load_api(target.spec, target.options)[0])
            after, diagnostics = load_api(new, target.options, lock=lock or Lock(old_surface))
        else:
            if not Path(old).exists():
                known = ", ".join(targets) or "none configured"
                raise SpecError.single(
                    "OLD is neither a spec file nor the name of a configured target.",
                    f"Give the old spec's path, or a target name from {pyproject} (targets: {known}).",
                    file=old,
                )
            old_surface = surface_of(load_api(Path(old), Options())[0])
            after, diagnostics = load_api(new, Options())
        _echo_diagnostics(diagnostics)
        report = compare(old_surface, surface_of(after))
        click.echo({"text": report.text, "json": report.json, "markdown": report.markdown}[fmt]())
    sys.exit(1 if report.breaking else 0)


@main.command(short_help="Print the intermediate operation model of a spec as JSON.")
@click.argument("spec", type=click.Path(path_type=Path))
@_debug_option
def ir(spec: Path, debug: bool) -> None:
    """Print the intermediate model of SPEC as JSON.

    \b
    Example:
      specgen ir specs/zoom_users.yaml | jq '.resources[0].operations[0]'
    """
    from .ir import to_jsonable
    from .pipeline import load_api

    with _errors_handled(debug):
        api, diagnostics = load_api(spec, Options())
        _echo_diagnostics(diagnostics)
        click.echo(json.dumps(to_jsonable(api), indent=2, ensure_ascii=False))
