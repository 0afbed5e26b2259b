"""Runtime cases from the trust-boundary review: a caller's value cannot change the route
or smuggle a cookie. Requests are built and sent through ``httpx.MockTransport``; nothing
leaves the process."""

from __future__ import annotations

import httpx
import pytest
from zoom_users import ApiClient, Configuration, UsersApi


def _api(seen: list[httpx.Request]) -> UsersApi:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(204)

    client = ApiClient(
        Configuration(host="http://127.0.0.1:9/v2", access_token="t"), transport=httpx.MockTransport(handler)
    )
    return UsersApi(client)


@pytest.mark.parametrize("value", ["", None])
def test_empty_or_none_path_parameter_is_refused_before_sending(value: object) -> None:
    seen: list[httpx.Request] = []
    api = _api(seen)
    with pytest.raises(ValueError, match="userId"):
        api.user_delete(value)  # type: ignore[arg-type]
    assert seen == []


def test_a_real_path_value_still_goes_out_encoded() -> None:
    seen: list[httpx.Request] = []
    _api(seen).user_delete("a/b")
    assert seen[0].url.raw_path == b"/v2/users/a%2Fb"


@pytest.mark.parametrize(
    "value, wire",
    [
        ("abc; admin=true", "abc%3B%20admin=true"),
        ('a"b,c\\d', "a%22b%2Cc%5Cd"),
        ("x\r\nSet-Cookie: y", "x%0D%0ASet-Cookie:%20y"),
        ("caf\u00e9", "caf%C3%A9"),
        ("plain-value_1.2~", "plain-value_1.2~"),
    ],
)
def test_cookie_values_cannot_start_another_cookie(value: str, wire: str) -> None:
    client = ApiClient(Configuration(host="http://127.0.0.1:9"))
    request = client.build_request("GET", "/x", cookies={"session": value})
    assert request.headers["cookie"] == f"session={wire}"
