"""Buttons in Chromium: a link, an icon, gr.DuplicateButton."""

from __future__ import annotations

import pytest
from PIL import Image
from playwright.sync_api import expect
from testkit import free_port

import blocks as gr


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    icon = tmp_path_factory.mktemp("icons") / "star.png"
    Image.new("RGB", (8, 8), "gold").save(icon)
    with gr.Blocks() as demo:
        count = gr.Number(0, label="Clicks")
        gr.Button("Next page", link="#next")
        gr.Button("Starred", icon=str(icon), variant="primary")
        duplicate = gr.DuplicateButton()
        duplicate.click(lambda n: n + 1, count, count)
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                quiet=True, allowed_paths=[str(icon.parent)])
    yield demo.local_url
    demo.close()


def open_app(page, url):
    page.goto(url)
    page.wait_for_function("() => window.blocksApp?.loaded === true", timeout=60_000)


def test_a_button_link_leads_there(url, page):
    open_app(page, url)
    page.get_by_role("link", name="Next page").click()  # it navigates: a link
    expect(page).to_have_url(url + "#next")


def test_a_button_shows_its_icon_from_a_file(url, page):
    open_app(page, url)
    button = page.get_by_role("button", name="Starred")
    icon = button.locator("img")
    expect(icon).to_be_visible()
    expect(icon).to_have_attribute("alt", "")  # decoration: the text names the button
    assert page.evaluate("(img) => img.naturalWidth", icon.element_handle()) == 8


def test_the_duplicate_button_off_a_space_runs_only_its_listeners(url, page):
    open_app(page, url)
    page.get_by_role("button", name="Duplicate Space").click()
    expect(page.get_by_label("Clicks")).to_have_value("1")
    assert page.url == url


def test_the_duplicate_button_on_a_space_links_to_its_duplication(monkeypatch):
    monkeypatch.setenv("SPACE_ID", "ada/greeter")
    assert gr.DuplicateButton().link == "https://huggingface.co/spaces/ada/greeter?duplicate=true"
    monkeypatch.setenv("SPACE_ID", "not a space id")
    assert gr.DuplicateButton().link is None
    assert gr.DuplicateButton(link="https://example.org").link == "https://example.org"
    with pytest.raises(ValueError, match="huggingface"):
        gr.Button(variant="plain")
