"""``gr.Video``: takes a video from the user (upload, webcam), or plays one a function
returns.

On the wire the value is Gradio's ``{"video": FileData, "subtitles": FileData |
None}``. The page plays it with the browser's own ``<video controls>`` and
records the webcam with ``MediaRecorder`` (a WebM file, or MP4 where the browser
records that). With PyAV installed, videos are converted to ``format`` when one is
given, and returned videos browsers cannot play are converted to MP4, as Gradio
does (:mod:`blocks_media.video_convert`).
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any, ClassVar, Sequence

from marshmallow import ValidationError, fields

from blocks import files
from blocks.components import Component
from blocks.events import CHANGE, CLEAR, INPUT, UPLOAD
from blocks.exceptions import BlocksWarning
from blocks.streaming import STREAM, Chunk
from blocks_media.convert import check_wire, file_schema, path_or_url
from blocks_media.events import END, PAUSE, PLAY, START_RECORDING, STOP, STOP_RECORDING
from blocks_media.props import check_buttons, check_sources
from blocks_media.streaming import finish_video, video_chunk
from blocks_media.video_convert import (
    VIDEO_FORMATS,
    browser_playable,
    convert_video,
    have_av,
    to_webvtt,
)

__all__ = ["Video"]

SOURCES = ("upload", "webcam")

# The EBML magic of a WebM file: the API page's example only names a file.
_EXAMPLE = b"\x1aE\xdf\xa3"


def _check_video_wire(value) -> None:
    if not isinstance(value, dict) or set(value) - {"video", "subtitles"}:
        raise ValidationError("Expected a video: {'video': FileData, 'subtitles': FileData "
                              "or null}.")
    check_wire(value.get("video"), "a video file")
    if value.get("subtitles") is not None:
        check_wire(value["subtitles"], "a subtitles file")


class Video(Component):
    """A video: uploaded or recorded with the webcam by the user (input), or returned by a
    function (output), played with the browser's own controls.

    The function receives the video's file path (``str``) and may return a path, a
    ``pathlib.Path``, an http(s) URL (played by the page, never downloaded by the
    server), or a ``(video, subtitles)`` tuple whose subtitles (``.vtt``, ``.srt`` or
    ``.json``) are shown as a captions track. With PyAV (``pip install
    "blocks-media[av]"``), a returned video browsers cannot play (an AVI, an MKV,
    MPEG-4 Part 2 in MP4, ...) is converted to MP4 (H.264/AAC) with a warning, as
    Gradio does; without it, it is shown as it is.

    Args:
        value: the video first shown: a path, a URL or a ``(video, subtitles)`` tuple.
        format: the container videos are converted to, both the uploads a function
            receives and the videos it returns: ``"mp4"``, ``"webm"``, ``"mkv"``,
            ``"mov"`` or ``"avi"`` (PyAV; streams the container takes are copied, not
            encoded again). ``None`` (the default) keeps each file's format.
        sources: where the user may take a video from: ``"upload"``, ``"webcam"`` (both
            by default).
        height: the player's height (pixels, or any CSS length).
        width: the player's width (pixels, or any CSS length).
        autoplay: play the video (muted, as browsers require) as soon as it is shown.
        loop: play it again from the start when it ends.
        include_audio: record the microphone with the webcam (``True`` by default).
        webcam_options: a ``gr.WebcamOptions`` (blocks-image) or a dict: ``mirror``
            the preview, ``constraints`` for ``getUserMedia``.
        show_download_button: show a link that downloads the video (with ``buttons``).
        buttons: the buttons shown beside the player: ``"download"`` (the default;
            ``"share"`` is Gradio's and warns).
        playback_position: where playback starts, in seconds.
        subtitles: subtitles shown with every video this component plays (unless the
            value brings its own): a ``.vtt``, ``.srt`` or ``.json`` file, or a list of
            ``{"text": str, "timestamp": [start, end]}`` cues (seconds); served as WebVTT.
        streaming: as the output of a generator, play each video file it yields (a
            segment: ``.mp4``, ``.ts``, ...) as soon as it arrives, after the ones
            before; once the generator ends, the output's value is the whole video
            (one MP4). Needs PyAV (``pip install "blocks-media[av]"``).

    ``.stream(fn, inputs, outputs, stream_every=0.5, time_limit=None)`` streams the
    webcam: while the user streams, the page records it in clips of ``stream_every``
    seconds, each a whole WebM (or MP4) file, and ``fn`` gets each clip's path in
    order (see ``docs/media.md``).
    """

    name = "video"
    JS_MODULE = "video.js"
    EVENTS = (CHANGE, CLEAR, START_RECORDING, STOP_RECORDING, STOP, PLAY, PAUSE, END,
              UPLOAD, INPUT, STREAM)
    # the clips a webcam stream sends (blocks.streaming): every one, in order
    STREAM_TYPES: ClassVar = ("video/webm", "video/mp4")
    STREAM_MAX_BYTES: ClassVar = 8 * 1024 * 1024
    STREAM_KEEP_LATEST: ClassVar = False
    SERVER_PARAMS = frozenset({"format", "mirror_webcam", "subtitles"})
    GRADIO_ONLY: ClassVar = {
        "show_share_button": "Blocks has no share links",
        "watermark": "no watermark is drawn on videos",
    }

    def __init__(self, value: Any = None, *, format: str | None = None,
                 sources: Sequence[str] | str | None = None,
                 height: int | str | None = None, width: int | str | None = None,
                 autoplay: bool = False, loop: bool = False,
                 include_audio: bool | None = None, webcam_options: Any = None,
                 mirror_webcam: bool | None = None,
                 show_download_button: bool = True,
                 buttons: Sequence[str] | None = None, playback_position: float = 0,
                 subtitles: Any = None, streaming: bool = False, **kwargs):
        fmt = format.lower().lstrip(".") if isinstance(format, str) else format
        if fmt is not None and fmt not in VIDEO_FORMATS:
            warnings.warn(f"Video(format={format!r}): Blocks converts videos to "
                          f"{', '.join(VIDEO_FORMATS)}; files keep their own format.",
                          BlocksWarning, stacklevel=3)
            fmt = None
        elif fmt is not None and not have_av():
            warnings.warn(f"Video(format={format!r}) converts videos with PyAV, which is not "
                          'installed: pip install "blocks-media[av]". Until then files keep '
                          "their own format.", BlocksWarning, stacklevel=3)
        self.format = fmt
        if subtitles is not None and not isinstance(subtitles, (str, os.PathLike, list)):
            raise TypeError("Video subtitles are a .vtt, .srt or .json file, or a list of "
                            "{'text', 'timestamp'} cues.")
        self.subtitles = subtitles
        self.sources = check_sources("Video", sources, SOURCES)
        self.buttons = check_buttons("Video", buttons, ("download",), ("share",))
        self.include_audio = True if include_audio is None else bool(include_audio)
        self.webcam_options = _webcam(webcam_options, mirror_webcam)
        self.streaming = bool(streaming)
        if self.streaming and not have_av():
            warnings.warn("Video(streaming=True) needs PyAV to make the chunks playable, and "
                          'it is not installed: pip install "blocks-media[av]".',
                          BlocksWarning, stacklevel=3)
        super().__init__(value, **kwargs)

    # -- the value on the wire ------------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True, validate=_check_video_wire)

    def preprocess(self, payload: dict | None):
        """The video's file path."""
        if payload is None:
            return None
        path = payload["video"].get("path")
        if not path:
            raise ValueError("Video inputs must be uploaded files, not remote URLs.")
        if self.format and have_av() and Path(path).suffix.lower() != f".{self.format}":
            return str(convert_video(path, self.format))
        return path

    def preprocess_chunk(self, chunk: Chunk) -> str:
        """A clip of a webcam stream (a whole WebM or MP4 file): its path."""
        suffix = ".mp4" if chunk.mime_type == "video/mp4" else ".webm"
        return str(files.save_bytes(chunk.data, suffix))

    def postprocess(self, value: Any) -> dict | None:
        """Make the video (and its subtitles) servable; return the wire value."""
        if value is None:
            return None
        if isinstance(value, dict) and "video" in value:
            return value
        subtitles = None
        if isinstance(value, (tuple, list)) and len(value) == 2:
            value, subtitles = value
        if not isinstance(value, (str, os.PathLike)):
            raise TypeError("Video can play a file path, a URL, a (video, subtitles) tuple "
                            f"or None; got {type(value).__name__}.")
        video = path_or_url(value, "Video")
        if video["path"] is not None and have_av():
            video = self._playable(video)
        return {"video": video,
                "subtitles": _subtitles(self.subtitles if subtitles is None else subtitles)}

    def _playable(self, wire: dict) -> dict:
        """The video in ``format``, or, if browsers cannot play it, as MP4 (PyAV)."""
        path = wire["path"]
        if self.format and Path(path).suffix.lower() != f".{self.format}":
            target = self.format
        elif self.format or browser_playable(path):
            return wire
        else:
            warnings.warn(f"{wire['orig_name']}: browsers cannot play this container or "
                          "codec; converting it to MP4.", UserWarning, stacklevel=2)
            target = "mp4"
        converted = convert_video(path, target)
        name = f"{Path(wire['orig_name'] or converted.name).stem}.{target}"
        return files.file_data(converted, orig_name=name)

    def postprocess_stream(self, value: Any, memo: dict) -> dict | None:
        """With ``streaming=True``, each yielded video file as a fragmented MP4 segment
        (:mod:`blocks_media.streaming`); otherwise :meth:`postprocess`."""
        if not self.streaming:
            return self.postprocess(value)
        return video_chunk(value, memo)

    def finish_stream(self, memo: dict) -> dict | None:
        """The whole streamed video (one MP4), once the generator has ended."""
        return finish_video(memo) if self.streaming else None

    # -- API page ---------------------------------------------------------------------
    def example_value(self) -> dict:
        saved = files.save_bytes(_EXAMPLE, ".webm")
        return {"video": files.file_data(saved, mime_type="video/webm"), "subtitles": None}

    def api_info(self) -> dict:
        return {"type": {"type": "object", "title": "VideoData",
                         "properties": {"video": file_schema(),
                                        "subtitles": {"anyOf": [file_schema(),
                                                                {"type": "null"}]}},
                         "required": ["video"]},
                "description": "a video file: {'video': FileData, 'subtitles': null}; upload "
                               "it with POST /upload first"}


def _subtitles(subtitles) -> dict | None:
    """The wire value of subtitles: a URL as it is, anything else as a WebVTT file."""
    if subtitles is None:
        return None
    if isinstance(subtitles, (str, os.PathLike)) and \
            os.fspath(subtitles).startswith(("http://", "https://")):
        return path_or_url(subtitles, "Video")
    if not isinstance(subtitles, (str, os.PathLike, list)):
        raise TypeError("Video subtitles are a .vtt, .srt or .json file, or a list of "
                        "{'text', 'timestamp'} cues.")
    vtt = to_webvtt(subtitles)
    name = "subtitles.vtt" if isinstance(subtitles, list) else \
        f"{Path(os.fspath(subtitles)).stem}.vtt"
    return files.file_data(vtt, orig_name=name, mime_type="text/vtt")


def _webcam(options, mirror: bool | None) -> dict:
    """``webcam_options`` as the dict the page reads: ``{"mirror", "constraints"}``."""
    if options is None:
        found = {"mirror": True, "constraints": None}
    elif isinstance(options, dict):
        found = {"mirror": options.get("mirror", True),
                 "constraints": options.get("constraints")}
    else:  # gr.WebcamOptions of blocks-image, or anything shaped like it
        found = {"mirror": getattr(options, "mirror", True),
                 "constraints": getattr(options, "constraints", None)}
    if mirror is not None:
        found["mirror"] = bool(mirror)
    return found
