"""The streaming multipart reader of POST /upload (blocks.server.multipart)."""

from __future__ import annotations

import io

import pytest
import requests

import blocks as gr
from blocks.server import multipart
from blocks.server.multipart import MultipartError, boundary_of, read_multipart


def body_of(fields: list[tuple[str, str | None, bytes]], boundary: str = "XyZ") -> bytes:
    """A multipart body as browsers send it; a field with a file name is a file part."""
    out = b""
    for name, filename, content in fields:
        disposition = f'form-data; name="{name}"'
        if filename:
            disposition += f'; filename="{filename}"'
            kind = "image/png" if filename.endswith(".png") else "application/octet-stream"
            head = f"Content-Disposition: {disposition}\r\nContent-Type: {kind}"
        else:
            head = f"Content-Disposition: {disposition}"
        out += f"--{boundary}\r\n{head}\r\n\r\n".encode() + content + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def read(body: bytes, boundary: bytes = b"XyZ") -> list[tuple[str, str, bytes]]:
    parts = []
    read_multipart(io.BytesIO(body), boundary, lambda part: io.BytesIO(), parts)
    return [(part.name, part.filename, part.target.getvalue()) for part in parts]


@pytest.mark.parametrize("chunk", [1, 3, 7, 64, 1 << 20])
def test_files_come_out_whole_whatever_the_chunk_size(monkeypatch, chunk):
    monkeypatch.setattr(multipart, "CHUNK", chunk)
    # contents that hold starts of the delimiter (never all of it), split across reads
    tricky = b"a\r\n--Xy!\r\n-\r\n--XyY" * 50 + b"\r\n--Xy"
    body = body_of([("files", "a.bin", tricky), ("note", None, b"dropped"),
                    ("files", "empty.txt", b""), ("files", "b.txt", b"hello")])
    assert read(body) == [("files", "a.bin", tricky), ("files", "empty.txt", b""),
                          ("files", "b.txt", b"hello")]


def test_sizes_and_headers_are_read():
    body = body_of([("files", "photo.png", b"x" * 1000)])
    parts = []
    read_multipart(io.BytesIO(body), b"XyZ", lambda part: None, parts)
    [part] = parts
    assert (part.name, part.filename, part.size, part.target) == ("files", "photo.png", 1000,
                                                                   None)
    assert part.content_type == "image/png"


@pytest.mark.parametrize("body", [
    b"",                                                     # nothing
    b"no boundary at all" * 10_000,                          # no boundary
    body_of([("files", "a.txt", b"abc")])[:-30],             # cut inside the part
    b"--XyZ\r\nContent-Disposition: form-data" + b"x" * 20_000,  # endless headers
    b"--XyZ\r\nno colon here\r\n\r\nabc\r\n--XyZ--\r\n",       # a header without ':'
    b"--XyZjunk",                                            # boundary not ending a line
])
def test_malformed_bodies_are_refused(body):
    with pytest.raises(MultipartError):
        read(body)


def test_boundary_of_takes_only_form_data():
    assert boundary_of("multipart/form-data; boundary=abc") == b"abc"
    assert boundary_of('multipart/form-data; boundary="a b"') == b"a b"
    assert boundary_of("multipart/mixed; boundary=abc") is None
    assert boundary_of("application/json") is None
    assert boundary_of(None) is None
    assert boundary_of("multipart/form-data; boundary=" + "x" * 300) is None


# -- through the server -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def server():
    with gr.Blocks() as demo:
        gr.Textbox()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", quiet=True,
                max_file_size="10kb", max_upload_files=3)
    yield demo
    demo.close()


def uploads_on_disk(demo) -> list:
    return [path for path in demo.app.extensions["blocks"].files.upload_dir.rglob("*")
            if path.is_file()]


def test_several_files_in_one_upload(server):
    response = requests.post(server.local_url + "upload", files=[
        ("files", ("a.txt", b"first")), ("files", ("b.bin", b"\x00" * 5000)),
        ("other", ("c.txt", b"not a file of 'files'"))], data={"x": "1"}, timeout=10)
    assert response.status_code == 200, response.text
    saved = response.json()
    assert [(item["orig_name"], item["size"]) for item in saved] == [("a.txt", 5),
                                                                      ("b.bin", 5000)]
    got = requests.get(server.local_url + "file=" + saved[0]["path"], timeout=10)
    assert got.content == b"first"


def test_refused_and_broken_uploads_leave_no_file(server):
    before = set(uploads_on_disk(server))
    big = requests.post(server.local_url + "upload", files=[
        ("files", ("ok.txt", b"x")), ("files", ("big.bin", b"z" * 20_000))], timeout=10)
    assert big.status_code == 413 and "max_file_size" in big.json()["error"]
    many = requests.post(server.local_url + "upload",
                         files=[("files", (f"{i}.txt", b"x")) for i in range(4)], timeout=10)
    assert many.status_code == 413 and "max_upload_files" in many.json()["error"]
    cut = body_of([("files", "cut.txt", b"y" * 3000)])[:-100]
    broken = requests.post(server.local_url + "upload", data=cut, timeout=10,
                           headers={"Content-Type": "multipart/form-data; boundary=XyZ"})
    assert broken.status_code == 400 and "multipart" in broken.json()["error"]
    assert set(uploads_on_disk(server)) == before
    # and the server still takes a good upload
    good = requests.post(server.local_url + "upload", files={"files": ("g.txt", b"g")},
                         timeout=10)
    assert good.status_code == 200
