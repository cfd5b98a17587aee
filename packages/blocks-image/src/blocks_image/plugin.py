"""The hook implementations of blocks-image (loaded through the ``blocks`` entry point)."""

from __future__ import annotations

import blocks


@blocks.hookimpl
def blocks_register_components():
    from blocks_image.image import Image
    return [Image]
