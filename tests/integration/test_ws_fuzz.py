"""Property-based fuzzing of the websocket protocol (Hypothesis) against the real server.

Hypothesis writes client messages of every type with arbitrary JSON in every
field (and frames that are no message at all: other JSON, not JSON, not
UTF-8), splits each into arbitrary fragments, text or binary, with pings
between the fragments, and sends a few of them on one connection. After each
message a barrier (an event for an unknown listener, which the server refuses
at once, in order) marks where its answers end. The properties:

- every frame is answered or ignored as docs/protocol.md says: a refused frame
  gets exactly one ``error`` (carrying the frame's ``id`` when it has one), a
  ``ping`` one ``pong``, ``close`` and ``cancel`` nothing of their own, and an
  accepted ``event`` exactly one ``done``; every server frame fits its schema;
- the connection stays open (the websocket layer is never broken here);
- no error is logged by the server;
- a normal event on another connection still completes.

The number of examples comes from a settings profile: ``BLOCKS_FUZZ_PROFILE=ci``
(the default, a modest count) or ``thorough``.
"""

from __future__ import annotations

import itertools
import json
import os

import pytest
import websocket
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import blocks as gr
from blocks.protocol import SERVER_SCHEMAS
from blocks.server.launch import Server

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.register_profile("thorough", parent=settings.get_profile("ci"), max_examples=2000,
                          derandomize=False)
PROFILE = settings.get_profile(os.environ.get("BLOCKS_FUZZ_PROFILE", "ci"))

JOB_FRAMES = {"queued", "started", "output", "progress", "message", "done"}
UNKNOWN_FN = 10_000  # the barrier's listener: refused at once, in order
RECV_TIMEOUT = 30


def fuzz_app():
    def stream(text):
        yield from (text or "")[:3]

    def with_request(text, request: gr.Request, evt: gr.EventData):
        return f"{text}:{type(evt._data).__name__}"

    with gr.Blocks() as demo:
        text = gr.Textbox()
        number = gr.Number()
        slider = gr.Slider(0, 10)
        check = gr.Checkbox()
        choice = gr.Dropdown(["a", "b"])
        state = gr.State(0)
        image = gr.Image(type="filepath")
        gr.Button().click(lambda value: value, text, text)                          # 0
        gr.Button().click(lambda a, b, c: (a, b, c), [number, slider, check],
                          [number, slider, check])                                   # 1
        gr.Button().click(lambda value, count: ("b" if value == "a" else "a", count + 1),
                          [choice, state], [choice, state])                          # 2
        gr.Button().click(stream, text, text)                                        # 3
        gr.Button().click(with_request, text, text)                                  # 4
        gr.Button().click(lambda path: path, image, image)                           # 5
        gr.Button().click(lambda value: value, text, text, queue=False)              # 6
    return demo


@pytest.fixture(scope="module")
def url():
    server = Server(fuzz_app().create_app(max_message_size="256kb"), "127.0.0.1", None).start()
    yield f"ws://127.0.0.1:{server.port}/ws"
    server.stop()


@pytest.fixture
def server_errors(log_records):
    return log_records()  # one list for the whole test: cleared at each example


# -- what Hypothesis writes ----------------------------------------------------------------
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=12)
INPUTS = {0: 1, 1: 3, 2: 2, 3: 1, 4: 1, 5: 1, 6: 1}  # listener -> how many inputs
file_data = st.fixed_dictionaries({"path": st.text(max_size=40) | json_values,
                                   "meta": st.just({"_type": "blocks.FileData"})})
plausible = (st.text(max_size=20) | st.integers(-5, 20) | st.floats(-1e6, 1e6) |
             st.booleans() | st.sampled_from(["a", "b"]) | st.none() | file_data)


def mostly(good, draw):
    """A plausible value four times in five, else any JSON."""
    return draw(json_values if draw(st.integers(0, 4)) == 3 else good)


@st.composite
def event_fields(draw) -> dict:
    fn = mostly(st.integers(0, 6) | st.integers(-2, 12), draw)
    count = INPUTS.get(fn, 1) if isinstance(fn, int) else 1
    fields = {"id": mostly(st.text(min_size=1, max_size=64), draw), "fn": fn,
              "data": mostly(st.lists(plausible | json_values, min_size=count,
                                      max_size=count), draw)}
    if draw(st.integers(0, 3)) == 0:
        fields["trigger"] = mostly(st.none() | st.fixed_dictionaries(
            {"id": st.integers(-1, 20), "event": st.sampled_from(["click", "change"])}), draw)
    if draw(st.integers(0, 3)) == 0:
        fields["event_data"] = draw(json_values)
    return fields


@st.composite
def messages(draw):
    kind = mostly(st.sampled_from(["event", "event", "event", "cancel", "ping", "close"]), draw)
    message = {"type": kind}
    if kind == "event":
        message.update(draw(event_fields()))
    elif kind == "cancel":
        message["id"] = mostly(st.text(min_size=1, max_size=64), draw)
    for name in [name for name in message if name != "type"]:
        if draw(st.integers(0, 19)) == 13:  # now and then a field is missing
            del message[name]
    if draw(st.integers(0, 9)) == 7:  # or the type itself, or there is one no type has
        message.pop("type") if draw(st.booleans()) else \
            message.update({draw(st.text(min_size=1, max_size=8)): draw(json_values)})
    return message


@st.composite
def frames(draw):
    """One client message (or something that is not one) as the bytes of a websocket message."""
    shape = draw(st.sampled_from(["message"] * 8 + ["json", "text", "bytes"]))
    if shape == "message":
        value = draw(messages())
        payload, text = json.dumps(value).encode(), True
    elif shape == "json":
        value = draw(json_values)
        payload, text = json.dumps(value).encode(), True
    elif shape == "text":
        value = None
        payload, text = draw(st.text(max_size=50)).encode("utf-8", "surrogatepass"), True
        if not _utf8(payload):
            payload = b"x"
    else:
        value = None
        payload, text = draw(st.binary(max_size=50)), False
    if shape == "message" and draw(st.booleans()):
        text = False  # the same JSON in a binary message
    cuts = sorted(draw(st.sets(st.integers(0, max(0, len(payload))), max_size=6)))
    pings = draw(st.lists(st.booleans(), min_size=len(cuts) + 1, max_size=len(cuts) + 1))
    return {"value": value, "payload": payload, "text": text, "cuts": cuts, "pings": pings}


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


# -- the client side -----------------------------------------------------------------------
def send(ws, frame) -> None:
    payload, cuts = frame["payload"], [0, *frame["cuts"], len(frame["payload"])]
    pieces = [payload[a:b] for a, b in itertools.pairwise(cuts)]
    first = websocket.ABNF.OPCODE_TEXT if frame["text"] else websocket.ABNF.OPCODE_BINARY
    for index, piece in enumerate(pieces):
        opcode = first if index == 0 else websocket.ABNF.OPCODE_CONT
        ws.send_frame(websocket.ABNF.create_frame(piece, opcode,
                                                  fin=int(index == len(pieces) - 1)))
        if frame["pings"][index] and index < len(pieces) - 1:
            ws.ping(b"between fragments")  # control frames may come between fragments


def receive(ws) -> dict:
    while True:
        opcode, data = ws.recv_data(control_frame=True)
        assert opcode != websocket.ABNF.OPCODE_CLOSE, "the server closed the connection"
        if opcode in (websocket.ABNF.OPCODE_TEXT, websocket.ABNF.OPCODE_BINARY):
            message = json.loads(data)
            schema = SERVER_SCHEMAS[message["type"]]()
            assert not schema.validate(message), (message, schema.validate(message))
            return message


def answers_until_barrier(ws, number: int) -> list[dict]:
    barrier = f"barrier-{number}"
    ws.send(json.dumps({"type": "event", "id": barrier, "fn": UNKNOWN_FN, "data": []}))
    got = []
    while True:
        message = receive(ws)
        if message.get("id") == barrier:
            assert message["type"] == "error"
            return got
        got.append(message)


def check_answers(frame, got: list[dict], jobs: dict) -> None:
    """What the frame's answers must be. ``jobs``: job id -> ``done`` frames seen (0 while
    it runs); an id is free again once its job is done."""
    value = frame["value"]
    running = {job for job, done in jobs.items() if done == 0}
    own = []
    for message in got:  # frames of earlier jobs may arrive any time, in order
        if message["type"] in JOB_FRAMES and message.get("id") in running:
            if message["type"] == "done":  # after it, the id may name a new job
                jobs[message["id"]] += 1
                running.discard(message["id"])
        else:
            own.append(message)
    errors = [m for m in own if m["type"] == "error"]
    kind = value.get("type") if isinstance(value, dict) else None
    job_id = value.get("id") if isinstance(value, dict) else None
    if errors:
        event(f"refused: {sorted(errors[0].get('fields') or {'-': 0})[0]}")
        assert len(own) == 1, own  # a refused frame gets one error and nothing else
        expected = job_id if isinstance(job_id, str) else None
        assert errors[0]["id"] in (expected, None), (value, errors)
        return
    assert isinstance(value, dict), (value, own)  # not a message, yet not refused
    event(f"accepted: {kind}")
    if kind == "ping":
        assert [m["type"] for m in own] == ["pong"], own
    elif kind in ("close", "cancel"):
        assert not own, own  # a cancelled job's done is counted above
    elif kind == "event":
        assert isinstance(job_id, str) and job_id not in running, (value, own)
        assert all(m.get("id") == job_id and m["type"] in JOB_FRAMES for m in own), own
        jobs[job_id] = sum(m["type"] == "done" for m in own)
    else:
        raise AssertionError(f"an unknown type was accepted: {value!r} -> {own!r}")


def finish_jobs(ws, jobs: dict) -> None:
    """Every accepted event ends with exactly one ``done``."""
    while any(count == 0 for count in jobs.values()):
        message = receive(ws)
        if message["type"] == "done":
            assert message["id"] in jobs, message
            jobs[message["id"]] += 1
    assert all(count == 1 for count in jobs.values()), jobs


def normal_event_completes(url) -> None:
    ws = websocket.create_connection(url, timeout=RECV_TIMEOUT)
    try:
        assert receive(ws)["type"] == "session"
        ws.send(json.dumps({"type": "event", "id": "normal", "fn": 0, "data": ["fine"]}))
        while True:
            message = receive(ws)
            if message["type"] == "done":
                assert message["state"] == "completed"
                return
            assert message["type"] != "error", message
    finally:
        ws.close()


@settings(PROFILE)
@given(batch=st.lists(frames(), min_size=1, max_size=4))
def test_any_frames_are_answered_as_documented(url, server_errors, batch):
    server_errors.clear()
    ws = websocket.create_connection(url, timeout=RECV_TIMEOUT)
    try:
        assert receive(ws)["type"] == "session"
        jobs: dict[str, int] = {}
        for number, frame in enumerate(batch):
            send(ws, frame)
            check_answers(frame, answers_until_barrier(ws, number), jobs)
        finish_jobs(ws, jobs)
        ws.send(json.dumps({"type": "ping"}))
        assert receive(ws)["type"] == "pong"  # still open and answering
    finally:
        ws.close()
    assert not server_errors, [r.getMessage() for r in server_errors]
    normal_event_completes(url)
