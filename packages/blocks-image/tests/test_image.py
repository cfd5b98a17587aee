"""gr.Image in Python: conversions, the wire value, the plugin and the config."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from marshmallow import ValidationError
from PIL import Image as PILImage

import blocks as gr
from blocks import files
from blocks.registry import catalog
from blocks_image.image import Image


@pytest.fixture
def pixels():
    """A 3x4 RGB image whose every pixel differs."""
    return np.arange(3 * 4 * 3, dtype=np.uint8).reshape(3, 4, 3) * 5


@pytest.fixture
def png_path(tmp_path, pixels):
    path = tmp_path / "picture.png"
    PILImage.fromarray(pixels).save(path)
    return path


def upload(path) -> dict:
    """The FileData the server gives for an uploaded file."""
    return files.file_data(files.save_file(path))


# -- preprocess ------------------------------------------------------------------------------
def test_preprocess_numpy(png_path, pixels):
    array = Image(type="numpy").preprocess(upload(png_path))
    assert isinstance(array, np.ndarray)
    assert array.dtype == np.uint8 and array.shape == (3, 4, 3)
    assert np.array_equal(array, pixels)
    array[0, 0] = 0  # the function may change it in place


def test_preprocess_pil(png_path, pixels):
    image = Image(type="pil").preprocess(upload(png_path))
    assert isinstance(image, PILImage.Image)
    assert image.size == (4, 3) and image.mode == "RGB"
    assert np.array_equal(np.asarray(image), pixels)


def test_preprocess_filepath(png_path):
    data = upload(png_path)
    path = Image(type="filepath").preprocess(data)
    assert isinstance(path, str) and path == data["path"]
    assert Path(path).read_bytes() == png_path.read_bytes()


def test_preprocess_none():
    for kind in ("numpy", "pil", "filepath"):
        assert Image(type=kind).preprocess(None) is None


def test_image_mode_converts_inputs(tmp_path):
    path = tmp_path / "rgba.png"
    PILImage.new("RGBA", (2, 2), (10, 20, 30, 128)).save(path)
    assert Image(type="numpy").preprocess(upload(path)).shape == (2, 2, 3)
    assert Image(type="numpy", image_mode="L").preprocess(upload(path)).shape == (2, 2)
    assert Image(type="numpy", image_mode=None).preprocess(upload(path)).shape == (2, 2, 4)


def test_preprocess_refuses_a_file_that_is_not_an_image(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("not an image")
    with pytest.raises(ValueError, match="Cannot read the image"):
        Image(type="numpy").preprocess(upload(path))


# -- postprocess -------------------------------------------------------------------------------
def read_back(data) -> np.ndarray:
    assert files.is_file_data(data)
    assert Path(data["path"]).is_file()
    with PILImage.open(data["path"]) as image:
        return np.asarray(image.convert("RGB"))


def test_postprocess_numpy(pixels, temp_cache):
    data = Image().postprocess(pixels)
    assert data["mime_type"] == "image/png" and data["path"].endswith(".png")
    assert Path(data["path"]).is_relative_to(temp_cache)
    assert data["size"] == Path(data["path"]).stat().st_size
    assert np.array_equal(read_back(data), pixels)


def test_postprocess_pil(pixels):
    data = Image().postprocess(PILImage.fromarray(pixels))
    assert np.array_equal(read_back(data), pixels)


def test_postprocess_filepath(png_path, pixels, temp_cache):
    for value in (png_path, str(png_path)):
        data = Image().postprocess(value)
        assert Path(data["path"]).is_relative_to(temp_cache)  # a copy the server may serve
        assert data["orig_name"] == "picture.png"
        assert np.array_equal(read_back(data), pixels)


def test_postprocess_none_and_file_data(png_path):
    assert Image().postprocess(None) is None
    data = upload(png_path)
    assert Image().postprocess(data) == data


def test_postprocess_other_dtypes_and_shapes():
    image = Image()
    floats = np.full((2, 2, 3), 0.5)
    assert read_back(image.postprocess(floats))[0, 0, 0] == 128
    gray = np.full((2, 3), 200, dtype=np.uint8)
    assert read_back(image.postprocess(gray)).shape == (2, 3, 3)
    mask = np.ones((2, 2), dtype=bool)
    assert read_back(image.postprocess(mask))[0, 0, 0] == 255
    rgba = np.zeros((2, 2, 4), dtype=np.uint8)
    with PILImage.open(image.postprocess(rgba)["path"]) as opened:
        assert opened.mode == "RGBA"


def test_postprocess_format(pixels):
    for fmt, mime in (("jpeg", "image/jpeg"), ("webp", "image/webp")):
        data = Image(format=fmt).postprocess(pixels)
        assert data["mime_type"] == mime
        assert read_back(data).shape == (3, 4, 3)


def test_postprocess_errors(tmp_path):
    with pytest.raises(ValueError, match="not found"):
        Image().postprocess(tmp_path / "missing.png")
    with pytest.raises(TypeError, match="numpy array"):
        Image().postprocess(42)
    with pytest.raises(ValueError, match="shape"):
        Image().postprocess(np.zeros((2, 2, 2), dtype=np.uint8))


@pytest.mark.parametrize("kind", ["numpy", "pil", "filepath"])
def test_round_trip(kind, pixels):
    out = Image().postprocess(pixels)
    value = Image(type=kind).preprocess(out)
    again = Image().postprocess(value)
    assert np.array_equal(read_back(again), pixels)


# -- the wire value, props, API info -------------------------------------------------------------
def test_value_field(png_path):
    field = Image.value_field()
    data = upload(png_path)
    assert field.deserialize(data) == data
    with pytest.raises(ValidationError):
        field.deserialize({"path": "/etc/passwd"})
    with pytest.raises(ValidationError):
        field.deserialize("picture.png")


def test_constructor_checks_arguments():
    with pytest.raises(ValueError, match="type"):
        Image(type="bytes")
    with pytest.raises(ValueError, match="format"):
        Image(format="tiff-ish")
    with pytest.raises(ValueError, match="sources"):
        Image(sources=["microphone"])
    assert Image(sources="webcam").sources == ["webcam"]


def test_props(png_path):
    props = Image(png_path, height=200, width="50%", format="webp", label="Photo").get_props()
    assert props["height"] == 200 and props["width"] == "50%"
    assert props["format"] == "webp"
    assert props["sources"] == ["upload", "webcam", "clipboard"]  # Gradio's default
    assert props["buttons"] == ["download", "fullscreen"]
    assert props["webcam_options"] == {"mirror": True, "constraints": None}
    assert props["label"] == "Photo"
    assert files.is_file_data(props["value"])
    for server_side in ("type", "image_mode", "mirror_webcam", "watermark"):
        assert server_side not in props


def test_example_value_and_api_info():
    image = Image()
    example = image.example_value()
    assert Image.value_field().deserialize(example) == example
    assert image.preprocess(example).shape == (4, 4, 3)
    info = image.api_info()
    assert info["type"]["required"] == ["path", "meta"]
    assert "description" in info


# -- plugin and config -----------------------------------------------------------------------------
def test_registered_through_the_entry_point():
    assert catalog().components["image"] is Image
    assert gr.Image is Image
    assert "blocks_image" in catalog().static_dirs()
    static = catalog().static_dirs()["blocks_image"]
    assert (static / Image.JS_MODULE).is_file()
    assert (static / "image.css").is_file()


def test_loading_the_plugin_imports_neither_numpy_nor_pillow():
    code = ("import sys, blocks as gr; from blocks.registry import catalog; "
            "catalog(); gr.Image(label='x'); "
            "print(sorted(m for m in ('numpy', 'PIL') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_events():
    assert Image.event_names() == ["change", "input", "upload", "clear", "select"]
    with gr.Blocks():
        image = gr.Image()
        for name in ("change", "input", "upload", "clear", "select"):
            getattr(image, name)(lambda x: x, image, image)


def test_config(pixels):
    def flip(array):
        return array[::-1]

    with gr.Blocks() as demo:
        source = gr.Image(type="numpy", label="Input")
        button = gr.Button("Flip")
        result = gr.Image(pixels, label="Output")
        button.click(flip, source, result)

    config = demo.config()
    by_id = {c["id"]: c for c in config["components"]}
    for component in (source, result):
        entry = by_id[component._id]
        assert entry["type"] == "image"
        assert entry["module"] == "blocks_image/image.js"
        assert set(entry["events"]) == {"change", "input", "upload", "clear", "select"}
    assert by_id[source._id]["props"]["interactive"] is True
    assert by_id[result._id]["props"]["interactive"] is False
    assert files.is_file_data(by_id[result._id]["props"]["value"])
    assert by_id[source._id]["props"]["value"] is None


def test_through_the_event_pipeline(png_path, pixels):
    from blocks.processing import postprocess_outputs, preprocess_inputs, validate_inputs

    with gr.Blocks():
        source = gr.Image(type="numpy", label="Input")
        result = gr.Image(label="Output")
        listener = gr.Button("Flip").click(lambda a: a[::-1], source, result)

    dep = listener.dependency
    wire = [upload(png_path)]
    args = preprocess_inputs(dep, validate_inputs(dep, wire))
    [update] = postprocess_outputs(dep, dep.fn(*args))
    assert np.array_equal(read_back(update["value"]), pixels[::-1])
    [cleared] = postprocess_outputs(dep, None)
    assert cleared == {"value": None}
