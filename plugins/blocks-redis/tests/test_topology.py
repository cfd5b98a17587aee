"""One app on two hosts (network namespaces), 2 gevent workers each, behind HAProxy.

Real parts only: Debian's redis-server and HAProxy, gunicorn, Chromium. HAProxy
balances round-robin without stickiness, so a page's requests and websocket
land on any of the 4 workers. One topology serves every scenario of the module.
The app keeps its own bookkeeping (how many calls run at once, which process
runs a job, which sessions were unloaded) in another Redis database.
"""

import json
import os
import signal
import sys
import textwrap
import threading
import time
import urllib.request
import warnings
from pathlib import Path

import pytest
import redis
import websocket
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from testkit import debian_program
from topology import Topology

APP = textwrap.dedent('''
    import os
    import threading
    import time

    import redis

    import blocks as gr

    HOST = os.environ["TOPOLOGY_HOST"]
    ENTER = ("local n = redis.call('INCR', KEYS[1]) "
             "if n > tonumber(redis.call('GET', KEYS[2]) or '0') then "
             "redis.call('SET', KEYS[2], n) end return n")
    clients = threading.local()  # functions run in threads: a connection for each

    def book():
        if not hasattr(clients, "book"):
            clients.book = redis.Redis.from_url(os.environ["BOOK_URL"])
        return clients.book

    def add(item, items):
        items = items + [item]
        return items, ", ".join(items)

    def where(request: gr.Request):
        return f"{HOST} {os.getpid()} {request.session_hash} {time.monotonic_ns()}"

    def guarded(word):
        book().eval(ENTER, 2, "inside", "peak")
        while word == "hold" and book().exists("hold"):  # the test lets it go
            time.sleep(0.02)
        time.sleep(0.01)
        book().decr("inside")
        book().incr("calls")
        return word

    def slow(seconds):
        book().set("slow_pid", os.getpid())
        time.sleep(seconds or 0)
        return f"slept {seconds:g}"

    def count(n):
        for i in range(int(n)):
            time.sleep(0.01)
            yield f"{i + 1} of {int(n)}"

    def forever(word):
        book().set("forever_pid", os.getpid())
        for i in range(6000):
            book().incr("forever_steps")
            time.sleep(0.02)
            yield f"{word} {i}"

    def unload(request: gr.Request):
        book().rpush("unloads", request.session_hash)

    with gr.Blocks() as demo:
        item = gr.Textbox(label="Fruit")
        items = gr.State([])
        shown = gr.Textbox(label="Basket")
        gr.Button("Add").click(add, [item, items], [items, shown])
        taken = gr.Textbox(label="Taken")

        @gr.render(inputs=shown)
        def offers(text):  # made by the process that runs it; again after a move
            count = len(text.split(", ")) if text else 0
            gr.Button(f"Offer {count} from {HOST}").click(lambda: f"taken from {HOST}", None,
                                                          taken)

        host = gr.Textbox(label="Host")
        gr.Button("Where").click(where, None, host)
        colour = gr.Textbox(label="Colour")
        saved = gr.BrowserState("none", storage_key="colour")
        gr.Button("Remember").click(lambda c: c, colour, saved)
        recalled = gr.Textbox(label="Recalled")
        gr.Button("Recall").click(lambda c: c, saved, recalled)
        word = gr.Textbox(label="Word")
        echoed = gr.Textbox(label="Echoed")
        gr.Button("Guarded").click(guarded, word, echoed, concurrency_limit=1,
                                   api_name="guarded")
        seconds = gr.Number(label="Seconds")
        slept = gr.Textbox(label="Slept")
        gr.Button("Slow").click(slow, seconds, slept, concurrency_limit=1)
        how_many = gr.Number(label="How many")
        counted = gr.Textbox(label="Counted")
        gr.Button("Count").click(count, how_many, counted, api_name="count")
        gr.Button("Forever").click(forever, word, echoed, api_name="forever")
        demo.unload(unload)
''')

LEASE = 2  # seconds: a killed worker's slots go after this (and a quarter of it)


@pytest.fixture(scope="module")
def topology(tmp_path_factory):
    folder = tmp_path_factory.mktemp("topology")
    (folder / "app.py").write_text(APP)
    shared = folder / "shared"  # BLOCKS_TEMP_DIR: the folder every host sees
    shared.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("BLOCKS_")}
    env.update(BLOCKS_STATE_BACKEND="redis", BLOCKS_SECRET="the secret of the topology test",
               BLOCKS_REDIS_LEASE=str(LEASE), BLOCKS_TEMP_DIR=str(shared))
    topology = Topology(folder, folder / "app.py", env,
                        redis_program=debian_program("redis-server", "redis-server"),
                        haproxy_program=debian_program("haproxy", "haproxy"))
    topology.start()
    if not topology.namespaces:
        warnings.warn(f"network namespaces cannot be made here ({topology.why_not_namespaces}): "
                      "the hosts are processes on loopback ports", stacklevel=1)
    topology.book = redis.Redis(port=topology.redis_port, db=2)
    yield topology
    topology.book.close()
    topology.stop()


def where(page) -> tuple[str, str, str]:
    """Ask the page's server process where it is: (host, pid, session hash)."""
    before = page.get_by_label("Host").input_value()
    page.get_by_role("button", name="Where").click()
    expect(page.get_by_label("Host")).not_to_have_value(before, timeout=20_000)
    host, pid, session_hash, _ = page.get_by_label("Host").input_value().split()
    return host, pid, session_hash


def add(page, item: str, expected: str) -> None:
    page.get_by_label("Fruit").fill(item)
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_label("Basket")).to_have_value(expected, timeout=20_000)


def test_the_hosts_are_network_namespaces(topology):
    if not topology.namespaces:
        pytest.skip(f"network namespaces cannot be made here ({topology.why_not_namespaces}); "
                    "the other tests ran with processes on loopback ports")
    assert len(topology.namespaces) == 2 and len(set(topology.hosts)) == 2
    assert len(topology.worker_pids()) == 4


def test_state_survives_a_reconnect_to_the_other_host(topology, page):
    page.goto(topology.url)
    add(page, "apple", "apple")
    add(page, "pear", "apple, pear")
    page.get_by_label("Colour").fill("blue")
    page.get_by_role("button", name="Remember").click()
    first, _, session_hash = where(page)
    try:
        # the page's host is taken out of the balancer and its connections cut
        topology.admin(f"disable server app/{first}")
        topology.admin(f"shutdown sessions server app/{first}")
        host = first
        deadline = time.monotonic() + 30
        while host == first:  # the page reconnects by itself, to the other host
            assert time.monotonic() < deadline, "the page did not reconnect"
            host, _, resumed_hash = where(page)
        assert resumed_hash == session_hash
        # its @gr.render ran again where it is now, and the listeners it made work there
        page.get_by_role("button", name=f"Offer 2 from {host}").click()
        expect(page.get_by_label("Taken")).to_have_value(f"taken from {host}")
        add(page, "plum", "apple, pear, plum")  # its gr.State came along
        page.get_by_role("button", name="Recall").click()  # and its BrowserState reads
        expect(page.get_by_label("Recalled")).to_have_value("blue")
    finally:
        topology.admin(f"enable server app/{first}")
    page.close()  # the tab closes: its session ends, once, wherever it is now
    wait_for(lambda: session_hash.encode() in topology.book.lrange("unloads", 0, -1))
    time.sleep(1)  # nothing more comes
    assert topology.book.lrange("unloads", 0, -1).count(session_hash.encode()) == 1


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_global_concurrency_limit_holds_while_50_pages_hammer_it(topology, page):
    book = topology.book
    book.delete("inside", "peak", "calls")
    with urllib.request.urlopen(topology.url + "config", timeout=10) as response:
        dependencies = json.load(response)["dependencies"]
    fn = next(dep["id"] for dep in dependencies if dep["api_name"] == "guarded")
    clients, events = 50, 2
    results, first_positions = [], []
    lock = threading.Lock()
    waiting = threading.Semaphore(0)

    def hammer(number):
        ws = websocket.create_connection(topology.url.replace("http", "ws", 1) + "ws",
                                         timeout=120)
        try:
            assert json.loads(ws.recv())["type"] == "session"
            for event in range(events):
                job = f"c{number}-{event}"
                ws.send(json.dumps({"type": "event", "id": job, "fn": fn, "data": [job]}))
                told = False
                while True:
                    message = json.loads(ws.recv())
                    if message["type"] == "queued" and not told and event == 0:
                        told = True
                        with lock:
                            first_positions.append(message["position"])
                        waiting.release()
                    if message["type"] in ("done", "error"):
                        break
                with lock:
                    results.append(message.get("state"))
        finally:
            ws.close()

    # the browser page's job holds the one slot until every client waits in line
    book.set("hold", 1)
    page.goto(topology.url)
    page.get_by_label("Word").fill("hold")
    page.get_by_role("button", name="Guarded").click()
    wait_for(lambda: book.get("inside") == b"1")
    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for _ in range(clients):
        assert waiting.acquire(timeout=120), "a client was never told its place"
    book.delete("hold")
    expect(page.get_by_label("Echoed")).to_have_value("hold", timeout=120_000)
    for thread in threads:
        thread.join(timeout=120)
    assert results == ["completed"] * (clients * events)
    assert int(book.get("calls")) == clients * events + 1
    assert int(book.get("peak")) == 1  # never two at once, over the 4 workers
    # the places are in one line of 50: each host holds only 25 of the clients
    assert sorted(first_positions) == list(range(clients))


def test_a_killed_worker_fails_its_pages_job_and_frees_its_slot(topology, page):
    topology.book.delete("slow_pid")
    page.goto(topology.url)
    page.get_by_label("Seconds").fill("60")
    page.get_by_role("button", name="Slow").click()
    wait_for(lambda: topology.book.get("slow_pid"))
    pid = int(topology.book.get("slow_pid"))
    assert pid in topology.worker_pids()
    os.kill(pid, signal.SIGKILL)
    expect(page.get_by_role("alert").filter(
        has_text="The connection to the server was lost.")).to_be_visible(timeout=20_000)
    # the page reconnects to a live worker; the dead one's slot frees after the lease
    page.get_by_label("Seconds").fill("0")
    page.get_by_role("button", name="Slow").click()
    expect(page.get_by_label("Slept")).to_have_value("slept 0", timeout=60_000)
    assert int(topology.book.get("slow_pid")) != pid


def test_files_one_worker_accepted_are_served_by_every_worker(topology):
    import requests
    paths = []
    for number in range(4):  # round-robin: the uploads land on both hosts
        answer = requests.post(topology.url + "upload", timeout=20,
                               files={"files": (f"note{number}.txt", f"note {number}".encode())})
        assert answer.status_code == 200, answer.text
        paths.append(answer.json()[0]["path"])
    for number, path in enumerate(paths):
        for _ in range(4):  # a new connection each time: every host, most workers
            answer = requests.get(topology.url + "file=" + path, timeout=20)
            assert answer.status_code == 200 and answer.text == f"note {number}"
    for path in ("/etc/passwd", paths[0] + "/../../x"):
        assert requests.get(topology.url + "file=" + path, timeout=20).status_code == 404


def read_call_events(url: str) -> list[tuple[str, object]]:
    """``GET /call/...`` on a new connection (HAProxy picks the next worker): its events."""
    import requests
    answer = requests.get(url, stream=True, timeout=60)
    assert answer.status_code == 200, answer.text
    events, name = [], None
    for line in answer.iter_lines(decode_unicode=True):
        if line.startswith("event: "):
            name = line[len("event: "):]
        elif line.startswith("data: "):
            events.append((name, json.loads(line[len("data: "):])))
    return events


def test_call_api_streams_are_read_from_any_worker(topology):
    """POST /call and GET /call/<id> are separate connections: round-robin sends them to
    different workers, which relay the job's events."""
    import requests
    call = topology.url + "call/count"
    pending = []
    for number in range(24):  # jobs start on every worker, then are read from the others
        answer = requests.post(call, json={"data": [number % 4 + 2]}, timeout=20)
        assert answer.status_code == 200, answer.text
        pending.append((number % 4 + 2, answer.json()["event_id"]))
    owners = {event_id.split("-")[0] for _, event_id in pending}
    # HAProxy alternates the hosts (each host's kernel picks one of its 2 workers), so the
    # calls ran on both hosts, and each GET below lands on the other host every other time
    assert len(owners) >= 2
    for n, event_id in pending:
        events = read_call_events(f"{call}/{event_id}")
        names = [name for name, _ in events if name != "heartbeat"]
        assert names[-1] == "complete", events
        assert events[-1][1] == [f"{n} of {n}"]
        generated = [data for name, data in events if name == "generating"]
        assert generated == [[f"{i} of {n}"] for i in range(1, n + 1)]
        # read once: the stream is gone, wherever the next request lands
        assert requests.get(f"{call}/{event_id}", timeout=20).status_code == 404
    results = []

    def one(number):  # many at once, each POST and GET on its own connection
        answer = requests.post(call, json={"data": [3]}, timeout=30)
        event_id = answer.json()["event_id"]
        results.append(read_call_events(f"{call}/{event_id}")[-1])

    threads = [threading.Thread(target=one, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert results == [("complete", ["3 of 3"])] * 40
    assert requests.get(f"{call}/{owners.pop()}-nosuchjob", timeout=20).status_code == 404


def test_a_cancel_over_http_reaches_the_job_wherever_it_runs(topology):
    import requests
    book = topology.book
    for _ in range(4):  # the cancels land on the job's worker and on the others
        book.delete("forever_steps")
        answer = requests.post(topology.url + "call/forever", json={"data": ["go"]},
                               timeout=20)
        event_id = answer.json()["event_id"]
        wait_for(lambda: int(book.get("forever_steps") or 0) > 3)
        answer = requests.post(f"{topology.url}call/forever/{event_id}/cancel", timeout=20)
        assert answer.json() == {"success": True}
        events = read_call_events(f"{topology.url}call/forever/{event_id}")
        assert events[-1][0] == "cancelled"
        steps = int(book.get("forever_steps"))
        time.sleep(0.3)
        assert int(book.get("forever_steps")) <= steps + 1  # it stopped


def test_gradio_clients_through_the_balancer(topology):
    from gradio_client import Client
    results, errors = [], []

    def session(number):
        try:
            client = Client(topology.url, verbose=False)
            for index in range(5):
                results.append(client.predict(number * 10 + index + 2, api_name="/count"))
            job = client.submit(4, api_name="/count")  # a generator: its outputs stream
            outputs = list(job)
            results.append((outputs[-1], job.outputs()))
            client.close()
        except Exception as error:  # reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=session, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert errors == []
    finals = [r for r in results if isinstance(r, str)]
    assert sorted(finals) == sorted(f"{n * 10 + i + 2} of {n * 10 + i + 2}"
                                    for n in range(6) for i in range(5))
    for last, outputs in (r for r in results if isinstance(r, tuple)):
        assert last == "4 of 4" and outputs[-1] == "4 of 4"


def test_a_relayed_stream_ends_with_an_error_when_the_jobs_worker_dies(topology):
    """The worker running a job is killed while another relays its events: the reader
    gets an error event (at its next heartbeat), not a stream that never ends."""
    import requests
    book = topology.book
    for _ in range(8):  # until the GET lands on another worker than the job's
        book.delete("forever_pid", "forever_steps")
        answer = requests.post(topology.url + "call/forever", json={"data": ["go"]},
                               timeout=20)
        event_id = answer.json()["event_id"]
        wait_for(lambda: book.get("forever_pid"))
        pid = int(book.get("forever_pid"))
        stream = requests.get(f"{topology.url}call/forever/{event_id}", stream=True,
                              timeout=60)
        lines = stream.iter_lines(decode_unicode=True)
        assert next(line for line in lines if line.startswith("data: "))
        os.kill(pid, signal.SIGKILL)
        events = []
        try:
            for line in lines:
                if line.startswith("event: "):
                    events.append(line[len("event: "):])
        except requests.exceptions.RequestException:
            continue  # the killed worker was the reader too: its connection dropped
        if events and events[-1] == "error":
            return
        assert not events or events[-1] == "generating", events
    pytest.fail("no GET landed on another worker than the job's in 8 tries")
