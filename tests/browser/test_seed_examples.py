"""The first examples of the seeds run in Chromium with `import blocks as gr`."""

from playwright.sync_api import expect

import blocks as gr


def test_greet_example(serve, page):
    # events document, "Basic event structure"
    def greet(name):
        return f"Hello, {name}!"

    with gr.Blocks() as demo:
        name_input = gr.Textbox(label="Name")
        output = gr.Textbox(label="Greeting")
        button = gr.Button("Greet")
        button.click(fn=greet, inputs=name_input, outputs=output)

    page.goto(serve(demo))
    page.get_by_label("Name").fill("Ada")
    page.get_by_role("button", name="Greet").click()
    expect(page.get_by_label("Greeting")).to_have_value("Hello, Ada!")


def test_welcome_example(serve, page):
    # Blocks document, "Example Usage"
    def update(name):
        return f"Welcome to Gradio, {name}!"

    with gr.Blocks() as demo:
        gr.Markdown("Start typing below and then click **Run** to see the output.")
        with gr.Row():
            inp = gr.Textbox(placeholder="What is your name?")
            out = gr.Textbox()
        btn = gr.Button("Run")
        btn.click(fn=update, inputs=inp, outputs=out)

    page.goto(serve(demo))
    expect(page.get_by_text("Start typing below")).to_be_visible()
    expect(page.locator("strong", has_text="Run")).to_be_visible()
    page.get_by_placeholder("What is your name?").fill("Grace")
    page.get_by_role("button", name="Run").click()
    # both textboxes are unlabelled, so each is named "Textbox"; the output is the second
    expect(page.get_by_role("textbox", name="Textbox").nth(1)).to_have_value(
        "Welcome to Gradio, Grace!")


def test_change_event_updates_as_you_type(serve, page):
    # events document, "Change events"
    def update(text):
        return text.upper()

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="Type here")
        out = gr.Textbox(label="Uppercase")
        inp.change(fn=update, inputs=inp, outputs=out)

    page.goto(serve(demo))
    page.get_by_label("Type here").press_sequentially("blocks", delay=30)
    expect(page.get_by_label("Uppercase")).to_have_value("BLOCKS")


def test_submit_and_error_message(serve, page):
    def process(text):
        if text == "fail":
            raise gr.Error("Nothing to submit!")
        return f"You submitted: {text}"

    with gr.Blocks() as demo:
        inp = gr.Textbox(label="Press Enter to submit")
        out = gr.Textbox(label="Result")
        inp.submit(fn=process, inputs=inp, outputs=out)

    page.goto(serve(demo))
    box = page.get_by_label("Press Enter to submit")
    box.fill("fail")
    box.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Nothing to submit!")
    box.fill("hello")
    box.press("Enter")
    expect(page.get_by_label("Result")).to_have_value("You submitted: hello")
