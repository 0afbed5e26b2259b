"""Wrong uses that issue 12 means to catch and today's generated code lets through.

Each line ending in ``# PENDING: <text>`` is a mistake mypy --strict does NOT report
yet; the test asserts it stays silent, so the gap is documented. When the feature
lands (TypedDict request bodies), the line starts to draw an error and the test fails: flip its marker to
``# E: <text>`` with the text mypy then prints. See tests/typing/README.md.
"""

# fmt: off
# Each wrong use stays on one line with its marker: the formatters must not split it.

from __future__ import annotations

import genesys_users
import zoom_users


def dict_bodies(api: zoom_users.UsersApi, genesys: genesys_users.UsersApi) -> None:
    # Issue 12, item 2: a dict body is checked against the request model's TypedDict twin.
    api.user_update({"frist_name": "Ada"}, "me")  # PENDING: "frist_name" is not a key of the UserUpdateRequest TypedDict
    api.user_email_update({"emial": "a@example.com"}, "me")  # PENDING: "emial" is not a key; "email" is required
    api.user_password({}, "me")  # PENDING: missing required key "password"
    api.user_update({"pmi": "not a number"}, "me")  # PENDING: value of "pmi" has type str, expected int
    api.user_status({"action": "activte"}, "me")  # PENDING: "activte" is not an allowed value of "action"
    genesys.post_users({"name": "Ada", "emial": "ada@example.com"})  # PENDING: "emial" is not a key of the CreateUser TypedDict
    genesys.patch_users_bulk([{"id": "u1", "acdAutoAnswer": "yes"}])  # PENDING: value of "acdAutoAnswer" has type str, expected bool
