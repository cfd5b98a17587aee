from __future__ import annotations

from typing import ClassVar

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CLICK


def check_variant(variant: str) -> str:
    if variant not in ("primary", "secondary", "stop", "huggingface"):
        raise ValueError("Button variant must be 'primary', 'secondary' or 'stop'.")
    return variant


class Button(Component):
    """A button; its value is its text.

    Args:
        value: the text on the button.
        variant: ``"primary"``, ``"secondary"`` or ``"stop"`` (its colours).
        size: ``"sm"``, ``"md"`` or ``"lg"``.
        icon: the URL of an image shown before the text.
        link: a URL the button opens when clicked.
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
        check_variant(variant)
        super().__init__(value, min_width=min_width, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True)

    def postprocess(self, value):
        return None if value is None else str(value)
