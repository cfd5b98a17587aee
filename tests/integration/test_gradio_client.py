"""Gradio's own Python client (``gradio_client`` from PyPI, unchanged) against a Blocks app.

A real server on loopback serves one app for the module; every test uses the
client the way its documentation shows. Waits are bounded polls.
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import threading
import time

import pytest

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client, handle_file  # noqa: E402
from gradio_client.exceptions import AppError  # noqa: E402
from gradio_client.utils import Status  # noqa: E402

import blocks as gr  # noqa: E402

GATE = threading.Event()


def build():
    def greet(name, greeting="Hello"):
        return f"{greeting}, {name}!"

    def spell(word):
        for index in range(len(word)):
            yield word[: index + 1]

    def endless(word):
        yield word
        GATE.wait(timeout=30)
        yield word * 2

    def refuse(text):
        raise gr.Error(f"No {text}!", title="Refused", duration=3)

    def count(text, seen):
        return seen + 1, f"{text} #{seen + 1}"

    def mirror(path):
        return path

    def both(a, b):
        return a.upper(), b.lower()

    def slice_list(lst: list[int], start: int, end: int = 3) -> list[int]:
        """Slice a list."""
        return lst[start:end]

    with gr.Blocks() as demo:
        text = gr.Textbox(label="Name")
        other = gr.Textbox(label="Greeting", value="Hello")
        out = gr.Textbox(label="Out")
        seen = gr.State(0)
        image = gr.Image(type="filepath", label="Picture")
        btn = gr.Button("Go")
        btn.click(greet, [text, other], out, api_name="greet")
        btn.click(spell, text, out, api_name="spell")
        btn.click(endless, text, out, api_name="endless", concurrency_limit=None)
        btn.click(refuse, text, out, api_name="refuse")
        btn.click(count, [text, seen], [seen, out], api_name="count")
        btn.click(mirror, image, image, api_name="mirror")
        btn.click(both, [text, other], [out, other], api_name="both")
        btn.click(greet, [text, other], out, api_name="inner", api_visibility="private")
        gr.api(slice_list)
    return demo


@pytest.fixture(scope="module")
def served():
    demo = build()
    demo.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1")
    yield demo
    GATE.set()
    demo.close()


@pytest.fixture(scope="module")
def client(served):
    client = Client(served.local_url, verbose=False)
    yield client
    client.close()


def wait_for(condition, timeout=15.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


def test_predict_by_position_and_keyword_with_defaults(client):
    assert client.predict("Ann", "Hi", api_name="/greet") == "Hi, Ann!"
    assert client.predict(name="Bo", api_name="/greet") == "Hello, Bo!"  # the default
    assert client.predict("a", "B", api_name="/both") == ("A", "b")


def test_submit_status_and_result(client):
    job = client.submit("Cy", api_name="/greet")
    assert job.result(timeout=15) == "Hello, Cy!"
    status = job.status()
    assert status.code == Status.FINISHED and status.success is True


def test_iterating_over_a_generator(client):
    job = client.submit("abc", api_name="/spell")
    assert list(job) == ["a", "ab", "abc"]
    assert job.outputs() == ["a", "ab", "abc"]
    assert job.result() == "abc"


def test_gr_error_is_the_clients_app_error(client):
    with pytest.raises(AppError) as raised:
        client.predict("way", api_name="/refuse")
    assert raised.value.message == "No way!" and raised.value.title == "Refused"
    assert client.predict("after", api_name="/greet") == "Hello, after!"


def test_cancel_stops_the_job_on_the_server(client, served):
    state = served.app.extensions["blocks"]
    before = state.queue.counts["cancelled"]
    GATE.clear()
    try:
        job = client.submit("z", api_name="/endless")
        wait_for(lambda: job.outputs() == ["z"])
        assert job.cancel() is True
        wait_for(lambda: job.status().code == Status.CANCELLED)
        wait_for(lambda: state.queue.counts["cancelled"] == before + 1)
    finally:
        GATE.set()
    assert client.predict("next", api_name="/greet") == "Hello, next!"


def test_several_jobs_at_once_on_one_client(client):
    jobs = [client.submit(f"n{i}", api_name="/greet") for i in range(6)]
    jobs.append(client.submit("xyz", api_name="/spell"))
    assert [job.result(timeout=30) for job in jobs] == \
        [f"Hello, n{i}!" for i in range(6)] + ["xyz"]


def test_state_lives_in_the_clients_session(served, client):
    assert client.predict("a", api_name="/count") == "a #1"
    assert client.predict("b", api_name="/count") == "b #2"
    other = Client(served.local_url, verbose=False)
    try:
        assert other.predict("c", api_name="/count") == "c #1"
    finally:
        other.close()


def test_files_upload_with_handle_file_and_download(client, tmp_path):
    from PIL import Image
    picture = tmp_path / "dot.png"
    Image.new("RGB", (2, 2), "blue").save(picture)
    result = client.predict(handle_file(str(picture)), api_name="/mirror")
    assert result != str(picture)
    with open(result, "rb") as handle, Image.open(io.BytesIO(handle.read())) as image:
        assert image.size == (2, 2) and image.getpixel((0, 0)) == (0, 0, 255)


def test_view_api(client, capsys):
    info = client.view_api(print_info=False, return_format="dict")
    greet = info["named_endpoints"]["/greet"]
    assert [p["parameter_name"] for p in greet["parameters"]] == ["name", "greeting"]
    assert greet["parameters"][1]["parameter_default"] == "Hello"
    assert "/inner" not in info["named_endpoints"]
    client.view_api()
    assert 'api_name="/greet"' in capsys.readouterr().out


def test_a_gr_api_endpoint_returns_the_functions_value(client):
    # gradio_client maps results onto a listener's output components: gr.api has
    # stand-ins in the config, as in Gradio
    assert client.predict([1, 2, 3, 4, 5], 1, api_name="/slice_list") == [2, 3]
    assert client.predict(lst=[1, 2, 3, 4], start=0, end=1, api_name="/slice_list") == [1]


def test_private_endpoints_cannot_be_called(client):
    with pytest.raises(ValueError, match="Cannot find a function"):
        client.predict("x", api_name="/inner")


def test_a_script_using_the_client_exits(served):
    script = textwrap.dedent(f"""
        from gradio_client import Client
        client = Client({served.local_url!r}, verbose=False)
        print(client.predict("end", api_name="/greet"))
        print(client.submit("ab", api_name="/spell").result())
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["Hello, end!", "ab"]
