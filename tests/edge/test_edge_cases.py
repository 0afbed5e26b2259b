"""A spec full of awkward constructs generates a package that imports cleanly and passes its own tests.

``edge_cases.yaml`` holds what real specs throw at generators: keywords and
builtins as parameter and property names, names that differ only in case or
clash with pydantic's, quotes and backslashes in prose, every parameter style,
multipart and urlencoded bodies, binary and text responses, discriminated
unions, recursive schemas, server variables and a Swagger-style operationId.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import Options
from generator.pipeline import generate
from generator.write import write_tree

SPEC = Path(__file__).with_name("edge_cases.yaml")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edge") / "edge_client"
    result = generate(SPEC, "edge_client", Options())
    write_tree(out, result.files)
    return out


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


def test_package_imports_with_warnings_as_errors(package: Path) -> None:
    done = run(
        [sys.executable, "-W", "error", "-c", "import edge_client, edge_client.models, edge_client.api"], package
    )
    assert done.returncode == 0, done.stderr


def test_generated_tests_pass(package: Path) -> None:
    done = run(
        [sys.executable, "-W", "error::SyntaxWarning", "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"], package
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # One test per operation (6) and one async-twin test per API class (2).
    assert "8 passed" in done.stdout


def test_awkward_names_become_legal_readable_ones(package: Path) -> None:
    sys.path.insert(0, str(package))
    try:
        import edge_client
        from edge_client import models
    finally:
        sys.path.remove(str(package))
    signature = inspect.signature(edge_client.DefaultApi.get_thing)
    assert list(signature.parameters)[:7] == ["self", "id", "from_", "class_", "x_trace_id", "session", "filter"]
    assert hasattr(edge_client.OtherThingsApi, "import_")
    assert hasattr(edge_client.DefaultApi, "upload_file_v2")
    # The component `getThingResponse` keeps its name; the inline response
    # schema that would take it (case aside) gets a distinct one.
    assert {"GetThingResponse", "GetThingResponseModel", "FieldModel"} <= set(dir(models))
    fields = models.GetThingResponseModel.model_fields
    assert fields["json_"].alias == "json"
    assert fields["first_name"].alias == "first-name"
    assert fields["first_name_1"].alias == "first_name"
    # A union of primitives stays inline; a union of models is a class.
    assert "union" in fields and not hasattr(models, "GetThingResponseModelUnion")


def test_docstrings_keep_awkward_prose_verbatim(package: Path) -> None:
    source = (package / "edge_client" / "api" / "default_api.py").read_text()
    assert 'Ends with a quote "me" and a backslash \\\\d and \\"\\"\\"triple\\"\\"\\"' in source
    sys.path.insert(0, str(package))
    try:
        import edge_client
    finally:
        sys.path.remove(str(package))
    doc = inspect.getdoc(edge_client.DefaultApi.get_thing) or ""
    assert 'a backslash \\d and """triple"""' in doc


def test_package_passes_ruff_and_mypy_strict(package: Path) -> None:
    bin_dir = Path(sys.executable).parent
    ruff = run([str(bin_dir / "ruff"), "check", "--no-cache", "--output-format", "concise", "."], package)
    assert ruff.returncode == 0, ruff.stdout + ruff.stderr
    mypy = run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", "edge_client"], package)
    assert mypy.returncode == 0, mypy.stdout + mypy.stderr
