"""The pre-commit hook other repositories use: .pre-commit-hooks.yaml at the repository root."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _hooks() -> dict[str, dict[str, Any]]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list), ".pre-commit-hooks.yaml must be a list of hooks"
    return {hook["id"]: hook for hook in hooks}


def test_specgen_check_hook() -> None:
    hook = _hooks()["specgen-check"]
    assert hook["name"] == "specgen check"
    assert hook["entry"] == "specgen check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False


def test_hook_entry_is_an_installed_console_script() -> None:
    # language: python installs this repository, so the entry's command must be one of its scripts.
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert shlex.split(_hooks()["specgen-check"]["entry"])[0] in scripts


def test_hook_runs_for_specs_generated_and_pyproject() -> None:
    hook = _hooks()["specgen-check"]
    if hook.get("always_run"):
        return
    files = re.compile(hook["files"])
    for path in ("specs/zoom_users.yaml", "generated/zoom_users/zoom_users/models.py", "pyproject.toml"):
        assert files.search(path), path
    for path in ("README.md", "generator/cli.py", "docs/pyproject.toml"):
        assert not files.search(path), path
