"""Components whose value is picked from ``choices``: Dropdown and Radio."""

from __future__ import annotations

from typing import ClassVar

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import BLUR, CHANGE, FOCUS, INPUT, KEY_UP, SELECT


def normalize_choices(choices) -> list[list]:
    """``["a", ("Bee", "b")]`` -> ``[["a", "a"], ["Bee", "b"]]`` (label, value)."""
    pairs = []
    for choice in choices or []:
        if isinstance(choice, (list, tuple)):
            label, value = choice
            pairs.append([str(label), value])
        else:
            pairs.append([str(choice), choice])
    return pairs


class ChoiceComponent(Component):
    """Shared by components whose value is one of ``choices``.

    Args:
        choices: the values to pick from, or ``(label, value)`` pairs.
        type: what the function receives: ``"value"`` (the choice) or ``"index"`` (its position).
    """

    allow_custom_value = False  # Dropdown makes it a parameter

    def __init__(self, choices=None, *, value=None, type: str = "value", **kwargs):
        if type not in ("value", "index"):
            raise ValueError("type must be 'value' or 'index'.")
        self.choices = normalize_choices(choices)
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.Raw(allow_none=True)

    def _values(self) -> list:
        return [value for _, value in self.choices]

    def _check(self, item) -> None:
        values = self._values()
        if item not in values and not self.allow_custom_value:
            shown = ", ".join(map(repr, values[:10])) + (", ..." if len(values) > 10 else "")
            raise ValueError(f"{item!r} is not one of the choices ({shown or 'none'}).")

    def validate(self, value) -> None:
        for item in value if isinstance(value, list) else [value]:
            self._check(item)

    def _one(self, item):
        self._check(item)
        values = self._values()
        if self.type == "index":
            return values.index(item) if item in values else None
        return item

    def preprocess(self, payload):
        if payload is None:
            return None
        if isinstance(payload, list):
            return [self._one(item) for item in payload]
        return self._one(payload)

    def example_value(self):
        return self.choices[0][1] if self.choices else None

    def api_info(self):
        return {"type": {"enum": self._values()}, "description": "one of the choices"}


class Dropdown(ChoiceComponent):
    """A list to choose one value (or several with ``multiselect``) from.

    Args:
        value: the choice shown first (the first choice when not given; a list
            with ``multiselect``).
        multiselect: let the user pick several values; the function receives a list.
        allow_custom_value: let the user type a value that is not a choice.
        max_choices: with ``multiselect``, how many values may be picked at most.
        filterable: let the user type to filter the choices.
    """

    name = "dropdown"
    JS_MODULE = "components/dropdown.js"
    EVENTS = (CHANGE, INPUT, SELECT, FOCUS, BLUR, KEY_UP)
    GRADIO_ONLY: ClassVar = {"num_choices_shown": "the list shows every choice"}

    def __init__(self, choices=None, *, value=None, type: str = "value",
                 multiselect: bool | None = None, allow_custom_value: bool = False,
                 max_choices: int | None = None, filterable: bool = True, **kwargs):
        self.multiselect = bool(multiselect)
        super().__init__(choices, value=value, type=type, **kwargs)
        if value is None and not self.multiselect and self.choices and \
                "value" not in self._given:
            self.value = self.choices[0][1]

    def validate(self, value) -> None:
        if self.multiselect and isinstance(value, list) and self.max_choices and \
                len(value) > self.max_choices:
            raise ValueError(f"At most {self.max_choices} choices may be selected.")
        super().validate(value)

    def preprocess(self, payload):
        if self.multiselect and payload is not None and not isinstance(payload, list):
            payload = [payload]
        return super().preprocess(payload)


class Radio(ChoiceComponent):
    """A set of round buttons to pick exactly one value."""

    name = "radio"
    JS_MODULE = "components/radio.js"
    EVENTS = (CHANGE, INPUT, SELECT)
    GRADIO_ONLY: ClassVar = {"rtl": "choices are laid out left to right"}
