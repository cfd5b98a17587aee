"""Streaming outputs: the chunks a generator yields to ``Audio(streaming=True)`` or
``Video(streaming=True)``, made playable one by one, and joined once it ends.

Each yielded chunk becomes a file of its own, sent at once as the output's value
with ``meta["stream"] = {"id", "index"}`` (``"codecs"`` too for video): the page
plays it after the chunks before it (``stream_audio.js`` schedules sounds with Web
Audio; ``stream_video.js`` appends video segments to a ``MediaSource``). After the
last yield, :meth:`Component.finish_stream` sends the whole stream as one file
(``meta["stream"]["end"]``), which stays the output's value (replay, download,
input of later events).

- Sound chunks: a ``(rate, samples)`` tuple (written as WAV), a file path or
  encoded ``bytes`` of a format the browser decodes (WAV, MP3, OGG, FLAC, AAC, ...).
  A WAV file yielded as ``bytes`` in pieces (read 20 kB at a time) plays too: each
  piece after the first gets the format of the first.
- Video chunks: a file path (``.mp4``, ``.ts``, any container PyAV reads). Each is
  rewritten as a fragmented MP4 with PyAV: H.264 and AAC are copied, other codecs
  are encoded to H.264/AAC.

The chunks of one job are kept in the component's stream ``memo`` (one per job
and output, :mod:`blocks.processing`).
"""

from __future__ import annotations

import io
import os
import uuid
from fractions import Fraction
from pathlib import Path

from blocks import files
from blocks_media.convert import audio_suffix, decode_audio, encode_audio, path_or_url

__all__ = ["audio_chunk", "finish_audio", "video_chunk", "finish_video", "fragmented_mp4",
           "require_av"]

AV_HINT = 'install PyAV: pip install "blocks-media[av]"'


def require_av(what: str):
    """PyAV, or a ``RuntimeError`` naming the package ``what`` needs."""
    try:
        import av
    except ImportError:
        raise RuntimeError(f"{what} needs PyAV, which is not installed: {AV_HINT}.") from None
    return av


def _mark(wire: dict, memo: dict, **extra) -> dict:
    if "id" not in memo:
        memo["id"] = uuid.uuid4().hex
        memo["parts"] = []
    meta = dict(wire.get("meta") or {})
    meta["stream"] = {"id": memo["id"], "index": len(memo["parts"]), **extra}
    return {**wire, "meta": meta}


# -- sound ------------------------------------------------------------------------------------
def _wav_parts(data: bytes) -> tuple[bytes, bytes] | None:
    """The ``fmt `` chunk and the samples of the start of a WAV file (``None``: not one)."""
    if not (data.startswith(b"RIFF") and data[8:12] == b"WAVE"):
        return None
    at, fmt = 12, None
    while at + 8 <= len(data):
        kind, size = data[at:at + 4], int.from_bytes(data[at + 4:at + 8], "little")
        if kind == b"fmt ":
            fmt = data[at:at + 8 + size]
        elif kind == b"data":
            return (fmt, data[at + 8:]) if fmt else None
        at += 8 + size + size % 2
    return None


def _wav_piece(samples: bytes, memo: dict) -> bytes:
    """PCM samples of the stream's WAV file (cut anywhere) as a WAV file of their own;
    a partial sample frame waits for the next piece."""
    fmt = memo["wav_fmt"]
    align = int.from_bytes(fmt[20:22], "little") or 1
    samples = memo.pop("wav_rest", b"") + samples
    whole = len(samples) - len(samples) % align
    memo["wav_rest"] = samples[whole:]
    body = samples[:whole]
    return (b"RIFF" + (4 + len(fmt) + 8 + len(body)).to_bytes(4, "little") + b"WAVE" + fmt +
            b"data" + len(body).to_bytes(4, "little") + body)


def audio_chunk(value, memo: dict) -> dict | None:
    """The wire value of one sound chunk a generator yielded."""
    if value is None:
        return None
    if isinstance(value, (tuple, list)) and len(value) == 2:
        rate, samples = value
        data, suffix = encode_audio(rate, samples, "wav"), ".wav"
    elif isinstance(value, (bytes, bytearray)):
        data = bytes(value)
        parts = _wav_parts(data)
        if parts is not None:  # a WAV file, or the start of one read in pieces
            memo["wav_fmt"], memo["wav_rest"] = parts[0], b""
            data, suffix = _wav_piece(parts[1], memo), ".wav"
        elif "wav_fmt" in memo and audio_suffix(data) == ".wav":  # the samples that follow
            data, suffix = _wav_piece(data, memo), ".wav"
        else:
            suffix = audio_suffix(data)
    elif isinstance(value, (str, os.PathLike)):
        wire = _mark(path_or_url(value, "Audio"), memo)
        if wire["path"] is not None:  # a URL is played by the page, left out of the whole
            memo["parts"].append(wire["path"])
        return wire
    else:
        raise TypeError("A streaming Audio plays chunks given as a file path, bytes or a "
                        f"(sample_rate, samples) tuple; got {type(value).__name__}.")
    saved = files.save_bytes(data, suffix)
    wire = _mark(files.file_data(saved), memo)
    memo["parts"].append(str(saved))
    return wire


def finish_audio(memo: dict, fmt: str | None) -> dict | None:
    """Every sound chunk of the stream as one file (WAV, or ``fmt``)."""
    parts = memo.get("parts")
    if not parts:
        return None
    import numpy as np
    suffixes = {Path(part).suffix.lower() for part in parts}
    if suffixes == {".mp3"} and fmt in (None, "mp3"):  # MP3 frames follow one another
        data = b"".join(Path(part).read_bytes() for part in parts)
        saved, mime = files.save_bytes(data, ".mp3"), "audio/mpeg"
    else:
        decoded = [decode_audio(part) for part in parts]
        rates = {rate for rate, _ in decoded}
        if len(rates) > 1:
            raise ValueError("The chunks of a streaming Audio must share one sample rate; "
                             f"got {sorted(rates)}.")
        channels = {1 if samples.ndim == 1 else samples.shape[1] for _, samples in decoded}
        if len(channels) > 1:
            raise ValueError("The chunks of a streaming Audio must share their channels.")
        samples = np.concatenate([samples for _, samples in decoded])
        out = fmt or "wav"
        from blocks_media.convert import AUDIO_FORMATS
        saved = files.save_bytes(encode_audio(rates.pop(), samples, out),
                                 AUDIO_FORMATS[out][2])
        mime = AUDIO_FORMATS[out][3]
    wire = files.file_data(saved, orig_name=f"audio-stream{saved.suffix}", mime_type=mime)
    return {**wire, "meta": {**wire["meta"],
                             "stream": {"id": memo["id"], "end": True,
                                        "index": len(parts)}}}


# -- video ------------------------------------------------------------------------------------
def _audio_codec(stream) -> str:
    profile = (stream.codec_context.profile or "").upper()
    return "mp4a.40.5" if profile == "HE-AAC" else \
        "mp4a.40.29" if profile.startswith("HE-AACV2") else "mp4a.40.2"


def fragmented_mp4(path: str | os.PathLike) -> tuple[bytes, str]:
    """A video file as a fragmented MP4 (H.264, AAC) and its MSE codecs string.

    H.264 video and AAC audio (with its MP4 configuration) are copied; anything
    else is encoded (libx264, AAC) by the FFmpeg that PyAV bundles.
    """
    av = require_av("Video(streaming=True)")
    out = io.BytesIO()
    try:
        with av.open(os.fspath(path)) as source:
            if not source.streams.video:
                raise ValueError(f"{Path(path).name} holds no video.")
            video = source.streams.video[0]
            sound = source.streams.audio[0] if source.streams.audio else None
            copy_video = video.codec_context.name == "h264"
            copy_sound = sound is not None and sound.codec_context.name == "aac" and \
                bool(sound.codec_context.extradata) and \
                not sound.codec_context.extradata.startswith(b"\xff\xf1")
            options = {"movflags": "frag_keyframe+empty_moov+default_base_moof"}
            with av.open(out, "w", format="mp4", options=options) as target:
                if copy_video:
                    out_video = target.add_stream_from_template(video)
                else:
                    out_video = target.add_stream("libx264", rate=video.average_rate or 25)
                    out_video.width = video.codec_context.width // 2 * 2
                    out_video.height = video.codec_context.height // 2 * 2
                    out_video.pix_fmt = "yuv420p"
                    out_video.options = {"preset": "ultrafast", "tune": "zerolatency"}
                out_sound = None
                if sound is not None and copy_sound:
                    out_sound = target.add_stream_from_template(sound)
                elif sound is not None:
                    out_sound = target.add_stream("aac", rate=sound.codec_context.sample_rate
                                                  or 48000)
                    layout = sound.codec_context.layout
                    out_sound.layout = "mono" if layout and layout.nb_channels == 1 \
                        else "stereo"
                _copy_packets(source, video, sound, out_video, out_sound, target,
                              copy_video, copy_sound)
    except av.error.FFmpegError as exc:
        raise ValueError(f"Cannot stream {Path(path).name}: {exc}") from exc
    data = out.getvalue()
    at = data.find(b"avcC")
    if at < 0:
        raise ValueError(f"Cannot stream {Path(path).name}: no H.264 configuration.")
    codecs = "avc1." + data[at + 5:at + 8].hex().upper()
    if sound is not None:
        codecs += "," + ("mp4a.40.2" if not copy_sound else _audio_codec(sound))
    return data, codecs


def _copy_packets(source, video, sound, out_video, out_sound, target, copy_video,
                  copy_sound) -> None:
    streams = [s for s in (video, sound) if s is not None]
    for packet in source.demux(*streams):
        is_video = packet.stream is video
        if (copy_video if is_video else copy_sound):
            if packet.dts is None:
                continue
            packet.stream = out_video if is_video else out_sound
            target.mux(packet)
            continue
        encoder = out_video if is_video else out_sound
        for frame in packet.decode():
            if is_video:
                frame = frame.reformat(width=encoder.width, height=encoder.height,
                                       format="yuv420p")
            frame.pts = None if not is_video else frame.pts
            target.mux(encoder.encode(frame))
    for encoder, copied in ((out_video, copy_video), (out_sound, copy_sound)):
        if encoder is not None and not copied:
            target.mux(encoder.encode(None))


def video_chunk(value, memo: dict) -> dict | None:
    """The wire value of one video chunk a generator yielded (a fragmented MP4)."""
    if value is None:
        return None
    if not isinstance(value, (str, os.PathLike)):
        raise TypeError("A streaming Video plays chunks given as video file paths (.mp4, "
                        f".ts, ...); got {type(value).__name__}.")
    checked = path_or_url(value, "Video")
    if checked["path"] is None:
        raise ValueError("A streaming Video needs its chunks as files, not URLs.")
    data, codecs = fragmented_mp4(checked["path"])
    saved = files.save_bytes(data, ".mp4")
    wire = _mark(files.file_data(saved, mime_type="video/mp4"), memo, codecs=codecs)
    memo["parts"].append(str(saved))
    return {"video": wire, "subtitles": None}


def finish_video(memo: dict) -> dict | None:
    """Every segment of the stream remuxed into one (non-fragmented) MP4 file."""
    parts = memo.get("parts")
    if not parts:
        return None
    av = require_av("Video(streaming=True)")
    unit = Fraction(1, 90000)
    # faststart rewrites the file once written: a file, not a buffer
    out = files.temp_dir() / f"stream-{memo['id']}.mp4.part"
    with av.open(str(out), "w", format="mp4", options={"movflags": "faststart"}) as target:
        outs: dict[str, object] = {}
        offsets: dict[str, int] = {}
        for part in parts:
            with av.open(part) as source:
                for stream in source.streams:
                    if stream.type in ("video", "audio") and stream.type not in outs:
                        outs[stream.type] = target.add_stream_from_template(stream)
                        offsets[stream.type] = 0
                starts: dict[str, int] = {}
                ends: dict[str, int] = {}
                for packet in source.demux():
                    kind = packet.stream.type
                    if kind not in outs or packet.dts is None or packet.pts is None:
                        continue
                    tb = packet.time_base
                    start = starts.setdefault(kind, packet.dts)
                    pts = round((packet.pts - start) * tb / unit) + offsets[kind]
                    dts = round((packet.dts - start) * tb / unit) + offsets[kind]
                    length = round((packet.duration or 0) * tb / unit)
                    ends[kind] = max(ends.get(kind, 0), pts + length)
                    packet.stream = outs[kind]
                    packet.time_base = unit
                    packet.pts, packet.dts = pts, dts
                    target.mux(packet)
                end = max(ends.values(), default=0)
                for kind in outs:
                    offsets[kind] = max(offsets[kind], end)
    saved = files.save_bytes(out.read_bytes(), ".mp4")
    out.unlink()
    wire = files.file_data(saved, orig_name="video-stream.mp4", mime_type="video/mp4")
    wire["meta"] = {**wire["meta"], "stream": {"id": memo["id"], "end": True,
                                               "index": len(parts)}}
    return {"video": wire, "subtitles": None}
