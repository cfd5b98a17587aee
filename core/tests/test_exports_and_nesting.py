"""Plugins' exports (gr.<Name> objects that are not components), the chat event data
classes, and a Blocks rendered into another (what gr.ChatInterface relies on)."""

from __future__ import annotations

import types
from dataclasses import dataclass

import pytest

import blocks
import blocks as gr
from blocks.exceptions import PluginError
from blocks.plugins import make_plugin_manager
from blocks.processing import DONE, Execution
from blocks.registry import Registry


@dataclass
class Note:
    text: str


def plugin_module(**hooks):
    module = types.ModuleType("fake_plugin")
    for name, fn in hooks.items():
        setattr(module, name, blocks.hookimpl(fn))
    return module


def test_a_plugin_exports_objects_by_name():
    plugin = plugin_module(blocks_register_exports=lambda: [Note])
    registry = Registry(make_plugin_manager([plugin], entry_point_plugins=False))
    assert registry.exports == {"Note": Note}
    assert registry.component_by_class_name("Note") is Note


def test_an_export_may_not_hide_a_component():
    class Textbox:
        pass
    plugin = plugin_module(blocks_register_exports=lambda: [Textbox])
    with pytest.raises(PluginError, match="both a component and an export"):
        Registry(make_plugin_manager([plugin], entry_point_plugins=False))


def test_two_plugins_exporting_one_name_fail_loudly():
    first = plugin_module(blocks_register_exports=lambda: [Note])
    second = plugin_module(blocks_register_exports=lambda: [dataclass(type("Note", (), {}))])
    second.__name__ = "other_plugin"
    with pytest.raises(PluginError, match="Note"):
        Registry(make_plugin_manager([first, second], entry_point_plugins=False))


@pytest.mark.parametrize(("cls", "data", "expected"), [
    (gr.RetryData, {"index": 2, "value": "hi"}, {"index": 2, "value": "hi"}),
    (gr.UndoData, {"index": 0, "value": "x"}, {"index": 0, "value": "x"}),
    (gr.EditData, {"index": 1, "value": "new", "previous_value": "old"},
     {"index": 1, "value": "new", "previous_value": "old"}),
    (gr.CopyData, {"value": "copied"}, {"value": "copied"}),
    (gr.LikeData, {"index": 3, "value": ["a"], "liked": "Spam"},
     {"index": 3, "value": ["a"], "liked": "Spam"}),
])
def test_chat_event_data_reaches_functions_by_type_hint(cls, data, expected):
    seen = {}

    def fn(text, event):
        seen.update({name: getattr(event, name) for name in expected})
        return text

    fn.__annotations__ = {"event": cls}  # the hint is what asks for the event data

    with gr.Blocks():
        box = gr.Textbox()
        dep = gr.Button().click(fn, box, box).dependency
    execution = Execution(dep, ["x"], event_data=gr.EventData(box, data))
    execution.start()
    assert execution.step() == [{"value": "x"}]
    assert execution.step() is DONE
    assert seen == expected


def build_greeter():
    with gr.Blocks() as inner:
        name = gr.Textbox(label="Name")
        out = gr.Textbox(label="Greeting")
        first = gr.Button("Go").click(lambda n: f"Hi {n}", name, out, api_name="greet")
        first.then(lambda g: g + "!", out, out)
        inner.load(lambda: "loaded", None, out)
        gr.Button("Stop").click(None, cancels=[first])
    return inner, name, out


def test_a_blocks_renders_into_the_app_being_built():
    inner, name, out = build_greeter()
    with gr.Blocks() as outer:
        gr.Markdown("before")
        gr.Button("greet").click(lambda: None, api_name="greet")
        with gr.Column() as column:
            inner.render()
    assert outer.blocks[name._id] is name and outer.blocks[out._id] is out
    assert name in list(_walk(column))
    deps = outer.dependencies
    assert [dep.id for dep in deps] == list(range(len(deps)))
    greet = next(dep for dep in deps if dep.inputs == [name])
    then = next(dep for dep in deps if dep.trigger_after is not None)
    assert then.trigger_after == greet.id
    stop = next(dep for dep in deps if dep.cancels)
    assert stop.cancels == [greet.id]
    load = next(dep for dep in deps if dep.targets and dep.targets[0][1] == "load")
    assert load.targets[0][0] is outer
    assert greet.api_name == "greet_1"  # unique among the outer app's names
    config = outer.config()
    ids = {component["id"] for component in config["components"]}
    assert name._id in ids and out._id in ids


def test_a_blocks_renders_once():
    inner, _, _ = build_greeter()
    with gr.Blocks():
        inner.render()
    with gr.Blocks(), pytest.raises(Exception, match="already placed"):
        inner.render()


def _walk(block):
    for child in getattr(block, "children", []):
        yield child
        yield from _walk(child)


def test_event_data_may_come_before_the_inputs():
    def retry(retry_data, history, request=None):
        return f"{retry_data.index}:{history}"

    retry.__annotations__ = {"retry_data": gr.RetryData}
    with gr.Blocks():
        box = gr.Textbox()
        dep = gr.Button().click(retry, box, box).dependency
    execution = Execution(dep, ["h"], event_data=gr.EventData(box, {"index": 4, "value": "v"}))
    execution.start()
    assert execution.step() == [{"value": "4:h"}]
