"""The chat guides' examples (Gradio's "Creating a Chatbot Fast", "Chatbot Specific Events",
"Agents and Tool Usage" and "Multimodal Chatbot"), run as written with ``import blocks as
gr``. Where a guide calls an LLM service, a local function stands in for it, as the guides'
own "random response" examples do."""

from __future__ import annotations

import random
import re
import time
from uuid import uuid4

from playwright.sync_api import expect

import blocks as gr


def send(page, text, name="Message"):
    box = page.get_by_role("textbox", name=name, exact=True)
    box.fill(text)
    box.press("Enter")


def assistant(page):
    return page.get_by_role("group", name="assistant")


def attach(page, *paths):
    """Pick files with the message box's attach button, as a person does."""
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Attach files").click()
    chooser.value.set_files([str(path) for path in paths])


# -- Creating a Chatbot Fast ---------------------------------------------------------------------
def test_random_response(serve, page):
    def random_response(message, history):
        return random.choice(["Yes", "No"])

    page.goto(serve(gr.ChatInterface(fn=random_response, type="messages")))
    send(page, "Is it sunny?")
    expect(assistant(page)).to_have_text(re.compile(r"^\s*(Yes|No)\s*$"))


def test_alternatingly_agree_sees_the_history(serve, page):
    def alternatingly_agree(message, history):
        if len([h for h in history if h["role"] == "assistant"]) % 2 == 0:
            return f"Yes, I do think that: {message}"
        return "I don't think so"

    page.goto(serve(gr.ChatInterface(fn=alternatingly_agree)))
    send(page, "cats are great")
    expect(assistant(page)).to_have_text("Yes, I do think that: cats are great")
    send(page, "dogs too")
    expect(assistant(page).last).to_have_text("I don't think so")


def test_streaming_slow_echo(serve, page):
    def slow_echo(message, history):
        for i in range(len(message)):
            time.sleep(0.05)
            yield "You typed: " + message[: i + 1]

    page.goto(serve(gr.ChatInterface(fn=slow_echo)))
    send(page, "streaming")
    expect(assistant(page)).to_contain_text("You typed: st")
    expect(assistant(page)).to_have_text("You typed: streaming")


def test_yes_man_with_its_own_chatbot_textbox_and_cached_examples(serve, page):
    def yes_man(message, history):
        if message.endswith("?"):
            return "Yes"
        return "Ask me anything!"

    demo = gr.ChatInterface(
        yes_man,
        chatbot=gr.Chatbot(height=300, placeholder="<strong>Your Personal Yes-Man</strong>"
                                                   "<br>Ask Me Anything"),
        textbox=gr.Textbox(placeholder="Ask me a yes or no question", container=False,
                           scale=7, label="Message"),
        title="Yes Man",
        description="Ask Yes Man any question",
        examples=["Hello", "Am I cool?", "Are tomatoes vegetables?"],
        cache_examples=True,
    )
    page.goto(serve(demo))
    expect(page.get_by_text("Your Personal Yes-Man")).to_be_visible()
    expect(page.get_by_role("heading", name="Yes Man")).to_be_visible()
    page.get_by_role("button", name="Example: Am I cool?").click()
    expect(assistant(page)).to_have_text("Yes")
    send(page, "Hello")
    expect(assistant(page).last).to_have_text("Ask me anything!")


def test_multimodal_count_images(serve, page, tmp_path):
    def count_images(message, history):
        num_images = len(message["files"])
        total_images = 0
        for message_ in history:
            for part in message_["content"]:
                if part.get("type") == "file":
                    total_images += 1
        return f"You just uploaded {num_images} images, total uploaded: {total_images + num_images}"

    demo = gr.ChatInterface(
        fn=count_images,
        examples=[{"text": "No files", "files": []}],
        multimodal=True,
        textbox=gr.MultimodalTextbox(file_count="multiple", file_types=["image"],
                                     label="Message"),
    )
    picture = tmp_path / "cat.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    page.goto(serve(demo))
    attach(page, picture)
    send(page, "here")
    expect(assistant(page)).to_have_text("You just uploaded 1 images, total uploaded: 1")
    send(page, "again")
    expect(assistant(page).last).to_have_text("You just uploaded 0 images, total uploaded: 1")


def test_additional_inputs_placed_above_the_chat(serve, page):
    def echo(message, history, system_prompt, tokens):
        response = f"System prompt: {system_prompt}\n Message: {message}."
        for i in range(min(len(response), int(tokens))):
            time.sleep(0.01)
            yield response[: i + 1]

    with gr.Blocks() as demo:
        system_prompt = gr.Textbox("You are helpful AI.", label="System Prompt")
        slider = gr.Slider(10, 100, render=False)
        gr.ChatInterface(echo, additional_inputs=[system_prompt, slider])
    page.goto(serve(demo))
    expect(page.get_by_label("System Prompt")).to_be_visible()  # not in the accordion
    send(page, "hi")
    expect(assistant(page)).to_have_text("System pro")  # the slider starts at 10


def test_preset_responses(serve, page):
    example_code = ("Here's the code I generated:\n\ndef greet(x):\n"
                    "    return f\"Hello, {x}!\"\n\nIs this correct?")

    def chat(message, history):
        if message == "Yes, that's correct.":
            return "Great!"
        return {"role": "assistant", "content": example_code,
                "options": [{"value": "Yes, that's correct.", "label": "Yes"},
                            {"value": "No"}]}

    page.goto(serve(gr.ChatInterface(chat, examples=[
        "Write a Python function that takes a string and returns a greeting."])))
    page.get_by_role("button", name="Example: Write a Python function").click()
    expect(assistant(page)).to_contain_text("Is this correct?")
    page.get_by_role("button", name="Yes").click()
    expect(assistant(page).last).to_have_text("Great!")
    expect(page.get_by_role("group", name="user").last).to_have_text("Yes, that's correct.")


def test_returning_a_file(serve, page, tmp_path):
    song = tmp_path / "song.wav"
    song.write_bytes(b"RIFF....WAVEfmt ")

    def fake(message, history):
        if message.strip():
            return {"role": "assistant", "content": {"path": str(song)}}
        return "Please provide the name of an artist"

    demo = gr.ChatInterface(
        fake,
        textbox=gr.Textbox(placeholder="Which artist's music do you want to listen to?",
                           scale=7, label="Message"),
        chatbot=gr.Chatbot(placeholder="Play music by any artist!"),
    )
    page.goto(serve(demo))
    send(page, "Someone")
    expect(assistant(page).locator("audio")).to_have_count(1)
    expect(assistant(page).get_by_role("link", name="Download song.wav")).to_be_visible()


# -- Chatbot Specific Events ----------------------------------------------------------------------
class LocalModel:
    """Stands in for an LLM service: streams a reply made from the last message."""

    def chat_completion(self, history, **_options):
        last = history[-1]["content"]
        text = last if isinstance(last, str) else " ".join(p["text"] for p in last
                                                           if p.get("type") == "text")
        for word in f"You said: {text}".split():
            yield word + " "


client = LocalModel()


def respond(prompt: str, history):
    if not history:
        history = [{"role": "system", "content": "You are a friendly chatbot"}]
    history.append({"role": "user", "content": prompt})
    yield history
    response = {"role": "assistant", "content": ""}
    for token in client.chat_completion(history):
        response["content"] += token
        yield history + [response]


def handle_undo(history, undo_data: gr.UndoData):
    return history[:undo_data.index], undo_data.value


def handle_retry(history, retry_data: gr.RetryData):
    new_history = history[:retry_data.index]
    previous_prompt = retry_data.value
    yield from respond(previous_prompt, new_history)


def handle_edit(history, edit_data: gr.EditData):
    new_history = history[:edit_data.index]
    new_history.append({"role": "user", "content": edit_data.value})
    return new_history


liked = []


def handle_like(data: gr.LikeData):
    liked.append((data.index, data.liked))


def test_chatbot_specific_events(serve, page):
    with gr.Blocks() as demo:
        gr.Markdown("# Chat with a local model")
        chatbot = gr.Chatbot(label="Agent", editable="user")
        prompt = gr.Textbox(max_lines=1, label="Chat Message")
        prompt.submit(respond, [prompt, chatbot], [chatbot])
        prompt.submit(lambda: "", None, [prompt])
        chatbot.undo(handle_undo, chatbot, [chatbot, prompt])
        chatbot.retry(handle_retry, chatbot, [chatbot])
        chatbot.like(handle_like, None, None)
        chatbot.edit(handle_edit, chatbot, chatbot)
    page.goto(serve(demo))
    send(page, "hello", name="Chat Message")
    expect(assistant(page)).to_have_text("You said: hello")
    expect(page.get_by_role("group", name="system")).to_have_text("You are a friendly chatbot")
    page.get_by_role("button", name="Like", exact=True).click()
    page.get_by_role("button", name="Retry").click()
    expect(assistant(page)).to_have_text("You said: hello")
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("textbox", name="Chat Message")).to_have_value("hello")
    expect(assistant(page)).to_have_count(0)
    assert liked == [(2, True)]


def test_the_clear_event_resets_session_state(serve, page):
    def clear():
        return uuid4()

    def chat_fn(user_input, history, uuid):
        return f"{user_input} with uuid {uuid}"

    with gr.Blocks() as demo:
        uuid_state = gr.State(uuid4)
        chatbot = gr.Chatbot()
        chatbot.clear(clear, outputs=[uuid_state])
        gr.ChatInterface(chat_fn, additional_inputs=[uuid_state], chatbot=chatbot)
    page.goto(serve(demo))
    send(page, "a")
    expect(assistant(page)).to_contain_text("a with uuid")
    first = assistant(page).inner_text()
    page.get_by_role("button", name="Clear conversation").click()
    expect(assistant(page)).to_have_count(0)
    send(page, "a")
    expect(assistant(page)).to_contain_text("a with uuid")
    assert assistant(page).inner_text() != first


# -- Agents and Tool Usage -------------------------------------------------------------------------
def test_thoughts_of_an_agent(serve, page):
    def generate_response(message, history):
        start_time = time.time()
        responses = [gr.ChatMessage(content="In order to find the weather, I will use my tool.")]
        yield responses
        main_thought = gr.ChatMessage(content="", metadata={
            "title": "Using Weather Tool", "id": 1, "status": "pending"})
        responses.append(main_thought)
        yield responses
        responses[-1].content = "Will check: weather.com and sunny.org"
        yield responses
        responses.append(gr.ChatMessage(content="Received weather from weather.com.",
                                        metadata={"title": "Checking weather.com",
                                                  "parent_id": 1, "id": 2, "duration": 0.05}))
        main_thought.metadata["status"] = "done"
        main_thought.metadata["duration"] = time.time() - start_time
        yield responses
        responses.append(gr.ChatMessage(content="It is 60 degrees and sunny."))
        yield responses

    page.goto(serve(gr.ChatInterface(generate_response, title="Nested Thoughts")))
    send(page, "Weather in San Francisco?")
    expect(assistant(page).get_by_text("It is 60 degrees and sunny.")).to_be_visible()
    tool = page.locator("details", has_text="Using Weather Tool").first
    expect(tool).not_to_have_attribute("open", "")  # done: closed
    tool.locator("summary").first.click()
    expect(tool.locator("details", has_text="Checking weather.com")).to_have_count(1)


# -- Multimodal Chatbot (a custom chatbot with Blocks) --------------------------------------------
def test_multimodal_chatbot_with_blocks(serve, page, tmp_path):
    def add_message(history, message):
        for x in message["files"]:
            history.append({"role": "user", "content": {"path": x}})
        if message["text"] is not None:
            history.append({"role": "user", "content": message["text"]})
        return history, gr.MultimodalTextbox(value=None, interactive=False)

    def bot(history: list):
        response = "**That's cool!**"
        history.append({"role": "assistant", "content": ""})
        for character in response:
            history[-1]["content"] += character
            time.sleep(0.01)
            yield history

    with gr.Blocks() as demo:
        chatbot = gr.Chatbot(elem_id="chatbot", label="Chat")
        chat_input = gr.MultimodalTextbox(interactive=True, file_count="multiple",
                                          placeholder="Enter message or upload file...",
                                          show_label=False, sources=["upload"], label="Message")
        chat_msg = chat_input.submit(add_message, [chatbot, chat_input], [chatbot, chat_input])
        bot_msg = chat_msg.then(bot, chatbot, chatbot, api_name="bot_response")
        bot_msg.then(lambda: gr.MultimodalTextbox(interactive=True), None, [chat_input])
    picture = tmp_path / "photo.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    page.goto(serve(demo))
    attach(page, picture)
    send(page, "What is this?")
    expect(assistant(page).locator("strong")).to_have_text("That's cool!")
    expect(page.get_by_role("group", name="user").get_by_role("img", name="photo.png")) \
        .to_be_visible()
    expect(page.get_by_role("textbox", name="Message", exact=True)).to_be_editable()
