"""gr.Chatbot on the server: messages in and out, files, components, streaming."""

from __future__ import annotations

import json
import warnings

import pytest

import blocks as gr
from blocks.diff import apply_edits, diff
from blocks.exceptions import BlocksWarning
from blocks_chat.chatbot import Chatbot


def texts(wire):
    return [[part.get("text") for part in message["content"]] for message in wire]


def test_dicts_and_chat_messages_become_gradio_6_messages_with_html():
    chatbot = Chatbot()
    wire = chatbot.postprocess([
        {"role": "user", "content": "Hi **there**"},
        gr.ChatMessage(content="Thinking", metadata={"title": "Step", "status": "pending",
                                                    "unknown": 1}),
        {"role": "assistant", "content": "   indented\n   lines", "options": [{"value": "Yes"}]},
    ])
    assert wire[0] == {"role": "user", "metadata": None, "options": None, "content": [
        {"type": "text", "text": "Hi **there**", "html": "<p>Hi <strong>there</strong></p>\n"}]}
    assert wire[1]["role"] == "assistant"
    assert wire[1]["metadata"] == {"title": "Step", "status": "pending"}
    assert wire[2]["content"][0]["text"] == "indented\nlines"  # as Gradio: cleandoc
    assert wire[2]["options"] == [{"value": "Yes"}]
    json.dumps(wire)


def test_functions_receive_messages_without_html_as_gradio_6_gives_them():
    chatbot = Chatbot()
    wire = chatbot.postprocess([{"role": "user", "content": "Hi"}])
    assert chatbot.preprocess(wire) == [{"role": "user", "metadata": None, "options": None,
                                         "content": [{"text": "Hi", "type": "text"}]}]
    assert chatbot.preprocess(None) == []
    again = chatbot.postprocess(chatbot.preprocess(wire))  # a history sent back unchanged
    assert again == wire


def test_the_old_tuples_format_and_other_values_are_refused_clearly():
    chatbot = Chatbot()
    with pytest.raises(ValueError, match="tuples"):
        chatbot.postprocess([["hi", "hello"]])
    with pytest.raises(ValueError, match="'role' and 'content'"):
        chatbot.postprocess(["hi"])
    with pytest.raises(ValueError, match="role"):
        chatbot.postprocess([{"role": "bot", "content": "x"}])
    with pytest.raises(ValueError, match="status"):
        chatbot.postprocess([{"role": "assistant", "content": "x",
                              "metadata": {"title": "t", "status": "running"}}])


def test_type_messages_warns_and_tuples_is_refused():
    with pytest.warns(BlocksWarning, match="only format"):
        Chatbot(type="messages")
    with pytest.raises(ValueError, match="tuples"):
        Chatbot(type="tuples")


def test_files_are_copied_once_and_urls_are_kept(tmp_path):
    picture = tmp_path / "cat.png"
    picture.write_bytes(b"\x89PNG fake")
    chatbot = Chatbot()
    wire = chatbot.postprocess([
        {"role": "user", "content": {"path": str(picture)}},
        {"role": "user", "content": (str(picture), "a cat")},
        {"role": "assistant", "content": {"path": "https://example.com/a.wav"}},
    ])
    file = wire[0]["content"][0]["file"]
    assert file["meta"]["_type"] == "blocks.FileData" and file["mime_type"] == "image/png"
    assert file["path"] != str(picture) and file["orig_name"] == "cat.png"
    assert wire[1]["content"][0]["alt_text"] == "a cat"
    remote = wire[2]["content"][0]["file"]
    assert remote["url"] == "https://example.com/a.wav" and remote["mime_type"] == "audio/x-wav"
    with pytest.raises(ValueError, match="not found"):
        chatbot.postprocess([{"role": "user", "content": {"path": str(tmp_path / "no.png")}}])


def test_components_in_messages_carry_their_module_and_value():
    wire = Chatbot().postprocess([{"role": "assistant", "content": gr.Markdown("# Title")}])
    part = wire[0]["content"][0]
    assert part["type"] == "component" and part["component"] == "markdown"
    assert part["module"] == "blocks/components/markdown.js"
    assert part["value"]["html"].startswith("<h1>")


def test_a_component_part_sent_by_a_page_keeps_only_a_registered_component():
    chatbot = Chatbot()
    wire = chatbot.postprocess([{"role": "assistant", "content": [
        {"type": "component", "component": "markdown", "value": {"markdown": "x"},
         "module": "evil.js"},
        {"type": "component", "component": "nothing"}]}])
    assert [part["module"] for part in wire[0]["content"]] == ["blocks/components/markdown.js"]


def test_values_from_the_page_are_checked():
    chatbot = Chatbot()
    chatbot.validate([{"role": "user", "content": [{"type": "text", "text": "hi"}]}])
    for bad, message in [
        ([{"role": "robot", "content": []}], "role"),
        ([{"role": "user", "content": "hi"}], "list of parts"),
        ([{"role": "user", "content": [{"type": "script"}]}], "unknown type"),
        ([{"role": "user", "content": [{"type": "file", "file": {"path": "/etc/passwd"}}]}],
         "FileData"),
        ([{"role": "user", "content": [{"type": "file", "file": {
            "path": "/etc/passwd", "meta": {"_type": "blocks.URL"}}}]}], "http"),
    ]:
        with pytest.raises(ValueError, match=message):
            chatbot.validate(bad)


def test_reasoning_tags_become_collapsible_steps():
    wire = Chatbot(reasoning_tags=[("<think>", "</think>")]).postprocess(
        [{"role": "assistant", "content": "<think>hmm</think>The answer<think>still"}])
    assert [m["metadata"] for m in wire] == [{"title": "Reasoning", "status": "done"}, None,
                                            {"title": "Reasoning", "status": "pending"}]
    assert texts(wire) == [["hmm"], ["The answer"], ["still"]]


def test_props_for_the_browser():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chatbot = Chatbot(placeholder="**Ask**", show_copy_button=True, buttons=["copy_all"],
                          examples=[{"text": "Hello", "display_text": "Say hello"}])
    props = chatbot.get_props()
    assert props["placeholder"] == {"markdown": "**Ask**", "html": "<p><strong>Ask</strong></p>\n"}
    assert props["buttons"] == ["copy_all", "copy"]
    assert props["examples"] == [{"text": "Hello", "display_text": "Say hello"}]
    assert "latex_delimiters" not in props and "sanitize_html" not in props
    assert Chatbot().get_props()["buttons"] == ["share", "copy", "copy_all"]
    with pytest.raises(ValueError, match="layout"):
        Chatbot(layout="grid")


def test_a_stream_reuses_unchanged_messages_and_sends_small_edits():
    chatbot = Chatbot()
    history = [{"role": "user", "content": f"question {i}"} for i in range(300)]
    history.append({"role": "assistant", "content": ""})
    memo: dict = {}
    first = chatbot.postprocess_stream(history, memo)
    sizes = []
    for token in ["Hello", " world", ", how", " are", " you?"]:
        history[-1]["content"] += token
        wire = chatbot.postprocess_stream(history, memo)
        assert wire[0] is first[0]  # the same objects: nothing to convert or compare
        edits = diff(first, wire)
        sizes.append(len(json.dumps(edits)))
        assert all(path[0] == 300 for _, path, _ in edits)
        first = apply_edits(json.loads(json.dumps(first)), json.loads(json.dumps(edits)))
        assert first == wire
        first = wire
    assert max(sizes) < 200


def test_a_stream_sees_messages_changed_in_place():
    chatbot = Chatbot()
    thought = gr.ChatMessage(content="", metadata={"title": "Tool", "status": "pending"})
    history = [thought, gr.ChatMessage(content="after")]
    memo: dict = {}
    chatbot.postprocess_stream(history, memo)
    thought.metadata["status"] = "done"
    thought.content = "finished"
    wire = chatbot.postprocess_stream(history, memo)
    assert wire[0]["metadata"]["status"] == "done" and texts(wire)[0] == ["finished"]
    assert chatbot.postprocess_stream(None, memo) == []


def test_files_a_function_returns_pass_the_apps_file_rule(tmp_path):
    from blocks.file_access import FileAccessError, FileRule, checking
    secret = tmp_path / ".env"
    secret.write_text("KEY=1")
    chatbot = Chatbot()
    with checking(FileRule()), pytest.raises(FileAccessError, match=r"starts with '\.'"):
        chatbot.postprocess([{"role": "assistant", "content": {"path": str(secret)}}])
    with checking(FileRule()), pytest.raises(FileAccessError, match="allowed_paths"):
        chatbot.postprocess([{"role": "assistant", "content": {"path": "/etc/hostname"}}])
