"""Accessibility audited by axe-core in Chromium, in light and dark mode.

axe-core comes from the npm registry (``npm pack``), pinned, once per checkout into
``.cache/`` (git-ignored; the ``axe_audit`` fixture of ``conftest.py``); it is
injected into the page by the test only, never shipped. Every violation axe reports
fails the test, whatever its impact: over the
showcase (each tab, the open accordion and sidebar, the second page) and over a page
    page.get_by_role("contentinfo").get_by_role("button", name="Settings").click()
    expect(page.get_by_role("dialog", name="Settings")).to_be_visible()
    found += axe_audit(page, "Settings dialog")
    page.keyboard.press("Escape")
    page.get_by_role("contentinfo").get_by_role("link", name="Use via API").click()
    expect(page.get_by_role("heading", level=1, name="Use via API")).to_be_visible()
    found += axe_audit(page, "API page")
with every registered component.
"""

from __future__ import annotations

import inspect
import runpy
from pathlib import Path

import pytest
from playwright.sync_api import expect

import blocks as gr
from blocks.registry import catalog
from blocks.tree import BlockContext

ROOT = Path(__file__).resolve().parents[2]
MODES = ("light", "dark")

# Built and connected: a first load of every component's module and stylesheet takes more
# than the assertions' 5 seconds on a loaded machine.
READY = "() => window.blocksApp?.loaded === true"


def showcase():
    return runpy.run_path(str(ROOT / "examples" / "showcase.py"))["demo"]


@pytest.mark.parametrize("mode", MODES)
def test_the_showcase_has_no_violations(serve, page, axe_audit, mode):
    page.goto(f"{serve(showcase())}?__theme={mode}")
    page.wait_for_function(READY, timeout=60_000)
    expect(page.get_by_role("tab", name="Greet")).to_be_visible()
    found = axe_audit(page, "Greet tab")
    for tab in ("Convert", "Picture", "Plots", "Chat", "Sound", "Steps", "Data", "Interface",
                "Table", "Files", "3D", "Dialogue",
                "HTML kit"):
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
        if tab == "Steps":  # a step done, the next one current
            page.get_by_role("button", name="Next").click()
            expect(page.get_by_label("A sentence about it")).to_be_visible()
        if tab == "Chat":  # a conversation: bubbles, a step, code, math and their buttons
            example = page.get_by_role("button", name="Example: Hello")
            expect(example).to_be_visible(timeout=30_000)  # the chat's modules load first
            example.click()
            expect(page.get_by_role("group", name="assistant").locator("math")) \
                .to_have_count(1, timeout=20_000)
        if tab == "Data":  # the outputs filled: receipt, classes, tagged text
            page.get_by_role("button", name="Order", exact=True).click()
            expect(page.get_by_role("button", name="Capricciosa 50%")).to_be_visible()
        if tab == "Interface":  # an example clicked, its output shown
            page.get_by_role("button", name="the cat and the hat").click()
            expect(page.get_by_role("button", name="the 40%")).to_be_visible()
        if tab == "Files":  # a file uploaded, listed, and the bundle ready to download
            page.get_by_label("Files to bundle", exact=True).set_input_files(
                files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}])
            expect(page.get_by_role("link", name="notes.txt")).to_be_visible()
            expect(page.get_by_role("button", name="Download bundle.zip")).to_be_enabled()
        if tab == "Dialogue":  # a tag menu open, then the text sent
            line = page.get_by_role("combobox", name="Text, line 2")
            line.press("End")
            line.press_sequentially(" :")
            expect(page.get_by_role("listbox", name="Tags")).to_be_visible()
            found += axe_audit(page, "Dialogue tags")
            line.press("ArrowUp")
            line.press("Enter")
            page.get_by_role("button", name="Read out").click()
            expect(page.get_by_label("What the function receives")).to_have_value(
                "[Host] Welcome to the show!\n[Guest] Thanks for having me (laughs) (pause)")
        if tab == "HTML kit":  # a star clicked: the rating reached Python
            page.get_by_role("group", name="Food").get_by_role("button", name="5 of 5").click()
            expect(page.get_by_label("Verdict")).to_have_value("4.0 stars on average")
        found += axe_audit(page, f"{tab} tab")
    page.get_by_role("main").get_by_role("button", name="Settings").click()
    page.get_by_role("button", name="Toggle About").click()
    expect(page.get_by_label("Show details")).to_be_visible()
    found += axe_audit(page, "accordion and sidebar open")
    page.get_by_role("link", name="Layouts").click()
    expect(page.get_by_role("heading", name="Layouts")).to_be_visible()
    found += axe_audit(page, "Layouts page")
    page.get_by_role("contentinfo").get_by_role("button", name="Settings").click()
    expect(page.get_by_role("dialog", name="Settings")).to_be_visible()
    found += axe_audit(page, "Settings dialog")
    page.keyboard.press("Escape")
    page.get_by_role("contentinfo").get_by_role("link", name="Use via API").click()
    expect(page.get_by_role("heading", level=1, name="Use via API")).to_be_visible()
    found += axe_audit(page, "API page")
    assert not found, "\n".join(found)


def make(cls, **wanted):
    """``cls(**wanted)``, or ``cls()`` when it does not take those keywords."""
    try:
        return cls(**wanted)
    except TypeError:
        return cls()


def build(name: str, cls: type) -> None:
    """An instance of a registered component, labelled as an app would (a layout holds text)."""
    wanted = {"label": f"{name} example"}
    if issubclass(cls, BlockContext):
        with make(cls, **wanted):
            gr.Markdown(f"Inside {name}")
    else:
        if "choices" in inspect.signature(cls.__init__).parameters:
            wanted["choices"] = ["first", "second"]
        make(cls, **wanted)


def every_component_app():
    with gr.Blocks(title="Every component") as demo:
        gr.Markdown("# Every component")
        for name, cls in sorted(catalog().components.items()):
            build(name, cls)
    return demo


@pytest.mark.parametrize("mode", MODES)
def test_every_registered_component_has_no_violations(serve, page, axe_audit, mode):
    page.goto(f"{serve(every_component_app())}?__theme={mode}")
    page.wait_for_function(READY, timeout=60_000)
    # every component's module and stylesheet load first: slow on a busy machine
    expect(page.get_by_text("Inside row")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("alert")).to_have_count(0)  # every module loaded
    found = axe_audit(page, "every component")
    assert not found, "\n".join(found)
