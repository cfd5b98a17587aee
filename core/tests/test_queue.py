"""The queue on plain threads: limits, order, terminal states, cancelling, status."""

import collections
import threading
import time

import pytest

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


# -- the lifecycle in detail -------------------------------------------------------------
def wait_for(condition, limit=500):
    """Poll ``condition`` every 10 ms, at most ``limit`` times (a guard, not a timing)."""
    for _ in range(limit):
        if condition():
            return True
        time.sleep(0.01)
    return False


def gated_app(**listener):
    """An app whose function waits for ``gates[text]`` (set them to let jobs finish)."""
    gates = collections.defaultdict(threading.Event)

    def work(text):
        assert gates[text].wait(5)
        return text

    return app_with(work, **listener), gates


def test_a_cancelled_running_function_ends_at_once_and_keeps_its_slot():
    demo, gates = gated_app()
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    dep = demo.dependencies[0]
    stuck = Job("stuck", session, dep, ["a"])
    queue.submit(stuck)
    assert wait_for(lambda: any(m["type"] == "started" for m in session.messages))
    queue.cancel(stuck)
    assert session.states() == {"stuck": "cancelled"}  # told now, not when it returns
    queue.submit(Job("next", session, dep, ["b"]))
    group = queue.groups[f"fn-{dep.id}"]
    assert group.active == 1 and len(group.waiting) == 1  # the function still runs
    gates["b"].set()
    gates["a"].set()
    assert wait_for(lambda: session.states().get("next") == "completed")
    assert not [m for m in session.messages if m["id"] == "stuck" and m["type"] == "output"]
    assert wait_for(queue.idle)
    assert queue.counts == {"cancelled": 1, "completed": 1} and queue.submitted == 2


def test_a_shared_concurrency_id_takes_the_lowest_limit():
    lock = threading.Lock()
    active, peak = [0], [0]

    def work(x):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        time.sleep(0.01)
        with lock:
            active[0] -= 1
        return x

    with gr.Blocks() as demo:
        box = gr.Textbox()
        first = gr.Button().click(work, box, box, concurrency_limit=3, concurrency_id="gpu")
        second = gr.Button().click(work, box, box, concurrency_limit=2, concurrency_id="gpu")
    queue = Queue(demo, ThreadRuntime())
    assert queue.groups["gpu"].limit == 2
    session = Recorder()
    session.expected = 12
    for i in range(12):
        dep = (first if i % 2 else second).dependency
        queue.submit(Job(f"j{i}", session, dep, ["x"]))
    assert session.done.wait(5)
    assert peak[0] == 2 and queue.groups["gpu"].peak == 2


def test_default_concurrency_limit_and_none():
    demo, _gates = gated_app()
    demo.queue(default_concurrency_limit=4)
    assert Queue(demo, ThreadRuntime()).groups["fn-0"].limit == 4
    demo.queue(default_concurrency_limit=None)
    assert Queue(demo, ThreadRuntime()).groups["fn-0"].limit is None


def test_auto_status_tells_waiting_jobs_as_the_line_moves():
    demo, gates = gated_app()
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    dep = demo.dependencies[0]
    for name in "abcd":
        queue.submit(Job(name, session, dep, [name]))

    def positions(job):
        return [m["position"] for m in session.messages
                if m["id"] == job and m["type"] == "queued"]

    assert positions("b") == [0] and positions("c") == [1] and positions("d") == [2]
    gates["a"].set()  # a ends, b starts: c and d move up (after at most the throttle)
    assert wait_for(lambda: positions("d")[-1:] == [1])
    assert positions("c")[-1] == 0
    for name in "bcd":
        gates[name].set()
    assert wait_for(queue.idle)


def test_status_every_n_seconds():
    demo, gates = gated_app()
    demo.queue(status_update_rate=0.02)
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    dep = demo.dependencies[0]
    queue.submit(Job("a", session, dep, ["a"]))
    queue.submit(Job("b", session, dep, ["b"]))
    assert wait_for(lambda: sum(m["id"] == "b" and m["type"] == "queued"
                                for m in session.messages) >= 4)
    gates["a"].set()
    gates["b"].set()
    assert wait_for(queue.idle)
    queue.close()


def test_queue_settings_are_checked():
    demo, _gates = gated_app()
    with pytest.raises(ValueError, match="status_update_rate"):
        demo.queue(status_update_rate="sometimes")
    with pytest.raises(ValueError, match="positive"):
        demo.queue(status_update_rate=0)
    with pytest.raises(ValueError, match="max_size"):
        demo.queue(max_size=-1)
    with pytest.raises(ValueError, match="default_concurrency_limit"):
        demo.queue(default_concurrency_limit=0)
    demo.queue(status_update_rate=2, api_open=False, max_size=0, default_concurrency_limit=None)
    queue = Queue(demo, ThreadRuntime())
    assert queue.api_open is False and queue.status_update_rate == 2.0
    assert queue.max_size == 0 and queue.groups["fn-0"].limit is None


def test_the_queue_has_a_bounded_line_unless_told_otherwise():
    demo, _gates = gated_app()
    assert Queue(demo, ThreadRuntime()).max_size == 10_000
    demo.queue(status_update_rate="auto")  # a queue() call that names no max_size keeps it
    assert Queue(demo, ThreadRuntime()).max_size == 10_000
    demo.queue(max_size=None)  # asked for explicitly: no limit
    assert Queue(demo, ThreadRuntime()).max_size is None


def test_waiting_jobs_get_an_eta_once_a_run_was_measured():
    demo, gates = gated_app()
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    dep = demo.dependencies[0]
    gates["warm"].set()
    queue.submit(Job("warm", session, dep, ["warm"]))
    assert wait_for(lambda: session.states().get("warm") == "completed")
    queue.submit(Job("a", session, dep, ["a"]))
    queue.submit(Job("b", session, dep, ["b"]))
    queued = [m for m in session.messages if m["id"] == "b" and m["type"] == "queued"]
    assert queued[0]["position"] == 0 and queued[0]["eta"] is not None
    assert queued[0]["eta"] > 0
    gates["a"].set()
    gates["b"].set()
    assert wait_for(queue.idle)


def test_queue_false_runs_beside_a_busy_line():
    gates = collections.defaultdict(threading.Event)

    def slow(text):
        assert gates[text].wait(5)
        return text

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(slow, box, box)
        direct = gr.Button().click(lambda t: t * 2, box, box, queue=False)
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    queue.submit(Job("busy", session, demo.dependencies[0], ["a"]))
    queue.submit(Job("now", session, direct.dependency, ["b"]))
    assert wait_for(lambda: session.states().get("now") == "completed")
    assert "busy" not in session.states()
    gates["a"].set()
    assert wait_for(queue.idle)


def test_shutdown_ends_every_job_and_refuses_new_ones():
    demo, gates = gated_app()
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    dep = demo.dependencies[0]
    queue.submit(Job("running", session, dep, ["a"]))
    queue.submit(Job("waiting", session, dep, ["b"]))
    assert wait_for(lambda: any(m["type"] == "started" for m in session.messages))
    queue.shutdown(timeout=0.05)
    done = {m["id"]: m for m in session.messages if m["type"] == "done"}
    assert {job: m["state"] for job, m in done.items()} == {"running": "cancelled",
                                                            "waiting": "cancelled"}
    assert all(m["error"]["message"] == "The server is shutting down." for m in done.values())
    queue.submit(Job("late", session, dep, ["c"]))
    assert session.states()["late"] == "failed"
    gates["a"].set()
    assert wait_for(lambda: not queue.groups["fn-0"].active)
    assert [m["type"] for m in session.messages if m["id"] == "running"] == ["started", "done"]


def test_a_busy_line_makes_way_for_other_work_when_threads_are_short():
    order = []
    gates = collections.defaultdict(threading.Event)

    def work(text):
        assert gates[text].wait(5)
        order.append(text)
        return text

    with gr.Blocks() as demo:
        box = gr.Textbox()
        first = gr.Button().click(work, box, box)
        second = gr.Button().click(work, box, box)
    queue = Queue(demo, ThreadRuntime(max_threads=1))
    session = Recorder()
    for name in ("a0", "a1", "a2"):
        gates[name].set()
    queue.submit(Job("a0", session, first.dependency, ["a0"]))  # holds the only thread...
    queue.submit(Job("a1", session, first.dependency, ["a1"]))
    queue.submit(Job("a2", session, first.dependency, ["a2"]))
    queue.submit(Job("b0", session, second.dependency, ["b0"]))
    gates["b0"].set()
    assert wait_for(lambda: len(order) == 4)
    assert order.index("b0") < order.index("a2")  # ...but not the whole line of a


def test_worker_pool_grows_to_its_size_and_no_further():
    from blocks.queue import WorkerPool
    pool = WorkerPool(2)
    release = threading.Event()
    ran = []
    for number in range(5):
        pool.submit(lambda n=number: (release.wait(5), ran.append(n)))
    assert wait_for(lambda: pool.idle == 0 and pool.threads == 2)
    assert pool.backlog()
    release.set()
    assert wait_for(lambda: len(ran) == 5)
    assert pool.threads == 2
    pool.close()
    assert wait_for(lambda: pool.threads == 0)
    with pytest.raises(RuntimeError):
        pool.submit(print)


def test_a_function_that_calls_sys_exit_fails_its_job_only():
    import sys

    def leave(text):
        sys.exit(3)

    demo = app_with(leave)
    queue = Queue(demo, ThreadRuntime())
    session = Recorder()
    queue.submit(Job("exit", session, demo.dependencies[0], ["x"]))
    assert wait_for(lambda: session.states().get("exit") == "failed")
    queue.submit(Job("again", session, demo.dependencies[0], ["x"]))
    assert wait_for(lambda: session.states().get("again") == "failed")
    assert wait_for(queue.idle)


class SlowLoop(ThreadRuntime):
    """A loop that runs what workers hand it only when told to (a busy server's loop)."""

    def __init__(self):
        super().__init__()
        self.waiting = collections.deque()
        self.lock_ = threading.Lock()

    def call_from_thread(self, fn, *args):
        with self.lock_:
            self.waiting.append((fn, args))

    def run_pending(self):
        while True:
            with self.lock_:
                if not self.waiting:
                    return
                fn, args = self.waiting.popleft()
            fn(*args)


def test_a_generator_runs_at_most_a_few_outputs_ahead_of_the_loop():
    from blocks.queue import STREAM_WINDOW
    made = []

    def gen(x):
        for index in range(50):
            made.append(index)
            yield str(index)

    demo = app_with(gen)
    runtime = SlowLoop()
    queue = Queue(demo, runtime)
    session = Recorder()
    session.expected = 1
    queue.submit(Job("j", session, demo.dependencies[0], ["x"]))
    runtime.run_pending()  # the job starts
    time.sleep(0.3)
    assert len(made) == STREAM_WINDOW + 1  # the next value is made, then the worker waits
    while not session.done.is_set():
        runtime.run_pending()
        time.sleep(0.01)
    outputs = [m for m in session.messages if m["type"] == "output"]
    assert len(outputs) == 50 and session.states() == {"j": "completed"}
