"""``gr.MultimodalTextbox``: a message box that takes text and files.

The value is ``{"text": str, "files": [FileData]}`` on the wire; a function
receives ``{"text": str, "files": [path, ...]}`` and may return a string, such
a dict (files as paths or FileData), or ``None`` to empty it.
"""

from __future__ import annotations

import importlib.util
import mimetypes
import os
import warnings
from pathlib import Path
from typing import Any, ClassVar, Sequence

from marshmallow import fields

from blocks import files
from blocks.components import Component
from blocks.events import BLUR, CHANGE, FOCUS, INPUT, SELECT, SUBMIT, EventSpec
from blocks.exceptions import BlocksWarning

__all__ = ["MultimodalTextbox", "file_type_matches"]

STOP = EventSpec("stop", "Triggered when the user clicks the stop button.")
SOURCES = ("upload", "microphone")
FILE_COUNTS = ("single", "multiple", "directory")
# file_types words and the MIME types they stand for
KINDS = {"image": "image/", "audio": "audio/", "video": "video/", "text": "text/"}


def file_type_matches(name: str, mime_type: str | None, file_types: Sequence[str]) -> bool:
    """Whether a file fits ``file_types`` (``"image"``, ``".pdf"``, ``"file"``, ...)."""
    mime = mime_type or mimetypes.guess_type(name)[0] or ""
    suffix = Path(name).suffix.lower()
    for wanted in file_types:
        wanted = wanted.lower()
        if wanted == "file":
            return True
        if wanted in KINDS and mime.startswith(KINDS[wanted]):
            return True
        if wanted.startswith(".") and suffix == wanted:
            return True
        if "/" in wanted and (mime == wanted or (wanted.endswith("/*")
                                                 and mime.startswith(wanted[:-1]))):
            return True
    return False


def media_installed() -> bool:
    """Whether blocks-media (whose recorder the microphone source uses) is installed."""
    return importlib.util.find_spec("blocks_media") is not None


class MultimodalTextbox(Component):
    """A message box for text and files: type, drop, paste or pick files, then submit.

    Pasting text longer than ``max_plain_text_length`` attaches it as a text
    file instead. With the ``"microphone"`` source the box has a Record button:
    the recording (a WAV file) becomes one of the message's files. It needs
    blocks-media (its recorder): without it, it warns and the box offers file
    uploads only.

    Args:
        value: the text (a string) or ``{"text": ..., "files": [paths]}`` shown first.
        sources: where files come from: ``"upload"`` (pick, drop or paste files) and
            ``"microphone"`` (record a sound; needs blocks-media).
        file_types: the files accepted: ``"image"``, ``"audio"``, ``"video"``,
            ``"text"``, ``"file"`` (any), extensions (``".pdf"``) or MIME types;
            checked on the server too.
        file_count: ``"single"``, ``"multiple"`` or ``"directory"`` (every file of a folder).
        lines: the rows shown.
        max_lines: the rows it grows to before it scrolls.
        placeholder: the hint shown while it is empty.
        autofocus: put the cursor in it when the page loads.
        autoscroll: keep the end of the text in view as it changes.
        text_align: ``"left"`` or ``"right"``.
        rtl: lay the text out right to left.
        submit_btn: show a submit button (``True``), with this text (a string), or none.
        stop_btn: show a stop button (``True``), with this text (a string), or none.
        max_plain_text_length: pasted text longer than this becomes an attached text file.
    """

    name = "multimodal_textbox"
    JS_MODULE = "multimodal_textbox.js"
    EVENTS = (CHANGE, INPUT, SELECT, SUBMIT, FOCUS, BLUR, STOP)
    GRADIO_ONLY: ClassVar = {"html_attributes": "extra HTML attributes of the box are not set"}

    def __init__(self, value: str | dict | None = None, *,
                 sources: Sequence[str] | str | None = None,
                 file_types: list[str] | None = None, file_count: str = "single",
                 lines: int = 1, max_lines: int = 20, placeholder: str | None = None,
                 autofocus: bool = False, autoscroll: bool = True,
                 text_align: str | None = None, rtl: bool = False,
                 submit_btn: str | bool | None = True, stop_btn: str | bool | None = False,
                 max_plain_text_length: int = 1000, **kwargs):
        if sources is None:
            sources = ["upload"]
        elif isinstance(sources, str):
            sources = [sources]
        unknown = [source for source in sources if source not in SOURCES]
        if unknown:
            raise ValueError(f"MultimodalTextbox sources must be among {', '.join(SOURCES)}; "
                             f"got {', '.join(map(repr, unknown))}.")
        if "microphone" in sources and not media_installed():
            warnings.warn("MultimodalTextbox(sources=['microphone']): recording needs "
                          "blocks-media, which is not installed (pip install blocks-media); "
                          "the box takes files and text only.", BlocksWarning, stacklevel=2)
            sources = [source for source in sources if source != "microphone"]
        if file_types is not None and not isinstance(file_types, list):
            raise ValueError("MultimodalTextbox file_types must be a list, like ['image', "
                             f"'.pdf']; got {type(file_types).__name__}.")
        if file_count not in FILE_COUNTS:
            raise ValueError(f"MultimodalTextbox file_count must be one of "
                             f"{', '.join(FILE_COUNTS)}; got {file_count!r}.")
        if text_align not in (None, "left", "right"):
            raise ValueError("MultimodalTextbox text_align must be 'left' or 'right'.")
        self.sources = list(sources)
        self.max_lines = max(lines, max_lines)
        super().__init__(value, **kwargs)

    # -- the value on the wire ------------------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True)

    def validate(self, value: dict) -> None:
        text = value.get("text", "")
        if not isinstance(text, str):
            raise ValueError("The message's text must be a string.")
        found = value.get("files") or []
        if not isinstance(found, list) or not all(files.is_file_data(f) for f in found):
            raise ValueError("The message's files must be uploaded files (FileData).")
        if self.file_count == "single" and len(found) > 1:
            raise ValueError("This box takes one file; remove the others.")
        if self.file_types:
            for file in found:
                name = file.get("orig_name") or file["path"]
                if not file_type_matches(name, file.get("mime_type"), self.file_types):
                    raise ValueError(f"{os.path.basename(name)} is not an accepted file "
                                     f"type ({', '.join(self.file_types)}).")

    def preprocess(self, payload: dict | None) -> dict | None:
        """``{"text": str, "files": [path, ...]}`` for the function."""
        if payload is None:
            return None
        return {"text": payload.get("text") or "",
                "files": [file["path"] for file in payload.get("files") or []]}

    def postprocess(self, value: Any) -> dict:
        if value is None:
            return {"text": "", "files": []}
        if isinstance(value, str):
            return {"text": value, "files": []}
        if not isinstance(value, dict):
            raise ValueError("MultimodalTextbox shows a string or a dict with 'text' and "
                             f"'files'; got {type(value).__name__}.")
        text = value.get("text") or ""
        if not isinstance(text, str):
            raise TypeError(f"Expected 'text' to be a string, got {type(text).__name__}.")
        given = value.get("files") or []
        if not isinstance(given, list):
            raise TypeError(f"Expected 'files' to be a list, got {type(given).__name__}.")
        return {"text": text, "files": [_file(file) for file in given]}

    # -- the API page -------------------------------------------------------------------------
    def example_value(self) -> dict:
        return {"text": "Describe this file", "files": []}

    def api_info(self) -> dict:
        return {"type": {"type": "object", "properties": {
            "text": {"type": "string"},
            "files": {"type": "array", "items": {"type": "object", "title": "FileData"}}}},
            "description": "the text and the files (FileData; upload them with POST /upload "
                           "first)"}


def _file(file) -> dict:
    if files.is_file_data(file):
        return file
    path = file.get("path") if isinstance(file, dict) else file
    if not isinstance(path, (str, os.PathLike)) or not os.path.isfile(path):
        raise ValueError(f"File not found for the message box: {path!r}")
    name = os.path.basename(os.fspath(path))
    return files.file_data(files.save_file(path), orig_name=name,
                           mime_type=mimetypes.guess_type(name)[0])
