"""Accessibility audited by axe-core in Chromium, in light and dark mode.

axe-core comes from the npm registry (``npm pack``), pinned, once per checkout into
``.cache/`` (git-ignored); it is injected into the page by the test only, never
shipped. Every violation axe reports fails the test, whatever its impact: over the
showcase (each tab, the open accordion and sidebar, the second page, the
footer's Settings dialog, the API page) and over a page
with every registered component.
"""

from __future__ import annotations

import inspect
import os
import runpy
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

import blocks as gr
from blocks.registry import catalog
from blocks.tree import BlockContext

ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
AXE_CACHE = ROOT / ".cache" / f"axe-core-{AXE_VERSION}"
MODES = ("light", "dark")

AUDIT = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
  }));
}"""


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe.min.js of axe-core ``AXE_VERSION``, fetched with ``npm pack`` once."""
    script = AXE_CACHE / "axe.min.js"
    if script.is_file():
        return script
    npm = shutil.which("npm")
    if npm is None:
        message = "npm is not installed: the accessibility tests need it to fetch axe-core."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    AXE_CACHE.mkdir(parents=True, exist_ok=True)
    subprocess.run([npm, "pack", f"axe-core@{AXE_VERSION}", "--pack-destination",
                    str(AXE_CACHE)], check=True, capture_output=True, timeout=300)
    tarball = AXE_CACHE / f"axe-core-{AXE_VERSION}.tgz"
    with tarfile.open(tarball) as archive:
        for name in ("axe.min.js", "LICENSE"):
            member = archive.getmember(f"package/{name}")
            with archive.extractfile(member) as source:
                (AXE_CACHE / name).write_bytes(source.read())
    tarball.unlink()
    return script


# Built and connected: a first load of every component's module and stylesheet takes more
# than the assertions' 5 seconds on a loaded machine.
READY = "() => window.blocksApp?.loaded === true"


def audit(page, axe_script: Path, where: str) -> list[str]:
    """axe's violations on the page as it is now, one line per element."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    return [f"{where}: {v['id']} ({v['impact']}) {v['help']}\n    " + "\n    ".join(v["nodes"])
            for v in page.evaluate(AUDIT)]


def showcase():
    return runpy.run_path(str(ROOT / "examples" / "showcase.py"))["demo"]


@pytest.mark.parametrize("mode", MODES)
def test_the_showcase_has_no_violations(serve, page, axe_script, mode):
    page.goto(f"{serve(showcase())}?__theme={mode}")
    page.wait_for_function(READY, timeout=60_000)
    expect(page.get_by_role("tab", name="Greet")).to_be_visible()
    found = audit(page, axe_script, "Greet tab")
    for tab in ("Convert", "Picture", "Steps", "Data", "Interface"):
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
        if tab == "Steps":  # a step done, the next one current
            page.get_by_role("button", name="Next").click()
            expect(page.get_by_label("A sentence about it")).to_be_visible()
        if tab == "Data":  # the outputs filled: receipt, classes, tagged text
            page.get_by_role("button", name="Order", exact=True).click()
            expect(page.get_by_role("button", name="Capricciosa 50%")).to_be_visible()
        if tab == "Interface":  # an example clicked, its output shown
            page.get_by_role("button", name="the cat and the hat").click()
            expect(page.get_by_role("button", name="the 40%")).to_be_visible()
        found += audit(page, axe_script, f"{tab} tab")
    page.get_by_role("main").get_by_role("button", name="Settings").click()
    page.get_by_role("button", name="Toggle About").click()
    expect(page.get_by_label("Show details")).to_be_visible()
    found += audit(page, axe_script, "accordion and sidebar open")
    page.get_by_role("link", name="Layouts").click()
    expect(page.get_by_role("heading", name="Layouts")).to_be_visible()
    found += audit(page, axe_script, "Layouts page")
    page.get_by_role("contentinfo").get_by_role("button", name="Settings").click()
    expect(page.get_by_role("dialog", name="Settings")).to_be_visible()
    found += audit(page, axe_script, "Settings dialog")
    page.keyboard.press("Escape")
    page.get_by_role("contentinfo").get_by_role("link", name="Use via API").click()
    expect(page.get_by_role("heading", level=1, name="Use via API")).to_be_visible()
    found += audit(page, axe_script, "API page")
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
def test_every_registered_component_has_no_violations(serve, page, axe_script, mode):
    page.goto(f"{serve(every_component_app())}?__theme={mode}")
    page.wait_for_function(READY, timeout=60_000)
    # every component's module and stylesheet load first: slow on a busy machine
    expect(page.get_by_text("Inside row")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("alert")).to_have_count(0)  # every module loaded
    found = audit(page, axe_script, "every component")
    assert not found, "\n".join(found)
