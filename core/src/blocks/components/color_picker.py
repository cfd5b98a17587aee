"""``gr.ColorPicker``: a colour, as a CSS colour string."""

from __future__ import annotations

import re

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import BLUR, CHANGE, FOCUS, INPUT, RELEASE, SUBMIT

__all__ = ["ColorPicker"]

_NUMBER = r"\s*-?(?:\d+\.?\d*|\.\d+)(?:%|deg|turn|rad)?\s*"
_COLOUR = re.compile(
    r"#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})"  # #rgb, #rgba, #rrggbb, #rrggbbaa
    rf"|(?:rgb|rgba|hsl|hsla)\({_NUMBER}(?:[,\s/]{_NUMBER}){{2,3}}\)"  # rgb(1, 2, 3), ...
    r"|[a-z]{3,20}",  # a named colour: red, rebeccapurple, transparent
    re.IGNORECASE)


class ColorPicker(Component):
    """A colour chosen with the system's colour picker, or typed.

    The function receives the colour as the page shows it, usually ``#rrggbb``
    (any CSS colour a function set stays as it was written).

    Args:
        value: the colour shown first, as a CSS colour (``"#ff8800"``).
    """

    name = "colorpicker"
    JS_MODULE = "components/color_picker.js"
    EVENTS = (CHANGE, INPUT, RELEASE, SUBMIT, FOCUS, BLUR)

    def __init__(self, value: str | None = None, **kwargs):
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True)

    def validate(self, value) -> None:
        if len(value) > 100 or not _COLOUR.fullmatch(value.strip()):
            raise ValueError(f"{value[:40]!r} is not a colour: write it as #rrggbb.")

    def preprocess(self, payload):
        return None if payload is None else str(payload)

    def postprocess(self, value):
        return str(value)

    def example_value(self):
        return "#ff8800"
