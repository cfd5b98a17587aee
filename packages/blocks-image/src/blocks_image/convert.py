"""Images between Python and the wire, shared by the components of blocks-image.

An image on the wire is a ``FileData`` dict (:mod:`blocks.files`) or a *remote
image*: the same shape with ``path`` null and an ``http(s)`` ``url``, which the
page loads itself and the server never downloads. Python values are numpy
arrays, Pillow images, file paths and URLs. numpy and Pillow are imported only
inside the functions that need them, never when this module is imported.

Every file a component produces goes through :func:`blocks.files.save_bytes`;
every path a function returns goes through :func:`blocks.files.save_file`,
which applies the app's file-access rule, and the server exposes the result.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from blocks import files

__all__ = ["FORMATS", "VIDEO_SUFFIXES", "is_remote", "remote", "is_image_wire",
           "check_image_wire", "image_schema", "to_pil", "to_uint8", "open_image", "as_type",
           "encode", "save_image", "mime_of", "is_video"]

# format -> (Pillow format name, file suffix, mime type)
FORMATS = {
    "png": ("PNG", ".png", "image/png"),
    "webp": ("WEBP", ".webp", "image/webp"),
    "jpeg": ("JPEG", ".jpg", "image/jpeg"),
    "jpg": ("JPEG", ".jpg", "image/jpeg"),
    "gif": ("GIF", ".gif", "image/gif"),
    "bmp": ("BMP", ".bmp", "image/bmp"),
}
VIDEO_SUFFIXES = (".mp4", ".webm", ".ogg", ".ogv", ".mov", ".m4v", ".avi", ".mkv")


# -- the wire ------------------------------------------------------------------------------
# An image on the wire is one file: a FileData or a remote file (blocks.files).
remote = files.remote
is_remote = files.is_remote
is_image_wire = files.is_file_wire


def check_image_wire(value, what: str = "an image") -> None:
    """Raise marshmallow's ValidationError unless ``value`` is a FileData or a remote image."""
    files.check_file_wire(value, what)


def image_schema(title: str = "FileData") -> dict:
    """The JSON schema of one image on the wire."""
    return files.file_data_schema(title)


def mime_of(name: str) -> str | None:
    import mimetypes
    return mimetypes.guess_type(name)[0]


def is_video(value) -> bool:
    """Whether a path, URL or wire value names a video (by its type or suffix)."""
    if isinstance(value, dict):
        mime = value.get("mime_type") or ""
        if mime:
            return mime.startswith("video/")
        value = value.get("orig_name") or value.get("path") or value.get("url") or ""
    if isinstance(value, (str, os.PathLike)):
        text = os.fspath(value)
        suffix = Path(urlparse(text).path if files.is_url(text) else text).suffix.lower()
        return suffix in VIDEO_SUFFIXES
    return False


# -- Python values -------------------------------------------------------------------------
def to_pil(value, owner: str = "Image"):
    """A ``PIL.Image.Image`` from a numpy array or a Pillow image."""
    from PIL import Image as PILImage
    if isinstance(value, PILImage.Image):
        return value
    import numpy as np
    if not isinstance(value, np.ndarray):
        raise TypeError(f"{owner} can show a numpy array, a PIL image, a file path, a URL or "
                        f"None; got {type(value).__name__}.")
    return PILImage.fromarray(to_uint8(value))


def to_uint8(array):
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


def open_image(path, mode: str | None, *, flatten: bool = False):
    """The image at ``path`` (or in a binary file object), upright (EXIF), converted to
    ``mode`` (``None`` keeps it).

    ``flatten``: transparent pixels become white when ``mode`` has no alpha channel
    (instead of whatever colour the file keeps under them).
    """
    from PIL import Image as PILImage
    from PIL import ImageOps, UnidentifiedImageError
    try:
        with PILImage.open(path) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
    except (UnidentifiedImageError, PILImage.DecompressionBombError, OSError) as error:
        name = os.path.basename(path) if isinstance(path, (str, os.PathLike)) else \
            getattr(path, "name", "sent")
        raise ValueError(f"Cannot read the image {name!r}: {error}") from error
    if mode and image.mode != mode:
        if flatten and "A" not in mode and ("A" in image.getbands()
                                            or "transparency" in image.info):
            rgba = image.convert("RGBA")
            image = PILImage.alpha_composite(PILImage.new("RGBA", rgba.size, "white"), rgba)
        image = image.convert(mode)
    return image


def as_type(wire: dict, type: str, mode: str | None, fmt: str = "png", *,
            flatten: bool = False, owner: str = "Image") -> Any:
    """One image of a checked wire value as ``type`` (numpy, pil or filepath).

    ``filepath`` gives the uploaded file's path when its mode is already ``mode``
    (or ``mode`` is None), else the path of a converted copy. A remote image is its
    URL for ``filepath``; the server does not download it for the other types.
    """
    if is_remote(wire):
        if type == "filepath":
            return wire["url"]
        raise ValueError(f"{owner} received a remote image ({wire['url']}): Blocks does not "
                         "download images on the server; use type='filepath' to receive "
                         "the URL.")
    if not files.is_file_data(wire):
        raise ValueError(f"{owner} input must be an uploaded file (FileData).")
    path = wire["path"]
    suffix = Path(wire.get("orig_name") or path).suffix.lower()
    if type == "filepath" and (mode is None or suffix in (".gif", ".svg")):
        return path  # an animation or a drawing stays as it is
    if suffix == ".svg":
        raise ValueError(f"{owner} receives SVG files only as type='filepath'.")
    image = open_image(path, mode, flatten=flatten)
    if type == "pil":
        return image
    if type == "numpy":
        import numpy as np
        return np.array(image)
    if _stored_mode(path) == image.mode:
        return path
    data, suffix, _ = encode(image, fmt)
    return str(files.save_bytes(data, suffix))


def _stored_mode(path) -> str:
    from PIL import Image as PILImage
    with PILImage.open(path) as image:
        return image.mode


def encode(image, fmt: str) -> tuple[bytes, str, str]:
    """``image`` (Pillow) in the file format ``fmt``: (bytes, suffix, mime type)."""
    pil_format, suffix, mime_type = FORMATS[fmt]
    if pil_format == "JPEG" and image.mode not in ("RGB", "L", "CMYK"):
        image = image.convert("RGB")
    elif pil_format in ("PNG", "WEBP", "GIF", "BMP") and image.mode in ("I;16", "F", "I"):
        image = image.convert("L")
    buffer = io.BytesIO()
    if pil_format == "GIF" and getattr(image, "n_frames", 1) > 1:  # keep an animation
        image.save(buffer, format="GIF", save_all=True, loop=0)
    else:
        image.save(buffer, format=pil_format)
    return buffer.getvalue(), suffix, mime_type


def save_image(value: Any, fmt: str = "png", *, owner: str = "Image",
               watermark=None) -> dict | None:
    """A function's image (array, Pillow image, path, URL, wire value) as a wire value.

    Arrays and Pillow images are written in ``fmt``; a path is copied into the
    cache under the app's file rule; a URL stays a URL for the page to load.
    ``watermark`` (a ``WatermarkOptions``) is pasted on arrays, images and files.
    """
    if value is None:
        return None
    if is_image_wire(value):
        return value
    if isinstance(value, (str, os.PathLike)):
        text = os.fspath(value)
        if files.is_url(text):
            return remote(text)
        try:  # the app's file rule is checked before the file is looked at
            saved = files.save_file(text)
        except (FileNotFoundError, IsADirectoryError):
            raise ValueError(f"{owner} file not found: {text}") from None
        if watermark is None or watermark.watermark is None:
            return files.file_data(saved)
        value = open_image(str(saved), None)
    image = to_pil(value, owner)
    if watermark is not None and watermark.watermark is not None:
        image = watermark.apply(image)
    data, suffix, mime_type = encode(image, fmt)
    saved = files.save_bytes(data, suffix)
    return files.file_data(saved, mime_type=mime_type)
