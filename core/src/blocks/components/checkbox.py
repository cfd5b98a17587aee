from __future__ import annotations

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CHANGE, INPUT, SELECT


class Checkbox(Component):
    """A yes/no box.

    Args:
        value: whether it is checked.
    """

    name = "checkbox"
    JS_MODULE = "components/checkbox.js"
    EVENTS = (CHANGE, INPUT, SELECT)

    def __init__(self, value: bool = False, **kwargs):
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.Boolean(allow_none=True)

    def preprocess(self, payload):
        return bool(payload)

    def postprocess(self, value):
        return None if value is None else bool(value)

    def cleared_value(self):
        return False

    def example_value(self):
        return True
