"""The value components of the core: what a function receives and what the page gets.

CheckboxGroup, JSON, Label, HighlightedText, Code, ColorPicker, DateTime, Dataset,
ParamViewer, ClearButton, DeepLinkButton, TextArea and the aliases Gradio keeps.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pytest
from marshmallow import ValidationError

import blocks as gr
from blocks import arguments, files
from blocks.exceptions import BlocksWarning
from blocks.processing import ValidationFailed, postprocess_one, validate_inputs


def wire(component, value):
    """What the page receives for ``value``: postprocess, then JSON."""
    return json.loads(json.dumps(component.postprocess(value)))


def arrives(component, payload):
    """What a function receives for a payload from the page (schema, checks, preprocess)."""
    loaded = type(component).value_field().deserialize(payload)
    if loaded is not None:
        component.validate(loaded)
    return component.preprocess(loaded)


# -- CheckboxGroup ----------------------------------------------------------------------------
def test_checkboxgroup_values_and_indices():
    group = gr.CheckboxGroup(["a", ("Bee", "b"), "c"], value="a")
    assert group.get_props()["value"] == ["a"]
    assert group.get_props()["choices"] == [["a", "a"], ["Bee", "b"], ["c", "c"]]
    assert arrives(group, ["a", "c"]) == ["a", "c"]
    assert arrives(group, None) == []
    by_index = gr.CheckboxGroup(["a", "b", "c"], type="index")
    assert arrives(by_index, ["c", "a"]) == [2, 0]
    assert group.postprocess(("a", "b")) == ["a", "b"]


def test_checkboxgroup_refuses_what_is_not_a_choice():
    group = gr.CheckboxGroup(["a", "b"])
    with pytest.raises(ValueError, match="'z' is not one of the choices"):
        arrives(group, ["a", "z"])
    with pytest.raises(ValueError, match="only once"):
        arrives(group, ["a", "a"])
    with pytest.raises(ValidationError):
        arrives(group, "a")  # a list, not one value


# -- JSON -------------------------------------------------------------------------------------
def test_json_converts_what_json_cannot_hold():
    shown = wire(gr.JSON(), {"array": np.array([1, 2]), "when": dt.date(2024, 1, 2),
                             "set": {3}, "nan": math.nan, "nested": [np.float32(0.5)]})
    assert shown == {"array": [1, 2], "when": "2024-01-02", "set": [3], "nan": None,
                     "nested": [0.5]}
    assert wire(gr.JSON(), '{"a": [1, 2]}') == {"a": [1, 2]}
    assert wire(gr.JSON(), "Key: a") == "Key: a"  # text that is not JSON: a string
    assert arrives(gr.JSON(), {"b": 1}) == {"b": 1}


def test_json_keeps_the_order_of_keys_and_refuses_deep_nesting():
    assert list(wire(gr.JSON(), {"z": 1, "a": 2})) == ["z", "a"]
    deep: list = []
    for _ in range(150):
        deep = [deep]
    with pytest.raises(ValueError, match="nests more than 100 levels"):
        gr.JSON().validate(deep)


def test_json_buttons():
    assert gr.JSON().buttons == ["copy"]
    assert gr.JSON(buttons=[]).buttons == []
    with pytest.raises(ValueError, match="JSON buttons may be 'copy'"):
        gr.JSON(buttons=["download"])


# -- Label ------------------------------------------------------------------------------------
def test_label_ranks_classes_and_keeps_the_top_ones():
    label = gr.Label(num_top_classes=2)
    shown = wire(label, {"dog": 0.2, "cat": 0.7, "bird": 0.1})
    assert shown == {"label": "cat", "confidences": [{"label": "cat", "confidence": 0.7},
                                                     {"label": "dog", "confidence": 0.2}]}
    assert arrives(label, shown) == {"cat": 0.7, "dog": 0.2}
    assert wire(label, "Cat") == {"label": "Cat", "confidences": None}
    assert arrives(label, {"label": "Cat", "confidences": None}) == "Cat"
    assert wire(label, 3.5) == {"label": "3.5", "confidences": None}
    assert wire(label, {}) == {}
    assert arrives(label, {}) is None


def test_label_reads_a_json_file(tmp_path):
    path = tmp_path / "prediction.json"
    path.write_text(json.dumps({"label": "x", "confidences": [
        {"label": "x", "confidence": 0.4}, {"label": "y", "confidence": 0.6}]}))
    assert wire(gr.Label(), str(path))["label"] == "y"


def test_label_refuses_bad_confidences():
    with pytest.raises(ValueError, match="finite"):
        gr.Label().postprocess({"a": math.inf})
    with pytest.raises(ValidationError):
        arrives(gr.Label(), {"label": "a", "confidences": [{"label": "a"}]})
    with pytest.raises(ValueError, match="string or a number"):
        arrives(gr.Label(), {"label": ["a"], "confidences": None})


# -- HighlightedText --------------------------------------------------------------------------
def test_highlightedtext_pairs_entities_and_merging():
    text = gr.HighlightedText()
    assert wire(text, [("The", None), ("fox", "noun")]) == [
        {"token": "The", "class_or_confidence": None},
        {"token": "fox", "class_or_confidence": "noun"}]
    entities = {"text": "Ada lives in Paris",
                "entities": [{"start": 13, "end": 18, "entity": "LOC"},
                             {"start": 0, "end": 3, "entity_group": "PER"}]}
    assert [(t["token"], t["class_or_confidence"]) for t in wire(text, entities)] == [
        ("Ada", "PER"), (" lives in ", None), ("Paris", "LOC")]
    merged = gr.HighlightedText(combine_adjacent=True, adjacent_separator=" ")
    assert [(t["token"], t["class_or_confidence"])
            for t in wire(merged, [("New", "LOC"), ("York", "LOC"), ("", None), ("is", None)])] \
        == [("New York", "LOC"), ("is", None)]
    trimmed = gr.HighlightedText(show_whitespaces=False)
    assert wire(trimmed, [(" a ", "x")])[0]["token"] == "a"


def test_highlightedtext_gives_functions_dicts_and_checks_categories():
    text = gr.HighlightedText()
    payload = [{"token": "fox", "class_or_confidence": 0.5}]
    assert arrives(text, payload) == [{"token": "fox", "class_or_confidence": 0.5}]
    assert wire(text, arrives(text, payload)) == payload  # the round trip holds
    with pytest.raises(ValueError, match="category must be"):
        arrives(text, [{"token": "a", "class_or_confidence": [1]}])
    with pytest.raises(ValidationError):
        arrives(text, [{"class_or_confidence": "x"}])


def test_highlightedtext_is_a_display_unless_an_event_reads_it():
    with gr.Blocks() as demo:
        shown = gr.HighlightedText([("a", "b")])
        read = gr.HighlightedText()
        gr.Button().click(lambda value: None, read, None)
    props = {c["id"]: c["props"] for c in demo.config()["components"]}
    assert props[shown._id]["interactive"] is False
    assert props[read._id]["interactive"] is True


# -- Code -------------------------------------------------------------------------------------
def test_code_languages_lines_and_strip():
    code = gr.Code("  print(1)\n", language="python", lines=3, max_lines=2)
    assert code.max_lines == 3  # never fewer than lines
    assert code.get_props()["value"] == "print(1)"
    assert arrives(code, "x = 1\n") == "x = 1\n"
    assert "sql-pgSQL" in gr.Code.languages and None in gr.Code.languages
    with pytest.raises(ValueError, match="no language 'cobol'"):
        gr.Code(language="cobol")
    with pytest.raises(ValueError, match="read a file's text"):
        code.postprocess(("file.py",))
    assert gr.Code().buttons == ["copy", "download"]


def test_code_autocomplete_is_accepted_with_a_warning(monkeypatch):
    monkeypatch.setattr(arguments, "_warned", set())  # it warns once per process
    with pytest.warns(BlocksWarning, match="autocomplete"):
        gr.Code(autocomplete=True)


# -- ColorPicker ------------------------------------------------------------------------------
@pytest.mark.parametrize("colour", ["#fa0", "#ff8800", "#ff880080", "red", "rgb(1, 2, 3)",
                                    "hsl(120deg 50% 50% / 0.5)"])
def test_colorpicker_takes_css_colours(colour):
    assert arrives(gr.ColorPicker(), colour) == colour


@pytest.mark.parametrize("colour", ["#12", "javascript:alert(1)", "red; background: url(x)",
                                    "#" + "f" * 200])
def test_colorpicker_refuses_what_is_not_a_colour(colour):
    with pytest.raises(ValueError, match="is not a colour"):
        arrives(gr.ColorPicker(), colour)


# -- DateTime ---------------------------------------------------------------------------------
def test_datetime_types():
    paris = dt.timezone(dt.timedelta(hours=1))
    text = "2024-01-02 03:04:05"
    stamp = gr.DateTime(timezone="Europe/Paris")
    assert arrives(stamp, text) == dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=paris).timestamp()
    moment = arrives(gr.DateTime(type="datetime", timezone="Europe/Paris"), text)
    assert moment.utcoffset() == dt.timedelta(hours=1) and moment.hour == 3
    assert arrives(gr.DateTime(type="string"), text) == text
    assert arrives(gr.DateTime(), "") is None
    assert wire(stamp, arrives(stamp, text)) == text  # timestamp and back, in Paris
    day = gr.DateTime(include_time=False, type="string")
    assert wire(day, dt.date(2024, 5, 6)) == "2024-05-06"
    assert day.example_value() == "2020-10-01"


def test_datetime_now_shorthand():
    two_hours_ago = arrives(gr.DateTime(type="datetime"), "now - 2h")
    assert abs((dt.datetime.now() - two_hours_ago) - dt.timedelta(hours=2)) < \
        dt.timedelta(seconds=5)
    assert len(arrives(gr.DateTime(type="string"), "now")) == len("2024-01-02 03:04:05")


def test_datetime_refuses_bad_dates_and_zones():
    with pytest.raises(ValueError, match="is not a date: write it as YYYY-MM-DD HH:MM:SS"):
        arrives(gr.DateTime(), "02/01/2024")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        arrives(gr.DateTime(include_time=False), "2024-01-02 03:04:05")
    with pytest.raises(ValueError, match="Unknown time zone"):
        gr.DateTime(timezone="Mars/Olympus")
    with pytest.raises(ValueError, match="type must be one of"):
        gr.DateTime(type="epoch")


# -- Dataset ----------------------------------------------------------------------------------
def test_dataset_types_and_values():
    samples = [["a", 1], ["b", 2]]
    for kind, expected in (("values", ["b", 2]), ("index", 1), ("tuple", (1, ["b", 2]))):
        dataset = gr.Dataset(components=["textbox", gr.Number()], samples=samples, type=kind)
        assert arrives(dataset, 1) == expected  # an index, as Gradio's clients send
        shown = dataset.get_props()["samples"][1]
        assert arrives(dataset, {"index": 1, "sample": shown}) == expected
    dataset = gr.Dataset(components=["textbox"], samples=[["a"]])
    assert dataset.components == ["textbox"]
    assert dataset.postprocess(["a"]) == 0
    with pytest.raises(ValueError, match="There is no sample 3"):
        arrives(dataset, 3)
    with pytest.raises(ValueError, match="index of a sample"):
        arrives(dataset, -1)


def test_dataset_headers_layout_and_labels():
    with gr.Blocks():
        text = gr.Textbox(label="Word")
        number = gr.Number(label="Count")
    dataset = gr.Dataset(components=[text, number], samples=[["a", 1]])
    assert dataset.headers == ["Word", "Count"]
    assert gr.Dataset(components=["textbox"], samples=[]).headers == []
    with pytest.raises(ValueError, match="layout must be"):
        gr.Dataset(layout="grid")
    with pytest.raises(ValueError, match="one per sample"):
        gr.Dataset(samples=[["a"]], sample_labels=["x", "y"])


def test_dataset_files_go_to_the_page_as_file_data(tmp_path):
    picture = tmp_path / "cat.txt"
    picture.write_text("not really a cat")

    class Files(gr.Textbox):  # a column whose component sends files
        name = "files_for_test"

        def postprocess(self, value):
            return files.file_data(value)

    dataset = gr.Dataset(components=[Files(render=False)], samples=[[str(picture)]])
    [[cell]] = dataset.get_props()["samples"]
    assert files.is_file_data(cell) and cell["path"] == str(picture)
    assert arrives(dataset, 0) == [str(picture)]  # the app's own value
    moved = {**cell, "path": str(tmp_path / "other.txt")}
    assert arrives(dataset, {"index": 0, "sample": [moved]}) == [str(tmp_path / "other.txt")]


def test_a_returned_dataset_is_shown_with_the_outputs_components():
    with gr.Blocks():
        dataset = gr.Dataset(components=["textbox", "number"], samples=[["a", 1]])
    update = postprocess_one(dataset, gr.Dataset(samples=[["b", 2], ["c", 3]]))
    assert update == {"props": {"samples": [["b", 2], ["c", 3]]}}


# -- ParamViewer ------------------------------------------------------------------------------
def test_paramviewer_renders_descriptions_and_gives_back_the_parameters():
    viewer = gr.ParamViewer()
    value = {"n": {"type": "int", "description": "How **many** <script>x</script>",
                   "default": 3}}
    shown = wire(viewer, value)
    assert shown["n"]["default"] == "3"
    assert "<strong>many</strong>" in shown["n"]["description_html"]
    assert "<script>" not in shown["n"]["description_html"]
    assert arrives(viewer, shown) == {"n": {"type": "int", "default": "3",
                                            "description": "How **many** <script>x</script>"}}
    with pytest.raises(ValueError, match="language must be"):
        gr.ParamViewer(language="rust")


def test_paramviewer_keeps_gradios_upload_listener():
    with gr.Blocks() as demo:
        viewer = gr.ParamViewer()
        viewer.upload(lambda value: value, viewer, viewer)  # as Gradio scripts may
    assert [dep.targets for dep in demo.dependencies] == [[(viewer, "upload")]]


def test_paramviewer_linkify_is_accepted_with_a_warning(monkeypatch):
    monkeypatch.setattr(arguments, "_warned", set())
    with pytest.warns(BlocksWarning, match="linkify"):
        gr.ParamViewer(linkify=["int"])


# -- ClearButton ------------------------------------------------------------------------------
def test_clearbutton_empties_in_the_page_and_resets_state_on_the_server():
    with gr.Blocks() as demo:
        text = gr.Textbox(label="Text")
        group = gr.CheckboxGroup(["a"])
        state = gr.State([1, 2])
        clear = gr.ClearButton([text, group, state])
        one = gr.ClearButton(text, value="Empty it")
    deps = [dep for dep in demo.dependencies if dep.targets == [(clear, "click")]]
    page, server = deps
    assert page.fn is None and page.js == "() => [null, []]"  # what Gradio's Clear gives
    assert page.outputs == [text, group]
    assert server.outputs == [state] and server.fn() == [1, 2]
    [single] = [dep for dep in demo.dependencies if dep.targets == [(one, "click")]]
    assert single.js == "() => null"
    props = {c["id"]: c["props"] for c in demo.config()["components"]}
    assert props[text._id]["interactive"] is True  # emptied by a button, still editable


def test_clearbutton_gives_each_component_what_gradios_clear_gives():
    with gr.Blocks() as demo:
        shown = [gr.Slider(2, 10, value=5), gr.Slider(0.5, 3, value=1), gr.Checkbox(True),
                 gr.CheckboxGroup(["a"], value=["a"]), gr.Label({"cat": 0.9}), gr.Number(4),
                 gr.Radio(["x"], value="x"), gr.Dropdown(["x"], value="x")]
        clear = gr.ClearButton(shown)
    [dep] = [dep for dep in demo.dependencies if dep.targets == [(clear, "click")]]
    assert json.loads(dep.js.removeprefix("() => ")) == [2, 0.5, False, [], {}, None, None,
                                                          None]


def test_clearbutton_add_and_outside_an_app():
    button = gr.ClearButton(render=False)  # no app open: nothing to listen to yet
    assert button.value == "Clear"
    with gr.Blocks() as demo:
        text = gr.Textbox()
        later = gr.ClearButton()
        assert later.add(text) is later
    [dep] = demo.dependencies
    assert dep.outputs == [text]


# -- DeepLinkButton ---------------------------------------------------------------------------
def deep_link_app():
    with gr.Blocks() as demo:
        text = gr.Textbox(label="Text")
        markdown = gr.Markdown("Hello")
        html = gr.HTML("<b>kept out</b>")
        state = gr.State(1)
        link = gr.DeepLinkButton()
    return demo, text, markdown, html, state, link


def test_deeplinkbutton_covers_the_page_but_html_state_and_buttons():
    demo, text, markdown, _html, _state, link = deep_link_app()
    make, restore = link._deps
    assert make.inputs == [text, markdown] and restore.outputs == [text, markdown]
    assert not make.shapes_interactivity and not restore.shapes_interactivity
    props = {c["id"]: c["props"] for c in demo.config()["components"]}
    assert props[markdown._id]["interactive"] is True  # still only what the app made it


def test_deeplinkbutton_makes_and_restores_a_link():
    *_, markdown, _html, _state, link = deep_link_app()
    made = link._make_link("Ada", {"markdown": "**hi**", "html": "<script>bad()</script>"})
    token = made["deep_link"]
    assert token.startswith(f"{link._id}.")
    event = gr.EventData(link, {"token": token})
    restored = link._restore(event)
    assert restored[0] == gr.update(value="Ada")
    assert restored[1] == gr.update(value="**hi**")  # the page gets it rendered again
    shown = postprocess_one(markdown, restored[1])["value"]
    assert "<script>" not in shown["html"] and "<strong>hi</strong>" in shown["html"]


def test_deeplinkbutton_refuses_changed_or_foreign_links():
    link = deep_link_app()[-1]
    token = link._make_link("Ada", None)["deep_link"]
    owner, payload, mac = token.split(".")
    other = deep_link_app()[-1]
    for bad in (f"{owner}.{payload}x.{mac}", f"{owner}.{payload}.{mac[:-2]}", "a.b",
                other._make_link("Eve", None)["deep_link"], 12, None):
        with pytest.raises(gr.Error, match="cannot be opened"):
            link._restore(gr.EventData(link, {"token": bad}))


def test_a_link_skips_values_the_app_no_longer_accepts():
    with gr.Blocks():
        gr.Number(minimum=0, maximum=10)
        link = gr.DeepLinkButton()
    token = link._make_link(50)["deep_link"]
    assert link._restore(gr.EventData(link, {"token": token})) == [gr.skip()]


def test_the_link_event_checks_inputs_like_any_event():
    with gr.Blocks():
        gr.Number(minimum=0, maximum=10)
        link = gr.DeepLinkButton()
    make, _ = link._deps
    with pytest.raises(ValidationFailed):
        validate_inputs(make, [50])


# -- TextArea and aliases ---------------------------------------------------------------------
def test_textarea_and_aliases():
    area = gr.TextArea()
    assert (area.lines, area.max_lines) == (7, 20)
    assert isinstance(area, gr.Textbox) and area.name == "textarea"
    assert gr.Text is gr.Textbox
    assert gr.Json is gr.JSON
    assert gr.Highlight is gr.HighlightedText is gr.Highlightedtext
    assert gr.Checkboxgroup is gr.CheckboxGroup
    assert gr.TabItem is gr.Tab
