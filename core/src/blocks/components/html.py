from __future__ import annotations

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CHANGE, CLICK


class TextDisplay(Component):
    """Shared by components that show a block of text: size, frame and padding."""

    PROPS = Component.PROPS + ("height", "min_height", "max_height", "container", "padding")
    DEFAULT_PADDING = True

    def __init__(self, value: str | None = None, *, height=None, min_height=None,
                 max_height=None, container: bool = False, padding: bool | None = None,
                 show_label: bool = False, **kwargs):
        self.height = height
        self.min_height = min_height
        self.max_height = max_height
        self.container = container
        self.padding = self.DEFAULT_PADDING if padding is None else padding
        super().__init__(value, show_label=show_label, **kwargs)


class HTML(TextDisplay):
    """HTML shown as it is given (the app author's own markup)."""

    name = "html"
    JS_MODULE = "components/html.js"
    EVENTS = (CHANGE, CLICK)

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True)

    def postprocess(self, value):
        return None if value is None else str(value)

    def example_value(self):
        return "<p>Hello</p>"

    def api_info(self):
        return {"type": {"type": "string"}, "description": "HTML"}
