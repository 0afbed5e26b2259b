"""Enum parameters: each is typed ``Literal[...]`` of the values the spec lists, so a typo
is a type error (the value would still be sent at run time: only mypy refuses it).

A line ending in ``# E: <text>`` must draw a mypy --strict error containing <text>;
every other line must type-check clean. See tests/typing/README.md.
"""

# fmt: off
# Each wrong use stays on one line with its marker: the formatters must not split it.

from __future__ import annotations

import genesys_users
import zoom_phone_users
import zoom_users


def right_uses(api: zoom_users.UsersApi, phone: zoom_phone_users.UsersApi, genesys: genesys_users.UsersApi) -> None:
    api.users(status="active")
    api.user_token("me", type="zak")
    phone.update_user_setting("voice_mail", "me")
    genesys.get_user("u1", expand=["presence", "routingStatus"])
    genesys.get_users(sort_order="descending")


def enum_parameters(api: zoom_users.UsersApi, phone: zoom_phone_users.UsersApi) -> None:
    # A parameter with `enum:` in the spec is typed Literal[...] of its values (issue 12, item 1).
    api.users(status="actve")  # E: expected "Literal['active', 'inactive', 'pending'] | NotGiven"
    api.user_token("me", type="jwt")  # E: expected "Literal['token', 'zak'] | NotGiven"
    api.user_delete("me", action="remove")  # E: expected "Literal['disassociate', 'delete'] | NotGiven"
    api.user_settings("me", option="meeting_auth")  # E: expected "Literal['meeting_authentication', 'recording_authentication'] | NotGiven"
    api.user("me", login_type="42")  # E: expected "Literal['0', '1', '99', '100', '101'] | NotGiven"
    phone.update_user_setting("voicemail", "me")  # E: expected "Literal['voice_mail', 'delegation', 'desk_phone', 'intercom', 'auto_call_recording', 'ad_hoc_call_recording']"
    phone.add_user_setting("me", "desk-phone")  # E: has incompatible type "Literal['desk-phone']"
    phone.get_user_policy_details("me", "restricted_hours")  # E: expected "Literal['restricted_call_hours', 'allowed_call_locations']"
    phone.get_user_policy_details("me", "restricted_call_hours", sub_policy_type="holidays")  # E: expected "Literal['restricted_holiday_hours', 'allowed_call_locations_places'] | NotGiven"


def enum_parameters_swagger2(api: genesys_users.UsersApi) -> None:
    # The same for a Swagger 2.0 spec, where `enum:` sits on the parameter itself.
    api.get_user("u1", state="suspended")  # E: expected "Literal['active', 'deleted'] | NotGiven"
    api.get_users(sort_order="asc")  # E: expected "Literal['ascending', 'descending'] | NotGiven"
    api.get_user("u1", expand=["presense"])  # E: List item 0 has incompatible type "Literal['presense']"
