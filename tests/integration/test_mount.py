"""gr.mount_gradio_app: a Blocks served under /demo of an existing Flask app.

The outer Flask app (with a route of its own) is served by Blocks' gevent server
on loopback; the page (Chromium), the websocket, uploads and the HTTP API work
under the prefix, and ``auth_dependency`` guards all of them.
"""

from __future__ import annotations

import json

import pytest
import requests
import websocket
from flask import Flask
from playwright.sync_api import expect

import blocks as gr
from blocks.server.launch import Server


def build():
    with gr.Blocks(title="Mounted") as demo:
        name = gr.Textbox(label="Name")
        out = gr.Textbox(label="Greeting")
        gr.Button("Greet").click(lambda n: f"Hello, {n}!", name, out, api_name="greet")
    return demo


@pytest.fixture(scope="module")
def outer():
    app = Flask("outer")

    @app.get("/")
    def home():
        return "the outer app"

    demo = build()
    returned = gr.mount_gradio_app(app, demo, "/demo/",
                                   auth_dependency=lambda request: request.cookies.get("user"))
    assert returned is app
    server = Server(app, "127.0.0.1", None, state=demo.app.extensions["blocks"])
    server.start()
    yield f"http://127.0.0.1:{server.port}/"
    server.stop()


COOKIE = {"Cookie": "user=ann"}


def test_outer_routes_stay_and_the_demo_needs_the_dependency(outer):
    assert requests.get(outer, timeout=10).text == "the outer app"
    refused = requests.get(outer + "demo/config", timeout=10)
    assert refused.status_code == 401
    page = requests.get(outer + "demo/", headers=COOKIE, timeout=10)
    assert page.status_code == 200 and "/demo/assets/v-" in page.text
    assert websocket_refused(outer.replace("http", "ws") + "demo/ws")


def websocket_refused(url) -> bool:
    """Refused before the handshake (401), or closed at once (4401) without a session."""
    try:
        ws = websocket.create_connection(url, timeout=10)
    except websocket.WebSocketBadStatusException as refusal:
        return refusal.status_code == 401
    try:
        while message := ws.recv():  # "" once the server closed it
            if json.loads(message)["type"] == "session":
                return False
    except websocket.WebSocketConnectionClosedException:
        pass
    finally:
        ws.close()
    return True


def test_websocket_upload_and_api_under_the_prefix(outer):
    ws = websocket.create_connection(outer.replace("http", "ws") + "demo/ws", timeout=10,
                                     header=["Cookie: user=ann"])
    try:
        assert json.loads(ws.recv())["type"] == "session"
        ws.send(json.dumps({"type": "event", "id": "j1", "fn": 0, "data": ["Bo"]}))
        while (message := json.loads(ws.recv()))["type"] != "output":
            pass
        assert message["data"] == [{"value": "Hello, Bo!"}]
    finally:
        ws.close()
    uploaded = requests.post(outer + "demo/upload", files={"files": ("a.txt", b"x")},
                             headers=COOKIE, timeout=10)
    assert uploaded.status_code == 200
    call = requests.post(outer + "demo/call/greet", json={"data": ["Cy"]}, headers=COOKIE,
                         timeout=10).json()
    events = requests.get(f"{outer}demo/call/greet/{call['event_id']}", headers=COOKIE,
                          timeout=10).text
    assert 'data: ["Hello, Cy!"]' in events
    config = requests.get(outer + "demo/config", headers=COOKIE, timeout=10).json()
    assert config["root"] == outer + "demo"


def test_the_page_works_in_chromium(outer, browser):
    context = browser.new_context()
    context.add_cookies([{"name": "user", "value": "ann", "url": outer}])
    page = context.new_page()
    try:
        page.goto(outer + "demo/")
        page.get_by_label("Name").fill("Di")
        page.get_by_role("button", name="Greet").click()
        expect(page.get_by_label("Greeting")).to_have_value("Hello, Di!")
    finally:
        context.close()


def test_any_wsgi_app_and_bad_arguments():
    def plain(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"plain"]

    combined = gr.mount_gradio_app(plain, build(), "/demo")
    from werkzeug.test import Client
    client = Client(combined)
    assert client.get("/").get_data() == b"plain"
    assert b"/demo/assets/v-" in client.get("/demo/").get_data()
    with pytest.raises(ValueError, match="path other than '/'"):
        gr.mount_gradio_app(plain, build(), "/")
    with pytest.raises(TypeError, match="bogus"):
        gr.mount_gradio_app(plain, build(), "/demo", bogus=1)
    with pytest.warns(gr.BlocksWarning, match="server_port"):
        gr.mount_gradio_app(plain, build(), "/demo", server_port=9999)
