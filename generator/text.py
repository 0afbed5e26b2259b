"""Text for generated files: names, prose, Markdown and literals made safe where they land.

Templates never write a spec's text raw: Python literals go through
:func:`pyrepr`, docstrings through :func:`docstring`, Markdown through
:func:`md_text`, :func:`md_cell` or :func:`md_prose`, TOML through
:func:`toml_string`.
"""

from __future__ import annotations

import html
import json
import re
import textwrap
from collections.abc import Iterable
from typing import Any


def shown_name(name: str) -> str:
    """A file name as one line of visible text, whatever it holds.

    Non-printable characters (line breaks of every kind, NUL, DEL) and
    backslashes are written as Python escapes, and ``--`` as ``-\\x2d``, so the
    name can end neither a ``#`` comment nor an HTML comment.
    """
    shown = "".join(c if c.isprintable() and c != "\\" else c.encode("unicode_escape").decode("ascii") for c in name)
    return shown.replace("--", "-\\x2d")


# ------------------------------------------------------------------ filters


_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<\s*(?:br|/p|p|/li|li|/div|div)\b[^>]*>", re.IGNORECASE)


def plain_text(text: str) -> str:
    """Spec prose (Markdown with some HTML) as plain paragraphs."""
    text = str(text or "").replace("\r\n", "\n")
    text = _BREAK.sub("\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    paragraphs = []
    for block in re.split(r"\n\s*\n|\n", text):
        block = " ".join(block.split())
        if block:
            paragraphs.append(block)
    return "\n\n".join(paragraphs)


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _escape_controls(text: str) -> str:
    """Control characters and Unicode line breaks (not ``\\n`` or tab) as visible escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def doc_safe(value: Any) -> str:
    """Any text placed in a docstring: nothing in it can end the string or the file.

    Backslashes, triple quotes, a closing quote and control characters are
    escaped; a line break stays a line break.
    """
    text = _escape_controls(str(value).replace("\\", "\\\\").replace('"""', '\\"\\"\\"'))
    return text[:-1] + '\\"' if text.endswith('"') else text


def docstring(text: str, indent: int = 8, width: int = 88) -> str:
    """Text fit for a docstring body at ``indent``: wrapped, quotes and backslashes escaped."""
    body = doc_safe(plain_text(text))
    pad = " " * indent
    lines = []
    for paragraph in body.split("\n\n"):
        wrapped = textwrap.wrap(
            paragraph, width=max(40, width - indent), break_long_words=False, break_on_hyphens=False
        )
        lines.extend(wrapped or [""])
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join((pad + line) if line else "" for line in lines).lstrip()


def sentence(text: str) -> str:
    """A one-line summary ending in a full stop, as PEP 257 asks of a docstring's first line."""
    line = " ".join(plain_text(text).split())
    return line if not line or line[-1] in ".!?:" else line + "."


def hanging(text: str, indent: int, width: int = 88) -> str:
    """Wrap with continuation lines indented by ``indent`` (docstring Args entries)."""
    body = doc_safe(" ".join(plain_text(text).split()))
    lines = textwrap.wrap(body, width=max(40, width - indent), break_long_words=False, break_on_hyphens=False)
    return ("\n" + " " * indent).join(lines)


_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*(?=(?:javascript|vbscript|data|file):)", re.IGNORECASE)


def md_prose(text: str) -> str:
    """Spec prose for a Markdown page: Markdown stays (emphasis, code, links), raw HTML and
    script links do not, control characters become visible escapes."""
    prose = html.escape(plain_text(text), quote=False)
    return _escape_controls(_UNSAFE_LINK.sub("\\]\\(", prose))


def md_cell(text: str) -> str:
    """Prose for one Markdown table cell: one line, pipes escaped."""
    return " ".join(md_prose(text).split()).replace("|", "\\|")


_MD_SPECIAL = re.compile(r"([\\`*<>&\[\]|])")


def md_text(value: Any) -> str:
    """A name or title in running Markdown: one line, shown exactly as text."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(_escape_controls(str(value)).split()))


def md_code(value: Any) -> str:
    """A value as one inline code span, fenced by more backticks than it holds."""
    text = _escape_controls(" ".join(str(value).splitlines()))
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def toml_string(value: Any) -> str:
    """A TOML basic string: JSON's escapes are TOML's, plus DEL, which TOML wants escaped."""
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")


def dunder_all(names: Iterable[str]) -> list[str]:
    """Names in the order ruff expects of ``__all__``: CONSTANTS, Classes, the rest."""

    def key(name: str) -> tuple[int, list[Any]]:
        group = 0 if name.isupper() else 1 if name[:1].isupper() else 2
        return group, [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]

    return sorted(set(names), key=key)


def doc_literal(value: Any) -> str:
    """A Python literal as a person writes it in docs: double quotes, no escapes needed."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes):
        return "b" + json.dumps(value.decode("latin-1"))
    if isinstance(value, dict):
        return "{" + ", ".join(f"{doc_literal(k)}: {doc_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        inner = ", ".join(doc_literal(v) for v in value)
        return (
            f"({inner},)"
            if isinstance(value, tuple) and len(value) == 1
            else (f"({inner})" if isinstance(value, tuple) else f"[{inner}]")
        )
    return repr(value)


def pyrepr(value: Any) -> str:
    """A Python literal; black normalises the quotes afterwards."""
    return repr(value)


# ------------------------------------------------------------------- views
