"""``gr.DownloadButton``: a button that downloads the file it holds."""

from __future__ import annotations

from typing import Any

from blocks.components.base import Component
from blocks.components.button import check_variant
from blocks.components.file import (
    FILE_DOC,
    File,
    NamedString,
    example_file,
    file_schema,
    file_value,
)
from blocks.events import CLICK

__all__ = ["DownloadButton"]


class DownloadButton(Component):
    """A button that downloads its file when clicked (and emits ``click``).

    The value is a path, an http(s) URL or a function returning one (run on
    load, like any component's); a function may return a new
    ``gr.DownloadButton(value=path)`` to change the file. A returned path must
    pass the file-access rule. Without a file the button only emits ``click``.

    Args:
        label: the text on the button.
        value: the file to download: a path, a URL, or a function returning one.
        variant: ``"primary"``, ``"secondary"`` or ``"stop"`` (its colours).
        size: ``"sm"``, ``"md"`` or ``"lg"``.
        icon: the URL of an image shown before the text.
        min_width: the width in pixels below which a Row wraps it.
    """

    name = "downloadbutton"
    JS_MODULE = "components/download_button.js"
    EVENTS = (CLICK,)
    DEEP_LINK = False

    def __init__(self, label: str = "Download", value: Any = None, *,
                 variant: str = "secondary", size: str = "lg", icon: str | None = None,
                 min_width: int | None = None, interactive: bool | None = True, **kwargs):
        check_variant(variant)
        # a button stays clickable as an output, as in Gradio
        super().__init__(value, label=label, min_width=min_width,
                         interactive=True if interactive is None else interactive, **kwargs)

    value_field = File.value_field

    def preprocess(self, payload):
        """The file's path (or URL), as a ``str``."""
        if payload is None:
            return None
        return NamedString(payload.get("path") or payload.get("url"))

    def postprocess(self, value):
        """A path, a URL or a FileData dict as a FileData dict."""
        if isinstance(value, (list, tuple)):
            raise TypeError("A DownloadButton holds one file.")
        return file_value(value)

    def example_value(self):
        return example_file()

    def api_info(self) -> dict:
        return {"type": file_schema(), "description": FILE_DOC}
