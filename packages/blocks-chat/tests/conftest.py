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


def _free_port() -> int:
    import socket
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def serve_module():
    """``serve`` for a whole test module: one server that several tests visit."""
    served = []

    def start(demo, **kwargs):
        demo.launch(prevent_thread_lock=True, server_name="127.0.0.1",
                    server_port=_free_port(), quiet=True, **kwargs)
        served.append(demo)
        return demo.local_url

    yield start
    for demo in served:
        demo.close()
