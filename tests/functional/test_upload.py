"""Multipart upload of a real file, parsed on the server by werkzeug."""

from __future__ import annotations

import asyncio
import struct
import zlib
from pathlib import Path

import pytest
from werkzeug import Response
from zoom_users import ApiClient, AsyncApiClient, AsyncUsersApi, Configuration, UsersApi

TOKEN = "static-secret-token-XYZ"


def png_bytes() -> bytes:
    """A valid 1x1 PNG, plus every byte value so nothing may be re-encoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = b"\x89PNG\r\n\x1a\n"
    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    idat = chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    text = chunk(b"tEXt", b"Comment\x00" + bytes(range(256)) + b"\r\n--boundary--\r\n")
    return header + ihdr + idat + text + chunk(b"IEND", b"")


@pytest.fixture
def picture(tmp_path: Path) -> tuple[Path, bytes]:
    data = png_bytes()
    path = tmp_path / "avatar.png"
    path.write_bytes(data)
    return path, data


def upload_inspector(request):
    files = {
        name: [
            {
                "filename": item.filename,
                "content_type": item.mimetype,
                "data": item.read(),
            }
            for item in request.files.getlist(name)
        ]
        for name in request.files
    }
    return {
        "mimetype": request.mimetype,
        "content_type_header": request.headers.get("Content-Type"),
        "files": files,
        "form": request.form.to_dict(flat=False),
    }


@pytest.fixture
def upload_handler(server, recorder):
    handler = recorder([Response(b"", status=204)], inspect=upload_inspector)
    server.expect_request("/v2/users/me/picture", method="POST").respond_with_handler(handler)
    return handler


def check_upload(handler, filename: str, data: bytes, content_type: str) -> None:
    assert handler.count == 1
    seen = handler.seen[0]
    assert seen["mimetype"] == "multipart/form-data"
    assert "boundary=" in seen["content_type_header"]
    assert seen["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert list(seen["files"]) == ["pic_file"]
    (part,) = seen["files"]["pic_file"]
    assert part["filename"] == filename
    assert part["data"] == data
    assert part["content_type"] == content_type
    assert seen["form"] == {}


def test_upload_from_a_path_string(host, picture, upload_handler):
    path, data = picture
    with ApiClient(Configuration(host, access_token=TOKEN)) as client:
        assert UsersApi(client).user_picture(pic_file=str(path), user_id="me") is None
    check_upload(upload_handler, "avatar.png", data, "image/png")


def test_upload_from_a_pathlib_path(host, picture, upload_handler):
    path, data = picture
    with ApiClient(Configuration(host, access_token=TOKEN)) as client:
        UsersApi(client).user_picture(pic_file=path, user_id="me")
    check_upload(upload_handler, "avatar.png", data, "image/png")


def test_upload_from_a_name_bytes_type_tuple(host, picture, upload_handler):
    _, data = picture
    with ApiClient(Configuration(host, access_token=TOKEN)) as client:
        UsersApi(client).user_picture(pic_file=("me-photo.png", data, "image/png"), user_id="me")
    check_upload(upload_handler, "me-photo.png", data, "image/png")


def test_upload_from_a_tuple_with_explicit_type(host, picture, upload_handler):
    _, data = picture
    with ApiClient(Configuration(host, access_token=TOKEN)) as client:
        UsersApi(client).user_picture(pic_file=("raw.bin", data, "image/x-custom"), user_id="me")
    check_upload(upload_handler, "raw.bin", data, "image/x-custom")


def test_upload_from_a_name_and_open_file_tuple(host, picture, upload_handler):
    path, data = picture
    with (
        ApiClient(Configuration(host, access_token=TOKEN)) as client,
        path.open("rb") as f,
    ):
        UsersApi(client).user_picture(pic_file=("renamed.png", f), user_id="me")
    check_upload(upload_handler, "renamed.png", data, "image/png")


def test_upload_from_an_open_binary_file(host, picture, upload_handler):
    path, data = picture
    with (
        ApiClient(Configuration(host, access_token=TOKEN)) as client,
        path.open("rb") as f,
    ):
        UsersApi(client).user_picture(pic_file=f, user_id="me")
    check_upload(upload_handler, "avatar.png", data, "image/png")


def test_upload_async_from_a_path(host, picture, upload_handler):
    path, data = picture

    async def main() -> None:
        async with AsyncApiClient(Configuration(host, access_token=TOKEN)) as client:
            await AsyncUsersApi(client).user_picture(pic_file=path, user_id="me")

    asyncio.run(main())
    check_upload(upload_handler, "avatar.png", data, "image/png")


def test_upload_resent_whole_when_retried(server, host, picture, recorder):
    """A 429 on the upload is retried (any method); the retry carries the file again."""
    path, data = picture
    handler = recorder(
        [
            Response(b"", status=429, headers={"Retry-After": "0"}),
            Response(b"", status=204),
        ],
        inspect=upload_inspector,
    )
    server.expect_request("/v2/users/me/picture", method="POST").respond_with_handler(handler)
    config = Configuration(host, access_token=TOKEN, backoff_factor=0.01)
    with ApiClient(config) as client, path.open("rb") as f:
        UsersApi(client).user_picture(pic_file=f, user_id="me")
    assert handler.count == 2
    for seen in handler.seen:
        (part,) = seen["files"]["pic_file"]
        assert part["data"] == data
        assert part["filename"] == "avatar.png"
