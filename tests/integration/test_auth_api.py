"""The HTTP API and Gradio's clients behind a login: a program signs in like
``gradio_client``'s ``Client(url, auth=(user, password))`` does, and functions see who
called; without the login, or with a wrong password, the client is refused."""

from __future__ import annotations

import json

import pytest
import requests

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client  # noqa: E402
from gradio_client.exceptions import AuthenticationError  # noqa: E402

import blocks as gr  # noqa: E402


def build():
    def whoami(text, request: gr.Request):
        return f"{text}:{request.username}"

    with gr.Blocks() as demo:
        box = gr.Textbox(label="In")
        out = gr.Textbox(label="Out")
        gr.Button("Who").click(whoami, box, out, api_name="whoami")
    return demo


@pytest.fixture(scope="module")
def url():
    demo = build()
    _, local_url, _ = demo.launch(prevent_thread_lock=True, quiet=True,
                                  server_name="127.0.0.1", auth=[("ada", "lovelace")])
    yield local_url
    demo.close()


def test_gradio_client_signs_in_and_calls(url):
    client = Client(url, auth=("ada", "lovelace"), verbose=False)
    assert client.predict("hi", api_name="/whoami") == "hi:ada"
    job = client.submit("again", api_name="/whoami")
    assert job.result(timeout=30) == "again:ada"


def test_gradio_client_is_refused_without_a_login(url):
    with pytest.raises(AuthenticationError):
        Client(url, verbose=False)
    with pytest.raises(AuthenticationError):
        Client(url, auth=("ada", "wrong"), verbose=False)


def test_the_call_api_needs_the_login(url):
    body = {"data": ["x"]}
    assert requests.post(url + "call/whoami", json=body, timeout=10).status_code == 401
    assert requests.post(url + "gradio_api/call/whoami", json=body,
                         timeout=10).status_code == 401
    session = requests.Session()
    assert session.post(url + "login", data={"username": "ada",
                                             "password": "lovelace"}).json() == {"success": True}
    event = session.post(url + "call/whoami", json=body, timeout=10)
    assert event.status_code == 200, event.text
    stream = session.get(url + f"call/whoami/{event.json()['event_id']}", timeout=30)
    data = [line[len("data: "):] for line in stream.text.splitlines()
            if line.startswith("data: ")]
    assert json.loads(data[-1]) == ["x:ada"]
