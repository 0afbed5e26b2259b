"""Formatting generated Python with black, in memory."""

from __future__ import annotations

import black

from .diagnostics import Diagnostic, SpecError

__all__ = ["format_files"]

_MODE = black.Mode(target_versions={black.TargetVersion.PY311}, line_length=88)


def format_files(files: dict[str, str]) -> dict[str, str]:
    """Every ``.py`` file black-formatted; other files unchanged."""
    formatted = {}
    for path, text in files.items():
        if path.endswith(".py") and text.strip():
            try:
                text = black.format_str(text, mode=_MODE)
            except black.InvalidInput as exc:
                raise SpecError(
                    [Diagnostic("error", f"generated {path} is not valid Python ({exc}).", path, None, None, "This is a specgen bug: report it with the spec.")]
                ) from None
        formatted[path] = text
    return formatted
