"""``gr.ImageMask``: an image editor to paint a mask over an image."""

from __future__ import annotations

from typing import Any, Sequence

from blocks_image.image_editor import ImageEditor
from blocks_image.options import Brush, LayerOptions

__all__ = ["ImageMask"]


class ImageMask(ImageEditor):
    """An image to paint a mask on: a ``gr.ImageEditor`` with a black brush, one layer
    and the crop tool. The mask is ``value["layers"][0]``.

    Args:
        value: the images shown first: an EditorValue dict, or one image (the background).
        brush: a ``gr.Brush`` (black only by default).
        layers: ``False`` (one layer, the default), ``True`` or a ``gr.LayerOptions``.
        transforms: the transforms offered (``"crop"`` by default).
    """

    name = "imagemask"

    def __init__(self, value: Any = None, *, brush: Brush | bool | None = None,
                 layers: bool | LayerOptions = False,
                 transforms: Sequence[str] | None = ("crop",), **kwargs):
        if not brush:
            brush = Brush(colors=["#000000"], color_mode="fixed")
        super().__init__(value, brush=brush, layers=layers, transforms=transforms, **kwargs)
