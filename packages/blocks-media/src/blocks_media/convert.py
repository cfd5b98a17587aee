"""Sounds and media files between Python and the wire (blocks-media).

A file on the wire is a ``FileData`` dict (:mod:`blocks.files`) or a *remote
file*: the same shape with ``path`` null and an ``http(s)`` ``url``, which the
page plays itself and the server never downloads.

Sounds are decoded and encoded with soundfile (libsndfile: WAV, FLAC, OGG
Vorbis/Opus, and MP3 with libsndfile 1.1+). What libsndfile cannot read (AAC/M4A,
WebM/Opus, the sound of a video) is decoded with PyAV when it is installed
(``pip install "blocks-media[av]"``); without it that fails with a message
saying so. numpy, soundfile and av are imported only inside the functions that
need them.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

from blocks import files

__all__ = ["AUDIO_FORMATS", "remote", "is_remote", "check_wire", "file_schema",
           "path_or_url", "decode_audio", "encode_audio", "to_int16", "audio_suffix"]

# format -> (soundfile format, subtype, suffix, mime type)
AUDIO_FORMATS = {
    "wav": ("WAV", "PCM_16", ".wav", "audio/wav"),
    "flac": ("FLAC", "PCM_16", ".flac", "audio/flac"),
    "ogg": ("OGG", "VORBIS", ".ogg", "audio/ogg"),
    "mp3": ("MP3", "MPEG_LAYER_III", ".mp3", "audio/mpeg"),
}

# The first bytes of the audio files a function may return as ``bytes``.
_MAGIC = ((b"RIFF", ".wav"), (b"fLaC", ".flac"), (b"OggS", ".ogg"), (b"ID3", ".mp3"),
          (b"\xff\xfb", ".mp3"), (b"\xff\xf3", ".mp3"), (b"\x1aE\xdf\xa3", ".webm"))


# -- the wire ------------------------------------------------------------------------------
# A media file on the wire is one file: a FileData or a remote file (blocks.files).
remote = files.remote
is_remote = files.is_remote
check_wire = files.check_file_wire


def file_schema(title: str = "FileData") -> dict:
    """The JSON schema of one file on the wire."""
    return files.file_data_schema(title)


def path_or_url(value, owner: str) -> dict:
    """The wire value of a path (through the file-access rule) or an http(s) URL."""
    text = os.fspath(value)
    if files.is_url(text):
        return remote(text)
    saved = files.save_file(text)
    return files.file_data(saved, orig_name=Path(text).name)


def audio_suffix(data: bytes) -> str:
    """The file suffix of encoded audio ``data``, from its first bytes (``.wav`` if unknown)."""
    for magic, suffix in _MAGIC:
        if data.startswith(magic):
            return suffix
    return ".wav"


# -- samples -------------------------------------------------------------------------------
def to_int16(data):
    """Samples as 16-bit integers, like Gradio: floats are scaled by their peak."""
    import numpy as np
    data = np.asarray(data)
    if data.dtype == np.int16:
        return data
    if data.dtype.kind == "f":
        peak = float(np.abs(data).max()) if data.size else 0.0
        scaled = data / peak if peak > 0 else data
        return (scaled * 32767).astype(np.int16)
    if data.dtype == np.int32:
        return (data // 65536).astype(np.int16)
    if data.dtype == np.uint8:
        return ((data.astype(np.int16) - 128) * 256).astype(np.int16)
    if data.dtype.kind in "iu":
        return data.astype(np.int16)
    raise TypeError(f"Audio samples must be numbers, not {data.dtype}.")


def encode_audio(rate: int, data, fmt: str) -> bytes:
    """``(rate, samples)`` as a file of format ``fmt`` (see :data:`AUDIO_FORMATS`)."""
    import numpy as np
    import soundfile
    if not isinstance(rate, (int, np.integer)) or rate <= 0:
        raise ValueError(f"Audio needs a positive integer sample rate, not {rate!r}.")
    samples = to_int16(data)
    if samples.ndim not in (1, 2):
        raise ValueError("Audio samples must have the shape (samples,) or "
                         f"(samples, channels), not {samples.shape}.")
    container, subtype, _, _ = AUDIO_FORMATS[fmt]
    buffer = io.BytesIO()
    try:
        soundfile.write(buffer, samples, int(rate), format=container, subtype=subtype)
    except (soundfile.LibsndfileError, TypeError, ValueError) as exc:
        raise ValueError(f"Cannot write {fmt} audio here: {exc}") from exc
    return buffer.getvalue()


def decode_audio(path: str | os.PathLike):
    """``(rate, int16 samples)`` of an audio (or video) file: soundfile, then PyAV."""
    import soundfile
    try:
        data, rate = soundfile.read(os.fspath(path), dtype="int16", always_2d=False)
        return int(rate), data
    except soundfile.LibsndfileError as exc:
        first = exc
    try:
        import av  # noqa: F401  (optional: blocks-media[av])
    except ImportError:
        raise ValueError(
            f"Cannot decode {Path(path).name}: libsndfile reads WAV, FLAC, OGG and MP3 "
            f"({first}); install PyAV for other formats: pip install \"blocks-media[av]\"."
        ) from None
    return _decode_with_av(path)


def _decode_with_av(path):
    import av
    import numpy as np
    try:
        with av.open(os.fspath(path)) as container:
            stream = next((s for s in container.streams if s.type == "audio"), None)
            if stream is None:
                raise ValueError(f"{Path(path).name} holds no sound.")
            channels = stream.codec_context.channels or 1
            layout = "mono" if channels == 1 else "stereo"
            rate = stream.codec_context.sample_rate
            resampler = av.AudioResampler(format="s16", layout=layout, rate=rate)
            chunks = []
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except av.error.FFmpegError as exc:
        raise ValueError(f"Cannot decode {Path(path).name}: {exc}") from exc
    data = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)
    if layout == "stereo":
        data = data.reshape(-1, 2)
    return int(rate), data.astype(np.int16)
