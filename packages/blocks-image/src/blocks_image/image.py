"""``gr.Image``: takes an image from the user, or shows one a function returns.

On the wire the value is a ``FileData`` dict (:mod:`blocks.files`). A function
receives it as a numpy array, a ``PIL.Image.Image`` or a file path (``type=``)
and may return any of those (or ``None``). numpy and Pillow are imported only
when an image is converted, never when this module is imported.
"""

from __future__ import annotations

import base64
import io
from typing import Any, ClassVar, Sequence

from marshmallow import fields

from blocks import files
from blocks.components import Component
from blocks.events import CHANGE, CLEAR, INPUT, SELECT, UPLOAD
from blocks.streaming import STREAM, Chunk
from blocks_image.convert import as_type, check_image_wire, image_schema, open_image, save_image
from blocks_image.options import WatermarkOptions, WebcamOptions, webcam_prop
from blocks_image.props import check_buttons, check_format, check_sources, check_type

__all__ = ["Image"]

# A 4x4 orange PNG: the example value of the API page.
_EXAMPLE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR42mP838AAB0wMDMRwAEzRAYc7k6kdAA"
    "AAAElFTkSuQmCC")


class Image(Component):
    """An image: uploaded, pasted or taken with the webcam by the user (input), or returned
    by a function (output).

    ``type`` is what the function receives: ``"numpy"`` (an ``(H, W, C)``
    ``uint8`` array), ``"pil"`` (a ``PIL.Image.Image``) or ``"filepath"``
    (a ``str``). ``image_mode`` converts inputs to a Pillow mode (``"RGB"``,
    ``"L"``, ``"RGBA"``; ``None`` keeps the file's). ``format`` is the file
    format used to send arrays and Pillow images to the browser. A URL is shown
    by the page as it is: the server never downloads it.

    Args:
        value: the image shown first: a path, a URL, a numpy array or a Pillow image.
        type: what the function receives: ``"numpy"``, ``"pil"`` or ``"filepath"``.
        format: the file format of images sent to the browser (``"png"``, ``"webp"``, ...).
        height: its height (pixels, or any CSS length).
        width: its width (pixels, or any CSS length).
        image_mode: the Pillow mode inputs are converted to (``None`` keeps the file's).
        sources: where the user may take an image from: ``"upload"``, ``"webcam"``,
            ``"clipboard"`` (all three by default).
        placeholder: the text shown while there is no image.
        show_download_button: show a button that downloads the image (with ``buttons``).
        buttons: the buttons shown beside the image: ``"download"``, ``"fullscreen"``
            (both by default; ``"share"`` is Gradio's and warns).
        webcam_options: a ``gr.WebcamOptions``: mirror the webcam, its constraints.
        mirror_webcam: mirror the webcam preview and picture (overrides ``webcam_options``).
        watermark: a ``gr.WatermarkOptions`` (or an image) pasted on every image shown.
        alt_text: the image's text alternative for screen readers (its label by default).
        streaming: stream the webcam: with ``sources=["webcam"]`` only; the page sends
            a frame every ``stream_every`` seconds to the ``.stream`` listeners (a
            ``.stream`` listener streams without it too; ``gr.Interface(live=True)``
            streams an input that sets it).

    ``.stream(fn, inputs, outputs, stream_every=0.5, time_limit=None)`` runs ``fn``
    on each frame of the webcam while the user streams it, with the frame as this
    component's ``type`` (see ``docs/protocol.md``, "Streaming inputs").
    """

    name = "image"
    JS_MODULE = "image.js"
    EVENTS = (CHANGE, INPUT, UPLOAD, CLEAR, SELECT, STREAM)
    # the frames a webcam stream sends (blocks.streaming): the latest one only
    STREAM_TYPES: ClassVar = ("image/jpeg", "image/png", "image/webp")
    STREAM_MAX_BYTES: ClassVar = 4 * 1024 * 1024
    STREAM_KEEP_LATEST: ClassVar = True
    # conversions done on the server; mirror_webcam and watermark fold into other props
    SERVER_PARAMS = frozenset({"type", "image_mode", "mirror_webcam", "watermark"})

    def __init__(self, value: Any = None, *, type: str = "numpy", format: str = "png",
                 height: int | str | None = None, width: int | str | None = None,
                 image_mode: str | None = "RGB", sources: Sequence[str] | str | None = None,
                 placeholder: str | None = None, show_download_button: bool = True,
                 buttons: Sequence[str] | None = None,
                 webcam_options: WebcamOptions | None = None,
                 mirror_webcam: bool | None = None, watermark: Any = None,
                 alt_text: str | None = None, streaming: bool = False, **kwargs):
        self.type = check_type("Image", type)
        self.image_mode = image_mode
        self.format = check_format("Image", format)
        self.sources = check_sources("Image", sources, ("upload", "webcam", "clipboard"))
        if streaming and list(self.sources) != ["webcam"]:
            raise ValueError("Image(streaming=True) streams the webcam: give "
                             "sources=['webcam'] (streaming takes one source).")
        self.streaming = bool(streaming)
        self.buttons = check_buttons("Image", buttons, ("download", "fullscreen"), ("share",))
        self.webcam_options = webcam_prop(webcam_options, mirror_webcam)
        if watermark is not None and not isinstance(watermark, WatermarkOptions):
            watermark = WatermarkOptions(watermark=watermark)
        self._watermark = watermark
        super().__init__(value, **kwargs)

    # -- the value on the wire ------------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True, validate=check_image_wire)

    def preprocess(self, payload: dict | None):
        """The uploaded file, as this component's ``type``."""
        if payload is None:
            return None
        return as_type(payload, self.type, self.image_mode, self.format)

    def preprocess_chunk(self, chunk: Chunk):
        """A frame of a webcam stream, as this component's ``type``."""
        if self.type == "filepath":
            suffix = "." + chunk.mime_type.split("/")[1].replace("jpeg", "jpg")
            saved = files.file_data(files.save_bytes(chunk.data, suffix))
            return as_type(saved, "filepath", self.image_mode, self.format)
        image = open_image(io.BytesIO(chunk.data), self.image_mode)
        if self.type == "pil":
            return image
        import numpy as np
        return np.array(image)

    def postprocess(self, value: Any) -> dict | None:
        """Write the image where the server can serve it; return its wire value."""
        return save_image(value, self.format, watermark=self._watermark)

    # -- API page ---------------------------------------------------------------------
    def example_value(self) -> dict:
        return files.file_data(files.save_bytes(_EXAMPLE_PNG, ".png"), orig_name="example.png",
                               mime_type="image/png")

    def api_info(self) -> dict:
        return {"type": image_schema(),
                "description": "an image file (FileData); upload it with POST /upload first, "
                               "or give an http(s) 'url' with a null 'path'"}
