"""Screenshots of the showcase for the README, in light and dark mode.

    python3 tools/dev.py screenshots            writes docs/images/showcase-{light,dark}.png
    python tools/screenshot.py --out DIR        the same, where blocks and playwright are installed

Serves ``examples/showcase.py`` on a free loopback port, greets someone so the
page shows a result, and captures the page with Chromium (``BLOCKS_CHROMIUM`` or
/usr/bin/chromium). The PNGs are reduced to a palette of 256 colours with Pillow,
which keeps them small enough to commit.
"""

from __future__ import annotations

import argparse
import os
import runpy
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VIEWPORT = {"width": 1100, "height": 480}  # the page grows to its content
READY = "() => window.blocksApp && window.blocksApp.sessionHash"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def showcase():
    return runpy.run_path(str(ROOT / "examples" / "showcase.py"))["demo"]


def capture(browser, url: str, mode: str, path: Path) -> None:
    from playwright.sync_api import expect
    context = browser.new_context(viewport=VIEWPORT, color_scheme=mode,
                                  reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{url}?__theme={mode}")
    page.wait_for_function(READY)
    page.get_by_label("Name", exact=True).fill("Ada")
    page.get_by_role("button", name="Greet").click()
    expect(page.get_by_label("Message", exact=True)).to_have_value("Hello, Ada!")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.mouse.move(VIEWPORT["width"] - 1, VIEWPORT["height"] - 1)  # nothing hovered
    page.wait_for_function("() => !document.querySelector('.status-tracker, .pending')")
    # the window as tall as the page (a full-page capture misplaces fixed elements)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
    page.screenshot(path=str(path), animations="disabled")
    context.close()


def shrink(path: Path) -> None:
    from PIL import Image
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                              dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images",
                        help="folder for showcase-light.png and showcase-dark.png")
    options = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("BLOCKS_CHROMIUM", "/usr/bin/chromium")
    if not os.path.exists(chromium):
        sys.exit(f"No Chromium at {chromium}: install it (apt-get install chromium) "
                 "or set BLOCKS_CHROMIUM.")
    options.out.mkdir(parents=True, exist_ok=True)
    demo = showcase()
    demo.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=free_port(),
                quiet=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium,
                                                 args=["--no-sandbox", "--disable-gpu"])
            for mode in ("light", "dark"):
                path = options.out / f"showcase-{mode}.png"
                capture(browser, demo.local_url, mode, path)
                shrink(path)
                print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                      f" ({path.stat().st_size // 1024} KiB)")
            browser.close()
    finally:
        demo.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
