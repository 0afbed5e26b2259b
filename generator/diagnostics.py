"""Errors and warnings as data: level, file, JSON pointer, line, what to do."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

__all__ = ["Diagnostic", "GenerationError", "Reporter", "escape_pointer", "join_pointer"]


class Reporter(Protocol):
    """Where a stage says what it found: ``report("warning", message, pointer, hint)``.

    ``level`` is ``"error"`` or ``"warning"``; ``pointer`` is the JSON pointer
    in the spec the message is about; ``hint`` says what to do ("" if nothing).
    """

    def __call__(self, level: str, message: str, pointer: str, hint: str, /) -> None: ...


def escape_pointer(token: str) -> str:
    """One JSON-pointer token (RFC 6901): ``~`` -> ``~0``, ``/`` -> ``~1``."""
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(pointer: str, *tokens: object) -> str:
    return pointer + "".join("/" + escape_pointer(str(t)) for t in tokens)


@dataclass(frozen=True)
class Diagnostic:
    """Something the user should read: where it is, what is wrong, what to do."""

    level: Literal["error", "warning"]
    message: str
    file: str | None = None
    pointer: str | None = None
    line: int | None = None
    hint: str = ""

    def format(self) -> str:
        """``specs/x.yaml:212: /paths/~1users/get: message. hint`` on one paragraph."""
        where = self.file or "specgen"
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.pointer is not None:
            parts.append(self.pointer or "/")
        text = ": ".join(parts) + f": {self.level}: {self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


class GenerationError(Exception):
    """Why a generation stopped, as diagnostics: a spec, a configuration, a lock or an output
    folder it cannot use (the user's to fix), or, rarely, a specgen bug (said as such)."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))

    @classmethod
    def single(
        cls,
        message: str,
        hint: str = "",
        *,
        file: str | None = None,
        pointer: str | None = None,
        line: int | None = None,
    ) -> GenerationError:
        """The error of one diagnostic: what is wrong, what to do, and where (when known)."""
        return cls([Diagnostic("error", message, file, pointer, line, hint)])
