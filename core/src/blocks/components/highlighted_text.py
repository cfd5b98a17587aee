"""``gr.HighlightedText``: text whose spans are marked with a category or a score."""

from __future__ import annotations

import math

from marshmallow import Schema, fields

from blocks.components.base import Component
from blocks.events import CHANGE, SELECT

__all__ = ["HighlightedText"]

MAX_TOKENS = 100_000  # spans a value coming from a page may have


class TokenSchema(Schema):
    token = fields.String(required=True)
    class_or_confidence = fields.Raw(allow_none=True)


class HighlightedText(Component):
    """Text whose spans are highlighted by category (a colour each) or by score.

    A function returns a list of ``(text, category)`` pairs, where the
    category is a string, a number between -1 and 1 (a score: the stronger,
    the deeper the colour) or ``None`` (plain text); or the dict of a
    named-entity model, ``{"text": ..., "entities": [{"start", "end",
    "entity"}]}``. The function receives a list of ``{"token",
    "class_or_confidence"}`` dicts, as Gradio's does. With ``interactive=True``
    the user labels spans: select text, name a category, apply it.

    Args:
        value: the ``(text, category)`` pairs, or ``{"text", "entities"}``.
        color_map: the colour of each category (``{"person": "red", "place": "#2563eb"}``);
            the others get colours of their own.
        show_legend: list the categories with their colours above the text.
        show_inline_category: show each span's category after it (when there is no legend).
        combine_adjacent: merge neighbouring spans of the same category into one.
        adjacent_separator: put between spans merged by ``combine_adjacent``.
        show_whitespaces: keep the spaces around each span (``False`` trims them).
        rtl: lay the text out right to left.
    """

    name = "highlightedtext"
    JS_MODULE = "components/highlighted_text.js"
    EVENTS = (CHANGE, SELECT)
    ALIASES = ("Highlight", "Highlightedtext")
    EDITABLE_WHEN_UNUSED = False  # a display, unless an event takes its value

    def __init__(self, value=None, *, color_map: dict[str, str] | None = None,
                 show_legend: bool = False, show_inline_category: bool = True,
                 combine_adjacent: bool = False, adjacent_separator: str = "",
                 show_whitespaces: bool = True, rtl: bool = False, **kwargs):
        self.color_map = {str(key): str(colour) for key, colour in (color_map or {}).items()}
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.List(fields.Nested(TokenSchema), allow_none=True)

    def validate(self, value) -> None:
        if len(value) > MAX_TOKENS:
            raise ValueError(f"At most {MAX_TOKENS} spans are allowed; this text has "
                             f"{len(value)}.")
        for entry in value:
            category = entry.get("class_or_confidence")
            if isinstance(category, bool) or not (
                    category is None or isinstance(category, str) or
                    (isinstance(category, (int, float)) and math.isfinite(category))):
                raise ValueError("A span's category must be a string, a number or null, "
                                 f"not {category!r}.")

    def preprocess(self, payload):
        if payload is None:
            return None
        return [{"token": entry["token"], "class_or_confidence":
                 entry.get("class_or_confidence")} for entry in payload]

    def postprocess(self, value):
        pairs = _pairs(value)
        if self.combine_adjacent:
            pairs = _combine(pairs, self.adjacent_separator)
        return [{"token": text if self.show_whitespaces else text.strip(),
                 "class_or_confidence": category} for text, category in pairs]

    def example_value(self):
        return [("The", None), ("quick", "adj"), ("brown", "adj"), ("fox", "noun")]

    def api_info(self):
        return {"type": {"type": "array", "items": {"type": "object", "properties": {
            "token": {"type": "string"},
            "class_or_confidence": {"type": ["string", "number", "null"]}}}},
            "description": "the spans of the text, each with its category or score"}


def _pairs(value) -> list[tuple[str, object]]:
    """``(text, category)`` pairs from any of the accepted forms."""
    if isinstance(value, dict):
        try:
            text, entities = value["text"], value["entities"]
        except KeyError as error:
            raise ValueError("A HighlightedText dict needs 'text' and 'entities' keys "
                             "(the output of a named-entity model).") from error
        pairs, index = [], 0
        for entity in sorted(entities, key=lambda entity: entity["start"]):
            start, end = entity["start"], entity["end"]
            if start > index:
                pairs.append((text[index:start], None))
            pairs.append((text[start:end], entity.get("entity") or entity.get("entity_group")))
            index = max(index, end)
        if index < len(text) or not pairs:
            pairs.append((text[index:], None))
        return pairs
    pairs = []
    for item in value:
        if isinstance(item, dict):
            pairs.append((str(item["token"]), item.get("class_or_confidence")))
        else:
            text, category = item
            pairs.append((str(text), category))
    return pairs


def _combine(pairs, separator: str) -> list[tuple[str, object]]:
    """Neighbouring spans of one category merged (empty spans dropped)."""
    merged: list[list] = []
    for text, category in pairs:
        if not text:
            continue
        if merged and merged[-1][1] == category:
            merged[-1][0] += separator + text
        else:
            merged.append([text, category])
    return [(text, category) for text, category in merged]
