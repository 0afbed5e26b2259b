"""Deeply nested input is refused with a message, never a crash.

The C YAML loader composes nodes recursively in C: 50,000 nested ``[`` (100 KB)
overflowed the C stack and killed the process (exit 139) before the depth check
on the parsed data ran. Each case runs the CLI in a subprocess so that a
segfault fails the test instead of taking pytest down with it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

HEAD = 'openapi: 3.0.3\ninfo:\n  title: T\n  version: "1"\n'
ROOT = Path(__file__).resolve().parents[2]


def _ir(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "ir", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=path.parent,
        timeout=120,
    )


CASES = {
    "yaml-flow-sequences": ("deep.yaml", HEAD + "x: " + "[" * 50_000 + "\n", 5, "YAML"),
    "yaml-flow-mappings": ("deep.yaml", HEAD + "x: " + "{a: " * 50_000 + "\n", 5, "YAML"),
    "yaml-block-sequences": ("deep.yaml", HEAD + "x:\n  " + "- " * 50_000 + "x\n", 6, "YAML"),
    "yaml-file-of-brackets": ("deep.yaml", "[" * 50_000 + "\n", 1, "JSON"),
    "json-50k": ("deep.json", '{"openapi": "3.0.3",\n"x": ' + "[" * 50_000 + "\n", 2, "JSON"),
    "json-1m": ("deep.json", '{"openapi": "3.0.3",\n"x": ' + "[" * 1_000_000 + "\n", 2, "JSON"),
    "json-balanced": ("deep.json", '{"a":\n' + "[" * 50_000 + "]" * 50_000 + "}\n", 2, "JSON"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_deep_nesting_is_a_spec_error(tmp_path: Path, case: str) -> None:
    name, text, line, kind = CASES[case]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = _ir(path)
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = result.stderr.strip().splitlines()
    expected = (
        f"{name}:{line}: error: the {kind} nests deeper than 200 levels. "
        "Flatten the document (real specs stay below 40 levels); move deep parts to named schemas."
    )
    assert lines == [expected]


BRACKETY = "[[[[{{{{ [{ " * 40  # far more openers than the depth limit, none of them nesting

TEXT_SPEC = HEAD + f"""  description: "{BRACKETY}"
  x-plain: see {BRACKETY}
  x-single: '{BRACKETY}'
  x-block: |
    {BRACKETY}
    {BRACKETY}
  x-folded: >-
    {BRACKETY}
# {BRACKETY}
paths:
  /things:
    get:
      operationId: listThings
      summary: "{BRACKETY}"  # {BRACKETY}
      responses:
        "200":
          description: {BRACKETY.replace("{", "(").replace("[", "(")}
          content:
            application/json:
              schema:
                type: array
                description: '{BRACKETY}'
                items: {{type: string, description: "{BRACKETY}"}}
"""


def test_brackets_in_text_still_load(tmp_path: Path) -> None:
    path = tmp_path / "text.yaml"
    path.write_text(TEXT_SPEC, encoding="utf-8")
    result = _ir(path)
    assert result.returncode == 0, result.stderr
    assert "listThings" in result.stdout or "list_things" in result.stdout


def test_brackets_in_json_strings_still_load(tmp_path: Path) -> None:
    import json

    import yaml

    path = tmp_path / "text.json"
    path.write_text(json.dumps(yaml.safe_load(TEXT_SPEC), indent=1), encoding="utf-8")
    result = _ir(path)
    assert result.returncode == 0, result.stderr
