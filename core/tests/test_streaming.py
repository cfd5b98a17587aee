"""Streaming inputs over the real server's websocket: the ``stream`` event, chunk by chunk.

A small streaming component (text chunks) stands in for the webcam and the microphone,
whose browser side the media packages test in Chromium.
"""

import base64
import json
import time

import pytest
import websocket
from testkit import free_port

import blocks as gr
from blocks.streaming import STREAM, STREAM_BURST, ChunkFeed


class Ticker(gr.Textbox):
    """A textbox whose ``stream`` sends text chunks."""

    EVENTS = (*gr.Textbox.EVENTS, STREAM)
    STREAM_TYPES = ("text/plain",)
    STREAM_MAX_BYTES = 64
    STREAM_KEEP_LATEST = False

    def preprocess_chunk(self, chunk):
        return chunk.data.decode()


def chunk(text, mime="text/plain"):
    return {"data": base64.b64encode(text.encode()).decode(), "mime_type": mime}


def gather(word, seen, suffix):
    seen = (seen or []) + [word]
    return " ".join(seen) + suffix, seen


def build():
    with gr.Blocks() as demo:
        source = Ticker(label="Source")
        suffix = gr.Textbox(label="Suffix")
        out = gr.Textbox(label="Out")
        seen = gr.State()
        source.stream(gather, [source, seen, suffix], [out, seen], stream_every=0.05,
                      concurrency_limit=1)                                    # fn 0
        source.stream(lambda word: word.upper(), source, out, stream_every=0.05,
                      time_limit=0.5, concurrency_id="timed")                 # fn 1
        gr.Button("Echo").click(lambda text: text, suffix, out)              # fn 2
    return demo


@pytest.fixture(scope="module")
def url():
    demo = build()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=free_port(),
                quiet=True)
    yield demo.local_url
    demo.close()


def connect(url):
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws", timeout=10)
    assert json.loads(ws.recv())["type"] == "session"
    return ws


def send(ws, **frame):
    ws.send(json.dumps(frame))


def until(ws, job, types=("done",)):
    """Frames of ``job`` until one of ``types`` (frames of other jobs are skipped)."""
    frames = []
    while True:
        frame = json.loads(ws.recv())
        if frame.get("id") != job:
            continue
        frames.append(frame)
        if frame["type"] in types:
            return frames


def outputs(frames):
    return [frame["data"][0].get("value") for frame in frames if frame["type"] == "output"]


def test_each_chunk_runs_the_function_in_order_with_state_and_current_inputs(url):
    ws = connect(url)
    send(ws, type="event", id="s1", fn=0, data=[chunk("a"), None, "!"], stream=True)
    assert outputs(until(ws, "s1", ("output",))) == ["a!"]
    send(ws, type="chunk", id="s1", data=[chunk("b"), None, "!"])
    send(ws, type="chunk", id="s1", data=[chunk("c"), None, "?"])  # another input changed
    send(ws, type="end", id="s1")
    frames = until(ws, "s1")
    assert outputs(frames) == ["a b!", "a b c?"]
    assert all(frame["final"] is False for frame in frames if frame["type"] == "output")
    assert frames[-1] == {"type": "done", "id": "s1", "state": "completed"}
    ws.close()


def test_the_time_limit_ends_the_stream(url):
    ws = connect(url)
    send(ws, type="event", id="t1", fn=1, data=[chunk("hi")], stream=True)
    frames = until(ws, "t1")
    assert outputs(frames) == ["HI"]
    assert frames[-1]["state"] == "completed" and frames[-1]["time_limit"] == 0.5
    send(ws, type="chunk", id="t1", data=[chunk("late")])  # the stream is over
    error = json.loads(ws.recv())
    assert error["type"] == "error" and error["id"] == "t1"
    assert "not a stream of this page" in error["message"]
    ws.close()


def test_cancelling_ends_the_stream_and_frees_its_slot(url):
    first, second = connect(url), connect(url)
    send(first, type="event", id="c1", fn=0, data=[chunk("x"), None, ""], stream=True)
    until(first, "c1", ("output",))
    # concurrency_limit=1: a second page's stream waits while the first one streams...
    send(second, type="event", id="c2", fn=0, data=[chunk("y"), None, ""], stream=True)
    assert until(second, "c2", ("queued",))[-1]["position"] == 0
    # ...but its other events run
    send(second, type="event", id="e1", fn=2, data=["echo"])
    assert outputs(until(second, "e1")) == ["echo"]
    send(first, type="cancel", id="c1")
    assert until(first, "c1")[-1]["state"] == "cancelled"
    assert outputs(until(second, "c2", ("output",))) == ["y"]
    send(second, type="end", id="c2")
    assert until(second, "c2")[-1]["state"] == "completed"
    first.close()
    second.close()


@pytest.mark.parametrize("bad, fragment", [
    (chunk("x" * 65), "at most 64 bytes"),
    ({"data": "not base64!", "mime_type": "text/plain"}, "not valid base64"),
    (chunk("x", "image/png"), "streams text/plain, not 'image/png'"),
    ("just text", "must be an object"),
])
def test_a_bad_chunk_fails_its_stream_with_the_reason(url, bad, fragment):
    ws = connect(url)
    send(ws, type="event", id="b1", fn=0, data=[chunk("ok"), None, ""], stream=True)
    until(ws, "b1", ("output",))
    send(ws, type="chunk", id="b1", data=[bad, None, ""])
    done = until(ws, "b1")[-1]
    assert done["state"] == "failed" and fragment in done["error"]["message"]
    # a bad first chunk is refused before the function runs
    send(ws, type="event", id="b2", fn=0, data=[bad, None, ""], stream=True)
    frames = until(ws, "b2")
    assert [f["type"] for f in frames] == ["done"] and fragment in frames[0]["error"]["message"]
    ws.close()


def test_a_flood_of_chunks_stops_that_stream_and_others_are_served(url):
    flood, other = connect(url), connect(url)
    send(flood, type="event", id="f1", fn=0, data=[chunk("a"), None, ""], stream=True)
    until(flood, "f1", ("output",))
    for _ in range(STREAM_BURST + 40):
        send(flood, type="chunk", id="f1", data=[chunk("b"), None, ""])
    done = until(flood, "f1")[-1]
    assert done["state"] == "failed"
    assert "faster than its stream_every (0.05 s)" in done["error"]["message"]
    send(other, type="event", id="o1", fn=2, data=["still here"])
    assert outputs(until(other, "o1")) == ["still here"]
    flood.close()
    other.close()


def test_a_page_that_goes_quiet_ends_its_stream(url, monkeypatch):
    from blocks import streaming
    monkeypatch.setattr(streaming, "STREAM_IDLE", 0.3)
    ws = connect(url)
    send(ws, type="event", id="q1", fn=0, data=[chunk("a"), None, ""], stream=True)
    done = until(ws, "q1")[-1]  # no chunk, no end: its slot is not held for ever
    assert done["state"] == "failed" and "No chunk came for 1 s" in done["error"]["message"]
    ws.close()


def test_only_stream_listeners_take_chunks(url):
    ws = connect(url)
    send(ws, type="event", id="n1", fn=2, data=["x"], stream=True)
    error = json.loads(ws.recv())
    assert error["type"] == "error" and "not a stream listener" in error["message"]
    # without "stream", a stream listener runs once with an ordinary value (programs)
    send(ws, type="event", id="n2", fn=1, data=["plain"])
    frames = until(ws, "n2")
    assert outputs(frames) == ["PLAIN"] and frames[-1]["state"] == "completed"
    ws.close()


def test_stream_options_are_checked_and_sent_in_the_config():
    with gr.Blocks() as demo:
        source = Ticker()
        with pytest.raises(ValueError, match="stream_every"):
            source.stream(lambda x: x, source, source, stream_every=0)
        with pytest.raises(ValueError, match="time_limit"):
            source.stream(lambda x: x, source, source, time_limit=-1)
        source.stream(lambda x: x, source, source, stream_every=0.2, time_limit=9)
        source.change(lambda x: x, source, source)
    stream, change = (dep.config() for dep in demo.dependencies)
    assert (stream["stream_every"], stream["time_limit"]) == (0.2, 9)
    assert "stream_every" not in change


def test_a_feed_keeps_the_latest_frame_or_every_chunk_in_order():
    frames = ChunkFeed(0.5, keep_latest=True)
    for n in range(3):
        frames.put([n])
    assert frames.get(0) == [2] and frames.dropped == 2
    sound = ChunkFeed(0.5, keep_latest=False, backlog=2)
    for n in range(3):
        sound.put([n])
    sound.end()
    assert [sound.get(0), sound.get(0)] == [[1], [2]] and sound.get(0) is not None
    assert sound.dropped == 1
    rate = ChunkFeed(1.0, keep_latest=True)
    assert sum(rate.admit() for _ in range(STREAM_BURST + 5)) == STREAM_BURST
    time.sleep(0.6)  # two chunks per stream_every come back with time
    assert rate.admit()


def test_a_state_holding_arrays_that_change_shape_is_stored():
    """A sound's (rate, samples) growing chunk by chunk in a State (stream_audio)."""
    import numpy as np

    from blocks.state import differ, fingerprint
    short, long = (8000, np.zeros(3)), (8000, np.zeros(5))
    assert differ(fingerprint(short), fingerprint(long))
    assert differ(fingerprint(short), fingerprint(short))  # cannot tell: counted as changed
    assert not differ(fingerprint([1, "a"]), fingerprint([1, "a"]))
