"""Uploaded or returned files with scripts never run on the app's origin (stored XSS).

The attacker uploads an HTML or SVG file with a script (``POST /upload``, as
any visitor can) or makes a function return one, then gets a victim to open its
``/file=`` URL. The script would write ``localStorage.pwned`` on the app's
origin; the test checks in Chromium that it never does.
"""

from __future__ import annotations

import json

import pytest
import requests
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

import blocks as gr
from blocks.server.launch import Server

SCRIPT = ("try { localStorage.setItem('pwned', location.origin); document.title = 'same origin'; }"
          " catch (error) { document.title = 'sandboxed'; }")
HTML = f"<!doctype html><title>report</title><h1>Report</h1><script>{SCRIPT}</script>"
SVG = ("<svg xmlns='http://www.w3.org/2000/svg' width='40' height='40'>"
       "<rect width='40' height='40' fill='red'/>"
       f"<script>{SCRIPT}</script></svg>")


def serve(demo, **settings):
    return Server(demo.create_app(**settings), "127.0.0.1", None).start()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    drawing = tmp_path_factory.mktemp("drawings") / "chart.svg"
    drawing.write_text(SVG)
    with gr.Blocks() as demo:
        chart = gr.Image(label="Chart", type="filepath")
        gr.Button("Draw").click(lambda: str(drawing), None, chart)
    server = serve(demo)
    yield {"url": f"http://127.0.0.1:{server.port}/"}
    server.stop()


@pytest.fixture(scope="module")
def trusting(tmp_path_factory):
    """An app that trusts one folder of reports (``inline_paths``) and serves it."""
    trusted = tmp_path_factory.mktemp("trusted")
    (trusted / "report.html").write_text(HTML)
    with gr.Blocks() as demo:
        gr.Markdown("Reports")
    server = serve(demo, allowed_paths=[str(trusted)], inline_paths=[str(trusted)])
    yield {"url": f"http://127.0.0.1:{server.port}/", "trusted": trusted}
    server.stop()


def upload(url: str, name: str, body: str, mime: str) -> str:
    saved = requests.post(url + "upload", files={"files": (name, body.encode(), mime)},
                          timeout=10).json()[0]
    return f"{url}file={saved['path']}"


def pwned(page, url: str):
    """What the app's origin holds under ``pwned`` (read from the app's own page)."""
    page.goto(url)
    return page.evaluate("localStorage.getItem('pwned')")


def open_as_download(page, link: str) -> str:
    # a navigation that becomes a download ends with this error
    with page.expect_download() as download, \
            pytest.raises(PlaywrightError, match="Download is starting"):
        page.goto(link)
    return download.value.suggested_filename


@pytest.mark.parametrize("name,body,mime", [("report.html", HTML, "text/html"),
                                            ("drawing.svg", SVG, "image/svg+xml"),
                                            ("page.xhtml", HTML, "application/xhtml+xml")])
def test_an_uploaded_file_with_a_script_is_a_download(app, page, name, body, mime):
    link = upload(app["url"], name, body, mime)
    assert open_as_download(page, link) == name
    assert page.title() != "same origin"
    assert pwned(page, app["url"]) is None


def test_an_uploaded_file_in_a_frame_of_the_app_does_not_run(app, page):
    link = upload(app["url"], "frame.html", HTML, "text/html")
    page.goto(app["url"])
    with page.expect_download() as download:
        page.evaluate("""(link) => { const frame = document.createElement('iframe');
            frame.title = 'embedded upload'; frame.src = link; document.body.append(frame); }""",
                      link)
    assert download.value.suggested_filename == "frame.html"
    frame = page.frame_locator("iframe[title='embedded upload']")
    expect(frame.get_by_role("heading", name="Report")).to_have_count(0)
    assert page.evaluate("localStorage.getItem('pwned')") is None


def test_a_returned_svg_shows_as_an_image_and_its_script_never_runs(app, page):
    page.goto(app["url"])
    page.get_by_role("button", name="Draw").click()
    image = page.get_by_role("img", name="Chart")
    expect(image).to_be_visible()
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == 40  # the SVG shows, as an image
    source = image.get_attribute("src")
    assert open_as_download(page, source if source.startswith("http")
                            else app["url"].rstrip("/") + source) == "chart.svg"
    assert pwned(page, app["url"]) is None


def test_a_trusted_folder_is_shown_inline_in_a_sandbox_of_its_own(trusting, page):
    page.goto(f"{trusting['url']}file={trusting['trusted'] / 'report.html'}")
    expect(page.get_by_role("heading", name="Report")).to_be_visible()
    expect(page).to_have_title("sandboxed")  # the script ran, with an origin of its own
    assert json.loads(page.evaluate("JSON.stringify(window.origin)")) == "null"
    assert pwned(page, trusting["url"]) is None
