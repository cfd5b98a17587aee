"""The hook implementations of blocks-image (loaded through the ``blocks`` entry point)."""

from __future__ import annotations

import blocks


@blocks.hookimpl
def blocks_register_components():
    from blocks_image.annotated_image import AnnotatedImage
    from blocks_image.gallery import Gallery
    from blocks_image.image import Image
    from blocks_image.image_editor import ImageEditor
    from blocks_image.image_mask import ImageMask
    from blocks_image.image_slider import ImageSlider
    from blocks_image.paint import Paint
    from blocks_image.sketchpad import Sketchpad
    return [Image, Gallery, ImageEditor, Sketchpad, Paint, ImageMask, ImageSlider,
            AnnotatedImage]


@blocks.hookimpl
def blocks_register_exports():
    from blocks_image.options import Brush, Eraser, LayerOptions, WatermarkOptions, WebcamOptions
    return [Brush, Eraser, LayerOptions, WebcamOptions, WatermarkOptions]
