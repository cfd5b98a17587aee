"""gr.State, gr.BrowserState and the session store, with a fake clock."""

import threading

import pytest

import blocks as gr
from blocks.queue import Job, Queue, ThreadRuntime
from blocks.session import Session
from blocks.session_memory import MemorySessionStore
from blocks.state import SessionState, fingerprint


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def make_store(**kwargs):
    clock = Clock()
    return MemorySessionStore(clock=clock, **kwargs), clock


def connect(store, requested=None, connection="c"):
    """Open a session as a page's connection does; its hash."""
    return store.open(requested, connection=connection).record.hash


def state_of(store, requested=None):
    return SessionState(store, connect(store, requested))


def test_default_is_deep_copied_per_session():
    store, _ = make_store()
    cart = gr.State([])
    cart._id = 1
    one, two = state_of(store), state_of(store)
    value = one.get(cart)
    value.append("apple")
    one.put(cart, value)
    assert one.get(cart) == ["apple"]
    assert two.get(cart) == [] and cart.value == []


def test_callable_default_is_called_per_session():
    calls = []
    state = gr.State(lambda: calls.append(1) or len(calls))
    state._id = 1
    store, _ = make_store()
    assert state_of(store).get(state) == 1
    assert state_of(store).get(state) == 2


def test_a_value_that_cannot_be_deep_copied_points_to_session_hash():
    with pytest.raises(TypeError, match="session_hash"):
        gr.State(threading.Lock())


@pytest.mark.parametrize("old, new, changed", [
    ([1, 2], [1, 2], False),
    ([1, 2], [1, 3], True),
    ({"a": [1]}, {"a": [1, 2]}, True),
    ({1, 2}, {2, 1}, False),
    ("x", "x", False),
    (3, 4, True),
])
def test_change_rules(old, new, changed):
    assert (fingerprint(old) != fingerprint(new)) is changed


def test_in_place_mutation_then_returning_the_same_object_is_a_change():
    store, _ = make_store()
    state = gr.State([])
    state._id = 1
    session = state_of(store)
    items = session.get(state)
    assert session.put(state, items) is True  # first write
    assert session.put(state, items) is False
    items.append(1)
    assert session.put(state, items) is True


def test_time_to_live_and_delete_callback_once():
    deleted = []
    store, clock = make_store()
    state = gr.State("fresh", time_to_live=10, delete_callback=deleted.append)
    state._id = 1
    session = state_of(store)
    session.put(state, "stored")
    clock.now += 5
    session.put(state, "updated")  # updating restarts the clock
    clock.now += 8
    store.sweep()
    assert session.get(state) == "updated" and deleted == []
    clock.now += 3
    store.sweep()
    store.sweep()
    assert deleted == ["updated"]
    assert session.get(state) == "fresh"


def test_expired_value_is_dropped_when_read():
    deleted = []
    store, clock = make_store()
    state = gr.State(0, time_to_live=1, delete_callback=deleted.append)
    state._id = 1
    session = state_of(store)
    session.put(state, 5)
    clock.now += 2
    assert session.get(state) == 0 and deleted == [5]


def test_hashes_are_the_servers():
    store, _ = make_store()
    opened = store.open("made-up-by-the-client", connection="c")
    assert opened.resumed is False and opened.record.hash != "made-up-by-the-client"
    assert "made-up-by-the-client" not in store and len(store) == 1
    for wrong in ("", "x" * 65, 12, None, ["a"]):
        assert store.open(wrong, connection="d").resumed is False
    assert len(store) == 6


def test_capacity_evicts_the_longest_disconnected_never_a_connected_one(caplog):
    deleted, ended = [], []
    store, clock = make_store(capacity=3, on_end=ended.append)
    store.on_drop = lambda entries: deleted.extend(e.value for e in entries)
    state = gr.State(None)
    state._id = 1
    alive = connect(store, connection="alive")
    SessionState(store, alive).put(state, "alive")
    gone = []
    for name in "abc":
        session_hash = connect(store, connection=name)
        SessionState(store, session_hash).put(state, name)
        gone.append(session_hash)
    assert deleted == []  # four connected sessions: over capacity, none evicted
    assert "state_session_capacity" in caplog.text
    for session_hash, name in zip(reversed(gone), "cba"):
        clock.now += 1
        store.disconnect(session_hash, connection=name)  # c drops first, then b, a
    connect(store, connection="new")
    assert deleted == ["c", "b"] and [r.hash for r in ended] == gone[:0:-1]
    assert all(record.ended for record in ended)
    assert SessionState(store, alive).get(state) == "alive" and len(store) == 3


def test_grace_period_after_disconnect():
    deleted, ended = [], []
    store, clock = make_store(grace_period=60, on_end=ended.append)
    store.on_drop = lambda entries: deleted.extend(e.value for e in entries)
    state = gr.State(None)
    state._id = 1
    session_hash = connect(store)
    SessionState(store, session_hash).put(state, "kept")
    store.disconnect(session_hash, connection="c")
    clock.now += 59
    store.sweep()
    reopened = store.open(session_hash, connection="c2")  # reconnected in time
    assert reopened.resumed is True and reopened.record.hash == session_hash
    assert SessionState(store, session_hash).get(state) == "kept"
    store.disconnect(session_hash, connection="c2")
    clock.now += 61
    store.sweep()
    store.sweep()
    assert deleted == ["kept"] and session_hash not in store
    assert [record.hash for record in ended] == [session_hash]  # unload runs once
    assert store.open(session_hash, connection="c3").resumed is False


def test_end_drops_a_session_now_and_it_cannot_be_resumed():
    deleted, ended = [], []
    store, _ = make_store(on_end=ended.append)
    state = gr.State(None, delete_callback=deleted.append)
    state._id = 1
    session_hash = connect(store)
    SessionState(store, session_hash).put(state, 1)
    assert store.end(session_hash, connection="c") is True
    assert store.end(session_hash) is False
    assert deleted == [1] and len(ended) == 1
    assert store.open(session_hash, connection="c").resumed is False
    # a job that finishes after its session ended keeps nothing
    assert SessionState(store, session_hash).put(state, 2) is False and deleted == [1, 2]


def test_a_second_connection_takes_a_session_over():
    taken = []
    store, _ = make_store(on_takeover=lambda *args: taken.append(args))
    session_hash = connect(store, connection="first")
    opened = store.open(session_hash, connection="second")
    assert opened.resumed is True and taken == [(session_hash, "first")]
    store.disconnect(session_hash, connection="first")  # the old connection's goodbye
    store.end(session_hash, connection="first")
    assert store.get(session_hash).connection == "second"


def test_browser_state_seals_values():
    mine = gr.BrowserState({"theme": "light"}, storage_key="prefs", secret="one")
    other = gr.BrowserState("default", storage_key="prefs", secret="two")
    token = mine.postprocess({"theme": "dark"})
    assert "dark" not in token
    assert mine.preprocess(token) == {"theme": "dark"}
    assert other.preprocess(token) == "default"  # another secret reads nothing
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert mine.preprocess(forged) == {"theme": "light"}
    assert mine.preprocess(None) == {"theme": "light"}
    assert mine.postprocess({"theme": "dark"}) == token  # same value, same token


class Recorder(Session):
    def __init__(self, name):
        self.messages, self.done = [], threading.Event()
        super().__init__(name, self._send)

    def _send(self, message):
        self.messages.append(message)
        if message["type"] == "done":
            self.done.set()


def run(queue, session, dep, data):
    session.done.clear()
    queue.submit(Job(f"j{len(session.messages)}", session, dep, data))
    assert session.done.wait(5)
    return [m for m in session.messages if m["type"] == "output"][-1]["data"]


def test_state_through_the_queue_stays_on_the_server():
    with gr.Blocks() as demo:
        cart = gr.State([])
        item = gr.Textbox()
        size = gr.Number()
        add = gr.Button().click(lambda c, i: c + [i], [cart, item], cart).dependency
        count = gr.Button().click(lambda c: len(c), cart, size).dependency
    queue = Queue(demo, ThreadRuntime())
    alice, bob = (Recorder(connect(queue.sessions, connection=name)) for name in "ab")
    assert run(queue, alice, add, [None, "apple"]) == [{"changed": True}]
    run(queue, alice, add, [None, "pear"])
    assert run(queue, alice, count, [None]) == [{"value": 2}]
    assert run(queue, bob, count, [None]) == [{"value": 0}]
    assert "apple" not in repr(alice.messages)  # the value never went to the page


def test_global_state_is_shared_by_everyone():
    visitors = [0]

    def visit():
        visitors[0] += 1
        return visitors[0]

    with gr.Blocks() as demo:
        count = gr.Number()
        dep = gr.Button().click(visit, None, count).dependency
    queue = Queue(demo, ThreadRuntime())
    run(queue, Recorder("a"), dep, [])
    assert run(queue, Recorder("b"), dep, []) == [{"value": 2}]
