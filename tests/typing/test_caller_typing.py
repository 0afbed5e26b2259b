"""The typing test of issue 12, item 6: caller code checked with ``mypy --strict``.

Each file under ``callers/`` is code a user would write against the committed
generated packages (generated/<pkg>/<pkg>). One mypy run checks all of them, with
pydantic's plugin typing each model's constructor (as in
tests/workflow/test_surface_property.py). Then, line by line:

* a line ending in ``# E: <text>`` is a wrong use: mypy must report an error on that
  line whose message contains <text> (a marker that stops being caught fails);
* a line ending in ``# PENDING: <text>`` is a wrong use today's generated code does
  not catch yet (issue 12 will): mypy must report nothing there, and when it starts
  to, the test fails so that the marker is flipped to ``# E:``;
* any other line is a right use: mypy must report nothing on it.

A wrong use must fit on one line: mypy reports a call's errors on its first line.

The committed packages themselves must also be ``mypy --strict`` clean.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CALLERS = Path(__file__).resolve().parent / "callers"
PACKAGES = ("zoom_users", "zoom_phone_users", "genesys_users")
CALLER_FILES = sorted(CALLERS.glob("*.py"))

MYPY_CONFIG = """\
[mypy]
plugins = pydantic.mypy
# A call to a pager's earlier name (kept as a @deprecated alias) is reported, as a caller's editor would.
enable_error_code = deprecated

[pydantic-mypy]
init_typed = True
init_forbid_extra = True
"""

_MARKER = re.compile(r"#\s*(E|PENDING):\s*(.*?)\s*$")
_ERROR = re.compile(r"^(?P<path>.+?):(?P<line>\d+): error: (?P<message>.*)$")


@dataclass(frozen=True)
class Marker:
    kind: str  # "E": must be reported; "PENDING": must not be reported yet
    text: str  # the substring mypy's message must contain (for "E")


def markers(source: str) -> dict[int, Marker]:
    """The ``# E:`` / ``# PENDING:`` markers of a caller file, by line number.

    Only real comments count (read with tokenize), not text inside a string.
    """
    found: dict[int, Marker] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type != tokenize.COMMENT:
            continue
        match = _MARKER.search(token.string)
        if match:
            if not match.group(2):
                raise ValueError(f"line {token.start[0]}: a {match.group(1)} marker needs the expected text")
            found[token.start[0]] = Marker(match.group(1), match.group(2))
    return found


def parse_mypy(output: str) -> dict[Path, dict[int, list[str]]]:
    """mypy's errors by file and line (notes are left out; the error code is kept in the message)."""
    errors: dict[Path, dict[int, list[str]]] = {}
    for line in output.splitlines():
        match = _ERROR.match(line)
        if match:
            path = Path(match.group("path")).resolve()
            errors.setdefault(path, {}).setdefault(int(match.group("line")), []).append(match.group("message"))
    return errors


def check(source: str, errors: Mapping[int, list[str]]) -> list[str]:
    """Every mismatch between a caller file's markers and mypy's errors for it; [] when they agree."""
    expected = markers(source)
    lines = source.splitlines()
    problems: list[str] = []
    for number, marker in sorted(expected.items()):
        got = errors.get(number, [])
        code = lines[number - 1].split("#")[0].strip()
        if marker.kind == "E":
            if not got:
                problems.append(f"line {number}: wrong use not reported (expected {marker.text!r}): {code}")
            elif not any(marker.text in message for message in got):
                problems.append(f"line {number}: expected an error containing {marker.text!r}, got {got}: {code}")
        elif got:
            problems.append(
                f"line {number}: a PENDING wrong use is now reported ({got}): flip the marker to '# E: ...': {code}"
            )
    for number, got in sorted(errors.items()):
        if number not in expected:
            code = lines[number - 1].strip() if number <= len(lines) else ""
            problems.append(f"line {number}: unexpected error on a right use {got}: {code}")
    return problems


def _mypy(args: list[str], cwd: Path, env_path: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": env_path, "MYPY_FORCE_COLOR": "0", "COLUMNS": "1000"}
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(cwd / ".mypy_cache"), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def caller_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, dict[int, list[str]]]:
    work = tmp_path_factory.mktemp("typing")
    config = work / "mypy.ini"
    config.write_text(MYPY_CONFIG, encoding="utf-8")
    result = _mypy(
        [
            "--config-file",
            str(config),
            "--follow-imports=silent",
            "--show-error-codes",
            "--hide-error-context",
            "--no-error-summary",
            "--no-pretty",
            *(str(path) for path in CALLER_FILES),
        ],
        work,
        os.pathsep.join(str(ROOT / "generated" / package) for package in PACKAGES),
    )
    # 0: no error, 1: errors found; anything else (2) is mypy failing to run.
    assert result.returncode in (0, 1), result.stdout[-3000:] + result.stderr[-3000:]
    errors = parse_mypy(result.stdout)
    strays = [path for path in errors if path not in {caller.resolve() for caller in CALLER_FILES}]
    assert not strays, f"errors outside the caller files: {strays}\n{result.stdout[-3000:]}"
    return errors


def test_there_are_caller_files() -> None:
    names = {path.name for path in CALLER_FILES}
    expected = {"dict_bodies.py", "enum_parameters.py", "omitted_parameters.py"}
    assert {f"{package}_calls.py" for package in PACKAGES} | expected <= names


@pytest.mark.parametrize("caller", CALLER_FILES, ids=lambda path: path.stem)
def test_caller_file(caller: Path, caller_errors: dict[Path, dict[int, list[str]]]) -> None:
    source = caller.read_text(encoding="utf-8")
    assert markers(source), f"{caller.name} marks no wrong use"
    problems = check(source, caller_errors.get(caller.resolve(), {}))
    assert not problems, f"{caller.name}:\n" + "\n".join(problems)


def test_committed_packages_are_mypy_strict_clean(tmp_path: Path) -> None:
    """Issue 12, item 6: the generated packages themselves pass ``mypy --strict``."""
    args: list[str] = []
    for package in PACKAGES:
        args += ["-p", package]
    result = _mypy(args, tmp_path, os.pathsep.join(str(ROOT / "generated" / package) for package in PACKAGES))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


# The harness itself, on synthetic sources and mypy outputs.

SOURCE = """\
api.user("me")
api.user(usr_id="me")  # E: Unexpected keyword argument "usr_id"
api.users(status="actve")  # PENDING: not an allowed status
text = "# E: inside a string is not a marker"
"""


def test_markers_are_read_from_comments_only() -> None:
    assert markers(SOURCE) == {
        2: Marker("E", 'Unexpected keyword argument "usr_id"'),
        3: Marker("PENDING", "not an allowed status"),
    }


def test_a_marker_needs_its_expected_text() -> None:
    with pytest.raises(ValueError, match="needs the expected text"):
        markers("api.user()  # E:\n")


def test_agreement_is_no_problem() -> None:
    errors = {2: ['Unexpected keyword argument "usr_id" for "user" of "UsersApi"  [call-arg]']}
    assert check(SOURCE, errors) == []


def test_a_wrong_use_mypy_misses_is_reported() -> None:
    problems = check(SOURCE, {})
    assert len(problems) == 1 and problems[0].startswith("line 2: wrong use not reported")


def test_a_wrong_use_with_another_message_is_reported() -> None:
    problems = check(SOURCE, {2: ['Missing positional argument "user_id"  [call-arg]']})
    assert len(problems) == 1 and "expected an error containing" in problems[0]


def test_an_error_on_a_right_use_is_reported() -> None:
    errors = {
        1: ['"UsersApi" has no attribute "user"  [attr-defined]'],
        2: ['Unexpected keyword argument "usr_id"  [call-arg]'],
    }
    problems = check(SOURCE, errors)
    assert len(problems) == 1 and problems[0].startswith("line 1: unexpected error on a right use")


def test_a_pending_wrong_use_that_gets_caught_asks_for_the_marker_to_flip() -> None:
    errors = {
        2: ['Unexpected keyword argument "usr_id"  [call-arg]'],
        3: ['Argument "status" to "users" has incompatible type "Literal[\'actve\']"  [arg-type]'],
    }
    problems = check(SOURCE, errors)
    assert len(problems) == 1 and "flip the marker" in problems[0]


def test_mypy_output_is_parsed_by_file_and_line(tmp_path: Path) -> None:
    caller = tmp_path / "caller.py"
    output = (
        f'{caller}:2: error: Unexpected keyword argument "usr_id" for "user" of "UsersApi"; '
        'did you mean "user_id"?  [call-arg]\n'
        f'{caller}:2: note: "user" defined in "zoom_users.api.users_api"\n'
        f"{caller}:7: error: first  [misc]\n"
        f"{caller}:7: error: second  [misc]\n"
        "Found 3 errors in 1 file (checked 1 source file)\n"
    )
    parsed = parse_mypy(output)
    assert list(parsed) == [caller.resolve()]
    assert parsed[caller.resolve()][7] == ["first  [misc]", "second  [misc]"]
    assert len(parsed[caller.resolve()][2]) == 1 and "did you mean" in parsed[caller.resolve()][2][0]
