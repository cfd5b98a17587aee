"""``gr.ImageSlider``: two images on top of each other, compared with a slider.

On the wire the value is ``[first, second]`` (each an image or null) or null. A
function receives a pair of images as ``type`` says and returns a pair of
arrays, Pillow images, paths or URLs.
"""

from __future__ import annotations

from typing import Any, Sequence

from marshmallow import ValidationError, fields

from blocks.components import Component
from blocks.events import CHANGE, CLEAR, INPUT, SELECT, UPLOAD
from blocks_image.convert import as_type, check_image_wire, image_schema, save_image
from blocks_image.props import check_buttons, check_format, check_type

__all__ = ["ImageSlider"]


def _check_pair(value) -> None:
    if len(value) != 2:
        raise ValidationError("An ImageSlider value is a pair of images: [first, second].")
    for item in value:
        if item is not None:
            check_image_wire(item)


class ImageSlider(Component):
    """Two images compared with a slider: the first shows left of the handle, the second
    right of it. Drag the handle, click where it should go, or focus it and use the arrow
    keys (Shift for bigger steps, Home and End).

    As an input the user uploads either image; the function receives a pair
    ``(first, second)`` as ``type`` says (an image not given is ``None``).

    Args:
        value: the pair of images shown first (arrays, Pillow images, paths or URLs).
        format: the file format of arrays and Pillow images sent to the browser.
        height: the images' height (pixels, or any CSS length).
        width: the images' width (pixels, or any CSS length).
        image_mode: the Pillow mode inputs are converted to (``None`` keeps the file's).
        type: what the function receives: ``"numpy"``, ``"pil"`` or ``"filepath"``.
        buttons: the buttons shown: ``"download"``, ``"fullscreen"`` (both by default).
        slider_position: where the handle starts, in percent of the width (0 to 100).
        max_height: the images' largest height in pixels.
    """

    name = "imageslider"
    JS_MODULE = "image_slider.js"
    EVENTS = (CHANGE, INPUT, UPLOAD, CLEAR, SELECT)
    SERVER_PARAMS = frozenset({"type", "image_mode"})

    def __init__(self, value: Any = None, *, format: str = "png",
                 height: int | str | None = None, width: int | str | None = None,
                 image_mode: str | None = "RGB", type: str = "numpy",
                 buttons: Sequence[str] | None = None, slider_position: float = 50,
                 max_height: int = 500, **kwargs):
        self.format = check_format("ImageSlider", format)
        self.type = check_type("ImageSlider", type)
        self.image_mode = image_mode
        self.buttons = check_buttons("ImageSlider", buttons, ("download", "fullscreen"))
        if isinstance(slider_position, bool) or not isinstance(slider_position, (int, float)) \
                or not 0 <= slider_position <= 100:
            raise ValueError("ImageSlider slider_position is a percentage from 0 to 100, "
                             f"not {slider_position!r}.")
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.List(fields.Raw(allow_none=True), allow_none=True, validate=_check_pair)

    def preprocess(self, payload: list | None):
        """The pair of images as ``type`` says (``None`` for an image not given)."""
        if payload is None:
            return None
        return tuple(None if item is None else
                     as_type(item, self.type, self.image_mode, self.format,
                             owner="ImageSlider") for item in payload)

    def postprocess(self, value: Any) -> list | None:
        if value is None:
            return None
        if not isinstance(value, (tuple, list)) or len(value) != 2:
            raise ValueError("An ImageSlider shows a pair of images: return (first, second).")
        return [save_image(item, self.format, owner="ImageSlider") for item in value]

    def example_value(self) -> tuple:
        import numpy as np
        dark = np.zeros((4, 6, 3), dtype=np.uint8)
        return (dark, dark + 200)

    def api_info(self) -> dict:
        return {"type": {"type": "array", "title": "SliderData", "minItems": 2, "maxItems": 2,
                         "items": image_schema()},
                "description": "a pair of images [first, second] (FileData or null)"}
