"""An app made by ``gr.load`` from another running app, used in Chromium.

Two servers on loopback: the remote Blocks app, and the app ``gr.load`` builds
from it (rendered inside an app of its own), whose page a person uses.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from testkit import free_port

import blocks as gr


def remote_app():
    def greet(name, greeting="Hello"):
        """Greet someone."""
        return f"{greeting}, {name}!"

    with gr.Blocks(title="Remote") as demo:
        name = gr.Textbox(label="Name")
        greeting = gr.Textbox(label="Greeting", value="Hello")
        out = gr.Textbox(label="Out")
        gr.Button("Go").click(greet, [name, greeting], out, api_name="greet")
    return demo


@pytest.fixture(scope="module")
def urls():
    remote = remote_app()
    remote.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1",
                  server_port=free_port())
    loaded = gr.load(remote.local_url)
    with gr.Blocks(title="Outer") as outer:
        gr.Markdown("# An app inside an app")
        loaded.render()
    outer.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1",
                 server_port=free_port())
    yield remote.local_url, outer.local_url
    outer.close()
    remote.close()


def test_the_loaded_app_calls_the_remote_one(urls, page):
    remote_url, url = urls
    page.goto(url)
    expect(page.get_by_role("heading", name="An app inside an app")).to_be_visible()
    expect(page.get_by_text(f"Calls the app at {remote_url}")).to_be_visible()
    expect(page.get_by_label("Greeting")).to_have_value("Hello")  # the remote's value
    page.get_by_label("Name").fill("Ann")
    page.get_by_role("button", name="Run").click()
    expect(page.get_by_label("Out")).to_have_value("Hello, Ann!")
