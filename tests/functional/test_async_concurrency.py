"""Many concurrent calls on one async client against the loopback server."""

from __future__ import annotations

import asyncio
import re
import threading
import time

from werkzeug import Request
from zoom_users import AsyncApiClient, AsyncUsersApi, Configuration, NotFoundError

TOKEN = "static-secret-token-XYZ"


class InFlight:
    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self.now -= 1


def test_fifty_concurrent_calls(server, host, recorder, reply):
    in_flight = InFlight()

    def user(request: Request):
        with in_flight:
            time.sleep(0.05)
            user_id = request.path.rsplit("/", 1)[-1]
            return reply(
                {
                    "id": user_id,
                    "email": f"{user_id}@example.com",
                    "pmi": int(user_id[1:]),
                }
            )

    handler = recorder([user])
    server.expect_request(re.compile(r"^/v2/users/u\d+$"), method="GET").respond_with_handler(handler)

    async def main():
        config = Configuration(host, access_token=TOKEN, retries=0, timeout=10.0)
        async with AsyncApiClient(config) as client:
            api = AsyncUsersApi(client)
            return await asyncio.gather(*(api.user(f"u{i}") for i in range(50)))

    started = time.monotonic()
    users = asyncio.run(main())
    elapsed = time.monotonic() - started
    assert [u.id for u in users] == [f"u{i}" for i in range(50)]
    assert [u.email for u in users] == [f"u{i}@example.com" for i in range(50)]
    assert [u.pmi for u in users] == list(range(50))
    assert handler.count == 50
    assert len(server.log) == 50
    assert sorted(seen["path"] for seen in handler.seen) == sorted(f"/v2/users/u{i}" for i in range(50))
    assert all(seen["headers"]["Authorization"] == f"Bearer {TOKEN}" for seen in handler.seen)
    assert in_flight.most > 1, "the calls did not overlap"
    assert elapsed < 2.5  # 50 x 50 ms one after the other would take 2.5 s


def test_concurrent_calls_with_some_failures(server, host, recorder, reply):
    def user(request: Request):
        user_id = request.path.rsplit("/", 1)[-1]
        if int(user_id[1:]) % 5 == 0:
            return reply({"code": 1001, "message": "User does not exist"}, 404)
        return reply({"id": user_id})

    handler = recorder([user])
    server.expect_request(re.compile(r"^/v2/users/u\d+$"), method="GET").respond_with_handler(handler)

    async def main():
        async with AsyncApiClient(Configuration(host, access_token=TOKEN, retries=0)) as client:
            api = AsyncUsersApi(client)
            return await asyncio.gather(*(api.user(f"u{i}") for i in range(20)), return_exceptions=True)

    results = asyncio.run(main())
    for i, result in enumerate(results):
        if i % 5 == 0:
            assert isinstance(result, NotFoundError)
            assert result.url == f"{host}/users/u{i}"
            assert result.code == 1001
        else:
            assert result.id == f"u{i}"
    assert handler.count == 20
