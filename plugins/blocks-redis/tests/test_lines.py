"""Queue limits shared through Redis: two queues with their own stores stand for two processes.

Each queue runs its functions in its own worker threads; the slots and lines
are Redis's. Grants for the other "process" travel as messages and are handled
on this thread's gevent hub, which runs while the tests wait.
"""

import threading
import time

import gevent
import pytest

import blocks as gr
from blocks.queue import Job, Queue, ThreadRuntime
from blocks.session import Session
from blocks_redis.lines import RedisQueueBackend
from blocks_redis.store import RedisSessionStore


class Recorder(Session):
    def __init__(self, name):
        self.messages = []
        super().__init__(name, self.messages.append)

    def states(self):
        return {m["id"]: m["state"] for m in self.messages if m["type"] == "done"}

    def positions(self, job_id):
        return [m["position"] for m in self.messages
                if m["type"] == "queued" and m["id"] == job_id]


def process(demo, url, lease="1"):
    """One server process's queue: its own store, node and worker threads."""
    store = RedisSessionStore(secret="s", options={"redis_url": url, "redis_lease": lease})
    backend = RedisQueueBackend(store=store)
    return Queue(demo, ThreadRuntime(), sessions=store, backend=backend)


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        gevent.sleep(0.02)


@pytest.fixture
def counted():
    """A function that counts how many of its calls run at once, across both queues."""
    state = {"active": 0, "peak": 0, "calls": 0}
    lock = threading.Lock()
    gate = threading.Event()  # cleared: calls wait for it (a line that stays put)
    gate.set()

    def work(x):
        gate.wait(10)
        with lock:
            state["active"] += 1
            state["calls"] += 1
            state["peak"] = max(state["peak"], state["active"])
        time.sleep(0.03)
        with lock:
            state["active"] -= 1
        return x

    work.state = state
    work.gate = gate
    return work


def test_a_concurrency_limit_holds_across_processes(redis_url, counted):
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(counted, box, box, concurrency_limit=1)
        gr.Button().click(counted, box, box, concurrency_id="gpu", concurrency_limit=2)
        gr.Button().click(counted, box, box, concurrency_id="gpu", concurrency_limit=2)
    one, other = process(demo, redis_url), process(demo, redis_url)
    pages = [Recorder("a"), Recorder("b")]
    counted.gate.clear()  # the first job holds the slot until every job is in the line
    for number in range(8):
        queue, page = (one, pages[0]) if number % 2 == 0 else (other, pages[1])
        queue.submit(Job(f"j{number}", page, demo.dependencies[0], [str(number)]))
    counted.gate.set()
    wait_for(lambda: sum(len(page.states()) for page in pages) == 8)
    assert counted.state["peak"] == 1
    assert set(pages[0].states().values()) | set(pages[1].states().values()) == {"completed"}
    # positions are places in the one line: the last job waited behind six others
    assert max(pages[1].positions("j7")) == 6
    # a shared concurrency_id is limited by its lowest limit (2), over both processes
    counted.state.update(peak=0)
    for number in range(8):
        queue, page = (one, pages[0]) if number % 2 == 0 else (other, pages[1])
        queue.submit(Job(f"g{number}", page, demo.dependencies[1 + number % 2], ["x"]))
    wait_for(lambda: sum(len(page.states()) for page in pages) == 16)
    assert counted.state["peak"] == 2
    for queue in (one, other):
        queue.shutdown(timeout=1)
        queue.sessions.close()


def gated():
    """A function whose calls wait until its ``gate`` is set."""
    gate = threading.Event()

    def blocked(x):
        gate.wait(10)
        return x

    blocked.gate = gate
    return blocked


def test_max_size_counts_the_jobs_waiting_in_every_process(redis_url):
    blocked = gated()
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(blocked, box, box)
    demo.queue(max_size=2)
    one, other = process(demo, redis_url), process(demo, redis_url)
    a, b = Recorder("a"), Recorder("b")
    one.submit(Job("j1", a, demo.dependencies[0], ["1"]))  # runs
    one.submit(Job("j2", a, demo.dependencies[0], ["2"]))  # waits (1)
    other.submit(Job("j3", b, demo.dependencies[0], ["3"]))  # waits (2)
    other.submit(Job("j4", b, demo.dependencies[0], ["4"]))  # one too many
    assert b.states() == {"j4": "failed"}
    assert "The queue is full (2 waiting)" in b.messages[-1]["error"]["message"]
    other.cancel(other.shared.jobs[next(iter(other.shared.jobs))][0])  # j3 leaves the line
    other.submit(Job("j5", b, demo.dependencies[0], ["5"]))  # so j5 fits
    blocked.gate.set()
    wait_for(lambda: len(a.states()) == 2 and len(b.states()) == 3)
    assert a.states() == {"j1": "completed", "j2": "completed"}
    assert b.states() == {"j3": "cancelled", "j4": "failed", "j5": "completed"}
    for queue in (one, other):
        queue.shutdown(timeout=1)
        queue.sessions.close()


def test_the_slot_of_a_dead_process_goes_to_the_next_job_after_the_lease(redis_url):
    gate = threading.Event()
    started = []

    def slow(x):
        started.append(x)
        if x == "stuck":
            gate.wait(20)
        return x

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(slow, box, box)
    dead, alive = process(demo, redis_url), process(demo, redis_url)
    a, b = Recorder("a"), Recorder("b")
    dead.submit(Job("j1", a, demo.dependencies[0], ["stuck"]))
    wait_for(lambda: started == ["stuck"])
    alive.submit(Job("j2", b, demo.dependencies[0], ["next"]))
    assert b.positions("j2") == [0]
    gevent.sleep(1.5)  # longer than the lease: a live process keeps its slot
    assert started == ["stuck"] and not b.states()
    dead.sessions.node().closed = True  # its heartbeat stops, as when it is killed
    wait_for(lambda: b.states() == {"j2": "completed"})
    assert started == ["stuck", "next"]
    gate.set()
    alive.shutdown(timeout=1)
    alive.sessions.close()


def test_a_job_without_a_limit_asks_redis_only_while_jobs_wait(redis_url, monkeypatch):
    import blocks_redis.lines
    monkeypatch.setattr(blocks_redis.lines, "LINES_FRESH", 0.05)
    blocked = gated()
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda x: x, box, box, concurrency_limit=None)
        gr.Button().click(blocked, box, box, concurrency_limit=1)
    demo.queue(max_size=1)
    one, other = process(demo, redis_url), process(demo, redis_url)
    scripts = one.shared.backend.node.scripts
    asked = []
    enqueue = scripts.enqueue
    monkeypatch.setattr(scripts, "enqueue", lambda **kw: asked.append(1) or enqueue(**kw))
    a, b = Recorder("a"), Recorder("b")
    for number in range(5):  # every line is empty: they run without the script
        one.submit(Job(f"f{number}", a, demo.dependencies[0], ["x"]))
    wait_for(lambda: len(a.states()) == 5)
    assert set(a.states().values()) == {"completed"} and asked == []
    other.submit(Job("b1", b, demo.dependencies[1], ["1"]))  # runs
    other.submit(Job("b2", b, demo.dependencies[1], ["2"]))  # waits: the queue is full
    time.sleep(0.1)  # what `one` knew of the lines is out of date
    one.submit(Job("f5", a, demo.dependencies[0], ["x"]))
    wait_for(lambda: "f5" in a.states())
    assert a.states()["f5"] == "failed" and len(asked) == 1
    assert "The queue is full (1 waiting)" in a.messages[-1]["error"]["message"]
    blocked.gate.set()
    wait_for(lambda: len(b.states()) == 2)
    time.sleep(0.1)
    one.submit(Job("f6", a, demo.dependencies[0], ["x"]))
    wait_for(lambda: "f6" in a.states())
    assert a.states()["f6"] == "completed" and len(asked) == 1
    for queue in (one, other):
        queue.shutdown(timeout=1)
        queue.sessions.close()
