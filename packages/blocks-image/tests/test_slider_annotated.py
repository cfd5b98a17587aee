"""gr.ImageSlider and gr.AnnotatedImage in Python: conversions and checks."""

from __future__ import annotations

import numpy as np
import pytest
from marshmallow import ValidationError
from PIL import Image as PILImage

import blocks as gr
from blocks import files
from blocks_image.annotated_image import AnnotatedImage
from blocks_image.image_slider import ImageSlider


@pytest.fixture
def pixels():
    return np.arange(4 * 5 * 3, dtype=np.uint8).reshape(4, 5, 3) * 4


def read(data, mode="RGB") -> np.ndarray:
    with PILImage.open(data["path"]) as image:
        return np.asarray(image.convert(mode))


# -- ImageSlider ---------------------------------------------------------------------------------
def test_slider_postprocess(pixels, tmp_path):
    path = tmp_path / "b.png"
    PILImage.fromarray(pixels[::-1]).save(path)
    wire = ImageSlider().postprocess((pixels, path))
    assert np.array_equal(read(wire[0]), pixels)
    assert np.array_equal(read(wire[1]), pixels[::-1])
    assert ImageSlider().postprocess(None) is None
    half = ImageSlider().postprocess([PILImage.fromarray(pixels), None])
    assert files.is_file_data(half[0]) and half[1] is None
    assert ImageSlider().postprocess(("https://example.com/a.png", pixels))[0]["url"] == \
        "https://example.com/a.png"
    with pytest.raises(ValueError, match="pair"):
        ImageSlider().postprocess(pixels)


@pytest.mark.parametrize("kind", ["numpy", "pil", "filepath"])
def test_slider_preprocess(kind, pixels):
    wire = ImageSlider().postprocess((pixels, None))
    first, second = ImageSlider(type=kind).preprocess(wire)
    assert second is None
    if kind == "numpy":
        assert np.array_equal(first, pixels)
    elif kind == "pil":
        assert isinstance(first, PILImage.Image) and first.size == (5, 4)
    else:
        assert first == wire[0]["path"]
    assert ImageSlider().preprocess(None) is None


def test_slider_image_mode(tmp_path):
    path = tmp_path / "rgba.png"
    PILImage.new("RGBA", (3, 2), (1, 2, 3, 4)).save(path)
    wire = [files.file_data(files.save_file(path)), None]
    assert ImageSlider(image_mode="L").preprocess(wire)[0].shape == (2, 3)
    converted = ImageSlider(type="filepath").preprocess(wire)[0]
    assert converted != wire[0]["path"] and PILImage.open(converted).mode == "RGB"


def test_slider_checks(pixels):
    field = ImageSlider.value_field()
    wire = ImageSlider().postprocess((pixels, pixels))
    assert field.deserialize(wire) == wire
    for bad in ([wire[0]], [wire[0], wire[1], wire[0]], [{"path": "/x"}, None]):
        with pytest.raises(ValidationError):
            field.deserialize(bad)
    with pytest.raises(ValueError, match="slider_position"):
        ImageSlider(slider_position=150)
    props = ImageSlider(slider_position=30, max_height=300).get_props()
    assert props["slider_position"] == 30 and props["max_height"] == 300
    assert props["buttons"] == ["download", "fullscreen"]
    assert ImageSlider.event_names() == ["change", "input", "upload", "clear", "select"]


# -- AnnotatedImage ------------------------------------------------------------------------------
def test_annotated_boxes_and_masks(pixels):
    mask = np.zeros((4, 5))
    mask[1:3, 1:3] = 0.5
    component = AnnotatedImage(color_map={"dog": "#00ff00"})
    wire = component.postprocess((pixels, [((0, 0, 4, 3), "cat"), (mask, "dog")]))
    assert np.array_equal(read(wire["image"]), pixels)
    cat, dog = wire["annotations"]
    assert (cat["label"], cat["color"]) == ("cat", "#e53935")  # the palette's first
    assert (dog["label"], dog["color"]) == ("dog", "#00ff00")
    box = read(cat["image"], "RGBA")
    assert box.shape == (4, 5, 4)
    assert box[0, 0, 3] == 255 and tuple(box[0, 0, :3]) == (0xe5, 0x39, 0x35)  # the frame
    assert box[3, 4, 3] == 0  # outside the box
    masked = read(dog["image"], "RGBA")
    assert masked[1, 1, 3] == 128 and tuple(masked[1, 1, :3]) == (0, 255, 0)
    assert masked[0, 0, 3] == 0


def test_annotated_round_trip_and_preprocess(pixels):
    component = AnnotatedImage()
    wire = component.postprocess((pixels, [((1, 1, 3, 3), "a")]))
    base, annotations = component.preprocess(wire)
    assert base == wire["image"]["path"]
    assert annotations == [(wire["annotations"][0]["image"]["path"], "a")]
    again = component.postprocess((base, annotations))  # mask files are read back
    assert again == wire
    assert component.preprocess(None) is None and component.postprocess(None) is None


def test_annotated_errors(pixels):
    with pytest.raises(ValueError, match="4x5"):
        AnnotatedImage().postprocess((pixels, [(np.zeros((2, 2)), "x")]))
    with pytest.raises(ValueError, match="box"):
        AnnotatedImage().postprocess((pixels, [("not a box", "x")]))
    with pytest.raises(ValueError, match="URL"):
        AnnotatedImage().postprocess(("https://example.com/a.png", []))
    with pytest.raises(ValueError, match="colour"):
        AnnotatedImage(color_map={"a": "not-a-colour"})
    with pytest.raises(ValidationError):
        AnnotatedImage.value_field().deserialize({"image": {"path": "x"}, "annotations": []})
    assert AnnotatedImage.event_names() == ["change", "select"]
    assert AnnotatedImage(color_map={"a": "red"}).color_map == {"a": "#ff0000"}
    assert gr.AnnotatedImage is AnnotatedImage and gr.ImageSlider is ImageSlider
