"""Gradio's JavaScript client (``@gradio/client`` from npm, unchanged) against a Blocks app.

Needs Node.js and npm (Debian's ``nodejs`` and ``npm``); the client is
installed once into pytest's cache folder, pinned. Without Node the test is
skipped, except in CI where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import blocks as gr

CLIENT = "@gradio/client@2.7.0"
SCRIPT = Path(__file__).with_name("js") / "gradio_client_check.mjs"


@pytest.fixture(scope="module")
def node_modules(request):
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        message = "Node.js and npm are needed (apt-get install nodejs npm)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    folder = request.config.cache.mkdir("gradio-js-client")
    if not (folder / "node_modules" / "@gradio" / "client").is_dir():
        (folder / "package.json").write_text('{"private": true, "type": "module"}')
        subprocess.run([npm, "install", "--no-audit", "--no-fund", CLIENT], cwd=folder,
                       check=True, capture_output=True, timeout=300)
    return folder


def test_gradio_js_client_predicts_streams_and_raises(serve, node_modules, tmp_path):
    def spell(word):
        for index in range(len(word)):
            yield word[: index + 1]

    def refuse(text):
        raise gr.Error(f"No {text}!")

    with gr.Blocks() as demo:
        text = gr.Textbox(label="Name")
        out = gr.Textbox(label="Out")
        gr.Button().click(lambda name: f"Hello, {name}!", text, out, api_name="greet")
        gr.Button().click(spell, text, out, api_name="spell")
        gr.Button().click(refuse, text, out, api_name="refuse")
    url = serve(demo)
    script = node_modules / SCRIPT.name  # beside node_modules, so the import resolves
    shutil.copy(SCRIPT, script)
    done = subprocess.run(["node", str(script), url], capture_output=True, text=True,
                          timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["predict"] == ["Hello, Ann!"]
    assert result["spell"][:3] == ["a", "ab", "abc"]
    assert result["error"] == "No way!"
    assert result["endpoints"] == ["/greet", "/refuse", "/spell"]
