"""The queue under faults, through the real gevent server on loopback.

Every test drives the websocket protocol with ``websocket-client``. Waits are
bounded (a receive timeout turns a hang into a failure) and nothing asserts a
duration: where a test needs "while X still runs", X is held by an event the
test releases afterwards. Limits are counted inside the functions.
"""

from __future__ import annotations

import collections
import json
import random
import threading
import time

import pytest
import websocket

import blocks as gr

RECV_TIMEOUT = 30


class Client:
    """One page: a websocket, its session, and every frame it received per job."""

    def __init__(self, url: str):
        self.ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws",
                                              timeout=RECV_TIMEOUT)
        hello = self.recv()
        assert hello["type"] == "session"
        self.session = hello["session_hash"]
        self.frames: dict[str, list[dict]] = collections.defaultdict(list)
        self.other: list[dict] = []

    def recv(self) -> dict:
        return json.loads(self.ws.recv())

    def event(self, job: str, fn: int, data: list) -> None:
        self.ws.send(json.dumps({"type": "event", "id": job, "fn": fn, "data": data}))

    def cancel(self, job: str) -> None:
        self.ws.send(json.dumps({"type": "cancel", "id": job}))

    def pump(self) -> dict:
        """Receive one frame and file it under its job."""
        message = self.recv()
        if message.get("id"):
            self.frames[message["id"]].append(message)
        else:
            self.other.append(message)
        return message

    def until(self, job: str, kind: str) -> dict:
        """Receive until ``job`` gets a frame of type ``kind``; return that frame."""
        for message in self.frames[job]:
            if message["type"] == kind:
                return message
        while True:
            message = self.pump()
            if message.get("id") == job and message["type"] == kind:
                return message

    def done(self, job: str) -> dict:
        return self.until(job, "done")

    def ends(self, job: str) -> list[dict]:
        return [m for m in self.frames[job] if m["type"] in ("done", "error")]

    def close(self) -> None:
        self.ws.close()

    def close_code(self) -> int | None:
        """Read to the server's close frame; its status code."""
        for _ in range(10_000):
            opcode, data = self.ws.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                return int.from_bytes(data[:2], "big") if len(data) >= 2 else None
            if opcode == websocket.ABNF.OPCODE_TEXT:
                message = json.loads(data)
                self.frames[message.get("id") or ""].append(message)
        return None


def queue_of(demo):
    return demo.app.extensions["blocks"].queue


def wait_until(condition, what: str, limit: int = 3000) -> None:
    """Poll ``condition`` (bounded; fails after ``limit`` tries of 10 ms)."""
    for _ in range(limit):
        if condition():
            return
        time.sleep(0.01)
    pytest.fail(f"timed out waiting for {what}")


class Gate:
    """Holds functions until released; releasing at teardown frees their threads."""

    def __init__(self):
        self.event = threading.Event()
        self.entered = threading.Semaphore(0)

    def wait(self):
        self.entered.release()
        if not self.event.wait(RECV_TIMEOUT * 2):
            raise RuntimeError("gate never opened")

    def open(self):
        self.event.set()


@pytest.fixture
def gate():
    opened = Gate()
    yield opened
    opened.open()


# -- one fault at a time --------------------------------------------------------------
def test_a_function_that_raises_fails_only_its_job(serve):
    def explode(text):
        raise ValueError("broken on purpose")

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(explode, box, box)
        gr.Button().click(lambda t: t.upper(), box, box)
    client = Client(serve(demo))
    client.event("bad", 0, ["x"])
    client.event("good", 1, ["x"])
    assert client.done("bad")["state"] == "failed"
    assert "broken on purpose" not in json.dumps(client.frames["bad"])
    assert client.done("good")["state"] == "completed"
    assert [m["type"] for m in client.frames["bad"]] == ["started", "done"]
    again = Client(demo.local_url)
    again.event("later", 1, ["y"])
    assert again.done("later")["state"] == "completed"


def test_a_function_that_never_returns_is_cancelled_and_keeps_its_slot(serve, gate):
    def hang(text):
        gate.wait()
        return "too late"

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(hang, box, box)  # one at a time
    client = Client(serve(demo))
    client.event("stuck", 0, ["x"])
    client.until("stuck", "started")
    client.cancel("stuck")
    assert client.done("stuck")["state"] == "cancelled"  # at once, not when it returns

    # the thread still runs the function, so the listener's one slot stays taken
    client.event("next", 0, ["y"])
    assert client.until("next", "queued")["position"] == 0
    queue = queue_of(demo)
    group = next(iter(queue.groups.values()))
    assert group.active == 1

    gate.open()  # the stuck function returns: its result is dropped, the line moves
    assert client.done("next")["state"] == "completed"
    assert [m["type"] for m in client.frames["stuck"]] == ["started", "done"]
    assert group.peak == 1
    wait_until(queue.idle, "an idle queue")
    assert queue.counts == {"cancelled": 1, "completed": 1}


def test_cancelling_a_generator_stops_it_at_its_next_yield(serve):
    produced = []

    def count(text):
        for number in range(10_000):
            produced.append(number)
            yield str(number)
            time.sleep(0.001)

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(count, box, box)
    client = Client(serve(demo))
    client.event("gen", 0, ["x"])
    client.until("gen", "output")
    client.cancel("gen")
    assert client.done("gen")["state"] == "cancelled"
    queue = queue_of(demo)
    wait_until(queue.idle, "the generator to stop")
    assert len(produced) < 10_000


def test_a_page_that_disconnects_mid_job_has_its_jobs_ended(serve, gate):
    def hold(text):
        gate.wait()
        return text

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(hold, box, box)
    url = serve(demo)
    queue = queue_of(demo)
    leaving = Client(url)
    leaving.event("running", 0, ["a"])
    leaving.until("running", "started")
    leaving.event("waiting", 0, ["b"])
    leaving.until("waiting", "queued")
    staying = Client(url)
    staying.event("mine", 0, ["c"])
    assert staying.until("mine", "queued")["position"] == 1
    leaving.close()

    # both jobs of the page that left end (cancelled) on the server, without it
    wait_until(lambda: queue.counts["cancelled"] == 2, "the page's jobs to be cancelled")
    gate.open()  # the running function returns and gives its slot to the next page
    assert staying.done("mine")["state"] == "completed"
    wait_until(queue.idle, "an idle queue")
    assert queue.submitted == 3
    assert queue.counts == {"cancelled": 2, "completed": 1}


def test_a_full_queue_answers_with_a_clear_message(serve, gate):
    def hold(text):
        gate.wait()
        return text

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(hold, box, box)
    demo.queue(max_size=2)
    client = Client(serve(demo))
    client.event("run", 0, ["x"])
    client.until("run", "started")
    client.event("w1", 0, ["x"])
    client.event("w2", 0, ["x"])
    client.event("over", 0, ["x"])
    refused = client.done("over")
    assert refused["state"] == "failed"
    assert "queue is full" in refused["error"]["message"]
    assert [m["type"] for m in client.frames["over"]] == ["done"]
    gate.open()
    for job in ("run", "w1", "w2"):
        assert client.done(job)["state"] == "completed"


def test_malformed_messages_get_errors_and_change_nothing(serve):
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda t: t, box, box)
    client = Client(serve(demo))
    frames = ["{nope", "[]", json.dumps({"type": 3}), json.dumps({"type": "event"}),
              json.dumps({"type": "event", "id": "", "fn": 0, "data": []}),
              json.dumps({"type": "event", "id": "x" * 65, "fn": 0, "data": []}),
              json.dumps({"type": "event", "id": "neg", "fn": -1, "data": []}),
              json.dumps({"type": "cancel", "id": "nobody"}),
              json.dumps({"type": "event", "id": "many", "fn": 0, "data": ["a", "b"]})]
    for frame in frames:
        client.ws.send(frame)
    client.ws.send_binary(b"\x00\xff" * 100)
    client.event("fine", 0, ["ok"])
    assert client.done("fine")["state"] == "completed"
    errors = [m for m in client.other if m["type"] == "error"]
    errors += [m for job in ("x" * 65, "neg") for m in client.frames[job]]
    assert len(errors) == 8  # one per bad frame (a cancel of an unknown job is no error)
    assert all(m["type"] == "error" and m["message"] for m in errors)
    assert client.done("many")["state"] == "failed"  # a well-formed frame with bad inputs
    assert queue_of(demo).counts == {"completed": 1, "failed": 1}


def test_an_oversized_message_is_refused_and_the_connection_stays(serve):
    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda t: len(t), box, gr.Number())
    client = Client(serve(demo, max_message_size="64kb"))
    other = Client(demo.local_url)
    big = json.dumps({"type": "event", "id": "huge", "fn": 0, "data": ["x" * 200_000]})
    client.ws.send(big)
    refused = client.until("huge", "error")
    assert "max_message_size" in refused["message"] and "65,536" in refused["message"]
    client.ws.send_binary(b"\x01" * 100_000)  # no job id to name
    message = client.pump()
    assert message["type"] == "error" and message["id"] is None
    # the same connection, and another page, go on; just under the limit still works
    client.event("fits", 0, ["y" * 60_000])
    assert client.until("fits", "output")["data"] == [{"value": 60_000}]
    other.event("small", 0, ["z"])
    assert other.done("small")["state"] == "completed"
    assert [m["type"] for m in client.frames["huge"]] == ["error"]


def test_a_cpu_bound_function_does_not_stall_other_pages(serve):
    stop = threading.Event()
    spins = [0]

    def burn(text):
        total = 0
        while not stop.is_set() and spins[0] < 10**9:  # pure Python: holds the GIL
            for number in range(10_000):
                total += number * number
            spins[0] += 1
        return str(total)

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(burn, box, box)
        gr.Button().click(lambda t: t[::-1], box, box)
        gr.Button().click(lambda t: t + "!", box, box, queue=False)
    url = serve(demo)
    busy = Client(url)
    busy.event("burn", 0, ["x"])
    busy.until("burn", "started")
    quick = Client(url)
    for round_ in range(20):
        quick.ws.send(json.dumps({"type": "ping"}))
        quick.event(f"q{round_}", 1, ["abc"])
        quick.event(f"now{round_}", 2, ["abc"])
        assert quick.done(f"q{round_}")["state"] == "completed"
        assert quick.done(f"now{round_}")["state"] == "completed"
    assert sum(m["type"] == "pong" for m in quick.other) == 20
    spins_while_answering = spins[0]
    assert not busy.ends("burn")  # all of it happened while the function still ran
    stop.set()
    assert busy.done("burn")["state"] == "completed"
    assert spins_while_answering > 0


def test_max_threads_bounds_functions_running_at_once(serve):
    lock = threading.Lock()
    active, peak = [0], [0]
    release = threading.Event()

    def work(text):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        release.wait(RECV_TIMEOUT)
        with lock:
            active[0] -= 1
        return text

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(work, box, box, concurrency_limit=None)
    client = Client(serve(demo, max_threads=2))
    for number in range(6):
        client.event(f"j{number}", 0, ["x"])
    wait_until(lambda: active[0] == 2, "two functions to run")
    release.set()
    for number in range(6):
        assert client.done(f"j{number}")["state"] == "completed"
    assert peak[0] == 2


def test_close_ends_every_job_and_tells_every_page(serve, gate):
    def hold(text):
        gate.wait()  # never returns before the server is gone
        return text

    def stream(text):
        for number in range(10**6):
            yield str(number)
            time.sleep(0.01)

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(hold, box, box)
        gr.Button().click(stream, box, box)
    url = serve(demo)
    first, second = Client(url), Client(url)
    first.event("running", 0, ["a"])
    first.until("running", "started")
    second.event("waiting", 0, ["b"])
    second.until("waiting", "queued")
    second.event("streaming", 1, ["c"])
    second.until("streaming", "output")
    queue = queue_of(demo)

    demo.close()  # waits for the running functions (5 s), then cancels the rest

    for client, job in ((first, "running"), (second, "waiting"), (second, "streaming")):
        done = client.done(job)
        assert done["state"] == "cancelled"
        assert done["error"]["message"] == "The server is shutting down."
    for client in (first, second):  # then the pages hear that the server goes away
        assert client.close_code() == 1001
    assert queue.closed and not queue.running and not queue.waiting
    assert queue.counts == {"cancelled": 3}


# -- everything at once -----------------------------------------------------------------
def test_a_thousand_jobs_from_a_hundred_pages(serve):
    """1,000 jobs, 100 pages, six listeners with mixed limits, failures, cancels, leavers."""
    lock = threading.Lock()
    active = collections.Counter()
    peak = collections.Counter()

    def counted(group):
        def run(text):
            with lock:
                active[group] += 1
                peak[group] = max(peak[group], active[group])
            try:
                time.sleep(random.random() / 500)
                if text.startswith("fail"):
                    raise RuntimeError("asked to fail")
                return text
            finally:
                with lock:
                    active[group] -= 1
        return run

    def generate(text):
        with lock:
            active["stream"] += 1
            peak["stream"] = max(peak["stream"], active["stream"])
        try:
            for number in range(3):
                yield f"{text}-{number}"
        finally:
            with lock:
                active["stream"] -= 1

    with gr.Blocks() as demo:
        box = gr.Textbox()
        out = gr.Textbox()
        gr.Button().click(counted("one"), box, out)                                  # 0
        gr.Button().click(counted("three"), box, out, concurrency_limit=3)          # 1
        gr.Button().click(counted("gpu"), box, out, concurrency_limit=2,
                          concurrency_id="gpu")                                       # 2
        gr.Button().click(counted("gpu"), box, out, concurrency_limit=4,
                          concurrency_id="gpu")                                       # 3
        gr.Button().click(counted("free"), box, out, concurrency_limit=None)        # 4
        gr.Button().click(counted("direct"), box, out, queue=False)                 # 5
        gr.Button().click(generate, box, out, concurrency_limit=2)                  # 6
    demo.queue(default_concurrency_limit=1)
    url = serve(demo, max_threads=8)
    queue = queue_of(demo)
    results: dict[int, dict] = {}
    problems: list[str] = []

    def page(number: int) -> None:
        rng = random.Random(number)
        try:
            client = Client(url)
            jobs = []
            for index in range(10):
                job = f"p{number}j{index}"
                text = "fail" if rng.random() < 0.1 else f"t{index}"
                client.event(job, rng.randrange(7), [text])
                jobs.append(job)
            cancelled = {job for job in jobs if rng.random() < 0.1}
            for job in cancelled:
                client.cancel(job)
            leaves = number % 10 == 0  # every tenth page leaves before its answers
            if leaves:
                client.done(jobs[0])
                client.close()
                results[number] = {"left": True}
                return
            for job in jobs:
                client.done(job)
            for job in jobs:
                ends = client.ends(job)
                if len(ends) != 1:
                    problems.append(f"{job}: {len(ends)} terminal frames")
                after = client.frames[job][client.frames[job].index(ends[0]) + 1:]
                if after:
                    problems.append(f"{job}: frames after its end: {after}")
            results[number] = {"states": collections.Counter(client.ends(j)[0]["state"]
                                                             for j in jobs)}
            client.close()
        except Exception as error:  # reported below
            problems.append(f"page {number}: {error!r}")

    threads = [threading.Thread(target=page, args=(number,)) for number in range(100)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(RECV_TIMEOUT * 4)
    assert not any(thread.is_alive() for thread in threads)
    assert not problems, problems[:5]
    wait_until(queue.idle, "the queue to empty")

    # every job reached exactly one terminal state, on the server as well
    assert queue.submitted == 1000
    assert sum(queue.counts.values()) == 1000
    assert set(queue.counts) <= {"completed", "failed", "cancelled"}
    seen = collections.Counter()
    for result in results.values():
        seen.update(result.get("states", {}))
    assert seen["completed"] > 500 and seen["failed"] > 0 and seen["cancelled"] > 0
    # no limit was ever exceeded (the two "gpu" listeners share the lowest limit)
    assert peak["one"] == 1
    assert peak["three"] <= 3
    assert peak["gpu"] <= 2
    assert peak["stream"] <= 2
    assert peak["free"] <= 8 and peak["direct"] <= 8  # max_threads
    for group in queue.groups.values():
        assert group.active == 0 and not group.running and not group.waiting
    # and the server is still up
    after = Client(url)
    after.event("after", 0, ["fine"])
    assert after.done("after")["state"] == "completed"


def test_state_is_read_after_the_previous_job_stored_it(serve):
    """Back-to-back jobs of one page each see the State the one before them wrote."""
    def bump(count):
        return count + 1, count + 1

    with gr.Blocks() as demo:
        count = gr.State(0)
        shown = gr.Number()
        gr.Button().click(bump, count, [count, shown])
    client = Client(serve(demo))
    for number in range(50):
        client.event(f"b{number}", 0, [None])
    values = [client.until(f"b{number}", "output")["data"][1]["value"]
              for number in range(50)]
    assert values == list(range(1, 51))


def test_a_result_that_cannot_be_sent_fails_its_job(serve):
    class Opaque:
        pass

    with gr.Blocks() as demo:
        box = gr.Textbox()
        gr.Button().click(lambda text: Opaque(), box, box, postprocess=False)
        gr.Button().click(lambda text: text, box, box)
    client = Client(serve(demo, show_error=True))
    client.event("opaque", 0, ["x"])
    done = client.done("opaque")
    assert done["state"] == "failed" and "JSON serializable" in done["error"]["message"]
    assert [m["type"] for m in client.frames["opaque"]] == ["started", "done"]
    client.event("fine", 1, ["y"])
    assert client.done("fine")["state"] == "completed"
