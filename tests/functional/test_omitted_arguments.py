"""An optional argument left out (NOT_GIVEN, the default) is not sent; None is a value,
sent as null in a JSON body; a model field never set is left out (issue 12, item 3)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import zoom_phone_users
import zoom_users
from zoom_users import NOT_GIVEN, ApiClient, Configuration, UsersApi, models

TOKEN = "static-secret-token-XYZ"


@pytest.fixture
def catch_all(server, recorder, reply):
    handler = recorder([reply({"users": [], "page_count": 1, "page_number": 1, "page_size": 30})])
    server.expect_request(re.compile(".*")).respond_with_handler(handler)
    return handler


@pytest.fixture
def api(host):
    with ApiClient(Configuration(host, access_token=TOKEN, retries=0)) as client:
        yield UsersApi(client)


def test_arguments_left_out_are_not_sent(api, catch_all) -> None:
    api.users()
    assert catch_all.seen[0]["args"] == {}


def test_not_given_passed_on_by_a_wrapper_is_not_sent(api, catch_all) -> None:
    api.users(status=NOT_GIVEN, page_size=2)
    assert catch_all.seen[0]["args"] == {"page_size": ["2"]}


def test_none_for_a_query_parameter_is_left_out_as_before(api, catch_all) -> None:
    # Type checkers refuse it (the parameter is not nullable); untyped callers keep working.
    none: Any = None
    api.users(status=none, page_size=2)
    assert catch_all.seen[0]["args"] == {"page_size": ["2"]}


def test_a_dict_body_drops_keys_left_out(api, catch_all) -> None:
    api.user_update({"first_name": "Ada", "last_name": NOT_GIVEN}, "me")
    assert json.loads(catch_all.seen[0]["body"]) == {"first_name": "Ada"}


def test_a_model_field_set_to_none_is_sent_as_null_and_one_never_set_is_not(api, catch_all) -> None:
    api.user_update(models.UserUpdateRequest(first_name="Ada", dept=None), "me")
    assert json.loads(catch_all.seen[0]["body"]) == {"first_name": "Ada", "dept": None}


def test_an_optional_body_left_out_sends_no_body(host, catch_all) -> None:
    configuration = zoom_phone_users.Configuration(host, access_token=TOKEN, retries=0)
    with zoom_phone_users.ApiClient(configuration) as client:
        zoom_phone_users.UsersApi(client).add_user_setting("me", "voice_mail")
    seen = catch_all.seen[0]
    assert seen["body"] == b""
    assert "Content-Type" not in seen["headers"]


def test_not_given_reads_as_what_it_is() -> None:
    assert repr(NOT_GIVEN) == "NOT_GIVEN"
    assert not NOT_GIVEN
    assert zoom_users.NotGiven is type(NOT_GIVEN)
