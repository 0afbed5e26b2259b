"""Wrong uses that issue 12 means to catch and today's generated code lets through.

Each line ending in ``# PENDING: <text>`` is a mistake mypy --strict does NOT report
yet; the test asserts it stays silent, so the gap is documented. When the feature
lands (Literal / enum-typed parameters, TypedDict request bodies, a NOT_GIVEN omit
sentinel), the line starts to draw an error and the test fails: flip its marker to
``# E: <text>`` with the text mypy then prints. See tests/typing/README.md.
"""

# fmt: off
# Each wrong use stays on one line with its marker: the formatters must not split it.

from __future__ import annotations

import genesys_users
import zoom_phone_users
import zoom_users


def enum_parameters(api: zoom_users.UsersApi, phone: zoom_phone_users.UsersApi) -> None:
    # Issue 12, item 1: a parameter with `enum:` in the spec is typed Literal[...] (or an open enum).
    api.users(status="actve")  # PENDING: "actve" is not one of 'active', 'inactive', 'pending'
    api.user_token("me", type="jwt")  # PENDING: "jwt" is not one of 'token', 'zak'
    api.user_delete("me", action="remove")  # PENDING: "remove" is not one of 'disassociate', 'delete'
    api.user_settings("me", option="meeting_auth")  # PENDING: not one of 'meeting_authentication', 'recording_authentication'
    api.user("me", login_type="42")  # PENDING: "42" is not one of '0', '1', '99', '100', '101'
    phone.update_user_setting("voicemail", "me")  # PENDING: "voicemail" is not one of 'voice_mail', 'delegation', ...
    phone.add_user_setting("me", "desk-phone")  # PENDING: "desk-phone" is not one of 'voice_mail', 'delegation', ...
    phone.get_user_policy_details("me", "restricted_hours")  # PENDING: not one of 'restricted_call_hours', 'allowed_call_locations'
    phone.get_user_policy_details("me", "restricted_call_hours", sub_policy_type="holidays")  # PENDING: not one of 'restricted_holiday_hours', ...


def enum_parameters_swagger2(api: genesys_users.UsersApi) -> None:
    # The same for a Swagger 2.0 spec, where `enum:` sits on the parameter itself.
    api.get_user("u1", state="suspended")  # PENDING: "suspended" is not one of 'active', 'deleted'
    api.get_users(sort_order="asc")  # PENDING: "asc" is not one of 'ascending', 'descending'
    api.get_user("u1", expand=["presense"])  # PENDING: list item "presense" is not one of 'routingStatus', 'presence', ...
    api.post_authorization_subject_division_role("s", "d", "r", subject_type="team")  # PENDING: not one of 'person', 'group', 'org'


def dict_bodies(api: zoom_users.UsersApi, genesys: genesys_users.UsersApi) -> None:
    # Issue 12, item 2: a dict body is checked against the request model's TypedDict twin.
    api.user_update({"frist_name": "Ada"}, "me")  # PENDING: "frist_name" is not a key of the UserUpdateRequest TypedDict
    api.user_email_update({"emial": "a@example.com"}, "me")  # PENDING: "emial" is not a key; "email" is required
    api.user_password({}, "me")  # PENDING: missing required key "password"
    api.user_update({"pmi": "not a number"}, "me")  # PENDING: value of "pmi" has type str, expected int
    api.user_status({"action": "activte"}, "me")  # PENDING: "activte" is not an allowed value of "action"
    genesys.post_users({"name": "Ada", "emial": "ada@example.com"})  # PENDING: "emial" is not a key of the CreateUser TypedDict
    genesys.patch_users_bulk([{"id": "u1", "acdAutoAnswer": "yes"}])  # PENDING: value of "acdAutoAnswer" has type str, expected bool


def none_versus_omitted(api: zoom_users.UsersApi, genesys: genesys_users.UsersApi) -> None:
    # Issue 12, item 3: an optional parameter that is not nullable defaults to NOT_GIVEN;
    # passing None (which today means "omit") is refused for it.
    api.users(status=None)  # PENDING: None is not a valid status: omit the argument instead
    api.user_token("me", ttl=None)  # PENDING: ttl is not nullable
    api.user_delete("me", transfer_meeting=None)  # PENDING: transfer_meeting is not nullable
    genesys.get_users(page_size=None)  # PENDING: page_size is not nullable
