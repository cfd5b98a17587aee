"""blocks-themes: registered by entry point, resolved by name and by gr.themes, and
changing what Chromium computes, in light and dark mode."""

import re

import pytest
from playwright.sync_api import expect

import blocks as gr
from blocks.plugins import make_plugin_manager
from blocks.registry import Registry
from blocks_themes import Citrus, Glass, Monochrome, Ocean, Soft

THEMES = [Soft, Glass, Monochrome, Ocean, Citrus]


def test_entry_point_registers_every_theme():
    pm = make_plugin_manager()
    registry = Registry(pm)
    assert registry.provided["themes"]["themes"] == THEMES
    for theme in THEMES:
        assert registry.themes[theme.name] is theme
        assert isinstance(registry.resolve_theme(theme.name.upper()), theme)


def test_gr_themes_reaches_the_plugin_classes():
    assert gr.themes.Soft is Soft and gr.themes.Monochrome is Monochrome


def section(css: str, selector: str) -> str:
    start = css.index(selector + " {")
    return css[start:css.index("}", start)]


@pytest.mark.parametrize("theme", THEMES)
def test_each_theme_has_its_own_light_and_dark_look(theme):
    mine, default = theme().css(), gr.themes.Default().css()
    assert section(mine, ":root") != section(default, ":root")
    assert section(mine, ":root.dark") != section(default, ":root.dark")
    dark = section(mine, ":root.dark")
    assert "--button-primary-background-fill:" in dark
    assert "--body-background-fill:" in dark or "--background-fill-primary:" in dark


def test_themes_take_the_contract_arguments():
    theme = Ocean(primary_hue="teal", radius_size="none").set(block_radius="0px")
    css = theme.css()
    assert "--primary-500: #14b8a6;" in css and "--radius: 0px;" in css
    assert "--block-radius: 0px;" in css


def rgb(page, script):
    return page.evaluate(script)


PRIMARY_BUTTON = ("getComputedStyle(document.querySelector('.btn-primary'))"
                  ".backgroundColor")
BODY = "getComputedStyle(document.body).backgroundColor"


def app():
    with gr.Blocks() as demo:
        gr.Textbox(label="Name")
        gr.Button("Run", variant="primary")
    return demo


def test_monochrome_changes_computed_colours(serve, page):
    page.goto(serve(app()))
    expect(page.get_by_role("button", name="Run")).to_be_visible()
    default_button = rgb(page, PRIMARY_BUTTON)
    assert default_button == "rgb(194, 65, 12)"  # the default theme's orange (700)

    page.goto(serve(app(), theme="monochrome"))
    expect(page.get_by_role("button", name="Run")).to_be_visible()
    assert rgb(page, PRIMARY_BUTTON) == "rgb(23, 23, 23)"  # neutral 900
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.startswith("Georgia")


def test_soft_by_class_in_light_and_dark(serve, page):
    url = serve(app(), theme=gr.themes.Soft())
    page.goto(url)
    expect(page.get_by_role("button", name="Run")).to_be_visible()
    assert rgb(page, PRIMARY_BUTTON) == "rgb(99, 102, 241)"  # indigo 500
    assert rgb(page, BODY) == "rgb(249, 250, 251)"  # gray 50
    page.goto(url + "?__theme=dark")
    expect(page.get_by_role("button", name="Run")).to_be_visible()
    assert rgb(page, BODY) == "rgb(11, 15, 25)"  # gray 950


def test_blocks_theme_argument_and_set(serve, page):
    with gr.Blocks(theme=Citrus().set(button_primary_background_fill="*secondary_500")) as demo:
        gr.Button("Go", variant="primary")
    page.goto(serve(demo))
    expect(page.get_by_role("button", name="Go")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('.btn-primary'))"
                         ".backgroundColor") == "rgb(132, 204, 22)"  # lime 500


def test_glass_gradient_follows_the_system_dark_mode(serve, browser):
    url = serve(app(), theme="glass")
    for scheme, colour in (("light", "rgb(224, 242, 254)"), ("dark", "rgb(2, 6, 23)")):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(url)
        expect(page.get_by_role("button", name="Run")).to_be_visible()
        image = page.evaluate("getComputedStyle(document.body).backgroundImage")
        assert image.startswith("linear-gradient") and re.search(re.escape(colour), image)
        context.close()
