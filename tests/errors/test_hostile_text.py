"""Spec text and file names that try to break out of the format they land in.

The spec's file name, title, version, tags, summaries, descriptions, server
URL, paths and security scheme names reach Python comments and docstrings,
TOML, Markdown and JSON. Each hostile value here tries to end its comment,
string or table cell and start something of its own (code that runs on
import, a TOML table, an HTML element or a live link). The package must come
out whole: every Python file parses and imports without running the payload,
the TOML and JSON parse with the values intact, and the Markdown shows the
text as text.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from generator.cli import main

#: The payload: creates a file named PWNED in the working folder if it ever runs.
RUN = 'import os; os.system("touch PWNED")'
HOSTILE = [
    f"\n{RUN}\n",
    f'"""\n{RUN}\n"""',
    "'''",
    "-->\n<script>alert(1)</script><!--",
    "[click](javascript:alert(1))",
    "`code` | cell | **bold**",
    "\r\x00\x7f\u2028\u2029\x85\x0c\\",
    '[tool.evil]\nx = "1"',
    'ends in a quote"',
]
TEXT = " ".join(HOSTILE)


def hostile_spec() -> dict[str, object]:
    return {
        "openapi": "3.0.3",
        "info": {"title": f"Evil {TEXT} API", "version": f"1.0 {TEXT}", "description": TEXT},
        "servers": [{"url": "https://api.example.test/v1"}],
        "tags": [{"name": 'Items"', "description": TEXT}],
        "components": {
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key", "description": TEXT}},
            "schemas": {
                "Item": {
                    "type": "object",
                    "description": TEXT,
                    "title": TEXT,
                    "properties": {"name": {"type": "string", "description": TEXT, "example": TEXT}},
                }
            },
        },
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": "getItem",
                    "tags": ['Items"'],
                    "summary": TEXT,
                    "description": TEXT,
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                            "description": TEXT,
                        },
                        {"name": "q", "in": "query", "schema": {"type": "string", "enum": ["a", TEXT]}},
                    ],
                    "responses": {
                        "200": {
                            "description": TEXT,
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}},
                        }
                    },
                }
            }
        },
    }


SPEC_NAMES = [
    f"api\n{RUN}\n.json",
    'api"""\n' + RUN + '\n""".json',
    "api -->\n<script>x<\\x2fscript>-- --.json",
    'api\n[tool.evil]\nx = "1"\n.json',
]


@pytest.fixture(scope="module", params=range(len(SPEC_NAMES)), ids=["newline", "docstring", "html", "toml"])
def package(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("hostile")
    spec = root / SPEC_NAMES[request.param]
    spec.write_text(json.dumps(hostile_spec()), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["generate", "--spec", str(spec), "--out", str(root / "out"), "--package", "evil"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return root / "out"


def test_python_parses_and_runs_no_spec_text(package: Path) -> None:
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute):
                assert node.attr != "system", f"{path}: spec text became code"
    # Import it and run its own generated tests in a fresh interpreter: nothing runs the payload.
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=package,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert not (package / "PWNED").exists()


def test_toml_parses_and_keeps_the_text(package: Path) -> None:
    data = tomllib.loads((package / "pyproject.toml").read_text(encoding="utf-8"))
    assert "evil" not in data.get("tool", {})
    assert data["project"]["description"] == f"Typed Python client for Evil {TEXT} API 1.0 {TEXT}"


def test_json_parses(package: Path) -> None:
    manifest = json.loads((package / "evil" / "specgen_manifest.json").read_text(encoding="utf-8"))
    assert manifest["spec"]["title"] == f"Evil {TEXT} API"
    json.loads((package / "specgen.lock.json").read_text(encoding="utf-8"))


def test_markdown_shows_text_as_text(package: Path) -> None:
    pages = [package / "README.md", *sorted((package / "docs").glob("*.md"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        first, rest = text.split("\n", 1)
        assert re.fullmatch(r"<!-- (?:(?!--).)* -->", first), f"{page.name}: the header comment is broken: {first!r}"
        # Below the header comment, outside code spans (where nothing renders): no live HTML element
        # or script link.
        rest = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", rest)
        assert not re.search(r"(?<!\\)<\s*script", rest, re.IGNORECASE), page.name
        assert not re.search(r"(?<!\\)\]\(\s*javascript:", rest, re.IGNORECASE), page.name
        for control in "\x00\x7f\u2028\u2029\x85\x0c\r":
            assert control not in text, (page.name, control)


def test_generated_code_is_lint_and_type_clean(package: Path) -> None:
    venv_bin = Path(sys.executable).parent
    done = subprocess.run(
        [str(venv_bin / "black"), "--check", "-q", "-l", "88", "--target-version", "py311", str(package)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, "black would reformat: " + done.stderr[-2000:]
    done = subprocess.run(
        [str(venv_bin / "mypy"), "--strict", "--no-incremental", "evil"],
        cwd=package,
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    done = subprocess.run(
        [str(venv_bin / "ruff"), "check", "--no-cache", "."], cwd=package, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:]
