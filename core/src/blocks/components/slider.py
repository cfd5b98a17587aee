from __future__ import annotations

from marshmallow import fields

from blocks.components.base import FormComponent
from blocks.events import CHANGE, INPUT, RELEASE


class Slider(FormComponent):
    """A number chosen by dragging between ``minimum`` and ``maximum``."""

    name = "slider"
    JS_MODULE = "components/slider.js"
    EVENTS = (CHANGE, INPUT, RELEASE)
    PROPS = FormComponent.PROPS + ("minimum", "maximum", "step", "show_reset_button")

    def __init__(self, minimum: float = 0, maximum: float = 100, value: float | None = None,
                 *, step: float | None = None, show_reset_button: bool = True, **kwargs):
        if minimum > maximum:
            raise ValueError("Slider minimum must not be greater than maximum.")
        self.minimum = minimum
        self.maximum = maximum
        self.step = step if step is not None else (1 if _whole(minimum, maximum) else
                                                   (maximum - minimum) / 100)
        self.show_reset_button = show_reset_button
        super().__init__(minimum if value is None else value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.Float(allow_none=True, allow_nan=False)

    def preprocess(self, payload):
        if payload is None:
            return None
        number = float(payload)
        if not self.minimum <= number <= self.maximum:
            raise ValueError(f"Value {number} is outside [{self.minimum}, {self.maximum}].")
        return int(number) if float(number).is_integer() and _whole(self.step) else number

    def postprocess(self, value):
        return None if value is None else float(value) if not isinstance(value, int) else value

    def example_value(self):
        return self.minimum

    def api_info(self):
        return {"type": {"type": "number", "minimum": self.minimum,
                         "maximum": self.maximum}, "description": "number"}


def _whole(*numbers) -> bool:
    return all(float(n).is_integer() for n in numbers)
