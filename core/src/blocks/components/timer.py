from __future__ import annotations

from typing import Any

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import EventSpec

TICK = EventSpec("tick", "Triggered every `value` seconds while the timer is active.")


class Timer(Component):
    """A clock on the page: ``.tick`` fires every ``value`` seconds while ``active``.

    Return ``gr.Timer(active=False)`` (or ``gr.Timer(2)``) from a function to
    stop it or change its interval.

    Args:
        value: the interval between ticks, in seconds.
        active: whether it ticks.
        render: ``False`` creates it outside the layout.
    """

    name = "timer"
    JS_MODULE = "components/timer.js"
    EVENTS = (TICK,)
    DEEP_LINK = False

    def __init__(self, value: float = 1.0, *, active: bool = True, render: bool = True,
                 visible: bool = True, elem_id: str | None = None, elem_classes=None,
                 key: Any = None):
        if value is not None and float(value) <= 0:
            raise ValueError("A Timer's interval must be a positive number of seconds.")
        super().__init__(value, render=render, visible=visible, elem_id=elem_id,
                         elem_classes=elem_classes, key=key)

    @classmethod
    def value_field(cls):
        return fields.Float(allow_none=True)

    def postprocess(self, value):
        return None if value is None else float(value)

    def api_info(self):
        return {"type": {"type": "number"}, "description": "interval in seconds"}
