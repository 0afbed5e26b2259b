"""The output folder is a trust boundary: committed files there may be forged.

The manifest and the lock are committed files that anyone with a pull request
can change, and the folder may hold symbolic links or a person's own files.
Whatever they say, `check` and `generate` read, write and delete nothing
outside ``--out``; a forged entry is an error (exit 2) that names the file,
never a diff of a file elsewhere; a failed write leaves the previous tree.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.write import FileChange, write_tree

PACKAGE = "zu"
MANIFEST = f"{PACKAGE}/specgen_manifest.json"
SECRET = "s3cr3t-token-value-for-the-test"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, wf: SimpleNamespace) -> SimpleNamespace:
    root = tmp_path_factory.mktemp("trust")
    pyproject = wf.make_project(root, wf.ZOOM_USERS, PACKAGE)
    result = wf.generate(pyproject)
    assert result.exit_code == 0, result.output
    return SimpleNamespace(root=root)


@pytest.fixture
def project(base: SimpleNamespace, tmp_path: Path, copy_tree: Callable[..., Path]) -> SimpleNamespace:
    root = copy_tree(base.root, tmp_path / "project")
    return SimpleNamespace(root=root, out=root / "out", pyproject=root / "pyproject.toml", outside=tmp_path)


def forge_manifest(out: Path, **entries: str) -> None:
    path = out / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    data["files"].update(entries)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outside_snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir() if p.is_file()}


# ------------------------------------------------------------------ the manifest lists paths outside --out


def test_manifest_naming_a_file_elsewhere_is_never_read(
    project: SimpleNamespace, wf: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECGEN_TEST_SECRET", SECRET)
    forge_manifest(project.out, **{"/proc/self/environ": "0" * 64})
    before = wf.snapshot(project.out)
    for result in (wf.check(project.pyproject), wf.generate(project.pyproject)):
        assert result.exit_code == 2, result.output
        assert SECRET not in result.output
        assert "tampered" in result.stderr and "specgen_manifest.json" in result.stderr
        assert "/files/~1proc~1self~1environ" in result.stderr  # the JSON pointer of the forged entry
        assert "Traceback" not in result.output and "internal error" not in result.output
    assert wf.snapshot(project.out) == before


@pytest.mark.parametrize(
    "entry",
    ["../victim.txt", "docs/../../victim.txt", "./../victim.txt", "docs//../../victim.txt", "..\\victim.txt"],
)
@pytest.mark.parametrize("force", [False, True])
def test_manifest_naming_a_file_above_out_is_never_deleted(
    project: SimpleNamespace, wf: SimpleNamespace, entry: str, force: bool
) -> None:
    victim = project.root / "victim.txt"
    victim.write_text("keep me\n", encoding="utf-8")
    forge_manifest(project.out, **{entry: sha256(victim)})
    result = wf.generate(project.pyproject, *(["--force"] if force else []))
    assert result.exit_code == 2, result.output
    assert "tampered" in result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me\n"
    assert wf.check(project.pyproject).exit_code == 2


def test_manifest_that_is_not_a_manifest_is_an_error(project: SimpleNamespace, wf: SimpleNamespace) -> None:
    for text in ("not json", '{"files": ["README.md"]}', '{"files": {"README.md": "x"}}'):
        (project.out / MANIFEST).write_text(text, encoding="utf-8")
        result = wf.check(project.pyproject)
        assert result.exit_code == 2, (text, result.output)
        assert "specgen_manifest.json" in result.stderr
        assert "internal error" not in result.output


# ------------------------------------------------------------------ symbolic links


def test_symlinked_folder_inside_out_is_neither_read_nor_written(project: SimpleNamespace, wf: SimpleNamespace) -> None:
    elsewhere = project.outside / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "UsersApi.md").write_text(f"{SECRET}\n", encoding="utf-8")
    for page in (project.out / "docs").iterdir():
        page.unlink()
    (project.out / "docs").rmdir()
    (project.out / "docs").symlink_to(elsewhere, target_is_directory=True)
    before = outside_snapshot(elsewhere)
    for result in (wf.check(project.pyproject), wf.generate(project.pyproject, "--force")):
        assert result.exit_code == 2, result.output
        assert SECRET not in result.output
        assert "symbolic link" in result.stderr and "docs" in result.stderr
    assert outside_snapshot(elsewhere) == before


def test_symlinked_manifest_or_lock_is_not_read(project: SimpleNamespace, wf: SimpleNamespace) -> None:
    secret = project.outside / "secret.json"
    secret.write_text(json.dumps({"files": {}, "lock_version": 1, "token": SECRET}), encoding="utf-8")
    for rel in (MANIFEST, "specgen.lock.json"):
        path = project.out / rel
        original = path.read_bytes()
        path.unlink()
        path.symlink_to(secret)
        result = wf.check(project.pyproject)
        assert result.exit_code == 2, (rel, result.output)
        assert "symbolic link" in result.stderr
        assert SECRET not in result.output
        path.unlink()
        path.write_bytes(original)


def test_symlinked_output_folder_is_refused(project: SimpleNamespace, wf: SimpleNamespace) -> None:
    real = project.outside / "real-out"
    project.out.rename(real)
    project.out.symlink_to(real, target_is_directory=True)
    result = wf.generate(project.pyproject)
    assert result.exit_code == 2, result.output
    assert "symbolic link" in result.stderr


# ------------------------------------------------------------------ the lock


def test_lock_with_a_model_name_that_is_code_is_refused(project: SimpleNamespace, wf: SimpleNamespace) -> None:
    lock_path = project.out / "specgen.lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    name, entry = next(iter(lock["models"].items()))
    del lock["models"][name]
    lock["models"]['X(__import__("os").system("touch PWNED"))'] = entry
    lock_path.write_text(json.dumps(lock), encoding="utf-8")
    before = wf.snapshot(project.out)
    result = wf.generate(project.pyproject)
    assert result.exit_code == 2, result.output
    assert "tampered" in result.stderr and "specgen.lock.json" in result.stderr
    assert wf.snapshot(project.out) == before


@pytest.mark.parametrize(
    "mutate",
    [
        lambda lock: lock["methods"].update({"UsersApi.user": {"operation_id": ["x"], "params": []}}),
        lambda lock: lock["methods"]["UsersApi.user"]["params"].append({"name": 1}),
        lambda lock: lock.update({"models": []}),
        lambda lock: lock["models"].update({"class": {"kind": "object", "origin": "#/x", "fields": {}}}),
    ],
    ids=["operation-id-list", "param-without-fields", "models-not-a-table", "keyword-name"],
)
def test_lock_of_the_wrong_shape_is_an_error(
    project: SimpleNamespace, wf: SimpleNamespace, mutate: Callable[[dict[str, object]], None]
) -> None:
    lock_path = project.out / "specgen.lock.json"
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    mutate(lock)
    lock_path.write_text(json.dumps(lock), encoding="utf-8")
    result = wf.check(project.pyproject)
    assert result.exit_code == 2, result.output
    assert "specgen.lock.json" in result.stderr and "tampered" in result.stderr
    assert "internal error" not in result.output


# ------------------------------------------------------------------ a first generate into a folder with files


def test_first_generate_never_overwrites_existing_files(tmp_path: Path, wf: SimpleNamespace) -> None:
    mine = {
        "README.md": "# My project\n",
        "pyproject.toml": '[project]\nname = "mine"\n',
        "tests/conftest.py": "MINE = True\n",
    }
    for rel, text in mine.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    before = wf.snapshot(tmp_path)
    result = wf.cli("generate", "--spec", wf.ZOOM_USERS, "--out", tmp_path, "--package", "client")
    assert result.exit_code == 2, result.output
    for rel in mine:
        assert rel in result.stderr
    assert "--force" in result.stderr
    assert wf.snapshot(tmp_path) == before  # nothing written, not even the package

    forced = wf.cli("generate", "--spec", wf.ZOOM_USERS, "--out", tmp_path, "--package", "client", "--force")
    assert forced.exit_code == 0, forced.output
    assert (tmp_path / "README.md").read_text(encoding="utf-8") != mine["README.md"]


def test_first_generate_into_a_folder_of_other_files_writes(tmp_path: Path, wf: SimpleNamespace) -> None:
    (tmp_path / "NOTES.md").write_text("mine\n", encoding="utf-8")
    result = wf.cli("generate", "--spec", wf.ZOOM_USERS, "--out", tmp_path, "--package", "client")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "NOTES.md").read_text(encoding="utf-8") == "mine\n"
    assert (tmp_path / "client" / "__init__.py").is_file()


# ------------------------------------------------------------------ writes are all or nothing


def test_a_folder_in_the_way_leaves_the_previous_tree(project: SimpleNamespace, wf: SimpleNamespace) -> None:
    spec = wf.load_spec(project.root / "spec.yaml")
    spec["info"]["version"] = "2.1.0"  # every file's content changes
    wf.write_spec(project.root / "spec.yaml", spec)
    # One file cannot be written: a non-empty folder stands where it goes.
    blocker = project.out / PACKAGE / "api" / "zz_api.py"
    (project.out / "docs" / "UsersApi.md").unlink()
    (project.out / "docs" / "UsersApi.md").mkdir()
    (project.out / "docs" / "UsersApi.md" / "mine.txt").write_text("x", encoding="utf-8")
    before = wf.snapshot(project.out)
    result = wf.generate(project.pyproject)
    assert result.exit_code == 2, result.output
    assert "docs/UsersApi.md" in result.stderr
    assert "internal error" not in result.output
    assert wf.snapshot(project.out) == before
    assert not blocker.exists()
    leftovers = [p for p in project.out.rglob("*") if ".specgen-" in p.name]
    assert leftovers == []


def test_a_failed_rename_puts_every_file_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    old = {"a.py": "a = 1\n", "pkg/b.py": "b = 1\n", "pkg/gone.py": "gone = 1\n", "z.md": "z\n"}
    for rel, text in old.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    new = {"a.py": "a = 2\n", "pkg/b.py": "b = 2\n", "pkg/new/c.py": "c = 2\n", "z.md": "z2\n"}
    changes = [FileChange(rel, "stale", text, old.get(rel)) for rel, text in new.items()]
    changes.append(FileChange("pkg/gone.py", "extra", None, old["pkg/gone.py"]))

    real_replace = os.replace
    calls = []

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(dst)
        if len(calls) == 5:  # in the middle of the swaps
            raise PermissionError(13, "Permission denied", str(dst))
        real_replace(src, dst)

    monkeypatch.setattr("generator.write.compare_tree", lambda out, files: sorted(changes, key=lambda c: c.path))
    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(Exception) as raised:
        write_tree(out, new)
    monkeypatch.setattr(os, "replace", real_replace)
    message = str(raised.value)
    assert "Permission denied" in message and "put back" in message
    on_disk = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()}
    assert on_disk == old
    assert not (out / "pkg" / "new").exists()
