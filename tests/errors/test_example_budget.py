"""Example generation costs O(spec size), whatever the schemas.

Six schemas of twelve required properties, each pointing at the next (4 KB of
spec), ran past 300 s and made a 63 MB example. Examples now have a budget;
past it they fall back to the smallest valid instance (required properties
only, arrays of ``minItems`` items), and where even that does not fit, the
generated test expects the client to refuse the cut-short body.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

SCHEMAS, WIDTH = 8, 12


def blow_up_spec() -> dict[str, Any]:
    """``Obj0..Obj7`` and ``Arr0..Arr7``: each of 12 required properties points at the next
    schema (directly, or as an array of it); the last holds scalars."""
    schemas: dict[str, Any] = {}
    for prefix, as_array in (("Obj", False), ("Arr", True)):
        for i in range(SCHEMAS):
            props: dict[str, Any] = {}
            for j in range(WIDTH):
                if i == SCHEMAS - 1:
                    props[f"f{j}"] = {"type": "string"} if j % 2 else {"type": "integer"}
                else:
                    ref = {"$ref": f"#/components/schemas/{prefix}{i + 1}"}
                    props[f"f{j}"] = {"type": "array", "items": ref} if as_array else ref
            schemas[f"{prefix}{i}"] = {"type": "object", "required": sorted(props), "properties": props}
    paths: dict[str, Any] = {}
    for prefix in ("Obj", "Arr"):
        ref = {"$ref": f"#/components/schemas/{prefix}0"}
        ok = {"description": "ok", "content": {"application/json": {"schema": ref}}}
        many = {"description": "ok", "content": {"application/json": {"schema": {"type": "array", "items": ref}}}}
        paths[f"/{prefix.lower()}"] = {
            "get": {"operationId": f"get{prefix}", "responses": {"200": ok}},
            "post": {
                "operationId": f"post{prefix}",
                "requestBody": {"required": True, "content": {"application/json": {"schema": ref}}},
                "responses": {"200": many},
            },
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Blow up", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    }


def test_exponential_examples_stay_small_and_the_package_tests_pass(tmp_path: Path) -> None:
    spec = tmp_path / "blow.json"
    spec.write_text(json.dumps(blow_up_spec(), indent=1), encoding="utf-8")
    out = tmp_path / "out"
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--out", str(out), "--package", "blow"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
    )
    took = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-3000:]
    assert took < 60, f"generate took {took:.0f} s"

    sizes = {str(p.relative_to(out)): p.stat().st_size for p in out.rglob("*") if p.is_file()}
    assert max(sizes.values()) < 1_000_000, sorted(sizes.items(), key=lambda item: -item[1])[:3]

    tests = (out / "tests" / "test_default_api.py").read_text(encoding="utf-8")
    # The array chain has a small valid instance (empty arrays): parsed for real.
    assert "    result = api.get_arr()" in tests
    # The object chain's smallest valid instance has 12**7 objects: the cut body must be refused.
    assert "    result = api.get_obj()" not in tests
    assert "api.get_obj()\n    except ApiResponseError" in tests

    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        capture_output=True,
        text=True,
        check=False,
        cwd=out,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
