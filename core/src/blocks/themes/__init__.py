"""Themes: CSS custom properties for light and dark mode, made by a class."""

from blocks.themes.base import Base, Default, Theme

__all__ = ["Theme", "Base", "Default"]


def __getattr__(name):
    # gr.themes.Soft and friends come from theme plugins (blocks-themes).
    from blocks.registry import catalog
    theme = catalog().theme_by_class_name(name)
    if theme is None:
        raise AttributeError(f"No theme named {name!r} is installed. Themes such as Soft, "
                             "Glass and Monochrome come with blocks-themes: "
                             "pip install blocks-themes")
    return theme
