"""Fixtures shared by every test folder of the repository.

- ``serve(demo, **launch_kwargs) -> url``: serve a Blocks on a free loopback
  port with the real gevent server; closed after the test.
- ``browser`` / ``page``: Debian's Chromium driven by Playwright. Without
  Chromium the browser tests are skipped, except in CI (``CI=true``) where a
  missing browser fails them.
"""

from __future__ import annotations

import os

import pytest
from testkit import CHROMIUM_ARGS, chromium_path, free_port


@pytest.fixture
def serve():
    served = []

    def start(demo, **kwargs):
        kwargs.setdefault("server_name", "127.0.0.1")
        kwargs.setdefault("server_port", free_port())
        kwargs.setdefault("quiet", True)
        demo.launch(prevent_thread_lock=True, **kwargs)
        served.append(demo)
        return demo.local_url

    yield start
    for demo in served:
        demo.close()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " Browser tests must run in CI.")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    if errors:  # an uncaught error in the page fails the test that caused it
        pytest.fail("JavaScript errors in the page: " + "; ".join(errors))
