"""gr.Gallery in Python: the items it takes and returns, its arguments and checks."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from marshmallow import ValidationError
from PIL import Image as PILImage

import blocks as gr
from blocks import files
from blocks.exceptions import BlocksWarning
from blocks_image.gallery import Gallery


def upload(path) -> dict:
    return files.file_data(files.save_file(path))


def read(data) -> np.ndarray:
    with PILImage.open(data["path"]) as image:
        return np.asarray(image.convert("RGB"))


# -- postprocess -------------------------------------------------------------------------------
def test_postprocess_images_of_every_kind(pixels, png_path, temp_cache):
    wire = Gallery().postprocess([pixels, PILImage.fromarray(pixels), png_path, str(png_path)])
    assert [list(item) for item in wire] == [["image", "caption"]] * 4
    for item in wire:
        assert files.is_file_data(item["image"]) and item["caption"] is None
        assert Path(item["image"]["path"]).is_relative_to(temp_cache)
        assert np.array_equal(read(item["image"]), pixels)
    assert wire[2]["image"]["orig_name"] == "picture.png"


def test_postprocess_captions_urls_and_videos(pixels, tmp_path):
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    wire = Gallery().postprocess([
        (pixels, "an array"),
        ["https://example.com/a/cat.jpg", "remote"],
        (video, "a clip"),
        "https://example.com/world.mp4",
    ])
    assert wire[0]["caption"] == "an array"
    assert wire[1] == {"image": {"path": None, "url": "https://example.com/a/cat.jpg",
                                 "orig_name": "cat.jpg", "mime_type": "image/jpeg",
                                 "size": None, "meta": {"_type": files.FILE_TYPE}},
                       "caption": "remote"}
    assert files.is_file_data(wire[2]["video"]) and wire[2]["caption"] == "a clip"
    assert wire[2]["video"]["mime_type"] == "video/mp4"
    assert wire[3]["video"]["url"] == "https://example.com/world.mp4"


def test_postprocess_none_and_errors(tmp_path):
    assert Gallery().postprocess(None) == []
    assert Gallery().postprocess([]) == []
    with pytest.raises(ValueError, match="list"):
        Gallery().postprocess("cat.png")
    with pytest.raises(ValueError, match="not found"):
        Gallery().postprocess([tmp_path / "missing.png"])
    with pytest.raises(TypeError, match="numpy array"):
        Gallery().postprocess([42])


def test_postprocess_format(pixels):
    [item] = Gallery(format="jpeg").postprocess([pixels])
    assert item["image"]["mime_type"] == "image/jpeg"


# -- preprocess --------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["filepath", "numpy", "pil"])
def test_preprocess_types(kind, png_path, pixels, tmp_path):
    video = tmp_path / "clip.webm"
    video.write_bytes(b"\x1a\x45\xdf\xa3")
    payload = [{"image": upload(png_path), "caption": "cat"},
               {"video": upload(video), "caption": None}]
    items = Gallery(type=kind).preprocess(payload)
    assert [caption for _, caption in items] == ["cat", None]
    image, clip = items[0][0], items[1][0]
    assert clip == payload[1]["video"]["path"]  # videos are always paths
    if kind == "filepath":
        assert image == payload[0]["image"]["path"]
    elif kind == "numpy":
        assert isinstance(image, np.ndarray) and np.array_equal(image, pixels)
    else:
        assert isinstance(image, PILImage.Image) and np.array_equal(np.asarray(image), pixels)


def test_preprocess_empty_and_remote():
    assert Gallery().preprocess(None) is None
    assert Gallery().preprocess([]) is None
    remote = {"image": Gallery().postprocess(["https://example.com/x.png"])[0]["image"],
              "caption": None}
    assert Gallery().preprocess([remote]) == [("https://example.com/x.png", None)]
    with pytest.raises(ValueError, match="does not download"):
        Gallery(type="numpy").preprocess([remote])


def test_round_trip(pixels):
    gallery = Gallery(type="numpy")
    again = gallery.postprocess(gallery.preprocess(gallery.postprocess([(pixels, "x")])))
    assert again[0]["caption"] == "x" and np.array_equal(read(again[0]["image"]), pixels)


# -- the wire value and its checks -----------------------------------------------------------------
def test_value_field(png_path):
    field = Gallery.value_field()
    good = [{"image": upload(png_path), "caption": "c"}]
    assert field.deserialize(good) == good
    for bad in ([{"caption": "no file"}], [{"image": {"path": "/etc/passwd"}}],
                [{"image": upload(png_path), "video": upload(png_path)}],
                [{"image": upload(png_path), "caption": 3}],
                [{"image": {"path": None, "url": "javascript:alert(1)",
                            "meta": {"_type": files.FILE_TYPE}}}]):
        with pytest.raises(ValidationError):
            field.deserialize(bad)


def test_file_types_are_checked_on_arrival(png_path, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    gallery = Gallery(file_types=["image"])
    gallery.validate([{"image": upload(png_path), "caption": None}])
    with pytest.raises(ValueError, match="accepted file types"):
        gallery.validate([{"image": upload(text), "caption": None}])
    Gallery(file_types=[".png"]).validate([{"image": upload(png_path)}])
    with pytest.raises(ValueError):
        Gallery(file_types=[".jpg", "video"]).validate([{"image": upload(png_path)}])


def test_arguments():
    props = Gallery(columns=4, rows=2, height="auto", object_fit="contain", preview=True,
                    selected_index=1, allow_preview=False).get_props()
    assert props["columns"] == 4 and props["rows"] == 2 and props["object_fit"] == "contain"
    assert props["buttons"] == ["download", "download_all", "fullscreen"]
    assert props["sources"] == ["upload"] and "type" not in props
    assert Gallery(columns=[1, 3]).columns == 3  # Gradio 3's per-width list
    with pytest.raises(ValueError, match="columns"):
        Gallery(columns=0)
    with pytest.raises(ValueError, match="object_fit"):
        Gallery(object_fit="stretch")
    with pytest.raises(ValueError, match="type"):
        Gallery(type="bytes")
    with pytest.raises(ValueError, match="sources"):
        Gallery(sources=["microphone"])


def test_share_warns_and_is_left_out():
    with pytest.warns(BlocksWarning, match="share"):
        gallery = Gallery(buttons=["share", "download"])
    assert gallery.buttons == ["download"]
    with pytest.warns(BlocksWarning, match="show_share_button"):
        Gallery(show_share_button=True)
    with pytest.raises(ValueError, match="buttons"):
        Gallery(buttons=["print"])


def test_events_and_registration():
    assert Gallery.event_names() == ["select", "upload", "change", "delete", "preview_close",
                                     "preview_open"]
    assert gr.Gallery is Gallery
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with gr.Blocks():
            gallery = gr.Gallery()
            for name in Gallery.event_names():
                getattr(gallery, name)(lambda: None, None, None)
