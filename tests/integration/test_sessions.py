"""Session hashes, capacity, resuming and take-over, through the real server.

Each test serves a small app (a ``gr.State`` cart) with ``create_app`` on a
loopback port and talks the websocket protocol with websocket-client. Waits
are bounded polls; nothing asserts a duration.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import threading
import time
import urllib.request

import pytest
import websocket

import blocks as gr
from blocks.server.launch import Server

ADD, SIZE, WAIT = 0, 1, 2


@pytest.fixture
def served():
    servers = []

    def start(demo, **settings):
        server = Server(demo.create_app(**settings), "127.0.0.1", None).start()
        servers.append(server)
        return f"ws://127.0.0.1:{server.port}/ws"

    yield start
    for server in servers:
        server.stop()


def cart_app(unloaded: list, deleted: list, gate: threading.Event | None = None):
    def unload(request: gr.Request):
        unloaded.append(request.session_hash)

    with gr.Blocks() as demo:
        cart = gr.State([], delete_callback=deleted.append)
        item = gr.Textbox()
        size = gr.Number()
        gr.Button().click(lambda items, new: items + [new], [cart, item], cart)
        gr.Button().click(lambda items: len(items), cart, size)
        gr.Button().click(lambda: gate.wait(10) and None, None, size)
        demo.unload(unload)
    return demo


def page_token(ws_url: str) -> str:
    """The token the page shell gives the app's own page (private listeners need it)."""
    shell = urllib.request.urlopen(ws_url.replace("ws://", "http://", 1)[:-len("ws")],
                                   timeout=10).read().decode()
    return re.search(r'pageToken: "([0-9a-f]+)"', shell).group(1)


class Page:
    """One websocket connection, as a page makes it (with its page token: it is the page)."""

    ids = itertools.count()

    def __init__(self, url: str, session: str | None = None):
        query = f"?__page={page_token(url)}"
        if session is not None:
            query += f"&__session={session}"
        self.ws = websocket.create_connection(url + query, timeout=10)
        first = json.loads(self.ws.recv())
        assert first["type"] == "session"
        self.hash, self.resumed = first["session_hash"], first["resumed"]

    def start(self, fn: int, data: list) -> str:
        job = f"j{next(self.ids)}"
        self.ws.send(json.dumps({"type": "event", "id": job, "fn": fn, "data": data}))
        return job

    def run(self, fn: int, data: list) -> list[dict]:
        job = self.start(fn, data)
        frames = []
        while not frames or frames[-1].get("type") not in ("done", "error"):
            frames.append(json.loads(self.ws.recv()))
        assert frames[-1]["id"] == job and frames[-1].get("state") == "completed", frames
        return frames

    def add(self, item: str) -> None:
        self.run(ADD, [None, item])

    def size(self) -> int:
        return [f for f in self.run(SIZE, [None]) if f["type"] == "output"][-1]["data"][0]["value"]

    def until_closed(self) -> tuple[list[dict], int | None]:
        """Every frame until the server closes the connection, and its close code."""
        frames = []
        while True:
            opcode, data = self.ws.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                return frames, int.from_bytes(data[:2], "big") if len(data) >= 2 else None
            if opcode == websocket.ABNF.OPCODE_TEXT:
                frames.append(json.loads(data))

    def drop(self) -> None:
        """The connection goes away without a goodbye (a network loss)."""
        self.ws.shutdown()


def wait_for(condition, what: str) -> None:
    for _ in range(1000):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def test_made_up_hashes_get_fresh_sessions_and_evict_no_connected_user(served):
    unloaded, deleted = [], []
    url = served(cart_app(unloaded, deleted), state_session_capacity=5)
    user = Page(url)
    user.add("apple")
    for n in range(40):  # each would have been a record named by the client
        made_up = f"made-up-{n % 4}"
        page = Page(url, made_up)
        assert page.resumed is False and page.hash != made_up
        page.drop()
    wait_for(lambda: len(unloaded) >= 35, "the disconnected sessions to be evicted")
    assert user.size() == 1  # the connected user kept their cart
    assert user.hash not in unloaded


def test_every_session_connected_past_capacity_keeps_its_state(served):
    handler = Records()
    logger = logging.getLogger("blocks.session")
    logger.addHandler(handler)
    try:
        unloaded, deleted = [], []
        url = served(cart_app(unloaded, deleted), state_session_capacity=2)
        pages = [Page(url) for _ in range(4)]
        for index, page in enumerate(pages):
            for n in range(index + 1):
                page.add(str(n))
        assert [page.size() for page in pages] == [1, 2, 3, 4]
        assert unloaded == [] and deleted == []
        assert any("state_session_capacity" in message for message in handler.messages)
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize("goodbye", ["close frame", "code 1001"])
def test_a_session_that_ended_cannot_be_resumed(served, goodbye):
    unloaded, deleted = [], []
    url = served(cart_app(unloaded, deleted))
    page = Page(url)
    page.add("apple")
    if goodbye == "close frame":
        page.ws.send(json.dumps({"type": "close"}))
        page.ws.close()
    else:
        page.ws.close(status=1001)
    wait_for(lambda: page.hash in unloaded, "unload")
    again = Page(url, page.hash)
    assert again.resumed is False and again.hash != page.hash
    assert again.size() == 0
    assert deleted == [["apple"]] and unloaded == [page.hash]


def test_a_dropped_connection_resumes_and_ends_once_after_the_grace_period(served):
    unloaded, deleted = [], []
    url = served(cart_app(unloaded, deleted), state_grace_period=2.0, sweep_interval=0.05)
    page = Page(url)
    page.add("apple")
    page.drop()
    back = Page(url, page.hash)
    assert back.resumed is True and back.hash == page.hash and back.size() == 1
    back.drop()
    wait_for(lambda: unloaded, "the grace period to run out")
    gone = Page(url, page.hash)  # the sweeper keeps running: nothing ends twice
    assert gone.resumed is False
    gone.ws.close(status=1001)
    wait_for(lambda: len(unloaded) == 2, "the second page's unload")
    assert unloaded == [page.hash, gone.hash] and deleted == [["apple"]]


def test_a_second_connection_takes_the_session_over(served):
    unloaded, deleted = [], []
    gate = threading.Event()
    url = served(cart_app(unloaded, deleted, gate), state_grace_period=0.2,
                 sweep_interval=0.05)
    try:
        first = Page(url)
        first.add("apple")
        job = first.start(WAIT, [])
        assert json.loads(first.ws.recv())["type"] == "started"
        second = Page(url, first.hash)
        assert second.resumed is True and second.hash == first.hash
        frames, code = first.until_closed()
        assert code == 4001
        assert frames[0]["type"] == "done" and frames[0]["id"] == job
        assert frames[0]["state"] == "cancelled"
        assert frames[-1]["type"] == "error" and "another connection" in frames[-1]["message"]
    finally:
        gate.set()
    second.add("pear")
    time.sleep(0.4)  # past the grace period: the old connection's end must not count
    assert second.size() == 2
    assert unloaded == [] and deleted == []


def test_renders_survive_a_reconnect_and_end_with_the_session(served):
    unloaded = []

    def unload(request: gr.Request):
        unloaded.append(request.session_hash)

    with gr.Blocks() as demo:
        text = gr.Textbox()
        out = gr.Textbox()

        @gr.render(inputs=text)
        def show(value):
            for letter in value:
                gr.Button(letter).click(lambda shown=letter: shown.upper(), None, out)

        demo.unload(unload)
    url = served(demo)
    page = Page(url)
    frames = page.run(0, ["ab"])
    render = [f for f in frames if f["type"] == "output"][-1]["data"][0]["render"]
    listener = render["dependencies"][1]["id"]
    page.drop()
    back = Page(url, page.hash)
    assert back.resumed is True
    frames = back.run(listener, [])
    assert [f for f in frames if f["type"] == "output"][-1]["data"] == [{"value": "B"}]
    back.ws.close(status=1001)
    wait_for(lambda: unloaded == [page.hash], "unload")
    fresh = Page(url, page.hash)
    assert fresh.resumed is False
    job = fresh.start(listener, [])
    refused = json.loads(fresh.ws.recv())
    assert refused["type"] == "error" and refused["id"] == job
    assert "Unknown event" in refused["message"]
