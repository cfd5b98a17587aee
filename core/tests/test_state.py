"""gr.State, gr.BrowserState and the state store, with a fake clock."""

import threading

import pytest

import blocks as gr
from blocks.queue import Job, Queue, ThreadRuntime
from blocks.session import Session
from blocks.state import MemoryStateStore, SessionState, fingerprint


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def make_store(**kwargs):
    clock = Clock()
    return MemoryStateStore(clock=clock, **kwargs), clock


def test_default_is_deep_copied_per_session():
    store, _ = make_store()
    cart = gr.State([])
    cart._id = 1
    one, two = SessionState(store, "a"), SessionState(store, "b")
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
    assert SessionState(store, "a").get(state) == 1
    assert SessionState(store, "b").get(state) == 2


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
    session = SessionState(store, "a")
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
    session = SessionState(store, "a")
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
    session = SessionState(store, "a")
    session.put(state, 5)
    clock.now += 2
    assert session.get(state) == 0 and deleted == [5]


def test_capacity_evicts_the_oldest_sessions():
    deleted = []
    store, _ = make_store(capacity=2)
    state = gr.State(None, delete_callback=deleted.append)
    state._id = 1
    for name in "abc":
        store.connect(name)
        SessionState(store, name).put(state, name)
    store.connect("d")
    assert deleted == ["a", "b"]
    assert "a" not in store and "c" in store and len(store) == 2


def test_grace_period_after_disconnect():
    deleted = []
    store, clock = make_store(grace_period=60)
    state = gr.State(None, delete_callback=deleted.append)
    state._id = 1
    store.connect("a")
    SessionState(store, "a").put(state, "kept")
    store.disconnect("a")
    clock.now += 59
    store.sweep()
    assert store.connect("a", resume=True) is True  # reconnected in time
    assert SessionState(store, "a").get(state) == "kept"
    store.disconnect("a")
    clock.now += 61
    store.sweep()
    assert deleted == ["kept"] and "a" not in store
    assert store.connect("a", resume=True) is False


def test_end_drops_a_session_now():
    deleted = []
    store, _ = make_store()
    state = gr.State(None, delete_callback=deleted.append)
    state._id = 1
    SessionState(store, "a").put(state, 1)
    store.end("a")
    assert deleted == [1]


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
    alice, bob = Recorder("alice"), Recorder("bob")
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
