"""Sample media for demos: Gradio's ``gradio.media`` helpers (``get_image``,
``get_video``, ``get_audio``, ``get_model3d``, ``get_file``, ``MEDIA_ROOT``).

Blocks ships no sample media: Gradio's samples weigh about 7 MB, several
times the whole core. A name is answered with the file under
``MEDIA_ROOT/<kind>/`` when it is there (put your own samples there, or point
``BLOCKS_MEDIA_ROOT`` at a folder laid out like Gradio's ``media_assets``),
otherwise with the http(s) URL of Gradio's sample of that name in its
repository: components show a URL by letting the page load it, and the server
never downloads it. ``get_image()`` without a name picks one at random, like
Gradio's.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

__all__ = ["MEDIA_ROOT", "get_image", "get_video", "get_audio", "get_model3d", "get_file"]

MEDIA_ROOT = Path(os.environ.get("BLOCKS_MEDIA_ROOT") or Path(__file__).parent / "media_assets")
GRADIO_MEDIA = "https://github.com/gradio-app/gradio/raw/main/gradio/media_assets"

# The samples of Gradio 6.31's media_assets, by kind.
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


def _media(kind: str, filename: str | None) -> str:
    folder = MEDIA_ROOT / kind
    if filename is None:
        local = sorted(path.name for path in folder.glob("*")) if folder.is_dir() else []
        filename = random.choice(local or SAMPLES[kind])
    if filename.startswith(("http://", "https://")):
        return filename
    if "/" in filename or "\\" in filename or filename.startswith("."):
        raise ValueError(f"{filename!r} is a file name, not a path.")
    path = folder / filename
    if path.is_file():
        return str(path.absolute())
    if filename in SAMPLES[kind]:
        return f"{GRADIO_MEDIA}/{kind}/{filename}"
    raise FileNotFoundError(f"No sample {kind} file {filename!r} in {folder} (the names "
                            f"known without it: {', '.join(SAMPLES[kind])}).")


def get_image(filename: str | None = None) -> str:
    """The path (or URL) of a sample image, e.g. ``get_image("tower.jpg")``."""
    return _media("images", filename)


def get_video(filename: str | None = None) -> str:
    """The path (or URL) of a sample video, e.g. ``get_video("world.mp4")``."""
    return _media("videos", filename)


def get_audio(filename: str | None = None) -> str:
    """The path (or URL) of a sample sound, e.g. ``get_audio("cantina.wav")``."""
    return _media("audio", filename)


def get_model3d(filename: str | None = None) -> str:
    """The path (or URL) of a sample 3D model, e.g. ``get_model3d("Duck.glb")``."""
    return _media("models3d", filename)


def get_file(filename: str | None = None) -> str:
    """The path (or URL) of a sample data file, e.g. ``get_file("titanic.csv")``."""
    return _media("data", filename)
