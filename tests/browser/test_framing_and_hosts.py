"""Clickjacking and DNS rebinding, with Chromium as the victim.

- Another site (another origin: an app on another port) puts the app in an
  iframe: refused by ``frame-ancestors 'self'`` unless the app allows it.
- A name the attacker controls resolves to 127.0.0.1 (what DNS rebinding
  achieves; here Chromium's ``--host-resolver-rules`` does it): a local app
  answers it 400, so the attacker's page can read nothing.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect
from testkit import CHROMIUM_ARGS, chromium_path

import blocks as gr


def hello_app():
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        gr.Button("Greet").click(lambda n: f"Hello {n}", name, name)
    return demo


def embedding_site(app_url):
    with gr.Blocks() as site:
        gr.HTML(f'<iframe src="{app_url}" title="Embedded app" width="600" height="400">'
                "</iframe>")
    return site


def embedded_frame_url(page) -> str:
    """Where the embedded frame ended up, once it has navigated (bounded polling)."""
    for _ in range(200):
        frames = [frame for frame in page.frames if frame is not page.main_frame]
        if frames and frames[0].url not in ("", "about:blank"):
            return frames[0].url
        page.wait_for_timeout(50)
    raise AssertionError("the embedded frame never navigated")


def test_another_site_cannot_frame_the_app_by_default(serve, page):
    app_url = serve(hello_app())
    page.goto(serve(embedding_site(app_url)))
    expect(page.get_by_title("Embedded app")).to_be_visible()
    assert embedded_frame_url(page).startswith("chrome-error://")  # refused by the policy
    frame = page.frame_locator("iframe[title='Embedded app']")
    expect(frame.get_by_role("button", name="Greet")).to_have_count(0)


def test_an_app_that_allows_framing_shows_in_the_other_site(serve, page):
    app_url = serve(hello_app(), frame_ancestors="*")
    page.goto(serve(embedding_site(app_url)))
    frame = page.frame_locator("iframe[title='Embedded app']")
    expect(frame.get_by_role("button", name="Greet")).to_be_visible()


def test_a_rebound_name_gets_nothing(serve, browser):
    url = serve(hello_app())
    port = urlsplit(url).port
    rebound = browser.browser_type.launch(
        executable_path=chromium_path(),
        args=[*CHROMIUM_ARGS, "--host-resolver-rules=MAP evil.test 127.0.0.1"])
    try:
        page = rebound.new_page()
        response = page.goto(f"http://evil.test:{port}/")
        assert response.status == 400
        assert "is not served here" in page.content()
        assert page.evaluate("fetch('/config').then(r => r.status)") == 400
        page.goto(url)  # the app's own address still works in the same browser
        expect(page.get_by_role("button", name="Greet")).to_be_visible()
    finally:
        rebound.close()
