"""The footer, its Settings dialog and the "Use via API" page, in Chromium, by role and label."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import blocks as gr


def build():
    def greet(name):
        """Greet someone."""
        return f"Hello, {name}!"

    with gr.Blocks(title="Greeter") as demo:
        name = gr.Textbox(label="Name")
        out = gr.Textbox(label="Greeting")
        gr.Button("Greet").click(greet, name, out, api_name="greet")
    return demo


@pytest.fixture(scope="module")
def url():
    demo = build()
    demo.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1")
    yield demo.local_url
    demo.close()


def test_footer_leads_to_the_api_page_and_its_snippets_copy(url, browser):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(url)
        footer = page.get_by_role("contentinfo")
        expect(footer).to_contain_text("Built with Blocks")
        footer.get_by_role("link", name="Use via API").click()
        expect(page.get_by_role("heading", level=1, name="Use via API")).to_be_visible()
        expect(page.get_by_role("heading", level=2, name="Endpoints")).to_be_visible()
        endpoint = page.get_by_role("region", name="/greet")
        expect(endpoint.get_by_role("heading", level=3, name="/greet")).to_be_visible()
        expect(endpoint).to_contain_text("Greet someone.")
        parameters = endpoint.get_by_role("table").first
        expect(parameters.get_by_role("rowheader", name="name")).to_be_visible()
        expect(parameters.get_by_role("cell", name="Textbox (Name)")).to_be_visible()

        endpoint.get_by_role("button", name="Copy the curl snippet for /greet").click()
        expect(page.get_by_role("status")).to_have_text("the curl snippet for /greet: copied.")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied.startswith("EVENT_ID=$(curl") and f"{url}call/greet" in copied
        button = endpoint.get_by_role(
            "button", name="Copy the Python (gradio_client) snippet for /greet")
        button.click()
        expect(button).to_have_text("Copied")
        assert "api_name='/greet'" in page.evaluate("navigator.clipboard.readText()")

        page.get_by_role("link", name="Back to the app").click()
        expect(page.get_by_label("Name")).to_be_visible()
    finally:
        context.close()


def test_settings_dialog_switches_the_theme_and_remembers_it(url, page):
    page.goto(url)
    root = page.locator("html")
    page.get_by_role("button", name="Settings").click()
    dialog = page.get_by_role("dialog", name="Settings")
    expect(dialog).to_be_visible()
    theme = dialog.get_by_role("group", name="Theme")
    expect(theme.get_by_role("radio", name="System")).to_be_checked()
    theme.get_by_role("radio", name="Dark").check()
    expect(root).to_have_class("dark")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name="Settings")).to_be_focused()

    page.reload()  # kept in this browser, applied before the page paints
    expect(root).to_have_class("dark")
    page.goto(url + "?view=api")  # on the API page too
    expect(root).to_have_class("dark")
    page.goto(url)
    page.get_by_role("button", name="Settings").click()
    expect(page.get_by_role("radio", name="Dark")).to_be_checked()
    page.get_by_role("radio", name="Light").check()
    expect(root).to_have_class("light")
    page.get_by_role("radio", name="System").check()
    expect(root).not_to_have_class("light")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="Settings")).to_be_hidden()


def test_show_api_false_hides_the_link(serve, page):
    page.goto(serve(build(), show_api=False))
    footer = page.get_by_role("contentinfo")
    expect(footer.get_by_role("button", name="Settings")).to_be_visible()
    expect(footer.get_by_role("link", name="Use via API")).to_have_count(0)
