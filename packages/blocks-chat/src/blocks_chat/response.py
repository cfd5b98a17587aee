"""The hidden output of ``gr.ChatInterface``'s API endpoint: the reply, as JSON.

Programs calling the chat endpoint (``/chat``) receive the function's reply
through this component; the page never shows it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from blocks.components import Component

__all__ = ["ChatResponse"]


class ChatResponse(Component):
    """The reply of a chat function, for programs (not shown on the page).

    Args:
        value: the last reply.
    """

    name = "chat_response"
    JS_MODULE = "chat_response.js"
    EVENTS = ()

    def __init__(self, value: Any = None, **kwargs):
        kwargs.setdefault("visible", False)
        super().__init__(value, **kwargs)

    def postprocess(self, value: Any) -> Any:
        return _json(value)


def _json(value: Any) -> Any:
    """A reply as JSON: messages as dicts, components as their values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _json({field.name: getattr(value, field.name)
                      for field in dataclasses.fields(value)})
    if isinstance(value, Component):
        return value.postprocess(value.value) if value.value is not None else None
    if isinstance(value, dict):
        return {str(key): _json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json(item) for item in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
