"""``gr.Paint``: an image editor to paint on a blank canvas, in colours."""

from __future__ import annotations

from typing import Any, Sequence

from blocks_image.image_editor import ImageEditor

__all__ = ["Paint"]


class Paint(ImageEditor):
    """A blank canvas to paint on: a ``gr.ImageEditor`` with no background source and the
    crop tool.

    Args:
        value: the images shown first: an EditorValue dict, or one image (the background).
        sources: where the background may come from (none by default).
        transforms: the transforms offered (``"crop"`` by default).
    """

    name = "paint"

    def __init__(self, value: Any = None, *, sources: Sequence[str] | str | None = (),
                 transforms: Sequence[str] | None = ("crop",), **kwargs):
        super().__init__(value, sources=sources, transforms=transforms, **kwargs)
