"""Functional tests of the runtime shipped inside generated packages.

The committed packages ``generated/zoom_users/zoom_users`` and
``generated/zoom_phone_users/zoom_phone_users`` are imported from the source
tree (their directories go first on ``sys.path``, with this folder's, for
``package_support``) and talk to a real HTTP
server (pytest-httpserver / werkzeug) bound to 127.0.0.1 on an ephemeral port.
Nothing here reaches any other address.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

GENERATED = Path(__file__).resolve().parents[2] / "generated"
# The committed packages, and this folder (for ``package_support``).
for _folder in (GENERATED / "zoom_phone_users", GENERATED / "zoom_users", Path(__file__).resolve().parent):
    _path = str(_folder)
    if _path in sys.path:
        sys.path.remove(_path)
    sys.path.insert(0, _path)

LOOPBACK = "127.0.0.1"


@pytest.fixture(scope="session")
def _loopback_server() -> Iterator[HTTPServer]:
    """One threaded server on 127.0.0.1:<ephemeral>, shared by the session
    (starting and stopping one costs ~0.5 s); cleared around every test."""
    server = HTTPServer(host=LOOPBACK, port=0, threaded=True)
    server.start()
    assert server.host == LOOPBACK and server.port != 0
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(_loopback_server: HTTPServer) -> Iterator[HTTPServer]:
    _loopback_server.clear()
    yield _loopback_server
    _loopback_server.clear()


# pytest-httpserver's own fixture would bind "localhost"; make it loopback too
# in case a test here ever asks for it.
@pytest.fixture
def httpserver(server: HTTPServer) -> HTTPServer:
    return server


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    return (LOOPBACK, 0)


@pytest.fixture
def origin(server: HTTPServer) -> str:
    return f"http://{LOOPBACK}:{server.port}"


@pytest.fixture
def host(origin: str) -> str:
    """The API base URL (with a base path, like Zoom's /v2)."""
    return origin + "/v2"


class Recorder:
    """A handler recording what each request carried (read while the request is
    alive) and answering with the next of ``replies`` (the last one repeats)."""

    def __init__(
        self,
        replies: list[Response | Callable[[Request], Response]],
        *,
        inspect: Callable[[Request], dict[str, Any]] | None = None,
    ) -> None:
        self.replies = replies
        self.inspect = inspect
        self.seen: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def __call__(self, request: Request) -> Response:
        info: dict[str, Any] = {
            "method": request.method,
            "path": request.path,
            "raw_uri": request.environ.get("RAW_URI"),
            "args": request.args.to_dict(flat=False),
            "headers": dict(request.headers),
            "body": request.get_data(cache=True),
        }
        if self.inspect is not None:
            info.update(self.inspect(request))
        with self._lock:
            index = len(self.seen)
            self.seen.append(info)
        reply = self.replies[min(index, len(self.replies) - 1)]
        return reply(request) if callable(reply) and not isinstance(reply, Response) else reply

    @property
    def count(self) -> int:
        return len(self.seen)


@pytest.fixture
def recorder() -> type[Recorder]:
    return Recorder


def json_response(payload: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(payload),
        status=status,
        headers=headers,
        content_type="application/json",
    )


@pytest.fixture
def reply() -> Callable[..., Response]:
    return json_response
