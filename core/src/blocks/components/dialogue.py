"""``gr.Dialogue``: a conversation between speakers, line by line, or as one text."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from marshmallow import fields

from blocks.components.base import Component
from blocks.events import CHANGE, INPUT, SUBMIT

__all__ = ["Dialogue"]

MAX_DIALOGUE_LINES = 10_000  # lines a value coming from a page may have
MAX_TEXT = 1_000_000  # characters of a value, all lines together
DEFAULT_INFO = "Type colon (:) in the dialogue line to see the available tags"


class Dialogue(Component):
    """A conversation between speakers: each line has a speaker and a text.

    The page shows one row per line (a speaker to choose, the text, buttons to add and
    remove lines) or, with ``ui_mode="both"``, lets the user switch to one plain text
    field. Typing ``:`` in a line offers the ``tags`` (``(laughs)``, ...). As an output it
    shows the lines with a colour per speaker.

    A function receives the dialogue as one string (``type="text"``): each line made by
    ``formatter(speaker, text)`` (by default ``"[speaker] text"``), joined by
    ``separator``; or, with ``type="list"``, the lines as ``{"speaker", "text"}`` dicts.
    It returns either a list of such dicts or a string.

    Args:
        value: the lines, ``[{"speaker": "Speaker 1", "text": "Hello"}, ...]``, or a string.
        type: what a function receives: ``"text"`` (one string) or ``"list"`` (the dicts).
        speakers: the speakers a line may have; without any, the dialogue is one text
            field (with the tags still offered).
        formatter: ``formatter(speaker, text) -> str`` makes the string of one line.
        unformatter: ``unformatter(line, default_speaker) -> {"speaker", "text"}`` reads a
            line of a string back (``type="list"`` receiving text typed by the user).
        tags: the tags offered when the user types ``:`` in a line.
        separator: what joins the formatted lines (a newline by default; not a space).
        color_map: the colour of each speaker (``{"Speaker 1": "red"}``); others get one
            of their own.
        placeholder: the hint shown in an empty line or text field.
        max_lines: the most lines the dialogue may have (checked on the server too).
        autofocus: put the cursor in the first line when the page loads.
        submit_btn: ``True`` shows a Submit button, a string a button with that text.
        ui_mode: ``"dialogue"`` (the lines), ``"text"`` (one text field) or ``"both"``
            (the lines, and a switch to edit them as text).
    """

    name = "dialogue"
    JS_MODULE = "components/dialogue.js"
    EVENTS = (CHANGE, INPUT, SUBMIT)
    SERVER_PARAMS = frozenset({"type", "formatter", "unformatter"})
    GRADIO_ONLY: ClassVar = {
        "autoscroll": "the lines do not scroll to the end on updates",
    }

    def __init__(self, value: list[dict] | str | Callable | None = None, *,
                 type: str = "text", speakers: list[str] | None = None,
                 formatter: Callable | None = None, unformatter: Callable | None = None,
                 tags: list[str] | None = None, separator: str = "\n",
                 color_map: dict[str, str] | None = None, label: str | None = "Dialogue",
                 info: str | None = DEFAULT_INFO, placeholder: str | None = None,
                 max_lines: int | None = None, autofocus: bool = False,
                 submit_btn: str | bool | None = False, ui_mode: str = "both", **kwargs):
        if type not in ("text", "list"):
            raise ValueError(f"Dialogue type must be 'text' or 'list', not {type!r}.")
        if ui_mode not in ("dialogue", "text", "both"):
            raise ValueError("Dialogue ui_mode must be 'dialogue', 'text' or 'both', not "
                             f"{ui_mode!r}.")
        if not separator or separator == " ":
            raise ValueError("Dialogue separator must not be empty or a single space: text "
                             "typed by the user is split into lines on it.")
        if max_lines is not None and max_lines < 1:
            raise ValueError("Dialogue max_lines must be at least 1.")
        super().__init__(value, label=label, info=info, **kwargs)
        self.type, self.formatter, self.unformatter = type, formatter, unformatter
        self.speakers = [str(s) for s in speakers or []]
        self.tags = [str(t) for t in tags or []]
        self.color_map = {str(k): str(v) for k, v in (color_map or {}).items()}
        if not kwargs.get("interactive"):
            self.info = None  # Gradio's rule: the tag hint is for an editable dialogue

    @classmethod
    def value_field(cls):
        return fields.Raw(allow_none=True)

    def validate(self, value) -> None:
        if isinstance(value, str):
            size = len(value)
        elif isinstance(value, list):
            if len(value) > MAX_DIALOGUE_LINES:
                raise ValueError(f"At most {MAX_DIALOGUE_LINES} lines are allowed; this "
                                 f"dialogue has {len(value)}.")
            size = 0
            for line in value:
                if not (isinstance(line, dict) and isinstance(line.get("speaker"), str) and
                        isinstance(line.get("text"), str)):
                    raise ValueError("A dialogue line must be {\"speaker\": str, \"text\": "
                                     "str}.")
                size += len(line["speaker"]) + len(line["text"])
            if self.max_lines is not None and len(value) > self.max_lines:
                raise ValueError(f"At most {self.max_lines} lines are allowed; this "
                                 f"dialogue has {len(value)}.")
        else:
            raise ValueError("A dialogue is a list of {\"speaker\", \"text\"} lines or a "
                             "string.")
        if size > MAX_TEXT:
            raise ValueError(f"At most {MAX_TEXT} characters are allowed in a dialogue.")

    # -- formatting --------------------------------------------------------------
    @staticmethod
    def default_formatter(speaker: str, text: str) -> str:
        return f"[{speaker}] {text}"

    @staticmethod
    def default_unformatter(line: str, default_speaker: str) -> dict[str, str]:
        """``"[speaker] text"`` back into a line; a line without ``[...]`` gets
        ``default_speaker``."""
        line = line.strip()
        if line.startswith("[") and "]" in line:
            end = line.index("]")
            return {"speaker": line[1:end], "text": line[end + 1:].strip()}
        return {"speaker": default_speaker, "text": line}

    def format(self, value) -> str:
        """The dialogue as one string: each line formatted, joined by ``separator``."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if len(value) == 1 and value[0]["text"] == "":
            return ""  # the one empty line of a new dialogue
        formatter = self.formatter or self.default_formatter
        return self.separator.join(formatter(line["speaker"], line["text"]) for line in value)

    def unformat(self, text: str) -> list[dict[str, str]]:
        """A string back into lines, split on ``separator`` (empty lines dropped)."""
        unformatter = self.unformatter or self.default_unformatter
        default = self.speakers[0] if self.speakers else "Unknown"
        lines = []
        for part in text.split(self.separator):
            if part.strip():
                line = unformatter(part.strip(), default)
                if line.get("speaker") or line.get("text"):
                    lines.append({"speaker": str(line["speaker"]), "text": str(line["text"])})
        return lines

    def preprocess(self, payload):
        if self.type == "list":
            if payload is None:
                return []
            if isinstance(payload, str):
                return self.unformat(payload)
            return [{"speaker": line["speaker"], "text": line["text"]} for line in payload]
        return self.format(payload)

    def postprocess(self, value):
        if value is None or isinstance(value, str):
            return value
        if not isinstance(value, (list, tuple)):
            raise TypeError("A gr.Dialogue value is a list of {\"speaker\", \"text\"} dicts "
                            f"or a string, not {type(value).__name__}.")
        lines = []
        for line in value:
            if not isinstance(line, dict) or "speaker" not in line or "text" not in line:
                raise TypeError("Each line of a gr.Dialogue value is a dict with 'speaker' "
                                f"and 'text', not {line!r}.")
            lines.append({"speaker": str(line["speaker"]), "text": str(line["text"])})
        return lines

    def example_value(self):
        lines = [{"speaker": "Speaker 1", "text": "Hello, how are you?"},
                 {"speaker": "Speaker 2", "text": "I'm fine, thank you!"}]
        return lines if self.type == "list" else self.format(lines)

    def api_info(self) -> dict:
        line = {"type": "object", "properties": {"speaker": {"type": "string"},
                                                 "text": {"type": "string"}},
                "required": ["speaker", "text"]}
        return {"type": {"title": "DialogueData",
                         "anyOf": [{"type": "array", "items": line}, {"type": "string"}]},
                "description": "the dialogue's lines, or the dialogue as one string"}
