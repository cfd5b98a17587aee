from __future__ import annotations

from typing import ClassVar

from marshmallow import fields

from blocks.components.html import TextDisplay
from blocks.events import CHANGE, EventSpec


class Markdown(TextDisplay):
    """Formatted text written in Markdown, rendered on the server and sanitised.

    Args:
        value: the Markdown text.
        rtl: lay the text out right to left.
        sanitize_html: remove scripts and other active content from HTML in the text.
        padding: space around the text.
    """

    name = "markdown"
    JS_MODULE = "components/markdown.js"
    EVENTS = (CHANGE, EventSpec("copy", "Triggered when the user copies the content."))
    GRADIO_ONLY: ClassVar = {"latex_delimiters": "LaTeX is shown as typed",
                   "line_breaks": "a single newline does not break the line",
                   "header_links": "headings get no anchor links"}

    def __init__(self, value: str | None = None, *, rtl: bool = False,
                 sanitize_html: bool = True, padding: bool = False, **kwargs):
        super().__init__(value, padding=padding, **kwargs)

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
