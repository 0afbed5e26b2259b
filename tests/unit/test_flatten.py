"""Classes whose fields clash with their bases' are written out flat (generator.flatten)."""

from __future__ import annotations

import ast
import textwrap

import pytest

from generator.flatten import flat_classes, is_subtype, rewrite_classes


def _flatten(code: str) -> str:
    code = textwrap.dedent(code).strip() + "\n"
    tree = ast.parse(code)
    return rewrite_classes(code, tree, flat_classes(tree, "ApiModel", is_subtype), "ApiModel")


def _type(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


@pytest.mark.parametrize(
    ("own", "base"),
    [
        ("str", "str"),
        ("str", "str | None"),
        ("A | B", "A | B | None"),
        ('Literal["cat"]', "str"),
        ("Literal[1, 2]", "int"),
        ('Literal["a"]', 'Literal["a", "b"]'),
        ("int", "float"),
        ("Any", "Color"),
        ("Color", "Any"),
        ('Annotated[str, Field(alias="x-id")]', "str | None"),
    ],
)
def test_a_type_checker_takes_these_as_subtypes(own: str, base: str) -> None:
    assert is_subtype(_type(own), _type(base))


@pytest.mark.parametrize(
    ("own", "base"),
    [
        ("str | None", "str"),
        ("Color", "ColorOption1"),
        ('Literal["a", "c"]', 'Literal["a", "b"]'),
        ('Literal["1"]', "int"),
        ("list[int]", "list[float]"),
        ("float", "int"),
    ],
)
def test_these_are_not_taken_as_subtypes(own: str, base: str) -> None:
    assert not is_subtype(_type(own), _type(base))


def test_a_class_narrowing_its_base_keeps_its_base() -> None:
    # A discriminated union's member pins its tag: Literal narrows the base's str.
    code = """
        class Pet(ApiModel):
            kind: str
            name: str | None = None


        class Cat(Pet):
            kind: Literal["cat"]
            name: str
    """
    assert _flatten(code) == textwrap.dedent(code).strip() + "\n"


def test_an_option_widened_by_its_object_is_written_flat_in_run_time_order() -> None:
    code = '''
        class RunOption1(ApiModel):
            """The first option."""

            status: RunOption1Status
            conclusion: Any


        class RunItem(RunOption1):
            """A run."""

            name: str
            """
            The run's name.
            """
            status: RunStatus
            conclusion: str | None = None
    '''
    flat = _flatten(code)
    assert flat.split("class RunItem")[1] == textwrap.dedent('''
        (ApiModel):
            """A run."""
            status: RunStatus
            conclusion: str | None = None
            name: str
            """
            The run's name.
            """
    ''').lstrip("\n")
    assert "class RunOption1(ApiModel):" in flat


def test_bases_that_disagree_give_the_first_bases_field_as_python_does() -> None:
    code = """
        class App(ApiModel):
            client_id: str | None = None
            name: str


        class Secret(ApiModel):
            client_id: str
            pem: str


        class Manifest(App, Secret):
            pass


        class Later(Manifest):
            extra: int
    """
    flat = _flatten(code)
    manifest = flat.split("class Manifest")[1].split("class Later")[0]
    assert manifest.split("\n")[:5] == [
        "(ApiModel):",
        "    client_id: str | None = None",
        "    pem: str",
        "    name: str",
        "",
    ]
    assert "class Later(Manifest):\n    extra: int\n" in flat


def test_bases_that_agree_and_the_first_narrowing_are_left_as_they_are() -> None:
    code = """
        class Secret(ApiModel):
            client_id: str


        class App(ApiModel):
            client_id: str | None = None


        class Manifest(Secret, App):
            pass
    """
    assert _flatten(code) == textwrap.dedent(code).strip() + "\n"


def test_classes_on_other_bases_or_with_other_statements_are_left_alone() -> None:
    code = """
        class Options(RootModel[A | B]):
            root: A | B


        class Wider(Options):
            root: A | B | C


        class Configured(ApiModel):
            kind: str


        class Other(Configured):
            model_config = ConfigDict(frozen=True)
            kind: int
    """
    assert _flatten(code) == textwrap.dedent(code).strip() + "\n"
