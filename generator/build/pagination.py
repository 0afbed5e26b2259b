"""How a list operation pages: from the target's ``pagination`` option, else from usual names.

A pager needs an optional integer or token query parameter to advance, an
array property holding each page's items and, for tokens, the response field
carrying the next one (for page numbers, optionally a page count).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..ir import Operation, Param
from .context import Context

__all__ = ["pagination"]

_TOKEN_PARAMS = ("next_page_token", "nextPageToken", "page_token", "pageToken", "next_token", "nextToken", "cursor")
_NUMBER_PARAMS = ("page_number", "pageNumber", "page")
_PAGE_COUNTS = ("page_count", "pageCount", "total_pages", "totalPages")
_ITEM_FIELDS = ("items", "entities", "data", "results", "records", "values")


def pagination(ctx: Context, op: Operation) -> dict[str, Any] | None:
    """How ``op`` pages (the fields of :class:`generator.ir.Pagination` but its method name), or None."""
    override = ctx.options.pagination.get(op.operation_id)
    if override is False or op.return_type.kind != "model" or op.return_type.nullable:
        return None
    setting = dict(override) if isinstance(override, Mapping) else {}
    schema = ctx.schemas.schemas.get(str(op.return_type.name))
    properties = schema.definition.get("properties", {}) if schema is not None else {}
    # Only an optional parameter can be left to the pager, and it counts pages in integers.
    query = {p.wire_name: p for p in op.params if p.location == "query" and not p.required}
    lists = {name: ctx.schemas.typeref(prop) for name, prop in properties.items()}
    lists = {name: ref for name, ref in lists.items() if ref.kind == "list"}
    items = setting.get("items") or _pick_items(list(lists))
    if items not in lists:
        return None
    style, request = _request_param(setting, query)
    if style is None or request not in query:
        return None
    response_field = page_count = None
    if style == "token":
        response_field = setting.get("response_field") or next(
            (n for n in (request, *_TOKEN_PARAMS) if n in properties), None
        )
        if response_field is None:
            return None
    else:
        page_count = setting.get("page_count_field") or next((n for n in _PAGE_COUNTS if n in properties), None)
    return {
        "style": style,
        "request_param": query[request].py_name,
        "items": items,
        "item_type": lists[items].args[0],
        "response_field": response_field,
        "page_count_field": page_count if style == "number" else None,
    }


def _request_param(setting: Mapping[str, Any], query: Mapping[str, Param]) -> tuple[str | None, str | None]:
    """The paging style and the query parameter that advances it: as set, else a token, else a page number."""
    style, request = setting.get("style"), setting.get("request_param")
    if style in (None, "token") and request is None:
        request = next((name for name in _TOKEN_PARAMS if name in query), None)
        if request is not None:
            style = "token"
    if style in (None, "number") and request is None:
        request = next((n for n in _NUMBER_PARAMS if n in query and query[n].type.kind == "int"), None)
        if request is not None:
            style = "number"
    return style, request


def _pick_items(names: list[str]) -> str | None:
    """The array property holding a page's items: the only one, or a usual name."""
    if len(names) == 1:
        return names[0]
    return next((n for n in _ITEM_FIELDS if n in names), names[0] if names else None)
