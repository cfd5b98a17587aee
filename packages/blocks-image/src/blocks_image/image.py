"""``gr.Image``: takes an image from the user, or shows one a function returns.

On the wire the value is a ``FileData`` dict (:mod:`blocks.files`). A function
receives it as a numpy array, a ``PIL.Image.Image`` or a file path (``type=``)
and may return any of those (or ``None``). numpy and Pillow are imported only
when an image is converted, never when this module is imported.
"""

from __future__ import annotations

import base64
import io
import os
from typing import Any, ClassVar, Sequence

from marshmallow import ValidationError, fields

from blocks import files
from blocks.components import Component
from blocks.events import CHANGE, CLEAR, SELECT, UPLOAD

__all__ = ["Image"]


TYPES = ("numpy", "pil", "filepath")
SOURCES = ("upload", "webcam", "clipboard")
# format -> (Pillow format name, file suffix, mime type)
FORMATS = {
    "png": ("PNG", ".png", "image/png"),
    "webp": ("WEBP", ".webp", "image/webp"),
    "jpeg": ("JPEG", ".jpg", "image/jpeg"),
    "jpg": ("JPEG", ".jpg", "image/jpeg"),
    "gif": ("GIF", ".gif", "image/gif"),
    "bmp": ("BMP", ".bmp", "image/bmp"),
}
# A 4x4 orange PNG: the example value of the API page.
_EXAMPLE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR42mP838AAB0wMDMRwAEzRAYc7k6kdAA"
    "AAAElFTkSuQmCC")

_FILE_DATA_SCHEMA = {
    "type": "object",
    "title": "FileData",
    "properties": {
        "path": {"type": "string", "description": "where the server keeps the file"},
        "url": {"type": ["string", "null"]},
        "orig_name": {"type": ["string", "null"]},
        "mime_type": {"type": ["string", "null"]},
        "size": {"type": ["integer", "null"]},
        "meta": {"type": "object", "properties": {"_type": {"const": files.FILE_TYPE}}},
    },
    "required": ["path", "meta"],
}


def _check_file_data(value) -> None:
    if not files.is_file_data(value):
        raise ValidationError("Expected an image file: a FileData object with a 'path' and "
                              f"meta {{'_type': '{files.FILE_TYPE}'}} (upload it first).")


class Image(Component):
    """An image: uploaded by the user (input) or returned by a function (output).

    ``type`` is what the function receives: ``"numpy"`` (an ``(H, W, C)``
    ``uint8`` array), ``"pil"`` (a ``PIL.Image.Image``) or ``"filepath"``
    (a ``str``). ``image_mode`` converts inputs to a Pillow mode (``"RGB"``,
    ``"L"``, ``"RGBA"``; ``None`` keeps the file's). ``format`` is the file
    format used to send arrays and Pillow images to the browser.

    Args:
        value: the image shown first: a path, a numpy array or a Pillow image.
        type: what the function receives: ``"numpy"``, ``"pil"`` or ``"filepath"``.
        format: the file format of images sent to the browser (``"png"``, ``"webp"``, ...).
        height: its height (pixels, or any CSS length).
        width: its width (pixels, or any CSS length).
        image_mode: the Pillow mode inputs are converted to (``None`` keeps the file's).
        sources: where the user may take an image from: ``"upload"``, ``"webcam"``,
            ``"clipboard"``.
        placeholder: the text shown while there is no image.
        show_download_button: show a button that downloads the image.
    """

    name = "image"
    JS_MODULE = "image.js"
    EVENTS = (CHANGE, UPLOAD, CLEAR, SELECT)
    SERVER_PARAMS = frozenset({"type", "image_mode"})  # conversions done on the server
    GRADIO_ONLY: ClassVar = {"webcam_options": "webcam settings are not built yet",
                   "watermark": "images are sent without a watermark",
                   "alt_text": "the image's text alternative is its label"}

    def __init__(self, value: Any = None, *, type: str = "numpy", format: str = "png",
                 height: int | str | None = None, width: int | str | None = None,
                 image_mode: str | None = "RGB", sources: Sequence[str] | str | None = None,
                 placeholder: str | None = None, show_download_button: bool = True,
                 **kwargs):
        if type not in TYPES:
            raise ValueError(f"Image type must be one of {', '.join(map(repr, TYPES))}, "
                             f"not {type!r}.")
        format = (format or "png").lower().lstrip(".")
        if format not in FORMATS:
            raise ValueError(f"Image format must be one of {', '.join(sorted(FORMATS))}, "
                             f"not {format!r}.")
        if sources is None:
            sources = ("upload",)
        elif isinstance(sources, str):
            sources = (sources,)
        unknown = [source for source in sources if source not in SOURCES]
        if unknown:
            raise ValueError(f"Image sources must be among {', '.join(SOURCES)}; "
                             f"got {', '.join(map(repr, unknown))}.")
        self.type = type
        self.image_mode = image_mode
        self.format = format
        self.sources = list(sources)
        super().__init__(value, **kwargs)

    # -- the value on the wire ------------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True, validate=_check_file_data)

    def preprocess(self, payload: dict | None):
        """The uploaded file, as this component's ``type``."""
        if payload is None:
            return None
        if not files.is_file_data(payload):
            raise ValueError("Image input must be an uploaded file (FileData).")
        path = payload["path"]
        if self.type == "filepath":
            return path
        image = self._open(path)
        if self.type == "pil":
            return image
        import numpy as np
        return np.array(image)

    def _open(self, path: str):
        from PIL import Image as PILImage
        from PIL import ImageOps, UnidentifiedImageError
        try:
            with PILImage.open(path) as opened:
                image = ImageOps.exif_transpose(opened)
                image.load()
        except (FileNotFoundError, UnidentifiedImageError) as error:
            raise ValueError(f"Cannot read the image {os.path.basename(path)!r}: {error}") \
                from error
        if self.image_mode and image.mode != self.image_mode:
            image = image.convert(self.image_mode)
        return image

    def postprocess(self, value: Any) -> dict | None:
        """Write the image where the server can serve it; return its FileData."""
        if value is None:
            return None
        if files.is_file_data(value):
            return value
        if isinstance(value, (str, os.PathLike)):
            text = os.fspath(value)
            if text.startswith(("http://", "https://")):
                raise ValueError("Image does not download URLs; download the image and "
                                 "return its path, array or PIL image.")
            try:  # the app's file rule is checked before the file is looked at
                return files.file_data(files.save_file(text))
            except FileNotFoundError:
                raise ValueError(f"Image file not found: {text}") from None
        pil_format, suffix, mime_type = FORMATS[self.format]
        image = _to_pil(value)
        if pil_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format=pil_format)
        saved = files.save_bytes(buffer.getvalue(), suffix)
        return files.file_data(saved, orig_name=f"image{suffix}", mime_type=mime_type)

    # -- API page ---------------------------------------------------------------------
    def example_value(self) -> dict:
        return files.file_data(files.save_bytes(_EXAMPLE_PNG, ".png"), orig_name="example.png",
                               mime_type="image/png")

    def api_info(self) -> dict:
        return {"type": _FILE_DATA_SCHEMA,
                "description": "an image file (FileData); upload it with POST /upload first"}


def _to_pil(value):
    """A ``PIL.Image.Image`` from a numpy array or a Pillow image."""
    from PIL import Image as PILImage
    if isinstance(value, PILImage.Image):
        return value
    import numpy as np
    if not isinstance(value, np.ndarray):
        raise TypeError("Image can show a numpy array, a PIL image, a file path or None; "
                        f"got {type(value).__name__}.")
    return PILImage.fromarray(_to_uint8(value))


def _to_uint8(array):
    import numpy as np
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise ValueError("Image arrays must have shape (H, W), (H, W, 1), (H, W, 3) or "
                         f"(H, W, 4); got {array.shape}.")
    if array.dtype == np.uint8:
        return np.ascontiguousarray(array)
    if array.dtype == np.bool_:
        return array.astype(np.uint8) * 255
    if np.issubdtype(array.dtype, np.floating):
        finite = np.nan_to_num(array, nan=0.0, posinf=0.0, neginf=0.0)
        if finite.size and finite.min() >= 0 and finite.max() <= 1:
            finite = finite * 255  # floats in [0, 1]
        return np.clip(np.rint(finite), 0, 255).astype(np.uint8)
    if np.issubdtype(array.dtype, np.integer):
        return np.clip(array, 0, 255).astype(np.uint8)
    raise ValueError(f"Image arrays must hold numbers, not {array.dtype}.")
