"""Semantic findings of the validator warn; only structural ones stop generation.

Vendor specs often carry duplicate operationIds, path parameters the path
does not name, or defaults of the wrong type. specgen copes with each, so it
generates and warns, unless ``--strict`` asks it to stop.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

SPEC = """\
openapi: 3.0.3
info: {title: Sloppy, version: "1"}
paths:
  /users:
    get:
      operationId: listUsers
      parameters:
        - {name: page_size, in: query, schema: {type: integer, default: "30"}}
      responses:
        "200": {description: OK}
  /users/{userId}:
    get:
      operationId: listUsers
      parameters:
        - {name: userId, in: path, required: true, schema: {type: string}}
        - {name: orgId, in: path, required: true, schema: {type: string}}
      responses:
        "200": {description: OK}
"""


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "sloppy.yaml"
    path.write_text(SPEC)
    return path


def test_semantic_findings_warn_and_generation_goes_on(spec: Path) -> None:
    result = CliRunner().invoke(main, ["generate", "--spec", "sloppy.yaml", "--out", "out", "--package", "sloppy"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert any("not unique" in line for line in warnings), result.stderr
    assert any("orgId" in line for line in warnings), result.stderr
    assert any("'30' is not of type 'integer'" in line for line in warnings), result.stderr
    assert all(line.startswith("sloppy.yaml") for line in warnings)
    api = (spec.parent / "out" / "sloppy" / "api" / "default_api.py").read_text()
    # The duplicate operationId still gives two methods, told apart.
    assert "def list_users(" in api and "def list_users_get(" in api


def test_strict_stops_on_them_and_writes_nothing(spec: Path) -> None:
    result = CliRunner().invoke(
        main, ["generate", "--strict", "--spec", "sloppy.yaml", "--out", "out", "--package", "sloppy"]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not (spec.parent / "out").exists()


def test_an_unknown_field_is_a_warning_at_the_field(tmp_path: Path) -> None:
    # A top-level key OpenAPI does not define (not x-) says nothing the build reads: the peers generate.
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Extra", "version": "1", "colour": "blue"},
        "paths": {"/a": {"get": {"operationId": "a", "responses": {"200": {"description": "ok"}}}}},
        "extras": {"note": 1},
    }
    spec = tmp_path / "extra.json"
    spec.write_text(json.dumps(doc), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["generate", "--spec", str(spec), "--out", str(tmp_path / "out"), "--package", "extra_client"]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "unknown field" in line]
    assert len(lines) == 2
    assert lines[0].startswith(f"{spec}: /info/colour: warning: unknown field 'colour'") or lines[1].startswith(
        f"{spec}: /info/colour: warning: unknown field 'colour'"
    )
    assert any(line.startswith(f"{spec}: /extras: warning: unknown field 'extras'") for line in lines)
    strict = CliRunner().invoke(
        main, ["generate", "--strict", "--spec", str(spec), "--out", str(tmp_path / "o2"), "--package", "extra_client"]
    )
    assert strict.exit_code == 2
