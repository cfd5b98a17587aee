"""gr.Model3D: its props, the value on the wire, preprocess and postprocess."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from marshmallow import ValidationError

import blocks as gr
from blocks import files
from blocks.exceptions import BlocksWarning
from blocks_media.model3d import Model3D

URL = "https://example.com/models/Duck.glb"


def test_entry_point_and_defaults():
    assert gr.Model3D is Model3D
    model = gr.Model3D(label="Model")
    props = model.get_props()
    assert props["value"] is None and props["display_mode"] is None
    assert props["clear_color"] == [0, 0, 0, 0]
    assert props["camera_position"] == [None, None, None]
    assert (props["zoom_speed"], props["pan_speed"]) == (1, 1)
    assert [event.name for event in Model3D.EVENTS] == ["change", "upload", "edit", "clear"]


def test_gradio_arguments_are_checked():
    model = gr.Model3D(display_mode="wireframe", clear_color=(0.2, 0.4, 0.6),
                       camera_position=(30, None, 5), zoom_speed=2, pan_speed=0.5,
                       height=400)
    props = model.get_props()
    assert props["clear_color"] == [0.2, 0.4, 0.6, 1.0]
    assert props["camera_position"] == [30, None, 5]
    assert props["height"] == 400
    for bad in ({"display_mode": "shaded"}, {"clear_color": (2, 0, 0, 1)},
                {"clear_color": "red"}, {"camera_position": (1, 2)},
                {"camera_position": (0, 0, -1)}, {"zoom_speed": 0},
                {"pan_speed": float("nan")}, {"zoom_speed": True}):
        with pytest.raises(ValueError, match="Model3D"):
            gr.Model3D(**bad)


def test_gradio_buttons_warn():
    with pytest.warns(BlocksWarning, match="buttons"):
        gr.Model3D(buttons=[])


def test_a_path_becomes_a_servable_file(models):
    model = gr.Model3D()
    wire = model.postprocess(models["cube.glb"])
    assert files.is_file_data(wire) and wire["orig_name"] == "cube.glb"
    assert Path(wire["path"]).read_bytes() == models["cube.glb"].read_bytes()
    assert model.postprocess(str(models["cube.obj"]))["orig_name"] == "cube.obj"
    assert model.postprocess(None) is None
    assert model.postprocess(wire) is wire
    with pytest.raises(TypeError, match="Model3D"):
        model.postprocess(42)


def test_a_url_is_left_to_the_page():
    wire = gr.Model3D().postprocess(URL)
    assert wire["path"] is None and wire["url"] == URL and wire["orig_name"] == "Duck.glb"
    assert gr.Model3D().preprocess(wire) == URL


def test_preprocess_gives_the_path(models):
    wire = files.file_data(models["cube.stl"])
    assert gr.Model3D().preprocess(wire) == wire["path"]
    assert gr.Model3D().preprocess(None) is None


def test_the_wire_value_is_checked(models):
    field = Model3D.value_field()
    field.deserialize(files.file_data(models["cube.obj"]))
    field.deserialize(files.remote(URL))
    for bad in ({"path": "/x.obj"}, {"url": "ftp://x/y.obj", "path": None,
                                     "meta": {"_type": files.FILE_TYPE}}, {"a": 1}):
        with pytest.raises(ValidationError):
            field.deserialize(bad)
    model = gr.Model3D()
    model.validate(files.file_data(models["cube.glb"]))
    with pytest.raises(ValueError, match=r"\.glb"):
        model.validate({**files.file_data(models["cube.glb"]), "orig_name": "notes.txt"})


def test_api_page_example_is_a_model():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = gr.Model3D()
    example = model.example_value()
    assert example["orig_name"] == "cube.obj"
    assert Path(example["path"]).read_text().startswith("v ")
    assert model.api_info()["type"]["title"] == "FileData"


def test_sample_media_helpers():
    """``from gradio.media import get_model3d`` (blocks.media): a local sample, or the URL
    of Gradio's sample of that name."""
    from blocks import media
    assert gr.get_model3d("Duck.glb").startswith("https://") and \
        gr.get_model3d("Duck.glb").endswith("/models3d/Duck.glb")
    assert media.get_file("titanic.csv").endswith("/data/titanic.csv")
    assert media.get_image().rsplit("/", 1)[1] in media.SAMPLES["images"]
    assert media.get_video("https://x.org/a.mp4") == "https://x.org/a.mp4"
    with pytest.raises(FileNotFoundError):
        media.get_audio("nothing.wav")
    with pytest.raises(ValueError):
        media.get_audio("../secret.wav")


def test_sample_media_prefers_local_files(tmp_path, monkeypatch):
    from blocks import media
    (tmp_path / "models3d").mkdir()
    (tmp_path / "models3d" / "mine.obj").write_text("v 0 0 0\n")
    monkeypatch.setattr(media, "MEDIA_ROOT", tmp_path)
    assert media.get_model3d("mine.obj") == str(tmp_path / "models3d" / "mine.obj")
    assert media.get_model3d() == str(tmp_path / "models3d" / "mine.obj")
