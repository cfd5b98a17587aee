"""``gr.Sketchpad``: an image editor to draw on a blank canvas, in black."""

from __future__ import annotations

from typing import Any, Sequence

from blocks_image.image_editor import ImageEditor
from blocks_image.options import Brush

__all__ = ["Sketchpad"]


class Sketchpad(ImageEditor):
    """A blank canvas to draw on: a ``gr.ImageEditor`` with no background source, a black
    brush and the crop tool.

    Args:
        value: the images shown first: an EditorValue dict, or one image (the background).
        sources: where the background may come from (none by default).
        brush: a ``gr.Brush`` (black only by default).
        transforms: the transforms offered (``"crop"`` by default).
    """

    name = "sketchpad"

    def __init__(self, value: Any = None, *, sources: Sequence[str] | str | None = (),
                 brush: Brush | bool | None = None,
                 transforms: Sequence[str] | None = ("crop",), **kwargs):
        if not brush:
            brush = Brush(colors=["#000000"], color_mode="fixed")
        super().__init__(value, sources=sources, brush=brush, transforms=transforms, **kwargs)
