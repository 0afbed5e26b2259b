"""``$ref`` values pointing into sibling files, bundled into the one document.

A reference to a named schema becomes a component of the same name, anything
else is inlined. Remote references and paths that leave the spec's folder are
refused. The files are read by the ``read`` callable :func:`generator.load.load_spec`
gives, so that every file read is recorded there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from .diagnostics import GenerationError, escape_pointer
from .parse import display_path, file_error, resolve_pointer

if TYPE_CHECKING:
    from .load import LoadedSpec

__all__ = ["Bundler"]


class Bundler:
    """Brings ``$ref`` targets from sibling files into the root document."""

    def __init__(self, spec: LoadedSpec, read: Callable[[Path], Any]) -> None:
        """``read`` reads and parses a file the spec refers to (and records it as read)."""
        self.spec = spec
        self.read = read
        self.root_dir = spec.path.resolve().parent
        self.cache: dict[Path, Any] = {spec.path.resolve(): spec.document}
        self.imported: dict[tuple[Path, str], str] = {}
        self.inlining: list[tuple[Path, str]] = []
        schemas_pointer = "/definitions" if "swagger" in spec.document else "/components/schemas"
        self.schemas_pointer = schemas_pointer

    def run(self) -> None:
        self.spec.document = self._rewrite(self.spec.document, self.spec.path.resolve(), "")

    def _components(self) -> dict[str, Any]:
        doc = self.spec.document
        if self.schemas_pointer == "/definitions":
            return doc.setdefault("definitions", {})  # type: ignore[no-any-return]
        return doc.setdefault("components", {}).setdefault("schemas", {})  # type: ignore[no-any-return]

    def _rewrite(self, value: Any, file: Path, pointer: str) -> Any:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                return self._external(ref, value, file, pointer)
            if isinstance(ref, str) and file != self.spec.path.resolve():
                # A local reference inside an imported file points into that file.
                return self._external(ref, value, file, pointer)
            return {k: self._rewrite(v, file, f"{pointer}/{escape_pointer(k)}") for k, v in value.items()}
        if isinstance(value, list):
            return [self._rewrite(v, file, f"{pointer}/{i}") for i, v in enumerate(value)]
        return value

    def _fail(self, file: Path, pointer: str, message: str, hint: str) -> GenerationError:
        line = self.spec.line_of(pointer) if file == self.spec.path.resolve() else None
        return file_error(file, message, hint, line=line, pointer=pointer or "/")

    def _external(self, ref: str, node: dict[str, Any], file: Path, pointer: str) -> Any:
        where, _, fragment = ref.partition("#")
        if "://" in where or where.startswith("//"):
            raise self._fail(
                file,
                pointer,
                f"remote $ref {ref!r} is not fetched.",
                "Download the file next to the spec and refer to it by relative path.",
            )
        target = (file.parent / unquote(where)).resolve() if where else file
        if target != self.root_dir and self.root_dir not in target.parents:
            raise self._fail(
                file,
                pointer,
                f"$ref {ref!r} leaves the spec's folder.",
                "Keep referenced files in the spec's folder or below it.",
            )
        document = self._document(target, file, pointer, ref)
        try:
            resolved = resolve_pointer(document, fragment)
        except KeyError:
            raise self._fail(
                file,
                pointer,
                f"$ref {ref!r} points at nothing.",
                f"Check that {fragment or '/'} exists in {display_path(target)}.",
            ) from None
        key = (target, fragment)
        parts = fragment.split("/")
        if len(parts) >= 2 and parts[-2] in ("schemas", "definitions"):
            return {
                "$ref": f"#{self.schemas_pointer}/{escape_pointer(self._import_schema(key, parts[-1], resolved, target, fragment))}"
            }
        if key in self.inlining:
            raise self._fail(
                file,
                pointer,
                f"$ref {ref!r} refers back to itself.",
                "Move the recursive part to a named schema under components/schemas.",
            )
        self.inlining.append(key)
        try:
            inlined = self._rewrite(resolved, target, fragment)
        finally:
            self.inlining.pop()
        extra = {k: v for k, v in node.items() if k != "$ref"}
        if extra and isinstance(inlined, dict):
            inlined = {**inlined, **extra}
        return inlined

    def _import_schema(self, key: tuple[Path, str], raw_name: str, schema: Any, target: Path, fragment: str) -> str:
        if key in self.imported:
            return self.imported[key]
        name = unquote(raw_name).replace("~1", "/").replace("~0", "~")
        components = self._components()
        if target == self.spec.path.resolve():
            self.imported[key] = name
            return name
        base, number = name, 2
        while name in components:
            name = f"{base}{number}"
            number += 1
        self.imported[key] = name
        components[name] = {}
        components[name] = self._rewrite(schema, target, fragment)
        return name

    def _document(self, target: Path, file: Path, pointer: str, ref: str) -> Any:
        if target not in self.cache:
            if not target.is_file():
                raise self._fail(
                    file, pointer, f"$ref {ref!r}: no such file {display_path(target)}.", "Check the relative path."
                )
            self.cache[target] = self.read(target)
        return self.cache[target]
