"""``pip install "blocks-core[gunicorn]"`` gives a gunicorn that runs the documented command.

A fresh venv gets exactly that install line (nothing else), then serves an
app with the command of docs/deployment.md; a page loads and an event runs
over the websocket.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
import websocket

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "deployment.md"

pytestmark = pytest.mark.install

APP = textwrap.dedent('''
    import blocks as gr

    with gr.Blocks(title="Installed with the gunicorn extra") as demo:
        name = gr.Textbox(label="Name")
        gr.Button("Greet").click(lambda n: f"Hello, {n}!", name, name)
''')


def documented(pattern: str) -> str:
    found = re.search(pattern, DOC.read_text())
    assert found, f"docs/deployment.md has no line matching {pattern!r}"
    return found.group(0)


def test_the_extra_installs_a_gunicorn_that_serves_the_app(make_venv, tmp_path):
    from testkit import free_port
    assert documented(r'pip install "blocks-core\[gunicorn\]"')
    command = documented(r"gunicorn -k gevent -w 1 -b 127\.0\.0\.1:8000 '[^']+'")
    venv = make_venv("gunicorn-extra")
    venv.pip_install(f"{ROOT / 'core'}[gunicorn]")
    (tmp_path / "app.py").write_text(APP)
    port = free_port()
    args = shlex.split(command.replace("127.0.0.1:8000", f"127.0.0.1:{port}")
                       .replace("examples/showcase.py", "app.py"))
    log = (tmp_path / "gunicorn.log").open("w+")  # closed once the server is stopped
    env = venv.env()
    env["PATH"] = f"{venv.bin}{os.pathsep}{env.get('PATH', '')}"
    process = subprocess.Popen([str(venv.bin / "gunicorn"), *args[1:]], cwd=tmp_path,
                               stdout=log, stderr=subprocess.STDOUT, env=env,
                               start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    assert b"Installed with the gunicorn extra" in response.read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail("gunicorn did not serve the app:\n" + log.read()[-4000:])
                time.sleep(0.2)
        ws = websocket.create_connection(f"ws://127.0.0.1:{port}/ws", timeout=20)
        assert json.loads(ws.recv())["type"] == "session"
        ws.send(json.dumps({"type": "event", "id": "g", "fn": 0, "data": ["Ann"]}))
        frames = []
        while not frames or frames[-1]["type"] != "done":
            frames.append(json.loads(ws.recv()))
        assert frames[-2]["data"] == [{"value": "Hello, Ann!"}]
        ws.close()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()
