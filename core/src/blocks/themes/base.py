"""The theme contract and the built-in themes (Default and Base).

A theme is a class with a unique ``name`` whose instances produce CSS custom
properties for light and dark mode (``css()``). It is built from three hues
(``primary_hue``, ``secondary_hue``, ``neutral_hue``), three size scales
(``radius_size``, ``spacing_size``, ``text_size``) and two font stacks, and
refined with ``.set(**variables)``: ``name="value"`` sets the light value
(and the dark one when the theme has no separate dark value), ``name_dark=``
sets the dark value. A value may refer to another variable or to a shade with
``*``: ``"*primary_500"``, ``"0 0 0 2px *primary_200"``.
"""

from __future__ import annotations

import re
from typing import ClassVar

from blocks.themes import colors, fonts, sizes

__all__ = ["Theme", "Base", "Default", "LIGHT", "DARK"]

SYSTEM_FONT = ("system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue",
               "Arial", "sans-serif")
SYSTEM_MONO = ("ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace")

# Every variable the core stylesheet reads, with its light value...
LIGHT = {
    "background_fill_primary": "#ffffff",
    "background_fill_secondary": "*neutral_50",
    "body_background_fill": "*background_fill_primary",
    "body_text_color": "*neutral_800",
    "body_text_color_subdued": "*neutral_500",
    "border_color_primary": "*neutral_200",
    "border_color_accent": "*primary_300",
    "color_accent": "*primary_500",
    "color_accent_soft": "*primary_50",
    # text in the accent colour (a selected tab, the current page): dark enough to read
    "accent_text_color": "*primary_700",
    "link_text_color": "*secondary_600",
    "shadow_drop": "0 1px 3px rgb(0 0 0 / 0.08), 0 1px 2px rgb(0 0 0 / 0.04)",
    "layout_gap": "calc(*spacing * 2)",
    "block_background_fill": "*background_fill_primary",
    "block_border_color": "*border_color_primary",
    "block_border_width": "1px",
    "block_radius": "*radius",
    "block_shadow": "none",
    "block_padding": "calc(*spacing * 1.5)",
    "block_label_text_color": "*neutral_700",
    "block_info_text_color": "*body_text_color_subdued",
    "panel_background_fill": "*background_fill_secondary",
    "panel_border_color": "*border_color_primary",
    "input_background_fill": "*background_fill_primary",
    "input_border_color": "*neutral_300",
    "input_border_color_focus": "*primary_300",
    "input_radius": "*radius_sm",
    "input_shadow": "none",
    "button_radius": "*radius",
    "button_shadow": "none",
    "button_primary_shadow": "*button_shadow",
    # white text needs the 700 shade of most hues for a contrast of 4.5:1 (WCAG AA)
    "button_primary_background_fill": "*primary_700",
    "button_primary_background_fill_hover": "*primary_800",
    "button_primary_text_color": "#ffffff",
    "button_primary_border_color": "transparent",
    "button_secondary_background_fill": "*neutral_100",
    "button_secondary_background_fill_hover": "*neutral_200",
    "button_secondary_text_color": "*neutral_800",
    "button_secondary_border_color": "*border_color_primary",
    "button_cancel_background_fill": "#dc2626",
    "button_cancel_text_color": "#ffffff",
    "error_background_fill": "#fef2f2",
    "error_text_color": "#b91c1c",
    "error_border_color": "#fecaca",
    "warning_background_fill": "#fffbeb",
    "warning_text_color": "#92400e",
    "warning_border_color": "#fcd34d",
}
# ... and the ones that differ in dark mode.
DARK = {
    "background_fill_primary": "*neutral_950",
    "background_fill_secondary": "*neutral_900",
    "body_text_color": "*neutral_100",
    "body_text_color_subdued": "*neutral_400",
    "border_color_primary": "*neutral_700",
    "border_color_accent": "*primary_600",
    "color_accent_soft": "*neutral_700",
    "accent_text_color": "*primary_400",
    "link_text_color": "*secondary_400",
    "shadow_drop": "0 1px 3px rgb(0 0 0 / 0.5)",
    "block_background_fill": "*neutral_800",
    "block_label_text_color": "*neutral_200",
    "panel_background_fill": "*neutral_900",
    "input_background_fill": "*neutral_900",
    "input_border_color": "*neutral_600",
    "input_border_color_focus": "*primary_600",
    "button_primary_background_fill": "*primary_700",
    "button_primary_background_fill_hover": "*primary_800",
    "button_secondary_background_fill": "*neutral_700",
    "button_secondary_background_fill_hover": "*neutral_600",
    "button_secondary_text_color": "*neutral_100",
    "button_secondary_border_color": "*neutral_600",
    "button_cancel_background_fill": "#b91c1c",
    "error_background_fill": "#3f1d1d",
    "error_text_color": "#fecaca",
    "error_border_color": "#7f1d1d",
    "warning_background_fill": "#3a2a0a",
    "warning_text_color": "#fde68a",
    "warning_border_color": "#92400e",
}

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_REFERENCE = re.compile(r"\*([a-z][a-z0-9_]*)")


def css_value(value: str) -> str:
    """``"*primary_500"`` -> ``"var(--primary-500)"``, anywhere in the value."""
    return _REFERENCE.sub(lambda m: f"var(--{m.group(1).replace('_', '-')})", str(value))


class Theme:
    """Base class of every theme; subclasses set ``name`` and their defaults.

    ``EXTRA_CSS`` (a class attribute) is appended to the stylesheet for what
    variables cannot say (a backdrop blur, a gradient on one element...); it
    should use the variables so that light and dark mode both work.
    """

    name: ClassVar[str] = "theme"
    EXTRA_CSS: ClassVar[str] = ""

    def __init__(self, *, primary_hue="orange", secondary_hue="blue", neutral_hue="gray",
                 text_size="md", spacing_size="md", radius_size="md",
                 font=SYSTEM_FONT, font_mono=SYSTEM_MONO):
        self.primary_hue = colors.get(primary_hue)
        self.secondary_hue = colors.get(secondary_hue)
        self.neutral_hue = colors.get(neutral_hue)
        self.text_size = sizes.get(text_size, "text")
        self.spacing_size = sizes.get(spacing_size, "spacing")
        self.radius_size = sizes.get(radius_size, "radius")
        self.font = font
        self.font_mono = font_mono
        self.light: dict[str, str] = dict(LIGHT)
        self.dark: dict[str, str] = dict(DARK)

    def set(self, **variables) -> Theme:
        """Override CSS variables: ``button_primary_background_fill="*primary_700"``.

        ``name_dark=`` sets the dark value only. ``name=`` sets the light
        value, and the dark one too unless the theme keeps a separate dark
        value for it. Returns the theme, so calls chain.
        """
        for key, value in variables.items():
            if not _NAME.match(key):
                raise ValueError(f"{key!r} is not a theme variable name (lower_case_words).")
            if value is None:
                continue
            if key.endswith("_dark"):
                self.dark[key[:-5]] = str(value)
            else:
                self.light[key] = str(value)
        return self

    # -- the stylesheet ---------------------------------------------------------------
    def base_variables(self) -> dict[str, str]:
        """Shades, sizes and fonts: the same in light and dark mode."""
        values = {}
        for prefix, hue in (("primary", self.primary_hue), ("secondary", self.secondary_hue),
                            ("neutral", self.neutral_hue)):
            for step, colour in hue.shades().items():
                values[f"{prefix}_{step}"] = colour
        for prefix, size in (("radius", self.radius_size), ("spacing", self.spacing_size),
                             ("text", self.text_size)):
            for step, length in size.steps().items():
                values[f"{prefix}_{step}"] = length
        values["radius"] = self.radius_size.md
        values["spacing"] = self.spacing_size.md
        values["text_size"] = self.text_size.md
        values["font"] = fonts.font_stack(self.font)
        values["font_mono"] = fonts.font_stack(self.font_mono)
        return values

    def css(self) -> str:
        """The theme's stylesheet: variables for light, dark and the system's choice."""
        def block(values: dict[str, str], indent: str) -> str:
            return "\n".join(f"{indent}--{key.replace('_', '-')}: {css_value(value)};"
                             for key, value in values.items())

        imports = "".join(f"@import url({json_string(url)});\n"
                          for url in fonts.stylesheets(self.font, self.font_mono))
        light = block({**self.base_variables(), **self.light}, "  ")
        return (f"{imports}"
                f":root {{\n{light}\n  color-scheme: light;\n}}\n"
                f":root.dark {{\n{block(self.dark, '  ')}\n  color-scheme: dark;\n}}\n"
                f"@media (prefers-color-scheme: dark) {{\n  :root:not(.light) {{\n"
                f"{block(self.dark, '    ')}\n    color-scheme: dark;\n  }}\n}}\n"
                f"{self.EXTRA_CSS}")

    def __repr__(self):
        return f"<{type(self).__name__} theme {self.name!r}>"


def json_string(text: str) -> str:
    import json
    return json.dumps(text)


class Default(Theme):
    """The theme an app gets when it names none: orange and blue on gray."""

    name = "default"


class Base(Theme):
    """A plain starting point for your own themes: blue on gray, flat."""

    name = "base"

    def __init__(self, *, primary_hue="blue", secondary_hue="blue", neutral_hue="gray",
                 **kwargs):
        super().__init__(primary_hue=primary_hue, secondary_hue=secondary_hue,
                         neutral_hue=neutral_hue, **kwargs)
