"""blocks_client against real Blocks servers on loopback (the gevent server of launch()).

One server serves the main app for the module; auth and reconnects get their
own. A reconnect is caused by a TCP relay between client and server that cuts
every connection at once, as a network or a restarting proxy does. Waits are
bounded polls; nothing asserts a duration.
"""

from __future__ import annotations

import importlib.metadata
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from testkit import free_port

import blocks as gr
from blocks_client import (
    AppError,
    AuthenticationError,
    Client,
    ClientWarning,
    ConnectionLost,
    JobCancelled,
    handle_file,
)

GATE = threading.Event()      # holds the endless generator
STEP = threading.Event()      # holds the progress function until the test saw progress
STOPPED = []                  # generators that ended (closed by a cancel)


def build():
    def greet(name, greeting="Hello"):
        """Greet someone."""
        return f"{greeting}, {name}!"

    def scale(x, factor):
        return x * factor, x + factor

    def spell(word):
        for index in range(len(word)):
            yield word[: index + 1]

    def endless(word):
        try:
            yield word
            GATE.wait(timeout=30)
            yield word * 2
        finally:
            STOPPED.append(word)

    def slow(steps, progress=gr.Progress()):
        progress(0.5, desc="Halfway")
        STEP.wait(timeout=30)
        return steps

    def refuse(text):
        raise gr.Error(f"No {text}!", title="Refused")

    def add(cart, item):
        cart = [*cart, item]
        return cart, len(cart)

    def shout(path):
        out = Path(path).with_name("shout.txt")
        out.write_text(Path(path).read_text().upper())
        return str(out)

    def slice_list(lst: list[int], start: int, end: int = 3) -> list[int]:
        return lst[start:end]

    with gr.Blocks() as demo:
        text = gr.Textbox(label="Name")
        other = gr.Textbox(label="Greeting", value="Hello")
        out = gr.Textbox(label="Out")
        x = gr.Number(label="X")
        factor = gr.Slider(1, 10, value=2, step=1, label="Factor")
        count = gr.Number(label="Count")
        cart = gr.State([])
        file_in = gr.File(label="In")
        file_out = gr.File(label="Out file")
        btn = gr.Button("Go")
        btn.click(greet, [text, other], out, api_name="greet")
        btn.click(scale, [x, factor], [x, count], api_name="scale")
        btn.click(spell, text, out, api_name="spell")
        btn.click(endless, text, out, api_name="endless", concurrency_limit=None)
        btn.click(slow, count, count, api_name="slow", concurrency_limit=None)
        btn.click(refuse, text, out, api_name="refuse")
        btn.click(add, [cart, text], [cart, count], api_name="add")
        btn.click(shout, file_in, file_out, api_name="shout")
        btn.click(greet, [text, other], out, api_name="inner", api_visibility="private")
        btn.click(greet, [text, other], out, api_name="quiet", api_visibility="undocumented")
        gr.api(slice_list)
    return demo


@pytest.fixture(scope="module")
def served():
    demo = build()
    demo.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1",
                server_port=free_port())
    yield demo
    GATE.set()
    STEP.set()
    demo.close()


@pytest.fixture(scope="module")
def client(served, tmp_path_factory):
    with Client(served.local_url, download_files=tmp_path_factory.mktemp("downloads")) as client:
        yield client


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


# -- calls ---------------------------------------------------------------------------------
def test_text_by_position_and_keyword_with_defaults(client):
    assert client.predict("Ann", api_name="/greet") == "Hello, Ann!"
    assert client.predict(name="Bo", greeting="Hi", api_name="greet") == "Hi, Bo!"
    with pytest.raises(TypeError, match="needs a value for 'name'"):
        client.predict(api_name="/greet")
    with pytest.raises(TypeError, match="no parameter nope"):
        client.predict("Ann", nope=1, api_name="/greet")


def test_numbers_and_several_outputs(client):
    assert client.predict(3, 4, api_name="/scale") == (12, 7)


def test_a_generator_gives_each_output(client):
    job = client.submit("abc", api_name="/spell")
    assert list(job) == ["a", "ab", "abc"]
    assert job.result() == "abc" and job.done()
    assert job.status().code == "completed" and job.status().outputs == 3


def test_result_callbacks_see_each_output(client):
    seen = []
    client.submit("ab", api_name="/spell", result_callbacks=seen.append).result(timeout=15)
    assert seen == ["a", "ab"]


def test_progress_updates_are_in_the_status(client):
    STEP.clear()
    job = client.submit(5, api_name="/slow")
    wait_for(lambda: job.status().progress)
    level = job.status().progress[0]
    assert level["progress"] == 0.5 and level["desc"] == "Halfway"
    assert job.status().code == "running" and not job.done()
    STEP.set()
    assert job.result(timeout=15) == 5


def test_result_timeout_leaves_the_job_running(client):
    STEP.clear()
    job = client.submit(1, api_name="/slow")
    with pytest.raises(TimeoutError):
        job.result(timeout=0.1)
    STEP.set()
    assert job.result(timeout=15) == 1


def test_gr_error_arrives_with_its_message_and_title(client):
    with pytest.raises(AppError, match="No way!") as caught:
        client.predict("way", api_name="/refuse")
    assert caught.value.title == "Refused"
    job = client.submit("way", api_name="/refuse")
    with pytest.raises(AppError, match="No way!"):
        list(job)
    assert job.status().code == "failed"


def test_a_value_the_component_refuses_is_an_app_error(client):
    with pytest.raises(AppError):
        client.predict(3, 11, api_name="/scale")  # the slider stops at 10


def test_files_go_up_and_come_back_down(client, tmp_path):
    source = tmp_path / "note.txt"
    source.write_text("quiet words")
    for given in (handle_file(source), str(source)):  # a path works for a file parameter
        result = client.predict(given, api_name="/shout")
        assert Path(result).read_text() == "QUIET WORDS"
        assert Path(result).name == "shout.txt"
    with pytest.raises(FileNotFoundError):
        handle_file(tmp_path / "missing.txt")


def test_file_outputs_stay_file_data_without_downloads(served, tmp_path):
    source = tmp_path / "a.txt"
    source.write_text("x")
    with Client(served.local_url, download_files=False) as plain:
        result = plain.predict(handle_file(source), api_name="/shout")
    assert result["orig_name"] == "shout.txt" and result["url"].startswith(served.local_url)


def test_cancel_stops_a_generator_on_the_server(client):
    GATE.clear()
    job = client.submit("zz", api_name="/endless")
    outputs = iter(job)
    assert next(outputs) == "zz"
    assert job.cancel() is True
    with pytest.raises(JobCancelled):
        job.result(timeout=15)
    assert list(outputs) == []  # iteration ends; no second output
    GATE.set()
    wait_for(lambda: "zz" in STOPPED)
    assert job.cancel() is False  # already ended


def test_several_jobs_at_once(client):
    jobs = [client.submit(f"n{i}", api_name="/greet") for i in range(8)]
    assert [job.result(timeout=15) for job in jobs] == [f"Hello, n{i}!" for i in range(8)]


def test_state_is_kept_across_calls_of_one_client(served):
    with Client(served.local_url) as one, Client(served.local_url) as two:
        assert one.predict("apple", api_name="/add") == 1
        assert one.predict("pear", api_name="/add") == 2
        assert two.predict("plum", api_name="/add") == 1  # another session


def test_a_gr_api_endpoint(client):
    assert client.predict([1, 2, 3, 4], 1, api_name="/slice_list") == [2, 3]


def test_private_endpoints_are_refused(client, served):
    with pytest.raises(AppError, match="no endpoint '/inner'"):
        client.predict("Ann", api_name="/inner")
    private = next(dep.id for dep in served.dependencies if dep.api_name == "inner")
    with pytest.raises(AppError, match="is private"):  # the server refuses it too
        client.predict("Ann", "Hi", fn_index=private)
    # undocumented: callable, not listed
    assert client.predict("Cy", api_name="/quiet") == "Hello, Cy!"
    assert "/quiet" not in client.view_api(print_info=False, return_format="dict")[
        "named_endpoints"]


def test_view_api_lists_names_types_and_defaults(client, capsys):
    client.view_api()
    printed = capsys.readouterr().out
    assert "predict(name, greeting='Hello', api_name='/greet')" in printed
    assert "[Textbox] greeting: str (default 'Hello')" in printed
    assert "[Slider] factor: float (default 2" in printed
    assert "/inner" not in printed and "/quiet" not in printed
    described = client.view_api(print_info=False, return_format="dict")
    params = described["named_endpoints"]["/greet"]["parameters"]
    assert [p["parameter_name"] for p in params] == ["name", "greeting"]
    assert "/quiet" in client.view_api(all_endpoints=True, print_info=False, return_format="str")


def test_hf_token_is_ignored_with_a_warning(served):
    with pytest.warns(ClientWarning, match="hf_token"):
        Client(served.local_url, hf_token="hf_x").close()


# -- auth ------------------------------------------------------------------------------------
def test_auth_on_and_off(serve):
    url = serve(build(), auth=[("ann", "secret-1")])
    with pytest.raises(AuthenticationError, match="login"):
        Client(url)
    with pytest.raises(AuthenticationError, match="refused"):
        Client(url, auth=("ann", "wrong"))
    with Client(url, auth=("ann", "secret-1")) as signed_in:
        assert signed_in.predict("Ann", api_name="/greet") == "Hello, Ann!"
        assert signed_in.predict("kiwi", api_name="/add") == 1


# -- reconnecting ----------------------------------------------------------------------------
class Relay:
    """A TCP relay on loopback to ``port``; ``cut()`` drops every connection at once."""

    def __init__(self, port: int):
        self.upstream = port
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                near, _ = self.server.accept()
            except OSError:
                return
            far = socket.create_connection(("127.0.0.1", self.upstream))
            with self.lock:
                self.sockets += [near, far]
            for a, b in ((near, far), (far, near)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, target):
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for sock in (source, target):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut(self):
        with self.lock:
            cut, self.sockets = self.sockets, []
        for sock in cut:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def close(self):
        self.server.close()
        self.cut()


def test_a_dropped_connection_reconnects_to_the_same_session(served):
    relay = Relay(served.server_port)
    try:
        with Client(f"http://127.0.0.1:{relay.port}/") as client:
            assert client.predict("apple", api_name="/add") == 1
            session = client.session_hash
            GATE.clear()
            running = client.submit("yy", api_name="/endless")
            assert next(iter(running)) == "yy"
            relay.cut()
            with pytest.raises(ConnectionLost, match="dropped"):
                running.result(timeout=15)  # the server cancels a dropped page's jobs
            wait_for(lambda: client.reconnects == 1)
            assert client.session_hash == session
            assert client.predict("pear", api_name="/add") == 2  # the State was kept
    finally:
        GATE.set()
        relay.close()


# -- the package -----------------------------------------------------------------------------
def test_one_small_dependency_and_no_server():
    requires = [r for r in importlib.metadata.requires("blocks-client") or []
                if "extra ==" not in r]  # its tests' extra needs the server
    assert [r.split(">")[0].split("=")[0].strip() for r in requires] == ["websocket-client"]
    code = ("import sys, blocks_client; print(sorted(m for m in "
            "('flask', 'gevent', 'werkzeug', 'blocks') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "[]"
    assert (Path(__import__("blocks_client").__file__).parent / "py.typed").is_file()
