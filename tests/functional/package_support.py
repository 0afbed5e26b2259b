"""Helpers for tests that generate a package and run what it ships (imported by name)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_own_tests(out: Path) -> str:
    """Run a generated distribution's own tests in ``out``; they must pass. Their output."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    return result.stdout
