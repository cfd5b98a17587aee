"""Layouts in the tree and in the config: grouping, props, rendering separately."""

import pytest

import blocks as gr
from blocks.processing import postprocess_one


def layout_types(demo, node=None):
    """The layout tree as nested (type, children) tuples, for readable asserts."""
    node = node or demo.config()["layout"]
    types = {c["id"]: c["type"] for c in demo.config()["components"]}
    return [(types[child["id"]], layout_types(demo, child)) if "children" in child
            else types[child["id"]] for child in node.get("children", [])]


def props_of(demo, block):
    return next(c["props"] for c in demo.config()["components"] if c["id"] == block._id)


def assert_props(demo, block, **expected):
    props = props_of(demo, block)
    assert {name: props.get(name) for name in expected} == expected


def test_consecutive_tabs_share_one_implicit_tabs():
    with gr.Blocks() as demo:
        with gr.Tab("A"):
            gr.Textbox()
        with gr.Tab("B"):
            gr.Number()
        gr.Markdown("between")
        with gr.Tab("C"):
            gr.Button()
    assert layout_types(demo) == [
        ("tabs", [("tab", ["textbox"]), ("tab", ["number"])]),
        "markdown",
        ("tabs", [("tab", ["button"])]),
    ]


def test_tabs_inside_explicit_tabs_and_props():
    with gr.Blocks() as demo:
        with gr.Tabs(selected="b") as tabs:
            with gr.Tab("Alpha", id="a") as a:
                gr.Textbox()
            with gr.TabItem("Beta", id="b", interactive=False, visible=False):
                pass
    assert layout_types(demo) == [("tabs", [("tab", ["textbox"]), ("tab", [])])]
    assert props_of(demo, tabs)["selected"] == "b"
    assert_props(demo, a, label="Alpha", id="a", interactive=True, visible=True)
    assert next(e for e in demo.config()["components"] if e["id"] == tabs._id)["events"] == \
        ["change", "select"]


def test_steps_group_into_a_walkthrough():
    with gr.Blocks() as demo:
        with gr.Walkthrough(selected=1) as walk:
            with gr.Step("One", id=0):
                gr.Textbox()
            with gr.WalkthroughStep("Two", id=1):
                gr.Textbox()
    assert layout_types(demo) == [("walkthrough", [("step", ["textbox"]),
                                                   ("step", ["textbox"])])]
    assert props_of(demo, walk)["selected"] == 1


def test_accordion_sidebar_group_row_column_props():
    with gr.Blocks() as demo:
        with gr.Sidebar(label="Filters", open=False, position="right", width="20rem") as side:
            gr.Checkbox()
        with gr.Accordion("More", open=False) as acc:
            with gr.Group():
                gr.Textbox()
        with gr.Row(equal_height=True, variant="panel", height=200) as row:
            with gr.Column(scale=2, min_width=200, variant="compact") as col:
                gr.Textbox()
    assert_props(demo, side, label="Filters", open=False, position="right", width="20rem")
    assert_props(demo, acc, label="More", open=False)
    assert_props(demo, row, equal_height=True, variant="panel", height=200)
    assert_props(demo, col, scale=2, min_width=200, variant="compact")
    assert layout_types(demo)[1] == ("accordion", [("group", ["textbox"])])


@pytest.mark.parametrize("make", [
    lambda: gr.Row(variant="fancy"),
    lambda: gr.Column(variant="fancy"),
    lambda: gr.Sidebar(position="top"),
])
def test_bad_layout_arguments_are_refused(make):
    with pytest.raises(ValueError):
        make()


def test_layout_returned_from_a_function_updates_props():
    with gr.Blocks():
        col = gr.Column()
        tabs = gr.Tabs()
    assert postprocess_one(col, gr.Column(visible=False)) == {"props": {"visible": False}}
    assert postprocess_one(tabs, gr.Tabs(selected=2)) == {"props": {"selected": 2}}
    assert postprocess_one(col, gr.update(visible=True)) == {"props": {"visible": True}}


def test_render_a_component_defined_outside():
    box = gr.Textbox(label="Defined first")
    with gr.Blocks() as demo:
        gr.Markdown("above")
        box.render()
    assert layout_types(demo) == ["markdown", "textbox"]
    assert box._id in demo.blocks


def test_unrender_then_render_moves_a_component():
    with gr.Blocks() as demo:
        with gr.Row():
            with gr.Column() as first:
                textbox = gr.Textbox()
            with gr.Column():
                gr.Markdown("Row 2")
                textbox.unrender()
            with gr.Column() as third:
                gr.Markdown("Row 3")
                textbox.render()
    assert textbox not in first.children
    assert third.children[-1] is textbox
    assert layout_types(demo) == [("row", [("column", []), ("column", ["markdown"]),
                                          ("column", ["markdown", "textbox"])])]


def test_rendering_twice_is_refused():
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(Exception, match="already placed"):
            box.render()
