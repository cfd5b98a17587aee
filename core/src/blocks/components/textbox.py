from __future__ import annotations

from marshmallow import fields

from blocks.components.base import FormComponent
from blocks.events import BLUR, CHANGE, FOCUS, INPUT, SELECT, SUBMIT


class Textbox(FormComponent):
    """A text field (one line, or several with ``lines``)."""

    name = "textbox"
    JS_MODULE = "components/textbox.js"
    EVENTS = (CHANGE, INPUT, SUBMIT, FOCUS, BLUR, SELECT)
    PROPS = FormComponent.PROPS + ("lines", "max_lines", "placeholder", "type",
                                   "max_length", "autofocus", "text_align", "rtl")

    def __init__(self, value: str | None = None, *, lines: int = 1, max_lines: int | None = None,
                 placeholder: str | None = None, type: str = "text",
                 max_length: int | None = None, autofocus: bool = False,
                 text_align: str | None = None, rtl: bool = False, **kwargs):
        if type not in ("text", "password", "email"):
            raise ValueError("Textbox type must be 'text', 'password' or 'email'.")
        self.lines = lines
        self.max_lines = max_lines
        self.placeholder = placeholder
        self.type = type
        self.max_length = max_length
        self.autofocus = autofocus
        self.text_align = text_align
        self.rtl = rtl
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True)

    def preprocess(self, payload):
        return "" if payload is None else str(payload)

    def postprocess(self, value):
        return None if value is None else str(value)

    def example_value(self):
        return "Hello!!"

    def api_info(self):
        return {"type": {"type": "string"}, "description": "text"}
