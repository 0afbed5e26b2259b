"""Reading spec files: JSON or YAML, safely, with local ``$ref`` bundling.

This module reads the spec and every file it ``$ref``s; the other reads are the
project's own (``pyproject.toml``, the lock, templates) and writes go through
:mod:`generator.write`. A spec is read with a safe loader, checked against alias
bombs and absurd sizes, its mapping keys made strings (YAML turns ``200:`` into
an integer) and its dates back into text. ``$ref`` values pointing into sibling files are bundled into the one
document: a reference to a named schema becomes a component of the same name,
anything else is inlined. Remote references and paths that leave the spec's
folder are refused. Line numbers for error messages are found on demand.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from .diagnostics import Diagnostic, SpecError, escape_pointer

__all__ = ["LoadedSpec", "load_spec", "parse_text", "resolve_pointer"]

#: Largest spec file read, in bytes; the biggest public specs are ~30 MB.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Most values a document may expand to once YAML aliases are followed.
MAX_NODES = 5_000_000
#: Deepest nesting accepted; real specs stay below 40.
MAX_DEPTH = 200

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass
class LoadedSpec:
    """The bundled document and where it came from."""

    path: Path
    document: dict[str, Any]
    text: str
    files: list[Path] = field(default_factory=list)
    _lines: dict[str, int] | None = None

    @property
    def display_path(self) -> str:
        return _display(self.path)

    def line_of(self, pointer: str) -> int | None:
        """The 1-based line where ``pointer`` (or its nearest parent) starts.

        None on a one-line document (minified JSON): every node is on line 1,
        so the JSON pointer alone says where.
        """
        if self._lines is None:
            # One line holds every node: no need to compose the text to know it.
            self._lines = _line_table(self.text) if "\n" in self.text.strip() else {}
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


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _error(
    path: Path | str, message: str, hint: str, *, line: int | None = None, pointer: str | None = None
) -> SpecError:
    shown = _display(path) if isinstance(path, Path) else path
    return SpecError.single(message, hint, file=shown, pointer=pointer, line=line)


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise _error(path, "no such file.", "Check the path.") from None
    except OSError as exc:
        raise _error(path, f"cannot read the file ({exc.strerror}).", "Check the path and its permissions.") from None
    if not path.is_file():
        raise _error(path, "is not a file.", "Give the path of a JSON or YAML spec file.")
    if size > MAX_FILE_BYTES:
        raise _error(
            path,
            f"the file is {size} bytes, more than the {MAX_FILE_BYTES} accepted.",
            "Split the spec into files joined by $ref, or check that this is the right file.",
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise _error(
            path, f"the file is not UTF-8 text (byte {exc.start}).", "Save the spec as UTF-8.", line=line
        ) from None


def parse_text(text: str, source: Path | str) -> Any:
    """Parse JSON or YAML text into plain data; errors name the line."""
    name = str(source)
    if name.endswith(".json") or text.lstrip()[:1] in ("{", "["):
        _check_json_depth(text, source)
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise _error(source, f"invalid JSON: {exc.msg}.", "Fix the syntax at that line.", line=exc.lineno) from None
        except ValueError as exc:
            raise _error(source, f"invalid JSON: {exc}.", "Use plain JSON numbers.") from None
        except RecursionError:
            raise _error(source, "the JSON nests too deeply.", f"Keep nesting under {MAX_DEPTH} levels.") from None
    else:
        try:
            _check_yaml_depth(text, source)
            data = yaml.load(text, Loader=_Loader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = min(mark.line + 1, text.count("\n") + 1) if mark else None
            problem = exc.problem or exc.context or "syntax error"
            if "nesting depth" in problem:  # libyaml's own limit (PyYAML 6.0.4 and later), met while scanning ahead
                raise _too_deep(source, "YAML", line or 1) from None
            raise _error(source, f"invalid YAML: {problem}.", "Fix the syntax at that line.", line=line) from None
        except yaml.YAMLError as exc:
            raise _error(source, f"invalid YAML: {exc}.", "Fix the file's syntax.") from None
        except RecursionError:
            raise _error(source, "the YAML nests too deeply.", f"Keep nesting under {MAX_DEPTH} levels.") from None
        _check_expansion(data, source)
    return _plain(data, source)


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _too_deep(source: Path | str, kind: str, line: int) -> SpecError:
    return _error(
        source,
        f"the {kind} nests deeper than {MAX_DEPTH} levels.",
        "Flatten the document (real specs stay below 40 levels); move deep parts to named schemas.",
        line=line,
    )


def _check_json_depth(text: str, source: Path | str) -> None:
    """Refuse JSON nested deeper than :data:`MAX_DEPTH` before any parser recurses into it.

    One pass at C speed: strings are blanked, everything but brackets dropped,
    and the running depth summed. Only a failing document is walked again,
    token by token, to find the line where the limit is crossed.
    """
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    if not brackets or max(accumulate(map(_STEP.__getitem__, brackets))) <= MAX_DEPTH:
        return
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        depth += _STEP.get(match.group(), 0)
        if depth > MAX_DEPTH:
            raise _too_deep(source, "JSON", text.count("\n", 0, match.start()) + 1)


_OPEN_EVENTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_yaml_depth(text: str, source: Path | str) -> None:
    """Refuse YAML nested deeper than :data:`MAX_DEPTH` before it is composed.

    The C loader builds nodes recursively in C, so 50,000 nested ``[`` (or
    ``- - - ...``, block nesting two bytes a level) overflow the C stack and
    kill the process. libyaml's event parser keeps its own stack, so walking
    the events is safe; it also knows what is a quoted string, a comment or a
    block scalar, so brackets in text never count. Syntax errors propagate as
    the loader's own would.
    """
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _OPEN_EVENTS):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(source, "YAML", event.start_mark.line + 1)
        elif isinstance(event, _CLOSE_EVENTS):
            depth -= 1


def _check_expansion(data: Any, source: Path | str) -> None:
    """Refuse YAML whose aliases expand too far, before copying anything.

    Sizes are memoised by node identity, so a billion-laughs document is
    measured in a few thousand steps however large it would expand.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(value: Any, depth: int, pointer: str) -> int:
        if not isinstance(value, (dict, list)):
            return 1
        key = id(value)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise _error(
                source, "a YAML alias refers to itself.", "Remove the recursive anchor.", pointer=pointer or "/"
            )
        if depth > MAX_DEPTH:
            raise _error(source, f"nesting deeper than {MAX_DEPTH} levels.", "Flatten the document.", pointer=pointer)
        active.add(key)
        children = value.items() if isinstance(value, dict) else enumerate(value)
        total = 1
        for name, child in children:
            total += size(child, depth + 1, f"{pointer}/{escape_pointer(_key_text(name))}")
            if total > MAX_NODES:
                raise _error(
                    source,
                    f"the document expands to more than {MAX_NODES} values.",
                    "Remove repeated YAML aliases (anchors used many times expand into copies).",
                )
        active.discard(key)
        sizes[key] = total
        return total

    size(data, 0, "")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _plain(data: Any, source: Path | str) -> Any:
    """A fresh tree of JSON types: string keys, no shared nodes, bounded size.

    YAML aliases make shared (or, with a recursive anchor, cyclic) nodes; the
    walk copies them, counting every value it produces so that an alias bomb is
    refused long before it fills memory.
    """
    count = 0
    active: set[int] = set()

    def walk(value: Any, depth: int, pointer: str) -> Any:
        nonlocal count
        count += 1
        if count > MAX_NODES:
            raise _error(
                source,
                f"the document expands to more than {MAX_NODES} values.",
                "Remove repeated YAML aliases (anchors used many times expand into copies).",
            )
        if depth > MAX_DEPTH:
            raise _error(source, f"nesting deeper than {MAX_DEPTH} levels.", "Flatten the document.", pointer=pointer)
        if isinstance(value, dict):
            if id(value) in active:
                raise _error(source, "a YAML alias refers to itself.", "Remove the recursive anchor.", pointer=pointer)
            active.add(id(value))
            out = {}
            for key, item in value.items():
                skey = _key_text(key)
                _check_text(skey, source, pointer)
                out[skey] = walk(item, depth + 1, pointer + "/" + escape_pointer(skey))
            active.discard(id(value))
            return out
        if isinstance(value, list):
            if id(value) in active:
                raise _error(source, "a YAML alias refers to itself.", "Remove the recursive anchor.", pointer=pointer)
            active.add(id(value))
            out_list = [walk(item, depth + 1, f"{pointer}/{i}") for i, item in enumerate(value)]
            active.discard(id(value))
            return out_list
        if isinstance(value, str):
            _check_text(value, source, pointer)
            return value
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        if isinstance(value, bytes):
            return value.decode("latin-1")
        if isinstance(value, (set, tuple)):
            return [walk(item, depth + 1, pointer) for item in value]
        return value

    return walk(data, 0, "")


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(text: str, source: Path | str, pointer: str) -> None:
    """Refuse a lone UTF-16 surrogate (JSON's ``\\ud800``): no file can hold it as UTF-8."""
    if _SURROGATE.search(text):
        raise _error(
            source,
            "the text holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair).",
            "Write the character itself, or a complete surrogate pair.",
            pointer=pointer or "/",
        )


def _key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (dt.date, dt.datetime)):
        return key.isoformat()
    return str(key)


def _line_table(text: str) -> dict[str, int]:
    """JSON pointer -> line, by composing the text as YAML (JSON is YAML too)."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, RecursionError):
        return {}
    table: dict[str, int] = {}
    stack: list[tuple[Any, str]] = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, pointer = stack.pop()
        if node is None or id(node) in seen or len(table) > MAX_NODES:
            continue
        seen.add(id(node))
        table.setdefault(pointer, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                token = escape_pointer(_key_text(key.value))
                table.setdefault(f"{pointer}/{token}", key.start_mark.line + 1)
                stack.append((value, f"{pointer}/{token}"))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                stack.append((value, f"{pointer}/{i}"))
    return table


def resolve_pointer(document: Any, pointer: str) -> Any:
    """The value at a JSON pointer (``""`` is the whole document); KeyError if absent."""
    if pointer in ("", "#"):
        return document
    if not pointer.startswith("/"):
        raise KeyError(pointer)
    value = document
    for raw in pointer[1:].split("/"):
        token = unquote(raw).replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            raise KeyError(pointer)
    return value


def load_spec(path: Path) -> LoadedSpec:
    """Read, parse and bundle a spec file; raise :class:`SpecError` on bad input."""
    path = Path(path)
    text = _read(path)
    document = parse_text(text, path)
    if not isinstance(document, dict):
        raise _error(
            path,
            "the document is not a mapping.",
            'A spec starts with `openapi: 3.x` or `swagger: "2.0"` at the top level.',
            line=1,
        )
    spec = LoadedSpec(path=path, document=document, text=text, files=[path])
    _Bundler(spec).run()
    return spec


class _Bundler:
    """Brings ``$ref`` targets from sibling files into the root document."""

    def __init__(self, spec: LoadedSpec) -> None:
        self.spec = spec
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

    def _fail(self, file: Path, pointer: str, message: str, hint: str) -> SpecError:
        line = self.spec.line_of(pointer) if file == self.spec.path.resolve() else None
        return _error(file, message, hint, line=line, pointer=pointer or "/")

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
                f"Check that {fragment or '/'} exists in {_display(target)}.",
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
                    file, pointer, f"$ref {ref!r}: no such file {_display(target)}.", "Check the relative path."
                )
            self.cache[target] = parse_text(_read(target), target)
            self.spec.files.append(target)
        return self.cache[target]


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
