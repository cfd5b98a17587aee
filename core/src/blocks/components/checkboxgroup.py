"""``gr.CheckboxGroup``: any number of the choices checked."""

from __future__ import annotations

from marshmallow import fields

from blocks.components.choices import ChoiceComponent
from blocks.events import CHANGE, INPUT, SELECT

__all__ = ["CheckboxGroup"]


class CheckboxGroup(ChoiceComponent):
    """A set of checkboxes: any number of the choices may be checked.

    The function receives the list of checked values (their positions with
    ``type="index"``), in the order of the choices.

    Args:
        value: the choices checked first: a list of values, or one value.
        show_select_all: add a box that checks or clears every choice at once.
    """

    name = "checkboxgroup"
    JS_MODULE = "components/checkboxgroup.js"
    EVENTS = (CHANGE, INPUT, SELECT)
    ALIASES = ("Checkboxgroup",)

    def __init__(self, choices=None, *, value=None, type: str = "value",
                 show_select_all: bool = False, **kwargs):
        super().__init__(choices, value=value, type=type, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.List(fields.Raw(allow_none=True), allow_none=True)

    def validate(self, value) -> None:
        super().validate(value)
        if len(value) != len({repr(item) for item in value}):
            raise ValueError("Each choice may be checked only once.")

    def preprocess(self, payload):
        if payload is None:
            return []
        return [self._one(item) for item in payload]

    def cleared_value(self):
        return []

    def postprocess(self, value):
        if value is None:
            return []
        return list(value) if isinstance(value, (list, tuple, set)) else [value]

    def example_value(self):
        return [self.choices[0][1]] if self.choices else []

    def api_info(self):
        return {"type": {"type": "array", "items": {"enum": self._values()}},
                "description": "the checked choices"}
