"""Spec names that would shadow what the generated code itself refers to.

A parameter called ``int`` or ``list`` must not hide the builtin a method
body passes as ``response_type``; a schema called ``Pager`` or
``OpenStrEnum`` must not replace a runtime class; a tag starting with a digit
must give a class name; a package name must not shadow the standard library
or a runtime dependency.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from generator.cli import main

SHADOWING = ["int", "str", "float", "bool", "bytes", "list", "dict", "date", "datetime", "object", "httpx"]


def hostile_spec() -> dict[str, object]:
    query = [{"name": name, "in": "query", "schema": {"type": "string"}} for name in SHADOWING]
    return {
        "openapi": "3.0.3",
        "info": {"title": "Names", "version": "1"},
        "paths": {
            "/count": {
                "get": {
                    "operationId": "count",
                    "tags": ["3D Models"],
                    "parameters": query,
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "integer"}}}}
                    },
                }
            },
            "/names": {
                "get": {
                    "operationId": "names",
                    "tags": ["3D Models"],
                    "parameters": query,
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}},
                        }
                    },
                }
            },
            "/pager": {
                "get": {
                    "operationId": "getPager",
                    "tags": ["3D Models"],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pager"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Pager": {"type": "object", "properties": {"open": {"$ref": "#/components/schemas/OpenStrEnum"}}},
                "OpenStrEnum": {"type": "string", "enum": ["a", "b"]},
                "ApiModel": {"type": "object", "properties": {"x": {"type": "integer"}}},
                "ApiClient": {"type": "object", "properties": {"y": {"type": "integer"}}},
                "3DModel": {"type": "object", "properties": {"1st": {"type": "string"}}},
            }
        },
    }


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names")
    spec = root / "names.json"
    spec.write_text(json.dumps(hostile_spec()), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["generate", "--spec", str(spec), "--out", str(root / "out"), "--package", "names_client"]
    )
    assert result.exit_code == 0, result.output
    sys.path.insert(0, str(root / "out"))
    yield root / "out"
    sys.path.remove(str(root / "out"))
    for name in [m for m in sys.modules if m == "names_client" or m.startswith("names_client.")]:
        del sys.modules[name]


def _api(package: Path, answer: bytes, seen: list[httpx.Request]) -> object:
    import names_client

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=answer, headers={"content-type": "application/json"})

    config = names_client.Configuration(host="http://127.0.0.1:9")
    client = names_client.ApiClient(config, transport=httpx.MockTransport(handler))
    classes = [
        getattr(names_client, n) for n in names_client.__all__ if n.endswith("Api") and not n.startswith("Async")
    ]
    assert len(classes) == 1
    return classes[0](client)


def test_parameters_named_like_builtins_do_not_shadow_them(package: Path) -> None:
    seen: list[httpx.Request] = []
    api = _api(package, b"3", seen)
    assert api.count() == 3  # type: ignore[attr-defined]
    names = {name: f"v-{name}" for name in SHADOWING}
    renamed = {f"{name}_query": value for name, value in names.items()}
    assert api.count(**renamed) == 3  # type: ignore[attr-defined]
    assert dict(seen[-1].url.params) == names  # the wire names are the spec's
    api = _api(package, b'["a"]', seen)
    assert api.names(list_query="x") == ["a"]  # type: ignore[attr-defined]


def test_runtime_names_are_kept_for_the_runtime(package: Path) -> None:
    import names_client
    from names_client import models
    from names_client.pagination import Pager

    assert names_client.ApiClient.__module__ == "names_client.api_client"
    assert issubclass(models.OpenStrEnumModel, models.OpenStrEnum)  # the runtime base, not itself
    assert models.PagerModel.__name__ == "PagerModel" and Pager.__module__ == "names_client.pagination"
    assert {"ApiModelModel", "ApiClientModel"} <= set(dir(models))


def test_class_names_never_start_with_a_digit(package: Path) -> None:
    import names_client
    from names_client import models

    assert "N3DModelsApi" in names_client.__all__
    assert models.N3DModel.model_validate({"1st": "x"}).field_1st == "x"


def test_package_is_type_and_lint_clean(package: Path) -> None:
    bin_dir = Path(sys.executable).parent
    done = subprocess.run(
        [str(bin_dir / "mypy"), "--strict", "--no-incremental", "names_client"],
        cwd=package,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=package,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.mark.parametrize("name", ["json", "httpx", "typing", "pydantic", "os", "sys", "client\n", "class"])
def test_package_names_that_shadow_a_module_are_refused(tmp_path: Path, name: str) -> None:
    spec = tmp_path / "s.json"
    spec.write_text(json.dumps(hostile_spec()), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["generate", "--spec", str(spec), "--out", str(tmp_path / "o"), "--package", name]
    )
    assert result.exit_code == 2, result.output
    assert "--package" in result.output and "internal error" not in result.output
    assert not (tmp_path / "o").exists()
