"""gr.Model3D in Chromium: a GLB and an OBJ drawn with WebGL, turned and zoomed with the
keyboard, "Reset view", an upload reaching the function with its events, Clear, and
a model the page cannot load."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

import blocks as gr

# The first model of a page loads three.js (750 KiB of modules): slow on a loaded machine.
LOADED = 60_000


@pytest.fixture(autouse=True)
def patient(page):
    page.set_default_timeout(LOADED)


def pixels(page, name: str) -> bytes:
    """What the model's canvas shows, as PNG bytes (the canvas keeps its drawing)."""
    canvas = page.get_by_role("img", name=name)
    url = canvas.evaluate("canvas => canvas.toDataURL('image/png')")
    import base64
    return base64.b64decode(url.split(",", 1)[1])


def colours(png: bytes) -> int:
    from PIL import Image
    return len(Image.open(io.BytesIO(png)).convert("RGBA").getcolors(1 << 20) or [])


def test_models_are_drawn_and_move_with_the_keyboard(serve, page, models):
    with gr.Blocks() as demo:
        gr.Model3D(models["cube.glb"], label="Duck", interactive=False)
        gr.Model3D(models["cube.obj"], label="Bunny", display_mode="wireframe",
                   clear_color=(1, 1, 1, 1), interactive=False)

    page.goto(serve(demo))
    expect(page.get_by_role("status").filter(has_text="Showing cube.glb")).to_be_visible(
        timeout=LOADED)
    expect(page.get_by_role("status").filter(has_text="Showing cube.obj")).to_be_visible(
        timeout=LOADED)
    duck = page.get_by_role("img", name="Duck: cube.glb")
    expect(duck).to_be_visible()
    first = pixels(page, "Duck: cube.glb")
    assert colours(first) > 2  # the model, shaded, on the background
    assert colours(pixels(page, "Bunny: cube.obj")) > 1
    # only an input takes files; outputs have no Clear
    expect(page.get_by_role("button", name="Clear")).to_have_count(0)

    duck.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowUp")
    turned = pixels(page, "Duck: cube.glb")
    assert turned != first
    page.keyboard.press("+")
    assert pixels(page, "Duck: cube.glb") != turned
    page.get_by_role("button", name="Reset view").first.click()
    assert pixels(page, "Duck: cube.glb") == first
    expect(page.get_by_role("alert").filter(has_text="Cannot")).to_have_count(0)


def test_upload_change_and_clear_events(serve, page, models):
    counts = {"upload": 0, "clear": 0}

    def uploaded(path):
        counts["upload"] += 1
        return path, path.rsplit("/", 1)[-1]

    def cleared(value):
        counts["clear"] += 1
        return f"cleared: {value}"

    with gr.Blocks() as demo:
        given = gr.Model3D(label="Your model")
        shown = gr.Model3D(label="Shown", interactive=False)
        name = gr.Textbox(label="Name")
        changes = gr.Number(label="Changes", value=0)
        given.upload(uploaded, given, [shown, name])
        given.change(lambda n: n + 1, changes, changes)
        given.clear(cleared, given, name)

    page.goto(serve(demo))
    expect(page.get_by_text("Drop a 3D model here")).to_be_visible()
    page.get_by_label("Your model", exact=True).set_input_files(str(models["cube.stl"]))
    expect(page.get_by_label("Name")).to_have_value("cube.stl", timeout=LOADED)
    expect(page.get_by_role("img", name="Shown: cube.stl")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Showing cube.stl")).to_have_count(
        2, timeout=LOADED)
    expect(page.get_by_label("Changes")).to_have_value("1")
    assert counts["upload"] == 1

    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_label("Name")).to_have_value("cleared: None")
    expect(page.get_by_label("Changes")).to_have_value("2")
    expect(page.get_by_role("img", name="Your model: cube.stl")).to_have_count(0)

    # a file that is no model is refused in the page, before any upload
    page.get_by_label("Your model", exact=True).set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}])
    expect(page.get_by_role("alert")).to_contain_text("notes.txt is not a 3D model")
    assert counts == {"upload": 1, "clear": 1}


def test_a_model_that_cannot_load_says_so(serve, page, tmp_path):
    broken = tmp_path / "broken.glb"
    broken.write_bytes(b"not a glb at all")
    splat = tmp_path / "scene.splat"
    splat.write_bytes(b"\0" * 64)
    with gr.Blocks() as demo:
        gr.Model3D(broken, label="Broken")
        gr.Model3D(splat, label="Splat")

    page.goto(serve(demo))
    expect(page.get_by_role("alert").filter(has_text="Cannot show the model")).to_be_visible(
        timeout=LOADED)
    expect(page.get_by_text("scene.splat cannot be drawn here")).to_be_visible()
    expect(page.get_by_role("link", name="Download")).to_have_count(2)


def test_pages_download_only_what_they_show(serve, page, models):
    """The greet page gets nothing of blocks-media; an Audio page none of three.js."""
    loaded = []
    page.on("requestfinished", lambda request: loaded.append(request.url))

    def visit(demo) -> list[str]:
        loaded.clear()
        page.goto(serve(demo))
        page.wait_for_function("() => window.blocksApp?.loaded === true")
        page.wait_for_load_state("networkidle")
        return list(loaded)

    with gr.Blocks() as greet:
        gr.Textbox(label="Name")
    urls = visit(greet)
    assert any("/page-bundle/" in url for url in urls)  # the core's modules, textbox.js's too
    assert not [url for url in urls if "blocks_media/" in url or "media.css" in url]

    with gr.Blocks() as sound:
        gr.Audio(label="Sound")
    urls = visit(sound)
    assert any(url.endswith("blocks_media/audio.js") for url in urls)
    assert not [url for url in urls if "three" in url or "3d" in url]

    with gr.Blocks() as model:
        gr.Model3D(models["cube.obj"], label="Cube")
    urls = visit(model)
    expect(page.get_by_role("status").filter(has_text="Showing cube.obj")).to_be_visible(
        timeout=LOADED)
    three = [url.rsplit("/", 1)[1] for url in loaded if "/vendor/three/" in url]
    assert sorted(three) == ["OBJLoader.js", "OrbitControls.js", "three.core.min.js",
                             "three.module.min.js"]
