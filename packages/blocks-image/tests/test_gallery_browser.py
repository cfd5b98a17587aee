"""gr.Gallery in Chromium: select, the preview and its keys, uploads and deletes."""

import json

import numpy as np
import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

import blocks as gr


def colour(value):
    return np.full((8, 12, 3), value, dtype=np.uint8)


@pytest.fixture(scope="module")
def output_gallery(browser):
    """A gallery of three captioned images that reports its events in textboxes."""
    with gr.Blocks() as demo:
        gallery = gr.Gallery([(colour(10 * i), f"Shade {i}") for i in range(3)],
                             label="Shades", columns=3, interactive=False)
        selected = gr.Textbox(label="Selected")
        opened = gr.Number(label="Opened", value=0)
        closed = gr.Number(label="Closed", value=0)

        def on_select(evt: gr.SelectData):
            return f"{evt.index} {evt.value['caption']} {evt.value['image']['orig_name']}"

        gallery.select(on_select, None, selected)
        gallery.preview_open(lambda n: n + 1, opened, opened)
        gallery.preview_close(lambda n: n + 1, closed, closed)
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    yield demo.local_url
    demo.close()


def test_select_opens_the_preview_and_the_arrow_keys_move(output_gallery, page):
    page.goto(output_gallery)
    grid = page.get_by_role("list", name="Shades thumbnails")
    expect(grid.get_by_role("button")).to_have_count(3)
    page.get_by_role("button", name="Shade 1").click()
    expect(page.get_by_label("Selected")).to_have_value("1 Shade 1 file.png")
    preview = page.get_by_role("region", name="Shades preview")
    expect(preview).to_be_visible()
    expect(preview).to_be_focused()
    expect(preview.get_by_role("img", name="Shade 1")).to_be_visible()
    expect(page.get_by_label("Opened")).to_have_value("1")

    page.keyboard.press("ArrowRight")
    expect(page.get_by_label("Selected")).to_have_value("2 Shade 2 file.png")
    expect(preview.get_by_text("3 / 3")).to_be_visible()
    page.keyboard.press("ArrowRight")  # wraps around
    expect(page.get_by_label("Selected")).to_have_value("0 Shade 0 file.png")
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_label("Selected")).to_have_value("2 Shade 2 file.png")
    preview.get_by_role("button", name="Previous").click()
    expect(page.get_by_label("Selected")).to_have_value("1 Shade 1 file.png")

    page.get_by_role("region", name="Shades preview").focus()
    page.keyboard.press("Escape")
    expect(preview).to_be_hidden()
    expect(page.get_by_label("Closed")).to_have_value("1")
    expect(page.get_by_role("button", name="Shade 1")).to_be_focused()
    expect(page.get_by_role("button", name="Shade 1")).to_have_attribute("aria-pressed", "true")


def test_without_preview_selection_and_deselection(serve, page):
    def index_of(evt: gr.SelectData):
        return evt.index

    with gr.Blocks() as demo:
        gallery = gr.Gallery([colour(0), colour(90)], label="Pick", allow_preview=False,
                             interactive=False)
        index = gr.Number(label="Index")
        gallery.select(index_of, None, index)
        gr.Button("Deselect").click(lambda: gr.Gallery(selected_index=None), None, gallery)

    page.goto(serve(demo))
    second = page.get_by_role("button", name="Image 2")
    second.click()
    expect(page.get_by_label("Index")).to_have_value("1")
    expect(second).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("region", name="Pick preview")).to_have_count(0)
    page.get_by_role("button", name="Deselect").click()
    expect(second).to_have_attribute("aria-pressed", "false")


def test_upload_delete_and_types(serve, page, tmp_path):
    paths = []
    for i, value in enumerate((30, 200)):
        path = tmp_path / f"up{i}.png"
        PILImage.fromarray(colour(value)).save(path)
        paths.append(path)

    with gr.Blocks() as demo:
        gallery = gr.Gallery(label="Uploads", type="numpy", interactive=True)
        log = gr.Textbox(label="Log")
        deleted = gr.Textbox(label="Deleted")

        def describe(items):
            return json.dumps([[int(a.mean()), c] for a, c in items or []])

        def on_delete(evt: gr.EventData):
            return f"{evt._data['index']} {evt._data['file']['orig_name']}"

        gallery.upload(describe, gallery, log)
        gallery.delete(on_delete, None, deleted)
        gallery.change(describe, gallery, log)

    page.goto(serve(demo))
    page.get_by_label("Uploads", exact=True).set_input_files([str(p) for p in paths])
    expect(page.get_by_label("Log")).to_have_value("[[30, null], [200, null]]")
    thumbnails = page.get_by_role("list", name="Uploads thumbnails")
    expect(thumbnails.get_by_role("listitem")).to_have_count(2)
    page.get_by_role("button", name="Delete Image 1").click()
    expect(page.get_by_label("Deleted")).to_have_value("0 up0.png")
    expect(page.get_by_label("Log")).to_have_value("[[200, null]]")
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_label("Log")).to_have_value("[]")
