"""Fixtures of the blocks-image tests.

``serve``, ``browser`` and ``page`` come from the repository's root conftest.py,
``temp_cache`` (autouse) from its testkit.py.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image as PILImage
from testkit import temp_cache  # noqa: F401  (autouse: files go to tmp_path)


@pytest.fixture
def pixels():
    """A 3x4 RGB image whose every pixel differs."""
    return np.arange(3 * 4 * 3, dtype=np.uint8).reshape(3, 4, 3) * 5


@pytest.fixture
def png_path(tmp_path, pixels):
    """``pixels`` in a PNG file."""
    path = tmp_path / "picture.png"
    PILImage.fromarray(pixels).save(path)
    return path
