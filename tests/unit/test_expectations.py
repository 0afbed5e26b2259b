"""What a generated test expects on the wire agrees with what httpx sends."""

from __future__ import annotations

import httpx
import pytest

from generator.views.expectations import multipart_name

NAMES = ["plain", 'say "hi"', "back\\slash", "two\nlines", "tab\there", "esc\x1bape", "ünïcødé", "semi;colon=1"]


@pytest.mark.parametrize("name", NAMES)
def test_a_multipart_part_name_is_written_as_httpx_writes_it(name: str) -> None:
    request = httpx.Request("POST", "http://127.0.0.1/", data={name: "v"}, files={"f": ("f.bin", b"x")})
    body = request.read()
    header = multipart_name(name)
    assert b"Content-Disposition: form-data; " + header + b"\r\n" in body


def test_the_escapes_are_those_of_the_html_form_encoding() -> None:
    assert multipart_name('a"b') == b'name="a%22b"'
    assert multipart_name("a\nb") == b'name="a%0Ab"'
    assert multipart_name("a\x1bb") == b'name="a\x1bb"'
