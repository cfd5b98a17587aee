"""``gr.Audio``: takes a sound from the user (upload, microphone), or plays one a
function returns.

On the wire the value is a ``FileData`` dict (:mod:`blocks.files`). The page
plays it with the browser's own ``<audio controls>`` player, and records the
microphone with ``MediaRecorder``, converting the recording to a WAV file before
it uploads it (so the server never needs a WebM/Opus decoder for recordings).
"""

from __future__ import annotations

import dataclasses
import io
import os
import warnings
from typing import Any, ClassVar, Sequence

from marshmallow import fields

from blocks import files
from blocks.components import Component
from blocks.events import CHANGE, CLEAR, INPUT, UPLOAD
from blocks.exceptions import BlocksWarning
from blocks.streaming import STREAM, Chunk
from blocks_media.convert import (
    AUDIO_FORMATS,
    audio_suffix,
    check_wire,
    decode_audio,
    encode_audio,
    file_schema,
    path_or_url,
)
from blocks_media.events import (
    PAUSE,
    PAUSE_RECORDING,
    PLAY,
    START_RECORDING,
    STOP,
    STOP_RECORDING,
)
from blocks_media.props import check_buttons, check_sources
from blocks_media.streaming import audio_chunk, finish_audio

__all__ = ["Audio", "WaveformOptions"]

TYPES = ("numpy", "filepath")
SOURCES = ("upload", "microphone")


@dataclasses.dataclass
class WaveformOptions:
    """How an Audio draws its waveform (above the browser's own player).

    Args:
        waveform_color: the colour of the waveform not yet played (any CSS colour).
        waveform_progress_color: the colour of the part already played, and of the
            live waveform while recording.
        trim_region_color: the colour of the region selected for trimming.
        show_recording_waveform: draw the microphone's waveform while it records.
        skip_length: Gradio's skip buttons; the browser's own player has none, so a
            value other than 5 warns.
        sample_rate: the sample rate (Hz) of trimmed sounds.
    """
    waveform_color: str | None = None
    waveform_progress_color: str | None = None
    trim_region_color: str | None = None
    show_recording_waveform: bool = True
    skip_length: int | float = 5
    sample_rate: int = 44100


def _example_wav() -> bytes:
    # 0.1 s of silence, 8 kHz, 16-bit mono: the example value of the API page
    frames = 800
    header = (b"RIFF" + (36 + frames * 2).to_bytes(4, "little") + b"WAVEfmt " +
              (16).to_bytes(4, "little") + (1).to_bytes(2, "little") +
              (1).to_bytes(2, "little") + (8000).to_bytes(4, "little") +
              (16000).to_bytes(4, "little") + (2).to_bytes(2, "little") +
              (16).to_bytes(2, "little") + b"data" + (frames * 2).to_bytes(4, "little"))
    return header + bytes(frames * 2)


class Audio(Component):
    """A sound: uploaded or recorded with the microphone by the user (input), or returned
    by a function (output), played with the browser's own controls.

    ``type`` is what the function receives: ``"numpy"`` (a ``(sample_rate,
    samples)`` tuple, the samples an ``int16`` array of shape ``(n,)`` for mono
    or ``(n, channels)``) or ``"filepath"`` (a ``str``). A function may return
    either of those, a ``pathlib.Path``, an http(s) URL (played by the page, never
    downloaded by the server) or encoded ``bytes``. Float samples are scaled by
    their peak, as Gradio does. Decoding and encoding use soundfile (WAV, FLAC,
    OGG, MP3); other formats need PyAV (``pip install "blocks-media[av]"``).

    Args:
        value: the sound first shown: a path, a URL or a ``(sample_rate, samples)`` tuple.
        sources: where the user may take a sound from: ``"upload"``, ``"microphone"``
            (both by default).
        type: what the function receives: ``"numpy"`` or ``"filepath"``.
        format: the file format sounds are written in: ``"wav"``, ``"flac"``, ``"ogg"``
            or ``"mp3"``. ``None`` (the default) writes arrays as WAV and keeps files as
            they are; given, it also converts the files a ``"filepath"`` function receives.
        autoplay: play the sound as soon as it is shown.
        loop: play it again from the start when it ends.
        show_download_button: show a link that downloads the sound (with ``buttons``).
        buttons: the buttons shown beside the player: ``"download"`` (the default;
            ``"share"`` is Gradio's and warns).
        recording: start recording from the microphone as soon as the page shows it.
        playback_position: where playback starts, in seconds.
        min_length: the shortest sound accepted from the user, in seconds.
        max_length: the longest sound accepted from the user, in seconds.
        waveform_options: a ``gr.WaveformOptions`` (or a dict of its fields): the colours
            of the waveform, whether it shows while recording, the sample rate of
            trimmed sounds.
        editable: let the user trim the sound (select a region with the two handles
            over the waveform, then press Trim); the trimmed sound, a WAV file at
            ``waveform_options.sample_rate``, becomes the value.
        streaming: as the output of a generator, play each chunk it yields as soon as
            it arrives, after the ones before (a ``(rate, samples)`` tuple, a file path
            or encoded ``bytes``); once the generator ends, the output's value is the
            whole sound (WAV, or ``format``). Use ``autoplay=True`` to start at once.

    ``.stream(fn, inputs, outputs, stream_every=0.5, time_limit=None)`` streams the
    microphone: while the user records, the page sends the sound of each
    ``stream_every`` seconds (16-bit PCM WAV, mono) and ``fn`` runs on each chunk in
    order, as this component's ``type`` (see ``docs/protocol.md``, "Streaming inputs").
    """

    name = "audio"
    JS_MODULE = "audio.js"
    EVENTS = (CHANGE, INPUT, CLEAR, PLAY, PAUSE, STOP, START_RECORDING, PAUSE_RECORDING,
              STOP_RECORDING, UPLOAD, STREAM)
    # the chunks a microphone stream sends (blocks.streaming): every one, in order
    STREAM_TYPES: ClassVar = ("audio/wav",)
    STREAM_MAX_BYTES: ClassVar = 2 * 1024 * 1024
    STREAM_KEEP_LATEST: ClassVar = False
    SERVER_PARAMS = frozenset({"type", "format", "min_length", "max_length"})
    GRADIO_ONLY: ClassVar = {
        "show_share_button": "Blocks has no share links",
        "subtitles": "sounds show no subtitles yet",
    }

    def __init__(self, value: Any = None, *, sources: Sequence[str] | str | None = None,
                 type: str = "numpy", format: str | None = None, autoplay: bool = False,
                 loop: bool = False, show_download_button: bool = True,
                 buttons: Sequence[str] | None = None, recording: bool = False,
                 playback_position: float = 0, min_length: float | None = None,
                 max_length: float | None = None,
                 waveform_options: WaveformOptions | dict | None = None,
                 editable: bool = True, streaming: bool = False, **kwargs):
        if type not in TYPES:
            raise ValueError(f"Audio type must be 'numpy' or 'filepath', not {type!r}.")
        self.type = type
        fmt = format.lower().lstrip(".") if isinstance(format, str) else format
        if fmt is not None and fmt not in AUDIO_FORMATS:
            raise ValueError(f"Audio format must be one of {', '.join(AUDIO_FORMATS)} or "
                             f"None, not {format!r}.")
        self.format = fmt
        self.sources = check_sources("Audio", sources, SOURCES)
        self.buttons = check_buttons("Audio", buttons, ("download",), ("share",))
        self.min_length, self.max_length = min_length, max_length
        if isinstance(waveform_options, dict):
            waveform_options = WaveformOptions(**waveform_options)
        options = waveform_options or WaveformOptions()
        if options.skip_length != WaveformOptions.skip_length:
            warnings.warn("Audio(waveform_options=WaveformOptions(skip_length=...)): the "
                          "browser's own player has no skip buttons.", BlocksWarning,
                          stacklevel=3)
        if not isinstance(options.sample_rate, int) or options.sample_rate <= 0:
            raise ValueError("WaveformOptions.sample_rate must be a positive integer, not "
                             f"{options.sample_rate!r}.")
        self.waveform_options = dataclasses.asdict(options)
        self.editable = bool(editable)
        self.streaming = bool(streaming)
        super().__init__(value, **kwargs)

    # -- the value on the wire ------------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True,
                           validate=lambda value: check_wire(value, "a sound"))

    def validate(self, value: dict) -> None:
        if (self.min_length is None and self.max_length is None) or not value.get("path"):
            return
        import soundfile
        try:
            seconds = soundfile.info(value["path"]).duration
        except soundfile.LibsndfileError:
            rate, samples = decode_audio(value["path"])
            seconds = len(samples) / rate
        if self.min_length is not None and seconds < self.min_length:
            raise ValueError(f"The sound lasts {seconds:.1f} s; it must last at least "
                             f"{self.min_length} s.")
        if self.max_length is not None and seconds > self.max_length:
            raise ValueError(f"The sound lasts {seconds:.1f} s; it must last at most "
                             f"{self.max_length} s.")

    def preprocess(self, payload: dict | None):
        """The sound, as this component's ``type``."""
        if payload is None:
            return None
        path = payload.get("path")
        if not path:
            raise ValueError("Audio inputs must be uploaded files, not remote URLs.")
        if self.type == "numpy":
            return decode_audio(path)
        if self.format and not path.lower().endswith(AUDIO_FORMATS[self.format][2]):
            rate, samples = decode_audio(path)
            return str(files.save_bytes(encode_audio(rate, samples, self.format),
                                        AUDIO_FORMATS[self.format][2]))
        return path

    def preprocess_chunk(self, chunk: Chunk):
        """A chunk of a microphone stream (a WAV file), as this component's ``type``."""
        if self.type == "numpy":
            import soundfile
            try:
                data, rate = soundfile.read(io.BytesIO(chunk.data), dtype="int16",
                                            always_2d=False)
            except soundfile.LibsndfileError as error:
                raise ValueError(f"the chunk is not a WAV sound ({error})") from None
            return int(rate), data
        return self.preprocess(files.file_data(files.save_bytes(chunk.data, ".wav"),
                                               mime_type="audio/wav"))

    def postprocess(self, value: Any) -> dict | None:
        """Write the sound where the server can serve it; return its wire value."""
        if value is None:
            return None
        if isinstance(value, dict) and (files.is_file_data(value) or value.get("url")):
            return value
        if isinstance(value, (str, os.PathLike)):
            return path_or_url(value, "Audio")
        if isinstance(value, (bytes, bytearray)):
            data = bytes(value)
            return files.file_data(files.save_bytes(data, audio_suffix(data)))
        if isinstance(value, (tuple, list)) and len(value) == 2:
            rate, samples = value
            fmt = self.format or "wav"
            _, _, suffix, mime = AUDIO_FORMATS[fmt]
            saved = files.save_bytes(encode_audio(rate, samples, fmt), suffix)
            return files.file_data(saved, orig_name=f"audio{suffix}", mime_type=mime)
        raise TypeError("Audio can play a file path, a URL, bytes, a (sample_rate, samples) "
                        f"tuple or None; got {type(value).__name__}.")

    def postprocess_stream(self, value: Any, memo: dict) -> dict | None:
        """With ``streaming=True``, each yielded chunk as a file of its own
        (:mod:`blocks_media.streaming`); otherwise :meth:`postprocess`."""
        if not self.streaming:
            return self.postprocess(value)
        return audio_chunk(value, memo)

    def finish_stream(self, memo: dict) -> dict | None:
        """The whole streamed sound, once the generator has ended."""
        return finish_audio(memo, self.format) if self.streaming else None

    # -- API page ---------------------------------------------------------------------
    def example_value(self) -> dict:
        return files.file_data(files.save_bytes(_example_wav(), ".wav"),
                               orig_name="example.wav", mime_type="audio/wav")

    def api_info(self) -> dict:
        return {"type": file_schema(),
                "description": "a sound file (FileData); upload it with POST /upload first"}

