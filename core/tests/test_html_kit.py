"""gr.HTML as a component kit, on the server: props, events of any name, data models."""

import json
import warnings

import pytest
from marshmallow import Schema, fields

import blocks as gr
from blocks.api_info import api_info
from blocks.config import build_config, module_url
from blocks.events import EventData, SelectData
from blocks.exceptions import BlocksWarning
from blocks.processing import InputError, postprocess_one, validate_inputs


class StarRating(gr.HTML):
    def __init__(self, label="Rating", value=0, **kwargs):
        super().__init__(value=value, label=label, html_template="<h2>${label}</h2>",
                         js_on_load="", **kwargs)

    def api_info(self):
        return {"type": "integer", "minimum": 0, "maximum": 5}


def test_extra_keywords_are_props_of_the_template():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "not implemented" warning for a template prop
        html = gr.HTML(7, size=40, max_stars=10, html_template="${max_stars}")
    props = html.get_props()
    assert props["size"] == 40 and props["max_stars"] == 10 and props["value"] == 7
    assert html.props == {"size": 40, "max_stars": 10}


def test_a_declared_prop_wins_over_nothing_and_a_template_prop_is_json():
    with pytest.raises(TypeError, match=r"HTML\(when=\.\.\.\).*JSON.*object"):
        gr.HTML(when=object())
    with pytest.raises(TypeError, match=r"StarRating\(colour=\.\.\.\)"):
        StarRating(colour={1, 2})


def test_gradio_only_arguments_still_warn():
    with pytest.warns(BlocksWarning, match=r"server_functions"):
        html = gr.HTML(server_functions=[print])
    assert "server_functions" not in html.get_props()


def test_an_update_changes_template_props():
    with gr.Blocks():
        html = gr.HTML(3, size=10)
    assert postprocess_one(html, gr.HTML(size=50)) == {"props": {"size": 50}}
    assert postprocess_one(html, gr.update(size=20, value=4)) == {"value": 4,
                                                                  "props": {"size": 20}}


def test_any_json_value_crosses_the_wire():
    html = gr.HTML()
    assert html.postprocess(["a", 1]) == ["a", 1]
    assert html.postprocess(("a", 1)) == ["a", 1]
    assert html.postprocess(3) == 3
    assert gr.HTML.value_field().deserialize({"a": [1]}) == {"a": [1]}


def test_events_of_any_name_and_the_event_method():
    def fn():
        return 1

    with gr.Blocks() as demo:
        html = gr.HTML()
        out = gr.Textbox()
        html.keypress(fn, None, out)
        html.event("zap", fn, None, out)
        html.event("boom")(fn, None, out)
        html.event(fn=fn, inputs=[], outputs=[])  # an event named "event"
        html.submit(fn, None, out)
        gr.on([html.keypress, html.click], fn, None, out)

        @html.event("decorated", outputs=out)
        def decorated():
            return 2

    targets = [[event for _, event in dep.targets] for dep in demo.dependencies]
    assert targets == [["keypress"], ["zap"], ["boom"], ["event"], ["submit"],
                       ["keypress", "click"], ["decorated"]]
    config = build_config(demo)
    assert config["dependencies"][0]["targets"] == [(html._id, "keypress")]
    with pytest.raises(AttributeError):
        html._private
    with pytest.raises(ValueError, match="identifier"):
        html.event("not a name")


def test_blocks_probing_an_attribute_gets_no_listener():
    html = gr.HTML(render=False)
    assert getattr(html, "app_built", None) is not None  # the app's code: a listener
    import blocks.blocks as blocks_module
    probe = eval("lambda block: getattr(block, 'app_built', None)",  # noqa: S307
                 vars(blocks_module))
    assert probe(html) is None


def test_event_data_attributes_come_from_the_trigger_data():
    evt = EventData(None, {"key": "q", "count": 3})
    assert (evt.key, evt.count) == ("q", 3)
    with pytest.raises(AttributeError, match="no 'missing'"):
        evt.missing
    select = SelectData(None, {"index": 2, "value": "c"})
    assert (select.index, select.value, select.selected) == (2, "c", True)


def test_children_make_the_html_a_container():
    with gr.Blocks() as demo:
        with gr.HTML(html_template="<h2>${form_name}</h2>@children", form_name="F") as form:
            name = gr.Textbox(label="Name")
    layout = build_config(demo)["layout"]
    assert layout["children"] == [{"id": form._id, "children": [{"id": name._id}]}]


def test_a_subclass_uses_the_html_module_and_its_api_info():
    assert module_url(StarRating) == "blocks/components/html.js"
    with gr.Blocks() as demo:
        rating = StarRating(label="Food", value=3)
        out = gr.Number()
        rating.submit(lambda x: x, rating, out, api_name="rate")
    info = api_info(demo)
    param = info["named_endpoints"]["/rate"]["parameters"][0]
    assert param["type"] == {"type": "integer", "minimum": 0, "maximum": 5}
    assert param["python_type"]["type"] == "int"
    assert rating.get_props()["label"] == "Food"


class PointSchema(Schema):
    x = fields.Integer(required=True)
    label = fields.String()


class Point(gr.HTML):
    data_model = PointSchema


def test_a_marshmallow_data_model_checks_and_describes_the_value():
    with gr.Blocks() as demo:
        point = Point({"x": 1, "label": "a"})
        out = gr.JSON()
        dep = point.change(lambda p: p, point, out, api_name="point").dependency
    assert validate_inputs(dep, [{"x": 2}]) == [{"x": 2}]
    with pytest.raises(InputError, match="x"):
        validate_inputs(dep, [{"x": "not a number"}])
    schema = api_info(demo)["named_endpoints"]["/point"]["parameters"][0]["type"]
    assert schema["properties"]["x"] == {"type": "integer"} and schema["required"] == ["x"]
    assert json.loads(json.dumps(build_config(demo)))["components"][0]["props"]["value"] == \
        {"x": 1, "label": "a"}


def test_a_pydantic_data_model_checks_and_describes_the_value():
    pydantic = pytest.importorskip("pydantic")

    class Item(pydantic.BaseModel):
        name: str
        count: int = 0

    class Basket(gr.HTML):
        data_model = Item

    with gr.Blocks() as demo:
        basket = Basket(Item(name="pear"))
        out = gr.JSON()
        dep = basket.change(lambda b: b, basket, out, api_name="basket").dependency
    assert validate_inputs(dep, [{"name": "apple", "count": "2"}]) == [{"name": "apple",
                                                                        "count": 2}]
    with pytest.raises(InputError, match="name"):
        validate_inputs(dep, [{"count": 1}])
    assert basket.postprocess(Item(name="fig")) == {"name": "fig", "count": 0}
    schema = api_info(demo)["named_endpoints"]["/basket"]["parameters"][0]["type"]
    assert schema["required"] == ["name"] and schema["title"] == "Item"


def test_a_data_model_of_another_kind_is_refused():
    class Odd(gr.HTML):
        data_model = dict

    with pytest.raises(TypeError, match="data_model"):
        Odd.value_field()
