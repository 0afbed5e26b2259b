"""Spec text into plain data, safely; and the value at a JSON pointer in it.

JSON or YAML is read with a safe loader, checked against alias bombs and
absurd nesting before any parser recurses, its mapping keys made strings (YAML
turns ``200:`` into an integer) and its dates back into text. No file is read
here: :mod:`generator.load` reads them.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from itertools import accumulate
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import yaml

from .diagnostics import GenerationError, escape_pointer

__all__ = [
    "MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "YAML_LOADER", "display_path", "file_error", "key_text", "line_table",
    "parse_text", "resolve_pointer",
]  # fmt: skip

#: Largest spec file read, in bytes; the biggest public specs are ~30 MB.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Most values a document may expand to once YAML aliases are followed.
MAX_NODES = 5_000_000
#: Deepest nesting accepted; real specs stay below 40.
MAX_DEPTH = 200

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def display_path(path: Path) -> str:
    """``path`` relative to the working folder when it is under it, as error messages show it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def file_error(
    path: Path | str, message: str, hint: str, *, line: int | None = None, pointer: str | None = None
) -> GenerationError:
    """The error of one diagnostic about the spec file ``path``."""
    shown = display_path(path) if isinstance(path, Path) else path
    return GenerationError.single(message, hint, file=shown, pointer=pointer, line=line)


def parse_text(text: str, source: Path | str) -> Any:
    """Parse JSON or YAML text into plain data; errors name the line."""
    name = str(source)
    if name.endswith(".json") or text.lstrip()[:1] in ("{", "["):
        _check_json_depth(text, source)
        try:
            data = json.loads(text, parse_constant=_reject_constant)
        except json.JSONDecodeError as exc:
            raise file_error(
                source, f"invalid JSON: {exc.msg}.", "Fix the syntax at that line.", line=exc.lineno
            ) from None
        except ValueError as exc:
            raise file_error(source, f"invalid JSON: {exc}.", "Use plain JSON numbers.") from None
        except RecursionError:
            raise file_error(source, "the JSON nests too deeply.", f"Keep nesting under {MAX_DEPTH} levels.") from None
    else:
        try:
            _check_yaml_depth(text, source)
            data = yaml.load(text, Loader=YAML_LOADER)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = min(mark.line + 1, text.count("\n") + 1) if mark else None
            problem = exc.problem or exc.context or "syntax error"
            if "nesting depth" in problem:  # libyaml's own limit (PyYAML 6.0.4 and later), met while scanning ahead
                raise _too_deep(source, "YAML", line or 1) from None
            raise file_error(source, f"invalid YAML: {problem}.", "Fix the syntax at that line.", line=line) from None
        except yaml.YAMLError as exc:
            raise file_error(source, f"invalid YAML: {exc}.", "Fix the file's syntax.") from None
        except RecursionError:
            raise file_error(source, "the YAML nests too deeply.", f"Keep nesting under {MAX_DEPTH} levels.") from None
        _check_expansion(data, source)
    return _plain(data, source)


_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _too_deep(source: Path | str, kind: str, line: int) -> GenerationError:
    return file_error(
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
    for event in yaml.parse(text, Loader=YAML_LOADER):
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
            raise file_error(
                source, "a YAML alias refers to itself.", "Remove the recursive anchor.", pointer=pointer or "/"
            )
        if depth > MAX_DEPTH:
            raise file_error(
                source, f"nesting deeper than {MAX_DEPTH} levels.", "Flatten the document.", pointer=pointer
            )
        active.add(key)
        children = value.items() if isinstance(value, dict) else enumerate(value)
        total = 1
        for name, child in children:
            total += size(child, depth + 1, f"{pointer}/{escape_pointer(key_text(name))}")
            if total > MAX_NODES:
                raise file_error(
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
    return _PlainCopy(source).walk(data, 0, "")


class _PlainCopy:
    """The walk of :func:`_plain`: the values copied so far, and the containers being copied."""

    def __init__(self, source: Path | str) -> None:
        self.source = source
        self.count = 0
        self.active: set[int] = set()

    def walk(self, value: Any, depth: int, pointer: str) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise file_error(
                self.source,
                f"the document expands to more than {MAX_NODES} values.",
                "Remove repeated YAML aliases (anchors used many times expand into copies).",
            )
        if depth > MAX_DEPTH:
            raise file_error(
                self.source, f"nesting deeper than {MAX_DEPTH} levels.", "Flatten the document.", pointer=pointer
            )
        if isinstance(value, (dict, list)):
            return self._container(value, depth, pointer)
        if isinstance(value, str):
            _check_text(value, self.source, pointer)
            return value
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, float) and not math.isfinite(value):
            return str(value)
        if isinstance(value, bytes):
            return value.decode("latin-1")
        if isinstance(value, (set, tuple)):
            return [self.walk(item, depth + 1, pointer) for item in value]
        return value

    def _container(self, value: dict[Any, Any] | list[Any], depth: int, pointer: str) -> Any:
        if id(value) in self.active:
            raise file_error(
                self.source, "a YAML alias refers to itself.", "Remove the recursive anchor.", pointer=pointer
            )
        self.active.add(id(value))
        if isinstance(value, dict):
            out: Any = {}
            for key, item in value.items():
                skey = key_text(key)
                _check_text(skey, self.source, pointer)
                out[skey] = self.walk(item, depth + 1, pointer + "/" + escape_pointer(skey))
        else:
            out = [self.walk(item, depth + 1, f"{pointer}/{i}") for i, item in enumerate(value)]
        self.active.discard(id(value))
        return out


_SURROGATE = re.compile("[\ud800-\udfff]")


def _check_text(text: str, source: Path | str, pointer: str) -> None:
    """Refuse a lone UTF-16 surrogate (JSON's ``\\ud800``): no file can hold it as UTF-8."""
    if _SURROGATE.search(text):
        raise file_error(
            source,
            "the text holds a lone UTF-16 surrogate (an escape such as \\ud800 without its pair).",
            "Write the character itself, or a complete surrogate pair.",
            pointer=pointer or "/",
        )


def key_text(key: Any) -> str:
    """A parsed mapping key as the string JSON has (YAML keys may be numbers, booleans, dates)."""
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (dt.date, dt.datetime)):
        return key.isoformat()
    return str(key)


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


def line_table(text: str) -> dict[str, int]:
    """JSON pointer -> line, by composing the text as YAML (JSON is YAML too)."""
    try:
        root = yaml.compose(text, Loader=YAML_LOADER)
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
                token = escape_pointer(key_text(key.value))
                table.setdefault(f"{pointer}/{token}", key.start_mark.line + 1)
                stack.append((value, f"{pointer}/{token}"))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                stack.append((value, f"{pointer}/{i}"))
    return table
