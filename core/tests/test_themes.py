"""The theme contract: hues, sizes, fonts, .set(), the stylesheet, the registry."""

import re
import types

import pytest

import blocks as gr
from blocks.plugins import make_plugin_manager
from blocks.registry import Registry


def variables(css: str, selector: str) -> dict[str, str]:
    """The custom properties of the first rule for ``selector`` in ``css``."""
    start = css.index(selector + " {")
    body = css[start:css.index("}", start)]
    return dict(re.findall(r"--([\w-]+):\s*([^;]+);", body))


def test_default_stylesheet_has_light_dark_and_system_rules():
    css = gr.themes.Default().css()
    light = variables(css, ":root")
    dark = variables(css, ":root.dark")
    assert light["primary-500"] == "#f97316"  # orange
    assert light["secondary-500"] == "#3b82f6"  # blue
    # the 700 shade: white text on it reads at a contrast above 4.5:1
    assert light["button-primary-background-fill"] == "var(--primary-700)"
    assert dark["button-primary-background-fill"] == "var(--primary-700)"
    assert light["accent-text-color"] == "var(--primary-700)"
    assert dark["accent-text-color"] == "var(--primary-400)"
    assert "@media (prefers-color-scheme: dark)" in css and ":root:not(.light)" in css
    assert light["radius"] == "8px" and light["text-size"] == "15px"


def test_hues_by_name_or_color_object():
    theme = gr.themes.Base(primary_hue=gr.themes.colors.emerald, secondary_hue="rose",
                           neutral_hue="slate")
    light = variables(theme.css(), ":root")
    assert light["primary-500"] == gr.themes.colors.emerald.c500 == "#10b981"
    assert light["secondary-600"] == "#e11d48"
    assert light["neutral-950"] == "#020617"
    custom = gr.themes.Color(*[f"#0000{i:02x}" for i in range(11)], name="mine")
    assert variables(gr.themes.Base(primary_hue=custom).css(), ":root")["primary-50"] == \
        "#000000"
    with pytest.raises(ValueError, match="Unknown hue"):
        gr.themes.Base(primary_hue="blurple")


def test_sizes_by_object_name_or_length():
    theme = gr.themes.Base(radius_size=gr.themes.sizes.radius_none, spacing_size="lg",
                           text_size="18px")
    light = variables(theme.css(), ":root")
    assert light["radius"] == "0px"
    assert light["spacing"] == gr.themes.sizes.spacing_lg.md
    assert light["text-size"] == "18px" and light["text-lg"] == "22.5px"
    with pytest.raises(ValueError):
        gr.themes.Base(radius_size="huge")


def test_fonts_make_a_stack_and_google_fonts_an_import():
    theme = gr.themes.Base(font=[gr.themes.GoogleFont("Inter"), "ui-sans-serif", "sans-serif"],
                           font_mono=gr.themes.Font("Fira Code"))
    css = theme.css()
    light = variables(css, ":root")
    assert light["font"] == "'Inter', ui-sans-serif, sans-serif"
    assert light["font-mono"] == "'Fira Code'"
    assert css.startswith('@import url("https://fonts.googleapis.com/css2?family=Inter')
    assert "@import" not in gr.themes.Default().css()  # nothing from the network by default


def test_set_light_dark_and_references():
    theme = gr.themes.Default().set(
        button_primary_background_fill="*secondary_500",
        button_primary_background_fill_dark="#123456",
        block_shadow="0 0 0 2px *primary_200",
        my_own_colour="*neutral_100",
    )
    css = theme.css()
    light, dark = variables(css, ":root"), variables(css, ":root.dark")
    assert light["button-primary-background-fill"] == "var(--secondary-500)"
    assert dark["button-primary-background-fill"] == "#123456"
    assert light["block-shadow"] == "0 0 0 2px var(--primary-200)"
    assert light["my-own-colour"] == "var(--neutral-100)"
    # a light-only value stays for dark mode when the theme has no dark value of its own
    assert "block-shadow" not in dark
    with pytest.raises(ValueError):
        theme.set(**{"Not-A-Name": "red"})


def test_theme_names_resolve_through_the_registry():
    registry = Registry(make_plugin_manager(entry_point_plugins=False))
    assert type(registry.resolve_theme(None)).__name__ == "Default"
    assert type(registry.resolve_theme("base")).__name__ == "Base"
    with pytest.raises(ValueError, match="No theme named 'nope'"):
        registry.resolve_theme("nope")


class Stripes(gr.themes.Theme):
    name = "stripes"
    EXTRA_CSS = (".block { background-image: repeating-linear-gradient("
                 "45deg, transparent 0 8px, var(--primary-50) 8px 16px); }")

    def __init__(self, **kwargs):
        super().__init__(primary_hue="pink", **kwargs)
        self.set(body_background_fill="*primary_50")


def test_a_third_party_theme_registers_like_the_builtin_ones():
    plugin = types.ModuleType("stripes_plugin")
    plugin.blocks_register_themes = gr.hookimpl(lambda: [Stripes])
    registry = Registry(make_plugin_manager([plugin], entry_point_plugins=False))
    theme = registry.resolve_theme("stripes")
    assert isinstance(theme, Stripes)
    css = theme.css()
    assert variables(css, ":root")["body-background-fill"] == "var(--primary-50)"
    assert css.rstrip().endswith(Stripes.EXTRA_CSS)


def test_theme_css_is_served(serve):
    import urllib.request
    url = serve(gr.Blocks(), theme=gr.themes.Base(primary_hue="teal"))
    with urllib.request.urlopen(url + "theme.css") as response:
        css = response.read().decode()
        assert response.headers["Content-Type"].startswith("text/css")
    assert variables(css, ":root")["primary-500"] == "#14b8a6"
