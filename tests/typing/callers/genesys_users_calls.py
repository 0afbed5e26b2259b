"""Caller code against the committed genesys_users package (a Swagger 2.0 spec).

A line ending in ``# E: <text>`` must draw a mypy --strict error containing <text>;
every other line must type-check clean. See tests/typing/README.md.
"""

# fmt: off
# Each wrong use stays on one line with its marker: the formatters must not split it.

from __future__ import annotations

from datetime import datetime

from genesys_users import ApiClient, Configuration, UsersApi
from genesys_users.models import (
    ChangePasswordRequest,
    CreateUser,
    LifecycleState,
    OutOfOffice,
    PatchUser,
    RoutingStatus,
    UpdateUser,
    User,
    UserEntityListing,
    UserRoutingSkillPost,
    UserSearchCriteria,
    UserSearchCriteriaType,
    UserSearchRequest,
    UsersSearchResponse,
)


def right_uses(api: UsersApi) -> None:
    user: User = api.get_user("u1", expand=["presence"], state="active")
    name: str | None = user.name
    if user.division is not None:
        print(user.division.name)
    if user.state is LifecycleState.ACTIVE:
        print("active", name)
    listing: UserEntityListing = api.get_users(page_size=25, id=["u1", "u2"], sort_order="ascending")
    print(listing.total, [entry.email for entry in listing.entities or []])
    for each in api.iter_users(page_size=100):
        print(each.username)
    created = api.post_users(CreateUser(name="Ada", email="ada@example.com", state=LifecycleState.ACTIVE))
    print(created.id)
    api.post_users({"name": "Ada", "email": "ada@example.com"})
    api.patch_user("u1", UpdateUser(version=3, title="Engineer"))
    api.patch_users_bulk([PatchUser(id="u1", acdAutoAnswer=True), {"id": "u2"}])
    api.post_user_routingskills("u1", UserRoutingSkillPost(id="skill", proficiency=4.5))
    api.put_user_routingskills_bulk("u1", [UserRoutingSkillPost(id="skill", proficiency=1)])
    found: UsersSearchResponse = api.post_users_search(
        UserSearchRequest(
            pageSize=10,
            query=[UserSearchCriteria(type=UserSearchCriteriaType.EXACT, fields=["email"], value="a@b")],
        )
    )
    print(found.results)
    api.post_user_password("u1", ChangePasswordRequest(newPassword="s3cret!"))
    api.put_user_outofoffice("u1", OutOfOffice(active=True, startDate=datetime(2026, 1, 1)))
    status: RoutingStatus = api.get_user_routingstatus("u1")
    print(status.status, status.startTime)
    skills: list[str] = api.get_user_profileskills("u1")
    api.put_user_profileskills("u1", skills + ["python"])
    reports: list[User] = api.get_user_directreports("u1")
    print(len(reports))
    api.post_authorization_subject_division_role("s", "d", "r", subject_type="person")
    api.delete_user_routingskill("u1", "skill")


def configured() -> None:
    with ApiClient(Configuration(access_token="token")) as client:
        right_uses(UsersApi(client))


def wrong_uses(api: UsersApi) -> None:
    api.get_user(userId="u1")  # E: Unexpected keyword argument "userId" for "get_user" of "UsersApi"
    api.get_user("u1", expand="presence")  # E: Argument "expand" to "get_user" of "UsersApi" has incompatible type "str"; expected "list[Literal['routingStatus', 'presence', 
    api.get_users(page_size=25, page_number="2")  # E: Argument "page_number" to "get_users" of "UsersApi" has incompatible type "str"; expected "int | NotGiven"
    api.patch_user("u1")  # E: Missing positional argument "body" in call to "patch_user" of "UsersApi"
    api.patch_user("u1", PatchUser(id="u1"))  # E: Argument 2 to "patch_user" of "UsersApi" has incompatible type "PatchUser"; expected "UpdateUser | UpdateUserDict"
    api.patch_users_bulk(PatchUser(id="u1"))  # E: Argument 1 to "patch_users_bulk" of "UsersApi" has incompatible type "PatchUser"; expected "list[PatchUser | PatchUserDict]"
    api.put_user_profileskills("u1", "python")  # E: Argument 2 to "put_user_profileskills" of "UsersApi" has incompatible type "str"; expected "list[str]"
    api.post_user_routingskills("u1", UserRoutingSkillPost(id="skill"))  # E: Missing named argument "proficiency" for "UserRoutingSkillPost"
    UserRoutingSkillPost(id="skill", proficiency="high")  # E: Argument "proficiency" to "UserRoutingSkillPost" has incompatible type "str"; expected "float"
    CreateUser(name="Ada", email="ada@example.com", division_id="d")  # E: Unexpected keyword argument "division_id" for "CreateUser"
    CreateUser(name="Ada")  # E: Missing named argument "email" for "CreateUser"
    UpdateUser(title="Engineer")  # E: Missing named argument "version" for "UpdateUser"
    CreateUser(name="Ada", email="ada@example.com", state=LifecycleState.SUSPENDED)  # E: "type[LifecycleState]" has no attribute "SUSPENDED"
    user = api.get_user("u1")
    print(user.divisionId)  # E: "User" has no attribute "divisionId"
    print(user.division.name)  # E: Item "None" of "Division | None" has no attribute "name"
    when: datetime = api.get_user_routingstatus("u1").startTime  # E: Incompatible types in assignment (expression has type "datetime | None", variable has type "datetime")
    count: int = len(api.get_users())  # E: Argument 1 to "len" has incompatible type "UserEntityListing"; expected "Sized"
    for each in api.iter_users():
        print(each.entities)  # E: "User" has no attribute "entities"
    skill: str = api.get_user_profileskills("u1")  # E: Incompatible types in assignment (expression has type "list[str]", variable has type "str")
    api.delete_user_routingskill("u1")  # E: Missing positional argument "skill_id" in call to "delete_user_routingskill" of "UsersApi"
    print(when, count, skill)
