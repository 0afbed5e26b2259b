"""A large spec's semantic checks and models are made in worker processes.

The results must not depend on where they were made: the same warnings, in
the same order, with the same lines, and the same files, whether a worker
made them, failed, or the caller did the work in its own process; and an
interrupted run leaves no worker behind.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import models, pipeline, validate, worker
from generator.cli import main
from generator.diagnostics import Diagnostic, GenerationError
from generator.load import load_spec
from generator.pipeline import generate

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


def test_a_worker_finds_what_the_caller_would(spec: Path) -> None:
    loaded = load_spec(spec)
    here = validate.start_validation(loaded, concurrent=False).result()
    started = validate.start_validation(loaded, concurrent=True)
    assert started._worker is not None, "the semantic checks did not go to a worker"
    there = started.result()
    assert there == here
    assert [d.level for d in there] == ["warning"] * len(there) and len(there) >= 3
    assert all(d.line is not None for d in there)


def test_a_worker_that_fails_is_replaced_by_checking_here(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_spec(spec)
    expected = validate.validate_spec(loaded)
    # An interpreter that exits at once without an answer.
    monkeypatch.setattr(sys, "executable", "/bin/false")
    started = validate.start_validation(loaded, concurrent=True)
    assert started._worker is not None
    assert started.result() == expected


def test_no_interpreter_means_checking_here(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = load_spec(spec)
    expected = validate.validate_spec(loaded)
    monkeypatch.setattr(sys, "executable", "")
    started = validate.start_validation(loaded, concurrent=True)
    assert started._worker is None
    assert started.result() == expected


def test_large_specs_are_checked_beside_the_build(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sequential = generate(spec, "sloppy")
    started: list[object] = []
    real_start = worker.Worker.start

    def counting_start(task: str) -> object:
        started.append(task)
        return real_start(task)

    monkeypatch.setattr(validate, "LARGE_SPEC_BYTES", 0)
    monkeypatch.setattr(pipeline, "MODELS_WORKER_BYTES", 0)
    monkeypatch.setattr(worker.Worker, "start", staticmethod(counting_start))
    concurrent = generate(spec, "sloppy")
    assert sorted(started) == ["models", "semantic"]
    assert concurrent.diagnostics == sequential.diagnostics
    assert concurrent.files == sequential.files


def test_strict_waits_for_the_worker_and_stops(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate, "LARGE_SPEC_BYTES", 0)
    monkeypatch.setattr(pipeline, "MODELS_WORKER_BYTES", 0)
    with pytest.raises(GenerationError) as raised:
        generate(spec, "sloppy", strict=True)
    assert any("not unique" in d.message for d in raised.value.diagnostics)
    result = CliRunner().invoke(
        main, ["generate", "--strict", "--spec", "sloppy.yaml", "--out", "out", "--package", "sloppy"]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert not (spec.parent / "out").exists()


def test_a_failed_build_stops_the_workers(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    workers: list[worker.Worker] = []
    real_start = worker.Worker.start

    def keep(task: str) -> object:
        started = real_start(task)
        assert started is not None
        workers.append(started)
        return started

    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(validate, "LARGE_SPEC_BYTES", 0)
    monkeypatch.setattr(pipeline, "MODELS_WORKER_BYTES", 0)
    monkeypatch.setattr(worker.Worker, "start", staticmethod(keep))
    monkeypatch.setattr(pipeline, "build_api", interrupted)
    with pytest.raises(KeyboardInterrupt):
        generate(spec, "sloppy")
    assert len(workers) == 2
    assert not any(w.running for w in workers), "a worker outlived the run"


def test_models_from_a_failing_worker_are_made_here(spec: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = generate(spec, "sloppy").files
    monkeypatch.setattr(pipeline, "MODELS_WORKER_BYTES", 0)
    monkeypatch.setattr(sys, "executable", "/bin/false")
    assert generate(spec, "sloppy").files == expected


def test_a_model_generator_failure_travels_as_diagnostics(monkeypatch: pytest.MonkeyPatch) -> None:
    failure = GenerationError(
        [Diagnostic("error", "the model generator failed.", None, "/components/schemas", None, "")]
    )

    def failing(document: object, docstring: str) -> object:
        raise failure

    monkeypatch.setattr(models, "_generate", failing)
    made, diagnostics = models.models_in_worker({}, "")
    assert made is None and diagnostics == failure.diagnostics
