"""Names: the one place that turns spec spellings into Python identifiers.

The case rules follow swagger-codegen, whose output the published client
documentation follows: ``userSSOTokenDelete`` becomes ``user_sso_token_delete``
and ``userId`` becomes ``user_id``. A :class:`Namer` hands out names within one
scope (a module's classes, a method's parameters) so that two spec names that
sanitise to the same identifier are told apart deterministically, and the
caller learns about it to report a warning.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from dataclasses import dataclass, field

__all__ = [
    "KEYWORD_ESCAPES",
    "Namer",
    "escape_keyword",
    "keyword_pattern",
    "pascal_case",
    "snake_case",
]

_ACRONYM_BOUNDARY = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_UPPER_BOUNDARY = re.compile(r"([a-z\d])([A-Z])")
_NON_WORD = re.compile(r"[^0-9a-zA-Z_]+")
_UNDERSCORES = re.compile(r"_+")

#: How a Python keyword used as a name is made legal: ``suffix`` gives
#: ``from_`` (PEP 8), ``prefix`` gives ``_from`` (swagger-codegen's rule); any
#: other value is a pattern with ``{name}`` or ``{Name}`` (capitalised), e.g.
#: ``pc{Name}`` gives ``pcPass`` as the Genesys SDK writes it.
KEYWORD_ESCAPES = {"suffix": "{name}_", "prefix": "_{name}"}

# Soft keywords are legal identifiers, but a parameter called ``match`` reads
# fine, so only hard keywords are escaped.
_KEYWORDS = frozenset(keyword.kwlist)


def _ascii_words(text: str) -> str:
    """Fold accents away and replace every run of other characters by ``_``."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub("_", folded)


def snake_case(text: str) -> str:
    """``userSSOTokenDelete`` -> ``user_sso_token_delete``; never empty.

    Identifier rules are not applied here beyond the character set: see
    :func:`escape_keyword` and :meth:`Namer.claim` for keywords and digits.
    """
    word = _ascii_words(text)
    word = _ACRONYM_BOUNDARY.sub(r"\1_\2", word)
    word = _LOWER_UPPER_BOUNDARY.sub(r"\1_\2", word)
    word = _UNDERSCORES.sub("_", word).strip("_").lower()
    return word or "value"


def pascal_case(text: str) -> str:
    """``list phone-users`` -> ``ListPhoneUsers``; inner capitals are kept.

    A leading digit gets an ``N`` before it (``3D Model`` -> ``N3DModel``), as
    :func:`escape_keyword` gives snake-case names an ``n``: a class name never
    starts with a digit.
    """
    parts = [part for part in _ascii_words(text).split("_") if part]
    word = "".join(part[0].upper() + part[1:] for part in parts)
    return f"N{word}" if word[:1].isdigit() else word or "Model"


def keyword_pattern(rule: str) -> str:
    """The pattern of a keyword-escape rule; ValueError if it cannot make an identifier."""
    pattern = KEYWORD_ESCAPES.get(rule, rule)
    if "{name}" not in pattern and "{Name}" not in pattern:
        raise ValueError(f"keyword_escape must be suffix, prefix or a pattern with {{name}} or {{Name}}, not {rule!r}")
    sample = pattern.format(name="class", Name="Class")
    if not sample.isidentifier() or keyword.iskeyword(sample):
        raise ValueError(f"keyword_escape {rule!r} does not make an identifier (class -> {sample!r})")
    return pattern


def escape_keyword(name: str, rule: str = "suffix") -> str:
    """Make ``name`` a legal identifier: keywords escaped by ``rule``, no leading digit."""
    pattern = keyword_pattern(rule)
    if name[:1].isdigit():
        name = f"n{name}" if rule == "suffix" else f"_{name}"
    if name in _KEYWORDS or name in ("None", "True", "False"):
        name = pattern.format(name=name, Name=name[:1].upper() + name[1:])
    return name


@dataclass
class Namer:
    """Claims unique names within one scope.

    ``reserved`` names are never handed out. With ``fold_case``, names that
    differ only in letter case count as the same: model classes need it,
    because two classes ``User`` and ``user`` in one module read as a mistake
    and collide on case-insensitive file systems wherever names become files.
    """

    reserved: frozenset[str] = frozenset()
    fold_case: bool = False
    _taken: set[str] = field(default_factory=set)

    def _key(self, name: str) -> str:
        return name.lower() if self.fold_case else name

    def taken(self, name: str) -> bool:
        key = self._key(name)
        return key in self._taken or any(key == self._key(r) for r in self.reserved)

    def claim(self, name: str, *suffixes: str) -> str:
        """Return ``name``, or the first free ``name + suffix``, then ``name2``...

        The fallbacks are tried in order, so the outcome depends only on the
        order of claims, which the caller keeps equal to the spec's order.
        """
        candidates = [name, *(f"{name}{suffix}" for suffix in suffixes)]
        for candidate in candidates:
            if not self.taken(candidate):
                self._taken.add(self._key(candidate))
                return candidate
        number = 2
        while self.taken(f"{name}{number}"):
            number += 1
        chosen = f"{name}{number}"
        self._taken.add(self._key(chosen))
        return chosen
