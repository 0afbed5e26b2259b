"""specgen: typed Python API clients generated from OpenAPI 3.0/3.1 and Swagger 2.0 specs.

The library entry point is :func:`generate`; the CLI, ``specgen check`` and
the tests all call it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

if TYPE_CHECKING:
    from .pipeline import Result, generate

__all__ = ["Result", "__version__", "generate"]


def __getattr__(name: str) -> Any:
    """The pipeline is imported on first use: the CLI's fast paths do without it."""
    if name in ("Result", "generate"):
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
