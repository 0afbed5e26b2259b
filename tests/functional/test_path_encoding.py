"""Path parameters arrive percent-encoded, each in its own path segment."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from zoom_users import ApiClient, Configuration, UsersApi

TOKEN = "static-secret-token-XYZ"


@pytest.fixture
def catch_all(server, recorder, reply):
    """Answers every request (whatever its path) so the test can see where it went."""
    handler = recorder([reply({"id": "x", "users": [], "permissions": []})])
    server.expect_request(re.compile(".*")).respond_with_handler(handler)
    return handler


@pytest.fixture
def api(host):
    with ApiClient(Configuration(host, access_token=TOKEN, retries=0)) as client:
        yield UsersApi(client)


def raw_path(seen: dict) -> str:
    return seen["raw_uri"].split("?", 1)[0]


@pytest.mark.parametrize(
    ("user_id", "expected_raw"),
    [
        (
            "jane.doe@example.com",
            {"/v2/users/jane.doe%40example.com", "/v2/users/jane.doe@example.com"},
        ),
        ("a b/c", {"/v2/users/a%20b%2Fc"}),
        ("50%?#&=+", {"/v2/users/50%25%3F%23%26%3D%2B"}),
        ("jürgen", {"/v2/users/j%C3%BCrgen"}),
        ("me", {"/v2/users/me"}),
    ],
)
def test_user_id_is_one_encoded_segment(api, catch_all, user_id, expected_raw):
    api.user(user_id)
    assert catch_all.count == 1
    seen = catch_all.seen[0]
    assert raw_path(seen) in expected_raw
    prefix = "/v2/users/"
    segment = raw_path(seen)[len(prefix) :]
    assert "/" not in segment
    assert unquote(segment) == user_id
    assert seen["path"] == prefix + user_id  # werkzeug's decoded view
    assert seen["args"] == {}


def test_query_and_path_encoded_together(api, catch_all):
    api.user("a b/c", login_type="100")
    seen = catch_all.seen[0]
    assert raw_path(seen) == "/v2/users/a%20b%2Fc"
    assert seen["args"] == {"login_type": ["100"]}


def test_two_path_parameters_stay_in_their_segments(api, catch_all):
    api.user_assistant_delete(user_id="a/b", assistant_id="c d")
    seen = catch_all.seen[0]
    assert seen["method"] == "DELETE"
    assert raw_path(seen) == "/v2/users/a%2Fb/assistants/c%20d"


@pytest.mark.parametrize("user_id", ["..", "."])
def test_dot_segment_ids_do_not_leave_their_segment(api, catch_all, user_id):
    """A user id of ".." or "." must still name /users/{userId}: sent as it is,
    the URL's dot-segment removal turns GET /v2/users/.. into GET /v2."""
    api.user(user_id)
    seen = catch_all.seen[0]
    prefix = "/v2/users/"
    assert raw_path(seen).startswith(prefix), f"requested {raw_path(seen)!r} instead"
    segment = raw_path(seen)[len(prefix) :]
    assert "/" not in segment
    assert unquote(segment) == user_id


def test_dot_dot_id_does_not_redirect_a_delete(api, catch_all):
    """DELETE /users/{userId}/assistants with userId ".." must not become
    DELETE /v2/assistants (another resource)."""
    api.user_assistants_delete("..")
    seen = catch_all.seen[0]
    assert seen["method"] == "DELETE"
    assert raw_path(seen).startswith("/v2/users/"), f"DELETE went to {raw_path(seen)!r}"
    assert unquote(raw_path(seen)) == "/v2/users/../assistants"
