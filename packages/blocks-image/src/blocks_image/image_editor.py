"""``gr.ImageEditor``: draw on an image, in layers, with a brush and an eraser; crop it.

On the wire the value is an EditorValue: ``{"background": <image> | null,
"layers": [<image>, ...], "composite": <image> | null}``, each image a FileData
(the page uploads what it draws as PNG files) or a remote URL. A function
receives the same dict with images as ``type`` says, and may return one, or a
single image (then the background and the composite).
"""

from __future__ import annotations

from typing import Any, ClassVar, Sequence

from marshmallow import ValidationError, fields

from blocks.components import Component
from blocks.events import CHANGE, CLEAR, INPUT, SELECT, UPLOAD
from blocks_image.convert import as_type, check_image_wire, image_schema, save_image
from blocks_image.events import APPLY
from blocks_image.options import (
    Brush,
    Eraser,
    LayerOptions,
    WebcamOptions,
    layers_prop,
    tool_prop,
    webcam_prop,
)
from blocks_image.props import check_buttons, check_format, check_sources, check_type

__all__ = ["ImageEditor", "MAX_LAYERS"]

TRANSFORMS = ("crop", "resize")
MAX_LAYERS = 64


def _check_value(value) -> None:
    if not isinstance(value, dict) or set(value) - {"background", "layers", "composite", "id"}:
        raise ValidationError("An ImageEditor value is {'background', 'layers', 'composite'}.")
    for key in ("background", "composite"):
        if value.get(key) is not None:
            check_image_wire(value[key], f"the {key}")
    layers = value.get("layers") or []
    if not isinstance(layers, list) or len(layers) > MAX_LAYERS:
        raise ValidationError(f"ImageEditor layers are a list of at most {MAX_LAYERS} images.")
    for index, layer in enumerate(layers):
        check_image_wire(layer, f"layer {index}")


class ImageEditor(Component):
    """An image editor: a background image with layers to draw on, a brush with a
    palette and sizes, an eraser, crop and resize, undo and redo.

    The tools are buttons of a toolbar (the arrow keys move between them; Ctrl+Z
    undoes, Ctrl+Shift+Z or Ctrl+Y redoes); drawing is done with the pointer. Every
    finished stroke or edit uploads the changed images and emits ``input`` and
    ``change``; the Apply button emits ``apply``. The function receives
    ``{"background", "layers", "composite"}``: the background image, each layer
    (transparent but for what was drawn on it) and the composite (the background
    with the visible layers over it), as ``type`` says; an empty editor gives
    ``{"background": None, "layers": [], "composite": None}``.

    Args:
        value: the images shown first: an EditorValue dict, or one image (the background).
        height: the editor's height (pixels, or any CSS length).
        width: the editor's width (pixels, or any CSS length).
        image_mode: the Pillow mode images are converted to; without alpha, transparent
            parts of the background and composite become white.
        sources: where the background may come from: ``"upload"``, ``"webcam"``,
            ``"clipboard"``.
        type: what the function receives: ``"numpy"``, ``"pil"`` or ``"filepath"``.
        buttons: the buttons shown: ``"download"`` (the composite), ``"fullscreen"``
            (both by default; ``"share"`` warns).
        placeholder: the text shown while there is no image.
        transforms: the transforms offered: ``"crop"``, ``"resize"``.
        eraser: a ``gr.Eraser``, ``None`` for the default one, ``False`` for none.
        brush: a ``gr.Brush``, ``None`` for the default one, ``False`` for none (and no
            eraser).
        format: the file format of images sent to the browser.
        layers: ``True``, ``False`` (one layer, no layer controls) or a
            ``gr.LayerOptions``.
        canvas_size: the canvas's ``(width, height)`` in pixels before a background is
            given.
        fixed_canvas: keep ``canvas_size`` and fit the background into it (otherwise the
            canvas takes the background's size).
        webcam_options: a ``gr.WebcamOptions`` for the ``"webcam"`` source.
    """

    name = "imageeditor"
    JS_MODULE = "image_editor.js"
    EVENTS = (CLEAR, CHANGE, INPUT, SELECT, UPLOAD, APPLY)
    SERVER_PARAMS = frozenset({"type", "image_mode"})
    GRADIO_ONLY: ClassVar = {"_selectable": "select is always reported"}
    DEFAULT_SOURCES: ClassVar = ("upload", "webcam", "clipboard")

    def __init__(self, value: Any = None, *, height: int | str | None = None,
                 width: int | str | None = None, image_mode: str | None = "RGBA",
                 sources: Sequence[str] | str | None = ("upload", "webcam", "clipboard"),
                 type: str = "numpy", buttons: Sequence[str] | None = None,
                 placeholder: str | None = None,
                 transforms: Sequence[str] | None = ("crop", "resize"),
                 eraser: Eraser | bool | None = None, brush: Brush | bool | None = None,
                 format: str = "png", layers: bool | LayerOptions = True,
                 canvas_size: Sequence[int] = (800, 800), fixed_canvas: bool = False,
                 webcam_options: WebcamOptions | None = None, **kwargs):
        owner = self.__class__.__name__
        self.type = check_type(owner, type)
        self.image_mode = image_mode
        self.format = check_format(owner, format)
        self.sources = check_sources(owner, sources, ())
        self.buttons = check_buttons(owner, buttons, ("download", "fullscreen"), ("share",))
        transforms = [] if transforms is None else \
            ([transforms] if isinstance(transforms, str) else list(transforms))
        unknown = [t for t in transforms if t not in TRANSFORMS]
        if unknown:
            raise ValueError(f"{owner} transforms are among {', '.join(TRANSFORMS)}; "
                             f"got {', '.join(map(repr, unknown))}.")
        self.transforms = transforms
        self.brush = tool_prop(f"{owner}(brush=...)", brush, Brush)
        self.eraser = False if self.brush is False else \
            tool_prop(f"{owner}(eraser=...)", eraser, Eraser)
        self.layers = layers_prop(layers)
        if not (isinstance(canvas_size, (tuple, list)) and len(canvas_size) == 2 and
                all(isinstance(v, int) and not isinstance(v, bool) and 0 < v <= 8192
                    for v in canvas_size)):
            raise ValueError(f"{owner} canvas_size is (width, height) in pixels, each from "
                             f"1 to 8192; got {canvas_size!r}.")
        self.canvas_size = list(canvas_size)
        self.webcam_options = webcam_prop(webcam_options)
        super().__init__(value, **kwargs)

    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True, validate=_check_value)

    def preprocess(self, payload: dict | None):
        """The EditorValue with each image as ``type`` says; an empty editor (null) gives
        ``{"background": None, "layers": [], "composite": None}``, as in Gradio's page."""
        if payload is None:
            return {"background": None, "layers": [], "composite": None}
        owner = type(self).__name__

        def convert(item, flatten):
            if item is None:
                return None
            return as_type(item, self.type, self.image_mode, self.format, flatten=flatten,
                           owner=owner)
        return {"background": convert(payload.get("background"), True),
                "layers": [convert(layer, False) for layer in payload.get("layers") or []],
                "composite": convert(payload.get("composite"), True)}

    def postprocess(self, value: Any) -> dict | None:
        """Write each image where the server can serve it; return the EditorValue."""
        if value is None:
            return None
        owner = type(self).__name__
        if not isinstance(value, dict):
            value = {"background": value, "layers": [], "composite": value}
        unknown = set(value) - {"background", "layers", "composite", "id"}
        if unknown:
            raise ValueError(f"An {owner} value has the keys 'background', 'layers' and "
                             f"'composite'; got {', '.join(map(repr, sorted(unknown)))}.")

        def save(item):
            return save_image(item, self.format, owner=owner)
        return {"background": save(value.get("background")),
                "layers": [save(layer) for layer in value.get("layers") or []],
                "composite": save(value.get("composite"))}

    def example_value(self) -> dict:
        import numpy as np
        background = np.zeros((4, 4, 4), dtype=np.uint8)
        background[..., 0] = background[..., 3] = 255
        return {"background": background, "layers": [], "composite": None}

    def api_info(self) -> dict:
        return {"type": {"type": "object", "title": "EditorData", "properties": {
                    "background": image_schema(),
                    "layers": {"type": "array", "items": image_schema()},
                    "composite": image_schema()}},
                "description": "{'background', 'layers', 'composite'}: images as FileData "
                               "(upload them with POST /upload first) or null"}
