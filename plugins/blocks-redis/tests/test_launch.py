"""``launch(state_backend="redis", ...)``: two apps of one script, as two processes would be.

Served by ``launch`` (gevent's server in a thread, no monkey-patching), with the
settings given as keyword arguments; the second app resumes a session the first
one made, with its State.
"""

import json
import time

import pytest
import websocket

import blocks as gr

TICKS = []


def build():
    def add(item, items):
        items = items + [item]
        return items, len(items)

    def ticking(item):
        for number in range(2000):
            TICKS.append(number)
            time.sleep(0.01)
            yield str(number)

    with gr.Blocks() as demo:
        item = gr.Textbox(label="Item")
        count = gr.Number(label="Count")
        items = gr.State([])
        gr.Button("Add").click(add, [item, items], [items, count])
        gr.Button("Tick").click(ticking, item, item)
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


def test_a_takeover_from_another_process_cancels_the_jobs_where_they_run(serve, redis_url):
    settings = {"state_backend": "redis", "redis_url": redis_url, "secret": "shared"}
    first, second = serve(build(), **settings), serve(build(), **settings)
    old = websocket.create_connection(first.replace("http", "ws", 1) + "ws", timeout=20)
    session_hash = json.loads(old.recv())["session_hash"]
    old.send(json.dumps({"type": "event", "id": "long", "fn": 1, "data": ["x"]}))
    while json.loads(old.recv())["type"] != "output":  # the generator runs in the first
        pass
    new = websocket.create_connection(
        second.replace("http", "ws", 1) + f"ws?__session={session_hash}", timeout=20)
    assert json.loads(new.recv())["resumed"] is True
    frames = []
    while True:  # the first process hears of it: the job ends, the connection closes
        try:
            frame = old.recv()
        except websocket.WebSocketConnectionClosedException:
            break
        if not frame:
            break
        message = json.loads(frame)
        if message["type"] != "output":
            frames.append(message)
    assert any(m["type"] == "done" and m["id"] == "long" and m["state"] == "cancelled"
               for m in frames), frames
    assert any(m["type"] == "error" and "another connection" in m["message"] for m in frames)
    ticks = len(TICKS)
    time.sleep(0.3)
    assert len(TICKS) <= ticks + 1  # the generator stopped at its next yield
    new.close()


def complete(url, data, session=None):
    """One HTTP API call of ``add`` (POST, then its event stream): its session and data."""
    import requests
    body = {"data": data, **({"session_hash": session} if session else {})}
    answer = requests.post(url + "call/add", json=body, timeout=20)
    assert answer.status_code == 200, answer.text
    started = answer.json()
    stream = requests.get(f"{url}call/add/{started['event_id']}", timeout=30).text
    kind = None
    for line in stream.splitlines():
        if line.startswith("event: "):
            kind = line[len("event: "):]
        elif line.startswith("data: ") and kind == "complete":
            return started["session_hash"], json.loads(line[len("data: "):])
    raise AssertionError(f"no complete event in {stream!r}")


def test_an_http_api_session_keeps_its_state_between_calls_and_apps(serve, redis_url):
    settings = {"state_backend": "redis", "redis_url": redis_url, "secret": "shared"}
    first, second = serve(build(), **settings), serve(build(), **settings)
    session, data = complete(first, ["apple"])
    assert data == [1]
    # the session outlives the call (it has State): the next call, in either app, counts on
    assert complete(first, ["pear"], session) == (session, [2])
    assert complete(second, ["plum"], session) == (session, [3])
