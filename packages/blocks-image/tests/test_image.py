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
    assert Image.event_names() == ["change", "input", "upload", "clear", "select", "stream"]
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
        assert set(entry["events"]) == {"change", "input", "upload", "clear", "select",
                                         "stream"}
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


# -- URLs, options, buttons ---------------------------------------------------------------------
def test_a_url_is_shown_by_the_page_and_never_downloaded():
    wire = Image().postprocess("https://example.com/pics/cat.png")
    assert wire == {"path": None, "url": "https://example.com/pics/cat.png",
                    "orig_name": "cat.png", "mime_type": "image/png", "size": None,
                    "meta": {"_type": files.FILE_TYPE}}
    assert Image.value_field().deserialize(wire) == wire
    assert Image(type="filepath").preprocess(wire) == "https://example.com/pics/cat.png"
    with pytest.raises(ValueError, match="does not download"):
        Image(type="numpy").preprocess(wire)
    props = Image("https://example.com/pics/cat.png").get_props()
    assert props["value"]["url"] == "https://example.com/pics/cat.png"
    for bad in ("javascript:alert(1)", "file:///etc/passwd", "//example.com/x.png"):
        with pytest.raises(ValidationError):
            Image.value_field().deserialize({**wire, "url": bad})


def test_filepath_inputs_are_converted_to_image_mode(tmp_path):
    path = tmp_path / "rgba.png"
    PILImage.new("RGBA", (2, 2), (10, 20, 30, 128)).save(path)
    data = upload(path)
    converted = Image(type="filepath").preprocess(data)  # image_mode="RGB"
    assert converted != data["path"] and PILImage.open(converted).mode == "RGB"
    assert Image(type="filepath", image_mode=None).preprocess(data) == data["path"]
    assert Image(type="filepath", image_mode="RGBA").preprocess(data) == data["path"]


def test_gif_and_svg_inputs(tmp_path):
    frames = [PILImage.new("P", (3, 3), i) for i in range(3)]
    gif = tmp_path / "anim.gif"
    frames[0].save(gif, save_all=True, append_images=frames[1:])
    assert Image(type="filepath").preprocess(upload(gif)) == upload(gif)["path"]
    svg = tmp_path / "drawing.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"/>')
    assert Image(type="filepath").preprocess(upload(svg)) == upload(svg)["path"]
    with pytest.raises(ValueError, match="SVG"):
        Image(type="numpy").preprocess(upload(svg))


def test_watermark(pixels):
    mark = np.full((1, 1, 3), 255, dtype=np.uint8)
    big = np.zeros((30, 30, 3), dtype=np.uint8)
    shown = read_back(Image(watermark=gr.WatermarkOptions(watermark=mark,
                                                           position="top-left"))
                      .postprocess(big))
    assert tuple(shown[10, 10]) == (255, 255, 255) and shown[0, 0].sum() == 0
    corner = read_back(Image(watermark=mark).postprocess(big))  # bottom-right by default
    assert tuple(corner[19, 19]) == (255, 255, 255)
    placed = read_back(Image(watermark=gr.WatermarkOptions(mark, (3, 4))).postprocess(big))
    assert tuple(placed[4, 3]) == (255, 255, 255)
    with pytest.raises(ValueError, match="position"):
        gr.WatermarkOptions(mark, "middle")


def test_buttons_webcam_and_alt_text():
    with pytest.warns(gr.BlocksWarning, match="share"):
        image = Image(buttons=["share", "fullscreen"])
    assert image.buttons == ["fullscreen"]
    assert Image(buttons=[]).buttons == []
    with pytest.raises(ValueError, match="buttons"):
        Image(buttons=["print"])
    assert Image(mirror_webcam=False).webcam_options == {"mirror": False, "constraints": None}
    options = gr.WebcamOptions(constraints={"video": {"width": 1024}})
    assert Image(webcam_options=options).webcam_options["constraints"] == \
        {"video": {"width": 1024}}
    with pytest.raises(TypeError, match="WebcamOptions"):
        Image(webcam_options={"mirror": False})
    assert Image(alt_text="A red square").get_props()["alt_text"] == "A red square"


def test_a_decompression_bomb_is_refused(tmp_path):
    """A small file that claims 20000 x 20000 pixels is refused before it is decoded."""
    import struct
    import zlib
    header = struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0)
    chunk = b"IHDR" + header
    png = (b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk +
           struct.pack(">I", zlib.crc32(chunk)) + b"\x00\x00\x00\x00IEND\xaeB`\x82")
    path = tmp_path / "bomb.png"
    path.write_bytes(png)
    with pytest.raises(ValueError, match="exceeds limit"):
        Image(type="numpy").preprocess(upload(path))


def test_stream_frames_become_the_type_asked_for():
    import io

    import numpy as np
    from PIL import Image as PILImage

    from blocks.streaming import Chunk
    buffer = io.BytesIO()
    PILImage.new("RGBA", (4, 3), (255, 0, 0, 255)).save(buffer, "PNG")
    frame = Chunk(buffer.getvalue(), "image/png")
    array = Image(type="numpy").preprocess_chunk(frame)
    assert isinstance(array, np.ndarray) and array.shape == (3, 4, 3)  # image_mode RGB
    assert Image(type="pil", image_mode=None).preprocess_chunk(frame).mode == "RGBA"
    path = Image(type="filepath").preprocess_chunk(frame)
    assert PILImage.open(path).size == (4, 3)
    with pytest.raises(ValueError, match="Cannot read the image"):
        Image().preprocess_chunk(Chunk(b"not an image", "image/jpeg"))


def test_streaming_takes_the_webcam_only():
    assert Image(sources=["webcam"], streaming=True).get_props()["streaming"] is True
    with pytest.raises(ValueError, match="sources=\\['webcam'\\]"):
        Image(streaming=True)
