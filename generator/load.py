"""Reading spec files: JSON or YAML, safely, with local ``$ref`` bundling.

This module reads the spec and every file it ``$ref``s, once: the sha256 of
what was read comes with it (:attr:`LoadedSpec.digests`), so nothing later
reads a spec file again to hash it. The other reads are the project's own
(``pyproject.toml``, the lock, templates), the hashes by which ``specgen
check`` tells, without loading, that nothing changed (:mod:`generator.fingerprint`),
and the formatter's scratch folder (:mod:`generator.format`); writes to the
output folder go through :mod:`generator.write`.
Parsing and its safety limits are :mod:`generator.parse`'s, bundling sibling
files :mod:`generator.bundle`'s. Line numbers for error messages are found on demand.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bundle import Bundler
from .diagnostics import Diagnostic
from .parse import MAX_FILE_BYTES, display_path, file_error, line_table, parse_text, resolve_pointer

__all__ = ["LoadedSpec", "iter_refs", "load_spec", "parse_text", "resolve_pointer"]


@dataclass
class LoadedSpec:
    """The bundled document and where it came from."""

    path: Path
    document: dict[str, Any]
    text: str
    files: list[Path] = field(default_factory=list)
    #: The sha256 of each file in :attr:`files`, of the bytes parsed (the pipeline's spec hash).
    digests: dict[Path, str] = field(default_factory=dict)
    _lines: dict[str, int] | None = None

    @property
    def display_path(self) -> str:
        return display_path(self.path)

    def line_of(self, pointer: str) -> int | None:
        """The 1-based line where ``pointer`` (or its nearest parent) starts.

        None on a one-line document (minified JSON): every node is on line 1,
        so the JSON pointer alone says where.
        """
        if self._lines is None:
            # One line holds every node: no need to compose the text to know it.
            self._lines = line_table(self.text) if "\n" in self.text.strip() else {}
            if len(set(self._lines.values())) <= 1:
                self._lines = {}
        while True:
            if pointer in self._lines:
                return self._lines[pointer]
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]

    def diagnostic(self, level: str, message: str, pointer: str, hint: str = "") -> Diagnostic:
        return Diagnostic(
            level=level,  # type: ignore[arg-type]
            message=message,
            file=self.display_path,
            pointer=pointer,
            line=self.line_of(pointer),
            hint=hint,
        )


def _read(path: Path) -> tuple[str, str]:
    """The file's text and the sha256 of its bytes; refused when too large, not a file or not UTF-8."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise file_error(path, "no such file.", "Check the path.") from None
    except OSError as exc:
        raise file_error(
            path, f"cannot read the file ({exc.strerror}).", "Check the path and its permissions."
        ) from None
    if not path.is_file():
        raise file_error(path, "is not a file.", "Give the path of a JSON or YAML spec file.")
    if size > MAX_FILE_BYTES:
        raise file_error(
            path,
            f"the file is {size} bytes, more than the {MAX_FILE_BYTES} accepted.",
            "Split the spec into files joined by $ref, or check that this is the right file.",
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), hashlib.sha256(raw).hexdigest()
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise file_error(
            path, f"the file is not UTF-8 text (byte {exc.start}).", "Save the spec as UTF-8.", line=line
        ) from None


def load_spec(path: Path) -> LoadedSpec:
    """Read, parse and bundle a spec file; raise :class:`GenerationError` on bad input."""
    path = Path(path)
    text, digest = _read(path)
    document = parse_text(text, path)
    if not isinstance(document, dict):
        raise file_error(
            path,
            "the document is not a mapping.",
            'A spec starts with `openapi: 3.x` or `swagger: "2.0"` at the top level.',
            line=1,
        )
    spec = LoadedSpec(path=path, document=document, text=text, files=[path], digests={path: digest})

    def read(target: Path) -> Any:
        text, digest = _read(target)
        spec.files.append(target)
        spec.digests[target] = digest
        return parse_text(text, target)

    Bundler(spec, read).run()
    return spec


def iter_refs(value: Any) -> Iterator[str]:
    """Every ``$ref`` string in a tree (for tests and diagnostics)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                yield ref
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
