"""Sample files for demos: ``gr.get_file("titanic.csv")`` and its kind (``gradio.media``).

Blocks ships the small data files of Gradio's demo media (CSV, JSON, text and
subtitles; vendored from Gradio's wheel by ``tools/vendor_media.py``, Apache-2.0)
in ``media_assets/data``. The images, sounds, videos and 3D models of Gradio's
set (7 MB) are not part of blocks-core: set ``BLOCKS_MEDIA_DIR`` to a folder laid
out like Gradio's ``media_assets`` (``images/``, ``audio/``, ``videos/``,
``models3d/``, ``data/``) to use them, or pass paths of your own files. A name of
one of Gradio's samples that is not there is answered with the URL of that sample
in Gradio's repository: components show a URL by letting the page load it, and
the server never downloads it.

A function that returns one of these files must be allowed to
(``launch(allowed_paths=[gr.media.MEDIA_ROOT])``), as in Gradio; examples and
default values need nothing.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

__all__ = ["MEDIA_PATHS", "MEDIA_ROOT", "get_audio", "get_file", "get_image", "get_model3d",
           "get_video", "media_root"]

MEDIA_ROOT = Path(__file__).resolve().parent / "media_assets"
KINDS = ("images", "videos", "audio", "models3d", "data")
MEDIA_PATHS = [MEDIA_ROOT / kind for kind in KINDS]
GRADIO_MEDIA = "https://github.com/gradio-app/gradio/raw/main/gradio/media_assets"
# The samples of Gradio 6.31's media_assets, by kind (those not shipped are answered by URL).
SAMPLES = {
    "images": ("avatar.png", "bus.png", "cheetah.jpg", "cheetah1.jpg", "groot.jpeg",
               "hf-logo_transpng.png", "lion.jpg", "logo.png", "screenshot.gif", "tower.jpg"),
    "videos": ("a.mp4", "b.avi", "b.mp4", "muted_b.mp4", "world.mp4"),
    "audio": ("audio_sample.wav", "cantina.wav", "cate_blanch.mp3", "cate_blanch_2.mp3",
              "heath_ledger.mp3", "recording1.wav", "sax.wav"),
    "models3d": ("Bunny.obj", "Duck.glb", "Fox.gltf", "face.obj", "sofia.stl"),
    "data": ("imagenet_labels.json", "s1.srt", "s2.vtt", "s3.json", "sample.txt", "time.csv",
             "titanic.csv"),
}


def media_root() -> Path:
    """``BLOCKS_MEDIA_DIR`` when set, else the files shipped with Blocks."""
    configured = os.environ.get("BLOCKS_MEDIA_DIR")
    return Path(configured).resolve() if configured else MEDIA_ROOT


def _media_path(kind: str, filename: str | None) -> str:
    if filename is not None and filename.startswith(("http://", "https://")):
        return filename
    folders = [media_root() / kind]
    if folders[0] != MEDIA_ROOT / kind:
        folders.append(MEDIA_ROOT / kind)  # the shipped data files stay reachable
    if filename is None:
        found = [path for folder in folders if folder.is_dir()
                 for path in sorted(folder.iterdir()) if path.is_file()]
        if found:
            return str(random.choice(found))
        filename = random.choice(SAMPLES[kind])
    if Path(filename).name != filename or filename in ("", ".", ".."):
        raise ValueError(f"Name a file of the {kind} media by its file name, not {filename!r}.")
    for folder in folders:
        path = folder / filename
        if path.is_file():
            return str(path)
    if filename in SAMPLES[kind]:
        return f"{GRADIO_MEDIA}/{kind}/{filename}"
    raise FileNotFoundError(_missing(kind, repr(filename)))


def _missing(kind: str, what: str) -> str:
    shipped = sorted(p.name for p in (MEDIA_ROOT / "data").iterdir() if p.is_file())
    return (f"No {what} in the {kind} media. Blocks ships only the data files of Gradio's "
            f"demo media ({', '.join(shipped)}); for Gradio's images, audio, videos and 3D "
            "models set BLOCKS_MEDIA_DIR to a folder laid out like gradio/media_assets "
            "(images/, audio/, videos/, models3d/, data/), or pass the path of a file of "
            "your own.")


def get_image(filename: str | None = None) -> str:
    """The path of a sample image (``"tower.jpg"``), or the URL of Gradio's sample of
    that name when it is not here; a random one without a name."""
    return _media_path("images", filename)


def get_video(filename: str | None = None) -> str:
    """The path of a sample video (``"world.mp4"``), or the URL of Gradio's sample of
    that name when it is not here; a random one without a name."""
    return _media_path("videos", filename)


def get_audio(filename: str | None = None) -> str:
    """The path of a sample sound (``"cantina.wav"``), or the URL of Gradio's sample of
    that name when it is not here; a random one without a name."""
    return _media_path("audio", filename)


def get_model3d(filename: str | None = None) -> str:
    """The path of a sample 3D model (``"Duck.glb"``), or the URL of Gradio's sample of
    that name when it is not here; a random one without a name."""
    return _media_path("models3d", filename)


def get_file(filename: str | None = None) -> str:
    """The path of a sample data file (``"titanic.csv"``, ``"sample.txt"``, ...); a random
    one without a name. These ship with Blocks."""
    return _media_path("data", filename)
