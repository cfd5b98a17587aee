"""gr.ImageEditor (and Sketchpad, Paint, ImageMask) in Python: the EditorValue both ways,
the option classes and the arguments."""

from __future__ import annotations

import numpy as np
import pytest
from marshmallow import ValidationError
from PIL import Image as PILImage

import blocks as gr
from blocks import files
from blocks_image.image_editor import MAX_LAYERS, ImageEditor


def upload_array(array, tmp_path, name="x.png") -> dict:
    path = tmp_path / name
    PILImage.fromarray(array).save(path)
    return files.file_data(files.save_file(path))


@pytest.fixture
def payload(tmp_path):
    """What the page sends: an opaque background, a half-transparent layer, a composite."""
    background = np.zeros((4, 6, 4), dtype=np.uint8)
    background[..., 2] = 200
    background[..., 3] = 255
    background[0, 0, 3] = 0  # one transparent pixel
    layer = np.zeros((4, 6, 4), dtype=np.uint8)
    layer[1:3, 2:4] = (255, 0, 0, 255)
    composite = background.copy()
    composite[1:3, 2:4] = (255, 0, 0, 255)
    return {"background": upload_array(background, tmp_path, "bg.png"),
            "layers": [upload_array(layer, tmp_path, "layer.png")],
            "composite": upload_array(composite, tmp_path, "composite.png")}


def test_preprocess_numpy_keeps_rgba(payload):
    value = ImageEditor().preprocess(payload)
    assert set(value) == {"background", "layers", "composite"}
    assert value["background"].shape == (4, 6, 4)
    [layer] = value["layers"]
    assert layer.shape == (4, 6, 4) and (layer[..., 3] > 0).sum() == 4
    assert tuple(value["composite"][1, 2]) == (255, 0, 0, 255)


def test_preprocess_rgb_flattens_transparency_on_white(payload):
    value = ImageEditor(image_mode="RGB").preprocess(payload)
    assert value["background"].shape == (4, 6, 3)
    assert tuple(value["background"][0, 0]) == (255, 255, 255)  # was transparent
    assert tuple(value["background"][1, 1]) == (0, 0, 200)
    assert value["layers"][0].shape == (4, 6, 3)  # layers only lose their alpha
    assert tuple(value["layers"][0][0, 0]) == (0, 0, 0)
    assert ImageEditor(image_mode="L").preprocess(payload)["composite"].shape == (4, 6)


def test_preprocess_pil_and_filepath(payload):
    pil = ImageEditor(type="pil").preprocess(payload)
    assert isinstance(pil["composite"], PILImage.Image) and pil["composite"].mode == "RGBA"
    paths = ImageEditor(type="filepath").preprocess(payload)
    assert paths["background"] == payload["background"]["path"]  # already RGBA
    assert paths["layers"] == [payload["layers"][0]["path"]]
    converted = ImageEditor(type="filepath", image_mode="RGB").preprocess(payload)
    assert converted["composite"] != payload["composite"]["path"]
    assert PILImage.open(converted["composite"]).mode == "RGB"


def test_preprocess_empty_parts():
    empty = {"background": None, "layers": [], "composite": None}
    assert ImageEditor().preprocess(None) == empty  # an empty editor, as Gradio's page sends
    assert ImageEditor().preprocess({"background": None, "layers": [], "composite": None}) == \
        {"background": None, "layers": [], "composite": None}


def test_postprocess(tmp_path):
    red = np.zeros((3, 3, 4), dtype=np.uint8)
    red[..., 0] = red[..., 3] = 255
    wire = ImageEditor().postprocess({"background": PILImage.new("RGB", (3, 3), "blue"),
                                      "layers": [red], "composite": None})
    assert files.is_file_data(wire["background"]) and wire["composite"] is None
    with PILImage.open(wire["layers"][0]["path"]) as layer:
        assert layer.mode == "RGBA" and layer.getpixel((1, 1)) == (255, 0, 0, 255)
    single = ImageEditor().postprocess(np.zeros((2, 2, 3), dtype=np.uint8))
    assert single["background"] == single["composite"] and single["layers"] == []
    remote = ImageEditor().postprocess({"background": "https://example.com/cat.jpg",
                                        "layers": [], "composite": None})
    assert remote["background"]["url"] == "https://example.com/cat.jpg"
    assert ImageEditor().postprocess(None) is None
    with pytest.raises(ValueError, match="keys"):
        ImageEditor().postprocess({"background": None, "mask": None})


def test_round_trip(payload):
    editor = ImageEditor(type="numpy")
    again = editor.preprocess(editor.postprocess(editor.preprocess(payload)))
    first = editor.preprocess(payload)
    assert np.array_equal(again["composite"], first["composite"])
    assert np.array_equal(again["layers"][0], first["layers"][0])


def test_value_field(payload):
    field = ImageEditor.value_field()
    assert field.deserialize(payload) == payload
    for bad in ({"background": {"path": "x"}, "layers": [], "composite": None},
                {"layers": "no"}, {"surprise": 1},
                {"layers": [payload["layers"][0]] * (MAX_LAYERS + 1)}):
        with pytest.raises(ValidationError):
            field.deserialize(bad)


def test_options_become_props():
    editor = ImageEditor(brush=gr.Brush(default_size=10, colors=["#ff0000", ("blue", 0.5)],
                                        default_color=("blue", 0.5), color_mode="fixed"),
                         eraser=gr.Eraser(default_size=4),
                         layers=gr.LayerOptions(allow_additional_layers=False, layers=["Mask"]),
                         canvas_size=(300, 200), fixed_canvas=True,
                         webcam_options=gr.WebcamOptions(mirror=False))
    props = editor.get_props()
    assert props["brush"] == {"default_size": 10, "colors": [["#ff0000", 1.0], ["blue", 0.5]],
                              "default_color": ["blue", 0.5], "color_mode": "fixed"}
    assert props["eraser"] == {"default_size": 4}
    assert props["layers"] == {"allow_additional_layers": False, "layers": ["Mask"],
                               "disabled": False}
    assert props["canvas_size"] == [300, 200] and props["fixed_canvas"] is True
    assert props["webcam_options"]["mirror"] is False
    assert props["transforms"] == ["crop", "resize"]
    assert props["sources"] == ["upload", "webcam", "clipboard"]
    assert "type" not in props and "image_mode" not in props
    default = ImageEditor().get_props()
    assert default["brush"]["colors"][0] == ["rgb(204, 50, 50)", 1.0]
    assert default["eraser"] == {"default_size": "auto"}
    assert ImageEditor(brush=False).get_props()["eraser"] is False  # no brush, no eraser
    assert ImageEditor(layers=False).layers["disabled"] is True
    assert ImageEditor(sources=None).sources == []


def test_argument_errors():
    with pytest.raises(ValueError, match="colour"):
        ImageEditor(brush=gr.Brush(colors=[("red", 2)]))
    with pytest.raises(ValueError, match="default_size"):
        ImageEditor(eraser=gr.Eraser(default_size=-1))
    with pytest.raises(TypeError, match="Brush"):
        ImageEditor(brush="red")
    with pytest.raises(ValueError, match="canvas_size"):
        ImageEditor(canvas_size=(0, 10))
    with pytest.raises(ValueError, match="transforms"):
        ImageEditor(transforms=["rotate"])
    with pytest.raises(ValueError, match="sources"):
        ImageEditor(sources=["scanner"])
    with pytest.raises(ValueError, match="color_mode"):
        ImageEditor(brush=gr.Brush(color_mode="any"))


def test_presets():
    sketchpad = gr.Sketchpad()
    assert sketchpad.sources == [] and sketchpad.transforms == ["crop"]
    assert sketchpad.brush["colors"] == [["#000000", 1.0]]
    assert sketchpad.brush["color_mode"] == "fixed"
    paint = gr.Paint()
    assert paint.sources == [] and len(paint.brush["colors"]) == 5
    mask = gr.ImageMask()
    assert mask.sources == ["upload", "webcam", "clipboard"]
    assert mask.layers["disabled"] is True and mask.brush["colors"] == [["#000000", 1.0]]
    assert gr.Sketchpad(brush=gr.Brush(colors=["red"])).brush["colors"] == [["red", 1.0]]
    for cls, name in ((gr.ImageEditor, "imageeditor"), (gr.Sketchpad, "sketchpad"),
                      (gr.Paint, "paint"), (gr.ImageMask, "imagemask")):
        assert cls.name == name and cls.JS_MODULE == "image_editor.js"
        assert cls.event_names() == ["clear", "change", "input", "select", "upload", "apply"]


def test_a_returned_editor_updates_its_options():
    from blocks.processing import postprocess_one
    editor = ImageEditor()
    update = postprocess_one(editor, ImageEditor(brush=gr.Brush(default_size=3),
                                                 layers=False))
    assert update["props"]["brush"]["default_size"] == 3
    assert update["props"]["layers"]["disabled"] is True
