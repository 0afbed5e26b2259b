"""Security, as generated code, docs and tests see it: from the spec's schemes, never assumed.

The runtime (``api_client.py``) picks, per call, the first of an operation's
alternatives whose credentials are configured; everything here mirrors that
rule: the README shows the schemes the operations use, the docs list each
operation's alternatives, and the generated tests configure a credential for
every scheme and assert the one the runtime must pick, wherever it travels.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from .ir import Api, Operation, SecurityScheme
from .profiles import profile_of
from .text import pyrepr, shown_name

__all__ = [
    "NO_AUTH",
    "TEST_API_KEY",
    "TEST_PASSWORD",
    "TEST_TOKEN",
    "TEST_USERNAME",
    "AuthExpectation",
    "AuthGuide",
    "auth_guide",
    "auth_source",
    "auth_text",
    "expected_auth",
    "scheme_fields",
    "test_credentials",
]

#: Credentials the generated tests configure.
TEST_TOKEN = "test-token"
TEST_API_KEY = "test-key"
TEST_USERNAME = "test-user"
TEST_PASSWORD = "test-password"


@dataclass(frozen=True)
class AuthGuide:
    """How a caller authenticates, for the README: the spec's schemes, most used first."""

    #: Names imported besides ApiClient and Configuration.
    imports: tuple[str, ...]
    #: (comment, Configuration arguments) per way to authenticate.
    ways: tuple[tuple[str, str], ...]
    #: The arguments of the other examples' Configuration.
    main: str


def auth_guide(api: Api, profile: str | None = None) -> AuthGuide:
    """The README's authentication section, from the schemes the operations use."""
    uses: dict[str, int] = {}
    for op in api.operations:
        chosen = next((alternative for alternative in op.security if alternative), ())
        for name in chosen:
            uses[name] = uses.get(name, 0) + 1
    by_name = {scheme.name: scheme for scheme in api.security_schemes}
    order = sorted(uses, key=lambda name: (-uses[name], name))
    imports: list[str] = []
    ways: list[tuple[str, str]] = []
    for name in order:
        scheme = by_name[name]
        kind = scheme.credential
        shown = shown_name(name)  # one line of visible text: it lands in a comment
        if kind == "api_key":
            where = {"query": "query parameter", "cookie": "cookie"}.get(scheme.location or "header", "header")
            arguments = f'api_key={{{name!r}: "YOUR_API_KEY"}}'
            ways.append((f"{shown}: an API key, sent as the {scheme.param_name or name!r} {where}", arguments))
        elif kind in ("basic", "digest"):
            ways.append((f"{shown}: HTTP {kind} authentication", 'username="USERNAME", password="PASSWORD"'))
        elif kind == "certificate":
            ways.append((f"{shown}: a TLS client certificate", 'cert=("client.pem", "client.key")'))
        else:
            what = {"oauth2": "an OAuth 2.0 access token", "openIdConnect": "an OpenID Connect access token"}.get(
                scheme.type, f"an HTTP {scheme.scheme or 'bearer'} token"
            )
            ways.append((f"{shown}: {what} you already have", 'access_token="YOUR_ACCESS_TOKEN"'))
            if scheme.token_url:
                imports.append("ClientCredentialsAuth")
                comment = (
                    f"{shown}: or tokens fetched with your client credentials, cached until they expire and "
                    "renewed once if the server refuses one (401)"
                )
                provider = f'ClientCredentialsAuth({scheme.token_url!r}, "CLIENT_ID", "CLIENT_SECRET")'
                ways.append((comment, f"token_provider={provider}"))
            helper = profile_of(profile).oauth_helper
            if helper is not None and scheme.type == "oauth2" and helper.name not in imports:
                imports.append(helper.name)
                ways.append((helper.comment, f"token_provider={helper.construction}"))
    return AuthGuide(tuple(dict.fromkeys(imports)), tuple(ways), ways[0][1] if ways else "")


def scheme_fields(scheme: SecurityScheme) -> dict[str, str]:
    """The facts of a security scheme the runtime needs to apply credentials."""
    fields = {"type": scheme.type}
    if scheme.scheme:
        fields["scheme"] = scheme.scheme
    if scheme.location:
        fields["in"] = scheme.location
    if scheme.param_name:
        fields["name"] = scheme.param_name
    return fields


def auth_source(op: Operation) -> str | None:
    """The ``auth=`` argument of a call: one name per one-scheme alternative, a tuple where
    schemes go together, ``()`` where none is needed; None when the call needs none."""
    if not op.security:
        return None
    return pyrepr(tuple(alternative[0] if len(alternative) == 1 else alternative for alternative in op.security))


def auth_text(op: Operation, schemes: tuple[SecurityScheme, ...]) -> str:
    """The operation's alternatives in words, for the docs (names as plain text)."""
    if not op.security:
        return "No authorization required"
    by_name = {scheme.name: scheme for scheme in schemes}
    words = []
    for alternative in op.security:
        if not alternative:
            words.append("none (optional)")
            continue
        words.append(" and ".join(f"{name} ({_kind_words(by_name[name])})" for name in alternative))
    return " or ".join(words)


def _kind_words(scheme: SecurityScheme) -> str:
    kind = scheme.credential
    if kind == "api_key":
        return f"API key in {scheme.location or 'header'} {scheme.param_name or scheme.name}"
    if kind in ("basic", "digest"):
        return f"HTTP {kind}"
    if kind == "certificate":
        return "TLS client certificate"
    return {"oauth2": "OAuth 2.0 token", "openIdConnect": "OpenID Connect token"}.get(
        scheme.type, f"HTTP {scheme.scheme or 'bearer'} token"
    )


def test_credentials(api: Api) -> str:
    """The generated tests' ``Configuration`` arguments: a credential for every scheme used."""
    used = {name for op in api.operations for name in op.security_names}
    kinds = {scheme.credential for scheme in api.security_schemes if scheme.name in used}
    parts = []
    if "token" in kinds:
        parts.append(f"access_token={TEST_TOKEN!r}")
    keys = [scheme.name for scheme in api.security_schemes if scheme.name in used and scheme.credential == "api_key"]
    if keys:
        parts.append("api_key={" + ", ".join(f"{pyrepr(name)}: {TEST_API_KEY!r}" for name in keys) + "}")
    if kinds & {"basic", "digest"}:
        parts.append(f"username={TEST_USERNAME!r}, password={TEST_PASSWORD!r}")
    return ", ".join(parts)


@dataclass(frozen=True)
class AuthExpectation:
    """What a generated test expects of a call's credentials."""

    #: Query pairs the credential adds, after the operation's own.
    query: tuple[tuple[str, str], ...] = ()
    #: (header name, value) pairs the request must carry.
    headers: tuple[tuple[str, str], ...] = ()
    #: (cookie name, value) pairs the request must carry.
    cookies: tuple[tuple[str, str], ...] = ()
    #: HTTP digest: the first request goes without credentials (httpx answers the challenge).
    digest: bool = False


#: A call that carries no credential.
NO_AUTH = AuthExpectation()


def expected_auth(op: Operation, schemes: tuple[SecurityScheme, ...]) -> AuthExpectation:
    """The credentials the runtime sends for ``op`` when :func:`test_credentials` are configured:
    those of its first alternative whose schemes all have one (a certificate never does)."""
    by_name = {scheme.name: scheme for scheme in schemes}
    chosen = next(
        (
            alternative
            for alternative in op.security
            if alternative and all(by_name[name].credential != "certificate" for name in alternative)
        ),
        (),
    )
    query: list[tuple[str, str]] = []
    headers: list[tuple[str, str]] = []
    cookies: list[tuple[str, str]] = []
    digest = False
    for name in chosen:
        scheme = by_name[name]
        kind = scheme.credential
        if kind == "api_key":
            where, key = scheme.location or "header", scheme.param_name or name
            {"query": query, "cookie": cookies}.get(where, headers).append((key, TEST_API_KEY))
        elif kind == "basic":
            pair = base64.b64encode(f"{TEST_USERNAME}:{TEST_PASSWORD}".encode()).decode("ascii")
            headers.append(("Authorization", f"Basic {pair}"))
        elif kind == "digest":
            digest = True
        else:
            http_scheme = scheme.scheme if scheme.type == "http" and scheme.scheme else "bearer"
            headers.append(("Authorization", f"{http_scheme[:1].upper()}{http_scheme[1:]} {TEST_TOKEN}"))
    # Two schemes of one requirement may fill the same header (a spec's own conflict): the
    # runtime applies them in order, so the last one's value is sent; a header parameter of the
    # same name (Swagger 2.0 specs declare Authorization so) is the caller's and wins.
    last: dict[str, tuple[str, str]] = {}
    for name, value in headers:
        last[name.lower()] = (name, value)
    for param in op.header_params:
        last.pop(param.wire_name.lower(), None)
    return AuthExpectation(tuple(query), tuple(last.values()), tuple(cookies), digest)
