"""The queue on plain threads: limits, order, terminal states, cancelling."""

import threading
import time

import blocks as gr
from blocks.queue import Job, Queue, ThreadRuntime
from blocks.session import Session


class Recorder(Session):
    def __init__(self):
        self.messages = []
        self.done = threading.Event()
        self.expected = 0
        super().__init__("s", self._record)

    def _record(self, message):
        self.messages.append(message)
        if message["type"] == "done" and sum(
                m["type"] == "done" for m in self.messages) >= self.expected:
            self.done.set()

    def states(self):
        return {m["id"]: m["state"] for m in self.messages if m["type"] == "done"}


def app_with(fn, **listener):
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(fn, box, box, **listener)
    return demo


def test_default_limit_is_one_job_at_a_time():
    active, peak = [0], [0]
    lock = threading.Lock()

    def work(x):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.02)
        with lock:
            active[0] -= 1
        return x

    demo = app_with(work)
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    session.expected = 5
    for i in range(5):
        queue.submit(Job(f"j{i}", session, demo.dependencies[0], [str(i)]))
    assert session.done.wait(5)
    assert peak[0] == 1
    assert set(session.states().values()) == {"completed"}
    positions = [m["position"] for m in session.messages if m["type"] == "queued"]
    assert 3 in positions  # the last one waited behind three others


def test_concurrency_limit_none_runs_all_at_once():
    barrier = threading.Barrier(4, timeout=5)

    def work(x):
        barrier.wait()
        return x

    demo = app_with(work, concurrency_limit=None)
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    session.expected = 4
    for i in range(4):
        queue.submit(Job(f"j{i}", session, demo.dependencies[0], ["x"]))
    assert session.done.wait(5)
    assert set(session.states().values()) == {"completed"}


def test_every_job_gets_exactly_one_terminal_state():
    def work(x):
        if x == "boom":
            raise ValueError("no")
        return x

    demo = app_with(work)
    demo.queue(max_size=2)
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    session.expected = 6
    jobs = [Job(f"j{i}", session, demo.dependencies[0], ["boom" if i % 2 else "ok"])
            for i in range(5)]
    jobs.append(Job("bad", session, demo.dependencies[0], ["a", "b"]))
    for job in jobs:
        queue.submit(job)
    assert session.done.wait(5)
    done = [m for m in session.messages if m["type"] == "done"]
    assert len(done) == 6 and len({m["id"] for m in done}) == 6
    states = session.states()
    assert states["bad"] == "failed"
    assert any("queue is full" in (m.get("error") or {}).get("message", "") for m in done)


def test_cancelling_a_waiting_job_and_a_generator():
    release = threading.Event()

    def slow(x):
        release.wait(5)
        for i in range(500):
            time.sleep(0.01)
            yield str(i)

    demo = app_with(slow)
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    session.expected = 2
    running = Job("run", session, demo.dependencies[0], ["x"])
    waiting = Job("wait", session, demo.dependencies[0], ["x"])
    queue.submit(running)
    queue.submit(waiting)
    queue.cancel(waiting)
    release.set()
    time.sleep(0.05)
    queue.cancel(running)
    assert session.done.wait(5)
    assert session.states() == {"wait": "cancelled", "run": "cancelled"}
