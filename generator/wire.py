"""What a generated test expects on the wire, written by the runtime's own serialization.

The generator loads the runtime's ``serialization.py`` (the module every
generated package ships) and runs it on the example values, so the path,
query and form a test expects are by construction what the client sends.
"""

from __future__ import annotations

import functools
import importlib.util
from datetime import date, datetime
from types import ModuleType
from typing import Any

from .ir import Param
from .runtime import template_dir

__all__ = ["DEFAULT_STYLES", "as_date", "runtime_value", "serialization"]


@functools.cache
def serialization() -> ModuleType:
    """The built-in runtime's serialization module, loaded once."""
    path = template_dir() / "runtime" / "serialization.py"
    spec = importlib.util.spec_from_file_location("_specgen_serialization", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: A parameter's (style, explode) when the spec names none, by location, as OpenAPI 3
#: defines them: the runtime's own table, so the build, the calls and the tests share it.
DEFAULT_STYLES: dict[str, tuple[str, bool]] = dict(serialization().DEFAULT_STYLES)


def runtime_value(value: Any, param: Param) -> Any:
    """An example value as the test passes it: dates as ``date`` and ``datetime`` objects
    (a spec's default that is not ISO 8601 stays the string it is)."""
    parsed = as_date(value, param.type.kind)
    return value if parsed is None else parsed


def as_date(value: Any, kind: str) -> date | datetime | None:
    """``value`` as a ``date`` or ``datetime`` (by ``kind``), or None when it is not one in ISO 8601."""
    if not isinstance(value, str) or kind not in ("date", "datetime"):
        return None
    try:
        return datetime.fromisoformat(value) if kind == "datetime" else date.fromisoformat(value)
    except ValueError:
        return None
