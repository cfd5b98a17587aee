from __future__ import annotations

from marshmallow import fields

from blocks.components.base import FormComponent
from blocks.events import BLUR, CHANGE, FOCUS, INPUT, SUBMIT


class Number(FormComponent):
    """A numeric field; ``precision=0`` gives integers."""

    name = "number"
    JS_MODULE = "components/number.js"
    EVENTS = (CHANGE, INPUT, SUBMIT, FOCUS, BLUR)
    PROPS = FormComponent.PROPS + ("precision", "minimum", "maximum", "step", "placeholder")

    def __init__(self, value: float | None = None, *, precision: int | None = None,
                 minimum: float | None = None, maximum: float | None = None,
                 step: float = 1, placeholder: str | None = None, **kwargs):
        self.precision = precision
        self.minimum = minimum
        self.maximum = maximum
        self.step = step
        self.placeholder = placeholder
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.Float(allow_none=True, allow_nan=False)

    def _round(self, number):
        if number is None:
            return None
        if self.precision == 0:
            return int(round(number))  # noqa: RUF046 - numpy floats round to floats
        if self.precision is not None:
            return round(float(number), self.precision)
        return float(number) if not isinstance(number, int) else number

    def preprocess(self, payload):
        if payload is None:
            return None
        number = float(payload)
        if self.minimum is not None and number < self.minimum:
            raise ValueError(f"Value {number} is less than minimum value {self.minimum}.")
        if self.maximum is not None and number > self.maximum:
            raise ValueError(f"Value {number} is more than maximum value {self.maximum}.")
        return self._round(number)

    def postprocess(self, value):
        return self._round(float(value)) if value is not None else None

    def example_value(self):
        return 3

    def api_info(self):
        return {"type": {"type": "number"}, "description": "number"}
