"""gr.ChatInterface in Chromium: additional inputs, multimodal messages, streaming with a
stop, cached examples, retry/undo/edit, saved conversations and feedback."""

from __future__ import annotations

import csv
import threading
import time

from playwright.sync_api import expect

import blocks as gr


def send(page, text):
    box = page.get_by_role("textbox", name="Message", exact=True)
    box.fill(text)
    box.press("Enter")


def assistant(page):
    return page.get_by_role("group", name="assistant")


def test_additional_inputs_in_an_accordion(serve, page):
    def echo(message, history, system_prompt, tokens):
        return f"{system_prompt} | {int(tokens)} | {message} | {len(history)} before"

    demo = gr.ChatInterface(echo, additional_inputs=[
        gr.Textbox("You are helpful AI.", label="System Prompt"),
        gr.Slider(10, 100, value=20, step=1, label="Tokens")])
    page.goto(serve(demo))
    page.get_by_role("button", name="Additional Inputs").click()
    page.get_by_label("System Prompt").fill("Be brief.")
    send(page, "Hi")
    expect(assistant(page)).to_have_text("Be brief. | 20 | Hi | 0 before")
    send(page, "Again")
    expect(assistant(page).last).to_have_text("Be brief. | 20 | Again | 2 before")
    expect(page.get_by_role("textbox", name="Message", exact=True)).to_have_value("")


def test_a_multimodal_message_with_files(serve, page, tmp_path):
    def count(message, history):
        names = sorted(path.rsplit("/", 1)[-1] for path in message["files"])
        return f"You wrote '{message['text']}' and uploaded {', '.join(names)}"

    demo = gr.ChatInterface(count, multimodal=True,
                            textbox=gr.MultimodalTextbox(file_count="multiple",
                                                         label="Message"))
    first, second = tmp_path / "a.txt", tmp_path / "b.png"
    first.write_text("hello")
    second.write_bytes(b"\x89PNG\r\n\x1a\n")
    page.goto(serve(demo))
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Attach files").click()
    chooser.value.set_files([str(first), str(second)])
    expect(page.get_by_role("button", name="Remove b.png")).to_be_visible()
    send(page, "Look")
    expect(assistant(page)).to_have_text("You wrote 'Look' and uploaded a.txt, b.png")
    user = page.get_by_role("group", name="user")
    expect(user.get_by_role("link", name="a.txt")).to_be_visible()
    expect(user.get_by_text("Look")).to_be_visible()
    expect(page.get_by_role("button", name="Remove a.txt")).to_have_count(0)  # box emptied


def test_streaming_shows_a_stop_button_that_stops_the_function(serve, page):
    stopped = threading.Event()

    def slow(message, history):
        try:
            for index in range(10_000):
                time.sleep(0.05)
                yield f"{message} {index}"
        finally:
            stopped.set()

    page.goto(serve(gr.ChatInterface(slow)))
    expect(page.get_by_role("button", name="Stop")).to_be_hidden()
    send(page, "count")
    expect(assistant(page)).to_contain_text("count 3")
    page.get_by_role("button", name="Stop").click()
    assert stopped.wait(10)
    expect(page.get_by_role("button", name="Submit")).to_be_visible()
    expect(page.get_by_role("button", name="Stop")).to_be_hidden()
    shown = assistant(page).inner_text()
    time.sleep(0.3)
    assert assistant(page).inner_text() == shown


def test_cached_examples_answer_without_calling_the_function(serve, page):
    calls = []

    def shout(message, history):
        calls.append(message)
        return message.upper() + "!"

    demo = gr.ChatInterface(shout, examples=["hello", "bye"], example_labels=["Greet", "Leave"],
                            cache_examples=True)
    assert calls == ["hello", "bye"]
    page.goto(serve(demo))
    page.get_by_role("button", name="Example: Leave").click()
    expect(page.get_by_role("group", name="user")).to_have_text("bye")
    expect(assistant(page)).to_have_text("BYE!")
    assert calls == ["hello", "bye"]
    send(page, "more")  # the conversation goes on from the cached one
    expect(assistant(page).last).to_have_text("MORE!")


def test_retry_undo_and_edit(serve, page):
    counter = iter(range(100))

    def answer(message, history):
        return f"{message} #{next(counter)}"

    page.goto(serve(gr.ChatInterface(answer, editable=True)))
    send(page, "one")
    expect(assistant(page)).to_have_text("one #0")
    page.get_by_role("button", name="Retry").click()
    expect(assistant(page)).to_have_text("one #1")
    expect(page.get_by_role("group", name="user")).to_have_count(1)
    page.get_by_role("button", name="Edit message").click()
    page.get_by_role("textbox", name="Edit message").fill("two")
    page.get_by_role("button", name="Save edit").click()
    expect(assistant(page)).to_have_text("two #2")
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("textbox", name="Message", exact=True)).to_have_value("two")
    expect(page.get_by_role("group", name="user")).to_have_count(0)


def test_saved_conversations_come_back_after_a_reload(serve, page):
    page.goto(serve(gr.ChatInterface(lambda m, h: f"re: {m}", save_history=True)))
    send(page, "Remember this chat")
    expect(assistant(page)).to_have_text("re: Remember this chat")
    saved = page.get_by_role("list", name="Saved conversations")
    expect(saved.get_by_role("button", name="Remember this chat")).to_have_attribute(
        "aria-current", "true")
    page.reload()
    expect(saved.get_by_role("button", name="Remember this chat")).to_be_visible()
    expect(assistant(page)).to_have_count(0)
    saved.get_by_role("button", name="Remember this chat").click()
    expect(assistant(page)).to_have_text("re: Remember this chat")
    page.get_by_role("button", name="New chat").click()
    expect(assistant(page)).to_have_count(0)


def test_feedback_is_logged_with_manual_flagging(serve, page, tmp_path):
    folder = tmp_path / "flags"
    page.goto(serve(gr.ChatInterface(lambda m, h: "An answer", flagging_mode="manual",
                                     flagging_options=["Like", "Dislike", "Wrong"],
                                     flagging_dir=str(folder))))
    send(page, "Question")
    expect(assistant(page)).to_have_text("An answer")
    page.get_by_role("button", name="Dislike").click()
    log = folder / "log.csv"

    def rows():  # the header may be on disk before the row: wait for both
        return list(csv.reader(log.open(encoding="utf-8"))) if log.exists() else []

    deadline = time.monotonic() + 10
    while len(rows()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert rows()[1][1:4] == ["1", '["An answer"]', "Dislike"]


def test_a_chat_interface_made_alone_then_rendered_into_blocks(serve, page):
    chat = gr.ChatInterface(lambda m, h: f"re: {m}", save_history=True, title="Inner chat")
    with gr.Blocks() as demo:
        gr.Markdown("# The app around it")
        chat.render()
    page.goto(serve(demo))
    expect(page.get_by_role("heading", name="The app around it")).to_be_visible()
    expect(page.get_by_role("heading", name="Inner chat")).to_be_visible()
    send(page, "Inside")
    expect(assistant(page)).to_have_text("re: Inside")
    saved = page.get_by_role("list", name="Saved conversations")
    expect(saved.get_by_role("button", name="Inside")).to_be_visible()
    page.reload()  # its load listener came along: the list is drawn from the browser's storage
    expect(saved.get_by_role("button", name="Inside")).to_be_visible()
