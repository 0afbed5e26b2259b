"""The ``templates`` option: a folder of templates that replace the same-named defaults."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import Options, load_targets
from generator.diagnostics import GenerationError
from generator.pipeline import Result, generate
from generator.render import template_dir

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "specs" / "zoom_users.yaml"
PACKAGE = "zoom_users"
README_LINE = "Maintained by the platform team; ask in #api-clients."
MACRO_LINE = "# Sent through the overridden signature macro."
RUNTIME_LINE = "# Retry policy overridden for this target."
MANIFEST = f"{PACKAGE}/specgen_manifest.json"


@pytest.fixture(scope="module")
def plain() -> Result:
    return generate(SPEC, PACKAGE, Options())


def _override(folder: Path, name: str, old: str, new: str) -> None:
    """Copy the default template ``name`` into ``folder`` with ``old`` replaced by ``new``."""
    text = (template_dir() / name).read_text(encoding="utf-8")
    assert old in text, f"{name} no longer contains {old!r}; update this test"
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def _differing(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))


@pytest.fixture(scope="module")
def readme_override(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("overrides")
    _override(folder, "README.md.jinja", "## Install\n", f"{README_LINE}\n\n## Install\n")
    return folder


@pytest.fixture(scope="module")
def with_readme(readme_override: Path) -> Result:
    return generate(SPEC, PACKAGE, Options(templates=readme_override))


def test_overridden_template_wins_and_the_rest_is_unchanged(plain: Result, with_readme: Result) -> None:
    assert README_LINE in with_readme.files["README.md"]
    assert README_LINE not in plain.files["README.md"]
    # The manifest records the option and the README's new hash; nothing else moves.
    assert _differing(plain.files, with_readme.files) == ["README.md", MANIFEST]
    assert '"templates": ' in with_readme.files[MANIFEST]
    assert '"templates"' not in plain.files[MANIFEST]


def test_output_with_overrides_is_deterministic(readme_override: Path, with_readme: Result) -> None:
    assert generate(SPEC, PACKAGE, Options(templates=readme_override)).files == with_readme.files


def test_overridden_macro_is_used_by_the_api_module(plain: Result, tmp_path: Path) -> None:
    # api.py.jinja itself comes from the defaults; its `{% import "_macros/signature.jinja" %}`
    # must find the override's copy.
    _override(
        tmp_path,
        "_macros/signature.jinja",
        "{% macro call(op, view, awaited) %}\n",
        "{% macro call(op, view, awaited) %}\n        " + MACRO_LINE + "\n",
    )
    result = generate(SPEC, PACKAGE, Options(templates=tmp_path))
    api_module = result.files[f"{PACKAGE}/api/users_api.py"]
    assert MACRO_LINE in api_module
    assert MACRO_LINE not in plain.files[f"{PACKAGE}/api/users_api.py"]
    compile(api_module, "users_api.py", "exec")
    assert set(_differing(plain.files, result.files)) <= {f"{PACKAGE}/api/users_api.py", MANIFEST}


def test_overridden_runtime_file_is_copied(plain: Result, tmp_path: Path) -> None:
    source = (template_dir() / "runtime" / "retry.py").read_text(encoding="utf-8")
    (tmp_path / "runtime").mkdir()
    (tmp_path / "runtime" / "retry.py").write_text(f"{RUNTIME_LINE}\n{source}", encoding="utf-8")
    result = generate(SPEC, PACKAGE, Options(templates=tmp_path))
    assert RUNTIME_LINE in result.files[f"{PACKAGE}/retry.py"]
    assert _differing(plain.files, result.files) == [f"{PACKAGE}/retry.py", MANIFEST]


def test_empty_override_folder_changes_only_the_manifest(plain: Result, tmp_path: Path) -> None:
    result = generate(SPEC, PACKAGE, Options(templates=tmp_path))
    assert _differing(plain.files, result.files) == [MANIFEST]


def test_missing_override_folder_is_a_spec_error(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_folder"
    with pytest.raises(GenerationError) as caught:
        generate(SPEC, PACKAGE, Options(templates=missing))
    message = str(caught.value)
    assert "templates" in message
    assert missing.as_posix() in message
    assert "does not exist" in message


def test_override_path_that_is_a_file_is_a_spec_error(tmp_path: Path) -> None:
    a_file = tmp_path / "README.md.jinja"
    a_file.write_text("x\n", encoding="utf-8")
    with pytest.raises(GenerationError, match="is not a folder"):
        generate(SPEC, PACKAGE, Options(templates=a_file))


def test_templates_must_be_a_path() -> None:
    with pytest.raises(ValueError, match="templates"):
        Options(templates=3)  # type: ignore[arg-type]


def _project(tmp_path: Path, shared: str, own: str) -> Path:
    shutil.copy2(SPEC, tmp_path / "api.yaml")
    (tmp_path / "pyproject.toml").write_text(
        f"[tool.specgen]\n{shared}\n"
        f'[tool.specgen.targets.client]\nspec = "api.yaml"\nout = "out"\npackage = "{PACKAGE}"\n{own}\n',
        encoding="utf-8",
    )
    return tmp_path / "pyproject.toml"


@pytest.mark.parametrize(("shared", "own"), [('templates = "overrides"', ""), ("", 'templates = "overrides"')])
def test_load_targets_resolves_templates_from_the_pyproject_folder(tmp_path: Path, shared: str, own: str) -> None:
    (target,) = load_targets(_project(tmp_path, shared, own))
    # The option keeps the path as written (so manifests do not depend on where
    # the project lies); it is taken from the pyproject.toml folder.
    assert target.options.templates == Path("overrides")
    assert target.root / target.options.templates == tmp_path / "overrides"


def test_cli_exits_2_naming_option_and_path_for_a_missing_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, "", 'templates = "overrides"')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["generate"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "option templates" in result.stderr
    assert "overrides does not exist" in result.stderr
    assert not (tmp_path / "out").exists()


def test_cli_generates_with_an_override_relative_to_the_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    project.mkdir()
    _project(project, "", 'templates = "overrides"')
    _override(project / "overrides", "README.md.jinja", "## Install\n", f"{README_LINE}\n\n## Install\n")
    monkeypatch.chdir(tmp_path)  # not the project folder: the path is relative to pyproject.toml
    result = CliRunner().invoke(main, ["generate", "--config", "project/pyproject.toml"])
    assert result.exit_code == 0, result.output
    assert README_LINE in (project / "out" / "README.md").read_text(encoding="utf-8")
    check = CliRunner().invoke(main, ["check", "--config", "project/pyproject.toml"])
    assert check.exit_code == 0, check.output


def test_readme_option_table_lists_every_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = [line for line in readme.split("## Configuration", 1)[1].splitlines() if line.startswith("| `")]
    documented = {line.split("`")[1] for line in table}
    assert set(Options().__dataclass_fields__) <= documented, "README.md's option table misses an Options field"
    assert "## Template overrides" in readme


def test_manifest_records_the_templates_option_as_written(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from generator.cli import main

    pyproject = _project(tmp_path, "", 'templates = "overrides"')
    (tmp_path / "overrides").mkdir()
    result = CliRunner().invoke(main, ["generate", "--config", str(pyproject.resolve())])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out" / PACKAGE / "specgen_manifest.json").read_text())
    # Not an absolute path: the same project gives the same manifest anywhere.
    assert manifest["options"]["templates"] == "overrides"
