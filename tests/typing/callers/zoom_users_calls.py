"""Caller code against the committed zoom_users package: right uses and wrong uses.

A line ending in ``# E: <text>`` must draw a mypy --strict error containing <text>;
every other line must type-check clean. See tests/typing/README.md.
"""

# fmt: off
# Each wrong use stays on one line with its marker: the formatters must not split it.

from __future__ import annotations

from zoom_users import (
    ApiClient,
    ApiException,
    AsyncApiClient,
    AsyncUsersApi,
    Configuration,
    NotFoundError,
    UsersApi,
)
from zoom_users.models import (
    UserCreateRequest,
    UserCreateRequestAction,
    UserCreateRequestUserInfo,
    UserCreateRequestUserInfoType,
    UserEmailUpdateRequest,
    UserPasswordRequest,
    UserResponse,
    UsersResponse,
    UsersResponseUsersItem,
    UserStatusRequest,
    UserStatusRequestAction,
    UserUpdateRequest,
)


def right_uses(api: UsersApi) -> None:
    user: UserResponse = api.user("me")
    user = api.user("me", login_type="100")
    email: str | None = user.email
    if user.email is not None:
        print(user.email.lower())
    print(user.pmi, user.created_at, user.status)
    page: UsersResponse = api.users(status="active", page_size=30)
    for item in page.users or []:
        print(item.id, item.first_name)
    for listed in api.iter_users(page_size=300):
        print(listed.email)
    for whole in api.iter_users().pages():
        print(whole.total_records)
    api.user_update(UserUpdateRequest(first_name="Ada", pmi=1234567890), "me")
    api.user_update({"first_name": "Ada"}, "me")
    api.user_email_update(UserEmailUpdateRequest(email="a@example.com"), "me")
    api.user_password(body=UserPasswordRequest(password="s3cret!"), user_id="me")
    api.user_status(UserStatusRequest(action=UserStatusRequestAction.ACTIVATE), "me")
    created = api.user_create(
        UserCreateRequest(
            action=UserCreateRequestAction.CREATE,
            user_info=UserCreateRequestUserInfo(
                email="a@example.com", type=UserCreateRequestUserInfoType.INTEGER_1
            ),
        )
    )
    new_id: str | None = created.id
    api.user_delete("me", action="delete", transfer_meeting=True)
    token = api.user_token("me", type="zak", ttl=600)
    print(token.token, email, new_id)
    settings = api.user_settings("me")
    print(settings["feature"])
    api.user_settings_update({"feature": {"meeting_capacity": 100}}, "me")
    api.switch_user_account("me", "account-id")
    api.user("me", _request_timeout=5.0, _headers={"X-Trace": "1"})
    try:
        api.user("nobody")
    except NotFoundError as error:
        status: int = error.status
        print(status, error.message)
    except ApiException as error:
        print(error.status, error.reason)


def configured() -> None:
    config = Configuration(access_token="token", retries=3, timeout=10.0)
    with ApiClient(config) as client:
        right_uses(UsersApi(client))


async def async_right_uses() -> None:
    async with AsyncApiClient(Configuration(access_token="token")) as client:
        api = AsyncUsersApi(client)
        user: UserResponse = await api.user("me")
        print(user.id)
        async for item in api.iter_users(status="active"):
            print(item.email)


def wrong_uses(api: UsersApi) -> None:
    api.user(usr_id="me")  # E: Unexpected keyword argument "usr_id" for "user" of "UsersApi"
    api.user()  # E: Missing positional argument "user_id" in call to "user" of "UsersApi"
    api.user(42)  # E: Argument 1 to "user" of "UsersApi" has incompatible type "int"; expected "str"
    api.users(page_size="30")  # E: Argument "page_size" to "users" of "UsersApi" has incompatible type "str"; expected "int | NotGiven"
    api.users("active")  # E: Too many positional arguments for "users" of "UsersApi"
    api.users(statuss="active")  # E: Unexpected keyword argument "statuss" for "users" of "UsersApi"
    api.user_token("me", ttl="600")  # E: Argument "ttl" to "user_token" of "UsersApi" has incompatible type "str"; expected "int | NotGiven"
    api.user_delete("me", transfer_meeting="yes")  # E: Argument "transfer_meeting" to "user_delete" of "UsersApi" has incompatible type "str"; expected "bool | NotGiven"
    api.user_password(UserEmailUpdateRequest(email="a@example.com"), "me")  # E: Argument 1 to "user_password" of "UsersApi" has incompatible type "UserEmailUpdateRequest"; expected "UserPasswordRequest | UserPasswordRequestDict"
    api.user_update("first_name=Ada", "me")  # E: Argument 1 to "user_update" of "UsersApi" has incompatible type "str"
    api.user_create()  # E: Missing positional argument "body" in call to "user_create" of "UsersApi"
    api.user_email_update(UserEmailUpdateRequest(email="a@example.com"))  # E: Missing positional argument "user_id"
    user = api.user("me")
    print(user.emial)  # E: "UserResponse" has no attribute "emial"
    print(user.email.lower())  # E: Item "None" of "str | None" has no attribute "lower"
    pmi: str = user.pmi  # E: Incompatible types in assignment (expression has type "int | None", variable has type "str")
    page = api.users()
    print(page.users[0])  # E: Value of type "list[UsersResponseUsersItem] | None" is not indexable
    print(page.next_token)  # E: "UsersResponse" has no attribute "next_token"
    for item in api.iter_users():
        wrong: UsersResponse = item  # E: Incompatible types in assignment (expression has type "UsersResponseUsersItem", variable has type "UsersResponse")
    first: UsersResponseUsersItem = api.users()  # E: Incompatible types in assignment (expression has type "UsersResponse", variable has type "UsersResponseUsersItem")
    nothing: str = api.user_email_update({"email": "a@example.com"}, "me")  # E: "user_email_update" of "UsersApi" does not return a value
    UserEmailUpdateRequest()  # E: Missing named argument "email" for "UserEmailUpdateRequest"
    UserEmailUpdateRequest(email="a@example.com", emial="typo")  # E: Unexpected keyword argument "emial" for "UserEmailUpdateRequest"
    UserEmailUpdateRequest(email=42)  # E: Argument "email" to "UserEmailUpdateRequest" has incompatible type "int"; expected "str"
    UserUpdateRequest(pmi="123")  # E: Argument "pmi" to "UserUpdateRequest" has incompatible type "str"; expected "int | None"
    # pydantic accepts the plain string at run time, but the plugin's typed __init__ wants the member:
    # if issue 12 types enum fields as "Enum | Literal[...]", this line stops being an error (drop it then).
    UserStatusRequest(action="activate")  # E: Argument "action" to "UserStatusRequest" has incompatible type "str"; expected "UserStatusRequestAction"
    print(UserStatusRequestAction.ACTIVATED)  # E: "type[UserStatusRequestAction]" has no attribute "ACTIVATED"
    print(pmi, wrong, first, nothing)


def wrong_configuration() -> None:
    Configuration(acces_token="token")  # E: Unexpected keyword argument "acces_token" for "Configuration"
    Configuration(retries="3")  # E: Argument "retries" to "Configuration" has incompatible type "str"; expected "int"
    UsersApi(Configuration())  # E: Argument 1 to "UsersApi" has incompatible type "Configuration"; expected "ApiClient | None"
    UsersApi(AsyncApiClient())  # E: Argument 1 to "UsersApi" has incompatible type "AsyncApiClient"; expected "ApiClient | None"


async def async_wrong_uses(api: AsyncUsersApi) -> None:
    user: UserResponse = api.user("me")  # E: Incompatible types in assignment (expression has type "Coroutine[Any, Any, UserResponse]", variable has type "UserResponse")
    for item in api.iter_users():  # E: "AsyncPager[UsersResponse, UsersResponseUsersItem]" has no attribute "__iter__"
        print(item)
    print(user)
