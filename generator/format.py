"""Formatting generated Python with isort and black, in memory.

isort orders each import block the way ``ruff check`` expects of the
generated package (its own package first-party); black formats the rest.
black dominates the run time on large specs (about 70 KB of code a second),
so a large package is formatted by a pool of worker processes, one file per
task, largest first. The result does not depend on how the work was split.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor

import black
import isort

from .diagnostics import Diagnostic, SpecError

__all__ = ["format_files"]

_MODE = black.Mode(target_versions={black.TargetVersion.PY311}, line_length=88)
#: Below this much Python, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 512 * 1024


def _format_one(item: tuple[str, str, str]) -> tuple[str, str, str | None]:
    path, text, package = item
    try:
        text = isort.code(text, profile="black", known_first_party=[package] if package else [])
        return path, black.format_str(text, mode=_MODE), None
    except (black.InvalidInput, isort.exceptions.ISortError) as exc:
        return path, text, str(exc)


def format_files(files: dict[str, str], workers: int | None = None, package: str = "") -> dict[str, str]:
    """Every ``.py`` file with sorted imports and black-formatted; other files unchanged.

    ``package`` is the generated package's name, first-party for isort.
    """
    jobs = sorted(
        ((path, text, package) for path, text in files.items() if path.endswith(".py") and text.strip()),
        key=lambda item: -len(item[1]),
    )
    workers = workers if workers is not None else min(4, os.cpu_count() or 1)
    if workers > 1 and sum(len(job[1]) for job in jobs) >= PARALLEL_THRESHOLD:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_format_one, jobs))
    else:
        results = [_format_one(job) for job in jobs]
    formatted = dict(files)
    for path, text, error in results:
        if error is not None:
            raise SpecError(
                [
                    Diagnostic(
                        "error",
                        f"generated {path} is not valid Python ({error}).",
                        path,
                        None,
                        None,
                        "This is a specgen bug: report it with the spec.",
                    )
                ]
            )
        formatted[path] = text
    return formatted
