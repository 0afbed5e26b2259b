"""Black's style is the contract of every generated file, whichever formatter wrote it.

The default formatter is ruff's (one process per package, about 200 times
faster than black); these tests hold that its output is black's: black finds
nothing to change in any committed package or in the hostile-spec packages,
and ``formatter = "black"`` writes the very same bytes.
"""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import load_targets
from generator.pipeline import generate

ROOT = Path(__file__).resolve().parents[1]
TARGETS = load_targets(ROOT / "pyproject.toml")


def _black_check(folder: Path) -> subprocess.CompletedProcess[str]:
    black = Path(sys.executable).parent / "black"
    return subprocess.run(
        [str(black), "--check", "--diff", "--quiet", "--line-length", "88", "--target-version", "py311", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_black_finds_nothing_to_change_in_committed_packages(target: object) -> None:
    done = _black_check(ROOT / target.out)  # type: ignore[attr-defined]
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


def test_black_and_ruff_formatters_write_the_same_bytes() -> None:
    target = next(t for t in TARGETS if t.name == "genesys_users")  # the largest
    by_ruff = generate(ROOT / target.spec, target.package, target.options, root=ROOT).files
    black_options = dataclasses.replace(target.options, formatter="black")
    by_black = generate(ROOT / target.spec, target.package, black_options, root=ROOT).files
    python = [path for path in by_ruff if path.endswith(".py")]
    assert len(python) > 10
    differ = [path for path in python if by_ruff[path] != by_black[path]]
    assert differ == []


def test_unknown_formatter_is_refused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from generator.cli import main

    (tmp_path / "pyproject.toml").write_text(
        '[tool.specgen.targets.t]\nspec = "s.yaml"\nout = "o"\npackage = "p"\nformatter = "yapf"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["check", "--config", str(tmp_path / "pyproject.toml")])
    assert result.exit_code == 2, result.output
    assert "formatter" in result.output


DISPUTED = {
    # ruff splits a long annotation at `|`; black parenthesizes it.
    "annotation": (
        "from typing import Any\n\n\nclass GoogleIdentityStsV1betaExchangeTokenRequestModel:\n    pass\n\n\n"
        "def sts(*, body: GoogleIdentityStsV1betaExchangeTokenRequestModel | dict[str, Any] | None = None) -> None:\n"
        "    pass\n"
    ),
    # ruff splits a long subscripted annotation inside its brackets, then at `|`; black parenthesizes it.
    "subscript annotation": (
        "from typing import Literal\n\n\n"
        "def users(*, expand: list[Literal['routingStatus', 'presence', 'integrationPresence', "
        "'conversationSummary', 'outOfOffice', 'geolocation']] | None = None) -> None:\n"
        "    pass\n"
    ),
    # ruff leaves a split conditional expression bare as a tuple element; black parenthesizes it.
    "conditional": (
        "def f(form, _file_part, _is_file_value, form_text):\n"
        "    upload = [(k, _file_part(v) if _is_file_value(v) else (None, form_text(v).encode('utf-8')))\n"
        "              for k, v in (form or {}).items() if v is not None]\n"
        "    return upload\n"
    ),
    # An annotated name too long for its line: ruff leaves it; black parenthesizes the annotation.
    "long annotated name": (
        "from typing import Literal, TypeAlias\n\n"
        "ApplicationPropertiesComputeProfileRolesItemAutoscaleRecurrenceScheduleItemDaysItemDict: TypeAlias = "
        "Literal['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']\n"
    ),
    # The same in one method of a class among others, and in a field of a model: black
    # formats the statements that hold such a line, inside a stand-in class.
    "method of a class": (
        'from typing import Any\n\n\nclass UsersApi:\n    """Users."""\n\n    def a(self) -> None:\n        pass\n\n'
        "    @property\n"
        "    def sts(self, *, body: GoogleIdentityStsV1betaExchangeTokenRequestModel | dict[str, Any] | None = None)"
        " -> None:\n"
        '        """Exchange."""\n\n'
        "    # The last one.\n    def b(self) -> None:\n        pass\n\n\n"
        'class Model:\n    name: str\n    """The name."""\n'
        "    identity_provider_configuration: GoogleIdentityStsV1betaExchangeTokenRequestModel | dict[str, Any]"
        " | None = None\n"
    ),
    # A docstring line that starts with `|` (a table): black reads the docstring in its place.
    "table in a docstring": (
        'class Report:\n    """Columns:\n\n    | name | kind |\n    | ---- | ---- |\n    """\n\n'
        '    def f(self) -> None:\n        """A method.\n\n        | a | b |\n        """\n'
    ),
    # ruff parenthesizes a long assert message; black splits the condition's brackets.
    "assert message": (
        "def handle(seen, answers, request):\n"
        "    assert len(seen) <= len(answers), f'unexpected request {len(seen)}: {request.method} {request.url}'\n"
    ),
}


@pytest.mark.parametrize("source", DISPUTED.values(), ids=list(DISPUTED))
def test_where_ruff_and_black_disagree_black_wins(source: str) -> None:
    import black

    from generator.format import format_files

    expected = black.format_str(source, mode=black.Mode(target_versions={black.TargetVersion.PY311}, line_length=88))
    assert format_files({"pkg/module.py": source}, package="pkg")["pkg/module.py"] == expected
