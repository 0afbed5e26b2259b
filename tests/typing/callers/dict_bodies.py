"""Dict bodies: a plain dict is checked against the request model's TypedDict twin
(``<Model>Dict`` in the package's typed_dicts.py), issue 12, item 2.

A line ending in ``# E: <text>`` must draw a mypy --strict error containing <text>;
every other line must type-check clean. See tests/typing/README.md.
"""

# fmt: off
# Each wrong use stays on one line with its marker: the formatters must not split it.

from __future__ import annotations

import genesys_users
import zoom_phone_users
import zoom_users
from zoom_users.typed_dicts import UserUpdateRequestDict


def right_uses(api: zoom_users.UsersApi, phone: zoom_phone_users.UsersApi, genesys: genesys_users.UsersApi) -> None:
    api.user_update({"first_name": "Ada", "pmi": 1234567890}, "me")
    api.user_email_update({"email": "a@example.com"}, "me")
    api.user_status({"action": "activate"}, "me")
    phone.update_user_setting("voice_mail", "me", body={"voice_mail": {"download": True, "shared_id": "s"}})
    genesys.post_users({"name": "Ada", "email": "ada@example.com"})
    genesys.patch_users_bulk([{"id": "u1", "acdAutoAnswer": True}])
    body: UserUpdateRequestDict = {"last_name": "Lovelace"}
    body["dept"] = "Engineering"
    api.user_update(body, "me")


def wrong_keys_and_values(api: zoom_users.UsersApi, genesys: genesys_users.UsersApi) -> None:
    api.user_update({"frist_name": "Ada"}, "me")  # E: Argument 1 to "user_update" of "UsersApi" has incompatible type "dict[str, str]"; expected "UserUpdateRequest | UserUpdateRequestDict"
    api.user_email_update({"emial": "a@example.com"}, "me")  # E: expected "UserEmailUpdateRequest | UserEmailUpdateRequestDict"
    api.user_password({}, "me")  # E: expected "UserPasswordRequest | UserPasswordRequestDict"
    api.user_update({"pmi": "not a number"}, "me")  # E: expected "UserUpdateRequest | UserUpdateRequestDict"
    api.user_status({"action": "activte"}, "me")  # E: expected "UserStatusRequest | UserStatusRequestDict"
    genesys.post_users({"name": "Ada", "emial": "ada@example.com"})  # E: expected "CreateUser | CreateUserDict"
    genesys.patch_users_bulk([{"id": "u1", "acdAutoAnswer": "yes"}])  # E: List item 0 has incompatible type "dict[str, str]"; expected "PatchUser | PatchUserDict"


def typed_dict_variables(body: UserUpdateRequestDict) -> None:
    body["frist_name"] = "Ada"  # E: TypedDict "UserUpdateRequestDict" has no key "frist_name"
    body["pmi"] = "1234"  # E: Value of "pmi" has incompatible type "str"; expected "int"
