"""gr.ImageEditor in Chromium: drawing with the mouse, undo and redo, layers, the eraser,
crop, a background upload and the toolbar's keys, checked in the EditorValue the
function receives."""

import json

import numpy as np
import pytest
from PIL import Image as PILImage
from playwright.sync_api import expect

import blocks as gr

RED = (204, 50, 50)  # the first colour of the default brush


def describe(value):
    """The EditorValue as JSON: sizes, painted pixels per layer, a few composite pixels."""
    composite = value["composite"]
    return json.dumps({
        "background": None if value["background"] is None else list(value["background"].shape),
        "layers": [int((layer[..., 3] > 0).sum()) for layer in value["layers"]],
        "size": list(composite.shape[:2]) if composite is not None else None,
        "at_40_20": composite[20, 40].tolist() if composite is not None else None,
        "at_160_80": composite[80, 160].tolist() if composite is not None
        and composite.shape[0] > 80 and composite.shape[1] > 160 else None,
    })


@pytest.fixture(scope="module")
def editor_url(browser):
    with gr.Blocks() as demo:
        editor = gr.ImageEditor(label="Editor", canvas_size=(200, 100),
                                brush=gr.Brush(default_size=6))
        seen = gr.Textbox(label="Seen")
        count = gr.Number(label="Inputs", value=0)
        applied = gr.Number(label="Applied", value=0)
        editor.change(describe, editor, seen)
        editor.input(lambda n: n + 1, count, count)
        editor.apply(lambda n: n + 1, applied, applied)
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    yield demo.local_url
    demo.close()


def seen(page) -> dict:
    text = page.get_by_label("Seen").input_value()
    return json.loads(text) if text else None


def stroke(page, points):
    box = page.get_by_role("img", name="Editor canvas").bounding_box()
    sx, sy = box["width"] / 200, box["height"] / 100
    (x0, y0), rest = points[0], points[1:]
    page.mouse.move(box["x"] + x0 * sx, box["y"] + y0 * sy)
    page.mouse.down()
    for x, y in rest:
        page.mouse.move(box["x"] + x * sx, box["y"] + y * sy, steps=8)
    page.mouse.up()


def wait_for(page, check):
    page.wait_for_function("() => document.querySelector('blocks-imageeditor')"
                           ".getAttribute('aria-busy') === null")
    expect(page.get_by_label("Seen")).not_to_have_value("")
    for _ in range(50):
        value = seen(page)
        if check(value):
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"the editor's value never matched: {value}")


def test_draw_undo_redo_and_apply(editor_url, page):
    page.goto(editor_url)
    expect(page.get_by_role("button", name="Brush")).to_have_attribute("aria-pressed", "true")
    stroke(page, [(20, 20), (60, 20)])
    value = wait_for(page, lambda v: v and v["layers"][0] > 0)
    assert value["background"] is None and value["size"] == [100, 200]
    assert value["at_40_20"] == [*RED, 255]
    expect(page.get_by_label("Inputs")).to_have_value("1")

    page.get_by_role("button", name="Undo").click()
    wait_for(page, lambda v: v["layers"] == [0] and v["at_40_20"][3] == 0)
    page.get_by_role("button", name="Brush").focus()  # shortcuts work inside the editor
    page.keyboard.press("Control+Shift+Z")
    wait_for(page, lambda v: v["at_40_20"] == [*RED, 255])
    page.keyboard.press("Control+z")
    wait_for(page, lambda v: v["layers"] == [0])
    page.keyboard.press("Control+y")
    wait_for(page, lambda v: v["layers"][0] > 0)
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_label("Applied")).to_have_value("1")


def test_colours_sizes_eraser_and_layers(editor_url, page):
    page.goto(editor_url)
    page.get_by_role("radio", name="rgb(50, 112, 204)").check()
    stroke(page, [(150, 80), (170, 80)])
    first = wait_for(page, lambda v: v and v["at_160_80"] == [50, 112, 204, 255])
    painted = first["layers"][0]

    page.get_by_role("button", name="Eraser").click()
    expect(page.get_by_role("button", name="Eraser")).to_have_attribute("aria-pressed", "true")
    page.get_by_label("Eraser size").fill("4")
    stroke(page, [(160, 80), (161, 80)])
    erased = wait_for(page, lambda v: v["at_160_80"][3] == 0)
    assert 0 < erased["layers"][0] < painted

    page.get_by_role("button", name="Add layer").click()
    expect(page.get_by_role("radio", name="Layer 2")).to_be_checked()
    page.get_by_role("button", name="Brush").click()
    stroke(page, [(30, 20), (50, 20)])
    both = wait_for(page, lambda v: len(v["layers"]) == 2 and v["layers"][1] > 0)
    assert both["layers"][0] == erased["layers"][0]  # the new stroke is on layer 2 only
    page.get_by_role("checkbox", name="Show Layer 2").uncheck()
    hidden = wait_for(page, lambda v: v["at_40_20"][3] == 0)
    assert hidden["layers"][1] > 0  # a hidden layer is kept, but not in the composite
    page.get_by_role("button", name="Delete layer").click()
    wait_for(page, lambda v: len(v["layers"]) == 1)


def test_crop_with_the_keyboard(editor_url, page):
    page.goto(editor_url)
    stroke(page, [(20, 20), (60, 20)])
    wait_for(page, lambda v: v and v["layers"][0] > 0)
    page.get_by_role("button", name="Crop").click()
    crop = page.get_by_role("form", name="Crop")
    expect(crop.get_by_label("Width")).to_have_value("200")
    crop.get_by_label("Left").fill("10")
    crop.get_by_label("Width").fill("100")
    crop.get_by_label("Height").fill("50")
    crop.get_by_label("Height").press("Enter")
    cropped = wait_for(page, lambda v: v["size"] == [50, 100])
    assert cropped["at_40_20"] == [*RED, 255]  # the stroke moved 10 pixels left, still there
    page.get_by_role("button", name="Undo").click()
    wait_for(page, lambda v: v["size"] == [100, 200])


def test_toolbar_keys(editor_url, page):
    page.goto(editor_url)
    toolbar = page.get_by_role("toolbar", name="Editor tools")
    brush = toolbar.get_by_role("button", name="Brush")
    brush.focus()
    page.keyboard.press("ArrowRight")
    expect(toolbar.get_by_role("button", name="Eraser")).to_be_focused()
    page.keyboard.press("End")
    expect(toolbar.get_by_role("button", name="Redo")).to_be_focused()
    expect(toolbar.get_by_role("button", name="Redo")).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(toolbar.get_by_role("button", name="Eraser")).to_have_attribute("aria-pressed",
                                                                            "true")
    # one tab stop: Tab leaves the toolbar
    assert toolbar.evaluate("t => [...t.querySelectorAll('button')]"
                            ".filter((b) => b.tabIndex === 0).length") == 1


def test_background_upload_and_a_value_from_the_server(serve, page, tmp_path):
    path = tmp_path / "photo.png"
    PILImage.fromarray(np.full((30, 50, 3), 90, dtype=np.uint8)).save(path)
    start = {"background": np.full((20, 40, 3), 200, dtype=np.uint8), "layers": [],
             "composite": None}

    def shape(value):
        return f"{value['composite'].shape} {int(value['composite'][5, 5, 0])}"

    with gr.Blocks() as demo:
        editor = gr.ImageEditor(start, label="Photo", type="numpy", image_mode="RGB")
        info = gr.Textbox(label="Info")
        uploads = gr.Number(label="Uploads", value=0)
        cleared = gr.Textbox(label="Cleared")
        editor.upload(lambda n: n + 1, uploads, uploads)
        editor.change(lambda v: "" if v["composite"] is None else shape(v), editor, info)
        editor.clear(lambda v: f"cleared {v}", editor, cleared)

    page.goto(serve(demo))
    canvas = page.get_by_role("img", name="Photo canvas")
    expect(canvas).to_have_js_property("width", 40)  # the server's background
    page.get_by_label("Upload background").set_input_files(str(path))
    expect(page.get_by_label("Uploads")).to_have_value("1")
    expect(page.get_by_label("Info")).to_have_value("(30, 50, 3) 90")
    expect(canvas).to_have_js_property("width", 50)
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_label("Cleared")).to_have_value(
        "cleared {'background': None, 'layers': [], 'composite': None}")


def test_sketchpad_draws_black_and_has_no_sources(serve, page):
    def mask_share(value):
        mask = value["layers"][0]
        return f"{mask.shape} {mask[50, 50].tolist()}"

    with gr.Blocks() as demo:
        pad = gr.Sketchpad(label="Pad", canvas_size=(100, 100), type="numpy")
        out = gr.Textbox(label="Mask")
        pad.change(mask_share, pad, out)

    page.goto(serve(demo))
    expect(page.get_by_role("group", name="Brush colour").get_by_role("radio")).to_have_count(1)
    expect(page.get_by_text("Upload background")).to_be_hidden()
    expect(page.get_by_label("Custom colour")).to_be_hidden()
    box = page.get_by_role("img", name="Pad canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + box["height"] * 0.5, steps=5)
    page.mouse.up()
    expect(page.get_by_label("Mask")).to_have_value("(100, 100, 4) [0, 0, 0, 255]")
