"""``gr.Label``: a class name, or the top classes of a classifier with confidence bars."""

from __future__ import annotations

import json
import math
from pathlib import Path

from marshmallow import Schema, fields

from blocks.components.base import Component
from blocks.events import CHANGE, SELECT

__all__ = ["Label"]


class ConfidenceSchema(Schema):
    label = fields.Raw(required=True)
    confidence = fields.Float(required=True, allow_nan=False)


class LabelSchema(Schema):
    label = fields.Raw(allow_none=True)
    confidences = fields.List(fields.Nested(ConfidenceSchema), allow_none=True)


class Label(Component):
    """A class name, or the classes of a prediction with their confidences.

    A function returns a ``{class: confidence}`` dict (shown as the top class
    above a bar for each of the ``num_top_classes`` most confident classes), a
    string or a number (shown as it is), or the path of a ``.json`` file
    holding either. The function receives the dict back, or the string.

    Args:
        value: ``{class: confidence}``, a string or a number.
        num_top_classes: how many of the most confident classes to show (all by default).
        color: the colour of the bars and of the top class (any CSS colour).
        show_heading: show the top class in large type above the bars.
    """

    name = "label"
    JS_MODULE = "components/label.js"
    EVENTS = (CHANGE, SELECT)

    def __init__(self, value=None, *, num_top_classes: int | None = None,
                 color: str | None = None, show_heading: bool = True, **kwargs):
        if num_top_classes is not None and num_top_classes < 1:
            raise ValueError("num_top_classes must be at least 1.")
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.Nested(LabelSchema, allow_none=True)

    def validate(self, value) -> None:
        label = value.get("label")
        if label is not None and not isinstance(label, (str, int, float)):
            raise ValueError("A label must be a string or a number.")
        for entry in value.get("confidences") or []:
            if not isinstance(entry["label"], (str, int, float)):
                raise ValueError("Each class must be named by a string or a number.")

    def preprocess(self, payload):
        if not payload:
            return None
        confidences = payload.get("confidences")
        if confidences is None:
            return payload.get("label")
        return {entry["label"]: entry["confidence"] for entry in confidences}

    def cleared_value(self):
        return {}

    def postprocess(self, value):
        if value is None or (isinstance(value, dict) and not value):
            return {}
        if isinstance(value, (str, Path)) and str(value).endswith(".json") and \
                Path(value).is_file():
            value = json.loads(Path(value).read_text(encoding="utf-8"))
            if isinstance(value, dict) and ("label" in value or "confidences" in value):
                return self._from_wire(value)
        if isinstance(value, bool) or not isinstance(value, (str, int, float, dict)):
            raise ValueError("A Label shows a {class: confidence} dict, a string or a "
                             f"number, not {type(value).__name__}.")
        if not isinstance(value, dict):
            return {"label": str(value), "confidences": None}
        if isinstance(value.get("confidences"), list):
            return self._from_wire(value)
        ranked = sorted(((key, _number(confidence)) for key, confidence in value.items()),
                        key=lambda pair: pair[1], reverse=True)
        if self.num_top_classes is not None:
            ranked = ranked[:self.num_top_classes]
        return {"label": ranked[0][0],
                "confidences": [{"label": key, "confidence": confidence}
                                for key, confidence in ranked]}

    def _from_wire(self, value: dict) -> dict:
        confidences = value.get("confidences")
        if confidences is None:
            return {"label": value.get("label"), "confidences": None}
        return self.postprocess({entry["label"]: entry["confidence"] for entry in confidences})

    def example_value(self):
        return {"cat": 0.9, "dog": 0.1}

    def api_info(self):
        return {"type": {"type": "object", "properties": {
            "label": {"type": ["string", "number", "null"]},
            "confidences": {"type": ["array", "null"], "items": {
                "type": "object", "properties": {"label": {"type": ["string", "number"]},
                                                 "confidence": {"type": "number"}}}}}},
                "description": "the top class, and each class with its confidence"}


def _number(confidence) -> float:
    number = float(confidence)
    if not math.isfinite(number):
        raise ValueError(f"A confidence must be a finite number, not {confidence!r}.")
    return number
