"""Messages a newcomer reads first: command summaries and missing-file errors say the right thing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_help_shows_whole_command_summaries() -> None:
    code, text = run("--help")
    assert code == 0
    assert "..." not in text.split("Commands:", 1)[1]
    for command in ("generate", "check", "diff", "ir"):
        assert f"  {command} " in text


def test_missing_spec_for_ir_does_not_talk_about_targets(tmp_path: Path) -> None:
    code, text = run("ir", str(tmp_path / "missing.yaml"))
    assert code == 2
    assert "no such file" in text and "pyproject" not in text and "target" not in text


def test_diff_with_an_unknown_old_says_it_may_be_a_target(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.specgen.targets.api]\nspec = "s.yaml"\nout = "o"\npackage = "p"\n', encoding="utf-8")
    (tmp_path / "new.yaml").write_text("openapi: 3.0.3\n", encoding="utf-8")
    code, text = run("diff", "nope", str(tmp_path / "new.yaml"), "--config", str(pyproject))
    assert code == 2
    assert "neither a spec file nor the name of a configured target" in text and "api" in text


def test_configured_target_with_a_missing_spec_names_pyproject(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[tool.specgen.targets.api]\nspec = "s.yaml"\nout = "o"\npackage = "p"\n', encoding="utf-8")
    code, text = run("generate", "--config", str(pyproject))
    assert code == 2
    assert "[tool.specgen.targets.api]" in text and "internal error" not in text


def test_a_long_run_in_ci_says_it_is_still_working(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Output is not a terminal here (as in CI): a target that takes a while shows its phase now and then.
    import generator.run

    monkeypatch.setattr(generator.run, "HEARTBEAT", 0.05)
    spec = Path(__file__).resolve().parents[2] / "specs" / "zoom_users.yaml"
    result = CliRunner().invoke(
        main, ["generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--package", "beat_client"]
    )
    assert result.exit_code == 0, result.output
    beats = [line for line in result.output.splitlines() if line.startswith("ad hoc: still working (")]
    assert beats, result.output
    assert all(line.endswith(" s) ...") for line in beats)
