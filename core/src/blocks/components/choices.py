"""Components whose value is picked from ``choices``: Dropdown and Radio."""

from __future__ import annotations

from marshmallow import fields

from blocks.components.base import FormComponent
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


class ChoiceComponent(FormComponent):
    PROPS = FormComponent.PROPS + ("choices", "type")

    def __init__(self, choices=None, *, value=None, type: str = "value", **kwargs):
        if type not in ("value", "index"):
            raise ValueError("type must be 'value' or 'index'.")
        self.choices = normalize_choices(choices)
        self.type = type
        super().__init__(value, **kwargs)

    def _values(self) -> list:
        return [value for _, value in self.choices]

    def _one(self, item):
        values = self._values()
        if item not in values:
            if getattr(self, "allow_custom_value", False):
                return None if self.type == "index" else item
            raise ValueError(f"Value {item!r} is not among the choices {values!r}.")
        return values.index(item) if self.type == "index" else item

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
    """A list to choose one value (or several with ``multiselect``) from."""

    name = "dropdown"
    JS_MODULE = "components/dropdown.js"
    EVENTS = (CHANGE, INPUT, SELECT, FOCUS, BLUR, KEY_UP)
    PROPS = ChoiceComponent.PROPS + ("multiselect", "allow_custom_value", "max_choices",
                                     "filterable")

    def __init__(self, choices=None, *, value=None, type: str = "value",
                 multiselect: bool | None = None, allow_custom_value: bool = False,
                 max_choices: int | None = None, filterable: bool = True, **kwargs):
        self.multiselect = bool(multiselect)
        self.allow_custom_value = allow_custom_value
        self.max_choices = max_choices
        self.filterable = filterable
        super().__init__(choices, value=value, type=type, **kwargs)
        if value is None and not self.multiselect and self.choices and "value" not in \
                getattr(self, "_given", ()):
            self.value = self.choices[0][1]

    @classmethod
    def value_field(cls):
        return fields.Raw(allow_none=True)

    def preprocess(self, payload):
        if self.multiselect and payload is not None and not isinstance(payload, list):
            payload = [payload]
        if self.multiselect and self.max_choices and payload and \
                len(payload) > self.max_choices:
            raise ValueError(f"At most {self.max_choices} choices may be selected.")
        return super().preprocess(payload)


class Radio(ChoiceComponent):
    """A set of round buttons to pick exactly one value."""

    name = "radio"
    JS_MODULE = "components/radio.js"
    EVENTS = (CHANGE, INPUT, SELECT)

    @classmethod
    def value_field(cls):
        return fields.Raw(allow_none=True)
