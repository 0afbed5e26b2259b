"""`specgen diff OLD NEW`: what a new spec changes for the callers of a generated package.

Each test mutates a copy of specs/zoom_users.yaml and asserts the exact list
of changes (kind, where, message), the suggested bump and the exit code
(0 nothing breaks, 1 something does, 2 bad input).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

USER = "/users/{userId}"
USERS = "/users"
SWITCH = "/accounts/{accountId}/users/{userId}/account"
ASSISTANT = "/users/{userId}/assistants/{assistantId}"
TOKEN = "/users/{userId}/token"


@pytest.fixture
def old(tmp_path: Path, wf: SimpleNamespace) -> Path:
    """An unmodified copy of specs/zoom_users.yaml."""
    return wf.write_spec(tmp_path / "old" / "zoom_users.yaml", wf.load_spec(wf.ZOOM_USERS))


@pytest.fixture
def diff(tmp_path: Path, old: Path, wf: SimpleNamespace) -> Callable[..., Any]:
    """Mutate a copy of the spec, run ``specgen diff old new --format json``; (exit code, report)."""

    def run(mutate: Callable[[dict[str, Any]], None]) -> tuple[int, dict[str, Any]]:
        spec = wf.load_spec(wf.ZOOM_USERS)
        mutate(spec)
        new = wf.write_spec(tmp_path / "new" / "zoom_users.yaml", spec)
        result = wf.cli("diff", old, new, "--format", "json")
        assert result.exit_code in (0, 1), result.output
        return result.exit_code, json.loads(result.stdout)

    return run


def changes(report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(c["kind"], c["where"], c["message"]) for c in report["breaking"] + report["compatible"]]


def _user_response(spec: dict[str, Any]) -> dict[str, Any]:
    return spec["paths"][USER]["get"]["responses"]["200"]["content"]["application/json"]["schema"]


# ------------------------------------------------------------------ (a)


def test_identical_specs_no_change(old: Path, tmp_path: Path, wf: SimpleNamespace) -> None:
    new = wf.write_spec(tmp_path / "same.yaml", wf.load_spec(wf.ZOOM_USERS))
    result = wf.cli("diff", old, new)
    assert result.exit_code == 0
    assert result.stdout.strip() == "No change to the public API."
    as_json = wf.cli("diff", old, new, "--format", "json")
    assert as_json.exit_code == 0
    assert json.loads(as_json.stdout) == {"bump": "none", "breaking": [], "compatible": [], "typing": []}


def test_spec_against_itself_no_change(wf: SimpleNamespace) -> None:
    # The committed spec read twice, in place (read only).
    result = wf.cli("diff", wf.ZOOM_USERS, wf.ZOOM_USERS)
    assert (result.exit_code, result.stdout.strip()) == (0, "No change to the public API.")


# ------------------------------------------------------------------ (b), (c)


def test_new_optional_query_parameter_is_compatible(diff: Callable[..., Any]) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        spec["paths"][USERS]["get"]["parameters"].append(
            {"name": "next_page_token", "in": "query", "required": False, "schema": {"type": "string"}}
        )

    code, report = diff(mutate)
    assert code == 0
    assert report["bump"] == "minor"
    assert changes(report) == [("compatible", "UsersApi.users", "new optional parameter next_page_token")]


def test_new_optional_parameter_text_format(old: Path, tmp_path: Path, wf: SimpleNamespace) -> None:
    spec = wf.load_spec(wf.ZOOM_USERS)
    spec["paths"][USERS]["get"]["parameters"].append({"name": "dept", "in": "query", "schema": {"type": "string"}})
    new = wf.write_spec(tmp_path / "new.yaml", spec)
    result = wf.cli("diff", old, new)
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "0 breaking, 1 compatible change(s); suggested bump: minor."
    assert lines[1].split() == ["COMPATIBLE", "UsersApi.users:", "new", "optional", "parameter", "dept"]


def test_new_operation_is_compatible(diff: Callable[..., Any]) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        spec["paths"]["/users/{userId}/ping"] = {
            "get": {
                "tags": ["Users"],
                "operationId": "userPing",
                "parameters": [{"$ref": "#/components/parameters/UserId"}],
                "responses": {"204": {"description": "Pong."}},
            }
        }

    code, report = diff(mutate)
    assert code == 0
    assert report["bump"] == "minor"
    assert changes(report) == [("compatible", "UsersApi.user_ping", "new method")]


# ------------------------------------------------------------------ (d), (k)


def test_removed_operation_is_breaking(diff: Callable[..., Any]) -> None:
    code, report = diff(lambda spec: spec["paths"][TOKEN].pop("delete"))
    assert code == 1
    assert report["bump"] == "major"
    assert changes(report) == [("breaking", "UsersApi.user_sso_token_delete", "method removed")]


def test_removed_operation_text_format(old: Path, tmp_path: Path, wf: SimpleNamespace) -> None:
    spec = wf.load_spec(wf.ZOOM_USERS)
    del spec["paths"][TOKEN]["delete"]
    result = wf.cli("diff", old, wf.write_spec(tmp_path / "new.yaml", spec))
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "1 breaking, 0 compatible change(s); suggested bump: major."
    assert lines[1].split() == ["BREAKING", "UsersApi.user_sso_token_delete:", "method", "removed"]


def test_changed_operation_id_is_a_rename(diff: Callable[..., Any]) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        spec["paths"][TOKEN]["delete"]["operationId"] = "userTokenDelete"

    code, report = diff(mutate)
    assert code == 1
    assert report["bump"] == "major"
    # One rename, not "removed" plus "new method".
    assert changes(report) == [("breaking", "UsersApi.user_sso_token_delete", "renamed to user_token_delete")]


def test_operation_moved_to_another_tag_names_the_new_class(diff: Callable[..., Any]) -> None:
    """A new tag moves the method to another API class: callers must be told where it went.

    Found: the message is "renamed to user_sso_token_delete", the method's own
    name, because surface._compare_methods drops the class from the new name.
    """

    def mutate(spec: dict[str, Any]) -> None:
        spec["paths"][TOKEN]["delete"]["tags"] = ["Tokens"]

    code, report = diff(mutate)
    assert code == 1
    [(kind, where, message)] = changes(report)
    assert (kind, where) == ("breaking", "UsersApi.user_sso_token_delete")
    assert "TokensApi" in message, message


# ------------------------------------------------------------------ (e)


def test_reordered_path_parameters_are_breaking(diff: Callable[..., Any]) -> None:
    code, report = diff(lambda spec: spec["paths"][SWITCH]["put"]["parameters"].reverse())
    assert code == 1
    assert report["bump"] == "major"
    assert changes(report) == [
        (
            "breaking",
            "UsersApi.switch_user_account",
            "positional parameters reordered: (user_id, account_id) -> (account_id, user_id)",
        )
    ]


def test_reordering_optional_parameters_changes_nothing(diff: Callable[..., Any]) -> None:
    # Optional parameters are keyword-only: their order is no caller's concern.
    code, report = diff(lambda spec: spec["paths"][USERS]["get"]["parameters"].reverse())
    assert (code, changes(report)) == (0, [])


# ------------------------------------------------------------------ (f), (g), (h)


def test_optional_parameter_made_required_is_breaking(diff: Callable[..., Any]) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        spec["paths"][USERS]["get"]["parameters"][0]["required"] = True  # status

    code, report = diff(mutate)
    assert code == 1
    assert report["bump"] == "major"
    assert ("breaking", "UsersApi.users", "optional parameter status became required") in changes(report)
    assert report["compatible"] == []


def test_optional_parameter_made_required_is_reported_once(diff: Callable[..., Any]) -> None:
    """Nothing was reordered: the only change is that ``status`` became required.

    Found: the report adds "positional parameters reordered: () -> (status)"
    (surface._compare_signature compares the required parameters of old and
    new without leaving out those whose required-ness changed).
    """

    def mutate(spec: dict[str, Any]) -> None:
        spec["paths"][USERS]["get"]["parameters"][0]["required"] = True

    _, report = diff(mutate)
    assert changes(report) == [("breaking", "UsersApi.users", "optional parameter status became required")]


def test_required_parameter_made_optional_is_reported_once(diff: Callable[..., Any]) -> None:
    """``email`` of userEmail turns optional: positional -> keyword-only, and no reorder.

    Found: the report adds "positional parameters reordered: (email) -> ()".
    """

    def mutate(spec: dict[str, Any]) -> None:
        spec["paths"]["/users/email"]["get"]["parameters"][0]["required"] = False

    code, report = diff(mutate)
    assert code == 1
    assert changes(report) == [
        ("breaking", "UsersApi.user_email", "positional parameter email became keyword-only (optional)")
    ]


def test_removed_query_parameter_is_breaking(diff: Callable[..., Any]) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        params = spec["paths"][USERS]["get"]["parameters"]
        spec["paths"][USERS]["get"]["parameters"] = [p for p in params if p.get("name") != "role_id"]

    code, report = diff(mutate)
    assert code == 1
    assert report["bump"] == "major"
    assert changes(report) == [("breaking", "UsersApi.users", "parameter role_id removed")]


def test_renamed_optional_query_parameter_is_a_breaking_removal_and_an_addition(diff: Callable[..., Any]) -> None:
    # Optional parameters are keyword-only: a rename cannot be told from an
    # unrelated removal and addition, so both are reported as such.
    def mutate(spec: dict[str, Any]) -> None:
        params = spec["paths"][USERS]["get"]["parameters"]
        assert params[3]["name"] == "role_id"
        params[3]["name"] = "role"

    code, report = diff(mutate)
    assert code == 1
    assert changes(report) == [
        ("breaking", "UsersApi.users", "parameter role_id removed"),
        ("compatible", "UsersApi.users", "new optional parameter role"),
    ]


def test_renamed_path_parameter_is_breaking(diff: Callable[..., Any]) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        item = spec["paths"].pop(ASSISTANT)
        item["delete"]["parameters"][1]["name"] = "assistantKey"
        spec["paths"]["/users/{userId}/assistants/{assistantKey}"] = item

    code, report = diff(mutate)
    assert code == 1
    assert report["bump"] == "major"
    assert changes(report) == [
        ("breaking", "UsersApi.user_assistant_delete", "parameter assistant_id renamed to assistant_key")
    ]


def test_parameter_type_narrowed_is_breaking_widened_is_compatible(diff: Callable[..., Any]) -> None:
    def narrow(spec: dict[str, Any]) -> None:
        ttl = next(p for p in spec["paths"][TOKEN]["get"]["parameters"] if p.get("name") == "ttl")
        assert ttl["schema"]["type"] == "integer"
        ttl["schema"] = {"type": "boolean"}

    code, report = diff(narrow)
    assert code == 1
    assert changes(report) == [("breaking", "UsersApi.user_token", "parameter ttl: int | NotGiven -> bool | NotGiven")]

    def widen(spec: dict[str, Any]) -> None:
        ttl = next(p for p in spec["paths"][TOKEN]["get"]["parameters"] if p.get("name") == "ttl")
        ttl["schema"] = {"type": "number"}

    code, report = diff(widen)
    assert code == 0
    assert changes(report) == [
        ("compatible", "UsersApi.user_token", "parameter ttl: int | NotGiven -> float | NotGiven")
    ]


# ------------------------------------------------------------------ (i), (j)


def test_new_response_field_is_compatible(diff: Callable[..., Any]) -> None:
    code, report = diff(lambda spec: _user_response(spec)["properties"].update(nickname={"type": "string"}))
    assert code == 0
    assert report["bump"] == "minor"
    assert changes(report) == [("compatible", "UserResponse", "new field nickname")]


def test_removed_response_field_is_breaking(diff: Callable[..., Any]) -> None:
    code, report = diff(lambda spec: _user_response(spec)["properties"].pop("dept"))
    assert code == 1
    assert report["bump"] == "major"
    assert changes(report) == [("breaking", "UserResponse", "field dept removed")]


def test_new_enum_value_is_compatible(diff: Callable[..., Any]) -> None:
    code, report = diff(lambda spec: _user_response(spec)["properties"]["status"]["enum"].append("suspended"))
    assert code == 0
    assert report["bump"] == "minor"
    assert changes(report) == [("compatible", "UserResponseStatus", "new enum value 'suspended'")]


def test_removed_enum_value_is_breaking(diff: Callable[..., Any]) -> None:
    code, report = diff(lambda spec: _user_response(spec)["properties"]["status"]["enum"].remove("pending"))
    assert code == 1
    assert report["bump"] == "major"
    assert changes(report) == [("breaking", "UserResponseStatus", "enum value 'pending' removed")]


def test_breaking_and_compatible_together(diff: Callable[..., Any]) -> None:
    def mutate(spec: dict[str, Any]) -> None:
        del spec["paths"][TOKEN]["delete"]
        _user_response(spec)["properties"]["nickname"] = {"type": "string"}

    code, report = diff(mutate)
    assert code == 1
    assert report["bump"] == "major"
    assert changes(report) == [
        ("breaking", "UsersApi.user_sso_token_delete", "method removed"),
        ("compatible", "UserResponse", "new field nickname"),
    ]


# ------------------------------------------------------------------ (l)


def test_json_and_markdown_formats(old: Path, tmp_path: Path, wf: SimpleNamespace) -> None:
    spec = wf.load_spec(wf.ZOOM_USERS)
    del spec["paths"][TOKEN]["delete"]
    _user_response(spec)["properties"]["nickname"] = {"type": "string"}
    new = wf.write_spec(tmp_path / "new.yaml", spec)

    as_json = wf.cli("diff", old, new, "--format", "json")
    assert as_json.exit_code == 1
    data = json.loads(as_json.stdout)
    assert set(data) == {"bump", "breaking", "compatible", "typing"}
    assert data["bump"] == "major"
    assert data["breaking"] == [
        {"kind": "breaking", "where": "UsersApi.user_sso_token_delete", "message": "method removed"}
    ]
    assert data["compatible"] == [{"kind": "compatible", "where": "UserResponse", "message": "new field nickname"}]

    as_markdown = wf.cli("diff", old, new, "--format", "markdown")
    assert as_markdown.exit_code == 1
    text = as_markdown.stdout
    assert text.startswith("## API changes\n")
    assert "suggested bump: major" in text
    assert "### Breaking" in text and "### Compatible" in text
    assert "- `UsersApi.user_sso_token_delete`: method removed" in text
    assert "- `UserResponse`: new field nickname" in text
    assert text.index("### Breaking") < text.index("### Compatible")


def test_markdown_of_no_change(old: Path, wf: SimpleNamespace) -> None:
    result = wf.cli("diff", old, old, "--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("## API changes\n")
    assert "suggested bump: none" in result.stdout
    assert "### Breaking" not in result.stdout


# ------------------------------------------------------------------ (m)


@pytest.fixture(scope="module")
def target_project(tmp_path_factory: pytest.TempPathFactory, wf: SimpleNamespace) -> Path:
    """A tmp project with target ``zu`` generated once (so its out folder holds a lock)."""
    root = tmp_path_factory.mktemp("diff_target")
    pyproject = wf.make_project(root, wf.ZOOM_USERS, "zu_pkg", target="zu")
    result = wf.generate(pyproject)
    assert result.exit_code == 0, result.output
    assert (root / "out" / "specgen.lock.json").is_file()
    return pyproject


def _target_diff(wf: SimpleNamespace, pyproject: Path, spec: dict[str, Any], name: str) -> tuple[int, dict[str, Any]]:
    new = wf.write_spec(pyproject.parent / "candidates" / name, spec)
    result = wf.cli("diff", "zu", new, "--config", pyproject, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_target_diff_ignores_reorders_the_lock_keeps(target_project: Path, wf: SimpleNamespace) -> None:
    spec = wf.load_spec(wf.ZOOM_USERS)
    spec["paths"][SWITCH]["put"]["parameters"].reverse()
    # Same spec as a file: reported (nothing keeps the order).
    old_file = target_project.parent / "spec.yaml"
    plain = wf.cli(
        "diff", old_file, wf.write_spec(target_project.parent / "candidates" / "plain.yaml", spec), "--format", "json"
    )
    assert plain.exit_code == 1
    # Against the target: the lock keeps the order, nothing to report.
    code, report = _target_diff(wf, target_project, spec, "reordered.yaml")
    assert code == 0
    assert report == {"bump": "none", "breaking": [], "compatible": [], "typing": []}


def test_target_diff_still_reports_a_removed_parameter(target_project: Path, wf: SimpleNamespace) -> None:
    spec = wf.load_spec(wf.ZOOM_USERS)
    spec["paths"][SWITCH]["put"]["parameters"].reverse()
    params = spec["paths"][USERS]["get"]["parameters"]
    spec["paths"][USERS]["get"]["parameters"] = [p for p in params if p.get("name") != "role_id"]
    code, report = _target_diff(wf, target_project, spec, "removed.yaml")
    assert code == 1
    assert report["bump"] == "major"
    assert changes(report) == [("breaking", "UsersApi.users", "parameter role_id removed")]


def test_target_diff_keeps_model_names(target_project: Path, wf: SimpleNamespace) -> None:
    """A new component schema named like an inline model: the lock keeps the old name for the inline one."""
    spec = wf.load_spec(wf.ZOOM_USERS)
    spec["components"]["schemas"]["UserResponse"] = {"type": "object", "properties": {"note": {"type": "string"}}}
    code, report = _target_diff(wf, target_project, spec, "component.yaml")
    assert code == 0
    assert [c["message"] for c in report["compatible"]] == ["new model"]
    assert report["compatible"][0]["where"] != "UserResponse"


def test_target_diff_of_unchanged_spec(target_project: Path, wf: SimpleNamespace) -> None:
    code, report = _target_diff(wf, target_project, wf.load_spec(wf.ZOOM_USERS), "same.yaml")
    assert (code, report["bump"]) == (0, "none")


# ------------------------------------------------------------------ (n)


def test_missing_new_file_is_bad_input(old: Path, tmp_path: Path, wf: SimpleNamespace) -> None:
    result = wf.cli("diff", old, tmp_path / "nowhere.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "nowhere.yaml" in result.stderr
    assert "Traceback" not in result.output


def test_missing_old_file_is_bad_input(old: Path, tmp_path: Path, wf: SimpleNamespace) -> None:
    result = wf.cli("diff", tmp_path / "absent.yaml", old, "--config", tmp_path / "no_pyproject.toml")
    assert result.exit_code == 2
    assert "absent.yaml" in result.stderr


def test_invalid_new_spec_is_bad_input(old: Path, tmp_path: Path, wf: SimpleNamespace) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.0.3\ninfo: [not, a, mapping\n", encoding="utf-8")
    result = wf.cli("diff", old, broken)
    assert result.exit_code == 2
    assert "broken.yaml" in result.stderr
