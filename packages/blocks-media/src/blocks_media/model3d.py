"""``gr.Model3D``: shows a 3D model (glTF/GLB, OBJ, STL, PLY) the user may turn, zoom
and pan, and takes one the user uploads.

On the wire the value is a ``FileData`` (or a remote file: an http(s) URL the page
loads itself). The page draws the model with three.js (vendored in
``static/vendor/three/`` by ``tools/vendor_three.py``), which it downloads only
when it shows a Model3D, with the loader of that one format.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any, ClassVar

from marshmallow import fields

from blocks import files
from blocks.components import Component
from blocks.events import CHANGE, CLEAR, UPLOAD, EventSpec
from blocks_media.convert import check_wire, file_schema, path_or_url

__all__ = ["Model3D", "FORMATS"]

# The suffixes the viewer reads. A .splat (a Gaussian splat) has no loader: the page
# offers it as a download. A .ply holding a Gaussian splat shows as its point cloud.
FORMATS = (".glb", ".gltf", ".obj", ".stl", ".ply")
ACCEPTED = (*FORMATS, ".splat")
DISPLAY_MODES = ("solid", "point_cloud", "wireframe")
# Gradio lists it for Model3D, whose viewer edits nothing: declared so that scripts
# attaching it run; the page never emits it.
EDIT = EventSpec("edit", "Gradio's edit event: Model3D has no editor, so it never fires.")

# A unit cube in Wavefront OBJ: the API page's example file.
_EXAMPLE = "".join(f"v {x} {y} {z}\n" for x in (0, 1) for y in (0, 1) for z in (0, 1)) + \
    "f 1 3 4 2\nf 5 6 8 7\nf 1 2 6 5\nf 3 7 8 4\nf 1 5 7 3\nf 2 4 8 6\n"


def _suffix(value: dict) -> str:
    name = value.get("orig_name") or value.get("path") or value.get("url") or ""
    return Path(name.split("?")[0]).suffix.lower()


def _number(owner: str, name: str, value, *, positive: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or \
            not math.isfinite(value) or (positive and value <= 0):
        rule = "a positive number" if positive else "a number"
        raise ValueError(f"{owner} {name} must be {rule}, not {value!r}.")
    return float(value)


def _clear_color(value) -> list[float]:
    if value is None:
        return [0.0, 0.0, 0.0, 0.0]
    try:
        color = [float(part) for part in value]
    except (TypeError, ValueError):
        color = []
    if len(color) not in (3, 4) or not all(0 <= part <= 1 for part in color):
        raise ValueError("Model3D clear_color is (red, green, blue, alpha), each between 0 "
                         f"and 1; not {value!r}.")
    return color + [1.0] * (4 - len(color))


def _camera(value) -> list[float | None]:
    if value is None:
        return [None, None, None]
    parts = list(value) if isinstance(value, (tuple, list)) else None
    if parts is None or len(parts) != 3:
        raise ValueError("Model3D camera_position is (alpha, beta, radius), each a number "
                         f"or None; not {value!r}.")
    names = ("alpha", "beta", "radius")
    return [None if part is None else _number("Model3D", f"camera_position {names[i]}", part,
                                                positive=i == 2)
            for i, part in enumerate(parts)]


class Model3D(Component):
    """A 3D model: uploaded by the user (input), or returned by a function (output), drawn
    in the page where the user turns it (drag, or the arrow keys), zooms (wheel, ``+`` and
    ``-``) and pans (right-drag, or Shift and the arrow keys); "Reset view" goes back to the
    first view.

    The function receives the model's file path (``str``) and may return a path, a
    ``pathlib.Path`` or an http(s) URL (loaded by the page, never by the server). The page
    reads glTF (``.gltf``, ``.glb``), OBJ, STL and PLY files; a ``.splat`` (Gaussian splat)
    file is offered as a download, and a ``.ply`` Gaussian splat shows as its point cloud.

    Args:
        value: the model first shown: a path or a URL.
        display_mode: ``"solid"`` (the default), ``"wireframe"`` or ``"point_cloud"``.
        clear_color: the background, ``(red, green, blue, alpha)`` between 0 and 1
            (transparent by default).
        camera_position: the first view, ``(alpha, beta, radius)`` as in Gradio: the angle
            around the vertical axis and the angle from it, in degrees, and the distance
            from the model's centre; ``None`` for any of them frames the model from the
            front.
        zoom_speed: how fast the wheel and ``+``/``-`` zoom (1 by default).
        pan_speed: how fast dragging pans (1 by default).
        height: the viewer's height (pixels, or any CSS length; 320 pixels by default).
    """

    name = "model3d"
    JS_MODULE = "model3d.js"
    EVENTS = (CHANGE, UPLOAD, EDIT, CLEAR)
    GRADIO_ONLY: ClassVar = {
        "buttons": "Model3D shows no custom corner buttons",
    }

    def __init__(self, value: Any = None, *, display_mode: str | None = None,
                 clear_color: Any = None, camera_position: Any = (None, None, None),
                 zoom_speed: float = 1, pan_speed: float = 1,
                 height: int | str | None = None, **kwargs):
        if display_mode is not None and display_mode not in DISPLAY_MODES:
            raise ValueError(f"Model3D display_mode must be one of {', '.join(DISPLAY_MODES)} "
                             f"or None, not {display_mode!r}.")
        self.display_mode = display_mode
        self.clear_color = _clear_color(clear_color)
        self.camera_position = _camera(camera_position)
        self.zoom_speed = _number("Model3D", "zoom_speed", zoom_speed, positive=True)
        self.pan_speed = _number("Model3D", "pan_speed", pan_speed, positive=True)
        self.height = height
        super().__init__(value, **kwargs)

    # -- the value on the wire ------------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True,
                           validate=lambda value: check_wire(value, "a 3D model file"))

    def validate(self, value: dict) -> None:
        suffix = _suffix(value)
        if suffix not in ACCEPTED:
            raise ValueError(f"Model3D takes {', '.join(ACCEPTED)} files, not "
                             f"{suffix or 'a file without a suffix'}.")

    def preprocess(self, payload: dict | None) -> str | None:
        """The model's file path (the URL of a remote model, which the server does not
        download)."""
        if payload is None:
            return None
        return payload.get("path") or payload["url"]

    def postprocess(self, value: Any) -> dict | None:
        """Make the model servable (a path through the file-access rule); its wire value."""
        if value is None:
            return None
        if isinstance(value, dict) and files.is_file_wire(value):
            return value
        if not isinstance(value, (str, os.PathLike)):
            raise TypeError("Model3D shows a file path, a URL or None; got "
                            f"{type(value).__name__}.")
        return path_or_url(value, "Model3D")

    # -- API page ---------------------------------------------------------------------
    def example_value(self) -> dict:
        saved = files.save_bytes(_EXAMPLE.encode(), ".obj")
        return files.file_data(saved, orig_name="cube.obj", mime_type="model/obj")

    def api_info(self) -> dict:
        return {"type": file_schema(),
                "description": "a 3D model file (.glb, .gltf, .obj, .stl, .ply, .splat) as a "
                               "FileData; upload it with POST /upload first"}
