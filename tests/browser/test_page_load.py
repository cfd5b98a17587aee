"""A first visit in Chromium: what the greet page downloads, a page shown before its
websocket opens, and the config written into the page shell (docs/deployment.md,
"What a page downloads"). Times are measured by tools/bench/page_weight.py, not here."""

from __future__ import annotations

from playwright.sync_api import expect

import blocks as gr

# The greet page's budget (DESIGN.md section 8): new components must not raise it.
MAX_REQUESTS = 6
MAX_BYTES = 60 * 1024


def greet_app():
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        greeting = gr.Textbox(label="Greeting")
        gr.Button("Greet").click(lambda n: f"Hello, {n}!", name, greeting)
    return demo


def test_the_greet_page_loads_within_its_budget(serve, page):
    loaded = []

    def finished(request):
        loaded.append((request.url, request.sizes()["responseBodySize"]))

    page.on("requestfinished", finished)
    page.goto(serve(greet_app()))
    expect(page.get_by_label("Name")).to_be_editable()
    page.wait_for_function("() => window.blocksApp.sessionHash")
    page.wait_for_load_state("networkidle")
    urls = [url for url, _ in loaded]
    assert len(loaded) <= MAX_REQUESTS, urls
    assert sum(size for _, size in loaded) <= MAX_BYTES, loaded
    assert not [url for url in urls if "/config" in url]  # the config is in the page
    page.get_by_label("Name").fill("Ann")
    page.get_by_role("button", name="Greet").click()
    expect(page.get_by_label("Greeting")).to_have_value("Hello, Ann!")


def test_the_page_is_usable_before_its_websocket_opens(serve, page):
    held = []
    page.route_web_socket("**/ws*", lambda route: held.append(route))  # the socket waits here
    page.goto(serve(greet_app()))
    page.get_by_label("Name").fill("Bo")
    page.get_by_role("button", name="Greet").click()  # waits in the page for the connection
    expect(page.get_by_label("Greeting")).to_have_value("")
    assert len(held) == 1
    held[0].connect_to_server()
    expect(page.get_by_label("Greeting")).to_have_value("Hello, Bo!")


HOSTILE = "</script><script>window.owned = 1</script><!-- <script> & \u2028 </style>"


def test_a_hostile_label_in_the_inlined_config_stays_text(serve, page):
    with gr.Blocks(title=HOSTILE) as demo:
        text = gr.Textbox(label=HOSTILE, value=HOSTILE)
        out = gr.Textbox(label="Echo")
        gr.Markdown(HOSTILE)
        gr.Button("Echo").click(lambda value: value, text, out)
    page.goto(serve(demo))
    field = page.get_by_label(HOSTILE)
    expect(field).to_have_value(HOSTILE)
    assert page.evaluate("() => window.owned") is None
    assert page.title() == HOSTILE
    page.get_by_role("button", name="Echo").click()
    expect(page.get_by_label("Echo")).to_have_value(HOSTILE)


def test_the_footer_settings_load_when_first_opened(serve, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(serve(greet_app()))
    expect(page.get_by_label("Name")).to_be_visible()
    assert not [url for url in requested if url.endswith("/footer.js")]
    page.get_by_role("button", name="Settings").click()
    dialog = page.get_by_role("dialog", name="Settings")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Dark").check()
    expect(page.locator("html")).to_have_class("dark")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Settings")).to_be_focused()
