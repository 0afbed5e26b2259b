"""Writing a distribution folder, and comparing one with what would be written.

Everything is rendered in memory first, so a bad spec writes nothing. The
package's manifest lists every file specgen wrote with its hash:

- a listed file whose hash no longer matches was edited by a person
  (``edited``) and is not overwritten or deleted without ``force``;
- a listed file the new spec no longer produces is removed (``extra``);
- a file the manifest does not list is never touched, and one that stands
  where specgen would write (``foreign``) stops the write unless ``force``;
  with no manifest at all, every existing file in the way is foreign.

The manifest and the lock are committed files that anyone with a pull
request can change, so nothing they list is trusted: every path must be a
plain relative path inside the output folder, reached through no symbolic
link, or the folder is reported as tampered with (see :func:`inside`).

Writing is a transaction per distribution folder: every new file is first
written beside its target; only when all of them are on disk are they renamed
into place, the replaced files kept aside until the last rename succeeded.
A failure at any step puts the previous tree back and names the file.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .diagnostics import GenerationError

__all__ = [
    "MANIFEST_FILE",
    "BlockedFiles",
    "FileChange",
    "compare_tree",
    "inside",
    "manifest_text",
    "unified_diff",
    "write_tree",
]

#: The manifest's name inside the generated package.
MANIFEST_FILE = "specgen_manifest.json"

_SHA256 = re.compile(r"[0-9a-f]{64}")
#: Characters a generated path never has; a listed path with one is forged.
_FORBIDDEN = re.compile(r"[\x00-\x1f\x7f\\:]")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _refuse(where: Path | str, message: str, hint: str, pointer: str | None = None) -> GenerationError:
    return GenerationError.single(message, hint, file=str(where), pointer=pointer)


_TAMPERED_HINT = (
    "Nothing was read, written or deleted. Restore the file from version control, or delete it and "
    "regenerate with --force after checking the folder's contents."
)


def inside(out: Path, rel: object, *, source: Path | None = None, pointer: str | None = None) -> Path:
    """``out / rel``, once ``rel`` is proven to stay inside ``out``.

    ``rel`` must be a relative POSIX path of plain names (no ``..``, ``.``,
    empty part, backslash, drive, or control character), and neither ``out``
    nor any folder or file on the way may be a symbolic link. Otherwise a
    :class:`GenerationError` names ``source`` (the manifest or lock that listed the
    path) or the output folder.
    """
    shown = source or out
    if not isinstance(rel, str) or not rel or rel.startswith("/") or _FORBIDDEN.search(rel):
        raise _refuse(
            shown,
            f"lists the path {rel!r}, which is not a plain relative path: the file was tampered with.",
            _TAMPERED_HINT,
            pointer,
        )
    parts = rel.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise _refuse(
            shown,
            f"lists the path {rel!r}, which leaves the output folder: the file was tampered with.",
            _TAMPERED_HINT,
            pointer,
        )
    path = out
    for part in [None, *parts]:
        if part is not None:
            path = path / part
        if path.is_symlink():
            raise _refuse(
                path,
                "is a symbolic link inside the output folder; specgen reads and writes only real files there.",
                "Replace the link with a real folder or file (or remove it), or choose another output folder. "
                "Nothing was read, written or deleted.",
            )
    return path


def manifest_text(facts: dict[str, object], files: dict[str, str]) -> str:
    """The manifest: ``facts`` (generator, spec, options) and each file's sha256."""
    listed = {path: _sha256(text) for path, text in sorted(files.items()) if not path.endswith(MANIFEST_FILE)}
    return json.dumps({**facts, "files": listed}, indent=2, ensure_ascii=False) + "\n"


def _manifest_path(files: dict[str, str]) -> str | None:
    return next((rel for rel in files if rel.endswith(MANIFEST_FILE)), None)


def _old_manifest(out: Path, files: dict[str, str]) -> dict[str, str] | None:
    """The hashes recorded by the manifest now on disk; None when there is none.

    Every listed path is checked with :func:`inside` before anything reads it.
    """
    rel = _manifest_path(files)
    if rel is None:
        return None
    path = inside(out, rel)
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _refuse(path, f"the manifest cannot be read ({exc}).", _TAMPERED_HINT) from None
    listed = data.get("files") if isinstance(data, dict) else None
    if not isinstance(listed, dict):
        raise _refuse(path, "the manifest has no `files` table: the file was tampered with.", _TAMPERED_HINT, "/files")
    recorded: dict[str, str] = {}
    for name, digest in listed.items():
        pointer = "/files/" + name.replace("~", "~0").replace("/", "~1")
        inside(out, name, source=path, pointer=pointer)
        if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
            raise _refuse(
                path, f"the hash of {name!r} is not a sha256: the file was tampered with.", _TAMPERED_HINT, pointer
            )
        recorded[name] = digest
    return recorded


class BlockedFiles(Exception):
    """Files a write would overwrite or delete that are not specgen's to change.

    ``edited``: generated files a person changed since; ``foreign``: files
    specgen did not write standing where it would write.
    """

    def __init__(self, edited: list[str], foreign: list[str]) -> None:
        self.edited = edited
        self.foreign = foreign
        super().__init__(", ".join(edited + foreign))


ChangeKind = Literal["stale", "missing", "extra", "edited", "foreign"]


@dataclass(frozen=True)
class FileChange:
    """One difference between the rendered files and the folder on disk.

    ``stale``: specgen's file, out of date. ``missing``: not on disk.
    ``extra``: listed in the manifest, no longer generated. ``edited``: listed,
    changed on disk since specgen wrote it. ``foreign``: not specgen's, standing
    where it would write.
    """

    path: str
    kind: ChangeKind
    expected: str | None
    actual: str | None


def _read(path: Path) -> str | None:
    """A regular file's text (bytes that are not UTF-8 replaced); None for anything else."""
    if not path.is_file():
        return None
    return path.read_bytes().decode("utf-8", errors="replace")


def compare_tree(out: Path, files: dict[str, str]) -> list[FileChange]:
    """Stale, missing, extra, edited and foreign files, sorted by path."""
    recorded = _old_manifest(out, files)
    known = recorded or {}
    manifest = _manifest_path(files)
    changes = []
    for rel, text in files.items():
        actual = _read(inside(out, rel))
        if actual is None:
            changes.append(FileChange(rel, "missing", text, None))
        elif actual != text:
            if rel in known:
                kind: ChangeKind = "edited" if _sha256(actual) != known[rel] else "stale"
            elif rel == manifest:  # the manifest does not list itself
                kind = "stale"
            else:
                kind = "foreign"
            changes.append(FileChange(rel, kind, text, actual))
    for rel in sorted(set(known) - set(files)):
        actual = _read(inside(out, rel))
        if actual is not None:
            changes.append(FileChange(rel, "edited" if _sha256(actual) != known[rel] else "extra", None, actual))
    return sorted(changes, key=lambda c: c.path)


def unified_diff(change: FileChange, out: Path) -> str:
    """The change as a unified diff, paths shown relative to the output folder's parent."""
    label = (out / change.path).as_posix()
    before = (change.actual or "").splitlines(keepends=True)
    after = (change.expected or "").splitlines(keepends=True)
    return "".join(
        difflib.unified_diff(before, after, fromfile=f"{label} (on disk)", tofile=f"{label} (generated)", n=3)
    )


def write_tree(out: Path, files: dict[str, str], *, force: bool = False) -> list[FileChange]:
    """Make ``out`` hold exactly ``files`` (besides files specgen did not generate).

    Raises :class:`BlockedFiles`, having written nothing, when an edited or a
    foreign file would be overwritten or deleted, unless ``force``; raises
    :class:`GenerationError`, with the previous tree intact, when a file cannot be
    written.
    """
    changes = compare_tree(out, files)
    edited = [c.path for c in changes if c.kind == "edited"]
    foreign = [c.path for c in changes if c.kind == "foreign"]
    if (edited or foreign) and not force:
        raise BlockedFiles(edited, foreign)
    _Transaction(out).apply(changes)
    return changes


class _Transaction:
    """Replace and delete files of one folder all together, or not at all."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.staged: dict[str, Path] = {}  # relative path -> new content written beside it
        self.made: list[Path] = []  # folders created, outermost first
        self.swapped: list[tuple[Path, Path | None]] = []  # (target, the old file kept aside)
        self._current = out  # the file being handled, for the error message

    def apply(self, changes: list[FileChange]) -> None:
        try:
            for change in changes:
                if change.expected is not None:
                    self._stage(change.path, change.expected)
        except OSError as exc:
            self._undo()
            raise self._failed(exc, "nothing was changed") from None
        try:
            for change in changes:
                self._swap(change.path)
        except OSError as exc:
            self._undo()
            raise self._failed(exc, "the previous files were put back") from None
        for _, aside in self.swapped:
            if aside is not None:
                aside.unlink(missing_ok=True)
        for change in changes:
            if change.expected is None:
                _remove_emptied_dirs((self.out / change.path).parent, self.out)

    def _stage(self, rel: str, text: str) -> None:
        target = self.out / rel
        self._current = target
        if os.path.lexists(target) and not target.is_file():
            raise IsADirectoryError(21, "something that is not a regular file is in the way", str(target))
        self._make_parents(target.parent)
        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".specgen-new")
        self.staged[rel] = Path(temp)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.chmod(temp, _file_mode(target))

    def _make_parents(self, folder: Path) -> None:
        missing = []
        while not folder.is_dir() and folder != folder.parent:  # up to the first folder that exists
            missing.append(folder)
            folder = folder.parent
        for path in reversed(missing):
            path.mkdir()
            self.made.append(path)

    def _swap(self, rel: str) -> None:
        target = self.out / rel
        self._current = target
        aside = None
        if os.path.lexists(target):
            handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".specgen-old")
            os.close(handle)
            aside = Path(name)
            try:
                os.replace(target, aside)
            except OSError:
                aside.unlink(missing_ok=True)
                raise
        self.swapped.append((target, aside))
        staged = self.staged.pop(rel, None)
        if staged is not None:
            os.replace(staged, target)

    def _undo(self) -> None:
        """Put every replaced file back and remove what was staged or created."""
        for target, aside in reversed(self.swapped):
            try:
                if aside is not None:
                    os.replace(aside, target)
                else:
                    target.unlink(missing_ok=True)
            except OSError:
                pass  # nothing better to do; the error raised names the first failure
        for temp in self.staged.values():
            temp.unlink(missing_ok=True)
        for folder in reversed(self.made):
            try:
                folder.rmdir()
            except OSError:
                pass

    def _failed(self, exc: OSError, outcome: str) -> GenerationError:
        where = exc.filename or self._current
        reason = exc.strerror or str(exc)
        return _refuse(
            where,
            f"cannot write the generated package ({reason}); {outcome}.",
            "Check the folder's permissions and free space, and that no folder stands where a file goes, "
            "then run again.",
        )


def _file_mode(target: Path) -> int:
    """The mode an existing file has, else what the umask gives a new file."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _remove_emptied_dirs(folder: Path, out: Path) -> None:
    """Remove ``folder`` and its parents up to ``out`` while a deletion left them empty."""
    while folder != out and out in folder.parents and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
