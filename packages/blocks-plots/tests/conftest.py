"""Fixtures of the blocks-plots tests.

``serve``, ``browser`` and ``page`` come from the repository's root conftest.py;
the helpers here are fixtures (the test folders are imported in importlib mode).
"""

from __future__ import annotations

import re

import pytest


@pytest.fixture
def chart(page):
    """``chart(words)``: the picture of a plot whose description contains ``words``."""
    def find(words: str):
        return page.get_by_role("img", name=re.compile(re.escape(words), re.IGNORECASE))
    return find


@pytest.fixture
def drag(page):
    """``drag(locator, start, end)``: press at ``start`` of its width, move to ``end``, release."""
    def across(locator, start: float, end: float, height: float = 0.5):
        box = locator.bounding_box()
        y = box["y"] + box["height"] * height
        page.mouse.move(box["x"] + box["width"] * start, y)
        page.mouse.down()
        for step in range(1, 6):
            page.mouse.move(box["x"] + box["width"] * (start + (end - start) * step / 5), y)
        page.mouse.up()
    return across


@pytest.fixture
def numbers():
    """``numbers(text)``: the numbers written in ``text``."""
    def read(text: str) -> list[float]:
        return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", text)]
    return read
