"""gr.Interface, gr.TabbedInterface, gr.Examples (and their cache), flagging, and
gr.Progress(track_tqdm=True), without a server."""

from __future__ import annotations

import csv
import json

import pytest

import blocks as gr
from blocks.example_cache import function_fingerprint
from blocks.exceptions import BlocksWarning, ComponentNotInstalledError
from blocks.interface import component_from_shortcut
from blocks.processing import DONE, Execution


def run(dep, data) -> list:
    """Every step of one event's run, without a server."""
    execution = Execution(dep, data)
    execution.start()
    return list(iter(execution.step, DONE))


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("BLOCKS_TEMP_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GRADIO_CACHE_EXAMPLES", raising=False)
    monkeypatch.delenv("GRADIO_FLAGGING_MODE", raising=False)


def kinds(demo) -> list[str]:
    return [type(block).__name__ for block in demo.blocks.values()]


def buttons(demo) -> list[str]:
    return [block.value for block in demo.blocks.values() if isinstance(block, gr.Button)
            and block._parent is not None]


# -- shortcuts ----------------------------------------------------------------------------
@pytest.mark.parametrize("name, cls", [
    ("text", "Textbox"), ("textbox", "Textbox"), ("Textbox", "Textbox"), ("number", "Number"),
    ("slider", "Slider"), ("checkbox", "Checkbox"), ("json", "JSON"), ("label", "Label"),
    ("textarea", "TextArea"), ("highlight", "HighlightedText"), ("html", "HTML"),
    ("highlighted_text", "HighlightedText"), ("checkboxgroup", "CheckboxGroup"),
    ("dropdown", "Dropdown"), ("radio", "Radio"), ("markdown", "Markdown"), ("state", "State"),
    ("code", "Code"), ("colorpicker", "ColorPicker"), ("datetime", "DateTime"),
    ("image", "Image"), ("gallery", "Gallery"), ("sketchpad", "Sketchpad"), ("paint", "Paint"),
    ("imagemask", "ImageMask"), ("image_editor", "ImageEditor"), ("chatbot", "Chatbot"),
    ("audio", "Audio"), ("microphone", "Audio"), ("mic", "Audio"), ("video", "Video"),
    ("playable_video", "Video"), ("dataframe", "Dataframe"), ("numpy", "Dataframe"),
    ("plot", "Plot"), ("file", "File")])
def test_every_shortcut_of_an_installed_component(name, cls):
    assert type(component_from_shortcut(name)).__name__ == cls


def test_a_shortcut_whose_package_is_missing_names_it(monkeypatch):
    """Every shortcut's package is installed here: one that is not is made up."""
    import blocks.registry
    monkeypatch.setattr(blocks.registry, "providers", lambda: {
        "blocks-holograms": {"version": "0.1.0", "components": ["Hologram"]}})
    with pytest.raises(ComponentNotInstalledError, match="blocks-holograms"):
        gr.Interface(lambda x: x, "hologram", "text")


def test_an_unknown_shortcut_is_refused():
    with pytest.raises(ValueError, match="No component is called 'txet'"):
        gr.Interface(lambda x: x, "txet", "text")


# -- layout and events ----------------------------------------------------------------------
def test_standard_interface_layout_and_call():
    def greet(name, times):
        return " ".join([f"Hello {name}!"] * int(times))

    demo = gr.Interface(greet, ["text", gr.Slider(1, 3, step=1, label="Times")], "text",
                        title="Greeter <b>", description="Say *hello*", article="The end")
    assert demo.interface_type == "standard"
    assert buttons(demo) == ["Clear", "Submit", "Flag"]
    markdown = [b.value for b in demo.blocks.values() if isinstance(b, gr.Markdown)]
    assert markdown == ["<h1>Greeter &lt;b&gt;</h1>", "Say *hello*", "The end"]
    assert demo.title == "Greeter <b>"
    predict = demo.dependencies[0]
    assert predict.api_name == "predict"
    assert [event for _, event in predict.targets] == ["click", "submit"]
    assert demo("Ann", 2) == "Hello Ann! Hello Ann!"
    assert [type(row).__name__ for row in demo.children] == ["Markdown", "Markdown", "Row",
                                                              "Markdown"]


def test_interface_types():
    output_only = gr.Interface(lambda: "x", None, "text", flagging_mode="never")
    assert output_only.interface_type == "output_only"
    assert buttons(output_only) == ["Clear", "Generate"]
    input_only = gr.Interface(lambda x: None, "text", None, flagging_mode="never")
    assert input_only.interface_type == "input_only"
    box = gr.Textbox()
    unified = gr.Interface(lambda x: x[::-1], box, box, flagging_mode="never")
    assert unified.interface_type == "unified"
    assert kinds(unified).count("Textbox") == 1
    with pytest.raises(ValueError, match="inputs, outputs or both"):
        gr.Interface(lambda: None, None, None)


def test_live_runs_on_every_change_without_a_submit_button():
    demo = gr.Interface(lambda a, b: a + b, ["number", "number"], "number", live=True,
                        flagging_mode="never")
    assert buttons(demo) == ["Clear"]
    predict = demo.dependencies[0]
    assert [event for _, event in predict.targets] == ["change", "change"]
    assert predict.trigger_mode == "always_last"
    clock = gr.Interface(lambda: "now", None, "text", live=True, flagging_mode="never")
    assert clock.dependencies[0].targets == [(clock, "load")]


def test_stop_button_for_a_generator_and_button_texts():
    def count(n):
        yield from range(int(n))

    demo = gr.Interface(count, "number", "number", submit_btn="Go", stop_btn="Halt",
                        clear_btn=None, flagging_mode="never")
    stop = next(b for b in demo.blocks.values() if getattr(b, "value", None) == "Halt")
    assert stop.visible is False and stop.variant == "stop"
    predict = demo.dependencies[0]
    stopping = next(d for d in demo.dependencies if d.targets == [(stop, "click")])
    assert stopping.cancels == [predict.id]
    assert "Clear" not in buttons(demo)
    plain = gr.Interface(lambda x: x, "text", "text", flagging_mode="never")
    assert "Stop" not in buttons(plain)


def test_listener_options_pass_through():
    demo = gr.Interface(lambda xs: [[x * 2 for x in xs]], "number", "number", batch=True,
                        max_batch_size=8, api_name="double", concurrency_limit=2,
                        flagging_mode="never")
    predict = demo.dependencies[0]
    assert (predict.batch, predict.max_batch_size, predict.api_name,
            predict.concurrency_limit) == (True, 8, "double", 2)
    hidden = gr.Interface(str, "text", "text", api_name=False, flagging_mode="never")
    assert hidden.dependencies[0].api_name is None


def test_additional_inputs_in_an_accordion_and_state_shared():
    def add(history, item, sep):
        history = (history or []) + [item]
        return sep.join(history), history

    demo = gr.Interface(add, ["state", "text"], ["text", "state"],
                        additional_inputs=[gr.Textbox(",", label="Separator")],
                        additional_inputs_accordion="More", flagging_mode="never")
    accordion = next(b for b in demo.blocks.values() if isinstance(b, gr.Accordion))
    assert accordion.label == "More" and accordion.open is False
    assert [c.label for c in accordion.children] == ["Separator"]
    assert demo.output_components[1] is demo.input_components[0]


def test_gradio_only_arguments_warn():
    with pytest.warns(BlocksWarning, match="allow_duplication"):
        gr.Interface(lambda x: x, "text", "text", allow_duplication=True)
    with pytest.raises(TypeError):
        gr.Interface(lambda x: x, "text", "text", no_such_option=1)


# -- flagging -------------------------------------------------------------------------------
def test_manual_flagging_writes_a_csv_with_options(tmp_path):
    demo = gr.Interface(lambda x: x.upper(), gr.Textbox(label="Word"),
                        gr.Textbox(label="Upper"), flagging_options=["wrong", "funny"],
                        flagging_dir=str(tmp_path / "flags"))
    assert buttons(demo) == ["Clear", "Submit", "Flag as wrong", "Flag as funny"]
    flag_funny = demo.dependencies[-1]
    assert flag_funny.preprocess is False and flag_funny.api_name is None
    run(flag_funny, ["ab", "AB"])
    run(flag_funny, ["c,d", "C,D"])
    run(flag_funny, ["=HYPERLINK(\"http://x\")", "-1.5"])
    with open(tmp_path / "flags" / "dataset1.csv", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == ["Word", "Upper", "flag", "username", "timestamp"]
    assert [row[:4] for row in rows[1:]] == [["ab", "AB", "funny", ""],
                                             ["c,d", "C,D", "funny", ""],
                                             ["'=HYPERLINK(\"http://x\")", "-1.5", "funny",
                                              ""]]


def test_auto_and_never_flagging(tmp_path):
    auto = gr.Interface(lambda x: x, "text", "text", flagging_mode="auto",
                        flagging_dir=str(tmp_path))
    assert "Flag" not in buttons(auto)
    flag = next(d for d in auto.dependencies if d.trigger_only_on_success)
    assert flag.trigger_after == auto.dependencies[0].id
    run(flag, ["a", "a"])
    assert (tmp_path / "dataset1.csv").read_text().count("\n") == 2
    never = gr.Interface(lambda x: x, "text", "text", flagging_mode="never")
    assert len(never.dependencies) == 2  # predict and Clear
    with pytest.raises(ValueError, match="flagging_mode"):
        gr.Interface(lambda x: x, "text", "text", flagging_mode="sometimes")


def test_csv_logger_new_file_for_other_columns_and_copies_files(tmp_path):
    picture = tmp_path / "cat.png"
    picture.write_bytes(b"png")
    logger = gr.CSVLogger()
    logger.setup([gr.Textbox(label="A", render=False)], tmp_path / "flags")
    assert logger.flag(["x"]) == 1
    other = gr.CSVLogger()
    other.setup([gr.Image(label="Photo", render=False)], tmp_path / "flags")
    assert other.dataset_filepath.name == "dataset2.csv"
    other.flag([{"path": str(picture), "orig_name": "../cat.png",
                 "meta": {"_type": "blocks.FileData"}}])
    with open(other.dataset_filepath, newline="") as file:
        saved = list(csv.reader(file))[1][0]
    assert saved.startswith(str(tmp_path / "flags" / "Photo"))
    with open(saved, "rb") as file:
        assert file.read() == b"png" and saved.endswith("cat.png")


# -- examples -------------------------------------------------------------------------------
def test_examples_are_a_dataset_that_fills_the_inputs():
    with gr.Blocks() as demo:
        word = gr.Textbox(label="Word")
        examples = gr.Examples(["hello", "bonjour"], word, label="Try")
    assert examples.dataset.label == "Try" and examples.dataset.samples == [["hello"],
                                                                            ["bonjour"]]
    load = demo.dependencies[0]
    assert load.api_name == "load_example" and load.shapes_interactivity is False
    assert run(load, [1]) == [[{"value": "bonjour"}]]
    with pytest.raises(ValueError, match="2 values"):
        with gr.Blocks():
            gr.Examples([["a", "b"]], [gr.Textbox()])


def test_inputs_without_examples_are_left_alone():
    def join(a, b, sep):
        return (sep or "+").join([a, b])

    with gr.Blocks() as demo:
        a, b, sep, out = gr.Textbox(label="A"), gr.Textbox(label="B"), gr.Textbox(), \
            gr.Textbox()
        examples = gr.Examples([["x", "y"], ["p", "q"]], [a, b, sep], out, fn=join,
                               cache_examples="lazy")
    assert examples.dataset.headers == ["A", "B"] and examples.inputs == [a, b]
    assert run(demo.dependencies[0], [1]) == [[{"value": "p"}, {"value": "q"},
                                               {"value": "p+q"}]]


def test_cached_examples_are_stored_reused_and_invalidated(tmp_path):
    calls = []

    def shout(text):
        calls.append(text)
        return text.upper()

    def build(fn):
        with gr.Blocks() as demo:
            word, loud = gr.Textbox(), gr.Textbox()
            examples = gr.Examples([["hi"], ["yo"]], word, loud, fn=fn, cache_examples=True)
        return demo, examples

    demo, examples = build(shout)
    assert calls == []  # computed when the app is made
    demo.create_app()
    assert sorted(calls) == ["hi", "yo"]
    assert run(demo.dependencies[0], [1]) == [[{"value": "yo"}, {"value": "YO"}]]
    stored = json.loads((examples.cache.folder / "0.json").read_text())
    assert stored == [{"value": "HI"}]
    # a restart: the same function finds its outputs on disk
    demo, _ = build(shout)
    demo.create_app()
    assert len(calls) == 2

    def shout(text):  # the same function, edited
        calls.append(text)
        return text.upper() + "!"

    demo, _ = build(shout)
    demo.create_app()
    assert run(demo.dependencies[0], [0]) == [[{"value": "hi"}, {"value": "HI!"}]]


def test_lazy_cache_computes_on_first_click():
    calls = []

    def double(n):
        calls.append(n)
        return n * 2

    with gr.Blocks() as demo:
        number, result = gr.Number(), gr.Number()
        gr.Examples([[2], [5]], number, result, fn=double, cache_examples="lazy")
    demo.create_app()
    assert calls == []
    load = demo.dependencies[0]
    assert load.queue is True
    assert run(load, [1]) == [[{"value": 5}, {"value": 10}]]
    assert run(load, [1]) == [[{"value": 5}, {"value": 10}]]
    assert calls == [5]


def test_examples_cache_a_generators_last_output_and_batch_functions():
    def count(n):
        yield from range(int(n))

    with gr.Blocks() as demo:
        n, out = gr.Number(), gr.Number()
        gr.Examples([[3]], n, out, fn=count, cache_examples="lazy")
        gr.Examples([[4]], n, out, fn=lambda xs: [[x + 1 for x in xs]], batch=True,
                    cache_examples="lazy", api_name="load_batch")
    assert run(demo.dependencies[0], [0])[0][1] == {"value": 2}
    assert run(demo.dependencies[1], [0])[0][1] == {"value": 5}


def test_examples_options():
    with pytest.raises(ValueError, match="needs fn and outputs"):
        with gr.Blocks():
            gr.Examples(["a"], gr.Textbox(), cache_examples=True)
    with gr.Blocks() as demo:
        box, out = gr.Textbox(), gr.Textbox()
        gr.Examples(["a"], box, out, fn=str.upper, run_on_click=True)
    then = demo.dependencies[1]
    assert then.trigger_after == 0 and then.fn is str.upper


def test_examples_from_a_folder(tmp_path):
    (tmp_path / "one.txt").write_text("1")
    (tmp_path / "two.txt").write_text("2")
    (tmp_path / ".hidden").write_text("x")
    with gr.Blocks():
        examples = gr.Examples(str(tmp_path), gr.Textbox())
    assert examples.examples == [[str(tmp_path / "one.txt")], [str(tmp_path / "two.txt")]]
    (tmp_path / "log.csv").write_text("a,b\none.txt,first\n")
    with gr.Blocks():
        examples = gr.Examples(str(tmp_path), [gr.Textbox(), gr.Textbox()])
    assert examples.examples == [[str(tmp_path / "one.txt"), "first"]]


def test_function_fingerprint_follows_the_code_not_the_object():
    def make(k):
        return lambda x: x + k

    assert function_fingerprint(make(1)) == function_fingerprint(make(2))  # same code
    assert function_fingerprint(lambda x: x + 1) != function_fingerprint(lambda x: x - 1)


def test_interface_examples_and_caching():
    demo = gr.Interface(lambda a, b: a * b, ["number", "number"], "number",
                        examples=[[2, 3], [4, 5]], cache_examples=True, flagging_mode="never",
                        example_labels=["small", "big"])
    assert demo.examples_handler.dataset.sample_labels == ["small", "big"]
    demo.create_app()
    load = demo.dependencies[-1]
    assert run(load, [1]) == [[{"value": 4}, {"value": 5}, {"value": 20}]]


# -- TabbedInterface ---------------------------------------------------------------------------
def test_tabbed_interface_moves_each_app_into_a_tab():
    hello = gr.Interface(lambda name: f"Hello {name}", "text", "text", flagging_mode="never")
    bye = gr.Interface(lambda name: f"Bye {name}", "text", "text", flagging_mode="never")
    demo = gr.TabbedInterface([hello, bye], ["Hello", "Bye"], title="Two")
    tabs = [b for b in demo.blocks.values() if isinstance(b, gr.Tab)]
    assert [tab.label for tab in tabs] == ["Hello", "Bye"]
    names = [d.api_name for d in demo.dependencies if d.api_name]
    assert names == ["predict", "predict_1"]
    assert demo("Ann", api_name="predict_1") == "Bye Ann"
    ids = [b._id for b in demo.blocks.values()]
    assert ids == sorted(set(ids))
    config = demo.config()
    assert len(config["dependencies"]) == len(demo.dependencies)
    with pytest.raises(ValueError, match="2 names"):
        gr.TabbedInterface([gr.Interface(str, "text", "text")], ["a", "b"])


# -- progress ---------------------------------------------------------------------------------
def test_progress_track_tqdm_reports_tqdm_loops():
    tqdm = pytest.importorskip("tqdm")

    def work(n, progress=gr.Progress(track_tqdm=True)):
        total = 0
        for i in tqdm.tqdm(range(int(n)), desc="Summing"):
            total += i
        return total

    with gr.Blocks():
        n, out = gr.Number(), gr.Number()
        dep = gr.Button().click(work, n, out).dependency
    sent = []
    execution = Execution(dep, [3], notify=sent.append)
    execution.start()
    assert execution.step() == [{"value": 3}]
    levels = [message["progress"] for message in sent if message["type"] == "progress"]
    shown = [(level[0]["index"], level[0]["length"], level[0]["desc"]) for level in levels
             if level]
    assert (0, 3, "Summing") in shown and (2, 3, "Summing") in shown
    assert levels[-1] == []  # the bar closed

    def untracked(n, progress=gr.Progress()):
        return sum(tqdm.tqdm(range(int(n))))

    with gr.Blocks():
        n, out = gr.Number(), gr.Number()
        dep = gr.Button().click(untracked, n, out).dependency
    sent.clear()
    execution = Execution(dep, [3], notify=sent.append)
    execution.start()
    execution.step()
    assert sent == []


def test_an_interface_made_inside_blocks_is_placed_there():
    with gr.Blocks() as demo:
        gr.Markdown("Above")
        box = gr.Textbox(label="Word")
        gr.Interface(lambda x: x, box, "text", flagging_mode="never")
    words = [b for b in demo.blocks.values() if getattr(b, "label", None) == "Word"]
    assert words == [box]
    assert [type(c).__name__ for c in demo.children] == ["Markdown", "Column"]
    assert demo.dependencies[0].api_name == "predict"
    assert demo("hi") == "hi"


def test_a_cached_output_whose_file_is_gone_is_made_again():
    np = pytest.importorskip("numpy")
    calls = []

    def paint(n):
        calls.append(n)
        return np.zeros((2, int(n), 3), dtype=np.uint8)

    with gr.Blocks() as demo:
        n, picture = gr.Number(), gr.Image()
        examples = gr.Examples([[3]], n, picture, fn=paint, cache_examples=True)
    demo.create_app()
    stored = examples.cached_outputs(0)[0]["value"]
    assert str(examples.cache.folder) in stored["path"] and "url" not in stored
    import os
    os.remove(stored["path"])
    assert examples.cached_outputs(0)[0]["value"]["path"] == stored["path"]
    assert calls == [3, 3]
