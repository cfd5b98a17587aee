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


def test_the_page_loads_its_modules_in_one_bundle(serve, page):
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
    # the runtime's and the components' modules, all in the bundle: one module fetched
    modules = [url for url in requested if url.endswith(".js")]
    assert modules == preloaded and len(modules) == 1 and "/page-bundle/" in modules[0]
    # the stylesheets are in the page: none is fetched, none is added twice
    assert not [url for url in requested if url.endswith(".css")]
    assert page.locator('style[data-href$="/components/slider.css"]').count() == 1
    assert page.locator('link[rel="stylesheet"]').count() == 0


# Modules imported by URL after the page started (a lazy part of the runtime, a
# package's component) get the bundled modules, not second copies of them.
SAME_MODULES = """async (assets) => {
  const base = await import(`${assets}/blocks/base.js`);
  const textbox = customElements.get("blocks-textbox");
  const image = customElements.get("blocks-image");
  const { Renders } = await import(`${assets}/blocks/runtime/render.js`);
  return [Object.getPrototypeOf(textbox) === base.BlocksElement,
          image.prototype instanceof base.BlocksElement,
          typeof Renders === "function", (await import(`${assets}/blocks/runtime.js`)).App
            === window.blocksApp.constructor];
}"""


def test_modules_loaded_later_share_the_bundled_modules(serve, page):
    with gr.Blocks() as demo:
        gr.Textbox(label="Name")
        gr.Image(label="Picture")  # blocks-image's module: loaded by URL, importing base.js
    page.goto(serve(demo))
    expect(page.get_by_label("Name")).to_be_visible()
    assets = page.evaluate("window.blocksApp.assets")
    assert page.evaluate(SAME_MODULES, assets) == [True, True, True, True]


def test_a_bundled_module_that_fails_as_it_runs_is_an_alert(serve, page, broken_plugin,
                                                              monkeypatch):
    plugin, broken = broken_plugin
    static = sys.modules["blocks_broken.components"].__file__.rsplit("/", 1)[0] + "/static"
    with open(f"{static}/throws.js", "w") as handle:
        handle.write('import { define } from "../blocks/base.js";\n'
                     'throw new Error("this module failed as it ran");\n')
    throws = type("Throws", (broken.Missing,), {"name": "broken_throws",
                                                "JS_MODULE": "throws.js",
                                                "__module__": broken.__name__})
    monkeypatch.setattr("blocks.server.bundle.BUNDLED_PACKAGES", ("blocks", "blocks_broken"))
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        throws()
        message = gr.Textbox(label="Message")
        name.submit(lambda n: f"Hello, {n}!", name, message)
    page.goto(serve(demo, plugins=[plugin]))
    assert "/page-bundle/" in page.content()
    assert page.evaluate("Object.keys(JSON.parse(document.querySelector("
                         "'script[type=importmap]').textContent).imports)"
                         ".some((url) => url.endsWith('/blocks_broken/throws.js'))")
    expect(page.get_by_role("alert")).to_contain_text("this module failed as it ran")
    page.get_by_label("Name").fill("Ann")
    page.get_by_label("Name").press("Enter")
    expect(page.get_by_label("Message")).to_have_value("Hello, Ann!")


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
