"""Themes: CSS custom properties for light and dark mode, made by a class.

``gr.themes.Default`` and ``gr.themes.Base`` are built in; ``gr.themes.Soft``
and the other themes of installed plugins (blocks-themes) resolve through the
plugin registry, as does ``gr.Blocks(theme="soft")``.
"""

from blocks.themes import colors, sizes
from blocks.themes.base import Base, Default, Theme
from blocks.themes.colors import Color
from blocks.themes.fonts import Font, GoogleFont
from blocks.themes.sizes import Size

__all__ = ["Theme", "Base", "Default", "Color", "Size", "Font", "GoogleFont", "colors",
           "sizes"]


def __getattr__(name):
    # gr.themes.Soft and friends come from theme plugins (blocks-themes).
    if name.startswith("_"):
        raise AttributeError(name)
    from blocks.registry import catalog
    theme = catalog().theme_by_class_name(name)
    if theme is None:
        raise AttributeError(f"No theme named {name!r} is installed. Themes such as Soft, "
                             "Glass and Monochrome come with blocks-themes: "
                             "pip install blocks-themes")
    return theme
