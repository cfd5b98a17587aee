"""``gr.TextArea``: a Textbox of several lines (Gradio's template)."""

from __future__ import annotations

from blocks.components.textbox import Textbox

__all__ = ["TextArea"]


class TextArea(Textbox):
    """A text field of several lines: a ``gr.Textbox`` that shows 7 lines and grows to 20."""

    name = "textarea"
    JS_MODULE = "components/textarea.js"

    def __init__(self, value: str | None = None, *, lines: int = 7, max_lines: int | None = 20,
                 **kwargs):
        super().__init__(value, lines=lines, max_lines=max_lines, **kwargs)
