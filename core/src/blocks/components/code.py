"""``gr.Code``: source code, shown with syntax highlighting or edited."""

from __future__ import annotations

from typing import ClassVar

from marshmallow import fields

from blocks.components.base import Component
from blocks.components.toolbar import corner_buttons
from blocks.events import BLUR, CHANGE, FOCUS, INPUT

__all__ = ["Code"]


class Code(Component):
    """Source code with line numbers and syntax highlighting; editable as an input.

    Highlighting comes from highlight.js (a small module per language,
    downloaded only by pages that show a Code). In the editor, Tab indents and
    Shift+Tab dedents; press Escape, then Tab, to move on to the next field.

    Args:
        value: the code shown first.
        language: one of ``gr.Code.languages`` (``None``: plain text).
        lines: the lines shown at least.
        max_lines: the lines it grows to before it scrolls (by default it grows).
        wrap_lines: wrap long lines instead of scrolling sideways.
        show_line_numbers: number the lines.
        buttons: the corner buttons, among ``"copy"`` and ``"download"`` (both by default).
    """

    name = "code"
    JS_MODULE = "components/code.js"
    EVENTS = (CHANGE, INPUT, FOCUS, BLUR)
    GRADIO_ONLY: ClassVar = {"autocomplete": "the editor offers no completions"}

    languages: ClassVar[list[str | None]] = [
        "python", "c", "cpp", "markdown", "latex", "json", "html", "css", "javascript",
        "jinja2", "typescript", "yaml", "dockerfile", "shell", "r", "sql", "sql-msSQL",
        "sql-mySQL", "sql-mariaDB", "sql-sqlite", "sql-cassandra", "sql-plSQL", "sql-hive",
        "sql-pgSQL", "sql-gql", "sql-gpSQL", "sql-sparkSQL", "sql-esper", None]
    """The languages ``language`` may name."""

    def __init__(self, value: str | None = None, language: str | None = None, *,
                 lines: int = 5, max_lines: int | None = None, wrap_lines: bool = False,
                 show_line_numbers: bool = True, buttons: list[str] | None = None, **kwargs):
        if language not in self.languages:
            raise ValueError(f"Code has no language {language!r}; the languages are "
                             f"{', '.join(map(str, self.languages[:-1]))} (or None).")
        if lines < 1:
            raise ValueError("lines must be at least 1.")
        if max_lines is not None:
            self.max_lines = max(lines, max_lines)
        self.buttons = corner_buttons(buttons, ("copy", "download"), "Code")
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls):
        return fields.String(allow_none=True)

    def preprocess(self, payload):
        return payload

    def postprocess(self, value):
        if isinstance(value, tuple):
            raise ValueError("Code shows a string of code; read a file's text and return "
                             "it instead of a (path,) tuple.")
        return str(value).strip()

    def example_value(self):
        return "print('Hello World')"

    def api_info(self):
        return {"type": {"type": "string"}, "description": "the code"}
