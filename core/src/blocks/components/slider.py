from __future__ import annotations

import math
from typing import ClassVar

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CHANGE, INPUT, RELEASE


class Slider(Component):
    """A number chosen by dragging between ``minimum`` and ``maximum``.

    Args:
        minimum: the least value (checked on the server too).
        maximum: the greatest value (checked on the server too).
        value: the value shown first (``minimum`` when not given).
        step: the increment between values, counted from ``minimum`` (checked on
            the server too); by default 1 for whole bounds, a hundredth of the range otherwise.
        show_reset_button: show a button that puts the value back to the first one.
    """

    name = "slider"
    JS_MODULE = "components/slider.js"
    EVENTS = (CHANGE, INPUT, RELEASE)
    GRADIO_ONLY: ClassVar = {"randomize": "the first value is not drawn at random",
                   "precision": "values are not rounded to a number of decimals"}

    def __init__(self, minimum: float = 0, maximum: float = 100, value: float | None = None,
                 *, step: float | None = None, show_reset_button: bool = True, **kwargs):
        if minimum > maximum:
            raise ValueError("Slider minimum must not be greater than maximum.")
        if step is None:
            self.step = 1 if _whole(minimum, maximum) else (maximum - minimum) / 100
        super().__init__(minimum if value is None else value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.Float(allow_none=True, allow_nan=False)

    def validate(self, value) -> None:
        if value == self.value:
            return  # the app's own first value, even off the steps
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"{value:g} is outside the range {self.minimum:g} to "
                             f"{self.maximum:g}.")
        if self.step:
            steps = (value - self.minimum) / self.step
            if not math.isclose(steps, round(steps), rel_tol=0, abs_tol=1e-6):
                raise ValueError(f"{value:g} is not a multiple of the step {self.step:g} "
                                 f"from {self.minimum:g}.")

    def preprocess(self, payload):
        if payload is None:
            return None
        number = float(payload)
        return int(number) if number.is_integer() and _whole(self.step) else number

    def postprocess(self, value):
        return None if value is None else float(value) if not isinstance(value, int) else value

    def cleared_value(self):
        return self.postprocess(self.minimum)  # as Gradio: Clear moves it to its minimum

    def example_value(self):
        return self.minimum

    def api_info(self):
        schema = {"type": "number", "minimum": self.minimum, "maximum": self.maximum}
        if self.step and _whole(self.minimum / self.step):
            schema["multipleOf"] = self.step  # minimum + k * step, said in JSON schema
        return {"type": schema, "description": "number"}


def _whole(*numbers) -> bool:
    return all(float(n).is_integer() for n in numbers)
