"""The lock records the whole public surface, and `specgen diff` tells every change of it exactly.

Each test writes a pair of small specs of its own (OLD and NEW), runs
``specgen diff OLD NEW --format json`` and asserts the exact list of changes
(kind, where, message): ``breaking`` (a caller's code may stop working),
``compatible``, or ``typing`` (only a type checker notices; no version bump).
The expected lists are written out by hand from what the generated package
offers callers (see ``test_lock_lists_every_public_method_of_the_generated_code``).
"""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from generator.config import Options
from generator.pipeline import load_api
from generator.surface import compare, surface_of

JSON = "application/json"


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def document(paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "Pets", "version": "1.0"}, "paths": paths or {}}
    if schemas:
        spec["components"] = {"schemas": schemas}
    return spec


def ok(schema: dict[str, Any]) -> dict[str, Any]:
    return {"200": {"description": "OK.", "content": {JSON: {"schema": schema}}}}


def models(**schemas: Any) -> dict[str, Any]:
    """A spec holding only component schemas (each becomes a model)."""
    return document(schemas=schemas)


def pets(*extra_params: dict[str, Any]) -> dict[str, Any]:
    """``GET /pets``, paged by ``page`` (a page-number pager ``iter_pets``), returning a ``PetPage``."""
    params = [{"name": "page", "in": "query", "schema": {"type": "integer"}}, *extra_params]
    return document(
        paths={
            "/pets": {
                "get": {
                    "operationId": "listPets",
                    "tags": ["Pets"],
                    "parameters": params,
                    "responses": ok(ref("PetPage")),
                }
            }
        },
        schemas={
            "Pet": {"type": "object", "properties": {"name": {"type": "string"}}},
            "PetPage": {
                "type": "object",
                "properties": {"items": {"type": "array", "items": ref("Pet")}, "page_count": {"type": "integer"}},
            },
        },
    )


def operation(responses: dict[str, Any], params: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A spec with one operation ``PUT /pets/{petId}`` (``PetsApi.put_pet``) and a ``Pet`` model."""
    parameters = [{"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}, *(params or [])]
    return document(
        paths={
            "/pets/{petId}": {
                "put": {"operationId": "putPet", "tags": ["Pets"], "parameters": parameters, "responses": responses}
            }
        },
        schemas={"Pet": {"type": "object", "properties": {"name": {"type": "string"}}}},
    )


@pytest.fixture
def diff(tmp_path: Path, wf: SimpleNamespace) -> Any:
    """``specgen diff OLD NEW --format json``: (exit code, [(kind, where, message), ...], report)."""

    def run(old: dict[str, Any], new: dict[str, Any]) -> tuple[int, list[tuple[str, str, str]], dict[str, Any]]:
        old_path = wf.write_spec(tmp_path / "old.yaml", old)
        new_path = wf.write_spec(tmp_path / "new.yaml", new)
        result = wf.cli("diff", old_path, new_path, "--format", "json", "--config", tmp_path / "none.toml")
        assert result.exit_code in (0, 1), result.output
        report = json.loads(result.stdout)
        found = [
            (c["kind"], c["where"], c["message"])
            for key in ("breaking", "compatible", "typing")
            for c in report.get(key, [])
        ]
        return result.exit_code, found, report

    return run


# ------------------------------------------------------------------ 1. pagers and async twins


def test_lock_lists_every_public_method_of_the_generated_code(tmp_path: Path, wf: SimpleNamespace) -> None:
    """Every public method of every class in the generated api modules is in the lock, with its return annotation."""
    pyproject = wf.make_project(tmp_path, pets(), "pets_pkg")
    result = wf.generate(pyproject)
    assert result.exit_code == 0, result.output
    lock = json.loads((tmp_path / "out" / "specgen.lock.json").read_text(encoding="utf-8"))
    in_code = {}
    for module in (tmp_path / "out" / "pets_pkg" / "api").glob("*_api.py"):
        for cls in ast.parse(module.read_text(encoding="utf-8")).body:
            if isinstance(cls, ast.ClassDef):
                for node in cls.body:
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_"):
                        in_code[f"{cls.name}.{node.name}"] = ast.unparse(node.returns)
    assert in_code == {
        "PetsApi.list_pets": "PetPage",
        "PetsApi.iter_pets": "Pager[PetPage, Pet]",
        "AsyncPetsApi.list_pets": "PetPage",
        "AsyncPetsApi.iter_pets": "AsyncPager[PetPage, Pet]",
    }
    assert {name: entry["returns"] for name, entry in lock["methods"].items()} == in_code


@pytest.mark.parametrize("target", ["zoom_users", "zoom_phone_users", "genesys_users"])
def test_committed_lock_covers_the_committed_package(target: str, wf: SimpleNamespace) -> None:
    """Every public method and every model class of a committed package is in its committed lock."""
    out = wf.ROOT / "generated" / target
    lock = json.loads((out / "specgen.lock.json").read_text(encoding="utf-8"))
    methods, classes = set(), set()
    for module in (out / target / "api").glob("*_api.py"):
        for cls in ast.parse(module.read_text(encoding="utf-8")).body:
            if isinstance(cls, ast.ClassDef):
                methods |= {
                    f"{cls.name}.{node.name}"
                    for node in cls.body
                    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and not node.name.startswith("_")
                }
    for node in ast.parse((out / target / "models.py").read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef):
            classes.add(node.name)
    assert any(name.split(".")[1].startswith("iter_") for name in methods), "no pager to check"
    assert set(lock["methods"]) == methods
    assert set(lock["models"]) == classes


def test_lock_names_every_class_the_model_generator_writes(tmp_path: Path, wf: SimpleNamespace) -> None:
    """Enums on (nested) array items, titled nested schemas, inline union options and map values:
    each becomes a class of models.py, and each of those classes is a model of the lock."""
    thing = {
        "type": "object",
        "properties": {
            "flags": {"type": "array", "items": {"type": "array", "items": {"type": "string", "enum": ["x", "y"]}}},
            "owner": {
                "title": "Person",
                "type": "object",
                "properties": {"role": {"title": "Role", "type": "string", "enum": ["admin", "user"]}},
            },
            "alt": {
                "anyOf": [
                    {"title": "AltA", "type": "object", "properties": {"a": {"type": "string"}}},
                    {"type": "string"},
                ]
            },
            "vals": {"type": "object", "additionalProperties": {"type": "string", "enum": ["p", "q"]}},
        },
    }
    pyproject = wf.make_project(tmp_path, models(Thing=thing), "things")
    assert wf.generate(pyproject).exit_code == 0
    lock = json.loads((tmp_path / "out" / "specgen.lock.json").read_text(encoding="utf-8"))
    tree = ast.parse((tmp_path / "out" / "things" / "models.py").read_text(encoding="utf-8"))
    classes = {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    assert len(classes) == 7  # Thing and six classes of its parts
    assert set(lock["models"]) == classes


def test_pager_that_vanishes_is_breaking(diff: Any) -> None:
    """A ``cursor`` parameter makes the builder look for a token pager first; with no token in the
    response there is none, and the page-number pager callers used is gone."""
    cursor = {"name": "cursor", "in": "query", "schema": {"type": "string"}}
    code, found, report = diff(pets(), pets(cursor))
    assert code == 1
    assert report["bump"] == "major"
    assert found == [
        ("breaking", "PetsApi.iter_pets", "pager removed (the pages of list_pets)"),
        ("compatible", "PetsApi.list_pets", "new optional parameter cursor"),
    ]


def test_new_pager_is_compatible(diff: Any) -> None:
    old = pets()
    old["paths"]["/pets"]["get"]["parameters"] = []
    code, found, _ = diff(old, pets())
    assert code == 0
    assert found == [
        ("compatible", "PetsApi.iter_pets", "new pager"),
        ("compatible", "PetsApi.list_pets", "new optional parameter page"),
    ]


def test_renamed_operation_renames_its_pager(diff: Any) -> None:
    new = pets()
    new["paths"]["/pets"]["get"]["operationId"] = "findPets"
    code, found, _ = diff(pets(), new)
    assert code == 1
    assert found == [
        ("breaking", "PetsApi.iter_pets", "renamed to iter_find_pets"),
        ("breaking", "PetsApi.list_pets", "renamed to find_pets"),
    ]


def test_async_twin_change_is_told_once_under_the_sync_class(tmp_path: Path) -> None:
    """The async class is in the surface; its change equal to the sync one is folded, a different one is not."""
    path = tmp_path / "pets.yaml"
    path.write_text(json.dumps(pets()), encoding="utf-8")
    surface = surface_of(load_api(path, Options())[0])
    assert surface["methods"]["AsyncPetsApi.list_pets"]["async"] is True
    only_async = copy.deepcopy(surface)
    del only_async["methods"]["AsyncPetsApi.iter_pets"]
    report = compare(surface, only_async)
    assert [(c.kind, c.where, c.message) for c in report.changes] == [
        ("breaking", "AsyncPetsApi.iter_pets", "pager removed (the pages of list_pets)")
    ]


def test_an_optional_parameter_left_out_by_not_given_instead_of_none_is_a_typing_change(tmp_path: Path) -> None:
    """Locks written before NOT_GIVEN record ``int | None``: None still leaves the argument
    out at run time, so only a type checker notices the change."""
    path = tmp_path / "pets.yaml"
    path.write_text(json.dumps(pets()), encoding="utf-8")
    surface = surface_of(load_api(path, Options())[0])
    old = copy.deepcopy(surface)
    for method in old["methods"].values():
        for param in method["params"]:
            param["annotation"] = param["annotation"].replace(" | NotGiven", " | None")
    report = compare(old, surface)
    assert [(c.kind, c.where, c.message) for c in report.changes] == [
        ("typing", "PetsApi.list_pets", "parameter page: int | None -> int | NotGiven"),
    ]
    assert report.bump == "none"


def test_a_dict_body_checked_against_its_twin_is_a_typing_change(tmp_path: Path) -> None:
    """Locks written before TypedDict twins record ``Pet | dict[str, Any]``: any dict is still
    sent as it is, so only a type checker notices."""
    body = {"required": True, "content": {JSON: {"schema": ref("Pet")}}}
    spec = pets()
    spec["paths"]["/pets"]["post"] = {
        "operationId": "addPet",
        "tags": ["Pets"],
        "requestBody": body,
        "responses": ok(ref("Pet")),
    }
    path = tmp_path / "pets.yaml"
    path.write_text(json.dumps(spec), encoding="utf-8")
    surface = surface_of(load_api(path, Options())[0])
    assert surface["methods"]["PetsApi.add_pet"]["params"][0]["annotation"] == "Pet | PetDict"
    old = copy.deepcopy(surface)
    for method in old["methods"].values():
        for param in method["params"]:
            param["annotation"] = param["annotation"].replace("PetDict", "dict[str, Any]")
    report = compare(old, surface)
    assert [(c.kind, c.where, c.message) for c in report.changes] == [
        ("typing", "PetsApi.add_pet", "parameter body: Pet | dict[str, Any] -> Pet | PetDict"),
    ]
    assert report.bump == "none"


# ------------------------------------------------------------------ 2. composed models


def _pet_all_of(part: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """``Pet`` = ``allOf`` [``Base``, an inline part (the model ``PetPart2``)]."""
    return models(
        Base=base or {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
        Pet={"allOf": [ref("Base"), {"type": "object", **part}]},
        Owner={"type": "object", "properties": {"name": {"type": "string"}}},
        Person={"type": "object", "properties": {"email": {"type": "string"}}},
    )


PART = {"properties": {"name": {"type": "string"}, "owner": ref("Owner")}}


def test_all_of_model_lists_the_fields_of_every_part(tmp_path: Path) -> None:
    path = tmp_path / "pets.yaml"
    path.write_text(json.dumps(_pet_all_of({"required": ["name"], **PART})), encoding="utf-8")
    pet = surface_of(load_api(path, Options())[0])["models"]["Pet"]
    assert pet["kind"] == "object"
    assert pet["fields"] == {
        "id": {"annotation": "str", "required": True},
        "name": {"annotation": "str", "required": True},
        "owner": {"annotation": "Owner", "required": False},
    }


def test_field_removed_from_an_all_of_part_is_breaking(diff: Any) -> None:
    base = {"type": "object", "properties": {"code": {"type": "string"}}}
    code, found, _ = diff(_pet_all_of(PART), _pet_all_of(PART, base=base))
    assert code == 1
    assert found == [
        ("breaking", "Base", "field id removed"),
        ("breaking", "Pet", "field id removed"),
        ("compatible", "Base", "new field code"),
        ("compatible", "Pet", "new field code"),
    ]


def test_all_of_field_becoming_required_is_breaking(diff: Any) -> None:
    code, found, _ = diff(_pet_all_of(PART), _pet_all_of({"required": ["owner"], **PART}))
    assert code == 1
    assert found == [
        ("breaking", "Pet", "field owner became required"),
        ("breaking", "PetPart2", "field owner became required"),
    ]


def test_all_of_field_class_swapped_is_breaking(diff: Any) -> None:
    swapped = {"properties": {"name": {"type": "string"}, "owner": ref("Person")}}
    code, found, _ = diff(_pet_all_of(PART), _pet_all_of(swapped))
    assert code == 1
    assert found == [
        ("breaking", "Pet", "field owner: Owner | None -> Person | None"),
        ("breaking", "PetPart2", "field owner: Owner | None -> Person | None"),
    ]


def _animal(*members: str, key: str = "oneOf") -> dict[str, Any]:
    return models(
        Cat={"type": "object", "properties": {"meow": {"type": "boolean"}}},
        Dog={"type": "object", "properties": {"bark": {"type": "boolean"}}},
        Lion={"type": "object", "properties": {"roar": {"type": "boolean"}}},
        Animal={key: [ref(m) for m in members]},
    )


def test_union_records_its_members(tmp_path: Path) -> None:
    path = tmp_path / "animals.yaml"
    path.write_text(json.dumps(_animal("Cat", "Dog", key="anyOf")), encoding="utf-8")
    animal = surface_of(load_api(path, Options())[0])["models"]["Animal"]
    assert animal == {
        "kind": "union",
        "origin": "/components/schemas/Animal",
        "union": "anyOf",
        "members": ["Cat", "Dog"],
    }


def test_union_member_swapped_is_breaking(diff: Any) -> None:
    code, found, _ = diff(_animal("Cat", "Dog"), _animal("Cat", "Lion"))
    assert code == 1
    assert found == [
        ("breaking", "Animal", "union member Dog removed"),
        ("compatible", "Animal", "new union member Lion"),
    ]


def test_union_member_added_is_compatible(diff: Any) -> None:
    code, found, _ = diff(_animal("Cat", "Dog"), _animal("Cat", "Dog", "Lion"))
    assert (code, found) == (0, [("compatible", "Animal", "new union member Lion")])


# ------------------------------------------------------------------ 3. model kinds


NAMES_ALIAS = {"type": "array", "items": {"type": "string"}}
NAMES_OBJECT = {"type": "object", "properties": {"first": {"type": "string"}}}


def test_root_model_becoming_an_object_model_is_breaking(diff: Any) -> None:
    code, found, _ = diff(models(Names=NAMES_ALIAS), models(Names=NAMES_OBJECT))
    assert code == 1
    assert found == [("breaking", "Names", "was a RootModel of list[str], is now an object model")]


def test_object_model_becoming_a_root_model_is_breaking(diff: Any) -> None:
    code, found, _ = diff(models(Names=NAMES_OBJECT), models(Names=NAMES_ALIAS))
    assert code == 1
    assert found == [("breaking", "Names", "was an object model, is now a RootModel of list[str]")]


def test_enum_becoming_an_object_model_is_breaking(diff: Any) -> None:
    code, found, _ = diff(models(Names={"type": "string", "enum": ["a", "b"]}), models(Names=NAMES_OBJECT))
    assert code == 1
    assert found == [("breaking", "Names", "was an enum, is now an object model")]


def test_object_becoming_a_union_is_breaking(diff: Any) -> None:
    old = _animal("Cat", "Dog")
    old["components"]["schemas"]["Animal"] = {"type": "object", "properties": {"meow": {"type": "boolean"}}}
    code, found, _ = diff(old, _animal("Cat", "Dog"))
    assert code == 1
    assert found == [("breaking", "Animal", "was an object model, is now a RootModel of Cat | Dog")]


def test_field_of_a_root_model_type_is_recorded_as_models_py_declares_it(tmp_path: Path, wf: SimpleNamespace) -> None:
    """``names: Names | None`` in models.py, not the list the RootModel wraps; the lock says the same."""
    spec = models(
        Names=NAMES_ALIAS,
        Pet={"type": "object", "required": ["names"], "properties": {"names": ref("Names"), "tags": ref("Names")}},
    )
    pyproject = wf.make_project(tmp_path, spec, "pets_pkg")
    assert wf.generate(pyproject).exit_code == 0
    tree = ast.parse((tmp_path / "out" / "pets_pkg" / "models.py").read_text(encoding="utf-8"))
    [pet] = [node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "Pet"]
    in_code = {st.target.id: ast.unparse(st.annotation) for st in pet.body if isinstance(st, ast.AnnAssign)}
    assert in_code == {"names": "Names", "tags": "Names | None"}
    lock = json.loads((tmp_path / "out" / "specgen.lock.json").read_text(encoding="utf-8"))
    assert lock["models"]["Pet"]["fields"] == {
        "names": {"annotation": "Names", "required": True},
        "tags": {"annotation": "Names", "required": False},
    }


def test_root_model_target_change_is_told_once_not_for_every_field_of_its_type(diff: Any) -> None:
    def spec(target: dict[str, Any]) -> dict[str, Any]:
        return models(Names=target, Pet={"type": "object", "properties": {"names": ref("Names")}})

    code, found, _ = diff(spec(NAMES_ALIAS), spec({"type": "array", "items": {"type": "integer"}}))
    assert (code, found) == (1, [("breaking", "Names", "RootModel of list[str] -> list[int]")])


def test_root_model_target_changed_is_breaking(diff: Any) -> None:
    new = {"type": "array", "items": {"type": "integer"}}
    code, found, _ = diff(models(Names=NAMES_ALIAS), models(Names=new))
    assert code == 1
    assert found == [("breaking", "Names", "RootModel of list[str] -> list[int]")]


def test_root_model_target_narrowed_from_any_is_typing_only(diff: Any) -> None:
    code, found, _ = diff(models(Names={"type": "array", "items": {}}), models(Names=NAMES_ALIAS))
    assert (code, found) == (0, [("typing", "Names", "RootModel of list[Any] -> list[str]")])


def test_field_going_from_object_to_list_is_breaking(diff: Any) -> None:
    old = models(Pet={"type": "object", "properties": {"tags": {"type": "object"}}})
    new = models(Pet={"type": "object", "properties": {"tags": {"type": "array", "items": {}}}})
    code, found, _ = diff(old, new)
    assert code == 1
    assert found == [("breaking", "Pet", "field tags: dict[str, Any] | None -> list[Any] | None")]


# ------------------------------------------------------------------ 5. typing-only changes


def test_field_narrowed_from_any_is_typing_only(diff: Any) -> None:
    old = models(Pet={"type": "object", "properties": {"tags": {"type": "array", "items": {}}}})
    new = models(Pet={"type": "object", "properties": {"tags": {"type": "array", "items": {"type": "string"}}}})
    code, found, report = diff(old, new)
    assert code == 0
    assert report["bump"] == "none"
    assert found == [("typing", "Pet", "field tags: list[Any] | None -> list[str] | None")]


def test_field_narrowed_from_any_to_a_model_is_breaking(diff: Any) -> None:
    """An Any field held the JSON object as a dict; a model hands out an object instead."""
    old = models(Pet={"type": "object", "properties": {"owner": {}}}, Owner=NAMES_OBJECT)
    new = models(Pet={"type": "object", "properties": {"owner": ref("Owner")}}, Owner=NAMES_OBJECT)
    code, found, _ = diff(old, new)
    assert code == 1
    assert found == [("breaking", "Pet", "field owner: Any -> Owner | None")]


def test_parameter_narrowed_from_any_is_typing_only(diff: Any) -> None:
    loose = [{"name": "tags", "in": "query", "schema": {"type": "array", "items": {}}}]
    tight = [{"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}]
    code, found, _ = diff(
        operation({"204": {"description": "Done."}}, loose), operation({"204": {"description": "Done."}}, tight)
    )
    assert code == 0
    assert found == [("typing", "PetsApi.put_pet", "parameter tags: list[Any] | NotGiven -> list[str] | NotGiven")]


STATUS = {"name": "status", "in": "query", "schema": {"type": "string"}}


def _status(*values: str) -> dict[str, Any]:
    return {**STATUS, "schema": {"type": "string", "enum": list(values)}}


@pytest.mark.parametrize(
    ("old", "new", "kind", "change"),
    [
        # Listing the values a string took: only a type checker sees a caller's other strings.
        (STATUS, _status("a", "b"), "typing", 'str | NotGiven -> Literal["a", "b"] | NotGiven'),
        (_status("a", "b"), STATUS, "compatible", 'Literal["a", "b"] | NotGiven -> str | NotGiven'),
        (_status("a"), _status("a", "b"), "compatible", 'Literal["a"] | NotGiven -> Literal["a", "b"] | NotGiven'),
        # A value dropped: a caller sending it is now refused, by mypy and likely by the server.
        (_status("a", "b"), _status("a"), "breaking", 'Literal["a", "b"] | NotGiven -> Literal["a"] | NotGiven'),
    ],
    ids=["listed", "unlisted", "value added", "value dropped"],
)
def test_enum_parameter_changes(diff: Any, old: dict[str, Any], new: dict[str, Any], kind: str, change: str) -> None:
    done = {"204": {"description": "Done."}}
    code, found, _ = diff(operation(done, [old]), operation(done, [new]))
    assert found == [(kind, "PetsApi.put_pet", f"parameter status: {change}")]
    assert code == (1 if kind == "breaking" else 0)


def test_enum_items_listed_is_typing_only(diff: Any) -> None:
    loose = [{"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}}]
    tight = [{"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string", "enum": ["x"]}}}]
    done = {"204": {"description": "Done."}}
    code, found, _ = diff(operation(done, loose), operation(done, tight))
    assert (code, found) == (
        0,
        [("typing", "PetsApi.put_pet", 'parameter tags: list[str] | NotGiven -> list[Literal["x"]] | NotGiven')],
    )


def test_returning_a_value_instead_of_none_is_typing_only(diff: Any) -> None:
    code, found, report = diff(operation({"204": {"description": "Done."}}), operation(ok(ref("Pet"))))
    assert code == 0
    assert report["bump"] == "none"
    assert found == [("typing", "PetsApi.put_pet", "returns Pet instead of None")]


def test_returning_none_instead_of_a_value_is_breaking(diff: Any) -> None:
    code, found, _ = diff(operation(ok(ref("Pet"))), operation({"204": {"description": "Done."}}))
    assert code == 1
    assert found == [("breaking", "PetsApi.put_pet", "returns None instead of Pet")]


def test_return_narrowed_from_any_is_typing_only_unless_to_a_model(diff: Any) -> None:
    loose = operation(ok({"type": "array", "items": {}}))
    code, found, _ = diff(loose, operation(ok({"type": "array", "items": {"type": "string"}})))
    assert (code, found) == (0, [("typing", "PetsApi.put_pet", "returns list[str] instead of list[Any]")])
    code, found, _ = diff(loose, operation(ok({"type": "array", "items": ref("Pet")})))
    assert (code, found) == (1, [("breaking", "PetsApi.put_pet", "returns list[Pet] instead of list[Any]")])


def test_return_narrowed_is_compatible_widened_is_breaking(diff: Any) -> None:
    either = operation(ok({"oneOf": [{"type": "string"}, {"type": "integer"}]}))
    text = operation(ok({"type": "string"}))
    code, found, _ = diff(either, text)
    assert (code, found) == (0, [("compatible", "PetsApi.put_pet", "returns str instead of str | int")])
    code, found, _ = diff(text, either)
    assert (code, found) == (1, [("breaking", "PetsApi.put_pet", "returns str | int instead of str")])


@pytest.mark.parametrize("nullable", [True, False])
def test_optional_field_whose_generated_annotation_is_unchanged_is_no_change(diff: Any, nullable: bool) -> None:
    """``name: str | None = None`` either way: nullable only changes the spec, not the model."""
    plain = models(Pet={"type": "object", "properties": {"name": {"type": "string"}}})
    null = models(Pet={"type": "object", "properties": {"name": {"type": "string", "nullable": True}}})
    old, new = (plain, null) if nullable else (null, plain)
    code, found, report = diff(old, new)
    assert (code, found, report["bump"]) == (0, [], "none")


def test_required_field_losing_nullable_is_breaking(diff: Any) -> None:
    null = models(
        Pet={"type": "object", "required": ["name"], "properties": {"name": {"type": "string", "nullable": True}}}
    )
    plain = models(Pet={"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}})
    code, found, _ = diff(null, plain)
    assert (code, found) == (1, [("breaking", "Pet", "field name: str | None -> str")])


def test_typing_changes_are_listed_in_every_format(tmp_path: Path, wf: SimpleNamespace) -> None:
    old = wf.write_spec(tmp_path / "old.yaml", operation({"204": {"description": "Done."}}))
    new = wf.write_spec(tmp_path / "new.yaml", operation(ok(ref("Pet"))))
    none = tmp_path / "none.toml"
    text = wf.cli("diff", old, new, "--config", none)
    assert text.exit_code == 0
    assert text.stdout.splitlines() == [
        "0 breaking, 0 compatible change(s), 1 typing only; suggested bump: none.",
        "  TYPING     PetsApi.put_pet: returns Pet instead of None",
    ]
    markdown = wf.cli("diff", old, new, "--config", none, "--format", "markdown").stdout
    assert "### Typing only\n\n- `PetsApi.put_pet`: returns Pet instead of None\n" in markdown
    as_json = json.loads(wf.cli("diff", old, new, "--config", none, "--format", "json").stdout)
    assert as_json == {
        "bump": "none",
        "breaking": [],
        "compatible": [],
        "typing": [{"kind": "typing", "where": "PetsApi.put_pet", "message": "returns Pet instead of None"}],
    }


# ------------------------------------------------------------------ the other rules of compare()


def test_field_rules(diff: Any) -> None:
    old = models(
        Pet={
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "age": {"type": "integer"}, "gone": {"type": "string"}},
        }
    )
    new = models(
        Pet={
            "type": "object",
            "required": ["tag"],
            "properties": {
                "id": {"type": "string"},
                "age": {"type": "number"},
                "tag": {"type": "string"},
                "note": {"type": "string"},
            },
        }
    )
    code, found, _ = diff(old, new)
    assert code == 1
    assert found == [
        ("breaking", "Pet", "field gone removed"),
        ("breaking", "Pet", "new required field tag"),
        ("compatible", "Pet", "field age: int | None -> float | None"),
        ("compatible", "Pet", "field id became optional"),
        ("compatible", "Pet", "new field note"),
    ]


def test_model_rules(diff: Any) -> None:
    old = models(Cat=NAMES_OBJECT, Gone={"type": "object", "properties": {"x": {"type": "integer"}}})
    new = models(Kitten=NAMES_OBJECT, Fresh={"type": "object", "properties": {"y": {"type": "integer"}}})
    code, found, _ = diff(old, new)
    assert code == 1
    assert found == [
        ("breaking", "Cat", "model renamed to Kitten"),
        ("breaking", "Gone", "model removed"),
        ("compatible", "Fresh", "new model"),
    ]


def test_enum_rules(diff: Any) -> None:
    code, found, _ = diff(
        models(Kind={"type": "string", "enum": ["a", "b"]}), models(Kind={"type": "string", "enum": ["a", "c"]})
    )
    assert code == 1
    assert found == [("breaking", "Kind", "enum value 'b' removed"), ("compatible", "Kind", "new enum value 'c'")]


def test_parameter_type_rules(diff: Any) -> None:
    def with_limit(schema: dict[str, Any]) -> dict[str, Any]:
        return operation({"204": {"description": "Done."}}, [{"name": "limit", "in": "query", "schema": schema}])

    code, found, _ = diff(with_limit({"type": "integer"}), with_limit({"type": "number"}))
    assert (code, found) == (
        0,
        [("compatible", "PetsApi.put_pet", "parameter limit: int | NotGiven -> float | NotGiven")],
    )
    code, found, _ = diff(with_limit({"type": "integer"}), with_limit({"type": "string"}))
    assert (code, found) == (1, [("breaking", "PetsApi.put_pet", "parameter limit: int | NotGiven -> str | NotGiven")])


def test_new_required_parameter_is_breaking(diff: Any) -> None:
    done = {"204": {"description": "Done."}}
    required = [{"name": "reason", "in": "query", "required": True, "schema": {"type": "string"}}]
    code, found, _ = diff(operation(done), operation(done, required))
    assert (code, found) == (1, [("breaking", "PetsApi.put_pet", "new required parameter reason")])


def test_lock_of_surface_version_1_reports_nothing_it_did_not_record(tmp_path: Path) -> None:
    """A lock written before async twins, pagers, kinds and allOf fields were recorded, against the same spec."""
    spec = pets()
    spec["components"]["schemas"]["Pet"]["properties"]["age"] = {"type": "integer"}
    spec["components"]["schemas"]["Named"] = {
        "allOf": [ref("Pet"), {"type": "object", "properties": {"n": {"type": "integer"}}}]
    }
    path = tmp_path / "pets.yaml"
    path.write_text(json.dumps(spec), encoding="utf-8")
    old_lock = {
        "methods": {
            "PetsApi.list_pets": {
                "operation_id": "listPets",
                "http": "GET /pets",
                "params": [{"name": "page", "wire": "page", "annotation": "int | NotGiven", "required": False}],
                "returns": "PetPage",
            }
        },
        "models": {
            "Named": {"kind": "object", "origin": "/components/schemas/Named", "fields": {}},
            "NamedPart2": {
                "kind": "object",
                "origin": "/components/schemas/Named/allOf/1",
                "fields": {"n": {"annotation": "int", "required": False}},
            },
            "Pet": {
                "kind": "object",
                "origin": "/components/schemas/Pet",
                "fields": {"name": {"annotation": "str", "required": False}},
            },
            "PetPage": {
                "kind": "object",
                "origin": "/components/schemas/PetPage",
                "fields": {
                    "items": {"annotation": "list[Pet]", "required": False},
                    "page_count": {"annotation": "int", "required": True},
                },
            },
        },
    }
    report = compare(old_lock, surface_of(load_api(path, Options())[0]))
    # Only the real changes: Pet has a new field, page_count is optional in this spec.
    assert [(c.kind, c.where, c.message) for c in report.changes] == [
        ("compatible", "Pet", "new field age"),
        ("compatible", "PetPage", "field page_count became optional"),
    ]


# ------------------------------------------------------------------ 6. diff against the committed lock


def test_target_diff_after_the_spec_was_copied_over_compares_with_the_lock(tmp_path: Path, wf: SimpleNamespace) -> None:
    pyproject = wf.make_project(tmp_path, pets(), "pets_pkg", target="pets")
    assert wf.generate(pyproject).exit_code == 0
    new = pets()
    del new["components"]["schemas"]["PetPage"]["properties"]["page_count"]
    copied = wf.write_spec(tmp_path / "spec.yaml", new)  # over the target's own spec
    result = wf.cli("diff", "pets", copied, "--config", pyproject, "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert [(c["where"], c["message"]) for c in report["breaking"]] == [("PetPage", "field page_count removed")]


# ------------------------------------------------------------------ 7. --relock reports


def test_relock_prints_what_changed_for_callers(tmp_path: Path, wf: SimpleNamespace) -> None:
    pyproject = wf.make_project(tmp_path, pets(), "pets_pkg")
    assert wf.generate(pyproject).exit_code == 0
    wf.write_spec(tmp_path / "spec.yaml", pets({"name": "cursor", "in": "query", "schema": {"type": "string"}}))
    result = wf.generate(pyproject, "--relock")
    assert result.exit_code == 0, result.output
    assert "1 breaking, 1 compatible change(s); suggested bump: major." in result.stderr
    assert "BREAKING   PetsApi.iter_pets: pager removed (the pages of list_pets)" in result.stderr
    assert "COMPATIBLE PetsApi.list_pets: new optional parameter cursor" in result.stderr


def test_relock_replaces_an_unreadable_lock(tmp_path: Path, wf: SimpleNamespace) -> None:
    """Reading the old lock for the report must not stop the run that replaces it."""
    pyproject = wf.make_project(tmp_path, pets(), "pets_pkg")
    assert wf.generate(pyproject).exit_code == 0
    (tmp_path / "out" / "specgen.lock.json").write_text("{not json", encoding="utf-8")
    assert wf.generate(pyproject).exit_code == 2
    result = wf.generate(pyproject, "--relock", "--force")  # --force: the lock was edited by hand
    assert result.exit_code == 0, result.output
    assert "the old lock cannot be read" in result.stderr
    assert json.loads((tmp_path / "out" / "specgen.lock.json").read_text(encoding="utf-8"))["lock_version"] == 1


# ------------------------------------------------------------------ 8. a locked name survives a media type change


def _create_pet(media: str, component: bool) -> dict[str, Any]:
    """``POST /pets`` with an inline body (``CreatePetRequest``); with ``component`` a component schema
    of that very name, which without the lock would take the name and leave the inline body another."""
    body = {"type": "object", "properties": {"name": {"type": "string"}}}
    spec = document(
        paths={
            "/pets": {
                "post": {
                    "operationId": "createPet",
                    "tags": ["Pets"],
                    "requestBody": {"required": True, "content": {media: {"schema": body}}},
                    "responses": {"204": {"description": "Created."}},
                }
            }
        },
        schemas={"Pet": {"type": "object", "properties": {"id": {"type": "string"}}}},
    )
    if component:
        spec["components"]["schemas"]["CreatePetRequest"] = {
            "type": "object",
            "properties": {"tag": {"type": "string"}},
        }
    return spec


def test_locked_body_model_keeps_its_name_when_the_media_type_changes(tmp_path: Path, wf: SimpleNamespace) -> None:
    pyproject = wf.make_project(tmp_path, _create_pet(JSON, component=False), "pets_pkg", target="pets")
    assert wf.generate(pyproject).exit_code == 0
    new = wf.write_spec(tmp_path / "new.yaml", _create_pet("application/merge-patch+json", component=True))
    result = wf.cli("diff", "pets", new, "--config", pyproject, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["breaking"] == []
    [added] = report["compatible"]
    assert added["message"] == "new model" and added["where"] != "CreatePetRequest"
    # Regenerated under the lock: the body keeps the name, at its new place.
    wf.write_spec(tmp_path / "spec.yaml", _create_pet("application/merge-patch+json", component=True))
    assert wf.generate(pyproject).exit_code == 0
    lock = json.loads((tmp_path / "out" / "specgen.lock.json").read_text(encoding="utf-8"))
    assert lock["models"]["CreatePetRequest"]["origin"] == (
        "/paths/~1pets/post/requestBody/content/application~1merge-patch+json/schema"
    )
    assert lock["methods"]["PetsApi.create_pet"]["params"][0]["annotation"] == "CreatePetRequest | CreatePetRequestDict"
