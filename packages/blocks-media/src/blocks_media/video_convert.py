"""Videos in the formats browsers play, and subtitles as WebVTT (blocks-media).

- :func:`convert_video` rewrites a video in another container with PyAV (the
  FFmpeg its wheels bundle): streams the target container takes are copied,
  others are encoded (H.264/AAC for MP4, MOV and MKV; VP9/Opus for WebM;
  MPEG-4/MP3 for AVI). Converted files are kept in the temp folder under a name
  derived from the source's path, size, time and the format, so a video is
  converted once.
- :func:`browser_playable` says whether browsers play a file as it is: H.264,
  VP9 or AV1 in MP4; VP8, VP9 or AV1 in WebM; Theora in Ogg. Gradio converts
  the same files, except WebM/VP8, which every current browser plays (and
  which browsers record): Blocks keeps it.
- :func:`to_webvtt` turns SRT subtitles, or Gradio's JSON cues (``[{"text",
  "timestamp": [start, end]}]``), into a WebVTT file, the only format ``<track>``
  reads.

PyAV is imported only when a video is converted or probed; without it a
conversion raises :class:`RuntimeError` naming the package to install.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

from blocks import files

__all__ = ["VIDEO_FORMATS", "convert_video", "browser_playable", "have_av", "to_webvtt"]

AV_HINT = 'pip install "blocks-media[av]"'

# container -> (FFmpeg muxer, video encoder, audio encoder, video codecs it takes as they
# are, audio codecs it takes as they are)
VIDEO_FORMATS = {
    "mp4": ("mp4", "libx264", "aac", {"h264", "vp9", "av1"},  # what browsers play
            {"aac", "mp3"}),
    "mov": ("mov", "libx264", "aac", {"h264", "hevc", "mpeg4", "prores", "mjpeg"},
            {"aac", "mp3", "alac", "pcm_s16le"}),
    "mkv": ("matroska", "libx264", "aac", None, None),  # Matroska takes any codec
    "webm": ("webm", "libvpx-vp9", "libopus", {"vp8", "vp9", "av1"}, {"opus", "vorbis"}),
    "avi": ("avi", "mpeg4", "libmp3lame", {"mpeg4", "h264", "mjpeg", "msmpeg4v3"},
            {"mp3", "pcm_s16le", "ac3"}),
}

# what browsers play as it is: container suffix -> video codecs
_PLAYABLE = {".mp4": {"h264", "vp9", "av1"}, ".m4v": {"h264"},
             ".webm": {"vp8", "vp9", "av1"}, ".ogg": {"theora"}, ".ogv": {"theora"}}


def have_av() -> bool:
    import importlib.util
    return importlib.util.find_spec("av") is not None


def _av():
    try:
        import av
    except ImportError:
        raise RuntimeError(f"Converting videos needs PyAV, which is not installed: "
                           f"{AV_HINT}.") from None
    return av


def browser_playable(path: str | os.PathLike) -> bool:
    """Whether browsers play the video as it is (its container and video codec).

    A file PyAV cannot open, or one without video, counts as playable: it is
    shown as it is, as Gradio does."""
    suffix = Path(path).suffix.lower()
    av = _av()
    try:
        with av.open(os.fspath(path)) as container:
            if not container.streams.video:
                return True
            codec = container.streams.video[0].codec_context.name
    except av.error.FFmpegError:
        return True
    return codec in _PLAYABLE.get(suffix, ())


def _target(source: Path, fmt: str) -> Path:
    stat = source.stat()
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{fmt}".encode()
    folder = files.temp_dir() / hashlib.sha256(key).hexdigest()[:32]
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{source.stem}.{fmt}"


def convert_video(path: str | os.PathLike, fmt: str) -> Path:
    """The video at ``path`` in container ``fmt`` (a key of :data:`VIDEO_FORMATS`)."""
    source = Path(path)
    target = _target(source, fmt)
    if target.exists():
        return target
    av = _av()
    muxer, video_encoder, audio_encoder, video_ok, audio_ok = VIDEO_FORMATS[fmt]
    part = target.with_name(target.name + ".part")
    try:
        with av.open(str(source)) as inp, av.open(str(part), "w", format=muxer) as out:
            plan = []
            for stream in (*inp.streams.video[:1], *inp.streams.audio[:1]):
                takes = video_ok if stream.type == "video" else audio_ok
                if takes is None or stream.codec_context.name in takes:
                    plan.append((stream, out.add_stream_from_template(stream), True))
                elif stream.type == "video":
                    encoder = out.add_stream(video_encoder, rate=stream.average_rate or 25)
                    encoder.width = stream.codec_context.width // 2 * 2
                    encoder.height = stream.codec_context.height // 2 * 2
                    encoder.pix_fmt = "yuv420p"
                    encoder.options = {"preset": "veryfast"} if video_encoder == "libx264" \
                        else {"deadline": "realtime", "cpu-used": "8"} \
                        if video_encoder == "libvpx-vp9" else {}
                    plan.append((stream, encoder, False))
                else:
                    rate = stream.codec_context.sample_rate or 48000
                    encoder = out.add_stream(audio_encoder, rate=48000
                                             if audio_encoder == "libopus" else rate)
                    layout = stream.codec_context.layout
                    encoder.layout = "mono" if layout and layout.nb_channels == 1 \
                        else "stereo"
                    plan.append((stream, encoder, False))
            _transfer(inp, out, plan)
    except av.error.FFmpegError as exc:
        part.unlink(missing_ok=True)
        raise ValueError(f"Cannot convert {source.name} to {fmt}: {exc}") from exc
    os.replace(part, target)
    return target


def _transfer(inp, out, plan) -> None:
    routes = {stream: (target, copied) for stream, target, copied in plan}
    for packet in inp.demux(*routes):
        target, copied = routes[packet.stream]
        if copied:
            if packet.dts is None:
                continue
            packet.stream = target
            out.mux(packet)
            continue
        for frame in packet.decode():
            if target.type == "video":
                frame = frame.reformat(width=target.width, height=target.height,
                                       format="yuv420p")
            else:
                frame.pts = None
            out.mux(target.encode(frame))
    for _, target, copied in plan:
        if not copied:
            out.mux(target.encode(None))


# -- subtitles --------------------------------------------------------------------------------
_SRT_TIME = re.compile(r"(\d+:\d{2}:\d{2}),(\d{3})")


def _vtt_time(seconds: float) -> str:
    if not isinstance(seconds, (int, float)) or seconds < 0:
        raise ValueError(f"A subtitle time must be a number of seconds, not {seconds!r}.")
    hours, rest = divmod(float(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{secs:06.3f}"


def _cues_to_vtt(cues) -> str:
    if not isinstance(cues, list):
        raise ValueError("JSON subtitles must be a list of {'text', 'timestamp': [start, "
                         "end]} objects.")
    lines = ["WEBVTT", ""]
    for index, cue in enumerate(cues):
        if not isinstance(cue, dict) or "text" not in cue or "timestamp" not in cue or \
                not isinstance(cue["timestamp"], (list, tuple)) or len(cue["timestamp"]) != 2:
            raise ValueError(f"Subtitle {index} must be {{'text': str, 'timestamp': "
                             f"[start, end]}}; got {cue!r}.")
        start, end = cue["timestamp"]
        text = str(cue["text"]).replace("-->", "->")
        lines += [f"{_vtt_time(start)} --> {_vtt_time(end)}", text, ""]
    return "\n".join(lines)


def _srt_to_vtt(text: str) -> str:
    blocks_out = ["WEBVTT", ""]
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        if lines and lines[0].strip().isdigit():
            lines = lines[1:]  # the cue's number
        if not lines or "-->" not in lines[0]:
            continue
        lines[0] = _SRT_TIME.sub(r"\1.\2", lines[0])
        blocks_out += [*lines, ""]
    return "\n".join(blocks_out)


def to_webvtt(subtitles) -> Path:
    """A WebVTT file of ``subtitles``: a ``.vtt``, ``.srt`` or ``.json`` path (read through
    the app's file rule when a function returned it), or a list of JSON cues."""
    if isinstance(subtitles, list):
        return files.save_bytes(_cues_to_vtt(subtitles).encode(), ".vtt")
    from blocks.file_access import active_rule, check_name
    rule = active_rule()
    source = rule.check_returned(subtitles) if rule is not None \
        else Path(check_name(subtitles))
    suffix = source.suffix.lower()
    if suffix not in (".vtt", ".srt", ".json"):
        raise ValueError(f"Subtitles must be a .vtt, .srt or .json file, not {source.name}.")
    text = source.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    if suffix == ".vtt":
        converted = text
    elif suffix == ".srt":
        converted = _srt_to_vtt(text)
    else:
        try:
            converted = _cues_to_vtt(json.loads(text))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{source.name} is not JSON: {exc}") from exc
    return files.save_bytes(converted.encode(), ".vtt")
