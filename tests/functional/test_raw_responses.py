"""client.raw_responses(): the HTTP exchange alongside the parsed result."""

from __future__ import annotations

import asyncio
import json

import pytest
from werkzeug import Response
from zoom_users import (
    ApiClient,
    ApiResponse,
    AsyncApiClient,
    AsyncUsersApi,
    Configuration,
    NotFoundError,
    UsersApi,
)

TOKEN = "static-secret-token-XYZ"
BODY = json.dumps({"id": "me-1", "email": "me@example.com", "extra_field": [1, 2]}).encode()


def user_response(status: int = 200, body: bytes = BODY) -> Response:
    return Response(
        body,
        status=status,
        content_type="application/json",
        headers={"X-Zm-Trackingid": "track-42", "X-RateLimit-Remaining": "99"},
    )


def test_raw_response_alongside_the_parsed_result(server, host):
    server.expect_request("/v2/users/me").respond_with_response(user_response())
    with (
        ApiClient(Configuration(host, access_token=TOKEN)) as client,
        client.raw_responses() as seen,
    ):
        user = UsersApi(client).user("me", login_type="100")
    assert user.id == "me-1"
    assert len(seen) == 1
    raw = seen[-1]
    assert isinstance(raw, ApiResponse)
    assert raw.status_code == 200
    assert raw.method == "GET"
    assert raw.headers["x-zm-trackingid"] == "track-42"
    assert raw.headers["X-RateLimit-Remaining"] == "99"
    assert raw.headers["content-type"] == "application/json"
    assert raw.content == BODY
    assert json.loads(raw.text) == json.loads(BODY)
    assert raw.url == f"{host}/users/me"  # no query string
    assert raw.elapsed >= 0


def test_raw_responses_only_inside_the_block(server, host):
    server.expect_request("/v2/users/me").respond_with_response(user_response())
    with ApiClient(Configuration(host, access_token=TOKEN)) as client:
        api = UsersApi(client)
        api.user("me")
        with client.raw_responses() as seen:
            api.user("me")
            api.user("me")
        api.user("me")
    assert len(seen) == 2


def test_raw_responses_include_retried_and_failed_responses(server, host, recorder):
    handler = recorder(
        [
            user_response(503, b'{"message": "unavailable"}'),
            user_response(),
            user_response(404, b'{"code": 1001, "message": "User does not exist"}'),
        ]
    )
    server.expect_request("/v2/users/me").respond_with_handler(handler)
    config = Configuration(host, access_token=TOKEN, backoff_factor=0.01)
    with ApiClient(config) as client:
        api = UsersApi(client)
        with client.raw_responses() as seen:
            assert api.user("me").id == "me-1"
            with pytest.raises(NotFoundError):
                api.user("me")
    assert [raw.status_code for raw in seen] == [503, 200, 404]
    assert seen[0].content == b'{"message": "unavailable"}'
    assert seen[2].content == b'{"code": 1001, "message": "User does not exist"}'


def test_raw_responses_async_per_task(server, host):
    server.expect_request("/v2/users/me").respond_with_response(user_response())

    async def main():
        async with AsyncApiClient(Configuration(host, access_token=TOKEN)) as client:
            api = AsyncUsersApi(client)

            async def other_task() -> None:
                await api.user("me")

            with client.raw_responses() as seen:
                user = await api.user("me")
                await asyncio.gather(other_task(), other_task())
            return user, seen

    user, seen = asyncio.run(main())
    assert user.id == "me-1"
    # gather() runs the other tasks in copies of this context, so they record too;
    # either way this task's own response is there with its body.
    assert seen[0].status_code == 200
    assert seen[0].content == BODY
    assert seen[0].headers["x-zm-trackingid"] == "track-42"


def test_raw_responses_records_only_its_own_clients_calls(server, host):
    server.expect_request("/v2/users/me").respond_with_response(user_response())
    config = Configuration(host, access_token=TOKEN)
    with ApiClient(config) as mine, ApiClient(config) as other, mine.raw_responses() as seen:
        UsersApi(other).user("me")
        UsersApi(mine).user("me")
        UsersApi(other).user("me")
    assert len(seen) == 1


def test_raw_responses_of_two_clients_nested(server, host):
    server.expect_request("/v2/users/me").respond_with_response(user_response())
    config = Configuration(host, access_token=TOKEN)
    with ApiClient(config) as first, ApiClient(config) as second, first.raw_responses() as first_seen:
        UsersApi(first).user("me")
        with second.raw_responses() as second_seen:
            UsersApi(first).user("me")
            UsersApi(second).user("me")
        with first.raw_responses() as inner_seen:  # the outer block sees the inner one's calls too
            UsersApi(first).user("me")
    assert (len(first_seen), len(second_seen), len(inner_seen)) == (3, 1, 1)


def test_raw_responses_async_tasks_of_other_clients_are_not_recorded(server, host):
    server.expect_request("/v2/users/me").respond_with_response(user_response())
    config = Configuration(host, access_token=TOKEN)

    async def main() -> tuple[list[ApiResponse], list[ApiResponse]]:
        async with AsyncApiClient(config) as mine, AsyncApiClient(config) as other:

            async def watched(client: AsyncApiClient, calls: int) -> list[ApiResponse]:
                with client.raw_responses() as seen:
                    for _ in range(calls):
                        await AsyncUsersApi(client).user("me")
                        await asyncio.sleep(0)
                return seen

            with mine.raw_responses() as outer:
                mine_seen, other_seen, _ = await asyncio.gather(
                    watched(mine, 2), watched(other, 3), AsyncUsersApi(other).user("me")
                )
            assert len(outer) == 2  # the tasks copied this context: mine's calls, not other's
            return mine_seen, other_seen

    mine_seen, other_seen = asyncio.run(main())
    assert (len(mine_seen), len(other_seen)) == (2, 3)


def test_raw_responses_of_one_client_in_concurrent_tasks_stay_apart(server, host):
    server.expect_request("/v2/users/me").respond_with_response(user_response())

    async def main() -> tuple[int, int, int]:
        async with AsyncApiClient(Configuration(host, access_token=TOKEN)) as client:

            async def watched(calls: int) -> list[ApiResponse]:
                with client.raw_responses() as seen:
                    for _ in range(calls):
                        await AsyncUsersApi(client).user("me")
                        await asyncio.sleep(0)
                return seen

            with client.raw_responses() as outer:
                first, second = await asyncio.gather(watched(2), watched(3))
            return len(first), len(second), len(outer)

    assert asyncio.run(main()) == (2, 3, 5)
