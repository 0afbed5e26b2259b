"""Writing a distribution folder, and comparing one with what would be written.

Everything is rendered in memory first, so a bad spec writes nothing. Each
file is then replaced atomically (written beside itself, then renamed), so no
file is ever half-written. The package's manifest lists every file specgen
wrote with its hash: a listed file whose hash no longer matches was edited by
a person and is not overwritten without ``force``; a listed file the new
spec no longer produces is removed; a file the manifest does not list is
never touched.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

__all__ = ["MANIFEST_FILE", "Change", "EditedFiles", "compare_tree", "manifest_text", "unified_diff", "write_tree"]

#: The manifest's name inside the generated package.
MANIFEST_FILE = "specgen_manifest.json"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def manifest_text(facts: dict[str, object], files: dict[str, str]) -> str:
    """The manifest: ``facts`` (generator, spec, options) and each file's sha256."""
    listed = {path: _sha256(text) for path, text in sorted(files.items()) if not path.endswith(MANIFEST_FILE)}
    return json.dumps({**facts, "files": listed}, indent=2, ensure_ascii=False) + "\n"


def _old_manifest(out: Path, files: dict[str, str]) -> dict[str, str]:
    """The hashes recorded by the manifest now on disk (empty when there is none)."""
    for rel in files:
        if rel.endswith(MANIFEST_FILE) and (out / rel).is_file():
            try:
                data = json.loads((out / rel).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return {}
            listed = data.get("files") if isinstance(data, dict) else None
            return {str(k): str(v) for k, v in listed.items()} if isinstance(listed, dict) else {}
    return {}


class EditedFiles(Exception):
    """Generated files a person changed, which writing would overwrite or delete."""

    def __init__(self, paths: list[str]) -> None:
        self.paths = paths
        super().__init__(", ".join(paths))


@dataclass(frozen=True)
class Change:
    """One difference between the rendered files and the folder on disk."""

    path: str
    kind: str  # "stale", "missing" or "extra"
    expected: str | None
    actual: str | None


def compare_tree(out: Path, files: dict[str, str]) -> list[Change]:
    """Stale, missing, edited and orphaned generated files, sorted by path.

    ``edited``: listed in the manifest, changed on disk since specgen wrote it.
    ``extra``: listed in the manifest, no longer generated.
    """
    recorded = _old_manifest(out, files)
    changes = []
    for rel, text in files.items():
        path = out / rel
        if not path.is_file():
            changes.append(Change(rel, "missing", text, None))
            continue
        actual = path.read_bytes().decode("utf-8", errors="replace")
        if actual != text:
            # Edited: specgen wrote it and a person changed it since. With a
            # manifest, an unlisted file in the way is a person's own, too.
            if rel in recorded:
                edited = _sha256(actual) != recorded[rel]
            else:  # the manifest does not list itself
                edited = bool(recorded) and not rel.endswith(MANIFEST_FILE)
            changes.append(Change(rel, "edited" if edited else "stale", text, actual))
    for rel in sorted(set(recorded) - set(files)):
        path = out / rel
        if path.is_file():
            actual = path.read_bytes().decode("utf-8", errors="replace")
            kind = "edited" if _sha256(actual) != recorded[rel] else "extra"
            changes.append(Change(rel, kind, None, actual))
    return sorted(changes, key=lambda c: c.path)


def unified_diff(change: Change, out: Path) -> str:
    """The change as a unified diff, paths shown relative to the output folder's parent."""
    label = (out / change.path).as_posix()
    before = (change.actual or "").splitlines(keepends=True)
    after = (change.expected or "").splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(before, after, fromfile=f"{label} (on disk)", tofile=f"{label} (generated)", n=3)
    )


def write_tree(out: Path, files: dict[str, str], *, force: bool = False) -> list[Change]:
    """Make ``out`` hold exactly ``files`` (besides files specgen did not generate).

    Raises :class:`EditedFiles`, having written nothing, when a file a person
    edited would be overwritten or deleted, unless ``force``.
    """
    changes = compare_tree(out, files)
    edited = [c.path for c in changes if c.kind == "edited"]
    if edited and not force:
        raise EditedFiles(edited)
    for change in changes:
        path = out / change.path
        if change.expected is None:
            path.unlink()
            _remove_emptied_dirs(path.parent, out)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        _atomic_write(path, change.expected or "")
    return changes


def _atomic_write(path: Path, text: str) -> None:
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _remove_emptied_dirs(folder: Path, out: Path) -> None:
    """Remove ``folder`` and its parents up to ``out`` while a deletion left them empty."""
    while folder != out and out in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
