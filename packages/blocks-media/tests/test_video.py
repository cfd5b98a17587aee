"""gr.Video on the server: its arguments, preprocess, postprocess and checks."""

from __future__ import annotations

import json
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
    with pytest.warns(BlocksWarning, match="converts videos to mp4, mov, mkv, webm, avi"):
        assert gr.Video(format="flv").format is None
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


# -- format conversion and subtitles (PyAV) ---------------------------------------------------
def probe(path):
    av = pytest.importorskip("av")
    with av.open(str(path)) as container:
        kinds = {s.type: s.codec_context.name for s in container.streams}
        return container.format.name, kinds


def test_format_converts_uploads_and_outputs(clips, tmp_path, monkeypatch):
    pytest.importorskip("av")
    monkeypatch.chdir(tmp_path)
    webm = clips("clip.webm", codec="libvpx")
    video = gr.Video(format="mp4")
    received = video.preprocess({"video": files.file_data(webm), "subtitles": None})
    assert received.endswith(".mp4")
    container, kinds = probe(received)
    assert "mp4" in container and kinds == {"video": "h264", "audio": "aac"}
    assert video.preprocess({"video": files.file_data(webm), "subtitles": None}) == received
    out = video.postprocess(str(webm))["video"]
    assert out["orig_name"] == "clip.mp4" and out["mime_type"] == "video/mp4"
    mp4 = clips("film.mp4")
    to_webm = gr.Video(format="webm").postprocess(str(mp4))["video"]
    assert probe(to_webm["path"])[1] == {"video": "vp9", "audio": "opus"}
    to_mkv = gr.Video(format="mkv").postprocess(str(mp4))["video"]
    assert probe(to_mkv["path"]) == ("matroska,webm", {"video": "h264", "audio": "aac"})


def test_videos_browsers_cannot_play_become_mp4(clips, tmp_path, monkeypatch):
    pytest.importorskip("av")
    monkeypatch.chdir(tmp_path)
    avi = clips("old.avi", codec="mpeg4", sound=False)
    with pytest.warns(UserWarning, match="converting it to MP4"):
        out = gr.Video().postprocess(str(avi))["video"]
    assert out["orig_name"] == "old.mp4" and probe(out["path"])[1] == {"video": "h264"}
    webm = clips("webcam.webm", codec="libvpx")  # VP8 WebM plays in every browser: kept
    assert gr.Video().postprocess(str(webm))["video"]["orig_name"] == "webcam.webm"


def test_without_pyav_format_warns_and_keeps_files(monkeypatch, clip):
    import blocks_media.video as video_module
    monkeypatch.setattr(video_module, "have_av", lambda: False)
    with pytest.warns(BlocksWarning, match=r"not installed: pip install \"blocks-media\[av\]"):
        video = gr.Video(format="mp4")
    wire = {"video": files.file_data(clip), "subtitles": None}
    assert video.preprocess(wire) == str(clip)
    assert video.postprocess(str(clip))["video"]["orig_name"] == "clip.webm"


def test_subtitles_become_webvtt(clip, tmp_path):
    srt = tmp_path / "talk.srt"
    srt.write_text("1\r\n00:00:00,500 --> 00:00:01,250\r\nHello\r\n\r\n"
                   "2\r\n00:00:01,300 --> 00:00:02,000\r\nWorld, again\r\n",
                   encoding="utf-8")
    wire = gr.Video(subtitles=str(srt)).postprocess(str(clip))["subtitles"]
    assert wire["orig_name"] == "talk.vtt" and wire["mime_type"] == "text/vtt"
    assert Path(wire["path"]).read_text() == ("WEBVTT\n\n00:00:00.500 --> 00:00:01.250\nHello\n\n"
                                         "00:00:01.300 --> 00:00:02.000\nWorld, again\n")
    cues = [{"text": "Hi", "timestamp": [0, 1.5]}, {"text": "Bye", "timestamp": [61, 62]}]
    listed = gr.Video(subtitles=cues).postprocess(str(clip))["subtitles"]
    assert "00:01:01.000 --> 00:01:02.000\nBye" in Path(listed["path"]).read_text()
    (tmp_path / "cues.json").write_text(json.dumps(cues))
    both = gr.Video().postprocess((str(clip), "cues.json"))["subtitles"]
    assert Path(both["path"]).read_text() == Path(listed["path"]).read_text()
    with pytest.raises(ValueError, match="timestamp"):
        gr.Video(subtitles=[{"text": "no time"}]).postprocess(str(clip))
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(ValueError, match=r"\.vtt, \.srt or \.json"):
        gr.Video().postprocess((str(clip), "notes.txt"))
    with pytest.raises(TypeError):
        gr.Video(subtitles=42)


def test_stream_clips_are_given_as_paths():
    from blocks.streaming import Chunk
    path = gr.Video().preprocess_chunk(Chunk(b"\x1aE\xdf\xa3 a clip", "video/webm"))
    assert path.endswith(".webm")
    assert Path(path).read_bytes().startswith(b"\x1aE\xdf\xa3")
    assert gr.Video().preprocess_chunk(Chunk(b"mp4", "video/mp4")).endswith(".mp4")
    assert "stream" in gr.Video.event_names()
