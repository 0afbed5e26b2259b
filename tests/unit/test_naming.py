"""generator.naming: the spec-spelling -> Python-identifier rules."""

from __future__ import annotations

import keyword

import pytest

from generator.naming import (
    KEYWORD_ESCAPES,
    Namer,
    escape_keyword,
    pascal_case,
    snake_case,
)

# --------------------------------------------------------------- snake_case


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # swagger-codegen's rules, as the published docs spell the names
        ("userSSOTokenDelete", "user_sso_token_delete"),
        ("userId", "user_id"),
        ("userID", "user_id"),
        ("page_size", "page_size"),
        ("HTTPResponseCode", "http_response_code"),
        ("X-Request-ID", "x_request_id"),
        ("getV2Users", "get_v2_users"),
        ("ID", "id"),
        ("listUsers", "list_users"),
        ("ListUsers", "list_users"),
        # separators: dots, spaces, dashes, runs of them, leading/trailing ones
        ("a.b.c", "a_b_c"),
        ("first name", "first_name"),
        ("some-dash-name", "some_dash_name"),
        ("user.settings-type name", "user_settings_type_name"),
        ("a__b", "a_b"),
        ("--leading and trailing--", "leading_and_trailing"),
        ("_private", "private"),
        ("phone/users", "phone_users"),
        ("$filter[0]", "filter_0"),
        # accents are folded to ASCII, not dropped with their letter
        ("café", "cafe"),
        ("über.köln", "uber_koln"),
        ("Ärger", "arger"),
        # nothing usable left: never empty
        ("", "value"),
        ("---", "value"),
        ("€", "value"),
    ],
)
def test_snake_case(text: str, expected: str) -> None:
    assert snake_case(text) == expected


def test_snake_case_keeps_a_leading_digit_for_escape_keyword_to_handle() -> None:
    # snake_case only fixes the character set; identifiers are made by escape_keyword.
    assert snake_case("2fa") == "2fa"
    assert escape_keyword(snake_case("2fa")).isidentifier()


# -------------------------------------------------------------- pascal_case


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("list phone-users", "ListPhoneUsers"),
        ("UserAssistantsList", "UserAssistantsList"),
        ("user", "User"),
        ("userSSOToken", "UserSSOToken"),  # inner capitals kept
        ("some_thing", "SomeThing"),
        ("phone.users", "PhoneUsers"),
        ("Zoom Phone", "ZoomPhone"),
        ("café", "Cafe"),
        ("", "Model"),
        ("--", "Model"),
    ],
)
def test_pascal_case(text: str, expected: str) -> None:
    assert pascal_case(text) == expected


# ----------------------------------------------------------- escape_keyword


def test_keyword_escape_rules_are_suffix_and_prefix() -> None:
    assert set(KEYWORD_ESCAPES) == {"suffix", "prefix"}


@pytest.mark.parametrize(
    ("name", "suffix", "prefix"),
    [
        ("from", "from_", "_from"),
        ("class", "class_", "_class"),
        ("import", "import_", "_import"),
        ("lambda", "lambda_", "_lambda"),
        ("None", "None_", "_None"),
        ("True", "True_", "_True"),
        ("False", "False_", "_False"),
        ("2fa", "n2fa", "_2fa"),
        ("1", "n1", "_1"),
    ],
)
def test_escape_keyword_both_rules(name: str, suffix: str, prefix: str) -> None:
    assert escape_keyword(name, "suffix") == suffix
    assert escape_keyword(name, "prefix") == prefix
    assert escape_keyword(name) == suffix  # suffix (PEP 8) is the default
    for escaped in (suffix, prefix):
        assert escaped.isidentifier()
        assert not keyword.iskeyword(escaped)


@pytest.mark.parametrize("name", ["user_id", "match", "case", "type", "id", "body", "from_"])
def test_escape_keyword_leaves_ordinary_and_soft_keyword_names_alone(name: str) -> None:
    assert escape_keyword(name, "suffix") == name
    assert escape_keyword(name, "prefix") == name


def test_escape_keyword_refuses_a_rule_that_is_no_pattern() -> None:
    with pytest.raises(ValueError, match="pattern with"):
        escape_keyword("from", "mangle")
    with pytest.raises(ValueError, match="does not make an identifier"):
        escape_keyword("from", "{name}-x")


@pytest.mark.parametrize(
    ("rule", "name", "expected"),
    [("pc{Name}", "pass", "pcPass"), ("{name}_param", "from", "from_param"), ("pc{Name}", "page_size", "page_size")],
)
def test_escape_keyword_takes_a_pattern(rule: str, name: str, expected: str) -> None:
    assert escape_keyword(name, rule) == expected


# -------------------------------------------------------------------- Namer


def test_namer_hands_out_the_name_then_suffixes_then_numbers() -> None:
    namer = Namer()
    assert namer.claim("user_id", "_query") == "user_id"
    assert namer.claim("user_id", "_query") == "user_id_query"
    assert namer.claim("user_id", "_query") == "user_id2"
    assert namer.claim("user_id", "_query") == "user_id3"
    assert namer.claim("user_id") == "user_id4"


def test_namer_tries_suffixes_in_the_order_given() -> None:
    namer = Namer()
    assert namer.claim("x", "_a", "_b") == "x"
    assert namer.claim("x", "_a", "_b") == "x_a"
    assert namer.claim("x", "_a", "_b") == "x_b"
    assert namer.claim("x", "_a", "_b") == "x2"


def test_namer_skips_numbers_already_taken() -> None:
    namer = Namer()
    assert namer.claim("item2") == "item2"
    assert namer.claim("item") == "item"
    assert namer.claim("item") == "item3"


def test_namer_is_deterministic() -> None:
    claims = [("a", ()), ("a", ("_q",)), ("b", ()), ("a", ("_q",)), ("b", ("_h",)), ("a", ())]

    def run() -> list[str]:
        namer = Namer(reserved=frozenset({"self"}))
        return [namer.claim(name, *suffixes) for name, suffixes in claims]

    assert run() == run() == ["a", "a_q", "b", "a2", "b_h", "a3"]


def test_namer_never_hands_out_reserved_names() -> None:
    namer = Namer(reserved=frozenset({"self", "self_path"}))
    assert namer.claim("self", "_path") == "self2"
    assert namer.taken("self")
    assert not namer.taken("other")


def test_namer_without_fold_case_tells_letter_case_apart() -> None:
    namer = Namer()
    assert namer.claim("User") == "User"
    assert namer.claim("user") == "user"


def test_namer_with_fold_case_treats_names_differing_in_case_as_one() -> None:
    namer = Namer(fold_case=True)
    assert namer.claim("User", "Model") == "User"
    assert namer.taken("user") and namer.taken("USER")
    assert namer.claim("user", "Model") == "userModel"
    assert namer.claim("USER", "Model") == "USER2"


def test_namer_fold_case_applies_to_reserved_names() -> None:
    namer = Namer(reserved=frozenset({"Enum"}), fold_case=True)
    assert namer.claim("enum", "Model") == "enumModel"
    assert namer.claim("ENUM") == "ENUM2"
