"""Randomly damaged specs give a GenerationError or a package, never an internal error.

Seeded, so every run tries the same 60 mutations of our three specs (keys
deleted, values swapped for other types, dangling references), a few of them
through the whole pipeline.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import Options
from generator.diagnostics import GenerationError
from generator.pipeline import generate, load_api

ROOT = Path(__file__).resolve().parents[2]
SPECS = [
    yaml.safe_load((ROOT / "specs" / f"{name}.yaml").read_text())
    for name in ("zoom_users", "zoom_phone_users", "genesys_users")
]
VALUES: list[Any] = [
    None, 0, -1, 1.5, "", "x", True, [], {}, [1, "a"], {"$ref": "#/nope"}, {"type": "object"},
    {"type": ["string", "null"]}, {"allOf": [{}]}, {"enum": []}, {"$ref": "#/components/schemas/UserAssistantsList"},
]  # fmt: skip


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if path:
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _mutated(rng: random.Random) -> dict[str, Any]:
    doc = copy.deepcopy(rng.choice(SPECS))
    schema_only = rng.random() < 0.5  # schema damage more often survives validation
    for _ in range(rng.randint(1, 4)):
        paths = [
            p
            for p in _paths(doc)
            if not schema_only or any(k in p for k in ("schema", "schemas", "definitions", "properties"))
        ]
        path = rng.choice(paths)
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if rng.random() < 0.4 and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = copy.deepcopy(rng.choice(VALUES))
    return doc


@pytest.mark.parametrize("seed", range(60))
def test_damaged_spec_fails_cleanly_or_generates(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps(_mutated(rng)))
    try:
        if seed % 20 == 0:
            result = generate(spec, "fuzzed", Options())
            assert result.files
        else:
            load_api(spec, Options())
    except GenerationError as exc:
        assert exc.diagnostics and all(d.message for d in exc.diagnostics)
