"""The hook implementations of blocks-media (loaded through the ``blocks`` entry point)."""

from __future__ import annotations

import blocks


@blocks.hookimpl
def blocks_register_components():
    from blocks_media.audio import Audio
    from blocks_media.model3d import Model3D
    from blocks_media.video import Video
    return [Audio, Video, Model3D]


@blocks.hookimpl
def blocks_register_exports():
    from blocks_media.audio import WaveformOptions
    return [WaveformOptions]
