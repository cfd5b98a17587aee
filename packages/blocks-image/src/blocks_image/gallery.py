"""``gr.Gallery``: a grid of images and videos, with captions and a large preview.

On the wire the value is a list of ``{"image": <image>, "caption": str | None}``
and ``{"video": <file>, "caption": ...}`` items, where each file is a FileData
dict or a remote URL (:mod:`blocks_image.convert`). A function receives a list
of ``(media, caption)`` tuples, images as ``type`` says and videos as paths.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar, Sequence

from marshmallow import ValidationError, fields

from blocks import files
from blocks.components import Component
from blocks.events import CHANGE, SELECT, UPLOAD
from blocks_image.convert import (
    as_type,
    check_image_wire,
    image_schema,
    is_image_wire,
    is_remote,
    is_video,
    remote,
    save_image,
)
from blocks_image.events import DELETE, PREVIEW_CLOSE, PREVIEW_OPEN
from blocks_image.options import WebcamOptions, webcam_prop
from blocks_image.props import check_buttons, check_format, check_sources, check_type

__all__ = ["Gallery"]

OBJECT_FITS = ("contain", "cover", "fill", "none", "scale-down")


def _check_items(value) -> None:
    for index, item in enumerate(value):
        kinds = [kind for kind in ("image", "video") if kind in item]
        if len(kinds) != 1:
            raise ValidationError(f"Gallery item {index} must have one 'image' or 'video'.")
        check_image_wire(item[kinds[0]], f"a file in gallery item {index}")
        caption = item.get("caption")
        if caption is not None and not isinstance(caption, str):
            raise ValidationError(f"The caption of gallery item {index} must be text.")


def _matches(name: str, mime: str | None, file_types: Sequence[str]) -> bool:
    suffix = Path(name).suffix.lower()
    for wanted in file_types:
        wanted = wanted.lower()
        if wanted in ("image", "video") and (mime or "").startswith(wanted + "/"):
            return True
        if wanted.startswith(".") and suffix == wanted:
            return True
        if "/" in wanted and mime and (mime == wanted or (
                wanted.endswith("/*") and mime.startswith(wanted[:-1]))):
            return True
    return False


class Gallery(Component):
    """A grid of images and videos with captions; click one to see it large.

    As an input the user uploads images and videos into it (``sources``); the
    function receives a list of ``(media, caption)`` tuples (``None`` when it is
    empty), images as ``type`` says and videos as file paths. A function may return
    a list of images (numpy arrays, Pillow images, paths, URLs), videos (paths,
    URLs) or ``(media, caption)`` pairs. In the large preview, the arrow keys show
    the previous and next item and Escape closes it.

    Args:
        value: the items shown first: images, videos or ``(media, caption)`` pairs.
        format: the file format of arrays and Pillow images sent to the browser.
        file_types: what the user may upload: ``"image"``, ``"video"``, suffixes
            (``".png"``) or MIME types; images and videos when ``None``.
        columns: how many items a row of the grid holds.
        rows: how many rows show before the grid scrolls (with no ``height``).
        height: the grid's height (pixels, or any CSS length; ``"auto"`` fits it all).
        allow_preview: clicking an item opens it large.
        preview: start with the large preview open.
        selected_index: the item selected (and previewed) first.
        object_fit: how thumbnails fill their cell: ``"contain"``, ``"cover"``,
            ``"fill"``, ``"none"``, ``"scale-down"``.
        buttons: the buttons shown: ``"download"``, ``"download_all"`` (a zip of every
            item), ``"fullscreen"`` (all by default; ``"share"`` warns).
        show_download_button: show the download button (with ``buttons``).
        type: what the function receives for images: ``"filepath"``, ``"numpy"`` or
            ``"pil"``.
        fit_columns: with fewer items than ``columns``, widen them to fill the row.
        sources: how the user adds items: ``"upload"``, ``"webcam"``, ``"clipboard"``.
        webcam_options: a ``gr.WebcamOptions`` for the ``"webcam"`` source.
    """

    name = "gallery"
    JS_MODULE = "gallery.js"
    EVENTS = (SELECT, UPLOAD, CHANGE, DELETE, PREVIEW_CLOSE, PREVIEW_OPEN)
    SERVER_PARAMS = frozenset({"type"})
    GRADIO_ONLY: ClassVar = {"show_share_button": "Blocks has no share links"}

    def __init__(self, value: Any = None, *, format: str = "png",
                 file_types: Sequence[str] | None = None, columns: int | None = 2,
                 rows: int | None = None, height: int | float | str | None = None,
                 allow_preview: bool = True, preview: bool | None = None,
                 selected_index: int | None = None, object_fit: str | None = None,
                 buttons: Sequence[str] | None = None, show_download_button: bool = True,
                 type: str = "filepath", fit_columns: bool = True,
                 sources: Sequence[str] | str | None = None,
                 webcam_options: WebcamOptions | None = None, **kwargs):
        self.format = check_format("Gallery", format)
        self.type = check_type("Gallery", type)
        self.sources = check_sources("Gallery", sources, ("upload",))
        self.buttons = check_buttons("Gallery", buttons,
                                     ("download", "download_all", "fullscreen"), ("share",))
        self.webcam_options = webcam_prop(webcam_options)
        if isinstance(columns, (list, tuple)):  # Gradio 3's columns per screen width
            columns = columns[-1] if columns else None
        for name, number in (("columns", columns), ("rows", rows)):
            if number is not None and (isinstance(number, bool) or not isinstance(number, int)
                                       or number < 1):
                raise ValueError(f"Gallery {name} must be a positive integer or None, "
                                 f"not {number!r}.")
        self.columns = columns
        if object_fit is not None and object_fit not in OBJECT_FITS:
            raise ValueError(f"Gallery object_fit must be one of {', '.join(OBJECT_FITS)}, "
                             f"not {object_fit!r}.")
        self.file_types = [file_types] if isinstance(file_types, str) else \
            (list(file_types) if file_types is not None else None)
        super().__init__(value, **kwargs)

    # -- the value on the wire ------------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.List(fields.Dict(keys=fields.String()), allow_none=True,
                           validate=_check_items)

    def validate(self, value: list) -> None:
        if not self.file_types:
            return
        for item in value:
            data = item.get("image") or item.get("video")
            name = data.get("orig_name") or data.get("path") or data.get("url") or ""
            if not _matches(name, data.get("mime_type"), self.file_types):
                raise ValueError(f"{os.path.basename(name) or 'This file'} is not one of the "
                                 f"accepted file types ({', '.join(self.file_types)}).")

    def preprocess(self, payload: list | None):
        """The items as ``(media, caption)`` tuples; ``None`` when there are none."""
        if not payload:
            return None
        items = []
        for item in payload:
            if "video" in item:
                video = item["video"]
                media = video["url"] if is_remote(video) else video["path"]
            else:
                media = as_type(item["image"], self.type, None, self.format, owner="Gallery")
            items.append((media, item.get("caption")))
        return items

    def postprocess(self, value: Any) -> list:
        """Write each item where the server can serve it; return the wire list."""
        if value is None:
            return []
        if isinstance(value, (str, os.PathLike, dict)) or not hasattr(value, "__iter__"):
            raise ValueError("A Gallery's value is a list of images or videos, or of "
                             "(media, caption) pairs.")
        return [self._item(entry) for entry in value]

    def _item(self, entry) -> dict:
        caption = None
        if isinstance(entry, dict) and ("image" in entry or "video" in entry):
            media, caption = entry.get("image", entry.get("video")), entry.get("caption")
        elif isinstance(entry, (tuple, list)) and len(entry) == 2:
            media, caption = entry
        else:
            media = entry
        if caption is not None:
            caption = str(caption)
        if is_video(media):
            return {"video": self._video(media), "caption": caption}
        return {"image": save_image(media, self.format, owner="Gallery"), "caption": caption}

    @staticmethod
    def _video(media) -> dict:
        if isinstance(media, dict):
            if not is_image_wire(media):
                raise ValueError("A Gallery video must be a path, a URL or a FileData.")
            return media
        text = os.fspath(media)
        if text.startswith(("http://", "https://")):
            return remote(text)
        try:  # the app's file rule is checked before the file is looked at
            return files.file_data(files.save_file(text))
        except (FileNotFoundError, IsADirectoryError):
            raise ValueError(f"Gallery file not found: {text}") from None

    # -- API page ---------------------------------------------------------------------
    def example_value(self) -> list:
        from blocks_image.image import Image
        return [(Image().example_value()["path"], "An orange square")]

    def api_info(self) -> dict:
        item = {"type": "object", "properties": {
            "image": image_schema(), "video": image_schema(),
            "caption": {"type": ["string", "null"]}}}
        return {"type": {"type": "array", "title": "GalleryData", "items": item},
                "description": "a list of {'image': FileData, 'caption'} or {'video': FileData, "
                               "'caption'} items; upload files with POST /upload first"}
