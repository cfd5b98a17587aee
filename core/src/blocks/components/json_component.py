"""``gr.JSON``: a JSON value shown as a tree that opens and closes."""

from __future__ import annotations

import datetime
import decimal
import json
import math

from blocks.components.base import Component
from blocks.components.toolbar import corner_buttons
from blocks.events import CHANGE

__all__ = ["JSON", "to_json_value", "json_depth"]

MAX_DEPTH = 100  # levels of nesting a value coming from a page may have


def _default(value):
    """What ``json.dumps`` cannot write itself: numpy values, dates, sets, ..."""
    tolist = getattr(value, "tolist", None)
    if callable(tolist):  # numpy arrays and scalars
        return tolist()
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    text = str(value)
    try:  # an object whose text is JSON (Gradio's rule)
        return json.loads(text)
    except ValueError:
        return text


def _finite(value):
    """NaN and infinities (which JSON cannot hold) become None."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def to_json_value(value):
    """``value`` as plain JSON data (dicts, lists, strings, numbers, booleans, None)."""
    return _finite(json.loads(json.dumps(value, default=_default)))


def json_depth(value, limit: int = MAX_DEPTH) -> int:
    """How deeply ``value`` nests (without recursion), counting up to ``limit + 1``."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return deepest


class JSON(Component):
    """Any JSON value, shown as a tree whose objects and lists open and close.

    A function may return a dict, a list, a JSON string (other text is shown as
    a string), or values JSON does not know (numpy arrays, dates, sets), which
    are converted. The function receives the value as a dict or list.

    Args:
        value: a dict, a list, a JSON string or any value JSON can hold.
        open: show every level open at first (by default, levels deeper than 3 start closed).
        show_indices: show the index of each item of a list.
        height: its height (pixels, or any CSS length); it scrolls beyond.
        max_height: its greatest height (pixels, or any CSS length); it scrolls beyond.
        min_height: its least height (pixels, or any CSS length).
        buttons: ``["copy"]`` (the default) shows a button that copies the JSON; ``[]`` none.
    """

    name = "json"
    JS_MODULE = "components/json.js"
    EVENTS = (CHANGE,)
    ALIASES = ("Json",)

    def __init__(self, value=None, *, open: bool = False, show_indices: bool = False,
                 height: int | str | None = None, max_height: int | str | None = 500,
                 min_height: int | str | None = None, buttons: list[str] | None = None,
                 **kwargs):
        self.buttons = corner_buttons(buttons, ("copy",), "JSON")
        super().__init__(value, **kwargs)

    def validate(self, value) -> None:
        if json_depth(value) > MAX_DEPTH:
            raise ValueError(f"This JSON value nests more than {MAX_DEPTH} levels deep.")

    def postprocess(self, value):
        if isinstance(value, (str, bytes)):
            try:
                return _finite(json.loads(value))
            except ValueError:  # text that is not JSON is shown as a JSON string
                return value if isinstance(value, str) else value.decode("utf-8", "replace")
        return to_json_value(value)

    def example_value(self):
        return {"foo": "bar"}

    def api_info(self):
        return {"type": {}, "description": "any JSON value"}
