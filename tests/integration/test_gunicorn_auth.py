"""gunicorn (gevent worker, 1 worker) serving an app behind a login, configured the way a
deployment is: the backend, a users file and the secret key from the environment, so that
no password is on the command line."""

from __future__ import annotations

import json
import os
import socket
import sys
import textwrap
from pathlib import Path

import pytest
import requests
import websocket

APP = textwrap.dedent('''
    import blocks as gr

    def whoami(request: gr.Request):
        return f"Signed in as {request.username}"

    with gr.Blocks(title="Team app") as demo:
        out = gr.Textbox(label="Who")
        gr.Button("Who am I").click(whoami, None, out)

    demo.launch()
''')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def url(tmp_path_factory, run_server):
    folder = tmp_path_factory.mktemp("gunicorn-auth")
    (folder / "app.py").write_text(APP)
    users = folder / "users"
    users.write_text("ada:correct horse battery staple\n")
    users.chmod(0o600)
    secret = folder / "secret"
    secret.write_text("a secret shared by every worker of the app\n")
    secret.chmod(0o600)
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLOCKS_")}
    env.update(BLOCKS_AUTH_BACKEND="password", BLOCKS_AUTH_USERS_FILE=str(users),
               BLOCKS_SECRET_KEY_FILE=str(secret))
    port = free_port()
    command = [Path(sys.executable).with_name("gunicorn"), "-k", "gevent", "-w", "1",
               "-b", f"127.0.0.1:{port}", 'blocks.wsgi:app("app.py")']
    with run_server(command, f"http://127.0.0.1:{port}/theme.css", folder, env):
        yield f"http://127.0.0.1:{port}/"


def test_a_login_under_gunicorn(url):
    assert requests.get(url + "config").status_code == 401
    page = requests.get(url, headers={"Accept": "text/html"}, allow_redirects=False)
    assert page.status_code == 302 and page.headers["Location"] == "/login?next=/"
    wrong = requests.post(url + "login", data={"username": "ada", "password": "nope"})
    assert wrong.status_code == 401
    session = requests.Session()
    assert session.post(url + "login", data={"username": "ada", "password":
                                             "correct horse battery staple"}).status_code == 200
    assert session.get(url + "config").json()["username"] == "ada"
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws", timeout=10,
                                     header=[f"Cookie: {cookies}"])
    assert json.loads(ws.recv())["type"] == "session"
    ws.send(json.dumps({"type": "event", "id": "g1", "fn": 0, "data": []}))
    while (message := json.loads(ws.recv()))["type"] != "output":
        pass
    assert message["data"][0]["value"] == "Signed in as ada"
    session.get(url + "logout")
    while True:  # the page is closed with 4401
        opcode, data = ws.recv_data(control_frame=True)
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            assert int.from_bytes(data[:2], "big") == 4401
            break
    assert session.get(url + "config").status_code == 401


def test_the_websocket_is_refused_without_a_login(url):
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws", timeout=10)
    opcode, data = ws.recv_data(control_frame=True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE
    assert int.from_bytes(data[:2], "big") == 4401
