"""The seeds' gr.Interface and gr.Examples examples, run in Chromium with `import blocks as gr`."""

from __future__ import annotations

from playwright.sync_api import expect

import blocks as gr


def open_app(page, url):
    page.goto(url)
    page.wait_for_function("() => window.blocksApp?.loaded === true", timeout=60_000)


def test_greet_interface(serve, page):
    # sharing guide, "Sharing Demos" (and "Progressive Web Apps")
    def greet(name):
        return "Hello " + name + "!"

    demo = gr.Interface(fn=greet, inputs="textbox", outputs="textbox")
    open_app(page, serve(demo))
    page.get_by_role("textbox").first.fill("Ada")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("textbox").nth(1)).to_have_value("Hello Ada!")


def test_request_interface(serve, page):
    # sharing guide, "Accessing the Network Request Directly"
    def echo(text, request: gr.Request):
        if request:
            return f"{text} from {request.client.host}"
        return text

    demo = gr.Interface(echo, "textbox", "textbox")
    open_app(page, serve(demo))
    page.get_by_role("textbox").first.fill("ping")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("textbox").nth(1)).to_have_value("ping from 127.0.0.1")
    assert demo("direct") == "direct"  # called as a function: no request


def test_image_interface_with_an_upload_limit(serve, page, tmp_path):
    # file access guide, "Limiting file upload size"
    from PIL import Image
    picture = tmp_path / "red.png"
    Image.new("RGB", (4, 3), "red").save(picture)
    demo = gr.Interface(lambda x: x, "image", "image")
    open_app(page, serve(demo, max_file_size="5mb"))
    page.get_by_label("Image").first.set_input_files(str(picture))
    expect(page.get_by_role("img", name="Image")).to_have_count(1)  # the upload, shown
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("img", name="Image")).to_have_count(2)  # and the output


def test_examples_before_their_textbox(serve, page):
    # layout guide, "Defining and Rendering Components Separately"
    input_textbox = gr.Textbox()
    with gr.Blocks() as demo:
        gr.Examples(["hello", "bonjour", "merhaba"], input_textbox)
        input_textbox.render()
    open_app(page, serve(demo))
    page.get_by_role("button", name="bonjour").click()
    expect(page.get_by_role("textbox")).to_have_value("bonjour")
    page.get_by_role("textbox").fill("still editable")  # examples leave the input editable


def test_interface_as_a_function():
    # "Using Blocks Like Functions": demo("Hello", "friend") runs the first event
    demo = gr.Interface(lambda a, b: f"{a}, {b}!", ["text", "text"], "text")
    assert demo("Hello", "friend") == "Hello, friend!"
