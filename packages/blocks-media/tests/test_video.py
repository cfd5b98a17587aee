"""gr.Video on the server: its arguments, preprocess, postprocess and checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from marshmallow import ValidationError

import blocks as gr
from blocks import files
from blocks.exceptions import BlocksWarning


@pytest.fixture
def clip(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "clip.webm"
    path.write_bytes(b"\x1aE\xdf\xa3 not really a video")
    (tmp_path / "clip.vtt").write_text("WEBVTT\n\n00:00.000 --> 00:01.000\nHello\n")
    return path


def test_defaults_follow_gradio():
    video = gr.Video()
    assert video.sources == ["upload", "webcam"]
    props = video.get_props()
    assert props["include_audio"] is True
    assert props["webcam_options"] == {"mirror": True, "constraints": None}
    assert "format" not in props and "mirror_webcam" not in props


def test_arguments():
    assert gr.Video(mirror_webcam=False).webcam_options["mirror"] is False
    assert gr.Video(webcam_options={"mirror": False, "constraints": {"width": 320}}) \
        .webcam_options == {"mirror": False, "constraints": {"width": 320}}
    with pytest.raises(ValueError):
        gr.Video(sources=["microphone"])
    with pytest.warns(BlocksWarning, match="does not convert"):
        gr.Video(format="mp4")
    with pytest.warns(BlocksWarning, match="watermark"):
        gr.Video(watermark="logo.png")


def test_input_is_the_file_path(clip):
    wire = {"video": files.file_data(clip), "subtitles": None}
    assert gr.Video().preprocess(wire) == str(clip)
    assert gr.Video().preprocess(None) is None


def test_outputs(clip):
    video = gr.Video()
    wire = video.postprocess(str(clip))
    assert files.is_file_data(wire["video"]) and wire["subtitles"] is None
    assert wire["video"]["orig_name"] == "clip.webm"
    both = video.postprocess((clip, "clip.vtt"))
    assert both["subtitles"]["orig_name"] == "clip.vtt"
    remote = video.postprocess("https://example.com/v/film.mp4")
    assert remote["video"]["path"] is None
    assert video.postprocess(None) is None
    with pytest.raises(TypeError, match="Video can play"):
        video.postprocess(3)


def test_a_path_outside_the_allowed_ones_is_refused(tmp_path, monkeypatch):
    from blocks.file_access import FileAccessError, FileRule, checking
    monkeypatch.chdir(tmp_path)
    with checking(FileRule()), pytest.raises(FileAccessError):
        gr.Video().postprocess("/etc/hostname")
    with checking(FileRule()), pytest.raises(FileAccessError):
        gr.Audio().postprocess("/etc/hostname")


def test_wire_values_are_checked(clip):
    field = gr.Video.value_field()
    good = {"video": files.file_data(clip), "subtitles": None}
    assert field.deserialize(good) == good
    for bad in ({"video": None}, {"video": files.file_data(clip), "extra": 1},
                files.file_data(clip)):
        with pytest.raises(ValidationError):
            field.deserialize(bad)


def test_stream_clips_are_given_as_paths():
    from blocks.streaming import Chunk
    path = gr.Video().preprocess_chunk(Chunk(b"\x1aE\xdf\xa3 a clip", "video/webm"))
    assert path.endswith(".webm")
    assert Path(path).read_bytes().startswith(b"\x1aE\xdf\xa3")
    assert gr.Video().preprocess_chunk(Chunk(b"mp4", "video/mp4")).endswith(".mp4")
    assert "stream" in gr.Video.event_names()
