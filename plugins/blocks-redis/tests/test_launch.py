"""``launch(state_backend="redis", ...)``: two apps of one script, as two processes would be.

Served by ``launch`` (gevent's server in a thread, no monkey-patching), with the
settings given as keyword arguments; the second app resumes a session the first
one made, with its State.
"""

import json

import pytest
import websocket

import blocks as gr


def build():
    def add(item, items):
        items = items + [item]
        return items, len(items)

    with gr.Blocks() as demo:
        item = gr.Textbox(label="Item")
        count = gr.Number(label="Count")
        items = gr.State([])
        gr.Button("Add").click(add, [item, items], [items, count])
    return demo


def run(url, item, session=None):
    address = url.replace("http", "ws", 1) + "ws" + (f"?__session={session}" if session else "")
    ws = websocket.create_connection(address, timeout=20)
    hello = json.loads(ws.recv())
    ws.send(json.dumps({"type": "event", "id": "j", "fn": 0, "data": [item, None]}))
    messages = []
    while not messages or messages[-1]["type"] != "done":
        messages.append(json.loads(ws.recv()))
    ws.close()
    return hello, messages


def test_a_session_made_by_one_app_is_resumed_by_another(serve, redis_url):
    settings = {"state_backend": "redis", "redis_url": redis_url, "secret": "shared"}
    first, second = serve(build(), **settings), serve(build(), **settings)
    hello, messages = run(first, "apple")
    assert messages[-1]["state"] == "completed"
    assert {"value": 1.0} in messages[-2]["data"]
    again, messages = run(second, "pear", session=hello["session_hash"])
    assert again["resumed"] and again["session_hash"] == hello["session_hash"]
    assert {"value": 2.0} in messages[-2]["data"]  # the State came from the first app


def test_redis_settings_are_refused_without_the_redis_backend(serve):
    with pytest.raises(TypeError, match=r"Unknown setting.*redis_url"):
        build().create_app(redis_url="redis://127.0.0.1:1/0")


def test_the_redis_backend_refuses_to_start_without_a_secret(redis_url):
    with pytest.raises(ValueError, match="BLOCKS_SECRET"):
        build().create_app(state_backend="redis", redis_url=redis_url)
