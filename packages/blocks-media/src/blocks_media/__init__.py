"""Audio and video components for Blocks.

Installing this distribution makes ``gr.Audio``, ``gr.Video`` and ``gr.Model3D`` available to
``import blocks as gr`` through the ``blocks`` entry point (see
:mod:`blocks_media.plugin`). Importing this package loads neither numpy nor
soundfile: they are imported only when a sound is converted.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_WHERE = {"Audio": "audio", "Video": "video", "WaveformOptions": "audio", "Model3D": "model3d"}

__all__ = ["Audio", "Model3D", "Video", "WaveformOptions"]


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'blocks_media' has no attribute {name!r}")
    return getattr(importlib.import_module(f"blocks_media.{module}"), name)
