"""HTTP hardening through the real server: headers, Host check, error logs, slow clients.

Servers are started with ``launch()`` (the ``serve`` fixture) because the Host
check, the header timeout and the connection cap belong to the server that
``launch()`` runs. Nothing asserts a duration: a slow client is shown to be
dropped because the server hangs up before the client has finished.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import socket
import subprocess
import sys
import textwrap
import time
from urllib.parse import urlsplit

import pytest
import requests
import websocket

import blocks as gr
from blocks.server.settings import Settings


def hello_app():
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        gr.Button("Greet").click(lambda n: f"Hello {n}", name, name)
    return demo


def address(url):
    parts = urlsplit(url)
    return parts.hostname, parts.port


# -- 4. security headers --------------------------------------------------------------------
def test_every_response_has_the_security_headers(serve):
    url = serve(hello_app())
    upload = requests.post(url + "upload", files={"files": ("a.txt", b"a")}, timeout=10)
    responses = {"page": requests.get(url, timeout=10),
                 "config": requests.get(url + "config", timeout=10),
                 "theme": requests.get(url + "theme.css", timeout=10),
                 "module": requests.get(url + "assets/blocks/runtime.js", timeout=10),
                 "missing": requests.get(url + "nowhere", timeout=10),
                 "upload": upload,
                 "file": requests.get(f"{url}file={upload.json()[0]['path']}", timeout=10),
                 "bad upload": requests.post(url + "upload", timeout=10),
                 "websocket as http": requests.get(url + "ws", timeout=10)}
    for name, response in responses.items():
        headers = response.headers
        assert headers.get("X-Content-Type-Options") == "nosniff", name
        assert headers.get("Referrer-Policy") == "same-origin", name
        assert "frame-ancestors 'self'" in headers.get("Content-Security-Policy", ""), name


def test_frame_ancestors_is_a_setting_and_is_checked(serve):
    url = serve(hello_app(), frame_ancestors=["https://portal.example.com", "'self'"])
    policy = requests.get(url, timeout=10).headers["Content-Security-Policy"]
    assert policy == "frame-ancestors https://portal.example.com 'self'"
    for bad in ("'self'; script-src *", "https://a.example.com, https://b.example.com", "",
                "'none' 'self'"):
        with pytest.raises(ValueError, match="frame_ancestors"):
            Settings(frame_ancestors=bad)


# -- 5. DNS rebinding -----------------------------------------------------------------------
def test_a_foreign_host_is_refused_by_a_local_app(serve):
    url = serve(hello_app(), allowed_hosts=["demo.example.com", ".corp.example"])
    host, port = address(url)
    for name in ("evil.example", "127.0.0.1.evil.example", "corp.example.evil"):
        response = requests.get(url + "config", headers={"Host": f"{name}:{port}"}, timeout=10)
        assert response.status_code == 400, name
        assert "allowed_hosts" in response.text
    for name in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", "demo.example.com",
                 f"app.corp.example:{port}", "corp.example"):
        assert requests.get(url + "config", headers={"Host": name}, timeout=10).status_code \
            == 200, name
    with pytest.raises(websocket.WebSocketBadStatusException) as refused:
        websocket.create_connection(f"ws://{host}:{port}/ws", host=f"evil.example:{port}",
                                    timeout=10)
    assert refused.value.status_code == 400


def test_apps_that_listen_on_every_interface_take_any_host_unless_told():
    from blocks.server.security import served_hosts
    assert served_hosts(Settings(server_name="0.0.0.0")) is None
    assert served_hosts(Settings()) is None  # inside another WSGI server: the deployer decides
    assert "example.com" in served_hosts(Settings(server_name="0.0.0.0",
                                                  allowed_hosts=["example.com"]))
    assert served_hosts(Settings(server_name="127.0.0.1", allowed_hosts=["*"])) is None


# -- 6. errors are logged once, where a deployer can route them ---------------------------
FAILING_APP = textwrap.dedent('''
    import sys
    import urllib.request
    import blocks as gr

    class BrokenHead:  # a plugin whose hook fails while the page is made
        @gr.hookimpl
        def blocks_extra_head(self, settings):
            raise RuntimeError("the head is broken")

    with gr.Blocks() as demo:
        gr.Textbox()
    demo.launch(prevent_thread_lock=True, quiet=True, server_port=int(sys.argv[1]),
                plugins=[BrokenHead()])
    for _ in range(3):
        try:
            urllib.request.urlopen(demo.local_url, timeout=10)
        except urllib.error.HTTPError as error:
            print(error.code, flush=True)
    demo.close()
''')


def test_an_error_in_a_request_is_logged_once_with_its_traceback(tmp_path):
    from testkit import free_port
    script = tmp_path / "failing.py"
    script.write_text(FAILING_APP)
    result = subprocess.run([sys.executable, str(script), str(free_port())],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert result.stdout.split() == ["500", "500", "500"], result.stderr[-3000:]
    assert "RecursionError" not in result.stderr
    assert result.stderr.count("Traceback (most recent call last)") == 3, result.stderr[-3000:]
    assert result.stderr.count("RuntimeError: the head is broken") == 3
    assert len(result.stderr) < 3 * 4000  # one traceback a request, not 126 KB of them


def test_the_error_reaches_a_handler_the_deployer_set(serve, log_records):
    from flask import Blueprint
    routes = Blueprint("broken", __name__)

    @routes.get("/broken")
    def broken():
        raise RuntimeError("the route is broken")

    class Plugin:
        @gr.hookimpl
        def blocks_register_routes(self, app, settings):
            return [routes]

    records = log_records("blocks.server", logging.DEBUG)
    url = serve(hello_app(), plugins=[Plugin()])
    response = requests.get(url + "broken", timeout=10)
    assert response.status_code == 500
    errors = [r for r in records if r.levelno >= logging.ERROR]
    assert len(errors) == 1 and errors[0].exc_info[0] is RuntimeError
    assert errors[0].name == "blocks.server" and "/broken" in errors[0].getMessage()


# -- 7. slow clients, connection cap, descriptor limit -------------------------------------
def raw_connection(url):
    return socket.create_connection(address(url), timeout=30)


def test_a_client_that_trickles_its_headers_is_dropped(serve):
    url = serve(hello_app(), header_timeout=1)
    conn = raw_connection(url)
    conn.sendall(b"GET / HTTP/1.1\r\n")
    sent, answer = 0, b""
    try:
        # a header line every 0.2 s, fewer than the 100 headers the parser takes: 12 s if
        # the server never drops it
        for sent in range(1, 60):
            conn.sendall(f"X-Slow-{sent}: yes\r\n".encode())
            conn.settimeout(0.2)
            try:
                answer = conn.recv(4096)
                break  # the server answered (and will close)
            except TimeoutError:
                continue
    except (BrokenPipeError, ConnectionResetError):
        pass
    assert sent < 59, "the server never dropped the slow client"
    assert answer == b"" or answer.startswith(b"HTTP/1.1 400")
    conn.close()


def test_an_idle_connection_is_closed(serve):
    url = serve(hello_app(), header_timeout=0.5)
    conn = raw_connection(url)
    assert conn.recv(1024) == b""  # closed by the server, well before the 30 s socket timeout
    conn.close()


def test_connections_beyond_the_cap_get_503_and_the_app_serves_again_after(serve):
    url = serve(hello_app(), max_connections=8, header_timeout=60)
    idle = [raw_connection(url) for _ in range(8)]
    try:
        for _ in range(200):  # the server has accepted all eight
            response = requests.get(url + "config", timeout=10)
            if response.status_code == 503:
                break
            time.sleep(0.01)
        assert response.status_code == 503
        assert "Too many connections" in response.text
    finally:
        for conn in idle:
            conn.close()
    for _ in range(200):
        response = requests.get(url + "config", timeout=10)
        if response.status_code == 200:
            break
        time.sleep(0.01)
    assert response.status_code == 200


def test_launch_only_settings_warn_under_another_wsgi_server(tmp_path):
    import blocks.wsgi
    script = tmp_path / "app.py"
    script.write_text("import blocks as gr\nwith gr.Blocks() as demo:\n    gr.Textbox()\n"
                      "demo.launch(max_connections=50)\n")
    with pytest.warns(gr.BlocksWarning, match="applies to the server launch") as warned:
        blocks.wsgi.app(str(script), header_timeout=5)
    messages = [str(w.message) for w in warned]
    assert any("header_timeout" in m and "--keep-alive" in m for m in messages)
    assert any("max_connections" in m and "--worker-connections" in m for m in messages)


def test_the_descriptor_limit_is_raised_and_logged(serve, caplog):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        in_use = len(os.listdir("/proc/self/fd"))  # a long test run holds many already
        lowered = min(in_use + 512, hard - 1) if hard != resource.RLIM_INFINITY \
            else in_use + 512
        if lowered > in_use:  # a soft limit below the hard one, for launch() to raise
            resource.setrlimit(resource.RLIMIT_NOFILE, (lowered, hard))
        with caplog.at_level(logging.INFO, logger="blocks.server"):
            serve(hello_app())
        assert resource.getrlimit(resource.RLIMIT_NOFILE)[0] == hard
        limit = [r.getMessage() for r in caplog.records if "open file limit" in r.getMessage()]
        shown = "unlimited" if hard == resource.RLIM_INFINITY else hard
        assert limit == [f"open file limit: {shown}"]
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_an_event_still_runs_after_all_of_that(serve):
    url = serve(hello_app(), header_timeout=1)
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws", timeout=10)
    assert json.loads(ws.recv())["type"] == "session"
    ws.send(json.dumps({"type": "event", "id": "e", "fn": 0, "data": ["Ada"]}))
    frames = []
    while not frames or frames[-1]["type"] != "done":
        frames.append(json.loads(ws.recv()))
    assert frames[-1]["state"] == "completed"
    time.sleep(1.5)  # longer than header_timeout: a websocket is not an HTTP request
    ws.send(json.dumps({"type": "ping"}))
    assert json.loads(ws.recv())["type"] == "pong"
    ws.close()
