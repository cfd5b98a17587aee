"""Image components for Blocks.

Installing this distribution makes ``gr.Image``, ``gr.Gallery``,
``gr.ImageEditor`` (with ``gr.Sketchpad``, ``gr.Paint`` and ``gr.ImageMask``),
``gr.ImageSlider`` and ``gr.AnnotatedImage`` available to ``import blocks as
gr`` through the ``blocks`` entry point (see :mod:`blocks_image.plugin`), with
the option classes ``gr.Brush``, ``gr.Eraser``, ``gr.LayerOptions``,
``gr.WebcamOptions`` and ``gr.WatermarkOptions``. Importing this package loads
neither numpy nor Pillow: they are imported only when an image is converted.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_WHERE = {
    "Image": "image", "Gallery": "gallery", "ImageEditor": "image_editor",
    "Sketchpad": "sketchpad", "Paint": "paint", "ImageMask": "image_mask",
    "ImageSlider": "image_slider", "AnnotatedImage": "annotated_image",
    "Brush": "options", "Eraser": "options", "LayerOptions": "options",
    "WebcamOptions": "options", "WatermarkOptions": "options",
}

__all__ = ["AnnotatedImage", "Brush", "Eraser", "Gallery", "Image", "ImageEditor", "ImageMask",
           "ImageSlider", "LayerOptions", "Paint", "Sketchpad", "WatermarkOptions",
           "WebcamOptions"]


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'blocks_image' has no attribute {name!r}")
    return getattr(importlib.import_module(f"blocks_image.{module}"), name)
