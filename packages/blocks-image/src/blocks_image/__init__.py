"""Image components for Blocks.

Installing this distribution makes ``gr.Image`` available to ``import blocks
as gr`` through the ``blocks`` entry point (see :mod:`blocks_image.plugin`).
Importing this package loads neither numpy nor Pillow: they are imported
only when an image is converted.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["Image"]


def __getattr__(name: str):
    if name == "Image":
        from blocks_image.image import Image
        return Image
    raise AttributeError(f"module 'blocks_image' has no attribute {name!r}")
