"""Schemathesis against ``/openapi.json``: generated requests, real server, no 5xx.

Schemathesis (a test dependency) reads the app's OpenAPI document and sends
requests that fit it and requests that do not, to every operation, then
follows the document's links (a call's ``event_id`` to its events and its
cancel). Every answer must be a documented status with the documented
content type and schema, and never a server error. The example count is
kept small for CI time; the seed is printed by schemathesis when it fails.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import blocks as gr

CHECKS = ",".join(["not_a_server_error", "status_code_conformance", "content_type_conformance",
                   "response_schema_conformance", "positive_data_acceptance"])


def schemathesis() -> str:
    found = Path(sys.executable).with_name("schemathesis")
    if found.exists():
        return str(found)
    found = shutil.which("schemathesis")
    if found is None:
        pytest.skip("schemathesis is not installed (a test dependency in noxfile.py)")
    return found


def app():
    def greet(name, times=1):
        """Greet someone, several times."""
        return " ".join([f"Hello, {name}!"] * max(1, min(int(times or 1), 3)))

    def spell(word):
        for index in range(min(len(word or ""), 5)):
            time.sleep(0.001)
            yield word[: index + 1]

    def pick(level, choice, flag, memory):
        return memory + 1, f"{level} {choice} {flag}"

    with gr.Blocks(title="Schemathesis") as demo:
        name = gr.Textbox(label="Name")
        times = gr.Number(label="Times", value=1)
        level = gr.Slider(0, 10, label="Level")
        choice = gr.Dropdown(["a", "b"], label="Choice")
        flag = gr.Checkbox(label="Flag")
        memory = gr.State(0)
        out = gr.Textbox(label="Out")
        btn = gr.Button("Go")
        btn.click(greet, [name, times], out, api_name="greet")
        btn.click(spell, name, out, api_name="spell")
        btn.click(pick, [level, choice, flag, memory], [memory, out], api_name="pick",
                  concurrency_limit=None)
        btn.click(greet, name, out, api_name="inner", api_visibility="private")
    return demo


def test_generated_requests_get_documented_answers_and_never_a_5xx(serve, tmp_path):
    url = serve(app())
    done = subprocess.run(
        [schemathesis(), "run", url + "openapi.json", "--checks", CHECKS,
         "--max-examples", "6", "--request-timeout", "20", "--no-shrink"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    report = done.stdout[-6000:] + done.stderr[-2000:]
    assert done.returncode == 0, report
    # 3 endpoints x (call, events, cancel), upload and info; the private one is not there
    assert "Tested: 11" in done.stdout, report
    counts = re.search(r"(\d+) generated, (\d+) passed", done.stdout)
    assert counts and counts.group(1) == counts.group(2) and int(counts.group(1)) > 50, report
