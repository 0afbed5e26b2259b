"""Security schemes, and which of them (and which scopes) each operation requires."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ir import SecurityScheme
from .context import Context, mapping

__all__ = ["operation_scopes", "operation_security", "security_schemes"]


def security_schemes(ctx: Context) -> tuple[SecurityScheme, ...]:
    """The spec's ``components/securitySchemes``, in spec order."""
    found = mapping(mapping(ctx.doc.get("components")).get("securitySchemes"))
    schemes = []
    for name, raw in found.items():
        raw = ctx.deref(raw)
        if not isinstance(raw, Mapping):
            continue
        flows = mapping(raw.get("flows"))
        client_flow = flows.get("clientCredentials")
        token_url = client_flow.get("tokenUrl") if isinstance(client_flow, Mapping) else None
        scheme = raw.get("scheme")
        schemes.append(
            SecurityScheme(
                name=str(name),
                type=str(raw.get("type") or ""),
                scheme=str(scheme).lower() if scheme else None,
                location=str(raw.get("in")) if raw.get("in") else None,
                param_name=str(raw.get("name")) if raw.get("name") else None,
                description=str(raw.get("description") or ""),
                token_url=token_url if isinstance(token_url, str) and token_url else None,
            )
        )
    return tuple(schemes)


def operation_security(
    ctx: Context, raw: Mapping[str, Any], pointer: str, known: frozenset[str]
) -> tuple[tuple[str, ...], ...]:
    """The operation's alternatives of scheme names (its own ``security``, else the spec's).

    A requirement naming a scheme the spec does not define is reported once and
    sends nothing for it; no alternative naming a known scheme means no auth."""
    if "security" in raw:
        requirements, where = raw.get("security"), f"{pointer}/security"
    else:
        requirements, where = ctx.doc.get("security"), "/security"
    alternatives: list[tuple[str, ...]] = []
    for index, requirement in enumerate(requirements if isinstance(requirements, list) else []):
        if not isinstance(requirement, Mapping):
            continue
        names = []
        for name in requirement:
            if str(name) in known:
                names.append(str(name))
            elif (where, str(name)) not in ctx.unknown_schemes:
                ctx.unknown_schemes.add((where, str(name)))
                ctx.report(
                    "warning",
                    f"security requirement names scheme {str(name)!r}, which the spec does not define; "
                    "no credential is sent for it.",
                    f"{where}/{index}",
                    "Define it under components/securitySchemes (securityDefinitions in Swagger 2.0).",
                )
        alternatives.append(tuple(names))
    if all(not names for names in alternatives):
        return ()
    return tuple(dict.fromkeys(alternatives))


def operation_scopes(raw: Mapping[str, Any], described: tuple[str, ...]) -> tuple[str, ...]:
    """The scopes the operation's description names (by its profile), then those its security requires."""
    scopes = list(described)
    for requirement in raw.get("security") or []:
        if isinstance(requirement, Mapping):
            for values in requirement.values():
                scopes.extend(str(v) for v in values or [])
    return tuple(dict.fromkeys(scopes))
