"""Fixtures of the blocks-chat tests.

``serve``, ``browser`` and ``page`` come from the repository's root conftest.py.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def temp_cache(tmp_path, monkeypatch):
    """Files the components write go to this test's folder, not the system's."""
    folder = tmp_path / "blocks-cache"
    monkeypatch.setenv("BLOCKS_TEMP_DIR", str(folder))
    return folder
