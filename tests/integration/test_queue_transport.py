"""The websocket under the queue: pings, dead pages, fragments, big frames.

A server with a short ping interval is built with ``create_app`` and served by
``blocks.server.launch.Server`` on loopback. Waits are bounded; nothing
asserts a duration.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import time
import urllib.error
import urllib.request

import pytest
import websocket

import blocks as gr
from blocks.server.launch import Server


@pytest.fixture
def served():
    servers = []

    def start(demo, **settings):
        app = demo.create_app(**settings)
        server = Server(app, "127.0.0.1", None).start()
        servers.append(server)
        return f"ws://127.0.0.1:{server.port}/ws", app.extensions["blocks"]

    yield start
    for server in servers:
        server.stop()


def echo_app():
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda text: text, box, box)
    return demo


def connect(url):
    ws = websocket.create_connection(url, timeout=10)
    assert json.loads(ws.recv())["type"] == "session"
    return ws


def run(ws, job, text):
    ws.send(json.dumps({"type": "event", "id": job, "fn": 0, "data": [text]}))
    frames = []
    while not frames or frames[-1]["type"] not in ("done", "error"):
        frames.append(json.loads(ws.recv()))
    return frames


def test_a_quiet_page_is_pinged_and_stays(served):
    url, _state = served(echo_app(), ping_interval=0.1)
    ws = connect(url)
    pings = 0
    for _ in range(1000):  # websocket-client answers each ping with a pong by itself
        opcode, _data = ws.recv_data(control_frame=True)
        if opcode == websocket.ABNF.OPCODE_PING:
            pings += 1
            if pings == 3:
                break
    assert pings == 3
    assert run(ws, "after", "still here")[-1]["state"] == "completed"


def test_a_page_that_never_answers_is_dropped_and_its_jobs_end(served):
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda text: text, box, box)
    url, state = served(demo, ping_interval=0.1)
    port = int(url.split(":")[2].split("/")[0])
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    raw.sendall(f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                "Sec-WebSocket-Version: 13\r\n\r\n".encode())
    received = b""
    for _ in range(10_000):  # read, never answer a ping, until the server hangs up
        chunk = raw.recv(65536)
        if not chunk:
            break
        received += chunk
    assert received.startswith(b"HTTP/1.1 101")
    assert b'"type": "session"' in received
    raw.close()
    for _ in range(500):  # the server notices the closed socket and ends the session
        if len(state.sessions) == 0:
            break
        time.sleep(0.01)
    assert len(state.sessions) == 0


def test_fragmented_messages_are_joined_and_limited(served):
    url, _state = served(echo_app(), max_message_size=1000)
    ws = connect(url)
    text = json.dumps({"type": "event", "id": "parts", "fn": 0, "data": ["a" * 300]})
    third = len(text) // 3
    ws.send_frame(websocket.ABNF.create_frame(text[:third], websocket.ABNF.OPCODE_TEXT, fin=0))
    ws.send_frame(websocket.ABNF.create_frame(text[third:2 * third],
                                              websocket.ABNF.OPCODE_CONT, fin=0))
    ws.send_frame(websocket.ABNF.create_frame(text[2 * third:], websocket.ABNF.OPCODE_CONT,
                                              fin=1))
    frames = []
    while not frames or frames[-1]["type"] != "done":
        frames.append(json.loads(ws.recv()))
    assert frames[-2]["data"] == [{"value": "a" * 300}]

    big = json.dumps({"type": "event", "id": "long", "fn": 0, "data": ["b" * 3000]})
    for start in range(0, len(big), 400):  # over the limit only in its later fragments
        last = start + 400 >= len(big)
        opcode = websocket.ABNF.OPCODE_TEXT if start == 0 else websocket.ABNF.OPCODE_CONT
        ws.send_frame(websocket.ABNF.create_frame(big[start:start + 400], opcode,
                                                  fin=int(last)))
    refused = json.loads(ws.recv())
    assert refused["type"] == "error" and refused["id"] == "long"
    assert run(ws, "small", "ok")[-1]["state"] == "completed"


def test_big_results_arrive_whole(served):
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda size: "x" * int(size), box, box)
    url, _state = served(demo)
    ws = connect(url)
    for size in (10, 70_000, 5_000_000):
        frames = run(ws, f"s{size}", str(size))
        assert frames[-2]["data"] == [{"value": "x" * size}]
        assert frames[-1]["state"] == "completed"


def test_a_plain_get_of_the_websocket_route_is_refused(served):
    url, _state = served(echo_app())
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(url.replace("ws://", "http://"), timeout=10)
    assert error.value.code in (400, 404, 405)


def masked(payload: bytes, opcode: int = 0x1, fin: bool = True, wide: bool = False,
           mask: bool = True) -> bytes:
    """A client frame written by hand; ``wide``: its size in 2 bytes even when 1 would do."""
    key = os.urandom(4) if mask else b""
    size = len(payload)
    first = bytes(((0x80 if fin else 0) | opcode,))
    flag = 0x80 if mask else 0
    if size < 126 and not wide:
        head = first + bytes((flag | size,))
    elif size < 65536:
        head = first + bytes((flag | 126,)) + size.to_bytes(2, "big")
    else:
        head = first + bytes((flag | 127,)) + size.to_bytes(8, "big")
    if mask:
        payload = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return head + key + payload


def event_frame(job: str, text: str) -> bytes:
    return masked(json.dumps({"type": "event", "id": job, "fn": 0, "data": [text]}).encode())


def answers(ws, jobs: list[str]) -> dict:
    """Each job's frames, read until every one of ``jobs`` is done."""
    seen = {job: [] for job in jobs}
    while any(not frames or frames[-1]["type"] != "done" for frames in seen.values()):
        frame = json.loads(ws.recv())
        seen[frame["id"]].append(frame)
    return seen


def test_frames_are_read_whatever_the_pieces_they_come_in(served):
    """Several frames in one write, frames cut anywhere, pings, fragments and a large
    frame among them: every message is read, in order, and every ping answered."""
    url, _state = served(echo_app())
    ws = connect(url)
    # ten events in one write, then the same cut into 3-byte pieces
    ws.sock.sendall(b"".join(event_frame(f"a{n}", f"text {n}") for n in range(10)))
    done = answers(ws, [f"a{n}" for n in range(10)])
    assert [done[f"a{n}"][-2]["data"] for n in range(10)] == \
        [[{"value": f"text {n}"}] for n in range(10)]
    stream = b"".join(event_frame(f"b{n}", "é" * n) for n in range(5))
    for start in range(0, len(stream), 3):
        ws.sock.sendall(stream[start:start + 3])
    done = answers(ws, [f"b{n}" for n in range(5)])
    assert done["b4"][-2]["data"] == [{"value": "éééé"}]
    # a ping, a message in two fragments, a large frame and a small one, in one write
    message = json.dumps({"type": "event", "id": "parts", "fn": 0, "data": ["joined"]})
    large = "L" * 100_000
    ws.sock.sendall(masked(b"hello?", opcode=0x9) + event_frame("c1", "first")
                    + masked(message[:10].encode(), fin=False)
                    + masked(message[10:].encode(), opcode=0x0)
                    + event_frame("c2", large) + event_frame("c3", "last"))
    opcode, data = ws.recv_data(control_frame=True)
    assert (opcode, data) == (websocket.ABNF.OPCODE_PONG, b"hello?")
    done = answers(ws, ["c1", "parts", "c2", "c3"])
    assert done["parts"][-2]["data"] == [{"value": "joined"}]
    assert done["c2"][-2]["data"] == [{"value": large}]
    assert done["c3"][-1]["state"] == "completed"


@pytest.mark.parametrize("frame, code", [
    (masked(b'{"type": "ping"}', wide=True), 1002),   # a size in more bytes than needed
    (masked(b'{"type": "ping"}', mask=False), 1002),  # a page's frame must be masked
    (masked(b'{"type": "ping", "x": "\xff"}'), 1007),  # text that is not UTF-8
    (masked(b'{"type": "ping"}', opcode=0x0), 1002),  # a continuation of nothing
])
def test_frames_that_break_the_protocol_close_the_connection_with_its_code(served, frame,
                                                                          code):
    url, _state = served(echo_app())
    ws = connect(url)
    ws.sock.sendall(frame)
    opcode, data = ws.recv_data(control_frame=True)
    assert opcode == websocket.ABNF.OPCODE_CLOSE
    assert int.from_bytes(data[:2], "big") == code


def test_results_wait_in_order_for_a_page_that_reads_late(served):
    """Six megabytes of results, more than the socket holds: what it does not take at
    once waits for room, and every frame arrives whole and in order."""
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda size: "y" * int(size), box, box, concurrency_limit=None)
    url, _state = served(demo)
    ws = connect(url)
    jobs = [f"j{n}" for n in range(6)]
    ws.sock.sendall(b"".join(event_frame(job, str(1_000_000 + n))
                             for n, job in enumerate(jobs)))
    done = answers(ws, jobs)
    for n, job in enumerate(jobs):
        assert [frame["type"] for frame in done[job]][-3:] == ["started", "output", "done"]
        assert done[job][-2]["data"] == [{"value": "y" * (1_000_000 + n)}]
