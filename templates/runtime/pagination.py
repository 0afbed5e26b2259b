"""Lazy iteration over paged list operations, the same shape sync and async.

``for user in api.iter_users()`` walks every item of every page, fetching a
page only when the previous one is used up; ``for page in
api.iter_users().pages()`` walks the pages themselves. The async twins are
``async for`` over the same objects.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import Any, Generic, Literal, TypeVar

from pydantic import RootModel

__all__ = ["AsyncPager", "PageStyle", "Pager"]

PageT = TypeVar("PageT")
ItemT = TypeVar("ItemT")

#: ``token``: the next request carries the previous page's token (Zoom's
#: ``next_page_token``); ``number``: it asks for the next page number
#: (Genesys' ``pageNumber``) until the page count is reached or a page is empty.
PageStyle = Literal["token", "number"]

#: Most pages one pager fetches; a server that keeps answering with a next
#: token (or a page count it never reaches) cannot loop a client forever.
MAX_PAGES = 100_000


class _Paging:
    def __init__(
        self,
        style: PageStyle,
        items: str,
        *,
        request_param: str,
        response_field: str | None = None,
        page_count_field: str | None = None,
        start: int = 1,
    ) -> None:
        self.style = style
        self.items_field = items
        self.request_param = request_param
        self.response_field = response_field
        self.page_count_field = page_count_field
        self.start = start

    def first_arguments(self, arguments: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """The first request's arguments, and its page number (number style)."""
        arguments = dict(arguments)
        if self.style != "number":
            return arguments, 0
        number = arguments.get(self.request_param) or self.start
        arguments[self.request_param] = number
        return arguments, number

    def items_of(self, page: Any) -> Sequence[Any]:
        items = _field(page, self.items_field)
        return items if isinstance(items, list) else []

    def next_arguments(self, page: Any, number: int) -> dict[str, Any] | None:
        """The argument that asks for the page after ``page``, or None at the end."""
        if self.style == "token":
            token = _field(page, self.response_field or self.request_param)
            return {self.request_param: token} if token else None
        if not self.items_of(page):
            return None
        count = _field(page, self.page_count_field) if self.page_count_field else None
        if isinstance(count, int) and number >= count:
            return None
        return {self.request_param: number + 1}


class Pager(_Paging, Generic[PageT, ItemT]):
    """Iterates over the items of every page; :meth:`pages` over the pages."""

    def __init__(self, fetch: Callable[..., PageT], arguments: dict[str, Any], **paging: Any) -> None:
        super().__init__(**paging)
        self._fetch = fetch
        self._arguments = arguments

    def pages(self) -> Iterator[PageT]:
        arguments, number = self.first_arguments(self._arguments)
        for _ in range(MAX_PAGES):
            page = self._fetch(**arguments)
            yield page
            following = self.next_arguments(page, number)
            if following is None:
                return
            arguments.update(following)
            number += 1

    def __iter__(self) -> Iterator[ItemT]:
        for page in self.pages():
            yield from self.items_of(page)


class AsyncPager(_Paging, Generic[PageT, ItemT]):
    """``async for`` over the items of every page; :meth:`pages` over the pages."""

    def __init__(self, fetch: Callable[..., Awaitable[PageT]], arguments: dict[str, Any], **paging: Any) -> None:
        super().__init__(**paging)
        self._fetch = fetch
        self._arguments = arguments

    async def pages(self) -> AsyncIterator[PageT]:
        arguments, number = self.first_arguments(self._arguments)
        for _ in range(MAX_PAGES):
            page = await self._fetch(**arguments)
            yield page
            following = self.next_arguments(page, number)
            if following is None:
                return
            arguments.update(following)
            number += 1

    async def __aiter__(self) -> AsyncIterator[ItemT]:
        async for page in self.pages():
            for item in self.items_of(page):
                yield item


def _field(page: Any, name: str | None) -> Any:
    """A page's field by wire name: a dict key, a model attribute or a model alias.

    A named alias (a ``RootModel`` such as ``NextToken(RootModel[str])``) gives
    its value, so an empty token ends the walk and a list alias holds the items.
    """
    if name is None:
        return None
    if isinstance(page, RootModel):
        page = page.root
    if isinstance(page, dict):
        value = page.get(name)
    elif hasattr(page, name):
        value = getattr(page, name)
    else:
        value = next(
            (
                getattr(page, attribute)
                for attribute, info in getattr(type(page), "model_fields", {}).items()
                if info.alias == name
            ),
            None,
        )
    while isinstance(value, RootModel):
        value = value.root
    return value
