"""Where the built-in templates and the runtime live, and the names the runtime takes.

Kept light (no Jinja): the fingerprint and the builder import it.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

__all__ = ["runtime_names", "template_dir"]


@functools.cache
def template_dir() -> Path:
    """Templates as installed (``generator/templates`` in a wheel) or in a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


@functools.cache
def runtime_names() -> frozenset[str]:
    """Every public name of the runtime modules shipped in each package (their ``__all__``).

    Generated modules import these, so no model, class or method may take one.
    """
    names: set[str] = set()
    for path in sorted((template_dir() / "runtime").glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
            ):
                names.update(ast.literal_eval(node.value))
    return frozenset(names)
