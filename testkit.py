"""Helpers shared by the test folders of the repository (a module, not a conftest, so
that every folder imports the same one whatever other conftest.py files exist)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess

import pytest
from chromium_args import CHROMIUM_ARGS

__all__ = ["CHROMIUM_ARGS", "FAKE_MEDIA", "chromium_path", "debian_program", "fake_media_browser",
           "free_port", "media_patience", "temp_cache"]


# Chromium's fake camera (a moving test pattern) and microphone (a beep), allowed at once,
# and sound that plays without a user's gesture first
FAKE_MEDIA = ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
              "--autoplay-policy=no-user-gesture-required"]


@pytest.fixture(scope="module", name="browser")
def fake_media_browser(browser):
    """This module's Chromium: one with a fake camera and microphone, from the suite's
    Playwright (the ``page`` fixture opens its pages in it). A test module imports it
    (``from testkit import fake_media_browser, media_patience``), with ``media_patience``,
    which gives a page and ``expect`` 15 s, as devices take a moment to start."""
    fake = browser.browser_type.launch(executable_path=chromium_path(),
                                       args=[*CHROMIUM_ARGS, *FAKE_MEDIA])
    yield fake
    fake.close()


@pytest.fixture(autouse=True, name="patient")
def media_patience(page):
    from playwright.sync_api import expect
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    yield
    expect.set_options(timeout=5_000)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def chromium_path() -> str | None:
    path = os.environ.get("BLOCKS_CHROMIUM") or "/usr/bin/chromium"
    return path if os.path.exists(path) else shutil.which("chromium")


SERVER_SBIN = ("/usr/sbin", "/usr/bin", "/sbin", "/bin")


def _find(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    for folder in SERVER_SBIN:
        path = os.path.join(folder, name)
        if os.access(path, os.X_OK):
            return path
    return None


def debian_program(name: str, package: str) -> str:
    path = _find(name)
    if path is None and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update"], env=env, capture_output=True, check=False)
        subprocess.run(["apt-get", "install", "-y", "--no-install-recommends", package],
                       env=env, capture_output=True, check=False)
        path = _find(name)
    if path is None:
        message = f"{name} is not installed (apt-get install {package})."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def temp_cache(tmp_path, monkeypatch):
    """Files the components write go to this test's folder, not the system's.

    Autouse in the test folders whose conftest.py imports it
    (``from testkit import temp_cache``)."""
    folder = tmp_path / "blocks-cache"
    monkeypatch.setenv("BLOCKS_TEMP_DIR", str(folder))
    return folder
