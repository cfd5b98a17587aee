"""``gr.AnnotatedImage``: an image with labelled boxes and masks drawn over it.

On the wire the value is ``{"image": FileData, "annotations": [{"image": FileData,
"label": str, "color": "#rrggbb"}]}``: each annotation is an RGBA image of the
base image's size, coloured, whose alpha is the mask (a box is drawn as a frame
with a lighter inside, as in Gradio).
"""

from __future__ import annotations

import os
from typing import Any, Sequence

from marshmallow import ValidationError, fields

from blocks import files
from blocks.components import Component
from blocks.events import CHANGE, SELECT
from blocks_image.convert import check_image_wire, encode, image_schema, save_image, to_pil
from blocks_image.props import check_buttons, check_format

__all__ = ["AnnotatedImage"]

# Colours of labels missing from color_map, in order of first appearance.
PALETTE = ("#e53935", "#43a047", "#1e88e5", "#fdd835", "#8e24aa", "#00897b", "#fb8c00",
           "#00acc1", "#7cb342", "#d81b60")
BORDER = 3


def _check_value(value) -> None:
    if not isinstance(value, dict) or set(value) - {"image", "annotations"}:
        raise ValidationError("An AnnotatedImage value is {'image': ..., 'annotations': [...]}.")
    check_image_wire(value.get("image"), "the base image")
    annotations = value.get("annotations") or []
    if not isinstance(annotations, list):
        raise ValidationError("AnnotatedImage annotations must be a list.")
    for index, item in enumerate(annotations):
        if not isinstance(item, dict) or not isinstance(item.get("label"), str):
            raise ValidationError(f"Annotation {index} needs an 'image' and a 'label'.")
        check_image_wire(item.get("image"), f"the mask of annotation {index}")


def _hex(color) -> str:
    from PIL import ImageColor
    try:
        r, g, b = ImageColor.getrgb(str(color))[:3]
    except ValueError:
        raise ValueError(f"AnnotatedImage colours are hex codes or CSS colour names, "
                         f"not {color!r}.") from None
    return f"#{r:02x}{g:02x}{b:02x}"


class AnnotatedImage(Component):
    """An image with labelled boxes and masks over it, and a legend of the labels.

    A function returns ``(image, annotations)``: the image (array, Pillow image or
    path) and a list of ``(mask, label)`` pairs, where a mask is a box
    ``(x1, y1, x2, y2)`` in pixels or an array of the image's height and width
    with values from 0 to 1. Pointing at an annotation or its legend entry
    highlights it; clicking one (or pressing its legend button) emits ``select``
    with the annotation's ``index`` and its label as ``value``.

    Args:
        value: the ``(image, annotations)`` shown first.
        format: the file format of the base image sent to the browser.
        show_legend: show the legend of labels (buttons that select an annotation).
        height: the image's height (pixels, or any CSS length).
        width: the image's width (pixels, or any CSS length).
        color_map: label -> colour (hex codes); other labels get colours of a palette.
        buttons: the buttons shown: ``"fullscreen"`` (the default).
    """

    name = "annotatedimage"
    JS_MODULE = "annotated_image.js"
    ALIASES = ("Annotatedimage",)  # Gradio's other spelling
    EVENTS = (CHANGE, SELECT)

    def __init__(self, value: Any = None, *, format: str = "png", show_legend: bool = True,
                 height: int | str | None = None, width: int | str | None = None,
                 color_map: dict[str, str] | None = None,
                 buttons: Sequence[str] | None = None, **kwargs):
        self.format = check_format("AnnotatedImage", format)
        self.buttons = check_buttons("AnnotatedImage", buttons, ("fullscreen",))
        self.color_map = {str(k): _hex(v) for k, v in (color_map or {}).items()}
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True, validate=_check_value)

    def preprocess(self, payload: dict | None):
        """``(image path, [(mask path, label), ...])``, as in Gradio."""
        if payload is None:
            return None
        def path(item):
            return item["path"] if files.is_file_data(item) else item["url"]
        return (path(payload["image"]),
                [(path(a["image"]), a["label"]) for a in payload.get("annotations") or []])

    def postprocess(self, value: Any) -> dict | None:
        if value is None:
            return None
        if isinstance(value, dict) and "image" in value:
            return value  # already a wire value (an input echoed back)
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise ValueError("An AnnotatedImage shows (image, [(mask or box, label), ...]).")
        base, annotations = value
        image = save_image(base, self.format, owner="AnnotatedImage")
        if image is None or image["path"] is None:
            raise ValueError("AnnotatedImage needs the base image's pixels: give an array, "
                             "a Pillow image or a file path, not a URL.")
        from PIL import Image as PILImage
        with PILImage.open(image["path"]) as opened:
            size = opened.size
        colors = dict(self.color_map)
        wire = []
        for mask, label in annotations:
            label = str(label)
            if label not in colors:
                used = len([c for c in colors if c not in self.color_map])
                colors[label] = PALETTE[used % len(PALETTE)]
            data, suffix, mime = encode(_mask_image(mask, size, colors[label]), "png")
            wire.append({"image": files.file_data(files.save_bytes(data, suffix),
                                                  orig_name="mask.png", mime_type=mime),
                         "label": label, "color": colors[label]})
        return {"image": image, "annotations": wire}

    def example_value(self) -> tuple:
        import numpy as np
        return (np.full((40, 60, 3), 200, dtype=np.uint8), [((5, 5, 30, 30), "square")])

    def api_info(self) -> dict:
        annotation = {"type": "object", "properties": {
            "image": image_schema(), "label": {"type": "string"}, "color": {"type": "string"}}}
        return {"type": {"type": "object", "title": "AnnotatedImageData", "properties": {
                    "image": image_schema(), "annotations": {"type": "array",
                                                             "items": annotation}}},
                "description": "the base image and its annotations (masks as RGBA images)"}


def _mask_image(mask, size: tuple[int, int], color: str):
    """An RGBA image of ``size`` in ``color`` whose alpha is the mask (or the box)."""
    import numpy as np
    width, height = size
    alpha = np.zeros((height, width), dtype=np.float64)
    if isinstance(mask, (str, os.PathLike)):  # a mask image: its alpha, or its grey levels
        mask = _mask_from_file(mask)
    if isinstance(mask, np.ndarray):
        if mask.shape[:2] != (height, width):
            raise ValueError(f"An AnnotatedImage mask must be {height}x{width} like the image, "
                             f"not {mask.shape[0]}x{mask.shape[1]}.")
        alpha = np.clip(np.nan_to_num(mask[..., 0] if mask.ndim == 3 else mask,
                                      nan=0.0).astype(np.float64), 0, 1)
    else:
        try:
            x1, y1, x2, y2 = (round(float(v)) for v in mask)
        except (TypeError, ValueError):
            raise ValueError("An AnnotatedImage box is (x1, y1, x2, y2) in pixels, or a mask "
                             f"array; got {mask!r}.") from None
        x1, x2 = sorted((max(0, x1), min(width, x2)))
        y1, y2 = sorted((max(0, y1), min(height, y2)))
        alpha[y1:y2, x1:x2] = 0.5
        alpha[y1:y2, x1:x1 + BORDER] = 1
        alpha[y1:y2, max(x1, x2 - BORDER):x2] = 1
        alpha[y1:y1 + BORDER, x1:x2] = 1
        alpha[max(y1, y2 - BORDER):y2, x1:x2] = 1
    rgba = np.zeros((height, width, 4), dtype=np.uint8)
    rgba[..., :3] = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    rgba[..., :3] *= (alpha > 0)[..., None].astype(np.uint8)
    rgba[..., 3] = np.rint(alpha * 255).astype(np.uint8)
    return to_pil(rgba, "AnnotatedImage")


def _mask_from_file(path):
    """The mask a file holds (0 to 1): its alpha channel, or its grey levels."""
    import numpy as np

    from blocks_image.convert import open_image
    try:  # the app's file rule is checked before the file is looked at
        saved = files.save_file(path)
    except (FileNotFoundError, IsADirectoryError):
        raise ValueError(f"AnnotatedImage mask file not found: {os.fspath(path)}") from None
    image = open_image(str(saved), None)
    if "A" in image.getbands():
        return np.asarray(image.getchannel("A"), dtype=np.float64) / 255
    return np.asarray(image.convert("L"), dtype=np.float64) / 255
