"""The ``specgen`` command line: generate, check, diff, ir.

Exit codes: 0 done, 1 ``check`` found generated files out of date, 2 bad
input or any other error (printed as one paragraph, never a traceback).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from .config import Options, Target, check_package, load_targets
from .diagnostics import Diagnostic, GenerationError
from .run import blocked_error, echo_diagnostics, is_current, run_target, select_targets
from .version import __version__
from .write import BlockedFiles, compare_tree, unified_diff, write_tree

# The pipeline (Jinja, black, the model generator, the validator) is imported
# where it is used, so that `specgen check` answers for a current package
# without loading any of it.

__all__ = ["main"]


def _fail(diagnostics: list[Diagnostic]) -> NoReturn:
    echo_diagnostics(diagnostics)
    sys.exit(2)


@contextmanager
def _errors_handled(debug: bool = False) -> Iterator[None]:
    try:
        yield
    except GenerationError as exc:
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
                raise GenerationError.single(
                    "--spec, --out and --package go together.", "Give all three, or none to use pyproject.toml."
                )
            targets = [Target("ad hoc", spec, out, check_package(package, "--package", file=None), Options())]
        else:
            targets = select_targets(pyproject, names)
        for target in targets:

            def write(t: Target, files: dict[str, str]) -> list[Any]:
                try:
                    return write_tree(t.out, files, force=force)
                except BlockedFiles as exc:
                    raise blocked_error(t, exc) from None

            changes, report = run_target(target, strict, verbose, write, relock=relock)
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
        for target in select_targets(pyproject, names):
            if not (full or strict) and is_current(target):
                click.echo(f"{target.name}: up to date (fingerprint)", err=True)
                continue
            changes, report = run_target(target, strict, verbose, lambda t, files: compare_tree(t.out, files))
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
                raise GenerationError.single(
                    "OLD is neither a spec file nor the name of a configured target.",
                    f"Give the old spec's path, or a target name from {pyproject} (targets: {known}).",
                    file=old,
                )
            old_surface = surface_of(load_api(Path(old), Options())[0])
            after, diagnostics = load_api(new, Options())
        echo_diagnostics(diagnostics)
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
        echo_diagnostics(diagnostics)
        click.echo(json.dumps(to_jsonable(api), indent=2, ensure_ascii=False))
