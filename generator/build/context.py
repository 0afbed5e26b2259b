"""What every part of the build reads: the upgraded spec, the options, the lock, the schemas, the report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..config import Options
from ..diagnostics import Reporter
from ..lock import Lock
from ..schemas import SchemaSet
from ..upgrade import Upgraded, resolve_refs

__all__ = ["Context", "mapping"]


@dataclass
class Context:
    """The build's inputs, shared by its parts; :attr:`schemas` is set once the model names are known."""

    spec: Upgraded
    options: Options
    lock: Lock | None
    report: Reporter
    schemas: SchemaSet = field(init=False)
    #: (pointer, scheme) already reported as undefined, so each is reported once.
    unknown_schemes: set[tuple[str, str]] = field(default_factory=set)

    @property
    def doc(self) -> Mapping[str, Any]:
        return self.spec.document

    def deref(self, value: Any) -> Any:
        """``value`` with its ``$ref`` chain followed."""
        return resolve_refs(self.spec.document, value)


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a mapping, else an empty one (a spec's part of the wrong kind says nothing)."""
    return value if isinstance(value, Mapping) else {}
