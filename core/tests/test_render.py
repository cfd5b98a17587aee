"""@gr.render without a browser: scopes, keys, per-session listeners."""

import pytest

import blocks as gr
from blocks.processing import Execution
from blocks.render import Render
from blocks.session import Session


def run_render(dep, session, data):
    execution = Execution(dep, data, session=session)
    execution.start()
    return execution.step()[0]["render"]


def letters_app():
    with gr.Blocks() as demo:
        text = gr.Textbox(label="input")
        out = gr.Textbox(label="out")

        @gr.render(inputs=text)
        def show(value):
            for i, letter in enumerate(value):
                box = gr.Textbox(letter, key=f"box-{i}", label=f"Letter {i}")
                gr.Button(letter).click(lambda v: v.upper(), box, out, key=f"click-{i}")

    return demo


def test_decorator_adds_a_placeholder_and_a_dependency():
    demo = letters_app()
    dep = demo.dependencies[0]
    assert isinstance(dep.render, Render)
    assert [event for _, event in dep.targets] == ["load", "change"]
    assert dep.api_name is None  # renders are not API endpoints
    assert any(c["type"] == "render" for c in demo.config()["components"])


def test_render_update_has_components_layout_and_listeners():
    demo = letters_app()
    session = Session("s", lambda m: None)
    payload = run_render(demo.dependencies[0], session, ["ab"])
    assert payload["id"] == demo.dependencies[0].render._id
    labels = [c["props"]["label"] for c in payload["components"] if c["type"] == "textbox"]
    assert labels == ["Letter 0", "Letter 1"]
    assert len(payload["dependencies"]) == 2
    dep_id = payload["dependencies"][0]["id"]
    assert session.renders.dependencies[dep_id].fn("x") == "X"
    assert len(demo.dependencies) == 1  # the app itself did not change


def test_keys_keep_ids_and_unchanged_components_are_not_resent():
    demo = letters_app()
    session = Session("s", lambda m: None)
    first = run_render(demo.dependencies[0], session, ["ab"])
    second = run_render(demo.dependencies[0], session, ["abc"])
    first_ids = {c["id"] for c in first["components"]}
    same = [c for c in second["components"] if c.get("same")]
    assert {c["id"] for c in same} <= first_ids and len(same) == 2  # box-0 and box-1
    listener_ids = [d["id"] for d in first["dependencies"]]
    assert [d["id"] for d in second["dependencies"]][:2] == listener_ids  # keyed listeners
    assert len(session.renders.dependencies) == 3  # the previous run's were replaced


def test_sessions_do_not_share_renders():
    demo = letters_app()
    one, two = Session("a", lambda m: None), Session("b", lambda m: None)
    run_render(demo.dependencies[0], one, ["abc"])
    run_render(demo.dependencies[0], two, ["z"])
    assert len(one.renders.dependencies) == 3 and len(two.renders.dependencies) == 1


def test_duplicate_keys_in_one_run_are_an_error():
    with gr.Blocks() as demo:
        text = gr.Textbox()

        @gr.render(inputs=text)
        def show(value):
            gr.Textbox(key="same")
            gr.Textbox(key="same")

    with pytest.raises(ValueError, match="same"):
        run_render(demo.dependencies[0], Session("s", lambda m: None), ["x"])


def test_custom_triggers_replace_the_defaults():
    with gr.Blocks() as demo:
        text = gr.Textbox()
        btn = gr.Button()

        @gr.render(inputs=text, triggers=[btn.click, demo.load])
        def show(value):
            pass

    assert [(t[0], t[1]) for t in demo.dependencies[0].targets] == [(btn, "click"),
                                                                      (demo, "load")]


def test_nested_render_and_load_inside_render_are_refused():
    with gr.Blocks() as demo:
        text = gr.Textbox()

        @gr.render(inputs=text)
        def outer(value):
            @gr.render(inputs=text)
            def inner(v):
                pass

    with pytest.raises(TypeError, match="nested"):
        run_render(demo.dependencies[0], Session("s", lambda m: None), ["x"])


def test_layouts_inside_a_render():
    with gr.Blocks() as demo:
        text = gr.Textbox()

        @gr.render(inputs=text)
        def show(value):
            with gr.Row(key="row"):
                gr.Textbox(value, key="inner")

    payload = run_render(demo.dependencies[0], Session("s", lambda m: None), ["x"])
    row = payload["layout"]["children"][0]
    assert len(row["children"]) == 1
    types = {c["id"]: c["type"] for c in payload["components"]}
    assert types[row["id"]] == "row" and types[row["children"][0]["id"]] == "textbox"
