"""The same app served by gunicorn with the gevent worker, as docs/deployment.md says."""

import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
import websocket
from playwright.sync_api import expect

APP = textwrap.dedent('''
    import blocks as gr

    def greet(name):
        return f"Hello, {name}!"

    with gr.Blocks(title="Served by gunicorn") as demo:
        name = gr.Textbox(label="Name")
        out = gr.Textbox(label="Greeting")
        gr.Button("Greet").click(greet, name, out)

    demo.launch()  # ignored when a WSGI server imports the script
''')


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def gunicorn_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gunicorn")
    script = folder / "app.py"
    script.write_text(APP)
    port = free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "-k", "gevent", "-w", "1", "-b", f"127.0.0.1:{port}",
               f'blocks.wsgi:app("{script}")']
    log = open(folder / "gunicorn.log", "w+")  # noqa: SIM115 - closed once gunicorn stops
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail("gunicorn did not start:\n" + log.read())
            time.sleep(0.2)
    yield url
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)
    log.close()


def test_event_through_the_websocket(gunicorn_url):
    with urllib.request.urlopen(gunicorn_url, timeout=5) as response:
        assert b"<title>Served by gunicorn</title>" in response.read()
    ws = websocket.create_connection(gunicorn_url.replace("http", "ws", 1) + "ws", timeout=10)
    assert json.loads(ws.recv())["type"] == "session"
    ws.send(json.dumps({"type": "event", "id": "g1", "fn": 0, "data": ["Gunicorn"]}))
    messages = []
    while not messages or messages[-1]["type"] != "done":
        messages.append(json.loads(ws.recv()))
    assert {"value": "Hello, Gunicorn!"} in messages[-2]["data"]
    assert messages[-1]["state"] == "completed"
    ws.send("not json")
    assert json.loads(ws.recv())["type"] == "error"
    ws.close()


def test_in_the_browser(gunicorn_url, page):
    page.goto(gunicorn_url)
    page.get_by_label("Name").fill("Ada")
    page.get_by_role("button", name="Greet").click()
    expect(page.get_by_label("Greeting")).to_have_value("Hello, Ada!")
