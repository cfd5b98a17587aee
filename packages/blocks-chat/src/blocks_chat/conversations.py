"""The side panel of ``gr.ChatInterface(save_history=True)``: the saved conversations.

A list of buttons, one per conversation, named by its title; the one shown is
marked current. Clicking one fires ``select`` with its index, which the
ChatInterface checks against the conversations it keeps (the titles are
the page's own: each browser keeps its conversations).
"""

from __future__ import annotations

from marshmallow import fields

from blocks.components import Component
from blocks.events import EventSpec

__all__ = ["ConversationList"]

SELECT = EventSpec("select", "Triggered when the user opens a saved conversation; "
                   "gr.SelectData gives its index and title.")


class ConversationList(Component):
    """Saved conversations, listed by title; the value is the index of the one shown.

    Args:
        value: the index of the conversation shown (``None``: a new one).
        titles: the conversations' titles, newest first.
    """

    name = "chat_conversations"
    JS_MODULE = "chat_conversations.js"
    EVENTS = (SELECT,)

    def __init__(self, value: int | None = None, *, titles: list[str] | None = None, **kwargs):
        self.titles = [str(title) for title in titles or []]
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Integer(allow_none=True)

    def validate(self, value: int) -> None:
        if value < 0:
            raise ValueError("A conversation's index cannot be negative.")
