from __future__ import annotations

from typing import ClassVar

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CHANGE, CLICK


class TextDisplay(Component):
    """Shared by components that show a block of text: size, frame and padding.

    Args:
        value: the text shown.
        height: its height (pixels, or any CSS length); it scrolls beyond.
        min_height: its least height (pixels, or any CSS length).
        max_height: its greatest height (pixels, or any CSS length); it scrolls beyond.
        container: frame it like a form component.
        padding: space around the text.
        show_label: show its label above it.
    """

    GRADIO_ONLY: ClassVar = {"autoscroll": "the content does not follow what is added to it"}

    def __init__(self, value: str | None = None, *, height=None, min_height=None,
                 max_height=None, container: bool = False, padding: bool = True,
                 show_label: bool = False, **kwargs):
        super().__init__(value, show_label=show_label, **kwargs)


class HTML(TextDisplay):
    """HTML shown as it is given (the app author's own markup)."""

    name = "html"
    JS_MODULE = "components/html.js"
    EVENTS = (CHANGE, CLICK)
    DEEP_LINK = False  # shown as given: a link must not bring markup
    # Gradio's HTML takes any keyword as a prop of its template
    GRADIO_ONLY: ClassVar = {"**": "HTML templates with props are not built yet"}

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True)

    def postprocess(self, value):
        return None if value is None else str(value)

    def example_value(self):
        return "<p>Hello</p>"
