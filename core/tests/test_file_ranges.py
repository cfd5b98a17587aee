"""``GET /file=`` answers HTTP Range requests and conditional ones (ETag, Last-Modified).

Audio and video players seek with Range requests; a browser revalidates a cached file
with If-None-Match or If-Modified-Since instead of downloading it again.
"""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

import blocks as gr


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ranges")
    target = folder / "digits.txt"
    target.write_bytes(b"0123456789" * 100)
    with gr.Blocks() as demo:
        gr.File(value=str(target))
    from testkit import free_port
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                quiet=True, allowed_paths=[str(folder)])
    yield f"{demo.local_url}file={target}"
    demo.close()


def get(url, **headers):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_range_is_answered_with_206(served):
    status, headers, body = get(served, Range="bytes=10-14")
    assert status == 206
    assert body == b"01234"
    assert headers["Content-Range"] == "bytes 10-14/1000"
    assert headers["Accept-Ranges"] == "bytes"
    assert headers["X-Content-Type-Options"] == "nosniff"
    status, _, body = get(served, Range="bytes=-3")
    assert (status, body) == (206, b"789")


def test_a_range_past_the_end_is_416(served):
    status, headers, _ = get(served, Range="bytes=5000-6000")
    assert status == 416
    assert headers["Content-Range"] == "bytes */1000"


def test_conditional_requests(served):
    status, headers, body = get(served)
    assert status == 200 and len(body) == 1000
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert etag and modified
    assert get(served, **{"If-None-Match": etag})[0] == 304
    assert get(served, **{"If-Modified-Since": modified})[0] == 304
    assert get(served, **{"If-None-Match": '"other"'})[0] == 200
    # If-Range with the current ETag: the range; with another: the whole file
    assert get(served, Range="bytes=0-1", **{"If-Range": etag})[2] == b"01"
    assert len(get(served, Range="bytes=0-1", **{"If-Range": '"old"'})[2]) == 1000
