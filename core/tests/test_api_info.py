"""Endpoint metadata (blocks.api_info): what the API, OpenAPI and Gradio's clients read."""

import pytest

import blocks as gr
from blocks.api_info import (
    ApiInputError,
    api_info,
    api_values,
    endpoints,
    expand_inputs,
    find_endpoint,
    python_type,
)


def app():
    def greet(name, times=2):
        """Say hello.

        More text that is not the summary."""
        return name

    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        times = gr.Number(label="Times")
        level = gr.Slider(0, 10, value=5, label="Level")
        choice = gr.Dropdown(["a", "b"], label="Pick")
        state = gr.State(0)
        out = gr.Textbox(label="Greeting")
        btn = gr.Button("Go")
        btn.click(greet, [name, times], out, api_name="greet")
        btn.click(lambda s, n, lv: (s, n), [state, name, level], [state, out], api_name="count")
        btn.click(lambda c: c, choice, out, api_name="hidden", api_visibility="undocumented")
        btn.click(lambda c: c, choice, out, api_name="shy", show_api=False)
        btn.click(lambda c: c, choice, out, api_name=False)
        btn.click(lambda c: c, choice, out, api_name="secret", api_visibility="private")
        btn.click(None, None, None, js="() => 1")
    return demo


def test_public_endpoints_with_parameters_and_returns():
    demo = app()
    found = {e.name: e for e in endpoints(demo)}
    assert set(found) == {"greet", "count"}
    greet = found["greet"]
    assert greet.path == "/greet" and greet.fn_index == 0
    assert greet.description == "Say hello."
    assert [p.name for p in greet.parameters] == ["name", "times"]
    name, times = greet.parameters
    assert (name.component, name.label, name.type, name.python_type) == \
        ("Textbox", "Name", {"type": "string"}, "str")
    assert not name.has_default
    assert times.has_default and times.default == 2  # from the function's default
    assert [(r.label, r.component) for r in greet.returns] == [("Greeting", "Textbox")]


def test_state_is_neither_parameter_nor_return_and_values_are_defaults():
    count = find_endpoint(app(), "/count")
    assert [p.name for p in count.parameters] == ["n", "lv"]
    level = count.parameters[1]
    assert level.has_default and level.default == 5  # the component's value
    assert level.type == {"type": "number", "minimum": 0, "maximum": 10, "multipleOf": 1}
    assert [r.label for r in count.returns] == ["Greeting"]


def test_visibility():
    demo = app()
    assert find_endpoint(demo, "hidden").visibility == "undocumented"
    assert find_endpoint(demo, "shy").visibility == "undocumented"  # show_api=False
    assert find_endpoint(demo, "secret") is None  # private: not there for programs
    assert find_endpoint(demo, "nope") is None
    no_name = demo.dependencies[4]
    assert no_name.api_name is None and no_name.api_visibility == "private"  # api_name=False
    assert demo.dependencies[6].api_visibility == "private"  # no Python function
    assert {e.name for e in endpoints(demo, visibility=("public", "undocumented"))} == \
        {"greet", "count", "hidden", "shy"}
    with pytest.raises(ValueError, match="api_visibility"):
        with gr.Blocks():
            gr.Button().click(lambda: 1, None, None, api_visibility="secret")


def test_info_document_is_gradios_shape():
    info = api_info(app())
    assert set(info) == {"named_endpoints", "unnamed_endpoints"}
    assert set(info["named_endpoints"]) == {"/greet", "/count"}
    param = info["named_endpoints"]["/greet"]["parameters"][0]
    assert param == {"label": "Name", "parameter_name": "name", "parameter_has_default": False,
                     "parameter_default": None, "type": {"type": "string"},
                     "python_type": {"type": "str", "description": "the value of a Textbox"},
                     "component": "Textbox", "example_input": "Hello!!"}
    everything = api_info(app(), all_endpoints=True)["named_endpoints"]
    assert "/hidden" in everything and "/secret" not in everything


def test_config_marks_skipped_components_and_backend_functions():
    config = app().config()
    types = {c["type"]: c["skip_api"] for c in config["components"]}
    assert types["state"] is True and types["textbox"] is False
    assert config["dependencies"][0]["backend_fn"] is True
    assert config["dependencies"][6]["backend_fn"] is False


@pytest.mark.parametrize("data, expected", [
    (["Ann", 3], ["Ann", 3]),
    ({"name": "Ann"}, ["Ann", 2]),
    ({"name": "Ann", "times": 1}, ["Ann", 1]),
])
def test_expand_inputs_by_position_or_name(data, expected):
    assert expand_inputs(find_endpoint(app(), "greet"), data) == expected


def test_expand_inputs_fills_state_and_accepts_gradio_placeholders():
    count = find_endpoint(app(), "count")
    assert expand_inputs(count, ["x", 1]) == [None, "x", 1]
    assert expand_inputs(count, [None, "x", 1]) == [None, "x", 1]  # gradio_client's form


@pytest.mark.parametrize("data, field", [
    (["Ann"], "data"),
    ([1, 2], "data.name"),
    ({"who": "x"}, "data.who"),
    ({"times": 1}, "data.name"),
    ("Ann", "data"),
])
def test_expand_inputs_names_what_does_not_fit(data, field):
    with pytest.raises(ApiInputError) as error:
        expand_inputs(find_endpoint(app(), "greet"), data)
    assert field in error.value.fields


def test_api_values_plain_values_and_updates():
    count = find_endpoint(app(), "count").dependency
    assert api_values(count, [{"changed": True}, {"value": "hi"}]) == ["hi"]
    assert api_values(count, [{}, {"value": "hi"}], keep_skipped=True) == [None, "hi"]
    assert api_values(count, [{}, {"props": {"visible": False}}]) == \
        [{"__type__": "update", "visible": False}]
    assert api_values(count, [{}, {}]) == [{"__type__": "update"}]


@pytest.mark.parametrize("schema, name", [
    ({}, "Any"), ({"type": "string"}, "str"), ({"type": "number"}, "float"),
    ({"enum": ["a", "b"]}, "Literal['a', 'b']"), ({"type": ["string", "null"]}, "str | None"),
    ({"type": "array", "items": {"type": "integer"}}, "list[int]"),
    ({"type": "object", "title": "FileData"}, "filepath"),
    ({"type": "object", "properties": {"a": {"type": "boolean"}}}, "dict(a: bool)"),
])
def test_python_type(schema, name):
    assert python_type(schema) == name


def test_describing_the_api_imports_no_server():
    import subprocess
    import sys
    code = ("import sys, blocks as gr; from blocks.api_info import api_info\n"
            "with gr.Blocks() as d:\n t = gr.Textbox(); gr.Button().click(lambda x: x, t, t)\n"
            "api_info(d)\n"
            "bad = [m for m in ('flask', 'werkzeug', 'gevent', 'apispec') if m in sys.modules]\n"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "[]"


def test_component_constraints_are_checked_with_the_parameter_named():
    count = find_endpoint(app(), "count")
    with pytest.raises(ApiInputError) as error:
        expand_inputs(count, ["x", 11])  # the slider goes to 10
    assert list(error.value.fields) == ["data.lv"]


def test_defaults_json_cannot_carry_are_left_out():
    """A default with something JSON cannot hold inside it (an array, a set) is no default
    to show: /info, OpenAPI and the API page must still be served."""
    import json

    def pick(data=[{1, 2}]):  # noqa: B006 - the default is the point
        return data

    with gr.Blocks() as demo:
        data = gr.JSON(label="Data")
        data.change(pick, data, data, api_name="pick")
    (param,) = find_endpoint(demo, "pick").parameters
    assert param.default is None
    json.dumps(api_info(demo))
