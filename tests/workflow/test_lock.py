"""The lock file: callers' code keeps working when the spec is regenerated.

A target is generated from a copy of specs/zoom_phone_users.yaml. A CALLER
script imports the generated package and calls several methods the documented
way, with POSITIONAL required arguments (``api.update_user_setting("voice_mail",
"me", ...)``), over an ``httpx.MockTransport`` that records the requests, and
asserts each URL: had the arguments swapped places, "me" would be sent as the
setting type and the script would fail.

The spec is then changed the way specs change: path parameters reordered, new
operations, a component schema named like an existing inline model, a new
optional query parameter, extra response codes. Regenerating WITHOUT
``--relock`` must leave the caller working unchanged (run in a fresh
subprocess); ``--relock`` takes the spec's new order (and breaks the caller).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

PACKAGE = "zp_lock"
SETTING = "/phone/users/{userId}/settings/{settingType}"
POLICY = "/phone/users/{userId}/policies/{policyType}"
PLAN = "/phone/users/{userId}/calling_plans/{type}"

CALLER = '''
"""A caller of the generated package, written against the first generation."""
import json
import sys

sys.path.insert(0, sys.argv[1])

import httpx

from zp_lock import ApiClient, Configuration, UsersApi, models

seen = []


def handler(request):
    seen.append(request)
    if request.method == "GET" and request.url.raw_path == b"/base/phone/users/me":
        return httpx.Response(200, json={"id": "me-id", "extension_number": 101})
    return httpx.Response(200, json={})


client = ApiClient(Configuration("https://api.example.test/base", access_token="t"), transport=httpx.MockTransport(handler))
api = UsersApi(client)

# Models by the names the first generation gave them.
assert "voice_mail" in models.UpdateUserSettingRequest.model_fields, sorted(models.UpdateUserSettingRequest.model_fields)
assert "extension_number" in models.PhoneUserResponse.model_fields, sorted(models.PhoneUserResponse.model_fields)

api.update_user_setting(
    "voice_mail",
    "me",
    body=models.UpdateUserSettingRequest(
        voice_mail=models.UpdateUserSettingRequestVoiceMail(access_user_id="u2", download=True)
    ),
)
api.add_user_setting("me", "delegation", body={"delegation": {"assistants": [{"id": "a1"}]}})
api.delete_user_setting("me", "intercom", intercom_extension_id="ix1")
api.get_user_policy_details("me", "restricted_call_hours", sub_policy_type="restricted_holiday_hours")
api.unassign_calling_plan("me", "plan-7")
user = api.phone_user("me")
assert isinstance(user, models.PhoneUserResponse), type(user)
assert user.extension_number == 101, user

expected = [
    ("PATCH", "/base/phone/users/me/settings/voice_mail", ""),
    ("POST", "/base/phone/users/me/settings/delegation", ""),
    ("DELETE", "/base/phone/users/me/settings/intercom", "intercom_extension_id=ix1"),
    ("GET", "/base/phone/users/me/policies/restricted_call_hours", "sub_policy_type=restricted_holiday_hours"),
    ("DELETE", "/base/phone/users/me/calling_plans/plan-7", ""),
    ("GET", "/base/phone/users/me", ""),
]
actual = [(r.method, r.url.raw_path.decode().split("?")[0], r.url.query.decode()) for r in seen]
assert actual == expected, actual
assert json.loads(seen[0].content) == {"voice_mail": {"access_user_id": "u2", "download": True}}, seen[0].content
assert json.loads(seen[1].content) == {"delegation": {"assistants": [{"id": "a1"}]}}, seen[1].content
print("CALLER OK")
'''

SIGNATURES = """
import inspect, json, sys
sys.path.insert(0, sys.argv[1])
from zp_lock import UsersApi
out = {}
for name in sys.argv[2:]:
    out[name] = [
        [p.name, p.kind.name, p.default is inspect.Parameter.empty]
        for p in inspect.signature(getattr(UsersApi, name)).parameters.values()
        if p.name != "self"
    ]
print(json.dumps(out))
"""


def run_caller(out: Path, script: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), str(out)], capture_output=True, text=True, timeout=60, check=False
    )


def signatures(out: Path, tmp: Path, *methods: str) -> dict[str, list[list[Any]]]:
    script = tmp / "signatures.py"
    script.write_text(SIGNATURES, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), str(out), *methods], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def api_params(signature: list[list[Any]]) -> list[str]:
    """The parameter names of the API (the per-call ``_request_timeout``/``_headers`` left out)."""
    return [name for name, _, _ in signature if not name.startswith("_")]


def positional(signature: list[list[Any]]) -> list[str]:
    return [name for name, kind, _ in signature if kind == "POSITIONAL_OR_KEYWORD"]


def model_classes(out: Path) -> list[str]:
    tree = ast.parse((out / PACKAGE / "models.py").read_text(encoding="utf-8"))
    return [node.name for node in tree.body if isinstance(node, ast.ClassDef)]


def read_lock(out: Path) -> dict[str, Any]:
    return json.loads((out / "specgen.lock.json").read_text(encoding="utf-8"))


def lock_params(lock: dict[str, Any], method: str) -> list[str]:
    return [p["name"] for p in lock["methods"][f"UsersApi.{method}"]["params"]]


def _swap_required_path_params(spec: dict[str, Any], op: dict[str, Any]) -> None:
    """Swap the operation's two required (path) parameters, optional ones left in place."""
    params = op["parameters"]

    def resolved(param: dict[str, Any]) -> dict[str, Any]:
        ref = param.get("$ref")
        return spec["components"]["parameters"][ref.rsplit("/", 1)[1]] if ref else param

    required = [i for i, p in enumerate(params) if resolved(p).get("required")]
    assert len(required) == 2 and all(resolved(params[i])["in"] == "path" for i in required), params
    i, j = required
    params[i], params[j] = params[j], params[i]


def mutate(spec: dict[str, Any]) -> None:
    """The spec's next version: nothing a locked caller should notice at run time."""
    paths = spec["paths"]
    for method in ("post", "patch", "delete"):
        _swap_required_path_params(spec, paths[SETTING][method])
    _swap_required_path_params(spec, paths[POLICY]["get"])
    _swap_required_path_params(spec, paths[PLAN]["delete"])

    # A new optional query parameter, listed FIRST in the spec.
    paths[SETTING]["patch"]["parameters"].insert(
        0, {"name": "dry_run", "in": "query", "required": False, "schema": {"type": "boolean"}}
    )
    # Extra response codes.
    paths[SETTING]["patch"]["responses"]["202"] = {
        "description": "Accepted.",
        "content": {"application/json": {"schema": {"type": "object", "properties": {"job_id": {"type": "string"}}}}},
    }
    paths[SETTING]["post"]["responses"]["400"] = {
        "description": "Bad request.",
        "content": {"application/json": {"schema": {"type": "object", "properties": {"code": {"type": "integer"}}}}},
    }
    # Component schemas named like inline models of the first generation.
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["UpdateUserSettingRequest"] = {"type": "object", "properties": {"note": {"type": "string"}}}
    schemas["PhoneUserResponse"] = {"type": "object", "properties": {"label": {"type": "string"}}}
    # New operations, with references to those and a new inline schema.
    paths["/phone/users/{userId}/notes"] = {
        "post": {
            "tags": ["Users"],
            "operationId": "addUserNote",
            "parameters": [{"name": "userId", "in": "path", "required": True, "schema": {"type": "string"}}],
            "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UpdateUserSettingRequest"}}}
            },
            "responses": {
                "200": {
                    "description": "The note.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PhoneUserResponse"}}},
                }
            },
        },
        "get": {
            "tags": ["Users"],
            "operationId": "listUserNotes",
            "parameters": [{"name": "userId", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {
                "200": {
                    "description": "The notes.",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"notes": {"type": "array", "items": {"type": "string"}}},
                            }
                        }
                    },
                }
            },
        },
    }


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    folder = tmp_path_factory.mktemp("scripts")
    caller = folder / "caller.py"
    caller.write_text(CALLER, encoding="utf-8")
    return SimpleNamespace(folder=folder, caller=caller)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, wf: SimpleNamespace) -> SimpleNamespace:
    """The first generation of the original spec."""
    root = tmp_path_factory.mktemp("lock") / "base"
    pyproject = wf.make_project(root, wf.ZOOM_PHONE_USERS, PACKAGE)
    result = wf.generate(pyproject)
    assert result.exit_code == 0, result.output
    out = root / "out"
    return SimpleNamespace(root=root, out=out, lock=read_lock(out), models=model_classes(out))


@pytest.fixture(scope="module")
def locked(
    base: SimpleNamespace, tmp_path_factory: pytest.TempPathFactory, wf: SimpleNamespace, copy_tree: Callable[..., Path]
) -> SimpleNamespace:
    """The base project, its spec mutated, regenerated WITHOUT --relock."""
    root = copy_tree(base.root, tmp_path_factory.mktemp("lock") / "locked")
    spec = wf.load_spec(root / "spec.yaml")
    mutate(spec)
    wf.write_spec(root / "spec.yaml", spec)
    result = wf.generate(root / "pyproject.toml")
    return SimpleNamespace(root=root, out=root / "out", result=result)


@pytest.fixture(scope="module")
def relocked(
    locked: SimpleNamespace,
    tmp_path_factory: pytest.TempPathFactory,
    wf: SimpleNamespace,
    copy_tree: Callable[..., Path],
) -> SimpleNamespace:
    root = copy_tree(locked.root, tmp_path_factory.mktemp("lock") / "relocked")
    result = wf.generate(root / "pyproject.toml", "--relock")
    return SimpleNamespace(root=root, out=root / "out", result=result)


# ------------------------------------------------------------------ first generation


def test_caller_works_against_first_generation(base: SimpleNamespace, scripts: SimpleNamespace) -> None:
    done = run_caller(base.out, scripts.caller)
    assert done.returncode == 0, done.stderr
    assert "CALLER OK" in done.stdout


def test_first_generation_order_is_the_specs(base: SimpleNamespace) -> None:
    assert lock_params(base.lock, "update_user_setting") == ["setting_type", "user_id", "body"]
    assert lock_params(base.lock, "add_user_setting") == ["user_id", "setting_type", "body"]
    assert "UpdateUserSettingRequest" in base.models and "PhoneUserResponse" in base.models


# ------------------------------------------------------------------ regenerated under the lock


def test_regenerate_under_lock_succeeds(locked: SimpleNamespace) -> None:
    assert locked.result.exit_code == 0, locked.result.output
    report = locked.result.stderr
    # The lock keeps the order and the names: none of that is reported.
    assert "reordered" not in report
    assert "model removed" not in report and "model renamed" not in report
    assert "UsersApi.add_user_note: new method" in report
    assert "UsersApi.list_user_notes: new method" in report
    assert "UsersApi.update_user_setting: new optional parameter dry_run" in report


def test_caller_keeps_working_under_lock(locked: SimpleNamespace, scripts: SimpleNamespace) -> None:
    assert locked.result.exit_code == 0, locked.result.output
    done = run_caller(locked.out, scripts.caller)
    assert done.returncode == 0, done.stderr
    assert "CALLER OK" in done.stdout


def test_existing_model_names_kept_new_components_renamed(base: SimpleNamespace, locked: SimpleNamespace) -> None:
    after = model_classes(locked.out)
    missing = [name for name in base.models if name not in after]
    assert missing == []
    new = sorted(set(after) - set(base.models))
    assert new, "the new schemas produced no model"
    lock = read_lock(locked.out)
    by_origin = {entry["origin"]: name for name, entry in lock["models"].items()}
    for component in ("UpdateUserSettingRequest", "PhoneUserResponse"):
        name = by_origin[f"/components/schemas/{component}"]
        assert name != component and name in new
        # The old name still belongs to the inline schema it named before.
        assert lock["models"][component]["origin"] == base.lock["models"][component]["origin"]
        assert lock["models"][component]["fields"] == base.lock["models"][component]["fields"]
    # The new operation's signature uses the component's new names.
    assert lock["methods"]["UsersApi.add_user_note"]["returns"] == by_origin["/components/schemas/PhoneUserResponse"]


def test_signatures_under_lock(locked: SimpleNamespace, scripts: SimpleNamespace) -> None:
    sigs = signatures(
        locked.out,
        scripts.folder,
        "update_user_setting",
        "add_user_setting",
        "delete_user_setting",
        "get_user_policy_details",
        "unassign_calling_plan",
    )
    update = sigs["update_user_setting"]
    assert positional(update) == ["setting_type", "user_id"]
    assert api_params(update) == ["setting_type", "user_id", "body", "dry_run"]
    dry_run = next(p for p in update if p[0] == "dry_run")
    assert dry_run[1] == "KEYWORD_ONLY" and dry_run[2] is False  # keyword-only, has a default
    assert positional(sigs["add_user_setting"]) == ["user_id", "setting_type"]
    assert positional(sigs["delete_user_setting"]) == ["user_id", "setting_type"]
    assert api_params(sigs["delete_user_setting"]) == [
        "user_id",
        "setting_type",
        "shared_id",
        "assistant_extension_id",
        "device_id",
        "intercom_extension_id",
    ]
    assert positional(sigs["get_user_policy_details"]) == ["user_id", "policy_type"]
    assert positional(sigs["unassign_calling_plan"]) == ["user_id", "type"]


def test_lock_file_updated_under_lock(base: SimpleNamespace, locked: SimpleNamespace) -> None:
    lock = read_lock(locked.out)
    assert lock["lock_version"] == 1
    assert lock["_comment"].startswith("Generated by specgen")
    assert lock_params(lock, "update_user_setting") == ["setting_type", "user_id", "body", "dry_run"]
    assert lock_params(lock, "add_user_setting") == lock_params(base.lock, "add_user_setting")
    assert lock_params(lock, "get_user_policy_details") == lock_params(base.lock, "get_user_policy_details")
    new_methods = {"UsersApi.add_user_note", "UsersApi.list_user_notes"}
    # Each also on the async class.
    assert set(lock["methods"]) - set(base.lock["methods"]) == new_methods | {f"Async{m}" for m in new_methods}
    assert set(base.lock["models"]) <= set(lock["models"])
    # Every method the first lock knew keeps its parameter order (new ones only appended).
    for name, entry in base.lock["methods"].items():
        before = [p["name"] for p in entry["params"]]
        assert [p["name"] for p in lock["methods"][name]["params"]][: len(before)] == before, name


def test_check_agrees_with_generate_under_lock(locked: SimpleNamespace, wf: SimpleNamespace) -> None:
    """Regenerating reads the lock generate just wrote: nothing may move again."""
    result = wf.check(locked.root / "pyproject.toml")
    assert result.exit_code == 0, result.output
    assert "up to date" in result.stderr


# ------------------------------------------------------------------ --relock


def test_relock_takes_the_specs_order(relocked: SimpleNamespace, scripts: SimpleNamespace) -> None:
    assert relocked.result.exit_code == 0, relocked.result.output
    sigs = signatures(
        relocked.out, scripts.folder, "update_user_setting", "add_user_setting", "get_user_policy_details"
    )
    assert positional(sigs["update_user_setting"]) == ["user_id", "setting_type"]
    # Without the lock: the body first (OpenAPI 3), then the spec's order.
    assert api_params(sigs["update_user_setting"]) == ["user_id", "setting_type", "body", "dry_run"]
    assert positional(sigs["add_user_setting"]) == ["setting_type", "user_id"]
    assert positional(sigs["get_user_policy_details"]) == ["policy_type", "user_id"]
    lock = read_lock(relocked.out)
    assert lock_params(lock, "add_user_setting")[:2] == ["setting_type", "user_id"]


def test_relock_gives_components_their_own_names(relocked: SimpleNamespace) -> None:
    lock = read_lock(relocked.out)
    assert lock["models"]["UpdateUserSettingRequest"]["origin"] == "/components/schemas/UpdateUserSettingRequest"
    assert lock["models"]["PhoneUserResponse"]["origin"] == "/components/schemas/PhoneUserResponse"


def test_relock_breaks_the_positional_caller(relocked: SimpleNamespace, scripts: SimpleNamespace) -> None:
    """Proof the caller script notices a swapped order (else the lock tests would prove nothing)."""
    done = run_caller(relocked.out, scripts.caller)
    assert done.returncode != 0
    assert "AssertionError" in done.stderr


# ------------------------------------------------------------------ breaking changes under the lock


def test_lock_reports_what_it_cannot_keep(
    base: SimpleNamespace,
    tmp_path_factory: pytest.TempPathFactory,
    wf: SimpleNamespace,
    copy_tree: Callable[..., Path],
    scripts: SimpleNamespace,
) -> None:
    root = copy_tree(base.root, tmp_path_factory.mktemp("lock") / "breaking")
    spec = wf.load_spec(root / "spec.yaml")
    delete = spec["paths"][SETTING]["delete"]
    delete["parameters"] = [p for p in delete["parameters"] if p.get("name") != "shared_id"]
    spec["paths"][SETTING]["patch"]["parameters"].append(
        {"name": "site_id", "in": "query", "required": True, "schema": {"type": "string"}}
    )
    wf.write_spec(root / "spec.yaml", spec)
    result = wf.generate(root / "pyproject.toml")
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.stderr.splitlines()]
    assert ["BREAKING", "UsersApi.delete_user_setting:", "parameter", "shared_id", "removed"] in lines
    assert ["BREAKING", "UsersApi.update_user_setting:", "new", "required", "parameter", "site_id"] in lines
    assert "suggested bump: major" in result.stderr
    # The new required parameter follows the locked ones.
    sigs = signatures(root / "out", scripts.folder, "update_user_setting")
    assert positional(sigs["update_user_setting"]) == ["setting_type", "user_id", "site_id"]
