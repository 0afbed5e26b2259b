"""Pagers walking real pages: Zoom's next_page_token and page_number styles."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import zoom_phone_users
import zoom_users
from werkzeug import Request

ROOT = Path(__file__).resolve().parents[2]

TOKEN = "static-secret-token-XYZ"

PHONE_PAGES = {
    None: {
        "next_page_token": "p2",
        "page_size": 2,
        "total_records": 5,
        "users": [{"id": "u1"}, {"id": "u2"}],
    },
    "p2": {
        "next_page_token": "p3",
        "page_size": 2,
        "total_records": 5,
        "users": [{"id": "u3"}, {"id": "u4"}],
    },
    "p3": {
        "next_page_token": "",
        "page_size": 2,
        "total_records": 5,
        "users": [{"id": "u5"}],
    },
}


@pytest.fixture
def phone_pages(server, recorder, reply):
    def page(request: Request):
        return reply(PHONE_PAGES[request.args.get("next_page_token")])

    handler = recorder([page])
    server.expect_request("/v2/phone/users", method="GET").respond_with_handler(handler)
    return handler


def check_phone_requests(handler) -> None:
    assert handler.count == 3
    tokens = [seen["args"].get("next_page_token") for seen in handler.seen]
    assert tokens == [None, ["p2"], ["p3"]]
    for seen in handler.seen:
        assert seen["args"]["page_size"] == ["2"]
        assert seen["headers"]["Authorization"] == f"Bearer {TOKEN}"


def phone_api(host: str):
    client = zoom_phone_users.ApiClient(zoom_phone_users.Configuration(host, access_token=TOKEN))
    return client, zoom_phone_users.UsersApi(client)


def test_token_pager_yields_items_of_all_pages_in_order(host, phone_pages):
    client, api = phone_api(host)
    with client:
        items = list(api.iter_phone_users(page_size=2))
    assert [item.id for item in items] == ["u1", "u2", "u3", "u4", "u5"]
    assert all(isinstance(item, zoom_phone_users.models.ListPhoneUsersResponseUsersItem) for item in items)
    check_phone_requests(phone_pages)


def test_token_pager_pages(host, phone_pages):
    client, api = phone_api(host)
    with client:
        pages = list(api.iter_phone_users(page_size=2).pages())
    assert len(pages) == 3
    assert all(isinstance(page, zoom_phone_users.models.ListPhoneUsersResponse) for page in pages)
    assert [page.next_page_token for page in pages] == ["p2", "p3", ""]
    assert [[user.id for user in page.users] for page in pages] == [
        ["u1", "u2"],
        ["u3", "u4"],
        ["u5"],
    ]
    check_phone_requests(phone_pages)


def test_token_pager_is_lazy(host, phone_pages):
    client, api = phone_api(host)
    with client:
        items = iter(api.iter_phone_users(page_size=2))
        assert phone_pages.count == 0
        assert next(items).id == "u1"
        assert next(items).id == "u2"
        assert phone_pages.count == 1
        assert next(items).id == "u3"
        assert phone_pages.count == 2


def test_async_token_pager(host, phone_pages):
    async def main() -> tuple[list[str | None], int]:
        config = zoom_phone_users.Configuration(host, access_token=TOKEN)
        async with zoom_phone_users.AsyncApiClient(config) as client:
            api = zoom_phone_users.AsyncUsersApi(client)
            ids = [item.id async for item in api.iter_phone_users(page_size=2)]
            return ids

    assert asyncio.run(main()) == ["u1", "u2", "u3", "u4", "u5"]
    check_phone_requests(phone_pages)


def test_async_token_pager_pages(host, phone_pages):
    async def main() -> list[list[str | None]]:
        config = zoom_phone_users.Configuration(host, access_token=TOKEN)
        async with zoom_phone_users.AsyncApiClient(config) as client:
            api = zoom_phone_users.AsyncUsersApi(client)
            return [[user.id for user in page.users] async for page in api.iter_phone_users(page_size=2).pages()]

    assert asyncio.run(main()) == [["u1", "u2"], ["u3", "u4"], ["u5"]]
    check_phone_requests(phone_pages)


def test_a_pagers_earlier_name_still_walks_the_pages_and_warns(host, phone_pages):
    """The lock kept the committed package's first pager name, iter_list_phone_users, as an alias."""
    client, api = phone_api(host)
    with (
        client,
        pytest.warns(DeprecationWarning, match="iter_list_phone_users is the earlier name of iter_phone_users"),
    ):
        items = list(api.iter_list_phone_users(page_size=2))
    assert [item.id for item in items] == ["u1", "u2", "u3", "u4", "u5"]
    check_phone_requests(phone_pages)


def test_an_async_pagers_earlier_name_still_walks_the_pages_and_warns(host, phone_pages):
    async def main() -> list[str | None]:
        config = zoom_phone_users.Configuration(host, access_token=TOKEN)
        async with zoom_phone_users.AsyncApiClient(config) as client:
            api = zoom_phone_users.AsyncUsersApi(client)
            with pytest.warns(DeprecationWarning, match="iter_list_phone_users is the earlier name"):
                pager = api.iter_list_phone_users(page_size=2)
            return [item.id async for item in pager]

    assert asyncio.run(main()) == ["u1", "u2", "u3", "u4", "u5"]
    check_phone_requests(phone_pages)


def test_the_package_readme_names_each_pager_and_its_earlier_name() -> None:
    readme = (ROOT / "generated" / "zoom_phone_users" / "README.md").read_text(encoding="utf-8")
    assert "`list_phone_users` (`iter_phone_users`)" in readme
    assert "`iter_list_phone_users` (now `iter_phone_users`)" in readme


def users_page(number: int) -> dict:
    return {
        "page_count": 3,
        "page_number": number,
        "page_size": 2,
        "total_records": 6,
        "users": [{"id": f"p{number}-a"}, {"id": f"p{number}-b"}],
    }


@pytest.fixture
def numbered_pages(server, recorder, reply):
    def page(request: Request):
        return reply(users_page(int(request.args["page_number"])))

    handler = recorder([page])
    server.expect_request("/v2/users", method="GET").respond_with_handler(handler)
    return handler


def test_number_pager_requests_page_numbers_up_to_page_count(host, numbered_pages):
    with zoom_users.ApiClient(zoom_users.Configuration(host, access_token=TOKEN)) as client:
        items = list(zoom_users.UsersApi(client).iter_users(page_size=2, status="active"))
    assert [item.id for item in items] == [
        "p1-a",
        "p1-b",
        "p2-a",
        "p2-b",
        "p3-a",
        "p3-b",
    ]
    assert [seen["args"]["page_number"] for seen in numbered_pages.seen] == [
        ["1"],
        ["2"],
        ["3"],
    ]
    for seen in numbered_pages.seen:
        assert seen["args"]["page_size"] == ["2"]
        assert seen["args"]["status"] == ["active"]


def test_number_pager_pages(host, numbered_pages):
    with zoom_users.ApiClient(zoom_users.Configuration(host, access_token=TOKEN)) as client:
        pages = list(zoom_users.UsersApi(client).iter_users().pages())
    assert [page.page_number for page in pages] == [1, 2, 3]
    assert numbered_pages.count == 3


def test_async_number_pager(host, numbered_pages):
    async def main() -> list[str | None]:
        config = zoom_users.Configuration(host, access_token=TOKEN)
        async with zoom_users.AsyncApiClient(config) as client:
            return [item.id async for item in zoom_users.AsyncUsersApi(client).iter_users()]

    assert len(asyncio.run(main())) == 6
    assert [seen["args"]["page_number"] for seen in numbered_pages.seen] == [
        ["1"],
        ["2"],
        ["3"],
    ]
