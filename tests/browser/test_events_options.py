"""Listener options and event data in Chromium."""

import threading
import time

from playwright.sync_api import expect

import blocks as gr


def slow_counter(mode):
    calls = []
    gate = threading.Event()

    def slow_process(x):
        calls.append(x)
        gate.wait(5)
        return x * 2

    with gr.Blocks() as demo:
        inp = gr.Number(label="In")
        out = gr.Number(label="Out")
        gr.Button("Process").click(fn=slow_process, inputs=inp, outputs=out,
                                   trigger_mode=mode, concurrency_limit=None)
    return demo, calls, gate


def test_trigger_mode_once_ignores_clicks_while_pending(serve, page):
    demo, calls, gate = slow_counter("once")
    page.goto(serve(demo))
    page.get_by_label("In").fill("1")
    for _ in range(3):
        page.get_by_role("button", name="Process").click()
    time.sleep(0.3)
    gate.set()
    expect(page.get_by_label("Out")).to_have_value("2")
    time.sleep(0.3)
    assert calls == [1]


def test_trigger_mode_multiple_sends_every_click(serve, page):
    demo, calls, gate = slow_counter("multiple")
    page.goto(serve(demo))
    page.get_by_label("In").fill("1")
    for _ in range(3):
        page.get_by_role("button", name="Process").click()
    gate.set()
    expect(page.get_by_label("Out")).to_have_value("2")
    deadline = time.time() + 5
    while len(calls) < 3 and time.time() < deadline:
        time.sleep(0.05)
    assert calls == [1, 1, 1]


def test_trigger_mode_always_last_runs_the_latest_after(serve, page):
    demo, calls, gate = slow_counter("always_last")
    page.goto(serve(demo))
    box = page.get_by_label("In")
    box.fill("1")
    page.get_by_role("button", name="Process").click()
    for value in ("2", "3"):
        box.fill(value)
        page.get_by_role("button", name="Process").click()
    gate.set()
    expect(page.get_by_label("Out")).to_have_value("6")
    assert calls == [1, 3]  # the intermediate value 2 was replaced by 3


def test_js_alert_runs_before_the_function(serve, page):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    with gr.Blocks() as demo:
        inp = gr.Textbox(label="In")
        out = gr.Textbox(label="Out")
        btn = gr.Button("Submit")
        btn.click(fn=lambda x: x.upper(), inputs=inp, outputs=out,
                  js="() => alert('Processing started!')")

    page.goto(serve(demo))
    page.get_by_label("In").fill("hey")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_label("Out")).to_have_value("HEY")
    assert dialogs == ["Processing started!"]


def test_event_parameters_example(serve, page):
    def process(text):
        return text[::-1]

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="In")
        out = gr.Textbox(label="Out")
        button = gr.Button("Go")
        button.click(fn=process, inputs=inp, outputs=out, queue=True, concurrency_limit=3,
                     trigger_mode="once", show_progress="full", scroll_to_output=True,
                     api_name="process_text", api_visibility="public")

    assert demo.dependencies[0].api_name == "process_text"
    page.goto(serve(demo))
    page.get_by_label("In").fill("abc")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_label("Out")).to_have_value("cba")


def test_show_progress_hidden_and_minimal(serve, page):
    gate = threading.Event()

    def wait(x):
        gate.wait(5)
        return x

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="Source")
        hidden = gr.Textbox(label="Hidden")
        minimal = gr.Textbox(label="Minimal")
        gr.Button("Go").click(wait, inp, hidden, show_progress="hidden")
        gr.Button("Go").click(wait, inp, minimal, show_progress="minimal",
                              concurrency_id="other")

    page.goto(serve(demo))
    page.get_by_label("Source").fill("x")
    for button in page.get_by_role("button", name="Go").all():
        button.click()
    minimal_block = page.locator("blocks-textbox").filter(has=page.get_by_label("Minimal"))
    hidden_block = page.locator("blocks-textbox").filter(has=page.get_by_label("Hidden"))
    expect(minimal_block.get_by_role("status")).to_have_count(1)
    expect(hidden_block.get_by_role("status")).to_have_count(0)
    expect(hidden_block).not_to_have_attribute("aria-busy", "true")
    gate.set()
    expect(page.get_by_label("Minimal")).to_have_value("x")


def test_select_data_and_key_up_data(serve, page):
    def on_select(evt: gr.SelectData):
        return f"Index: {evt.index}, Value: {evt.value}, Selected: {evt.selected}"

    def on_key(evt: gr.KeyUpData):
        return f"Key: {evt.key}, Input: {evt.input_value}"

    with gr.Blocks() as demo:
        radio = gr.Radio(["a", "b", "c"], label="Letter")
        dropdown = gr.Dropdown(["a", "b", "c"], allow_custom_value=True, label="Free text")
        picked = gr.Textbox(label="Picked")
        keys = gr.Textbox(label="Keys")
        radio.select(fn=on_select, inputs=None, outputs=picked)
        dropdown.key_up(fn=on_key, inputs=None, outputs=keys)

    page.goto(serve(demo))
    page.get_by_label("b", exact=True).check()
    expect(page.get_by_label("Picked")).to_have_value("Index: 1, Value: b, Selected: True")
    page.get_by_label("Free text").fill("")
    page.get_by_label("Free text").press_sequentially("xy", delay=50)
    expect(page.get_by_label("Keys")).to_have_value("Key: y, Input: xy")


def test_request_is_injected(serve, page):
    def who(text, request: gr.Request):
        return (f"{request.client.host} {request.query_params.get('lang')} "
                f"{bool(request.session_hash)} {'Mozilla' in request.headers['user-agent']}")

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="In")
        out = gr.Textbox(label="Out")
        gr.Button("Who").click(who, inp, out)

    page.goto(serve(demo) + "?lang=fr")
    page.get_by_role("button", name="Who").click()
    expect(page.get_by_label("Out")).to_have_value("127.0.0.1 fr True True")


def test_every_refreshes_a_function_value(serve, page):
    counter = iter(range(10_000))
    with gr.Blocks() as demo:
        gr.Textbox(lambda: str(next(counter)), every=0.1, label="Counter")

    page.goto(serve(demo))
    expect(page.get_by_label("Counter")).to_have_value(__import__("re").compile(r"^[3-9]$|\d\d"))


def test_preprocess_false_passes_wire_values(serve, page):
    with gr.Blocks() as demo:
        inp = gr.Number(label="In", precision=0)
        out = gr.Textbox(label="Raw")
        gr.Button("Raw").click(lambda v: repr(v), inp, out, preprocess=False)

    page.goto(serve(demo))
    page.get_by_label("In").fill("2.6")
    page.get_by_role("button", name="Raw").click()
    expect(page.get_by_label("Raw")).to_have_value("2.6")  # not rounded by preprocess


def test_show_progress_on_and_scroll_to_output(serve, page):
    gate = threading.Event()

    def slow(x):
        gate.wait(5)
        return x

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="Source")
        elsewhere = gr.Textbox(label="Spinner here")
        go = gr.Button("Go")
        gr.HTML("<div style='height: 2500px'>tall spacer</div>")
        out = gr.Textbox(label="Far below")
        go.click(slow, inp, out, show_progress_on=elsewhere, scroll_to_output=True)

    page.set_viewport_size({"width": 800, "height": 600})
    page.goto(serve(demo))
    page.get_by_label("Source").fill("x")
    page.get_by_role("button", name="Go").click()
    spinner_block = page.locator("blocks-textbox").filter(has=page.get_by_label("Spinner here"))
    out_block = page.locator("blocks-textbox").filter(has=page.get_by_label("Far below"))
    expect(spinner_block).to_have_attribute("aria-busy", "true")
    expect(out_block).not_to_have_attribute("aria-busy", "true")
    assert page.evaluate("window.scrollY") == 0
    gate.set()
    expect(page.get_by_label("Far below")).to_have_value("x")
    expect(page.get_by_label("Far below")).to_be_in_viewport()


def test_image_with_preprocess_false_gets_the_file_data(serve, page, tmp_path):
    import numpy as np
    from PIL import Image as PILImage

    path = tmp_path / "dot.png"
    PILImage.fromarray(np.zeros((4, 4, 3), dtype=np.uint8)).save(path)
    with gr.Blocks() as demo:
        image = gr.Image(label="Picture", type="pil")
        result = gr.Textbox(label="Raw")
        gr.Button("Inspect").click(lambda raw: f"{raw['orig_name']} {raw['mime_type']}",
                                   image, result, preprocess=False)

    page.goto(serve(demo))
    page.get_by_label("Picture").set_input_files(str(path))
    expect(page.get_by_role("img", name="Picture")).to_be_visible()
    page.get_by_role("button", name="Inspect").click()
    expect(page.get_by_label("Raw")).to_have_value("dot.png image/png")
