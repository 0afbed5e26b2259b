"""Caller code against the committed zoom_phone_users package: right uses and wrong uses.

A line ending in ``# E: <text>`` must draw a mypy --strict error containing <text>;
every other line must type-check clean. See tests/typing/README.md.
"""

# fmt: off
# Each wrong use stays on one line with its marker: the formatters must not split it.

from __future__ import annotations

from zoom_phone_users import ApiClient, Configuration, UsersApi
from zoom_phone_users.models import (
    AddUserSettingRequest,
    AddUserSettingRequestVoiceMail,
    BatchAddUsersRequest,
    BatchAddUsersRequestUsersItem,
    BatchAddUsersResponseItem,
    ListPhoneUsersResponse,
    ListPhoneUsersResponseUsersItem,
    PhoneUserResponse,
    UpdateUserProfileRequest,
    UpdateUsersPropertiesInBatchRequest,
    UpdateUsersPropertiesInBatchRequestBatchType,
)


def right_uses(api: UsersApi) -> None:
    phone_user: PhoneUserResponse = api.phone_user("me")
    extension: int | None = phone_user.extension_number
    for plan in phone_user.calling_plans or []:
        print(plan)
    listing: ListPhoneUsersResponse = api.list_phone_users(page_size=100, calling_type=1)
    print(listing.next_page_token, extension)
    for item in api.iter_phone_users(site_id="site"):
        listed: ListPhoneUsersResponseUsersItem = item
        print(listed.extension_number)
    added = api.add_user_setting(
        "me",
        "voice_mail",
        body=AddUserSettingRequest(voice_mail=AddUserSettingRequestVoiceMail(download=True)),
    )
    print(added.voice_mail)
    api.update_user_setting("delegation", "me", body={"desk_phone": {"device_id": "d"}})
    api.update_user_profile("me", body=UpdateUserProfileRequest(site_id="site"))
    api.update_user_profile("me")
    batch: list[BatchAddUsersResponseItem] = api.batch_add_users(
        body=BatchAddUsersRequest(users=[BatchAddUsersRequestUsersItem(email="a@example.com")])
    )
    print([row.id for row in batch])
    api.update_users_properties_in_batch(
        body=UpdateUsersPropertiesInBatchRequest(
            batch_type=UpdateUsersPropertiesInBatchRequestBatchType.MOVE_SITE, user_ids=["u1"]
        )
    )
    api.delete_user_outbound_caller_numbers("me", customize_ids=["c1", "c2"])
    policy = api.get_user_policy_details("me", "restricted_call_hours")
    if policy.restricted_call_hours is not None:
        print(policy.restricted_call_hours.enable)


def configured() -> None:
    with ApiClient(Configuration(access_token="token")) as client:
        right_uses(UsersApi(client))


def wrong_uses(api: UsersApi) -> None:
    api.phone_user()  # E: Missing positional argument "user_id" in call to "phone_user" of "UsersApi"
    api.phone_user("me", "extra")  # E: Too many positional arguments for "phone_user" of "UsersApi"
    api.list_phone_users(calling_type="1")  # E: Argument "calling_type" to "list_phone_users" of "UsersApi" has incompatible type "str"; expected "int | NotGiven"
    api.list_phone_users(pageSize=10)  # E: Unexpected keyword argument "pageSize" for "list_phone_users" of "UsersApi"
    api.delete_user_outbound_caller_numbers("me", customize_ids="c1")  # E: Argument "customize_ids" to "delete_user_outbound_caller_numbers" of "UsersApi" has incompatible type "str"; expected "list[str] | NotGiven"
    api.add_user_setting("me", "voice_mail", AddUserSettingRequest())  # E: Too many positional arguments for "add_user_setting" of "UsersApi"
    api.update_user_profile("me", body=AddUserSettingRequest())  # E: Argument "body" to "update_user_profile" of "UsersApi" has incompatible type "AddUserSettingRequest"; expected "UpdateUserProfileRequest | UpdateUserProfileRequestDict | NotGiven"
    api.batch_add_users(body=[BatchAddUsersRequestUsersItem(email="a@example.com")])  # E: Argument "body" to "batch_add_users" of "UsersApi" has incompatible type "list[BatchAddUsersRequestUsersItem]"
    rows = api.batch_add_users()
    print(rows.users)  # E: "list[BatchAddUsersResponseItem]" has no attribute "users"
    one: BatchAddUsersResponseItem = rows  # E: Incompatible types in assignment (expression has type "list[BatchAddUsersResponseItem]", variable has type "BatchAddUsersResponseItem")
    phone_user = api.phone_user("me")
    number: str = phone_user.extension_number  # E: Incompatible types in assignment (expression has type "int | None", variable has type "str")
    print(phone_user.extension_number + 1)  # E: Unsupported operand types for + ("None" and "int")
    print(phone_user.site.name)  # E: "PhoneUserResponse" has no attribute "site"
    for item in api.iter_phone_users():
        print(item.phone_numbers)  # E: "ListPhoneUsersResponseUsersItem" has no attribute "phone_numbers"
    api.iter_list_phone_users()  # E: is deprecated: iter_list_phone_users is the earlier name of iter_phone_users: use that.
    AddUserSettingRequestVoiceMail(download="yes")  # E: Argument "download" to "AddUserSettingRequestVoiceMail" has incompatible type "str"; expected "bool | None"
    BatchAddUsersRequest(users=["a@example.com"])  # E: List item 0 has incompatible type "str"; expected "BatchAddUsersRequestUsersItem"
    UpdateUsersPropertiesInBatchRequest(batch_type=UpdateUsersPropertiesInBatchRequestBatchType.MOVE)  # E: "type[UpdateUsersPropertiesInBatchRequestBatchType]" has no attribute "MOVE"
    UpdateUserProfileRequest(site="site")  # E: Unexpected keyword argument "site" for "UpdateUserProfileRequest"
    print(one, number)
