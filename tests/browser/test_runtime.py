"""The browser runtime in Chromium: component modules that fail, a lost connection."""

import importlib
import sys

import pytest
from playwright.sync_api import expect

import blocks as gr

# A plugin whose three components cannot be shown: one module is missing, one has a
# syntax error, one runs but defines no element.
BROKEN_COMPONENTS = """\
from blocks.components import Component


class Missing(Component):
    name = "broken_missing"
    JS_MODULE = "missing.js"


class Garbled(Component):
    name = "broken_garbled"
    JS_MODULE = "garbled.js"


class Nameless(Component):
    name = "broken_nameless"
    JS_MODULE = "nameless.js"
"""

BROKEN_PLUGIN = """\
import blocks


@blocks.hookimpl
def blocks_register_components():
    from blocks_broken.components import Garbled, Missing, Nameless
    return [Missing, Garbled, Nameless]
"""


@pytest.fixture
def broken_plugin(tmp_path, monkeypatch):
    package = tmp_path / "blocks_broken"
    (package / "static").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "components.py").write_text(BROKEN_COMPONENTS)
    (package / "plugin.py").write_text(BROKEN_PLUGIN)
    (package / "static" / "garbled.js").write_text("export default class {\n")
    (package / "static" / "nameless.js").write_text("export const nothing = 1;\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    plugin = importlib.import_module("blocks_broken.plugin")
    yield plugin, importlib.import_module("blocks_broken.components")
    for name in [name for name in sys.modules if name.startswith("blocks_broken")]:
        del sys.modules[name]


def test_a_component_whose_module_fails_is_an_alert_and_the_page_works(serve, page,
                                                                         broken_plugin):
    plugin, broken = broken_plugin
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        broken.Missing()
        with gr.Row():
            broken.Garbled()
            greet = gr.Button("Greet")
        broken.Nameless()
        message = gr.Textbox(label="Message")
        greet.click(lambda n: f"Hello, {n}!", name, message)

        @gr.render(inputs=name, triggers=[name.submit])
        def parts(text):
            broken.Missing()
            gr.Textbox(text, label="Rendered")

    page.goto(serve(demo, plugins=[plugin]))
    alerts = page.get_by_role("alert")
    expect(alerts).to_have_count(3)
    expect(alerts.filter(has_text="blocks_broken/missing.js")).to_have_count(1)
    expect(alerts.filter(has_text="blocks_broken/garbled.js")).to_contain_text("SyntaxError")
    expect(alerts.filter(has_text="blocks_broken/nameless.js")).to_contain_text(
        "does not define the element <blocks-broken_nameless>")
    page.get_by_label("Name").fill("Ann")
    page.get_by_role("button", name="Greet").click()
    expect(page.get_by_label("Message")).to_have_value("Hello, Ann!")
    page.get_by_label("Name").press("Enter")  # a render with a broken component in it
    expect(page.get_by_label("Rendered")).to_have_value("Ann")
    expect(alerts.filter(has_text="blocks_broken/missing.js")).to_have_count(2)


def test_a_lost_connection_is_one_notification_updated_at_each_retry(serve, page):
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        echo = gr.Textbox(label="Echo")
        gr.Button("Echo").click(lambda text: text, name, echo, trigger_mode="multiple")

    page.goto(serve(demo))
    page.get_by_label("Name").fill("Ann")
    page.get_by_role("button", name="Echo").click()
    expect(page.get_by_label("Echo")).to_have_value("Ann")
    demo.close()
    notice = page.get_by_role("alert").filter(has_text="Connection lost")
    expect(notice).to_be_visible()
    for _ in range(3):  # events asked for while offline wait for the connection
        page.get_by_role("button", name="Echo").click()
    expect(notice).to_contain_text("attempt 4", timeout=15_000)
    expect(page.get_by_role("alert")).to_have_count(1)


def test_the_page_shell_preloads_every_module_the_page_loads(serve, page):
    with gr.Blocks() as demo:
        gr.Textbox(label="Name")
        gr.Slider(label="Size")
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(serve(demo))
    expect(page.get_by_label("Name")).to_be_visible()
    page.wait_for_load_state("networkidle")
    preloaded = page.eval_on_selector_all('link[rel="modulepreload"]',
                                          "links => links.map((link) => link.href)")
    # the runtime's and the components' modules, and only those: nothing waits on an import
    modules = {url for url in requested if url.endswith(".js")}
    assert modules == set(preloaded)
    assert any(url.endswith("/components/slider.js") for url in modules)
    # the stylesheets are in the page: none is fetched, none is added twice
    assert not [url for url in requested if url.endswith(".css")]
    assert page.locator('style[data-href$="/components/slider.css"]').count() == 1
    assert page.locator('link[rel="stylesheet"]').count() == 0


def test_a_page_whose_config_fails_says_so(serve, page):
    class Unshowable(gr.Textbox):
        def get_props(self):
            raise RuntimeError("this component cannot describe itself")

    with gr.Blocks() as demo:
        Unshowable(label="Broken")
    page.goto(serve(demo))
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("This page could not load")
    expect(alert).to_contain_text("500")
    expect(page.get_by_text("Loading…")).to_have_count(0)
