from __future__ import annotations

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CHANGE, EventSpec


class Markdown(Component):
    """Formatted text written in Markdown, rendered on the server and sanitised."""

    name = "markdown"
    JS_MODULE = "components/markdown.js"
    EVENTS = (CHANGE, EventSpec("copy", "Triggered when the user copies the content."))
    PROPS = Component.PROPS + ("rtl", "sanitize_html", "height", "min_height",
                               "max_height", "container", "padding")

    def __init__(self, value: str | None = None, *, rtl: bool = False,
                 sanitize_html: bool = True, height=None, min_height=None, max_height=None,
                 container: bool = False, padding: bool = False, show_label: bool = False,
                 **kwargs):
        self.rtl = rtl
        self.sanitize_html = sanitize_html
        self.height = height
        self.min_height = min_height
        self.max_height = max_height
        self.container = container
        self.padding = padding
        super().__init__(value, show_label=show_label, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.Dict(allow_none=True)

    def preprocess(self, payload):
        if payload is None:
            return None
        return payload.get("markdown") if isinstance(payload, dict) else str(payload)

    def postprocess(self, value):
        from blocks.sanitize import render_markdown
        if value is None:
            return None
        text = str(value)
        return {"markdown": text,
                "html": render_markdown(text, sanitize=self.sanitize_html)}

    def example_value(self):
        return "# Hello!"

    def api_info(self):
        return {"type": {"type": "string"}, "description": "Markdown text"}
