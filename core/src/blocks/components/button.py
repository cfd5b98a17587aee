from __future__ import annotations

from typing import ClassVar

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CLICK
from blocks.files import file_data


class Button(Component):
    """A button; its value is its text.

    Args:
        value: the text on the button.
        variant: ``"primary"``, ``"secondary"``, ``"stop"`` or ``"huggingface"`` (its
            colours).
        size: ``"sm"``, ``"md"`` or ``"lg"``.
        icon: an image shown before the text: a URL or a file's path.
        link: an http(s) URL: the button is then a link to it (its click listeners
            still run).
        min_width: the width in pixels below which a Row wraps it.
    """

    name = "button"
    JS_MODULE = "components/button.js"
    EVENTS = (CLICK,)
    DEEP_LINK = False  # a button's text is not the page's state
    GRADIO_ONLY: ClassVar = {"link_target": "links open in the same tab"}

    def __init__(self, value: str = "Run", *, variant: str = "secondary", size: str = "lg",
                 icon: str | None = None, link: str | None = None, min_width: int | None = None,
                 **kwargs):
        if variant not in ("primary", "secondary", "stop", "huggingface"):
            raise ValueError("Button variant must be 'primary', 'secondary', 'stop' or "
                             "'huggingface'.")
        super().__init__(value, min_width=min_width, **kwargs)
        if icon is not None and not str(icon).startswith(("http://", "https://", "data:")):
            # a file of the app's: served like any file the app shows (blocked_paths apply)
            self.icon = file_data(icon)

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True)

    def postprocess(self, value):
        return None if value is None else str(value)
