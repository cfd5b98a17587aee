from __future__ import annotations

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CLICK


class Button(Component):
    """A button; its value is its text."""

    name = "button"
    JS_MODULE = "components/button.js"
    EVENTS = (CLICK,)
    PROPS = Component.PROPS + ("variant", "size", "icon", "link")

    def __init__(self, value: str = "Run", *, variant: str = "secondary", size: str = "lg",
                 icon: str | None = None, link: str | None = None, min_width: int | None = None,
                 **kwargs):
        if variant not in ("primary", "secondary", "stop", "huggingface"):
            raise ValueError("Button variant must be 'primary', 'secondary' or 'stop'.")
        self.variant = variant
        self.size = size
        self.icon = icon
        self.link = link
        super().__init__(value, min_width=min_width, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True)

    def postprocess(self, value):
        return None if value is None else str(value)

    def api_info(self):
        return {"type": {"type": "string"}, "description": "button label"}
