from __future__ import annotations

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import EventSpec

TICK = EventSpec("tick", "Triggered every `value` seconds while the timer is active.")


class Timer(Component):
    """A clock on the page: ``.tick`` fires every ``value`` seconds while ``active``.

    Return ``gr.Timer(active=False)`` (or ``gr.Timer(2)``) from a function to
    stop it or change its interval.
    """

    name = "timer"
    JS_MODULE = "components/timer.js"
    EVENTS = (TICK,)
    PROPS = ("visible", "elem_id", "elem_classes", "key", "value", "active")

    def __init__(self, value: float = 1.0, *, active: bool = True, render: bool = True,
                 **kwargs):
        if value is not None and float(value) <= 0:
            raise ValueError("A Timer's interval must be a positive number of seconds.")
        self.active = active
        super().__init__(value, render=render, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.Float(allow_none=True)

    def postprocess(self, value):
        return None if value is None else float(value)

    def api_info(self):
        return {"type": {"type": "number"}, "description": "interval in seconds"}
