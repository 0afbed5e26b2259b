"""`specgen check` answers "current" from the manifest's fingerprint without rendering,
and renders (so reports precisely) whenever anything that determines the output changed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import generator.pipeline
from generator import fingerprint as fingerprint_module

PACKAGE = "zu"
MANIFEST = f"{PACKAGE}/specgen_manifest.json"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, wf: SimpleNamespace) -> SimpleNamespace:
    """A target whose spec keeps one schema in a sibling file, with a template override."""
    root = tmp_path_factory.mktemp("fingerprint")
    spec = wf.load_spec(wf.ZOOM_USERS)
    name, schema = next(iter(spec["components"]["schemas"].items()))
    (root / "common.yaml").write_text(json.dumps({name: schema}), encoding="utf-8")
    spec["components"]["schemas"][name] = {"$ref": f"common.yaml#/{name}"}
    (root / "overrides").mkdir()
    (root / "overrides" / "conftest.py.jinja").write_text("# {{ ctx.header }}\n# overridden\n", encoding="utf-8")
    pyproject = wf.make_project(root, spec, PACKAGE, options='templates = "overrides"\n')
    result = wf.generate(pyproject)
    assert result.exit_code == 0, result.output
    return SimpleNamespace(root=root)


@pytest.fixture
def project(base: SimpleNamespace, tmp_path: Path, copy_tree: Callable[..., Path]) -> SimpleNamespace:
    root = copy_tree(base.root, tmp_path / "project")
    return SimpleNamespace(root=root, out=root / "out", pyproject=root / "pyproject.toml")


@pytest.fixture
def no_rendering(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records each render; the fast path must leave it empty."""
    calls: list[str] = []
    real = generator.pipeline.generate

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(generator.pipeline, "generate", counting)
    return calls


def test_manifest_records_every_spec_file_and_a_fingerprint(project: SimpleNamespace, wf: SimpleNamespace) -> None:
    manifest = json.loads((project.out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["inputs"] == {
        "spec.yaml": wf.sha256_file(project.root / "spec.yaml"),
        "common.yaml": wf.sha256_file(project.root / "common.yaml"),
    }
    assert len(manifest["fingerprint"]) == 64


def test_unchanged_target_is_current_without_rendering(
    project: SimpleNamespace, wf: SimpleNamespace, no_rendering: list[str]
) -> None:
    result = wf.check(project.pyproject)
    assert result.exit_code == 0, result.output
    assert "t: up to date (fingerprint)" in result.stderr
    assert no_rendering == []


def test_full_always_renders(project: SimpleNamespace, wf: SimpleNamespace, no_rendering: list[str]) -> None:
    result = wf.cli("check", "--config", project.pyproject, "--full")
    assert result.exit_code == 0, result.output
    assert "t: up to date" in result.stderr and "(fingerprint)" not in result.stderr
    assert len(no_rendering) == 1


def _edit_referenced_file(project: SimpleNamespace) -> None:
    common = project.root / "common.yaml"
    data = json.loads(common.read_text(encoding="utf-8"))
    schema = next(iter(data.values()))
    schema.setdefault("properties", {})["added_by_test"] = {"type": "string"}
    common.write_text(json.dumps(data), encoding="utf-8")


def _edit_override(project: SimpleNamespace) -> None:
    path = project.root / "overrides" / "conftest.py.jinja"
    path.write_text(path.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")


def _change_option(project: SimpleNamespace) -> None:
    text = project.pyproject.read_text(encoding="utf-8")
    project.pyproject.write_text(text + 'project_name = "renamed"\n', encoding="utf-8")


@pytest.mark.parametrize(
    "change, stale_file",
    [
        (_edit_referenced_file, f"{PACKAGE}/models.py"),
        (_edit_override, "tests/conftest.py"),
        (_change_option, "pyproject.toml"),
    ],
    ids=["referenced-spec-file", "template-override", "option"],
)
def test_a_change_to_any_input_renders_and_reports(
    project: SimpleNamespace,
    wf: SimpleNamespace,
    no_rendering: list[str],
    change: Callable[[SimpleNamespace], None],
    stale_file: str,
) -> None:
    change(project)
    result = wf.check(project.pyproject)
    assert result.exit_code == 1, result.output
    assert f"  stale: {stale_file}" in result.stderr
    assert len(no_rendering) == 1


def test_a_new_tool_version_renders(
    project: SimpleNamespace, wf: SimpleNamespace, no_rendering: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    versions = dict(fingerprint_module._tool_versions())
    versions["black"] = "0.0.1"
    monkeypatch.setattr(fingerprint_module, "_tool_versions", lambda: versions)
    result = wf.check(project.pyproject)
    assert len(no_rendering) == 1
    assert result.exit_code == 1  # the manifest's fingerprint is what changed
    assert f"  stale: {MANIFEST}" in result.stderr


def test_hand_edited_file_is_still_reported(
    project: SimpleNamespace, wf: SimpleNamespace, no_rendering: list[str]
) -> None:
    edited = project.out / "docs" / "UsersApi.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "\nmy note\n", encoding="utf-8")
    result = wf.check(project.pyproject)
    assert result.exit_code == 1, result.output
    assert "  edited: docs/UsersApi.md" in result.stderr
    assert len(no_rendering) == 1


def test_deleted_file_is_still_reported(project: SimpleNamespace, wf: SimpleNamespace) -> None:
    (project.out / PACKAGE / "models.py").unlink()
    result = wf.check(project.pyproject)
    assert result.exit_code == 1, result.output
    assert f"  missing: {PACKAGE}/models.py" in result.stderr


def test_a_manifest_forging_inputs_outside_the_spec_folder_is_not_followed(
    project: SimpleNamespace, wf: SimpleNamespace, no_rendering: list[str]
) -> None:
    path = project.out / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["inputs"]["../../etc/passwd"] = "0" * 64
    path.write_text(json.dumps(manifest), encoding="utf-8")
    result = wf.check(project.pyproject)
    assert len(no_rendering) == 1  # not trusted: rendered and compared instead
    assert result.exit_code == 1
    assert f"  stale: {MANIFEST}" in result.stderr
