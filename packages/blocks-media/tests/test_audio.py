"""gr.Audio on the server: its arguments, preprocess, postprocess and checks."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np
import pytest
import soundfile
from marshmallow import ValidationError

import blocks as gr
from blocks import files
from blocks.exceptions import BlocksWarning


def uploaded(path) -> dict:
    return files.file_data(path)


def test_defaults_follow_gradio():
    audio = gr.Audio()
    assert audio.type == "numpy"
    assert audio.sources == ["upload", "microphone"]
    assert audio.format is None
    props = audio.get_props()
    assert props["sources"] == ["upload", "microphone"]
    assert props["autoplay"] is False and props["loop"] is False
    assert "type" not in props and "format" not in props


@pytest.mark.parametrize("kwargs", [{"type": "pil"}, {"format": "aac"},
                                    {"sources": ["webcam"]}, {"buttons": ["copy"]}])
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(ValueError):
        gr.Audio(**kwargs)


def test_waveform_options_are_props():
    audio = gr.Audio(waveform_options=gr.WaveformOptions(waveform_color="red",
                                                          sample_rate=16000),
                     editable=False)
    props = audio.get_props()
    assert props["waveform_options"]["waveform_color"] == "red"
    assert props["waveform_options"]["sample_rate"] == 16000
    assert props["editable"] is False
    assert gr.Audio(waveform_options={"trim_region_color": "blue"}) \
        .get_props()["waveform_options"]["trim_region_color"] == "blue"
    with pytest.raises(ValueError, match="sample_rate"):
        gr.Audio(waveform_options=gr.WaveformOptions(sample_rate=0))


def test_gradio_only_arguments_warn():
    with pytest.warns(BlocksWarning, match="skip buttons"):
        gr.Audio(waveform_options=gr.WaveformOptions(skip_length=2))
    with pytest.warns(BlocksWarning, match="share"):
        gr.Audio(buttons=["download", "share"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gr.Audio(waveform_options=gr.WaveformOptions())


def test_numpy_input_is_rate_and_int16_samples(wav_path, tone):
    rate, samples = gr.Audio(type="numpy").preprocess(uploaded(wav_path))
    assert rate == 16000
    assert samples.dtype == np.int16 and samples.shape == (8000,)
    assert np.array_equal(samples, tone[1])


def test_stereo_input_has_a_channel_axis(tmp_path):
    path = tmp_path / "stereo.flac"
    soundfile.write(path, np.zeros((100, 2), dtype=np.int16), 8000)
    rate, samples = gr.Audio().preprocess(uploaded(path))
    assert (rate, samples.shape) == (8000, (100, 2))


def test_filepath_input_keeps_the_file_unless_a_format_is_given(wav_path):
    assert gr.Audio(type="filepath").preprocess(uploaded(wav_path)) == str(wav_path)
    converted = gr.Audio(type="filepath", format="flac").preprocess(uploaded(wav_path))
    assert converted.endswith(".flac")
    info = soundfile.info(converted)
    assert (info.format, info.samplerate, info.frames) == ("FLAC", 16000, 8000)


@pytest.mark.parametrize("fmt, container", [(None, "WAV"), ("wav", "WAV"), ("flac", "FLAC"),
                                            ("ogg", "OGG"), ("mp3", "MP3")])
def test_numpy_output_is_encoded_in_the_format(tone, fmt, container):
    wire = gr.Audio(format=fmt).postprocess(tone)
    assert files.is_file_data(wire)
    info = soundfile.info(wire["path"])
    assert (info.format, info.samplerate) == (container, 16000)
    assert info.frames >= 8000  # MP3 pads its last frame
    assert wire["mime_type"].startswith("audio/")


def test_float_output_is_scaled_by_its_peak():
    wire = gr.Audio().postprocess((8000, np.array([0.0, 0.25, -0.5])))
    data, _ = soundfile.read(wire["path"], dtype="int16")
    assert data.tolist() == [0, 16383, -32767]


def test_output_round_trips_through_the_input(tone):
    audio = gr.Audio()
    rate, samples = audio.preprocess(audio.postprocess(tone))
    assert rate == 16000 and np.array_equal(samples, tone[1])


def test_path_bytes_and_url_outputs(wav_path, monkeypatch):
    monkeypatch.chdir(wav_path.parent)
    audio = gr.Audio()
    wire = audio.postprocess(str(wav_path))
    assert Path(wire["path"]).read_bytes() == wav_path.read_bytes()
    assert wire["orig_name"] == "tone.wav"
    assert audio.postprocess(wav_path)["orig_name"] == "tone.wav"
    raw = audio.postprocess(wav_path.read_bytes())
    assert raw["path"].endswith(".wav")
    url = audio.postprocess("https://example.com/a/song.mp3")
    assert url["path"] is None and url["url"] == "https://example.com/a/song.mp3"
    assert audio.postprocess(None) is None


def test_bad_outputs_are_clear_errors():
    audio = gr.Audio()
    with pytest.raises(TypeError, match="Audio can play"):
        audio.postprocess(42)
    with pytest.raises(ValueError, match="sample rate"):
        audio.postprocess((0, np.zeros(4)))
    with pytest.raises(ValueError, match="shape"):
        audio.postprocess((8000, np.zeros((2, 2, 2))))


def test_an_undecodable_file_is_a_clear_error(tmp_path):
    junk = tmp_path / "junk.wav"
    junk.write_bytes(b"not a sound at all")
    with pytest.raises(ValueError, match=r"Cannot decode junk\.wav"):
        gr.Audio().preprocess(uploaded(junk))


def test_webm_opus_is_decoded_with_pyav(tmp_path):
    """What a browser's MediaRecorder makes (WebM/Opus), if a client uploads it as is."""
    av = pytest.importorskip("av")
    path = tmp_path / "voice.webm"
    with av.open(str(path), "w", format="webm") as container:
        stream = container.add_stream("libopus", rate=48000)
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 960 * 25), dtype=np.int16),
                                           format="s16", layout="mono")
        frame.sample_rate = 48000
        for packet in stream.encode(frame):
            container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    rate, samples = gr.Audio().preprocess(uploaded(path))
    assert rate == 48000 and samples.dtype == np.int16 and samples.ndim == 1
    assert 0.4 < len(samples) / rate < 0.6


def test_wire_values_are_checked():
    field = gr.Audio.value_field()
    with pytest.raises(ValidationError):
        field.deserialize({"path": 3})
    with pytest.raises(ValidationError):
        field.deserialize("/etc/passwd")
    assert field.deserialize(None) is None


def test_min_and_max_length(wav_path):
    wire = uploaded(wav_path)  # 0.5 s
    gr.Audio(min_length=0.2, max_length=1).validate(wire)
    with pytest.raises(ValueError, match="at least 1"):
        gr.Audio(min_length=1).validate(wire)
    with pytest.raises(ValueError, match=r"at most 0\.1"):
        gr.Audio(max_length=0.1).validate(wire)


def test_importing_the_package_loads_no_codec():
    import subprocess
    import sys
    code = ("import sys, blocks_media, blocks_media.audio, blocks_media.video;"
            "print(sorted(m for m in ('numpy', 'soundfile', 'av') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_bytes_suffix_sniffing():
    buffer = io.BytesIO()
    soundfile.write(buffer, np.zeros(10, dtype=np.int16), 8000, format="FLAC")
    assert gr.Audio().postprocess(buffer.getvalue())["path"].endswith(".flac")


def test_stream_chunks_become_the_type_asked_for(wav_path, tone):
    from blocks.streaming import Chunk
    chunk = Chunk(wav_path.read_bytes(), "audio/wav")
    rate, samples = gr.Audio().preprocess_chunk(chunk)
    assert rate == tone[0] and samples.dtype.name == "int16" and len(samples) == len(tone[1])
    path = gr.Audio(type="filepath").preprocess_chunk(chunk)
    assert path.endswith(".wav") and Path(path).read_bytes() == wav_path.read_bytes()
    with pytest.raises(ValueError, match="not a WAV sound"):
        gr.Audio().preprocess_chunk(Chunk(b"RIFF junk", "audio/wav"))
    assert "stream" in gr.Audio.event_names()
