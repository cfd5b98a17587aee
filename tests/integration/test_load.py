"""``gr.load``: an app that calls another running app, both served on loopback.

The remote is a Blocks app on one server; the loaded app, built by
``gr.load(url)``, is served by a second and called as a user would (its
functions in Python, its endpoints with blocks_client). The HTTP call API path,
which Gradio apps are loaded through, runs against the remote's ``/gradio_api``
and, when the benchmarks' Gradio 6 environment exists (``.bench/gradio-6``,
made by ``python3 tools/dev.py bench``), against a real Gradio app.
"""

from __future__ import annotations

import subprocess
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
from testkit import free_port

import blocks as gr
from blocks.loading import _build
from blocks.remote import GradioRemote, RemoteError, fetch_json
from blocks_client import AppError, Client

ROOT = Path(__file__).resolve().parents[2]
GRADIO_PYTHON = ROOT / ".bench" / "gradio-6" / "bin" / "python"

REMOTE_APP = '''
def greet(name, greeting="Hello"):
    """Greet someone."""
    return f"{greeting}, {name}!"

def spell(word):
    for index in range(len(word)):
        yield word[: index + 1]

def refuse(text):
    raise gr.Error(f"No {text}!", title="Refused")

def shout(path):
    out = Path(path).with_name("shout.txt")
    out.write_text(Path(path).read_text().upper())
    return str(out)

def add(cart, item):
    cart = [*cart, item]
    return cart, len(cart)

with gr.Blocks(title="Remote") as demo:
    name = gr.Textbox(label="Name")
    greeting = gr.Textbox(label="Greeting", value="Hello")
    out = gr.Textbox(label="Out")
    file_in = gr.File(label="In")
    file_out = gr.File(label="Out file")
    cart = gr.State([])
    count = gr.Number(label="Count")
    go = gr.Button("Go")
    go.click(greet, [name, greeting], out, api_name="greet")
    go.click(spell, name, out, api_name="spell")
    go.click(refuse, name, out, api_name="refuse")
    go.click(shout, file_in, file_out, api_name="shout")
    go.click(add, [cart, name], [cart, count], api_name="add")
    go.click(greet, [name, greeting], out, api_name="inner", api_visibility="private")
'''


def remote_app():
    scope = {"gr": gr, "Path": Path}
    exec(REMOTE_APP, scope)  # the same source serves as a Gradio app below
    return scope["demo"]


@pytest.fixture(scope="module")
def remote():
    demo = remote_app()
    demo.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1",
                server_port=free_port())
    yield demo.local_url
    demo.close()


@pytest.fixture(scope="module")
def loaded(remote):
    demo = gr.load(remote)
    demo.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1",
                server_port=free_port())
    yield demo
    demo.close()


def test_the_loaded_app_has_the_remote_public_endpoints(loaded):
    from blocks.api_info import endpoints
    assert [e.path for e in endpoints(loaded)] == ["/greet", "/spell", "/refuse", "/shout",
                                                   "/add"]  # not /inner
    labels = [getattr(block, "label", None) for block in loaded.blocks.values()]
    assert {"Name", "Greeting", "Out", "In", "Out file", "Count"} <= set(labels)
    greeting = next(b for b in loaded.blocks.values() if getattr(b, "label", None) == "Greeting")
    assert greeting.value == "Hello"  # the remote's props, rebuilt


def test_called_as_a_function(loaded):
    assert loaded("Ann", "Hi", api_name="/greet") == "Hi, Ann!"
    assert loaded("Ann", api_name="/greet") == "Hello, Ann!"  # the remote default
    assert loaded("abc", api_name="/spell") == "abc"
    with pytest.raises(gr.Error, match="No way!") as caught:
        loaded("way", api_name="/refuse")
    assert caught.value.title == "Refused"


def test_served_and_called_by_a_client(loaded, tmp_path):
    with Client(loaded.local_url, download_files=tmp_path / "down") as client:
        assert client.predict("Bo", api_name="/greet") == "Hello, Bo!"
        assert list(client.submit("xyz", api_name="/spell")) == ["x", "xy", "xyz"]
        with pytest.raises(AppError, match="No way!"):
            client.predict("way", api_name="/refuse")
        source = tmp_path / "note.txt"
        source.write_text("through two servers")
        result = client.predict(str(source), api_name="/shout")
        assert Path(result).read_text() == "THROUGH TWO SERVERS"


def test_each_local_session_has_its_own_remote_session(loaded):
    with Client(loaded.local_url) as one, Client(loaded.local_url) as two:
        assert one.predict("apple", api_name="/add") == 1
        assert one.predict("pear", api_name="/add") == 2
        assert two.predict("plum", api_name="/add") == 1


def test_the_http_call_api_path(remote, tmp_path):
    # how a Gradio app is loaded: /gradio_api/call, its events, /gradio_api/upload
    url = remote.rstrip("/")
    demo = _build(url, fetch_json(url + "/config"), fetch_json(url + "/gradio_api/info"),
                  GradioRemote(url, "/gradio_api"))
    assert demo("Cy", api_name="/greet") == "Hello, Cy!"
    assert demo("ab", api_name="/spell") == "ab"
    with pytest.raises(gr.Error, match="No way!"):
        demo("way", api_name="/refuse")
    source = tmp_path / "a.txt"
    source.write_text("quiet")
    assert Path(demo(str(source), api_name="/shout")).read_text() == "QUIET"


@pytest.fixture(scope="module")
def gradio_app(tmp_path_factory):
    if not GRADIO_PYTHON.exists():
        pytest.skip("Gradio 6 is not installed in .bench/gradio-6 "
                    "(python3 tools/dev.py bench -- api makes it)")
    script = tmp_path_factory.mktemp("gradio") / "app.py"
    port = free_port()
    script.write_text("import gradio as gr\nfrom pathlib import Path\n" + REMOTE_APP +
                      textwrap.dedent(f"""
                      demo.launch(server_name="127.0.0.1", server_port={port})
                      """))
    process = subprocess.Popen([str(GRADIO_PYTHON), str(script)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL,
                               env={"GRADIO_ANALYTICS_ENABLED": "False", "PATH": "/usr/bin"})
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while True:
        try:
            urllib.request.urlopen(url + "config", timeout=5).close()
            break
        except OSError:
            assert process.poll() is None, "the Gradio app stopped"
            assert time.monotonic() < deadline, "the Gradio app did not start"
            time.sleep(0.5)
    yield url
    process.terminate()
    process.wait(timeout=30)


def test_a_real_gradio_app(gradio_app, tmp_path):
    demo = gr.load(gradio_app)
    assert "blocks_version" not in fetch_json(gradio_app + "config")
    assert demo("Ann", api_name="/greet") == "Hello, Ann!"
    assert demo("abc", api_name="/spell") == "abc"
    with pytest.raises(gr.Error, match="No way!"):
        demo("way", api_name="/refuse")
    source = tmp_path / "b.txt"
    source.write_text("gradio")
    assert Path(demo(str(source), api_name="/shout")).read_text() == "GRADIO"


@pytest.mark.parametrize("name, src", [
    ("models/gpt2", None), ("spaces/gradio/hello_world", None), ("gpt2", "models"),
    ("gradio/hello_world", "spaces"), ("gradio/hello_world", None),
    ("https://gradio-hello-world.hf.space", None)])
def test_hugging_face_ids_say_the_hub_is_not_reachable(name, src):
    with pytest.raises(RemoteError, match="not reachable from Blocks") as caught:
        gr.load(name, src=src)
    assert "gr.load(\"http://127.0.0.1:7860/\")" in str(caught.value)
    assert caught.value.__traceback__.tb_next is None or \
        "loading.py" in caught.value.__traceback__.tb_next.tb_frame.f_code.co_filename


def test_an_unreachable_url_says_so():
    with pytest.raises(RemoteError, match="Could not reach"):
        gr.load(f"http://127.0.0.1:{free_port()}/")


def test_hub_keywords_warn(remote):
    with pytest.warns(gr.BlocksWarning, match="hf_token"):
        gr.load(remote, hf_token="hf_x")


def test_blocks_load_and_interface_load_on_the_class(remote):
    assert gr.Blocks.load(name=remote)("Di", api_name="/greet") == "Hello, Di!"
    assert gr.Interface.load(src=remote)("Ed", api_name="/greet") == "Hello, Ed!"
    with gr.Blocks() as demo:  # on an app, load stays its load event
        listener = demo.load(lambda: None)
    assert listener.dependency.targets == [(demo, "load")]


def test_rendered_inside_another_app(remote):
    loaded = gr.load(remote)
    with gr.Blocks() as outer:
        gr.Markdown("Outer")
        loaded.render()
    assert outer("Fy", api_name="/greet") == "Hello, Fy!"

