"""gr.ChatInterface on the server: its layout, its listeners and its function calls."""

from __future__ import annotations

import copy
import csv
import json

import pytest

import blocks as gr
from blocks.diff import apply_edits
from blocks.exceptions import BlocksWarning
from blocks.processing import DONE, Execution
from blocks_chat.chatbot import Chatbot
from blocks_chat.multimodal_textbox import MultimodalTextbox


def run(dep, data, event_data=None):
    execution = Execution(dep, data, event_data=event_data)
    execution.load_state(None)
    execution.start()
    steps = []
    while (step := execution.step()) is not DONE:
        steps.append(step)
    return steps


def endpoint(demo, name):
    return next(dep for dep in demo.dependencies if dep.api_name == name)


def listener(demo, name, **matching):
    """The dependency of ``demo`` whose function is called ``name`` (and matches ``matching``)."""
    return next(dep for dep in demo.dependencies
                if getattr(dep.fn, "__name__", None) == name
                and all(getattr(dep, key) == value for key, value in matching.items()))


def shown(update):
    return [[part.get("text") for part in message["content"]] for message in update["value"]]


def final(steps, output: int) -> dict:
    """The last value of an output of a streaming job, its edits applied."""
    value = None
    for step in steps:
        update = step[output]
        if "value" in update:
            value = copy.deepcopy(update["value"])
        elif "edits" in update:
            value = apply_edits(value, copy.deepcopy(update["edits"]))
    return {"value": value}


def test_the_endpoint_for_programs_is_named_after_the_function():
    def echo(message, history):
        return f"{message} ({len(history)} before)"

    demo = gr.ChatInterface(echo)
    public = [dep.api_name for dep in demo.dependencies if dep.api_visibility == "public"]
    assert public == ["echo"]
    [reply, history] = run(endpoint(demo, "echo"), ["hi", None])[0]
    assert reply == {"value": "hi (0 before)"}
    assert history["value"][-1] == {"role": "assistant", "content": "hi (0 before)"}


def test_a_chat_function_gets_the_message_and_the_history_and_may_stream():
    seen = []

    def slow_echo(message, history):
        seen.append(history)
        for end in range(1, len(message) + 1):
            yield "x" * 80 + message[:end]

    demo = gr.ChatInterface(slow_echo, api_name="chat")
    reply = listener(demo, "_submit_fn")
    history = [{"role": "user", "content": [{"type": "text", "text": "before"}]}]
    execution = Execution(reply, [None, None])
    execution.values[:2] = ["abc", history]  # the State inputs, as the queue loads them
    execution.start()
    outputs = []
    while (step := execution.step()) is not DONE:
        outputs.append(step)
    assert seen == [history]
    first = shown(outputs[0][1])
    assert first == [["before"], ["abc"], ["x" * 80 + "a"]]
    assert outputs[1][1] == {"edits": [["append", [2, "content", 0, "text"], "b"],
                                       ["splice", [2, "content", 0, "html"], [5, "b</p>\n"]]]}


def test_the_layout_has_a_chatbot_a_message_box_and_buttons():
    demo = gr.ChatInterface(lambda m, h: m, title="Echo Bot", description="Says it back")
    kinds = [type(block).__name__ for block in demo.blocks.values()]
    assert kinds.count("Chatbot") == 1 and kinds.count("Textbox") == 1
    labels = [getattr(block, "value", None) for block in demo.blocks.values()
              if type(block).__name__ == "Button"]
    assert "Submit" in labels and "Stop" in labels
    markdown = [block.value for block in demo.blocks.values() if type(block).__name__ == "Markdown"]
    assert any("Echo Bot" in text for text in markdown) and "Says it back" in markdown
    assert demo.title == "Echo Bot" and demo.fill_height


def test_multimodal_uses_a_multimodal_textbox_with_its_own_buttons():
    demo = gr.ChatInterface(lambda m, h: m["text"], multimodal=True)
    assert isinstance(demo.textbox, MultimodalTextbox)
    assert demo.submit_button is None and demo.textbox.stop_btn is False


def test_additional_inputs_go_into_an_accordion_unless_placed():
    with gr.Blocks() as demo:
        placed = gr.Textbox("You are helpful.", label="System prompt")
        chat = gr.ChatInterface(lambda m, h, s, n: f"{s} {n}",
                                additional_inputs=[placed, gr.Slider(10, 100, render=False)])
    accordion = next(block for block in demo.blocks.values()
                     if type(block).__name__ == "Accordion")
    assert [type(child).__name__ for child in accordion.children] == ["Slider"]
    assert placed._parent is not accordion and demo.blocks[placed._id] is placed
    assert chat.chatbot._id in demo.blocks  # built straight into the app


def test_additional_inputs_by_name():
    demo = gr.ChatInterface(lambda m, h, t: t, additional_inputs=["textbox"])
    assert type(demo.additional_inputs[0]).__name__ == "Textbox"
    with pytest.raises(ValueError, match="No component named"):
        gr.ChatInterface(lambda m, h, t: t, additional_inputs=["nothing"])


def test_a_chat_interface_renders_into_a_blocks_later():
    chat = gr.ChatInterface(lambda m, h: m, api_name="chat")
    with gr.Blocks() as demo:
        gr.Markdown("Above")
        chat.render()
    assert chat.chatbot._id in demo.blocks
    assert endpoint(demo, "chat").outputs[0] is chat.api_response


def test_examples_are_shown_in_the_chatbot_and_cached_when_asked():
    calls = []

    def answer(message, history):
        calls.append(message)
        return message.upper()

    demo = gr.ChatInterface(answer, examples=["hi", "yo"], example_labels=["Greet", "Yo"],
                            cache_examples=True)
    assert calls == ["hi", "yo"]  # answered once, when the app was built
    assert demo.chatbot.examples == [{"text": "hi", "display_text": "Greet"},
                                     {"text": "yo", "display_text": "Yo"}]
    clicked = listener(demo, "_example_clicked")
    steps = run(clicked, [], event_data=gr.EventData(demo.chatbot, {"index": 1, "value": {}}))
    assert shown(final(steps, 0)) == [["yo"], ["YO"]]
    assert calls == ["hi", "yo"]


def test_lazy_caching_answers_an_example_when_first_asked():
    calls = []
    demo = gr.ChatInterface(lambda m, h: calls.append(m) or "ok", examples=["a", "b"],
                            cache_examples="lazy")
    assert calls == []
    clicked = listener(demo, "_example_clicked")
    for _ in range(2):
        run(clicked, [], event_data=gr.EventData(demo.chatbot, {"index": 0, "value": {}}))
    assert calls == ["a"]


def test_an_example_is_taken_from_the_app_never_from_the_page():
    demo = gr.ChatInterface(lambda m, h: m, examples=["hi"], cache_examples=True)
    clicked = listener(demo, "_example_clicked")
    with pytest.raises(ValueError, match="no such example"):
        run(clicked, [], event_data=gr.EventData(demo.chatbot, {"index": 5, "value": {
            "text": "x", "files": [{"path": "/etc/passwd"}]}}))


def test_undo_puts_the_last_turn_back_into_the_box():
    demo = gr.ChatInterface(lambda m, h: m)
    undo = listener(demo, "_pop_last_turn", inputs=[demo.chatbot])
    wire = Chatbot().postprocess([{"role": "user", "content": "one"},
                                  {"role": "assistant", "content": "1"},
                                  {"role": "user", "content": "two"},
                                  {"role": "assistant", "content": "2"}])
    [history, box] = run(undo, [wire])[0]
    assert shown(history) == [["one"], ["1"]] and box == {"value": "two"}


def test_manual_flagging_logs_feedback_to_csv(tmp_path):
    demo = gr.ChatInterface(lambda m, h: m, flagging_mode="manual",
                            flagging_options=["Like", "Spam"], flagging_dir=str(tmp_path / "f"))
    assert demo.chatbot.feedback_options == ["Like", "Spam"]
    like = next(dep for dep in demo.dependencies if dep.targets == [(demo.chatbot, "like")])
    wire = Chatbot().postprocess([{"role": "user", "content": "=cmd"}])
    run(like, [wire], event_data=gr.EventData(demo.chatbot, {"index": 0, "value": ["=cmd"],
                                                             "liked": "Spam"}))
    with open(tmp_path / "f" / "log.csv", encoding="utf-8") as log:
        rows = list(csv.reader(log))
    assert rows[0] == ["conversation", "index", "value", "flag", "timestamp"]
    assert rows[1][1:4] == ["0", '["=cmd"]', "Spam"]
    assert json.loads(rows[1][0])[0]["content"][0]["text"] == "=cmd"


def test_bad_arguments_are_refused_and_type_messages_warns():
    with pytest.raises(ValueError, match="flagging_mode"):
        gr.ChatInterface(lambda m, h: m, flagging_mode="auto")
    with pytest.raises(ValueError, match="list of lists"):
        gr.ChatInterface(lambda m, h, x: m, additional_inputs=["textbox"], examples=["a"])
    with pytest.warns(BlocksWarning, match="only format"):
        gr.ChatInterface(lambda m, h: m, type="messages")
    with pytest.raises(ValueError, match="tuples"):
        gr.ChatInterface(lambda m, h: m, type="tuples")


def test_save_history_adds_a_side_panel():
    demo = gr.ChatInterface(lambda m, h: m, save_history=True)
    assert demo.new_chat_button.value == "New chat"
    assert demo.chat_history_list.label == "Saved conversations"
    saved = demo._save_conversation(None, [{"role": "user", "content": [
        {"type": "text", "text": "A question that is long enough to be cut short somewhere"}]}],
        [])
    assert saved[0] == 0
    listed = demo._history_list(saved[1], 0)
    assert listed.titles[0].endswith("...") and listed.value == 0
    chosen = gr.SelectData(demo.chat_history_list, {"index": 0})
    assert demo._load_conversation(saved[1], chosen) == (0, saved[1][0])
    assert demo._load_conversation(saved[1], gr.SelectData(None, {"index": 7})) == (None, [])
    assert demo._delete_conversation(0, saved[1]) == (None, [])
    # the page's storage is its own: whatever it holds, the panel lists only conversations
    tampered = ["not a conversation", [7, {"role": "user", "content": "kept"}], {"x": 1}]
    assert demo._history_list(tampered, None).titles == ["kept"]
    assert demo._history_list("garbage", None).titles == []
    assert demo._load_conversation(tampered, chosen) == (0, tampered[1])


def test_the_endpoint_of_a_streaming_function_streams():
    def gen(message, history):
        yield "partial"
        yield "final"

    demo = gr.ChatInterface(gen, api_name="chat")
    steps = run(endpoint(demo, "chat"), ["hi", None])
    assert [step[0] for step in steps] == [{"value": "partial"}, {"value": "final"}]
