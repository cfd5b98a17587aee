from __future__ import annotations

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import BLUR, CHANGE, FOCUS, INPUT, SUBMIT


class Number(Component):
    """A numeric field; ``precision=0`` gives integers.

    Args:
        value: the number shown first.
        precision: decimals the value is rounded to; ``0`` gives an ``int``,
            ``None`` no rounding.
        minimum: the least value accepted (checked on the server too).
        maximum: the greatest value accepted (checked on the server too).
        step: how much the arrows change the value.
        placeholder: the hint shown while it is empty.
    """

    name = "number"
    JS_MODULE = "components/number.js"
    EVENTS = (CHANGE, INPUT, SUBMIT, FOCUS, BLUR)

    def __init__(self, value: float | None = None, *, precision: int | None = None,
                 minimum: float | None = None, maximum: float | None = None,
                 step: float = 1, placeholder: str | None = None, **kwargs):
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

    def validate(self, value) -> None:
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"{value:g} is less than the minimum, {self.minimum:g}.")
        if self.maximum is not None and value > self.maximum:
            raise ValueError(f"{value:g} is more than the maximum, {self.maximum:g}.")

    def preprocess(self, payload):
        if payload is None:
            return None
        return self._round(float(payload))

    def postprocess(self, value):
        return self._round(float(value)) if value is not None else None

    def example_value(self):
        value = 3 if self.maximum is None else min(3, self.maximum)
        return value if self.minimum is None else max(value, self.minimum)
