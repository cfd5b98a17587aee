"""A streaming chat through the APIs for programs: the call API's events and Gradio's own
client get whole values, while the job sends the page edits (a real server on loopback).
As in Gradio, the endpoint takes the message; the history is the session's."""

from __future__ import annotations

import json

import pytest
import requests

import blocks as gr

WORDS = [f"word{index}" for index in range(60)]


def stream(message, history):
    text = f"{message} ({len(history)} before):"
    for word in WORDS:
        text += " " + word
        yield text


EXPECTED = [f"hi (0 before):{''.join(' ' + word for word in WORDS[:count])}"
            for count in range(1, len(WORDS) + 1)]


@pytest.fixture(scope="module")
def url(serve_module):
    return serve_module(gr.ChatInterface(stream, api_name="chat"))


def events(text: str) -> list[tuple[str, object]]:
    found = []
    for block in text.split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.split("\n") if ": " in line)
        if "event" in lines:
            found.append((lines["event"], json.loads(lines["data"])))
    return found


def test_the_call_api_streams_whole_replies(url):
    answer = requests.post(f"{url}gradio_api/call/chat", json={"data": ["hi"]},
                           timeout=10)
    assert answer.status_code == 200, answer.text
    response = requests.get(f"{url}gradio_api/call/chat/{answer.json()['event_id']}",
                            timeout=60)
    found = events(response.text)
    assert [data[0] for kind, data in found if kind == "generating"] == EXPECTED
    assert found[-1] == ("complete", [EXPECTED[-1]])


def test_gradios_client_gets_every_reply(url):
    client_module = pytest.importorskip("gradio_client")
    client = client_module.Client(url, verbose=False)
    job = client.submit("hi", api_name="/chat")
    assert job.result(timeout=60) == EXPECTED[-1]
    assert job.outputs()[-1] == EXPECTED[-1]
    assert all(output in EXPECTED for output in job.outputs())


def test_gradios_queue_stream_sends_the_reply_as_edits(url):
    """Gradio's ``queue/data`` stream: the first output whole, then Gradio's diffs, which
    carry the new words only; applied in order, they give every reply."""
    from blocks.diff import apply_edits
    join = requests.post(f"{url}gradio_api/queue/join", json={
        "data": ["hi"], "fn_index": endpoint_index(url), "session_hash": "chatapi01",
        "event_data": None, "trigger_id": None}, timeout=10)
    assert join.status_code == 200, join.text
    response = requests.get(f"{url}gradio_api/queue/data",
                            params={"session_hash": "chatapi01"}, timeout=60)
    messages = [json.loads(line[5:]) for line in response.text.splitlines()
                if line.startswith("data:")]
    generating = [m["output"]["data"] for m in messages if m.get("msg") == "process_generating"]
    value, seen = generating[0][0], [generating[0][0]]
    for data in generating[1:]:
        assert len(json.dumps(data[0])) < 40  # a word, not the reply so far
        value = apply_edits(value, data[0])
        seen.append(value)
    assert seen == EXPECTED
    completed = [m for m in messages if m.get("msg") == "process_completed"]
    assert completed[0]["output"]["data"][0] == EXPECTED[-1]


def endpoint_index(url) -> int:
    config = requests.get(f"{url}config", timeout=10).json()
    return next(index for index, dep in enumerate(config["dependencies"])
                if dep.get("api_name") == "chat")
