"""Vendor profiles: a vendor's conventions that no OpenAPI field carries.

A generic spec gets a generic package. A target with ``profile = "zoom"``
also gets what Zoom's specs say in prose and what Zoom's callers need:

- the scopes and the rate-limit label written into each operation's
  description (``**Scopes:** `user:read:admin```, ``**Rate Limit Label:**
  `Light```), read into the IR and taken out of the description, so the
  docstring and the docs show them once, as fields;
- the runtime's ``ServerToServerOAuth`` token provider (``zoom_oauth.py``),
  offered in the README's authentication section.

Everything vendor-specific lives here; the build, the renderer and the
security guide ask the target's :class:`Profile`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["PROFILES", "Profile", "TokenHelper", "profile_of"]

_BACKTICKED = re.compile(r"`([^`\s]+)`")


@dataclass(frozen=True)
class TokenHelper:
    """A token provider of the runtime that the README offers for OAuth 2 schemes."""

    #: Its class name, imported from the package.
    name: str
    #: How the README constructs it.
    construction: str
    #: What the README says of it.
    comment: str


@dataclass(frozen=True)
class Profile:
    """What a vendor's conventions add to a generic package."""

    #: The ``profile`` option's value; None for the generic profile.
    name: str | None = None
    #: Runtime modules shipped in the package besides the common ones.
    runtime_files: tuple[str, ...] = ()
    #: What the package's ``__init__`` exports from them: (module, name) pairs.
    exports: tuple[tuple[str, str], ...] = ()
    #: A token provider of the runtime offered for OAuth 2 schemes.
    oauth_helper: TokenHelper | None = None
    #: Where the description names the scopes (group ``body``, scopes in backticks).
    _scopes: re.Pattern[str] | None = None
    #: Where the description names the rate-limit label (group ``label``).
    _rate_limit: re.Pattern[str] | None = None
    #: Notes taken out of descriptions once read (the scopes and rate-limit lines).
    _notes: re.Pattern[str] | None = None

    def scopes_in(self, description: str) -> tuple[str, ...]:
        """The scopes the description names, in order."""
        match = self._scopes.search(description) if self._scopes else None
        return tuple(_BACKTICKED.findall(match.group("body"))) if match else ()

    def rate_limit_in(self, description: str) -> str | None:
        """The rate-limit label the description names, if any."""
        match = self._rate_limit.search(description) if self._rate_limit else None
        return match.group("label").strip() if match else None

    def without_notes(self, text: str) -> str:
        """``text`` less the notes the IR carries as fields."""
        return self._notes.sub("", text) if self._notes else text


GENERIC = Profile()

ZOOM = Profile(
    name="zoom",
    runtime_files=("zoom_oauth.py",),
    exports=(("zoom_oauth", "ServerToServerOAuth"),),
    oauth_helper=TokenHelper(
        name="ServerToServerOAuth",
        construction='ServerToServerOAuth("ACCOUNT_ID", "CLIENT_ID", "CLIENT_SECRET")',
        comment=(
            "Or Zoom Server-to-Server OAuth: tokens fetched, cached until they expire, and renewed "
            "once if the server refuses one (401)"
        ),
    ),
    _scopes=re.compile(
        r"\*\*\s*Scopes?\s*:?\s*\*\*\s*:?(?P<body>.*?)(?:<br|\*\*|\n\s*\n|$)", re.IGNORECASE | re.DOTALL
    ),
    _rate_limit=re.compile(r"Rate\s+Limit\s+Label(?:\]\([^)]*\))?\s*:?\s*\**\s*:?\s*`(?P<label>[^`]+)`", re.IGNORECASE),
    _notes=re.compile(
        r"\*\*\s*(?:\[)?\s*(?:Scopes?|Rate\s+Limit\s+Label|Granular\s+Scopes?)\s*(?:\]\([^)]*\))?\s*:?\s*\*\*"
        r"\s*:?\s*(?:`[^`]*`[\s,]*)*",
        re.IGNORECASE,
    ),
)

#: Every profile by its option value.
PROFILES: dict[str | None, Profile] = {None: GENERIC, "zoom": ZOOM}


def profile_of(name: str | None) -> Profile:
    """The profile a ``profile`` option names (the option is checked when it is read)."""
    return PROFILES[name]
