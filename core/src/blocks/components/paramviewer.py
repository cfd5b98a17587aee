"""``gr.ParamViewer``: the parameters of a function, each with its type, default and help."""

from __future__ import annotations

from typing import ClassVar

from marshmallow import Schema, fields

from blocks.components.base import Component
from blocks.events import CHANGE, EventSpec

__all__ = ["ParamViewer"]

LANGUAGES = ("python", "typescript")
# Gradio lists it among ParamViewer's events; nothing in a parameter list takes a file,
# so a script that listens to it runs, and its function is never called.
UPLOAD_NEVER = EventSpec("upload", "Kept for Gradio scripts: a ParamViewer takes no file, "
                         "so this never fires.")


class ParameterSchema(Schema):
    type = fields.String(allow_none=True)
    description = fields.String(allow_none=True)
    default = fields.String(allow_none=True)
    description_html = fields.String(allow_none=True)


class ParamViewer(Component):
    """A list of parameters: each one's name and type, opened for its description
    (Markdown) and default. The type and default are highlighted as code.

    Args:
        value: ``{name: {"type": ..., "description": ..., "default": ...}}``.
        language: the language of the types and defaults: ``"python"`` or ``"typescript"``.
        header: the title above the list, beside a button that opens or closes every
            parameter (``None``: no title and no button).
        anchor_links: give each parameter an anchor to link to (``True``), or anchors
            that start with this text (to tell several viewers apart).
        max_height: its greatest height (pixels, or any CSS length); it scrolls beyond.
    """

    name = "paramviewer"
    JS_MODULE = "components/paramviewer.js"
    EVENTS = (CHANGE, UPLOAD_NEVER)
    DEEP_LINK = False  # the app's documentation, not the page's state
    GRADIO_ONLY: ClassVar = {"linkify": "names in descriptions are not turned into links"}

    def __init__(self, value: dict | None = None, language: str = "python", *,
                 header: str | None = "Parameters", anchor_links: bool | str = False,
                 max_height: int | str | None = None, **kwargs):
        if language not in LANGUAGES:
            raise ValueError(f"ParamViewer language must be one of {', '.join(LANGUAGES)}.")
        super().__init__(value or {}, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.Dict(keys=fields.String(), values=fields.Nested(ParameterSchema),
                           allow_none=True)

    def preprocess(self, payload):
        if payload is None:
            return None
        return {name: {key: entry.get(key) for key in ("type", "description", "default")}
                for name, entry in payload.items()}

    def postprocess(self, value):
        from blocks.sanitize import render_markdown
        shown = {}
        for name, entry in dict(value).items():
            entry = dict(entry or {})
            description = entry.get("description")
            shown[str(name)] = {
                "type": _text(entry.get("type")),
                "description": _text(description),
                "default": _text(entry.get("default")),
                "description_html": render_markdown(str(description)) if description else None,
            }
        return shown

    def example_value(self):
        return {"array": {"type": "numpy", "description": "any valid json", "default": "None"}}

    def api_info(self):
        return {"type": {"type": "object"},
                "description": "each parameter's type, description and default"}


def _text(value) -> str | None:
    return None if value is None else str(value)
