"""The committed ``generated/`` tree is exactly what the specs give, every time.

* in memory: ``generate()`` for each configured target equals the committed
  distribution folder byte for byte, with the same set of files;
* through the real CLI, in subprocesses with different ``PYTHONHASHSEED``\\ s:
  the written trees are identical to each other and to the committed one;
* ``specgen check`` passes on the committed tree and, on a copy, reports an
  edited file (with a unified diff) and a deleted one (as missing).
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import Target, load_targets
from generator.lock import LOCK_FILE, read_lock
from generator.pipeline import generate

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
TARGETS = load_targets(PYPROJECT)
HINT = "run `specgen generate` to refresh generated/"

#: Folders that tools create inside a distribution folder; never generated.
#: Folders tools make inside a package folder (caches; `pip install -e` makes
#: NAME.egg-info and build/): not specgen's output, which `check` ignores too.
_CACHE_DIRS = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", "build", "dist"}
_MAX_DIFF_LINES = 200


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative posix path -> bytes), caches excluded."""
    files = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _CACHE_DIRS and not d.endswith(".egg-info"))
        for name in sorted(names):
            path = Path(folder) / name
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def _diff(rel: str, before: bytes | None, after: bytes | None, before_label: str, after_label: str) -> str:
    lines = list(
        difflib.unified_diff(
            (before or b"").decode("utf-8", errors="replace").splitlines(keepends=True),
            (after or b"").decode("utf-8", errors="replace").splitlines(keepends=True),
            fromfile=f"{rel} ({before_label})",
            tofile=f"{rel} ({after_label})",
        )
    )
    if not lines and before != after:  # same text lines, different bytes (e.g. line endings, BOM)
        return f"{rel}: same lines, different bytes ({len(before or b'')} vs {len(after or b'')} bytes)\n"
    if len(lines) > _MAX_DIFF_LINES:
        lines = lines[:_MAX_DIFF_LINES] + [f"... ({len(lines) - _MAX_DIFF_LINES} more diff lines)\n"]
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def tree_differences(
    expected: dict[str, bytes], actual: dict[str, bytes], expected_label: str, actual_label: str
) -> str:
    """A report of how ``actual`` differs from ``expected`` ('' when identical)."""
    report = []
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    if missing:
        report.append(f"only in {expected_label}: {missing}")
    if extra:
        report.append(f"only in {actual_label}: {extra}")
    for rel in sorted(set(expected) & set(actual)):
        if expected[rel] != actual[rel]:
            report.append(_diff(rel, actual[rel], expected[rel], actual_label, expected_label))
    return "\n".join(report)


def _ids(targets: list[Target]) -> list[str]:
    return [t.name for t in targets]


# -- a. in memory vs committed ---------------------------------------------------------------


@pytest.mark.parametrize("target", TARGETS, ids=_ids(TARGETS))
def test_generate_matches_committed_tree(target: Target) -> None:
    # The committed lock is an input: it keeps earlier names (a pager's, as a deprecated alias).
    result = generate(target.spec, target.package, target.options, lock=read_lock(target.out))
    expected = {rel: text.encode("utf-8") for rel, text in result.files.items()}
    committed = read_tree(target.out)
    report = tree_differences(expected, committed, "generate()", f"committed {target.out.relative_to(ROOT).as_posix()}")
    assert not report, f"{target.name}: committed tree differs from the specs' output; {HINT}\n{report}"


# -- b. the CLI, under different hash seeds ---------------------------------------------------


def _cli(args: list[str], *, seed: str | None = None, cwd: Path = ROOT) -> subprocess.Popen[str]:
    env = dict(os.environ)
    env.pop("PYTHONHASHSEED", None)
    if seed is not None:
        env["PYTHONHASHSEED"] = seed
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _finish(process: subprocess.Popen[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    stdout, stderr = process.communicate(timeout=timeout)
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def run_cli(args: list[str], *, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return _finish(_cli(args, cwd=cwd))


@pytest.mark.parametrize("target", TARGETS, ids=_ids(TARGETS))
def test_cli_output_independent_of_hash_seed(target: Target, tmp_path: Path) -> None:
    # Each run regenerates the configured target (with its own options) in a
    # scratch copy of pyproject.toml and specs/, starting from an output folder that
    # holds only the committed lock (an input, as in the in-memory test).
    copies = {}
    for seed in ("0", "12345"):
        copy = tmp_path / f"seed{seed}"
        copy.mkdir()
        shutil.copy2(PYPROJECT, copy / "pyproject.toml")
        shutil.copytree(ROOT / "specs", copy / "specs")
        (copy / target.out.relative_to(ROOT)).mkdir(parents=True)
        shutil.copy2(target.out / LOCK_FILE, copy / target.out.relative_to(ROOT) / LOCK_FILE)
        copies[seed] = copy
    processes = {
        seed: _cli(["generate", "--target", target.name, "--config", str(copy / "pyproject.toml")], seed=seed, cwd=copy)
        for seed, copy in copies.items()
    }
    for seed, process in processes.items():
        done = _finish(process)
        assert (
            done.returncode == 0
        ), f"PYTHONHASHSEED={seed}: {' '.join(done.args)} exited {done.returncode}\n{done.stderr}"
    out = target.out.relative_to(ROOT)
    tree_0, tree_12345 = read_tree(copies["0"] / out), read_tree(copies["12345"] / out)
    assert tree_0, f"nothing was written to {copies['0'] / out}"
    report = tree_differences(tree_0, tree_12345, "PYTHONHASHSEED=0", "PYTHONHASHSEED=12345")
    assert not report, f"{target.name}: output depends on the hash seed\n{report}"

    committed = read_tree(target.out)
    report = tree_differences(tree_0, committed, "CLI", f"committed {out.as_posix()}")
    assert not report, f"{target.name}: CLI output differs from the committed tree; {HINT}\n{report}"


# -- c. specgen check ---------------------------------------------------------------------------


def test_check_passes_on_committed_tree() -> None:
    done = run_cli(["check"])
    assert (
        done.returncode == 0
    ), f"`specgen check` exited {done.returncode} on the committed tree; {HINT}\n{done.stderr}\n{done.stdout}"


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """pyproject.toml, specs/ and generated/ copied to a scratch folder."""
    copy = tmp_path / "repo"
    copy.mkdir()
    shutil.copy2(PYPROJECT, copy / "pyproject.toml")
    ignore = shutil.ignore_patterns(*_CACHE_DIRS)
    shutil.copytree(ROOT / "specs", copy / "specs", ignore=ignore)
    shutil.copytree(ROOT / "generated", copy / "generated", ignore=ignore)
    return copy


def _check_copy(copy: Path, target: Target) -> subprocess.CompletedProcess[str]:
    return run_cli(["check", "--config", str(copy / "pyproject.toml"), "--target", target.name])


def _api_module(target: Target) -> str:
    return f"{target.package}/api/users_api.py"


def test_check_reports_edited_file(repo_copy: Path) -> None:
    target = TARGETS[0]
    out = repo_copy / target.out.relative_to(ROOT)
    rel = _api_module(target)
    edited = out / rel
    edited.write_bytes(edited.read_bytes() + b"# edited by hand\n")

    done = _check_copy(repo_copy, target)
    assert (
        done.returncode == 1
    ), f"`specgen check` exited {done.returncode} after {rel} was edited\n{done.stderr}\n{done.stdout}"
    label = (out / rel).as_posix()
    lines = done.stdout.splitlines()
    assert f"--- {label} (on disk)" in lines, f"no unified diff header for {label}:\n{done.stdout}"
    assert f"+++ {label} (generated)" in lines, f"no unified diff header for {label}:\n{done.stdout}"
    assert "-# edited by hand" in lines, f"the edit is not shown as a removed line:\n{done.stdout}"
    assert any(line.startswith("@@ ") for line in lines), f"no hunk header:\n{done.stdout}"
    # The manifest's hash no longer matches: named as edited by hand.
    assert f"edited: {rel} (edited by hand" in done.stderr, done.stderr


def test_check_reports_deleted_file(repo_copy: Path) -> None:
    target = TARGETS[0]
    out = repo_copy / target.out.relative_to(ROOT)
    rel = f"{target.package}/models.py"
    (out / rel).unlink()

    done = _check_copy(repo_copy, target)
    assert (
        done.returncode == 1
    ), f"`specgen check` exited {done.returncode} after {rel} was deleted\n{done.stderr}\n{done.stdout}"
    assert f"missing: {rel}" in done.stderr, f"{rel} not reported missing:\n{done.stderr}"
