"""Bad input through the CLI: exit 2, one documented paragraph, nothing written.

Every case runs ``specgen generate --spec BAD --out out --package pkg`` from a
temporary folder holding only the bad input, then checks that the command
failed with exit code 2, printed ``FILE:LINE: POINTER: error: MESSAGE HINT``
(no traceback) and left the folder exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

HEAD = 'openapi: 3.0.3\ninfo:\n  title: T\n  version: "1"\n'

#: ``FILE[:LINE][: POINTER]: error: MESSAGE HINT``, one line.
DIAGNOSTIC = re.compile(r"^(?P<file>[^:\n]+?)(?::(?P<line>\d+))?(?:: (?P<pointer>/[^:\n]*))?: error: (?P<text>\S.*)$")


@dataclass
class Case:
    id: str
    files: dict[str, str | bytes]
    spec: str = "bad.yaml"
    file: str | None = "bad.yaml"  # the file the message names
    line: int | None = None
    pointer: str | None = None
    contains: tuple[str, ...] = ()
    package: str = "pkg"
    extra: dict[str, str] = field(default_factory=dict)


CASES = [
    Case(
        "invalid-yaml",
        {"bad.yaml": 'openapi: 3.0.3\ninfo:\n  title: T\n  version: "1"\n bad: indentation\npaths: {}\n'},
        line=5,
        contains=("invalid YAML",),
    ),
    Case(
        "invalid-yaml-unclosed-flow",
        {"bad.yaml": HEAD + "paths:\n  /x: {get: {responses: [\n"},
        line=None,  # the end of the file (7) or where the list opens (6): either helps
        contains=("invalid YAML",),
    ),
    Case(
        "invalid-json",
        {"bad.json": '{\n  "openapi": "3.0.3",\n  "info": {"title": "T",, "version": "1"},\n  "paths": {}\n}\n'},
        spec="bad.json",
        file="bad.json",
        line=3,
        contains=("invalid JSON",),
    ),
    Case("not-a-mapping", {"bad.yaml": "- openapi\n- 3.0.3\n"}, line=1, contains=("not a mapping",)),
    Case("scalar-document", {"bad.yaml": "just some text\n"}, line=1, contains=("not a mapping",)),
    Case(
        "missing-version",
        {"bad.yaml": 'info:\n  title: T\n  version: "1"\npaths: {}\n'},
        line=1,
        contains=("no `openapi` or `swagger` version field",),
    ),
    Case(
        "unsupported-openapi-version",
        {"bad.yaml": 'info:\n  title: T\n  version: "1"\nopenapi: 4.0.0\npaths: {}\n'},
        line=4,
        pointer="/openapi",
        contains=("'4.0.0'",),
    ),
    Case(
        "unsupported-swagger-version",
        {"bad.yaml": 'info:\n  title: T\n  version: "1"\nswagger: "1.2"\npaths: {}\n'},
        line=4,
        pointer="/swagger",
        contains=("'1.2'",),
    ),
    Case(
        "in-body-parameter-in-openapi3",
        {
            "bad.yaml": HEAD + "paths:\n  /x:\n    post:\n      parameters:\n        - name: b\n          in: body\n"
            '          schema:\n            type: object\n      responses:\n        "200":\n          description: OK\n'
        },
        line=10,
        pointer="/paths/~1x/post/parameters/0/in",
        contains=("invalid spec",),
    ),
    Case(
        "response-without-description",
        {"bad.yaml": HEAD + 'paths:\n  /x:\n    get:\n      responses:\n        "200":\n          content: {}\n'},
        line=9,
        pointer="/paths/~1x/get/responses/200",
        contains=("invalid spec",),
    ),
    Case("missing-file", {}, spec="absent.yaml", file="absent.yaml", contains=("no such file",)),
    Case(
        "ref-to-missing-sibling-file",
        {
            "bad.yaml": HEAD + 'paths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: OK\n'
            "          content:\n            application/json:\n              schema:\n"
            "                $ref: 'nothere.yaml#/components/schemas/E'\n"
        },
        line=13,
        pointer="/paths/~1x/get/responses/200/content/application~1json/schema",
        contains=("nothere.yaml", "no such file"),
    ),
    Case(
        "dangling-local-ref",
        {
            "bad.yaml": HEAD + 'paths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: OK\n'
            "          content:\n            application/json:\n              schema:\n"
            "                $ref: '#/components/schemas/Nope'\n"
        },
        line=14,
        pointer="/paths/~1x/get/responses/200/content/application~1json/schema/$ref",
        contains=("#/components/schemas/Nope",),
    ),
    Case(
        "ref-leaving-the-folder",
        {
            "api/bad.yaml": HEAD
            + 'paths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: OK\n'
            "          content:\n            application/json:\n              schema:\n"
            "                $ref: '../outside.yaml#/components/schemas/E'\n",
            "outside.yaml": "components:\n  schemas:\n    E: {type: string}\n",
        },
        spec="api/bad.yaml",
        file="api/bad.yaml",
        line=13,
        pointer="/paths/~1x/get/responses/200/content/application~1json/schema",
        contains=("../outside.yaml", "leaves the spec's folder"),
    ),
    Case(
        "remote-ref",
        {
            "bad.yaml": HEAD + 'paths:\n  /x:\n    get:\n      responses:\n        "200":\n          description: OK\n'
            "          content:\n            application/json:\n              schema:\n"
            "                $ref: 'https://example.com/common.yaml#/components/schemas/E'\n"
        },
        line=13,
        pointer="/paths/~1x/get/responses/200/content/application~1json/schema",
        contains=("https://example.com/common.yaml",),
    ),
    Case(
        "non-utf8",
        {"bad.yaml": (HEAD + "x-note: café\npaths: {}\n").encode("latin-1")},
        line=5,
        contains=("not UTF-8",),
    ),
    Case(
        "lone-surrogate",
        {
            "bad.json": '{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": '
            '{"description": "x \\ud800 y", "responses": {"200": {"description": "ok"}}}}}}'
        },
        spec="bad.json",
        file="bad.json",
        pointer="/paths/~1a/get/description",
        contains=("surrogate",),
    ),
]


def _snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under root, with a digest of each file's bytes."""
    found = {}
    for folder, dirs, names in os.walk(root):
        for name in dirs:
            found[os.path.relpath(os.path.join(folder, name), root) + "/"] = "dir"
        for name in names:
            path = Path(folder) / name
            found[os.path.relpath(path, root)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@dataclass
class Outcome:
    exit_code: int
    stdout: str
    stderr: str
    exception: BaseException | None


def _generate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str, package: str = "pkg") -> Outcome:
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)
    result = CliRunner().invoke(main, ["generate", "--spec", spec, "--out", "out", "--package", package])
    assert not (tmp_path / "out").exists(), "a failed run created the output folder"
    assert _snapshot(tmp_path) == before, "a failed run changed the folder"
    return Outcome(result.exit_code, result.stdout, result.stderr, result.exception)


def _write(tmp_path: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _check_paragraph(outcome: Outcome) -> re.Match[str]:
    assert outcome.exit_code == 2, (outcome.exit_code, outcome.stderr)
    assert isinstance(outcome.exception, SystemExit)
    text = outcome.stdout + outcome.stderr
    assert "Traceback" not in text
    assert "internal error" not in text
    assert outcome.stdout == ""
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1, outcome.stderr
    match = DIAGNOSTIC.match(lines[0])
    assert match, f"not in the documented form: {lines[0]!r}"
    # a message in sentences, and a hint after it that says what to do
    assert re.search(r"\. \S.*\.$", match["text"]), f"no what-to-do hint: {match['text']!r}"
    return match


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_fails_cleanly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: Case) -> None:
    _write(tmp_path, case.files)
    outcome = _generate(tmp_path, monkeypatch, case.spec, case.package)
    match = _check_paragraph(outcome)
    assert match["file"] == case.file
    if case.line is not None:
        assert match["line"] is not None and int(match["line"]) == case.line, outcome.stderr
    if case.pointer is not None:
        assert match["pointer"] == case.pointer, outcome.stderr
    if case.id != "missing-file":  # a file that is not there has no line to show
        assert match["line"] is not None or match["pointer"] is not None, f"no line or pointer: {outcome.stderr!r}"
    for text in case.contains:
        assert text in match["text"]


# Exact texts, checked by eye: where, what is wrong, and what to do.
EXACT = {
    "not-a-mapping": "bad.yaml:1: error: the document is not a mapping. "
    'A spec starts with `openapi: 3.x` or `swagger: "2.0"` at the top level.',
    "invalid-yaml": "bad.yaml:5: error: invalid YAML: did not find expected key. Fix the syntax at that line.",
    "unsupported-openapi-version": "bad.yaml:4: /openapi: error: unsupported spec version '4.0.0'. "
    'specgen reads `swagger: "2.0"`, `openapi: 3.0.x` and `openapi: 3.1.x`.',
    "missing-version": "bad.yaml:1: /: error: no `openapi` or `swagger` version field. "
    'specgen reads `swagger: "2.0"`, `openapi: 3.0.x` and `openapi: 3.1.x`.',
    "missing-file": "absent.yaml: error: no such file. Check the path.",
    "ref-leaving-the-folder": "api/bad.yaml:13: /paths/~1x/get/responses/200/content/application~1json/schema: "
    "error: $ref '../outside.yaml#/components/schemas/E' leaves the spec's folder. "
    "Keep referenced files in the spec's folder or below it.",
    "ref-to-missing-sibling-file": "bad.yaml:13: /paths/~1x/get/responses/200/content/application~1json/schema: "
    "error: $ref 'nothere.yaml#/components/schemas/E': no such file nothere.yaml. Check the relative path.",
    "remote-ref": "bad.yaml:13: /paths/~1x/get/responses/200/content/application~1json/schema: "
    "error: remote $ref 'https://example.com/common.yaml#/components/schemas/E' is not fetched. "
    "Download the file next to the spec and refer to it by relative path.",
}


@pytest.mark.parametrize("case_id", sorted(EXACT))
def test_exact_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case_id: str) -> None:
    case = next(c for c in CASES if c.id == case_id)
    _write(tmp_path, case.files)
    outcome = _generate(tmp_path, monkeypatch, case.spec, case.package)
    assert outcome.exit_code == 2
    assert outcome.stderr == EXACT[case_id] + "\n"


@pytest.mark.parametrize(
    ("case_id", "reason"),
    [
        # the README's example of this very error reads "'body' is not one of [...]"
        ("in-body-parameter-in-openapi3", "'body' is not one of"),
        ("response-without-description", "'description' is a required property"),
    ],
    ids=["in-body", "no-description"],
)
def test_validation_message_says_what_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case_id: str, reason: str
) -> None:
    # openapi-spec-validator knows the reason (in the error's context); the
    # message must give it, not only "<the node> is not valid under any of the
    # given schemas", which leaves the user guessing what to fix.
    case = next(c for c in CASES if c.id == case_id)
    _write(tmp_path, case.files)
    match = _check_paragraph(_generate(tmp_path, monkeypatch, case.spec))
    assert reason in match["text"], match["text"]


@pytest.mark.parametrize("package", ["Bad-Name", "2pkg"])
def test_invalid_package_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    _write(tmp_path, {"good.yaml": HEAD + "paths: {}\n"})
    outcome = _generate(tmp_path, monkeypatch, "good.yaml", package)
    assert outcome.exit_code == 2
    assert "Traceback" not in outcome.stdout + outcome.stderr
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1
    assert repr(package) in lines[0]
    assert "--package" in lines[0]
    assert "e.g. zoom_users" in lines[0]  # what to do
    # The name came from the command line: blaming pyproject.toml misleads.
    assert "pyproject.toml" not in lines[0], lines[0]


def test_failed_run_leaves_an_existing_output_folder_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(
        tmp_path,
        {"bad.yaml": "openapi: 4.0.0\n", "out/keep.txt": "mine\n", "out/pkg/__init__.py": "# Generated by specgen\n"},
    )
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)
    result = CliRunner().invoke(main, ["generate", "--spec", "bad.yaml", "--out", "out", "--package", "pkg"])
    assert result.exit_code == 2
    assert _snapshot(tmp_path) == before


def test_partial_ad_hoc_options_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, {"good.yaml": HEAD + "paths: {}\n"})
    monkeypatch.chdir(tmp_path)
    before = _snapshot(tmp_path)
    result = CliRunner().invoke(main, ["generate", "--spec", "good.yaml", "--package", "pkg"])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        ": error: --spec, --out and --package go together. Give all three, or none to use pyproject.toml.\n"
    )
    assert _snapshot(tmp_path) == before


def test_real_process_exit_code_and_stderr(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text('info:\n  title: T\nopenapi: "4.0.0"\npaths: {}\n', encoding="utf-8")
    before = _snapshot(tmp_path)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", "bad.yaml", "--out", "out", "--package", "pkg"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith("bad.yaml:3: /openapi: error: unsupported spec version '4.0.0'.")
    assert "Traceback" not in done.stderr
    assert _snapshot(tmp_path) == before
