"""gr.Chatbot in Chromium: its events (like, retry, undo, edit, clear, copy, options,
select), what it shows (Markdown, code, math, steps, files), and streaming with a stop."""

from __future__ import annotations

import re
import threading
import time

import pytest
from playwright.sync_api import expect

import blocks as gr

HISTORY = [
    {"role": "user", "content": "What is **2 + 2**?"},
    {"role": "assistant", "content": "It is 4.\n\n```python\nprint(2 + 2)\n```\n\n$$x^2$$",
     "options": [{"value": "Thanks!", "label": "Say thanks"}, {"value": "Why?"}]},
]


def events_app():
    def record(name):
        def handler(history, data: gr.EventData):
            return f"{name}: {data._data}"
        return handler

    with gr.Blocks() as demo:
        chatbot = gr.Chatbot(HISTORY, label="Conversation", editable="user",
                             feedback_options=["Like", "Dislike", "Spam"], watermark="(AI)",
                             placeholder="Ask **anything**")
        seen = gr.Textbox(label="Last event")
        for event in ("like", "retry", "undo", "edit", "clear", "copy", "option_select",
                      "select"):
            getattr(chatbot, event)(record(event), chatbot, seen)
    return demo


@pytest.fixture(scope="module")
def events_url(serve_module):
    return serve_module(events_app())


@pytest.fixture
def chat(page, events_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(events_url)
    log = page.get_by_role("log", name="Conversation")
    expect(log.get_by_role("group", name="assistant")).to_be_visible()
    return page


def last_event(page):
    return page.get_by_label("Last event")


def test_messages_show_markdown_code_math_and_options(chat):
    assistant = chat.get_by_role("group", name="assistant")
    expect(chat.get_by_role("group", name="user").locator("strong")).to_have_text("2 + 2")
    expect(assistant.locator("code .tok-nb")).to_have_text("print")  # highlighted
    expect(assistant.locator("math")).to_have_count(1)
    expect(chat.get_by_role("button", name="Copy code")).to_be_visible()
    expect(chat.get_by_role("group", name="Suggested replies").get_by_role("button")) \
        .to_have_text(["Say thanks", "Why?"])


def test_like_dislike_and_other_feedback(chat):
    chat.get_by_role("button", name="Like", exact=True).click()
    expect(last_event(chat)).to_have_value(
        "like: {'index': 1, 'value': ['It is 4.\\n\\n```python\\nprint(2 + 2)\\n```"
        "\\n\\n$$x^2$$'], 'liked': True}")
    expect(chat.get_by_role("button", name="Like", exact=True)).to_have_attribute(
        "aria-pressed", "true")
    chat.get_by_role("button", name="Dislike").click()
    expect(last_event(chat)).to_have_value(re.compile(re.escape("'liked': False")))
    chat.get_by_label("Flag").click()
    chat.get_by_role("button", name="Spam").click()
    expect(last_event(chat)).to_have_value(re.compile(re.escape("'liked': 'Spam'")))


def test_retry_and_undo_name_the_last_user_message(chat):
    chat.get_by_role("button", name="Retry").click()
    expect(last_event(chat)).to_have_value(
        "retry: {'index': 0, 'value': 'What is **2 + 2**?'}")
    chat.get_by_role("button", name="Undo").click()
    expect(last_event(chat)).to_have_value("undo: {'index': 0, 'value': 'What is **2 + 2**?'}")


def test_edit_a_user_message(chat):
    chat.get_by_role("button", name="Edit message").click()
    editor = chat.get_by_role("textbox", name="Edit message")
    expect(editor).to_have_value("What is **2 + 2**?")
    editor.fill("What is 3 + 3?")
    chat.get_by_role("button", name="Save edit").click()
    expect(last_event(chat)).to_have_value(
        "edit: {'index': 0, 'value': 'What is 3 + 3?', 'previous_value': 'What is **2 + 2**?'}")
    expect(chat.get_by_role("group", name="user")).to_have_text("What is 3 + 3?")
    expect(chat.get_by_role("button", name="Edit message")).to_have_count(1)  # user only


def test_copy_a_message_with_its_watermark(chat):
    chat.get_by_role("group", name="user").hover()
    chat.get_by_role("button", name="Copy message").first.click()
    expect(last_event(chat)).to_have_value("copy: {'value': 'What is **2 + 2**?'}")
    copied = chat.evaluate("navigator.clipboard.readText()")
    assert copied == "What is **2 + 2**?\n\n(AI)"


def test_option_select_and_select(chat):
    chat.get_by_role("button", name="Why?").click()
    expect(last_event(chat)).to_have_value("option_select: {'index': 1, 'value': 'Why?'}")
    chat.get_by_role("group", name="user").get_by_text("What is").click()
    expect(last_event(chat)).to_have_value(
        "select: {'index': 0, 'value': 'What is **2 + 2**?', 'selected': True}")


def test_clear_empties_the_conversation_and_shows_the_placeholder(chat):
    chat.get_by_role("button", name="Clear conversation").click()
    expect(last_event(chat)).to_have_value("clear: None")
    expect(chat.get_by_role("group", name="user")).to_have_count(0)
    expect(chat.get_by_role("log", name="Conversation").locator("strong")) \
        .to_have_text("anything")


def steps_app():
    history = [
        gr.ChatMessage(role="user", content="Weather?"),
        gr.ChatMessage(content="Checking", metadata={"title": "Using a tool", "id": 1,
                                                     "status": "pending"}),
        gr.ChatMessage(content="weather.com says sun", metadata={
            "title": "weather.com", "parent_id": 1, "id": 2, "duration": 0.5,
            "log": "200 OK", "status": "done"}),
        gr.ChatMessage(content="It is sunny."),
    ]
    with gr.Blocks() as demo:
        gr.Chatbot(history, label="Agent")
    return demo


def test_steps_are_collapsible_and_nested(serve, page):
    page.goto(serve(steps_app()))
    outer = page.locator("details", has_text="Using a tool").first
    expect(outer).to_have_attribute("open", "")  # pending: open, with a spinner
    expect(outer.get_by_role("img", name="in progress")).to_be_visible()
    inner = outer.locator("details", has_text="weather.com")
    expect(inner).to_have_count(1)  # nested inside its parent
    expect(inner.locator("summary")).to_contain_text("200 OK")
    expect(inner.locator("summary")).to_contain_text("(0.50s)")
    expect(inner).not_to_have_attribute("open", "")  # done: closed
    inner.locator("summary").click()
    expect(inner.get_by_text("weather.com says sun")).to_be_visible()


def stream_app(state):
    def bot(history):
        history.append({"role": "assistant", "content": ""})
        state["started"].set()
        try:
            for index in range(10_000):
                history[-1]["content"] += f"word{index} "
                time.sleep(0.04)
                yield history
        finally:
            state["closed"].set()

    with gr.Blocks() as demo:
        earlier = [{"role": "user" if i % 2 == 0 else "assistant", "content": f"old {i}"}
                   for i in range(300)]
        chatbot = gr.Chatbot(earlier, label="Chat")
        start = gr.Button("Start")
        stop = gr.Button("Stop")
        streaming = start.click(bot, chatbot, chatbot)
        stop.click(None, cancels=[streaming])
    return demo


def test_streaming_into_a_long_chat_draws_only_the_new_reply_and_stops(serve, page):
    state = {"started": threading.Event(), "closed": threading.Event()}
    page.goto(serve(stream_app(state)))
    log = page.get_by_role("log", name="Chat")
    expect(log.get_by_text("old 299")).to_be_visible()
    # mark the first bubble: drawn again, it would lose the mark
    page.evaluate("""() => {
      document.querySelector('.chat-row').dataset.mark = 'kept';
      const app = window.blocksApp, receive = app.receive.bind(app);
      window.outputs = [];
      app.receive = (message) => {
        if (message.type === "output") window.outputs.push(JSON.stringify(message));
        receive(message);
      };
    }""")
    page.get_by_role("button", name="Start").click()
    expect(log.get_by_text("word30", exact=False)).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Stop").click()
    assert state["closed"].wait(10), "the generator was not stopped"
    shown = log.get_by_role("group", name="assistant").last.inner_text()
    time.sleep(0.3)
    assert log.get_by_role("group", name="assistant").last.inner_text() == shown
    assert page.evaluate("document.querySelector('.chat-row').dataset.mark") == "kept"
    outputs = page.evaluate("window.outputs")
    assert len(outputs) > 30
    assert len(outputs[0]) > 20_000  # the first output of the job: the history
    later = outputs[1:]
    assert all('"edits"' in frame for frame in later)
    assert max(len(frame) for frame in later) < 600  # the reply's tokens, not the history
