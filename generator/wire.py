"""What a generated test expects on the wire, written by the runtime's own serialization.

The generator loads the runtime's ``serialization.py`` (the module every
generated package ships) and runs it on the example values, so the path,
query and form a test expects are by construction what the client sends.
"""

from __future__ import annotations

import functools
import importlib.util
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

from .ir import Param
from .runtime import template_dir

__all__ = ["runtime_value", "serialization"]


@functools.cache
def serialization(override: Path | None = None) -> ModuleType:
    """The runtime's serialization module: a target's override of it, else the built-in one."""
    path = override if override is not None and override.is_file() else template_dir() / "runtime" / "serialization.py"
    spec = importlib.util.spec_from_file_location(f"_specgen_serialization_{abs(hash(path))}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def runtime_value(value: Any, param: Param) -> Any:
    """An example value as the test passes it: dates as ``date`` and ``datetime`` objects."""
    if isinstance(value, str) and param.type.kind == "datetime":
        return datetime.fromisoformat(value)
    if isinstance(value, str) and param.type.kind == "date":
        return date.fromisoformat(value)
    return value
