"""The event model in Chromium: the seeds' events document, found by role and label."""

import datetime
import re
import threading
import time

from playwright.sync_api import expect

import blocks as gr


def test_then_chain(serve, page):
    def step1(text):
        return text.upper()

    def step2(text):
        return text + "!!!"

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="In")
        mid = gr.Textbox(label="Mid")
        out = gr.Textbox(label="Out")
        btn = gr.Button("Process")
        btn.click(fn=step1, inputs=inp, outputs=mid).then(fn=step2, inputs=mid, outputs=out)

    page.goto(serve(demo))
    page.get_by_label("In").fill("chain")
    page.get_by_role("button", name="Process").click()
    expect(page.get_by_label("Mid")).to_have_value("CHAIN")
    expect(page.get_by_label("Out")).to_have_value("CHAIN!!!")


def test_success_and_failure(serve, page):
    def risky_operation(x):
        if x < 0:
            raise ValueError("Negative numbers not allowed!")
        return x * 2

    def on_success():
        return "Operation completed successfully!"

    def on_failure():
        return "Operation failed!"

    with gr.Blocks() as demo:
        inp = gr.Number(label="Input")
        out = gr.Number(label="Output")
        status = gr.Textbox(label="Status")
        btn = gr.Button("Calculate")
        btn.click(fn=risky_operation, inputs=inp, outputs=out).success(
            fn=on_success, inputs=None, outputs=status).failure(
            fn=on_failure, inputs=None, outputs=status)

    page.goto(serve(demo))
    page.get_by_label("Input").fill("21")
    page.get_by_role("button", name="Calculate").click()
    expect(page.get_by_label("Output")).to_have_value("42")
    expect(page.get_by_label("Status")).to_have_value("Operation completed successfully!")
    page.get_by_label("Input").fill("-1")
    page.get_by_role("button", name="Calculate").click()
    expect(page.get_by_label("Status")).to_have_value("Operation failed!")
    expect(page.get_by_role("alert").first).to_be_visible()


def test_dict_return_updates_one_of_two_outputs(serve, page):
    with gr.Blocks() as demo:
        food_box = gr.Number(value=10, label="Food Count")
        status_box = gr.Textbox(label="Status")

        def eat(food):
            if food > 0:
                return {food_box: food - 1, status_box: "full"}
            return {status_box: "hungry"}

        gr.Button("Eat").click(fn=eat, inputs=food_box, outputs=[food_box, status_box])

    page.goto(serve(demo))
    page.get_by_role("button", name="Eat").click()
    expect(page.get_by_label("Status")).to_have_value("full")
    expect(page.get_by_label("Food Count")).to_have_value("9")
    page.get_by_label("Food Count").fill("0")
    page.get_by_role("button", name="Eat").click()
    expect(page.get_by_label("Status")).to_have_value("hungry")
    expect(page.get_by_label("Food Count")).to_have_value("0")


def test_visibility_toggle_by_returning_a_component(serve, page):
    def change_textbox(choice):
        if choice == "short":
            return gr.Textbox(lines=2, visible=True)
        if choice == "long":
            return gr.Textbox(lines=8, visible=True, value="Lorem ipsum dolor sit amet")
        return gr.Textbox(visible=False)

    with gr.Blocks() as demo:
        radio = gr.Radio(["short", "long", "none"], label="What kind of essay?")
        text = gr.Textbox(lines=2, interactive=True, label="Essay")
        radio.change(fn=change_textbox, inputs=radio, outputs=text)

    page.goto(serve(demo))
    page.get_by_label("none").check()
    expect(page.get_by_label("Essay")).to_be_hidden()
    page.get_by_label("long").check()
    expect(page.get_by_label("Essay")).to_be_visible()
    expect(page.get_by_label("Essay")).to_have_value("Lorem ipsum dolor sit amet")


def test_streaming_generator(serve, page):
    release = threading.Event()

    def stream_data(text):
        words = []
        for word in text.split():
            words.append(word)
            yield " ".join(words)
            release.wait(5)

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="Text")
        out = gr.Textbox(label="Streamed")
        gr.Button("Stream").click(fn=stream_data, inputs=inp, outputs=out)

    page.goto(serve(demo))
    page.get_by_label("Text").fill("one two three")
    page.get_by_role("button", name="Stream").click()
    expect(page.get_by_label("Streamed")).to_have_value("one")  # the first yield, alone
    release.set()
    expect(page.get_by_label("Streamed")).to_have_value("one two three")


def test_gr_on_with_a_button_and_enter(serve, page):
    def process(text):
        return text.upper()

    with gr.Blocks() as demo:
        textbox = gr.Textbox(label="Words")
        button = gr.Button("Submit")
        output = gr.Textbox(label="Result")
        gr.on(triggers=[button.click, textbox.submit], fn=process, inputs=textbox,
              outputs=output)

    assert len(demo.dependencies) == 1
    page.goto(serve(demo))
    page.get_by_label("Words").fill("clicked")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_label("Result")).to_have_value("CLICKED")
    page.get_by_label("Words").fill("entered")
    page.get_by_label("Words").press("Enter")
    expect(page.get_by_label("Result")).to_have_value("ENTERED")


def test_function_as_value_product(serve, page):
    with gr.Blocks() as demo:
        num1 = gr.Number(value=4, label="a")
        num2 = gr.Number(value=5, label="b")
        gr.Number(lambda a, b: a * b, inputs=[num1, num2], label="product")

    page.goto(serve(demo))
    expect(page.get_by_label("product")).to_have_value("20")  # computed on load
    page.get_by_label("a", exact=True).fill("6")
    expect(page.get_by_label("product")).to_have_value("30")


def test_stop_button_cancels_a_running_generator(serve, page):
    steps = []

    def long_process(x):
        for i in range(50):
            steps.append(i)
            time.sleep(0.1)
            yield f"Step {i}: {x}"

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="Job")
        out = gr.Textbox(label="Progress")
        start_btn = gr.Button("Start")
        stop_btn = gr.Button("Stop")
        click_event = start_btn.click(fn=long_process, inputs=inp, outputs=out)
        stop_btn.click(fn=None, inputs=None, outputs=None, cancels=[click_event])

    page.goto(serve(demo))
    page.get_by_label("Job").fill("x")
    page.get_by_role("button", name="Start").click()
    # any step: the exact one a poll catches depends on the machine's load
    expect(page.get_by_label("Progress")).to_have_value(re.compile(r"^Step \d+: x$"))
    page.get_by_role("button", name="Stop").click()
    time.sleep(0.6)
    stopped_at = len(steps)
    time.sleep(0.5)
    assert len(steps) == stopped_at < 50
    expect(page.locator("[aria-busy=true]")).to_have_count(0)


def test_error_warning_and_info_toasts(serve, page):
    def act(kind):
        if kind == "error":
            raise gr.Error("Cannot divide by zero!")
        if kind == "warning":
            gr.Warning("Careful now")
        gr.Info("All good", duration=None)
        return kind

    with gr.Blocks() as demo:
        kind = gr.Textbox(label="Kind")
        out = gr.Textbox(label="Done")
        gr.Button("Act").click(act, kind, out)

    page.goto(serve(demo))
    page.get_by_label("Kind").fill("error")
    page.get_by_role("button", name="Act").click()
    alert = page.get_by_role("alert").filter(has_text="Cannot divide by zero!")
    expect(alert).to_be_visible()
    alert.get_by_role("button", name="Close notification").click()
    expect(alert).to_have_count(0)
    page.get_by_label("Kind").fill("warning")
    page.get_by_role("button", name="Act").click()
    expect(page.get_by_role("alert").filter(has_text="Careful now")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="All good")).to_be_visible()
    expect(page.get_by_label("Done")).to_have_value("warning")


def test_progress_bar(serve, page):
    gate = threading.Event()

    def slow(text, progress=gr.Progress()):
        progress(0, desc="Starting")
        for i in progress.tqdm(range(4), desc="Working"):
            if i == 2:
                gate.wait(5)
        return text

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="In")
        out = gr.Textbox(label="Out")
        gr.Button("Go").click(slow, inp, out)

    page.goto(serve(demo))
    page.get_by_label("In").fill("done")
    page.get_by_role("button", name="Go").click()
    bar = page.get_by_role("progressbar", name="Working")
    expect(bar).to_have_attribute("aria-valuenow", "50")
    gate.set()
    expect(page.get_by_label("Out")).to_have_value("done")
    expect(bar).to_have_count(0)


def test_input_event_only_on_user_input(serve, page):
    calls = []

    def count_chars(text):
        calls.append(text)
        return f"Character count: {len(text)}"

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="Type here")
        out = gr.Textbox(label="Count")
        inp.input(fn=count_chars, inputs=inp, outputs=out)
        gr.Button("Set").click(lambda: "set by code", None, inp)

    page.goto(serve(demo))
    page.get_by_label("Type here").fill("abc")
    expect(page.get_by_label("Count")).to_have_value("Character count: 3")
    before = len(calls)
    page.get_by_role("button", name="Set", exact=True).click()
    expect(page.get_by_label("Type here")).to_have_value("set by code")
    time.sleep(0.3)
    assert len(calls) == before  # a programmatic update is not user input


def test_change_fires_on_programmatic_updates(serve, page):
    with gr.Blocks() as demo:
        source = gr.Textbox(label="Source")
        copy = gr.Textbox(label="Copy")
        shout = gr.Textbox(label="Shout")
        gr.Button("Copy").click(lambda s: s, source, copy)
        copy.change(lambda s: s.upper(), copy, shout)

    page.goto(serve(demo))
    page.get_by_label("Source").fill("quiet")
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_label("Shout")).to_have_value("QUIET")


def test_load_event(serve, page):
    def get_time():
        return f"Page loaded at {datetime.datetime.now()}"

    with gr.Blocks() as demo:
        output = gr.Textbox(label="Loaded")
        demo.load(fn=get_time, inputs=None, outputs=output)

    page.goto(serve(demo))
    expect(page.get_by_label("Loaded")).to_have_value(
        __import__("re").compile(r"^Page loaded at \d{4}-"))


def test_js_before_fn_and_js_alone(serve, page):
    with gr.Blocks() as demo:
        inp = gr.Textbox(label="In")
        out = gr.Textbox(label="Out")
        gr.Button("Submit").click(fn=lambda x: x.upper(), inputs=inp, outputs=out,
                                  js="(x) => x + ' from js'")
        gr.Button("Reverse in browser").click(None, inp, out,
                                              js="(x) => [...x].reverse().join('')")

    page.goto(serve(demo))
    page.get_by_label("In").fill("abc")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_label("Out")).to_have_value("ABC FROM JS")
    page.get_by_role("button", name="Reverse in browser").click()
    expect(page.get_by_label("Out")).to_have_value("cba")


def test_client_side_function_hides_a_row(serve, page):
    seen = []
    with gr.Blocks() as demo:
        with gr.Row() as row:
            btn = gr.Button("Hide this row")

        def hide():
            seen.append(True)
            return gr.Row(visible=False)

        btn.click(hide, None, row, js=True)

    page.goto(serve(demo))
    page.get_by_role("button", name="Hide this row").click()
    expect(page.get_by_role("button", name="Hide this row")).to_be_hidden()
    deadline = time.time() + 5
    while len(seen) < 2 and time.time() < deadline:  # once at build, once from the event
        time.sleep(0.05)
    assert len(seen) == 2


def test_validator_marks_the_input(serve, page):
    def check(age):
        return gr.validate(age is not None and age >= 0, "Age cannot be negative")

    with gr.Blocks() as demo:
        age = gr.Number(label="Age")
        out = gr.Textbox(label="Result")
        gr.Button("Check").click(lambda a: f"ok {a:g}", age, out, validator=check)

    page.goto(serve(demo))
    page.get_by_label("Age").fill("-3")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("Age cannot be negative").first).to_be_visible()
    expect(page.get_by_label("Result")).to_have_value("")
    page.get_by_label("Age").fill("30")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_label("Result")).to_have_value("ok 30")


def test_timer_ticks_and_stops(serve, page):
    ticks = []

    def tick():
        ticks.append(1)
        return str(len(ticks))

    with gr.Blocks() as demo:
        timer = gr.Timer(0.1)
        count = gr.Textbox(label="Ticks")
        timer.tick(tick, None, count)
        gr.Button("Stop timer").click(lambda: gr.Timer(active=False), None, timer)

    page.goto(serve(demo))
    expect(page.get_by_label("Ticks")).to_have_value(__import__("re").compile(r"^([3-9]|\d\d+)$"))
    page.get_by_role("button", name="Stop timer").click()
    time.sleep(0.4)
    stopped = len(ticks)
    time.sleep(0.5)
    assert len(ticks) <= stopped + 1
