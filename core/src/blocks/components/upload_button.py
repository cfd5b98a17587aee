"""``gr.UploadButton``: a button that opens the file picker; its value is what was picked."""

from __future__ import annotations

from typing import Any, Sequence

from blocks.components.base import Component
from blocks.components.button import check_variant
from blocks.components.file import (
    File,
    check_count,
    check_file_types,
    check_type,
    read_files,
    validate_files,
)
from blocks.events import CLICK, UPLOAD

__all__ = ["UploadButton"]


class UploadButton(Component):
    """A button that lets the user upload files; ``.upload`` runs once they are on the
    server. The value is like ``gr.File``'s: one ``FileData``, or a list of them.

    Args:
        label: the text on the button.
        value: the file(s) it holds first (a path, a URL, or a list of them).
        variant: ``"primary"``, ``"secondary"`` or ``"stop"`` (its colours).
        size: ``"sm"``, ``"md"`` or ``"lg"``.
        icon: the URL of an image shown before the text.
        type: what the function receives: ``"filepath"`` (a ``str``) or ``"binary"``.
        file_count: ``"single"``, ``"multiple"`` or ``"directory"``.
        file_types: what the user may pick: extensions (``".pdf"``), MIME groups
            (``"image"``, ...) or ``"file"``; the server refuses other files too.
        min_width: the width in pixels below which a Row wraps it.
    """

    name = "uploadbutton"
    JS_MODULE = "components/upload_button.js"
    EVENTS = (CLICK, UPLOAD)
    SERVER_PARAMS = frozenset({"type"})
    DEEP_LINK = False

    def __init__(self, label: str = "Upload a File", value: Any = None, *,
                 variant: str = "secondary", size: str = "lg", icon: str | None = None,
                 type: str = "filepath", file_count: str = "single",
                 file_types: Sequence[str] | None = None, min_width: int | None = None,
                 interactive: bool | None = True,
                 **kwargs):
        check_variant(variant)
        self.file_count = check_count("UploadButton", file_count)
        self.file_types = check_file_types(file_types)
        self.type = check_type("UploadButton", type)
        # a button stays clickable as an output, as in Gradio
        super().__init__(value, label=label, min_width=min_width,
                         interactive=True if interactive is None else interactive, **kwargs)

    value_field = File.value_field
    postprocess = File.postprocess
    example_value = File.example_value
    api_info = File.api_info

    def validate(self, value) -> None:
        validate_files(self, value)

    def preprocess(self, payload):
        """Each file as its path or its bytes (``type``); a list unless ``file_count``
        is ``"single"``."""
        return read_files(payload, self.type, self.file_count != "single")
