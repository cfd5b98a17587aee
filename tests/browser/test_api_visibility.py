"""Private listeners in Chromium: the app's own page runs them, programs cannot."""

import requests
from playwright.sync_api import expect

import blocks as gr


def test_the_apps_page_runs_private_and_unnamed_listeners(serve, page):
    with gr.Blocks() as demo:
        text = gr.Textbox(label="Text")
        shout = gr.Textbox(label="Shout")
        whisper = gr.Textbox(label="Whisper")
        gr.Button("Shout").click(lambda t: t.upper(), text, shout, api_name="shout",
                                 api_visibility="private")
        gr.Button("Whisper").click(lambda t: t.lower(), text, whisper, api_name=False)

    url = serve(demo)
    page.goto(url)
    page.get_by_label("Text").fill("Hello There")
    page.get_by_role("button", name="Shout").click()
    expect(page.get_by_label("Shout")).to_have_value("HELLO THERE")
    page.get_by_role("button", name="Whisper").click()
    expect(page.get_by_label("Whisper")).to_have_value("hello there")
    # the same listener is not there for a program
    refused = requests.post(url + "call/shout", json={"data": ["x"]}, timeout=10)
    assert refused.status_code == 404
