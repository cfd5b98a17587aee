"""The real gevent server on loopback: pages, websocket, files, launch."""

import json
import socket
import urllib.error
import urllib.request

import pytest
import websocket

import blocks as gr


def greet_app(**blocks_kwargs):
    with gr.Blocks(**blocks_kwargs) as demo:
        name = gr.Textbox(label="Name")
        out = gr.Textbox(label="Greeting")
        gr.Button("Greet").click(lambda n: f"Hello, {n}!", name, out)
    return demo


def ws_connect(url, **kwargs):
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws", timeout=10, **kwargs)
    hello = json.loads(ws.recv())
    assert hello["type"] == "session" and hello["session_hash"]
    return ws


def recv(ws):
    return json.loads(ws.recv())


def run_event(ws, job_id, fn, data):
    ws.send(json.dumps({"type": "event", "id": job_id, "fn": fn, "data": data}))
    messages = []
    while True:
        message = recv(ws)
        messages.append(message)
        if message["type"] in ("done", "error"):
            return messages


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_event_round_trip(serve):
    url = serve(greet_app())
    ws = ws_connect(url)
    messages = run_event(ws, "j1", 0, ["Ann"])
    assert [m["type"] for m in messages] == ["started", "output", "done"]
    assert messages[1]["data"] == [{"value": "Hello, Ann!"}]
    assert messages[2]["state"] == "completed"


@pytest.mark.parametrize("frame, fragment", [
    ("{not json", "not valid JSON"),
    (json.dumps({"type": "explode"}), "Unknown message type"),
    (json.dumps({"type": "event", "id": "x", "fn": "0", "data": []}), "fn"),
    (json.dumps({"type": "event", "id": "x", "fn": 99, "data": []}), "Unknown event"),
    (json.dumps({"type": "event", "id": "x", "fn": 0, "data": [1, 2, 3]}), "takes 1 input"),
    (json.dumps({"type": "event", "id": "x", "fn": 0, "data": [{"a": 1}]}), "Invalid value"),
])
def test_malformed_messages_get_an_error_and_the_connection_survives(serve, frame, fragment):
    url = serve(greet_app())
    ws = ws_connect(url)
    other = ws_connect(url)
    ws.send(frame)
    reply = recv(ws)
    assert reply["type"] in ("error", "done")
    text = reply.get("message") or reply["error"]["message"]
    assert fragment in text
    # the same connection, another connection and the HTTP side still work
    assert run_event(ws, "ok", 0, ["Bo"])[-1]["state"] == "completed"
    assert run_event(other, "ok", 0, ["Cy"])[-1]["state"] == "completed"
    assert get(url + "config")[0] == 200


def test_binary_garbage_frame(serve):
    url = serve(greet_app())
    ws = ws_connect(url)
    ws.send_binary(b"\xff\x00\x13")
    assert recv(ws)["type"] == "error"
    assert run_event(ws, "ok", 0, ["Bo"])[-1]["state"] == "completed"


def test_function_errors_reach_the_page_and_the_app_keeps_working(serve):
    def explode(name):
        raise RuntimeError("internal detail")

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(explode, box, box)
        gr.Button().click(lambda n: n * 2, box, box)
    url = serve(demo)
    ws = ws_connect(url)
    done = run_event(ws, "a", 0, ["x"])[-1]
    assert done["state"] == "failed"
    assert "internal detail" not in json.dumps(done)  # no details without show_error
    assert run_event(ws, "b", 1, ["x"])[-1]["state"] == "completed"


def test_show_error_sends_the_exception(serve):
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda n: 1 / 0, box, box)
    url = serve(demo, show_error=True)
    done = run_event(ws_connect(url), "a", 0, ["x"])[-1]
    assert "ZeroDivisionError" in done["error"]["message"]
    assert "Traceback" in done["error"]["traceback"]


def test_cross_origin_websocket_is_refused(serve):
    url = serve(greet_app())
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws", timeout=10,
                                     origin="http://evil.example")
    reply = recv(ws)
    assert reply["type"] == "error" and "Cross-origin" in reply["message"]


def test_page_config_theme_and_assets(serve):
    url = serve(greet_app(title="Hi there", css=".x{color:red}", head="<meta name=t>"))
    status, body = get(url)
    assert status == 200 and b"<title>Hi there</title>" in body
    assert b".x{color:red}" in body and b"<meta name=t>" in body
    status, body = get(url + "config")
    assert json.loads(body)["title"] == "Hi there"
    status, body = get(url + "theme.css")
    assert status == 200 and b"--body-background-fill" in body
    assert get(url + "assets/blocks/runtime.js")[0] == 200
    assert get(url + "assets/blocks/components/textbox.js")[0] == 200
    assert get(url + "assets/nothing/x.js")[0] == 404
    assert get(url + "assets/blocks/..%2f__init__.py")[0] == 404
    assert get(url + "assets/blocks/../__init__.py")[0] == 404


def test_static_folders_are_found_once_per_app(monkeypatch):
    import blocks.registry
    app = greet_app().create_app()
    assert "blocks" in app.extensions["blocks"].registry.static_dirs()

    def searched(classes):
        raise AssertionError("static folders searched while serving")

    monkeypatch.setattr(blocks.registry, "_static_dirs", searched)
    client = app.test_client()
    for _ in range(3):
        response = client.get("/assets/blocks/components/textbox.js")
        assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert client.get("/assets/nothing/x.js").status_code == 404


def test_files_are_served_only_when_allowed(serve, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("no")
    url = serve(greet_app())
    assert get(url + "file=" + str(secret))[0] == 404
    assert get(url + "file=/etc/passwd")[0] == 404


def test_upload_and_size_limit(serve, tmp_path):
    import requests
    url = serve(greet_app(), max_file_size="1kb")
    small = requests.post(url + "upload", files={"files": ("a.txt", b"hello")}, timeout=10)
    assert small.status_code == 200
    data = small.json()[0]
    assert data["orig_name"] == "a.txt" and data["size"] == 5
    assert requests.get(url + "file=" + data["path"], timeout=10).content == b"hello"
    big = requests.post(url + "upload", files={"files": ("b.bin", b"x" * 5000)}, timeout=10)
    assert big.status_code == 413 and "error" in big.json()
    none = requests.post(url + "upload", timeout=10)
    assert none.status_code == 400


def test_inputs_may_not_name_unknown_files(serve):
    with gr.Blocks() as demo:
        box = gr.HTML()
        gr.Button().click(lambda v: v, box, box)
    url = serve(demo)
    ws = ws_connect(url)
    fake = {"path": "/etc/passwd", "meta": {"_type": "blocks.FileData"}}
    reply = run_event(ws, "f", 0, [fake])[-1]
    assert reply["type"] == "error" and "not one this app gave out" in reply["message"]


def test_launch_port_search_env_and_close(monkeypatch):
    demo = greet_app()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        taken.listen(1)
        with pytest.raises(OSError, match=str(port)):
            demo.launch(server_port=port, prevent_thread_lock=True, quiet=True)
    monkeypatch.setenv("BLOCKS_SERVER_NAME", "127.0.0.1")
    monkeypatch.setenv("BLOCKS_SERVER_PORT", str(port))
    _, local_url, _ = demo.launch(prevent_thread_lock=True, quiet=True)
    try:
        assert local_url == f"http://127.0.0.1:{port}/"
        assert get(local_url)[0] == 200
    finally:
        demo.close()
    with pytest.raises(OSError):
        urllib.request.urlopen(local_url, timeout=2)


def test_port_search_starts_at_7860(capsys):
    demos = [greet_app(), greet_app()]
    try:
        urls = [demo.launch(prevent_thread_lock=True)[1] for demo in demos]
        ports = [int(url.rsplit(":", 1)[1].strip("/")) for url in urls]
        assert 7860 <= ports[0] < ports[1] < 7960
        assert f"Running on local URL:  {urls[0]}" in capsys.readouterr().out
    finally:
        for demo in demos:
            demo.close()


def test_root_path_prefixes_urls(serve):
    url = serve(greet_app(), root_path="/demo")
    status, body = get(url.replace("/demo/", "/"))
    assert status == 200 and b'"/demo"' in body and b'"/demo/assets/v-' in body


def test_cross_origin_upload_is_refused(serve):
    import requests
    url = serve(greet_app())
    refused = requests.post(url + "upload", files={"files": ("a.txt", b"x")},
                            headers={"Origin": "http://evil.example"}, timeout=10)
    assert refused.status_code == 403 and "Cross-origin" in refused.json()["error"]
    same = requests.post(url + "upload", files={"files": ("a.txt", b"x")},
                         headers={"Origin": url.rstrip("/")}, timeout=10)
    assert same.status_code == 200


FREEZE_CHECK = """
import gc, sys, threading, time
import blocks as gr
from blocks.server.runtime import freeze_startup_heap

with gr.Blocks() as demo:
    box = gr.Textbox()
    gr.Button().click(lambda text: text, box, box)
demo.launch(prevent_thread_lock=True, quiet=True, server_port=int(sys.argv[1]))
assert gc.get_freeze_count() == 0, "a launch that returns (tests, notebooks) freezes nothing"
demo.close()
if sys.argv[2] == "wsgi":  # a WSGI server's worker loads the app, then serves it
    import blocks.wsgi
    blocks.wsgi.app(sys.argv[3])
    assert gc.get_freeze_count() > 1000
    sys.exit(0)
if sys.argv[2] == "off":
    gc.disable()
    assert not freeze_startup_heap() and gc.get_freeze_count() == 0
    sys.exit(0)
# a launch that serves from now on (blocking) freezes what exists, once
threading.Thread(target=demo.launch, daemon=True,
                 kwargs={"quiet": True, "server_port": int(sys.argv[1])}).start()
for _ in range(1000):
    if gc.get_freeze_count():
        break
    time.sleep(0.01)
frozen = gc.get_freeze_count()
assert frozen > 1000, frozen
assert not freeze_startup_heap() and gc.get_freeze_count() == frozen
"""


@pytest.mark.parametrize("how", ["launch", "off", "wsgi"])
def test_a_serving_process_freezes_its_startup_objects_once(how, tmp_path):
    """Full collections skip what exists once the app is built (see docs/queue.md)."""
    import subprocess
    import sys

    from testkit import free_port
    script = tmp_path / "freeze.py"
    script.write_text(FREEZE_CHECK)
    app = tmp_path / "app.py"
    app.write_text("import blocks as gr\nwith gr.Blocks() as demo:\n    gr.Textbox()\n")
    result = subprocess.run([sys.executable, str(script), str(free_port()), how, str(app)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
