"""generator.load: reading, parsing, $ref bundling, safety limits, line numbers."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from generator.diagnostics import GenerationError
from generator.load import iter_refs, load_spec

HEAD = """\
openapi: 3.0.3
info:
  title: Test API
  version: "1.0"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def only_diagnostic(exc: pytest.ExceptionInfo[GenerationError]):  # type: ignore[no-untyped-def]
    assert len(exc.value.diagnostics) == 1, exc.value.diagnostics
    diagnostic = exc.value.diagnostics[0]
    assert diagnostic.level == "error"
    assert diagnostic.hint, "every error says what to do"
    return diagnostic


# ------------------------------------------------------------------- $ref


def test_local_component_ref_keeps_its_name(tmp_path: Path) -> None:
    spec = load_spec(
        write(
            tmp_path / "spec.yaml",
            HEAD + """\
paths:
  /users:
    get:
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/User"
components:
  schemas:
    User:
      type: object
      properties:
        manager: {$ref: "#/components/schemas/User"}
""",
        )
    )
    schema = spec.document["paths"]["/users"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/User"}
    assert list(spec.document["components"]["schemas"]) == ["User"]
    assert spec.document["components"]["schemas"]["User"]["properties"]["manager"] == {
        "$ref": "#/components/schemas/User"
    }
    assert spec.files == [tmp_path / "spec.yaml"]


COMMON = """\
components:
  schemas:
    Error:
      type: object
      properties:
        code: {type: integer}
        detail: {$ref: "#/components/schemas/Detail"}
    Detail:
      type: string
  parameters:
    PageSize:
      name: page_size
      in: query
      description: How many per page.
      schema: {type: integer, maximum: 300}
"""


def sibling_spec(tmp_path: Path, ref_prefix: str = "common.yaml") -> Path:
    write(tmp_path / "common.yaml", COMMON)
    return write(
        tmp_path / "spec.yaml",
        HEAD + f"""\
paths:
  /users:
    get:
      parameters:
        - $ref: "{ref_prefix}#/components/parameters/PageSize"
      responses:
        "200":
          description: OK
        default:
          description: Error
          content:
            application/json:
              schema:
                $ref: "{ref_prefix}#/components/schemas/Error"
components:
  schemas:
    User: {{type: object}}
""",
    )


def test_ref_to_a_sibling_files_schema_is_bundled_as_a_component(tmp_path: Path) -> None:
    spec = load_spec(sibling_spec(tmp_path))
    document = spec.document
    schema = document["paths"]["/users"]["get"]["responses"]["default"]["content"]["application/json"]["schema"]
    assert schema == {"$ref": "#/components/schemas/Error"}
    schemas = document["components"]["schemas"]
    assert list(schemas) == ["User", "Error", "Detail"]
    assert schemas["Error"]["properties"]["code"] == {"type": "integer"}
    # a local ref inside the sibling file points into the sibling file: bundled too
    assert schemas["Error"]["properties"]["detail"] == {"$ref": "#/components/schemas/Detail"}
    assert schemas["Detail"] == {"type": "string"}
    # nothing points outside the one document any more
    assert all(ref.startswith("#/") for ref in iter_refs(document))
    assert spec.files == [tmp_path / "spec.yaml", tmp_path / "common.yaml"]


def test_ref_to_a_sibling_files_parameter_is_inlined(tmp_path: Path) -> None:
    spec = load_spec(sibling_spec(tmp_path))
    parameters = spec.document["paths"]["/users"]["get"]["parameters"]
    assert parameters == [
        {
            "name": "page_size",
            "in": "query",
            "description": "How many per page.",
            "schema": {"type": "integer", "maximum": 300},
        }
    ]
    assert "parameters" not in spec.document["components"]


def test_ref_into_a_subfolder_is_allowed(tmp_path: Path) -> None:
    write(tmp_path / "shared" / "common.yaml", COMMON)
    spec_path = sibling_spec(tmp_path, "shared/common.yaml")
    (tmp_path / "common.yaml").unlink()
    spec = load_spec(spec_path)
    assert "Error" in spec.document["components"]["schemas"]


def test_ref_leaving_the_spec_folder_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "common.yaml", COMMON)
    spec_path = sibling_spec(tmp_path / "api", "../common.yaml")
    with pytest.raises(GenerationError) as exc:
        load_spec(spec_path)
    diagnostic = only_diagnostic(exc)
    assert diagnostic.file is not None and diagnostic.file.endswith("spec.yaml")
    assert "../common.yaml" in diagnostic.message
    assert "leaves the spec's folder" in diagnostic.message
    assert diagnostic.pointer == "/paths/~1users/get/parameters/0"
    assert diagnostic.line == 9


def test_remote_ref_is_refused(tmp_path: Path) -> None:
    spec_path = sibling_spec(tmp_path, "https://example.com/common.yaml")
    with pytest.raises(GenerationError) as exc:
        load_spec(spec_path)
    diagnostic = only_diagnostic(exc)
    assert diagnostic.file is not None and diagnostic.file.endswith("spec.yaml")
    assert "https://example.com/common.yaml" in diagnostic.message
    assert "remote" in diagnostic.message
    assert diagnostic.line == 9


def test_ref_leaving_the_folder_from_a_sibling_file_names_that_file(tmp_path: Path) -> None:
    write(tmp_path / "outside.yaml", COMMON)
    spec_path = sibling_spec(tmp_path / "api")
    write(
        tmp_path / "api" / "common.yaml",
        COMMON.replace('"#/components/schemas/Detail"', '"../outside.yaml#/components/schemas/Detail"'),
    )
    with pytest.raises(GenerationError) as exc:
        load_spec(spec_path)
    diagnostic = only_diagnostic(exc)
    assert diagnostic.file is not None and diagnostic.file.endswith("common.yaml")
    assert "../outside.yaml" in diagnostic.message


def test_ref_to_a_missing_sibling_file_is_refused(tmp_path: Path) -> None:
    spec_path = sibling_spec(tmp_path, "nothere.yaml")
    (tmp_path / "common.yaml").unlink()
    with pytest.raises(GenerationError) as exc:
        load_spec(spec_path)
    diagnostic = only_diagnostic(exc)
    assert "nothere.yaml" in diagnostic.message
    assert diagnostic.line == 9


def test_ref_to_a_missing_pointer_in_a_sibling_file_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "common.yaml", COMMON)
    spec_path = sibling_spec(tmp_path)
    spec_path.write_text(spec_path.read_text().replace("parameters/PageSize", "parameters/Nope"))
    with pytest.raises(GenerationError) as exc:
        load_spec(spec_path)
    diagnostic = only_diagnostic(exc)
    assert "points at nothing" in diagnostic.message
    assert "/components/parameters/Nope" in diagnostic.hint


# ------------------------------------------------------------ YAML details


def test_yaml_int_keys_become_strings(tmp_path: Path) -> None:
    spec = load_spec(
        write(
            tmp_path / "spec.yaml",
            HEAD + """\
paths:
  /x:
    get:
      responses:
        200:
          description: OK
        404:
          description: Missing
""",
        )
    )
    responses = spec.document["paths"]["/x"]["get"]["responses"]
    assert list(responses) == ["200", "404"]
    assert all(type(key) is str for key in responses)
    assert spec.line_of("/paths/~1x/get/responses/404") == 11


def test_yaml_dates_and_bools_in_keys_and_values_become_text(tmp_path: Path) -> None:
    spec = load_spec(
        write(
            tmp_path / "spec.yaml",
            """\
openapi: 3.0.3
info:
  title: T
  version: 2024-01-31
x-flags:
  true: 1
paths: {}
""",
        )
    )
    assert spec.document["info"]["version"] == "2024-01-31"
    assert spec.document["x-flags"] == {"true": 1}


def _billion_laughs(levels: int = 9) -> str:
    lines = [
        HEAD.rstrip("\n"),
        "paths: {}",
        'x-l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
    ]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * 9)
        lines.append(f"x-l{level}: &l{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    path = write(tmp_path / "bomb.yaml", _billion_laughs())
    started = time.perf_counter()
    with pytest.raises(GenerationError) as exc:
        load_spec(path)
    elapsed = time.perf_counter() - started
    diagnostic = only_diagnostic(exc)
    assert diagnostic.file is not None and diagnostic.file.endswith("bomb.yaml")
    assert "alias" in (diagnostic.message + diagnostic.hint).lower()
    assert elapsed < 2.0, f"refusing the alias bomb took {elapsed:.2f}s"


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    spec = load_spec(
        write(
            tmp_path / "spec.yaml",
            HEAD + """\
x-common: &common {type: string, maxLength: 10}
paths:
  /x:
    get:
      parameters:
        - {name: a, in: query, schema: *common}
        - {name: b, in: query, schema: *common}
      responses: {"200": {description: OK}}
""",
        )
    )
    a, b = spec.document["paths"]["/x"]["get"]["parameters"]
    assert a["schema"] == b["schema"] == {"type": "string", "maxLength": 10}
    assert a["schema"] is not b["schema"]  # copies, so one can be changed alone


@pytest.mark.parametrize(
    "text",
    [
        HEAD + "paths: {}\nx-loop: &loop\n  self: *loop\n",
        HEAD + "paths: {}\nx-loop: &loop\n  - 1\n  - *loop\n",
    ],
    ids=["mapping", "sequence"],
)
def test_recursive_yaml_alias_is_refused(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "loop.yaml", text)
    started = time.perf_counter()
    with pytest.raises(GenerationError) as exc:
        load_spec(path)
    assert time.perf_counter() - started < 2.0
    diagnostic = only_diagnostic(exc)
    assert "refers to itself" in diagnostic.message
    assert diagnostic.pointer is not None and diagnostic.pointer.startswith("/x-loop/")


# --------------------------------------------------------- encodings, JSON

DOC = {
    "openapi": "3.0.3",
    "info": {"title": "Test API", "version": "1.0"},
    "paths": {
        "/users/{id}": {
            "get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "OK"}},
            }
        }
    },
}


def test_json_input(tmp_path: Path) -> None:
    path = write(tmp_path / "spec.json", json.dumps(DOC, indent=2))
    spec = load_spec(path)
    assert spec.document == DOC


def test_json_without_a_json_suffix_is_read_as_json(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path / "spec.txt", json.dumps(DOC)))
    assert spec.document == DOC


@pytest.mark.parametrize("name", ["spec.yaml", "spec.json"])
def test_utf8_bom_is_accepted(tmp_path: Path, name: str) -> None:
    text = json.dumps(DOC, indent=2) if name.endswith(".json") else HEAD + "paths: {}\n"
    path = tmp_path / name
    path.write_bytes("\ufeff".encode() + text.encode())
    spec = load_spec(path)
    assert spec.document["openapi"] == "3.0.3"
    assert "\ufeff" not in json.dumps(spec.document, ensure_ascii=False)
    assert spec.line_of("/openapi") == (2 if name.endswith(".json") else 1)


def test_line_of_yaml(tmp_path: Path) -> None:
    spec = load_spec(
        write(
            tmp_path / "spec.yaml",
            HEAD + """\
paths:
  /users/{id}:
    get:
      parameters:
        - name: id
          in: path
          required: true
          schema:
            type: string
      responses:
        "200":
          description: OK
""",
        )
    )
    assert spec.line_of("") == 1
    assert spec.line_of("/info/title") == 3
    assert spec.line_of("/paths") == 5
    assert spec.line_of("/paths/~1users~1{id}/get") == 7
    assert spec.line_of("/paths/~1users~1{id}/get/parameters/0") == 9
    assert spec.line_of("/paths/~1users~1{id}/get/parameters/0/schema/type") == 13
    assert spec.line_of("/paths/~1users~1{id}/get/responses/200") == 15
    # an absent pointer falls back to its nearest parent
    assert spec.line_of("/paths/~1users~1{id}/get/responses/404/description") == 14


def test_line_of_json(tmp_path: Path) -> None:
    spec = load_spec(write(tmp_path / "spec.json", json.dumps(DOC, indent=2)))
    lines = json.dumps(DOC, indent=2).splitlines()

    def line_with(text: str) -> int:
        (number,) = [i for i, line in enumerate(lines, 1) if text in line]
        return number

    assert spec.line_of("/paths/~1users~1{id}/get") == line_with('"get"')
    assert spec.line_of("/paths/~1users~1{id}/get/responses/200") == line_with('"200"')
    assert spec.line_of("/paths/~1users~1{id}/get/parameters/0") == line_with('"name": "id"') - 1  # the "{" line
    assert spec.line_of("/info/version") == line_with('"version"')


def test_minified_json_has_no_line_only_its_pointer(tmp_path: Path) -> None:
    # Every node of a one-line document is on line 1: ":1" would say nothing, the pointer says where.
    spec = load_spec(write(tmp_path / "spec.json", json.dumps(DOC)))
    assert spec.line_of("/paths/~1users~1{id}/get/responses/200") is None
    diagnostic = spec.diagnostic("warning", "w", "/paths/~1users~1{id}/get/responses/200")
    assert diagnostic.line is None and diagnostic.pointer == "/paths/~1users~1{id}/get/responses/200"


def test_non_utf8_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes((HEAD + "x-note: café\npaths: {}\n").encode("latin-1"))
    with pytest.raises(GenerationError) as exc:
        load_spec(path)
    diagnostic = only_diagnostic(exc)
    assert "UTF-8" in diagnostic.message
    assert diagnostic.file is not None and diagnostic.file.endswith("latin1.yaml")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GenerationError) as exc:
        load_spec(tmp_path / "nope.yaml")
    diagnostic = only_diagnostic(exc)
    assert diagnostic.file is not None and diagnostic.file.endswith("nope.yaml")
    assert "no such file" in diagnostic.message


def test_a_folder_is_not_a_spec(tmp_path: Path) -> None:
    with pytest.raises(GenerationError) as exc:
        load_spec(tmp_path)
    assert "not a file" in only_diagnostic(exc).message


@pytest.mark.parametrize("constant", ["NaN", "Infinity"])
def test_json_non_numbers_are_refused(tmp_path: Path, constant: str) -> None:
    path = write(tmp_path / "spec.json", json.dumps(DOC)[:-1] + f', "x-n": {constant}}}')
    with pytest.raises(GenerationError) as exc:
        load_spec(path)
    assert "invalid JSON" in only_diagnostic(exc).message


# ------------------------------------------------------------- one read


def test_digests_are_of_the_bytes_loaded_not_of_a_second_read(tmp_path: Path) -> None:
    import hashlib

    from generator.fingerprint import spec_inputs

    spec_path = write(
        tmp_path / "spec.yaml",
        HEAD + "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      $ref: 'pet.yaml#/Pet'\n",
    )
    pet = write(tmp_path / "pet.yaml", "Pet:\n  type: object\n")
    loaded = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in (spec_path, pet)}
    spec = load_spec(spec_path)
    spec_path.write_text(HEAD + "paths: {}\n# edited after loading\n", encoding="utf-8")
    pet.write_text("Pet:\n  type: string\n", encoding="utf-8")
    assert spec_inputs(spec.files, spec.digests) == {"spec.yaml": loaded["spec.yaml"], "pet.yaml": loaded["pet.yaml"]}
