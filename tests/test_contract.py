"""The component contract, checked for every component of every installed distribution.

The tests are parametrised over the catalog (what the installed plugins
register), so a new package is checked as soon as it is installed, without
a test of its own: its browser module exists and defines ``blocks-<name>``,
its example value survives the trip to the browser and back, its events and
props are documented, its props are JSON, and a page showing every
registered component renders in Chromium without an error.
"""

from __future__ import annotations

import json

import pytest
from marshmallow import ValidationError

import blocks as gr
from blocks import files
from blocks.components import Component
from blocks.config import component_config, module_url
from blocks.reference import documented_args
from blocks.registry import catalog
from blocks.tree import BlockContext

REGISTRY = catalog()
CLASSES = [pytest.param(cls, id=name) for name, cls in sorted(REGISTRY.components.items())]


def make(cls):
    """An instance built with no arguments (every component must allow that), unplaced."""
    return cls(render=False) if "render" in cls._accepted else cls()


@pytest.mark.parametrize("cls", CLASSES)
def test_the_browser_module_exists_and_defines_the_element(cls):
    url = module_url(cls)
    assert url, f"{cls.__name__} has no JS_MODULE"
    package, path = url.split("/", 1)
    folder = REGISTRY.static_dirs().get(package)
    assert folder is not None, f"package {package} has no static folder"
    source = (folder / path).read_text(encoding="utf-8")
    assert f'"blocks-{cls.name}"' in source, f"{path} does not define <blocks-{cls.name}>"


@pytest.mark.parametrize("cls", CLASSES)
def test_events_and_props_are_documented(cls):
    for spec in cls.EVENTS:
        assert spec.doc and len(spec.doc) > 10, f"{cls.__name__}.{spec.name} has no doc"
    assert (cls.__doc__ or "").strip(), f"{cls.__name__} has no docstring"
    documented = documented_args(cls)
    missing = [name for name in cls.PROPS if not documented.get(name)]
    assert not missing, f"{cls.__name__}: props without an entry under 'Args:': {missing}"


@pytest.mark.parametrize("cls", CLASSES)
def test_props_are_json(cls):
    block = make(cls)
    block._id = 1
    config = component_config(block)
    assert json.loads(json.dumps(config)) == config
    assert config["events"] == [spec.name for spec in cls.EVENTS]


def same_wire(again, wire) -> bool:
    if files.is_file_data(wire):  # a file written again has another path
        return files.is_file_data(again) and again["mime_type"] == wire["mime_type"]
    return again == wire


@pytest.mark.parametrize("cls", [param for param in CLASSES
                                 if issubclass(param.values[0], Component)
                                 and not param.values[0].SERVER_SIDE])
def test_the_example_value_survives_the_wire(cls):
    component = make(cls)
    example = component.example_value()
    wire = json.loads(json.dumps(None if example is None else component.postprocess(example)))
    field = cls.value_field()
    try:
        loaded = None if wire is None else field.deserialize(wire)
    except ValidationError as error:
        pytest.fail(f"{cls.__name__}: value_field() refuses its own example: {error.messages}")
    if loaded is not None:
        component.validate(loaded)
    value = component.preprocess(loaded)
    again = json.loads(json.dumps(None if value is None else component.postprocess(value)))
    assert same_wire(again, wire), (example, wire, value, again)
    info = component.api_info()
    assert isinstance(info["type"], dict) and info["description"]


def all_components_app():
    """One page with one of every registered component (layouts hold a Markdown)."""
    with gr.Blocks() as demo:
        for name, cls in sorted(REGISTRY.components.items()):
            if issubclass(cls, BlockContext):
                with cls():
                    gr.Markdown(f"inside {name}")
            else:
                cls()
    return demo


@pytest.fixture(scope="module")
def all_components_url():
    demo = all_components_app()
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    yield demo.local_url
    demo.close()


def test_a_page_with_every_component_renders(all_components_url, page):
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto(all_components_url)
    # every module and stylesheet of the page: more than 5 s on a loaded machine
    page.wait_for_function("() => window.blocksApp?.loaded === true", timeout=60_000)
    expect = pytest.importorskip("playwright.sync_api").expect
    # a page of every component loads many modules: on a busy machine that takes a while
    expect(page.get_by_text("inside row")).to_be_attached(timeout=30_000)
    names = sorted(REGISTRY.components)
    defined = page.evaluate(
        "(names) => names.filter((name) => !customElements.get(`blocks-${name}`))", names)
    assert defined == [], f"custom elements not defined: {defined}"
    shown = page.evaluate(
        "(names) => names.filter((name) => !document.querySelector(`blocks-${name}`))", names)
    assert shown == [], f"components missing from the page: {shown}"
    assert failed == []
    # the page fixture fails the test on any uncaught error in the page
