"""Blocks' HTTP API through the real server: call, Server-Sent Events, files, cancel, visibility.

One app serves the module (its functions are quick, or wait on a gate the
test opens); requests are plain ``requests`` calls on loopback.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import threading

import pytest
import requests
import websocket

import blocks as gr
from blocks.server import api_sessions

GATE = threading.Event()


def build():
    def greet(name):
        """Say hello to someone."""
        return f"Hello, {name}!"

    def spell(word, progress=gr.Progress()):
        for index in range(len(word)):
            progress((index, len(word)), desc="spelling")
            yield word[: index + 1]

    def refuse(text):
        raise gr.Error(f"No {text}!", title="Refused")

    def wait(text):
        GATE.wait(timeout=30)
        return text

    def count(text, seen):
        gr.Info(f"seen {seen} before")
        return seen + 1, f"{text} #{seen + 1}"

    def mirror(path):
        return path

    with gr.Blocks(title="API test") as demo:
        text = gr.Textbox(label="Text")
        out = gr.Textbox(label="Out")
        seen = gr.State(0)
        image = gr.Image(type="filepath", label="Picture")
        btn = gr.Button("Go")
        btn.click(greet, text, out, api_name="greet")
        btn.click(spell, text, out, api_name="spell")
        btn.click(refuse, text, out, api_name="refuse")
        btn.click(wait, text, out, api_name="wait", concurrency_limit=1)
        btn.click(count, [text, seen], [seen, out], api_name="count")
        btn.click(mirror, image, image, api_name="mirror")
        btn.click(greet, text, out, api_name="quiet", api_visibility="undocumented")
        btn.click(greet, text, out, api_name="inner", api_visibility="private")
        btn.click(greet, text, out, api_name=False)
    return demo


@pytest.fixture(scope="module")
def url():
    demo = build()
    demo.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1",
                server_port=_free_port(), sweep_interval=0.05)
    yield demo.local_url
    GATE.set()
    demo.close()


def _free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def parse_events(text: str) -> list[tuple[str, object]]:
    events = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        lines = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def call(url, name, data, prefix="", **body):
    answer = requests.post(f"{url}{prefix}call/{name}", json={"data": data, **body}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def events_of(url, name, event_id, prefix=""):
    response = requests.get(f"{url}{prefix}call/{name}/{event_id}", timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"].startswith("text/event-stream")
    return parse_events(response.text)


def run(url, name, data, prefix="", **body):
    answer = call(url, name, data, prefix, **body)
    return events_of(url, name, answer["event_id"], prefix)


def test_a_call_streams_its_job_and_ends(url):
    assert run(url, "greet", ["Ann"]) == [("started", None), ("complete", ["Hello, Ann!"])]


def test_values_by_parameter_name(url):
    assert run(url, "greet", {"name": "Bo"})[-1] == ("complete", ["Hello, Bo!"])


def test_gradio_prefix_serves_the_same_api(url):
    assert run(url, "greet", ["Cy"], prefix="gradio_api/")[-1] == ("complete", ["Hello, Cy!"])
    answer = requests.post(url + "gradio_api/call/v2/greet", json={"name": "Di"}, timeout=10)
    events = events_of(url, "greet", answer.json()["event_id"], "gradio_api/")
    assert events[-1] == ("complete", ["Hello, Di!"])


def test_a_generator_streams_each_output_and_its_progress(url):
    events = run(url, "spell", ["abc"])
    kinds = [kind for kind, _ in events]
    assert kinds[0] == "started" and kinds[-1] == "complete"
    assert [data for kind, data in events if kind == "generating"] == [["a"], ["ab"], ["abc"]]
    assert events[-1][1] == ["abc"]
    progress = [data for kind, data in events if kind == "progress"]
    assert progress and progress[0][0]["desc"] == "spelling"


def test_gr_error_is_an_error_event_with_its_message(url):
    kind, data = run(url, "refuse", ["way"])[-1]
    assert kind == "error"
    assert data["message"] == data["error"] == "No way!" and data["title"] == "Refused"


def test_messages_and_state_kept_across_calls_of_one_session(url):
    first = call(url, "count", ["a"])
    events = events_of(url, "count", first["event_id"])
    toasts = [data for kind, data in events if kind == "message"]
    assert [(t["level"], t["message"]) for t in toasts] == [("info", "seen 0 before")]
    assert events[-1] == ("complete", ["a #1"])  # the State output is not a return value
    again = call(url, "count", ["b"], session_hash=first["session_hash"])
    assert again["session_hash"] == first["session_hash"]
    assert events_of(url, "count", again["event_id"])[-1] == ("complete", ["b #2"])
    fresh = call(url, "count", ["c"], session_hash="made-up")
    assert fresh["session_hash"] != "made-up"  # hashes are the server's
    assert events_of(url, "count", fresh["event_id"])[-1] == ("complete", ["c #1"])


def test_queued_position_and_cancel_over_http(url):
    GATE.clear()
    try:
        running = call(url, "wait", ["first"])
        waiting = call(url, "wait", ["second"])
        cancel = requests.post(f"{url}call/wait/{waiting['event_id']}/cancel", timeout=10)
        assert cancel.json() == {"success": True}
        events = events_of(url, "wait", waiting["event_id"])
        assert events[0][0] == "queued" and events[0][1]["position"] == 0
        assert events[-1][0] == "cancelled"
    finally:
        GATE.set()
    assert events_of(url, "wait", running["event_id"])[-1] == ("complete", ["first"])
    again = requests.post(f"{url}call/wait/{running['event_id']}/cancel", timeout=10)
    assert again.status_code == 404  # read to the end: gone


def test_files_are_uploaded_then_passed_and_outputs_carry_urls(url):
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), "red").save(buffer, format="PNG")
    uploaded = requests.post(url + "upload", files={"files": ("red.png", buffer.getvalue(),
                                                              "image/png")}, timeout=10)
    file_data = uploaded.json()[0]
    kind, data = run(url, "mirror", [file_data])[-1]
    assert kind == "complete"
    result = data[0]
    assert result["url"].startswith("http://127.0.0.1:")
    picture = requests.get(result["url"], timeout=10)
    assert picture.status_code == 200 and picture.content.startswith(b"\x89PNG")
    forged = {**file_data, "path": "/etc/passwd"}
    refused = requests.post(url + "call/mirror", json={"data": [forged]}, timeout=10)
    assert refused.status_code == 422 and "/etc/passwd" in refused.json()["error"]


@pytest.mark.parametrize("body, status, field", [
    ({"data": ["a", "b"]}, 422, "data"),
    ({"data": [5]}, 422, "data.name"),
    ({"data": {"nom": "x"}}, 422, "data.nom"),
    ({"data": "Ann"}, 422, "data"),
    ({}, 422, "data"),
    ({"data": ["a"], "extra": 1}, 422, "extra"),
    ({"data": ["a"], "session_hash": 5}, 422, "session_hash"),
    ("[1, 2]", 400, "_body"),
    ("{not json", 400, "_body"),
])
def test_bad_payloads_get_4xx_naming_the_field(url, body, status, field):
    if isinstance(body, str):
        response = requests.post(url + "call/greet", data=body, timeout=10,
                                 headers={"Content-Type": "application/json"})
    else:
        response = requests.post(url + "call/greet", json=body, timeout=10)
    assert response.status_code == status, response.text
    assert field in response.json()["fields"]
    assert run(url, "greet", ["ok"])[-1] == ("complete", ["Hello, ok!"])


def test_too_large_a_body_is_refused(url):
    big = json.dumps({"data": ["x" * (17 * 1024 * 1024)]})
    response = requests.post(url + "call/greet", data=big, timeout=30,
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_unknown_endpoints_and_jobs_are_404_with_a_clear_message(url):
    response = requests.post(url + "call/nope", json={"data": []}, timeout=10)
    assert response.status_code == 404
    assert "No endpoint named '/nope'" in response.json()["error"]
    assert "/greet" in response.json()["error"]
    assert requests.get(url + "call/greet/nope", timeout=10).status_code == 404
    answer = call(url, "greet", ["x"])
    events_of(url, "greet", answer["event_id"])
    gone = requests.get(f"{url}call/greet/{answer['event_id']}", timeout=10)
    assert gone.status_code == 404  # events are delivered once
    other = requests.get(f"{url}call/spell/{call(url, 'greet', ['y'])['event_id']}", timeout=10)
    assert other.status_code == 404  # a job is read under its own endpoint


def test_unread_events_expire(url, monkeypatch):
    monkeypatch.setattr(api_sessions, "UNREAD_TTL", 0.0)
    answer = call(url, "greet", ["late"])
    for _ in range(200):
        response = requests.get(f"{url}call/greet/{answer['event_id']}", timeout=10)
        if response.status_code == 404:
            break
        parse_events(response.text)  # read before it expired: try another job
        answer = call(url, "greet", ["late"])
        threading.Event().wait(0.05)
    assert response.status_code == 404


def test_visibility_public_undocumented_private(url):
    info = requests.get(url + "info", timeout=10).json()
    listed = set(info["named_endpoints"])
    assert {"/greet", "/spell", "/count", "/mirror"} <= listed
    assert "/quiet" not in listed and "/inner" not in listed
    everything = requests.get(url + "gradio_api/info?all_endpoints=true", timeout=10).json()
    assert "/quiet" in everything["named_endpoints"]
    assert "/inner" not in everything["named_endpoints"]
    assert run(url, "quiet", ["q"])[-1] == ("complete", ["Hello, q!"])
    assert requests.post(url + "call/inner", json={"data": ["x"]}, timeout=10).status_code == 404


def _ws(url, query=""):
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws" + query, timeout=10)
    assert json.loads(ws.recv())["type"] == "session"
    return ws


def _event(ws, fn):
    ws.send(json.dumps({"type": "event", "id": "p1", "fn": fn, "data": ["z"]}))
    while True:
        frame = json.loads(ws.recv())
        if frame["type"] in ("done", "error"):
            return frame


def test_private_listeners_run_only_for_the_apps_own_page(url):
    config = requests.get(url + "config", timeout=10).json()
    private = next(d["id"] for d in config["dependencies"] if d["api_name"] == "inner")
    unnamed = next(d["id"] for d in config["dependencies"]
               if d["api_name"] is None and d["backend_fn"])
    program = _ws(url)
    for fn in (private, unnamed):
        refused = _event(program, fn)
        assert refused["type"] == "error" and refused["fields"] == {"fn": ["Private event."]}
    shell = requests.get(url, timeout=10).text
    token = re.search(r'pageToken: "([0-9a-f]+)"', shell).group(1)
    page = _ws(url, f"?__page={token}")
    assert _event(page, private)["state"] == "completed"
    assert _event(_ws(url, "?__page=guess"), private)["type"] == "error"


def test_config_has_what_gradios_clients_read(url):
    config = requests.get(url + "config", timeout=10).json()
    assert config["protocol"] == "sse_v3" and config["api_prefix"] == "/gradio_api"
    assert config["version"] > "4.29.0" and config["blocks_version"]
    assert config["root"] == url.rstrip("/") and config["show_api"] is True
    assert all("skip_api" in c for c in config["components"])


def test_openapi_document(url):
    document = requests.get(url + "openapi.json", timeout=10).json()
    assert document["openapi"] == "3.1.0"
    paths = document["paths"]
    assert "/call/greet" in paths and "/call/greet/{event_id}" in paths
    assert "/call/quiet" not in paths and "/call/inner" not in paths
    body = paths["/call/greet"]["post"]["requestBody"]["content"]["application/json"]
    by_position = body["schema"]["properties"]["data"]["oneOf"][0]
    assert by_position["prefixItems"] == [{"type": "string"}]


def test_openapi_is_built_lazily_and_hidden_with_show_api_false():
    code = """
import sys, blocks as gr
with gr.Blocks() as demo:
    t = gr.Textbox(); gr.Button().click(lambda x: x, t, t, api_name="echo")
client = demo.create_app().test_client()
assert client.get("/config").status_code == 200
assert client.post("/call/echo", json={"data": ["a"]}).status_code == 200
before = "apispec" in sys.modules
assert client.get("/openapi.json").json["openapi"] == "3.1.0"
hidden = gr.Blocks()
with hidden:
    t = gr.Textbox(); gr.Button().click(lambda x: x, t, t)
other = hidden.create_app(show_api=False).test_client()
print(before, "apispec" in sys.modules, other.get("/openapi.json").status_code,
      other.get("/config").json["show_api"])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.stdout.split() == ["False", "True", "404", "False"], out.stderr


def test_a_full_queue_is_503(serve):
    gate = threading.Event()
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda x: gate.wait(10) and x, box, box, api_name="hold")
    demo.queue(max_size=1)
    url = serve(demo)
    try:
        call(url, "hold", ["running"])
        call(url, "hold", ["waiting"])
        full = requests.post(url + "call/hold", json={"data": ["third"]}, timeout=10)
        assert full.status_code == 503 and "full" in full.json()["error"]
    finally:
        gate.set()


def test_the_example_of_docs_api_md(serve):
    from pathlib import Path
    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    source = re.search(r"```python\n(.*?)```", text, re.S).group(1)
    namespace = {}
    exec(source.replace("demo.launch()", ""), namespace)
    url = serve(namespace["demo"])
    assert run(url, "greet", ["Ann"]) == [("started", None), ("complete", ["Hello, Ann!"])]
    info = requests.get(url + "info", timeout=10).json()["named_endpoints"]["/greet"]
    assert info["description"] == "Greet someone."
    assert [p["parameter_name"] for p in info["parameters"]] == ["name"]


@pytest.mark.parametrize("depth", [100, 5000])
def test_deeply_nested_bodies_are_refused(url, depth):
    body = '{"data": [' + "[" * depth + "]" * depth + "]}"
    response = requests.post(url + "call/greet", data=body, timeout=10,
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and "_body" in response.json()["fields"]
    join = requests.post(url + "gradio_api/queue/join", data=body.replace(
        "}", ', "fn_index": 0, "session_hash": "deep"}'), timeout=10,
        headers={"Content-Type": "application/json"})
    assert join.status_code == 400
