"""gr.Dialogue: what a function receives and what the page gets (Chromium: tests/browser)."""

from __future__ import annotations

import json

import pytest

import blocks as gr

LINES = [{"speaker": "Speaker 1", "text": "Hello"}, {"speaker": "Speaker 2", "text": "Hi!"}]


def arrives(component, payload):
    loaded = type(component).value_field().deserialize(payload)
    if loaded is not None:
        component.validate(loaded)
    return component.preprocess(loaded)


def test_a_function_gets_the_formatted_text_by_default():
    dialogue = gr.Dialogue(speakers=["Speaker 1", "Speaker 2"])
    assert arrives(dialogue, LINES) == "[Speaker 1] Hello\n[Speaker 2] Hi!"
    assert arrives(dialogue, "typed as text") == "typed as text"
    assert arrives(dialogue, [{"speaker": "Speaker 1", "text": ""}]) == ""
    assert arrives(dialogue, None) == ""
    joined = gr.Dialogue(separator=" | ", formatter=lambda s, t: f"{s}: {t}")
    assert arrives(joined, LINES) == "Speaker 1: Hello | Speaker 2: Hi!"


def test_type_list_gives_the_lines_and_reads_text_back():
    dialogue = gr.Dialogue(type="list", speakers=["Ann", "Bo"])
    assert arrives(dialogue, LINES) == LINES
    assert arrives(dialogue, "[Bo] one\n\nno speaker\n") == [
        {"speaker": "Bo", "text": "one"}, {"speaker": "Ann", "text": "no speaker"}]
    custom = gr.Dialogue(type="list", unformatter=lambda line, default: dict(
        zip(("speaker", "text"), line.split(": ", 1))))
    assert arrives(custom, "A: x\nB: y") == [{"speaker": "A", "text": "x"},
                                             {"speaker": "B", "text": "y"}]
    assert arrives(dialogue, None) == []


def test_the_page_gets_lines_or_text():
    dialogue = gr.Dialogue()
    assert json.loads(json.dumps(dialogue.postprocess(LINES))) == LINES
    assert dialogue.postprocess("plain") == "plain"
    assert dialogue.postprocess(None) is None
    with pytest.raises(TypeError, match="'speaker' and 'text'"):
        dialogue.postprocess([{"speaker": "A"}])
    with pytest.raises(TypeError, match="not int"):
        dialogue.postprocess(3)


def test_values_from_a_page_are_checked():
    dialogue = gr.Dialogue(max_lines=2)
    for bad in ([{"speaker": 1, "text": "x"}], [["A", "x"]], 5, LINES * 2):
        with pytest.raises(ValueError):
            dialogue.validate(bad)
    dialogue.validate(LINES)
    with pytest.raises(ValueError, match="characters"):
        dialogue.validate("x" * 1_000_001)


def test_arguments_as_gradio_has_them():
    shown = gr.Dialogue(LINES, speakers=["Speaker 1"], tags=["(laughs)"], interactive=True)
    props = shown.get_props()
    assert props["value"] == LINES and props["tags"] == ["(laughs)"]
    assert props["info"].startswith("Type colon")
    assert props["label"] == "Dialogue" and props["separator"] == "\n"
    assert "formatter" not in props and "type" not in props  # they stay on the server
    assert gr.Dialogue().get_props()["info"] is None  # the hint is for an editable one
    for bad in ({"type": "dict"}, {"ui_mode": "lines"}, {"separator": " "},
                {"separator": ""}, {"max_lines": 0}):
        with pytest.raises(ValueError):
            gr.Dialogue(**bad)
    with pytest.warns(gr.BlocksWarning, match="autoscroll"):
        gr.Dialogue(autoscroll=False)
