"""A hostile client on the websocket: deep nesting, fragment floods, ping and event floods.

Each test talks to the real server over loopback with raw frames where the
attack needs them. Nothing asserts a duration: a flood is shown not to starve
other pages because their answers arrive before the flood's own last answer.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import threading

import pytest
import requests
import websocket

import blocks as gr
from blocks.server.launch import Server


class Gate:
    def __init__(self):
        self.event = threading.Event()

    def hold(self, text):
        self.event.wait(30)
        return text


@pytest.fixture(scope="module")
def gate():
    held = Gate()
    yield held
    held.event.set()


@pytest.fixture(scope="module")
def app(gate):
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda text: text, box, box)                       # fn 0: echo
        gr.Button().click(gate.hold, box, box, concurrency_limit=1)          # fn 1: held
    server = Server(demo.create_app(max_message_size="1mb"), "127.0.0.1", None).start()
    yield f"http://127.0.0.1:{server.port}/"
    server.stop()


@pytest.fixture
def errors_logged(log_records):
    """Records of level ERROR or worse logged by Blocks during the test."""
    return log_records()


def connect(url, **options):
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws", timeout=30,
                                     **options)
    assert json.loads(ws.recv())["type"] == "session"
    return ws


def frames_until(ws, job, kinds=("done", "error")):
    frames = []
    while not frames or not (frames[-1].get("id") == job and frames[-1]["type"] in kinds):
        frames.append(json.loads(ws.recv()))
    return frames


def echo(ws, job="echo", text="still here"):
    ws.send(json.dumps({"type": "event", "id": job, "fn": 0, "data": [text]}))
    frames = frames_until(ws, job)
    assert frames[-1]["type"] == "done" and frames[-1]["state"] == "completed", frames
    return frames


def alive(ws):
    ws.send(json.dumps({"type": "ping"}))
    while True:
        message = json.loads(ws.recv())
        if message["type"] == "pong":
            return True


# -- 8. deep nesting -------------------------------------------------------------------------
def test_deeply_nested_frames_get_an_error_and_the_connection_stays(app, errors_logged):
    ws = connect(app)
    ws.send("[" * 100_000 + "]" * 100_000)
    answer = json.loads(ws.recv())
    assert answer["type"] == "error" and "nests" in answer["message"]
    nested = "[" * 1000 + '"x"' + "]" * 1000  # data nested a thousand levels
    ws.send(f'{{"type": "event", "id": "deep", "fn": 0, "data": [{nested}]}}')
    answer = json.loads(ws.recv())
    assert answer == {"type": "error", "id": "deep", "message": answer["message"],
                      "fields": {"_frame": ["Nested too deeply."]}}
    ws.send('{"type": "event", "id": "deep-object", "fn": 0, "data": ["x"], '
            '"event_data": %s}' % ('{"a":' * 150 + "1" + "}" * 150))
    assert json.loads(ws.recv())["id"] == "deep-object"
    echo(ws)
    assert not errors_logged
    ws.close()


# -- 9. fragments -----------------------------------------------------------------------------
def send_in_fragments(ws, text: str, size: int) -> None:
    data = text.encode()
    pieces = [data[i:i + size] for i in range(0, len(data), size)]
    for index, piece in enumerate(pieces):
        opcode = websocket.ABNF.OPCODE_TEXT if index == 0 else websocket.ABNF.OPCODE_CONT
        ws.send_frame(websocket.ABNF.create_frame(piece, opcode,
                                                  fin=int(index == len(pieces) - 1)))


def test_a_message_in_too_many_fragments_is_refused(app, errors_logged):
    ws = connect(app)
    message = json.dumps({"type": "event", "id": "crumbs", "fn": 0, "data": ["a" * 4000]})
    send_in_fragments(ws, message, 2)  # some 2,000 two-byte fragments
    answer = json.loads(ws.recv())
    assert answer["type"] == "error" and answer["id"] == "crumbs"
    assert answer["fields"] == {"_frame": ["Too many frames."]}
    send_in_fragments(ws, json.dumps({"type": "event", "id": "few", "fn": 0,
                                      "data": ["b" * 400]}), 50)  # a handful is fine
    assert frames_until(ws, "few")[-1]["state"] == "completed"
    assert not errors_logged
    ws.close()


def test_each_fragment_costs_more_than_its_bytes(app):
    ws = connect(app)
    # 990 KB of data in 1,000 frames: under 1 MiB as bytes, over it with 64 bytes a frame
    message = json.dumps({"type": "event", "id": "costly", "fn": 0, "data": ["c" * 990_000]})
    send_in_fragments(ws, message, len(message) // 1000 + 1)
    answer = json.loads(ws.recv())
    assert answer["type"] == "error" and answer["id"] == "costly"
    assert answer["fields"] == {"_frame": ["Too large."]}
    echo(ws)
    ws.close()


# -- 10. floods --------------------------------------------------------------------------------
def test_a_page_has_a_cap_on_unfinished_jobs_and_others_are_served(app, gate, errors_logged):
    flooder = connect(app)
    for number in range(300):  # back to back, without reading
        flooder.send(json.dumps({"type": "event", "id": f"f{number}", "fn": 1,
                                 "data": ["x"]}))
    other = connect(app)
    echo(other)  # another page is served while the flood waits
    assert requests.get(app + "config", timeout=10).status_code == 200
    refused = []
    flooder.settimeout(10)  # the refusals come at once; a server without a cap sends none
    for _ in range(300):
        message = json.loads(flooder.recv())
        if message["type"] == "error":
            refused.append(message)
            if len(refused) == 300 - 64:
                break
    flooder.settimeout(30)
    assert all("max_session_jobs" in m["message"] for m in refused)
    assert {m["id"] for m in refused} == {f"f{n}" for n in range(64, 300)}
    gate.event.set()
    frames_until(flooder, "f63", kinds=("done",))
    gate.event.clear()
    echo(flooder)
    assert not errors_logged
    flooder.close()
    other.close()


def raw_websocket(url):
    host, port = url.split("//")[1].rstrip("/").split(":")
    conn = socket.create_connection((host, int(port)), timeout=30)
    key = base64.b64encode(os.urandom(16)).decode()
    conn.sendall(f"GET /ws HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                 f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                 "Sec-WebSocket-Version: 13\r\n\r\n".encode())
    return conn


def masked(opcode: int, payload: bytes) -> bytes:
    key = b"\x01\x02\x03\x04"
    return bytes((0x80 | opcode, 0x80 | len(payload))) + key + \
        bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def test_a_ping_flood_does_not_starve_other_pages(app, errors_logged):
    conn = raw_websocket(app)
    # The upgrade answer comes first; the flood starts once the socket is a websocket.
    handshake = b""
    while b"\r\n\r\n" not in handshake:
        handshake += conn.recv(4096)
    flood = masked(0x9, b"") * 300_000 + masked(0x1, b'{"type": "ping"}')
    flood_seen = threading.Event()
    config_answered = threading.Event()
    order = []

    def read_until_pong():
        received = b""
        while b'"type": "pong"' not in received:
            chunk = conn.recv(1 << 20)
            if not chunk:
                break
            flood_seen.set()
            received = received[-64:] + chunk
        order.append("flood answered" + ("" if config_answered.is_set() else " first"))

    reader = threading.Thread(target=read_until_pong)
    reader.start()
    sender = threading.Thread(target=conn.sendall, args=(flood,))
    sender.start()
    # Ask for the page's config only once the server is busy answering the flood.
    assert flood_seen.wait(30), "the server never answered a ping"
    response = requests.get(app + "config", timeout=60)
    config_answered.set()
    sender.join(60)
    reader.join(60)
    assert response.status_code == 200
    assert order == ["flood answered"], "the page waited for the whole flood"
    conn.close()
    assert not errors_logged
