"""The Redis session store against a real Redis; two stores stand for two processes.

Each store has its own node (id, heartbeat, messages), exactly as two server
processes would; messages between them arrive on this thread's gevent hub,
which runs while the tests wait with ``gevent.sleep``.
"""

import time

import gevent
import pytest
import redis

import blocks as gr
from blocks.request import Client, Request
from blocks.state import SessionState
from blocks_redis.sealing import SecretMissing
from blocks_redis.store import RedisSessionStore

SECRET = "test secret shared by the processes"


class Calls:
    def __init__(self):
        self.dropped, self.ended, self.taken = [], [], []

    def on_drop(self, entries):
        for entry in entries:
            self.dropped.append(entry.value)
            if entry.delete_callback is not None:
                entry.delete_callback(entry.value)

    def on_end(self, record):
        self.ended.append(record)

    def on_takeover(self, session_hash, connection):
        self.taken.append((session_hash, connection))


def make(url, calls=None, *, secret=SECRET, **kwargs):
    calls = calls or Calls()
    options = {"redis_url": url, "redis_lease": kwargs.pop("lease", "1")}
    store = RedisSessionStore(secret=secret, options=options, on_drop=calls.on_drop,
                              on_end=calls.on_end, on_takeover=calls.on_takeover, **kwargs)
    store.calls = calls
    return store


@pytest.fixture
def two(redis_url):
    one, other = make(redis_url), make(redis_url)
    yield one, other
    one.close()
    other.close()


def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        gevent.sleep(0.02)


def request():
    return Request(headers={"User-Agent": "test"}, client=Client("10.0.0.9", 5000),
                   query_params={"q": "1"}, cookies={"c": "v"}, username="ann", path="/")


def test_refuses_to_start_without_secret_or_url_or_redis(redis_url):
    with pytest.raises(SecretMissing, match="BLOCKS_SECRET"):
        make(redis_url, secret=None)
    with pytest.raises(ValueError, match="redis_url"):
        RedisSessionStore(secret=SECRET, options={})
    with pytest.raises(ConnectionError, match="Cannot reach Redis"):
        make("redis://127.0.0.1:1/0")
    with pytest.raises(ValueError, match="redis_lease"):
        make(redis_url, lease="0")


def test_a_session_resumes_in_another_process_with_its_values_and_request(two):
    one, other = two
    opened = one.open(None, connection="c1", request=request())
    assert not opened.resumed and opened.record.request.session_hash == opened.record.hash
    cart = gr.State([])
    cart._id = 7
    state = SessionState(one, opened.record.hash)
    assert state.put(cart, ["apple"]) is True
    again = other.open(opened.record.hash, connection="c2", request=request())
    assert again.resumed and again.moved and again.record.hash == opened.record.hash
    assert SessionState(other, again.record.hash).get(cart) == ["apple"]
    # the first process hears that its connection was taken over, and closes it
    wait_for(lambda: one.calls.taken)
    assert one.calls.taken == [(opened.record.hash, "c1")]
    record = other.get(opened.record.hash)
    assert record.request.username == "ann" and record.request.headers["user-agent"] == "test"
    assert record.connection == "c2" and len(other) == 1 and opened.record.hash in one


def test_made_up_hashes_get_fresh_sessions(two):
    one, _ = two
    opened = one.open("made-up", connection="c")
    assert not opened.resumed and opened.record.hash != "made-up"
    assert not one.open("x" * 100, connection="c").resumed


def test_a_change_is_judged_by_the_elements(two):
    one, other = two
    session_hash = one.open(None, connection="c").record.hash
    items = gr.State([])
    items._id = 1
    assert one.put_value(session_hash, 1, [1, 2]) is True
    assert other.put_value(session_hash, 1, [1, 2]) is False  # the same elements
    assert other.put_value(session_hash, 1, [1, 2, 3]) is True
    assert one.get_value(session_hash, 1, default=list) == [1, 2, 3]
    assert one.get_value(session_hash, 2, default=lambda: "fresh") == "fresh"


def test_a_value_not_signed_by_the_app_is_never_unpickled(two, redis_url):
    one, _ = two
    first = one.open(None, connection="c").record.hash
    second = one.open(None, connection="d").record.hash
    one.put_value(first, 1, {"mine": True})
    client = redis.Redis.from_url(redis_url)
    evil = b"\0" * 32 + b"cos\nsystem\n(S'echo pwned'\ntR."  # a pickle that would run code
    client.hset(f"blocks:v:{second}", "1", evil)
    assert one.get_value(second, 1, default=lambda: "default") == "default"
    # a genuine value copied into another session (or State) is refused too
    client.hset(f"blocks:v:{second}", "1", client.hget(f"blocks:v:{first}", "1"))
    assert one.get_value(second, 1, default=lambda: "default") == "default"
    client.hset(f"blocks:v:{first}", "2", client.hget(f"blocks:v:{first}", "1"))
    assert one.get_value(first, 2, default=lambda: "default") == "default"
    # another app's secret cannot read this one's values
    stranger = make(redis_url, secret="another secret")
    assert stranger.get_value(first, 1, default=lambda: "default") == "default"
    stranger.close()
    client.close()


def test_a_value_that_cannot_be_pickled_says_why(two):
    one, _ = two
    session_hash = one.open(None, connection="c").record.hash
    with pytest.raises(TypeError, match="picklable"):
        one.put_value(session_hash, 1, lambda: None)


def test_time_to_live_drops_a_value_once_whichever_process_sweeps(redis_url):
    deleted = []
    one = make(redis_url, delete_callbacks={1: deleted.append})
    other = make(redis_url, delete_callbacks={1: deleted.append})
    session_hash = one.open(None, connection="c").record.hash
    one.put_value(session_hash, 1, "short-lived", ttl=0.2, delete_callback=deleted.append)
    time.sleep(0.3)
    for store in (other, one, other):
        store.sweep()
    assert deleted == ["short-lived"]
    assert one.get_value(session_hash, 1, default=lambda: "gone") == "gone"
    one.close()
    other.close()


def test_ending_runs_once_and_ends_for_every_process(two):
    one, other = two
    opened = one.open(None, connection="c", request=request())
    one.put_value(opened.record.hash, 1, "value")
    assert other.end(opened.record.hash) is True
    assert one.end(opened.record.hash) is False
    assert [record.hash for record in other.calls.ended] == [opened.record.hash]
    assert other.calls.ended[0].request.username == "ann"
    assert other.calls.dropped == ["value"] and not one.calls.ended
    assert opened.record.hash not in one
    # the page asks for it again: a fresh session
    assert not one.open(opened.record.hash, connection="c").resumed


def test_a_session_ends_once_after_its_grace_period(redis_url):
    one, other = make(redis_url, grace_period=0.2), make(redis_url, grace_period=0.2)
    session_hash = one.open(None, connection="c").record.hash
    one.disconnect(session_hash, connection="someone else")  # not its connection: nothing
    time.sleep(0.3)
    other.sweep()
    assert session_hash in one
    one.disconnect(session_hash, connection="c")
    time.sleep(0.3)
    for store in (other, one):
        store.sweep()
    ended = one.calls.ended + other.calls.ended
    assert [record.hash for record in ended] == [session_hash]
    one.close()
    other.close()


def test_the_sessions_of_a_dead_process_are_disconnected_then_end(redis_url):
    dead, alive = make(redis_url, grace_period=1.6), make(redis_url, grace_period=1.6)
    session_hash = dead.open(None, connection="c").record.hash
    dead.node().closed = True  # its heartbeat stops, as when the process is killed
    alive.sweep()
    assert alive.get(session_hash).connection == "c"  # within the lease: still held
    time.sleep(1.1)  # the lease (1 s) runs out
    alive.sweep()  # disconnected since its last heartbeat, more than a second ago
    assert alive.get(session_hash).connection is None
    time.sleep(0.7)
    alive.sweep()
    assert [record.hash for record in alive.calls.ended] == [session_hash]
    assert not dead.calls.ended
    alive.close()


def test_over_capacity_the_longest_disconnected_end_first(redis_url):
    store = make(redis_url, capacity=2)
    first = store.open(None, connection="a").record.hash
    second = store.open(None, connection="b").record.hash
    store.disconnect(first, connection="a")
    store.open(None, connection="c")
    assert first not in store and second in store and len(store) == 2
    store.open(None, connection="d")  # every one connected: none is evicted
    assert len(store) == 3
    store.close()


def test_files_given_out_by_one_process_are_known_to_the_others(two):
    one, other = two
    one.add_files(["/shared/blocks/abc/file.png"])
    assert other.has_file("/shared/blocks/abc/file.png")
    assert not other.has_file("/etc/passwd")
