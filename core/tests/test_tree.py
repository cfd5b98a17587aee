import pytest

import blocks as gr
from blocks.exceptions import DuplicateBlockError


def test_components_attach_to_the_open_layout():
    with gr.Blocks(title="T") as demo:
        with gr.Row():
            a = gr.Textbox(label="A")
            with gr.Column(scale=2):
                b = gr.Number(label="B")
        c = gr.Button("Go")
    layout = demo.config()["layout"]
    row = layout["children"][0]
    assert [child["id"] for child in layout["children"]][1] == c._id
    assert row["children"][0] == {"id": a._id}
    assert row["children"][1]["children"] == [{"id": b._id}]


def test_config_carries_props_and_dependencies():
    with gr.Blocks(title="My app", fill_height=True) as demo:
        name = gr.Textbox(label="Name", placeholder="yours", lines=3, elem_id="n",
                          elem_classes="big")
        out = gr.Textbox(label="Out")
        btn = gr.Button("Run", variant="primary")
        btn.click(lambda x: x, name, out, api_name="run")
    config = demo.config()
    assert config["title"] == "My app" and config["fill_height"] is True
    by_id = {c["id"]: c for c in config["components"]}
    props = by_id[name._id]["props"]
    assert props["placeholder"] == "yours" and props["lines"] == 3
    assert props["elem_id"] == "n" and props["elem_classes"] == ["big"]
    assert props["interactive"] is True
    assert by_id[out._id]["props"]["interactive"] is False  # output only
    assert by_id[btn._id]["module"] == "blocks/components/button.js"
    dep = config["dependencies"][0]
    assert [list(t) for t in dep["targets"]] == [[btn._id, "click"]]
    assert dep["inputs"] == [name._id] and dep["outputs"] == [out._id]
    assert dep["api_name"] == "run"


def test_explicit_interactive_wins():
    with gr.Blocks() as demo:
        out = gr.Textbox(interactive=True)
        gr.Button().click(lambda: "x", None, out)
    assert demo.config()["components"][0]["props"]["interactive"] is True


def test_rendering_twice_is_an_error():
    box = gr.Textbox(render=False)
    with gr.Blocks():
        box.render()
        with pytest.raises(DuplicateBlockError):
            box.render()


def test_listener_outside_blocks_is_an_error():
    btn = gr.Button()
    with pytest.raises(AttributeError, match=r"gr\.Blocks"):
        btn.click(lambda: None)


def test_unknown_listener_argument_is_named():
    with gr.Blocks():
        btn = gr.Button()
        with pytest.raises(TypeError, match="colour"):
            btn.click(lambda: None, colour="red")


def test_api_names_are_unique():
    def f():
        return 1

    with gr.Blocks() as demo:
        btn = gr.Button()
        btn.click(f)
        btn.click(f)
    assert [d.api_name for d in demo.dependencies] == ["f", "f_1"]


def test_blocks_as_a_function():
    with gr.Blocks() as demo:
        a, b = gr.Number(), gr.Number()
        gr.Button().click(lambda x: x * 2, a, b, api_name="double")
        gr.Button().click(lambda x: (x, x + 1), a, [a, b], api_name="pair")
    assert demo(4) == 8
    assert demo(4, api_name="pair") == (4, 5)
    assert demo(1, fn_index=1) == (1, 2)


@pytest.mark.parametrize("factory, wire, expected", [
    (lambda: gr.Textbox(), "hi", "hi"),
    (lambda: gr.Number(precision=0), 2.6, 3),
    (lambda: gr.Slider(0, 10), 4, 4),
    (lambda: gr.Checkbox(), True, True),
    (lambda: gr.Dropdown(["a", ("Bee", "b")]), "b", "b"),
    (lambda: gr.Dropdown(["a", "b"], type="index"), "b", 1),
    (lambda: gr.Dropdown(["a", "b", "c"], multiselect=True), ["a", "c"], ["a", "c"]),
    (lambda: gr.Radio(["x", "y"]), "y", "y"),
    (lambda: gr.Markdown(), {"markdown": "# t", "html": "<h1>t</h1>"}, "# t"),
    (lambda: gr.HTML(), "<b>x</b>", "<b>x</b>"),
])
def test_preprocess(factory, wire, expected):
    assert factory().preprocess(wire) == expected


@pytest.mark.parametrize("factory, wire", [
    (lambda: gr.Number(minimum=0), -1),
    (lambda: gr.Slider(0, 10), 11),
    (lambda: gr.Dropdown(["a", "b"]), "z"),
    (lambda: gr.Radio(["x"]), "nope"),
])
def test_validate_refuses_values_outside_the_component(factory, wire):
    with pytest.raises(ValueError):
        factory().validate(wire)


def test_markdown_is_rendered_and_sanitised():
    wire = gr.Markdown().postprocess("**bold** <script>alert(1)</script>"
                                     "<a href=\"javascript:x()\">l</a><img src=x onerror=y()>")
    assert "<strong>bold</strong>" in wire["html"]
    assert "<script" not in wire["html"] and "javascript:" not in wire["html"]
    assert "onerror" not in wire["html"]


def test_dropdown_defaults_to_its_first_choice():
    assert gr.Dropdown(["a", "b"]).value == "a"
    assert gr.Dropdown(["a", "b"], value=None).value is None
    assert gr.Dropdown(["a"], multiselect=True).value is None


def test_textbox_rejects_unknown_type():
    with pytest.raises(ValueError):
        gr.Textbox(type="colour")
