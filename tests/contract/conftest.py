"""Contract tests: every operation of every target against its own spec.

The generated packages are imported from the source tree: each target's
distribution folder (``generated/<dist>``) goes first on ``sys.path``, as does
this folder (for ``contract_support``). Nothing is installed and nothing
leaves the process: requests go to an ``httpx.MockTransport``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from generator.config import load_targets

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

for _folder in [
    HERE,
    *(target.out for target in load_targets(ROOT / "pyproject.toml")),
]:
    _path = str(_folder)
    if _path in sys.path:
        sys.path.remove(_path)
    sys.path.insert(0, _path)

_CONTRACT_TEST = "test_operation_contract["
_outcomes: dict[str, str] = {}


def pytest_runtest_logreport(report: Any) -> None:
    if _CONTRACT_TEST in report.nodeid and (report.when == "call" or report.outcome != "passed"):
        _outcomes[report.nodeid] = report.outcome


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not _outcomes:
        return
    import contract_support

    total = len(contract_support.cases())
    passed = sum(1 for outcome in _outcomes.values() if outcome == "passed")
    terminalreporter.write_line(
        f"contract: {passed}/{total} operations of {len(contract_support.targets())} target(s) "
        f"passed ({len(_outcomes)} run)"
    )
