"""gr.api: endpoints without a page, described by type hints, called over HTTP."""

from __future__ import annotations

import json

import pytest
import requests

import blocks as gr
from blocks.api_info import api_info, hint_schema


def slice_list(lst: list[int], start: int, end: int = 3) -> list[int]:
    """Slice a list of whole numbers."""
    return lst[start:end]


def tagged(text: str, loud: bool | None = None) -> dict:
    return {"text": text.upper() if loud else text}


def build():
    with gr.Blocks() as demo:
        gr.Textbox(label="Anything")
        gr.api(slice_list)
        gr.api(tagged, api_name="tag", api_description="Tag a text.")
        gr.api(tagged, api_name="secret", api_visibility="private")
    return demo


def test_described_by_type_hints():
    info = api_info(build())["named_endpoints"]
    assert set(info) == {"/slice_list", "/tag"}
    params = info["/slice_list"]["parameters"]
    assert [p["parameter_name"] for p in params] == ["lst", "start", "end"]
    assert params[0]["type"] == {"type": "array", "items": {"type": "integer"}}
    assert params[2]["parameter_has_default"] and params[2]["parameter_default"] == 3
    assert info["/slice_list"]["returns"][0]["python_type"]["type"] == "list[int]"
    assert info["/slice_list"]["description"] == "Slice a list of whole numbers."
    assert info["/tag"]["description"] == "Tag a text."
    assert info["/tag"]["parameters"][1]["type"] == {"type": "boolean"}


@pytest.mark.parametrize("hint, schema", [
    (str, {"type": "string"}), (float, {"type": "number"}), (dict[str, int], {"type": "object"}),
    (int | str, {"anyOf": [{"type": "integer"}, {"type": "string"}]}),
    (list, {"type": "array"}), (object, {}),
])
def test_hint_schema(hint, schema):
    assert hint_schema(hint) == schema


@pytest.fixture(scope="module")
def url():
    demo = build()
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    yield demo.local_url
    demo.close()


def call(url, name, data):
    started = requests.post(f"{url}call/{name}", json={"data": data}, timeout=10)
    if started.status_code != 200:
        return started.status_code, started.json()
    events = requests.get(f"{url}call/{name}/{started.json()['event_id']}", timeout=10).text
    last = events.strip().split("\n\n")[-1].split("\n")
    return last[0].removeprefix("event: "), json.loads(last[1].removeprefix("data: "))


def test_called_over_http(url):
    assert call(url, "slice_list", [[1, 2, 3, 4, 5], 1]) == ("complete", [[2, 3]])
    assert call(url, "slice_list", {"lst": [1, 2, 3, 4, 5], "start": 0, "end": 1}) == \
        ("complete", [[1]])
    assert call(url, "tag", {"text": "hi", "loud": True}) == ("complete", [{"text": "HI"}])


def test_values_that_do_not_fit_their_hints_are_refused(url):
    status, body = call(url, "slice_list", [[1, "two"], 0])
    assert status == 422 and body["fields"] == {"data.lst": ["Not a valid list[int]."]}
    status, body = call(url, "slice_list", [[1], True])
    assert status == 422 and "data.start" in body["fields"]
    status, _ = call(url, "slice_list", [[1]])
    assert status == 422
    status, _ = call(url, "secret", ["x"])
    assert status == 404


def test_the_page_still_serves(url):
    page = requests.get(url, timeout=10)
    assert page.status_code == 200
    config = requests.get(url + "config", timeout=10).json()
    assert any(dep["targets"] == [] for dep in config["dependencies"])


def test_outside_blocks_is_an_error():
    with pytest.raises(AttributeError, match=r"gr\.Blocks"):
        gr.api(slice_list)


def test_a_page_event_is_checked_against_the_hints_too(url):
    import websocket
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws", timeout=10)
    try:
        assert json.loads(ws.recv())["type"] == "session"
        fn = next(dep["id"] for dep in requests.get(url + "config", timeout=10).json()
                  ["dependencies"] if dep["targets"] == [] and dep["api_name"] == "slice_list")
        ws.send(json.dumps({"type": "event", "id": "job", "fn": fn, "data": [["x"], 0]}))
        frames = []
        while not frames or frames[-1].get("type") != "done":
            frames.append(json.loads(ws.recv()))
        assert frames[-1]["state"] == "failed"
        assert "Not a valid list[int]" in frames[-1]["error"]["message"]
    finally:
        ws.close()


def test_listed_in_the_openapi_document(url):
    document = requests.get(url + "openapi.json", timeout=10).json()
    assert any("slice_list" in path for path in document["paths"])
