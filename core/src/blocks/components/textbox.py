from __future__ import annotations

from typing import ClassVar

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import BLUR, CHANGE, FOCUS, INPUT, SELECT, SUBMIT


class Textbox(Component):
    """A text field (one line, or several with ``lines``).

    Args:
        value: the text shown first.
        lines: the rows shown; more than one makes a multi-line field.
        max_lines: the rows it grows to before it scrolls.
        placeholder: the hint shown while it is empty.
        type: ``"text"``, ``"password"`` (hidden as typed) or ``"email"``.
        max_length: the most characters accepted (checked on the server too).
        autofocus: put the cursor in it when the page loads.
        text_align: ``"left"`` or ``"right"``.
        rtl: lay the text out right to left.
    """

    name = "textbox"
    JS_MODULE = "components/textbox.js"
    EVENTS = (CHANGE, INPUT, SUBMIT, FOCUS, BLUR, SELECT)
    ALIASES = ("Text",)
    GRADIO_ONLY: ClassVar = {"autoscroll": "the field does not scroll to the end on updates",
                   "submit_btn": "the field has no submit button of its own",
                   "stop_btn": "the field has no stop button of its own",
                   "html_attributes": "extra HTML attributes of the input are not set"}

    def __init__(self, value: str | None = None, *, lines: int = 1, max_lines: int | None = None,
                 placeholder: str | None = None, type: str = "text",
                 max_length: int | None = None, autofocus: bool = False,
                 text_align: str | None = None, rtl: bool = False, **kwargs):
        if type not in ("text", "password", "email"):
            raise ValueError("Textbox type must be 'text', 'password' or 'email'.")
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True)

    def validate(self, value) -> None:
        if self.max_length is not None and len(value) > self.max_length:
            raise ValueError(f"At most {self.max_length} characters are allowed; this text "
                             f"has {len(value)}.")

    def preprocess(self, payload):
        return "" if payload is None else str(payload)

    def postprocess(self, value):
        return None if value is None else str(value)

    def example_value(self):
        return "Hello!!"
