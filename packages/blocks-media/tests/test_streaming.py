"""Streaming outputs on the server: each chunk a generator yields as a playable file, and
the whole stream joined once it ends (blocks_media.streaming)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pytest
import soundfile

import blocks as gr


def wav(sound) -> bytes:
    buffer = io.BytesIO()
    soundfile.write(buffer, sound[1], sound[0], format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def test_audio_chunks_are_files_of_one_stream(tone, wav_path, monkeypatch):
    monkeypatch.chdir(wav_path.parent)
    audio, memo = gr.Audio(streaming=True), {}
    chunks = [audio.postprocess_stream(tone, memo),
              audio.postprocess_stream(wav(tone), memo),
              audio.postprocess_stream(str(wav_path), memo)]
    streams = [chunk["meta"]["stream"] for chunk in chunks]
    assert [s["index"] for s in streams] == [0, 1, 2]
    assert len({s["id"] for s in streams}) == 1
    for chunk in chunks:
        assert soundfile.info(chunk["path"]).frames == 8000
    whole = audio.finish_stream(memo)
    assert whole["meta"]["stream"] == {"id": streams[0]["id"], "end": True, "index": 3}
    rate, samples = audio.preprocess(whole)
    assert rate == 16000 and np.array_equal(samples, np.concatenate([tone[1]] * 3))
    assert whole["orig_name"] == "audio-stream.wav"


def test_a_wav_file_read_in_pieces_plays_piece_by_piece(tone):
    data = wav(tone)
    audio, memo = gr.Audio(streaming=True), {}
    pieces = [audio.postprocess_stream(data[i:i + 5001], memo)
              for i in range(0, len(data), 5001)]
    frames = [soundfile.info(piece["path"]).frames for piece in pieces]
    assert sum(frames) == 8000  # every sample, in whole frames
    _, samples = audio.preprocess(audio.finish_stream(memo))
    assert np.array_equal(samples, tone[1])


def test_the_whole_follows_the_format():
    audio, memo = gr.Audio(streaming=True, format="flac"), {}
    audio.postprocess_stream((8000, np.zeros(800, dtype=np.int16)), memo)
    whole = audio.finish_stream(memo)
    assert soundfile.info(whole["path"]).format == "FLAC"


def test_streaming_audio_errors_are_clear():
    audio = gr.Audio(streaming=True)
    with pytest.raises(TypeError, match="streaming Audio"):
        audio.postprocess_stream(3.5, {})
    memo = {}
    audio.postprocess_stream((8000, np.zeros(80, dtype=np.int16)), memo)
    audio.postprocess_stream((16000, np.zeros(80, dtype=np.int16)), memo)
    with pytest.raises(ValueError, match="one sample rate"):
        audio.finish_stream(memo)
    assert audio.finish_stream({}) is None  # a generator that yielded nothing


def test_without_streaming_a_generator_shows_each_value_whole(tone):
    audio, memo = gr.Audio(), {}
    wire = audio.postprocess_stream(tone, memo)
    assert "stream" not in wire["meta"] and audio.finish_stream(memo) is None


def test_video_chunks_become_fragmented_mp4(clips):
    av = pytest.importorskip("av")
    video, memo = gr.Video(streaming=True), {}
    sources = [clips("a.mp4"), clips("b.ts"), clips("c.webm", codec="libvpx", size=(65, 49))]
    chunks = [video.postprocess_stream(str(path), memo)["video"] for path in sources]
    codecs = [chunk["meta"]["stream"]["codecs"] for chunk in chunks]
    assert re.fullmatch(r"avc1\.[0-9A-F]{6},mp4a\.40\.2", codecs[0])
    assert codecs[1] == codecs[0]  # MPEG-TS: H.264 copied, ADTS AAC encoded again
    for chunk in chunks:
        data = Path(chunk["path"]).read_bytes()
        assert b"moof" in data and chunk["mime_type"] == "video/mp4"
    with av.open(chunks[2]["path"]) as converted:  # VP8 encoded to H.264, even size
        stream = converted.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 64, 48)
    whole = video.finish_stream(memo)["video"]
    assert whole["orig_name"] == "video-stream.mp4" and whole["meta"]["stream"]["end"]
    with av.open(whole["path"]) as joined:
        assert 2.9 < joined.duration / 1_000_000 < 3.2
        assert sum(1 for _ in joined.decode(video=0)) == 30


def test_streaming_video_errors_are_clear(tmp_path, monkeypatch):
    pytest.importorskip("av")
    monkeypatch.chdir(tmp_path)
    video = gr.Video(streaming=True)
    with pytest.raises(TypeError, match="streaming Video"):
        video.postprocess_stream(b"bytes", {})
    with pytest.raises(ValueError, match="not URLs"):
        video.postprocess_stream("https://example.com/a.mp4", {})
    (tmp_path / "junk.mp4").write_bytes(b"not a video")
    with pytest.raises(ValueError, match=r"Cannot stream junk\.mp4"):
        video.postprocess_stream("junk.mp4", {})
    assert video.finish_stream({}) is None


def test_streaming_video_without_pyav_says_what_to_install(monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_av(name, *args, **kwargs):
        if name == "av":
            raise ImportError("no av")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_av)
    monkeypatch.setattr("importlib.util.find_spec", lambda name, *a: None)
    with pytest.warns(gr.BlocksWarning, match=r"blocks-media\[av\]"):
        video = gr.Video(streaming=True)
    with pytest.raises(RuntimeError, match=r"needs PyAV.*blocks-media\[av\]"):
        video.postprocess_stream(__file__, {})


def test_api_clients_receive_the_whole_stream(serve, tmp_path, tone):
    from gradio_client import Client

    def speak():
        yield tone
        yield tone

    with gr.Blocks() as demo:
        out = gr.Audio(streaming=True)
        gr.Button().click(speak, None, out, api_name="speak")
    client = Client(serve(demo), download_files=str(tmp_path), verbose=False)
    path = client.predict(api_name="/speak")
    info = soundfile.info(path)
    assert (info.samplerate, info.frames) == (16000, 16000)  # both chunks, one file
