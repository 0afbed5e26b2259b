"""Optional parameters default to NOT_GIVEN (left out of the request); None is a value a
parameter takes only where the spec allows null (issue 12, item 3).

A line ending in ``# E: <text>`` must draw a mypy --strict error containing <text>;
every other line must type-check clean. See tests/typing/README.md.
"""

# fmt: off
# Each wrong use stays on one line with its marker: the formatters must not split it.

from __future__ import annotations

from typing import Literal

import genesys_users
import zoom_users
from zoom_users import NOT_GIVEN, NotGiven


def right_uses(api: zoom_users.UsersApi, genesys: genesys_users.UsersApi) -> None:
    api.users()
    api.users(status=NOT_GIVEN)
    genesys.get_users(page_size=25)


def forwarding(api: zoom_users.UsersApi, status: Literal["active", "inactive"] | NotGiven = NOT_GIVEN) -> None:
    # A wrapper passes its own optional argument on: left out stays left out.
    api.users(status=status)


def none_where_null_is_not_allowed(api: zoom_users.UsersApi, genesys: genesys_users.UsersApi) -> None:
    api.users(status=None)  # E: Argument "status" to "users" of "UsersApi" has incompatible type "None"; expected "Literal['active', 'inactive', 'pending'] | NotGiven"
    api.user_token("me", ttl=None)  # E: Argument "ttl" to "user_token" of "UsersApi" has incompatible type "None"; expected "int | NotGiven"
    api.user_delete("me", transfer_meeting=None)  # E: Argument "transfer_meeting" to "user_delete" of "UsersApi" has incompatible type "None"; expected "bool | NotGiven"
    genesys.get_users(page_size=None)  # E: Argument "page_size" to "get_users" of "UsersApi" has incompatible type "None"; expected "int | NotGiven"
