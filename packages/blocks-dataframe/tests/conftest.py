"""Fixtures of the blocks-dataframe tests.

``serve``, ``browser`` and ``page`` come from the repository's root conftest.py.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def temp_cache(tmp_path, monkeypatch):
    """Files the component writes (image cells) go to this test's folder."""
    folder = tmp_path / "blocks-cache"
    monkeypatch.setenv("BLOCKS_TEMP_DIR", str(folder))
    return folder
