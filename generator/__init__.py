"""specgen: typed Python API clients generated from OpenAPI 3.0/3.1 and Swagger 2.0 specs.

The library entry point is :func:`generate`; the CLI, ``specgen check`` and
the tests all call it.
"""

from __future__ import annotations

from .pipeline import Result, generate
from .version import __version__

__all__ = ["Result", "__version__", "generate"]
