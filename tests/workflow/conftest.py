"""Shared helpers of the workflow tests: spec copies, tmp projects, the CLI.

The tests never touch ``specs/`` or ``generated/``: every spec is a copy
(mutated with PyYAML) in a tmp folder with its own minimal pyproject.toml, and
the CLI runs in-process through :class:`click.testing.CliRunner` with
``--config`` pointing at that pyproject (no chdir needed).

Helpers are handed out through the ``wf`` fixture (the project runs pytest in
importlib mode, where a conftest cannot be imported by the test modules).
"""

from __future__ import annotations

import copy
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
SPECS = ROOT / "specs"
ZOOM_USERS = SPECS / "zoom_users.yaml"
ZOOM_PHONE_USERS = SPECS / "zoom_phone_users.yaml"

_CACHE: dict[Path, dict[str, Any]] = {}


def load_spec(path: Path) -> dict[str, Any]:
    """A fresh deep copy of a spec as plain data (parsed once per session)."""
    if path not in _CACHE:
        _CACHE[path] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return copy.deepcopy(_CACHE[path])


def write_spec(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def make_project(
    root: Path,
    spec: Path | dict[str, Any],
    package: str,
    *,
    target: str = "t",
    out: str = "out",
    options: str = "",
) -> Path:
    """``root`` with ``spec.yaml`` (a copy) and a pyproject.toml naming one target; returns the pyproject."""
    root.mkdir(parents=True, exist_ok=True)
    if isinstance(spec, Path):
        shutil.copyfile(spec, root / "spec.yaml")
    else:
        write_spec(root / "spec.yaml", spec)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(
        f'[tool.specgen.targets.{target}]\nspec = "spec.yaml"\nout = "{out}"\npackage = "{package}"\n{options}',
        encoding="utf-8",
    )
    return pyproject


def cli(*args: str | Path) -> Result:
    """``specgen ARGS`` in-process; stdout and stderr stay apart."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def generate(pyproject: Path, *extra: str) -> Result:
    return cli("generate", "--config", pyproject, *extra)


def check(pyproject: Path) -> Result:
    return cli("check", "--config", pyproject)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (relative POSIX path -> bytes), caches left out."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def operation(spec: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    return spec["paths"][path][method]


HELPERS = SimpleNamespace(
    ROOT=ROOT,
    ZOOM_USERS=ZOOM_USERS,
    ZOOM_PHONE_USERS=ZOOM_PHONE_USERS,
    load_spec=load_spec,
    write_spec=write_spec,
    make_project=make_project,
    cli=cli,
    generate=generate,
    check=check,
    snapshot=snapshot,
    sha256_file=sha256_file,
    operation=operation,
)


@pytest.fixture(scope="session")
def wf() -> SimpleNamespace:
    return HELPERS


@pytest.fixture(scope="session")
def copy_tree() -> Callable[[Path, Path], Path]:
    """Copy a generated project (spec, pyproject and output) to a fresh folder."""

    def run(source: Path, dest: Path) -> Path:
        shutil.copytree(source, dest, ignore=shutil.ignore_patterns("__pycache__"))
        return dest

    return run
