"""Fixtures of the blocks-media tests.

``serve``, ``browser`` and ``page`` come from the repository's root conftest.py,
``temp_cache`` (autouse) from its testkit.py.
"""

from __future__ import annotations

import numpy as np
import pytest
import soundfile
from testkit import temp_cache  # noqa: F401  (autouse: files go to tmp_path)


@pytest.fixture
def tone():
    """0.5 s of a 440 Hz tone, 16 kHz, int16 mono."""
    t = np.arange(8000) / 16000
    return 16000, (np.sin(2 * np.pi * 440 * t) * 12000).astype(np.int16)


@pytest.fixture
def wav_path(tmp_path, tone):
    path = tmp_path / "tone.wav"
    soundfile.write(path, tone[1], tone[0], subtype="PCM_16")
    return path
