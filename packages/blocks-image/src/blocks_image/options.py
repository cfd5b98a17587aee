"""Option classes of the image components, reached as ``gr.Brush``, ``gr.Eraser``,
``gr.LayerOptions``, ``gr.WebcamOptions`` and ``gr.WatermarkOptions`` (Gradio's names
and fields). Each has ``to_prop()``: the JSON the browser receives.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

__all__ = ["Brush", "Eraser", "LayerOptions", "WebcamOptions", "WatermarkOptions",
           "tool_prop", "layers_prop", "webcam_prop"]

DEFAULT_COLORS = ["rgb(204, 50, 50)", "rgb(173, 204, 50)", "rgb(50, 204, 112)",
                  "rgb(50, 112, 204)", "rgb(173, 50, 204)"]
POSITIONS = ("top-left", "top-right", "bottom-left", "bottom-right")


def _size(owner: str, size) -> int | str:
    if size == "auto":
        return size
    if isinstance(size, bool) or not isinstance(size, (int, float)) or size <= 0:
        raise ValueError(f"{owner}.default_size must be a positive number of pixels or "
                         f"'auto', not {size!r}.")
    return size


def _color(owner: str, color) -> list:
    """A colour as ``[css, opacity]``: a CSS colour string, or ``(css, opacity)``."""
    if isinstance(color, str) and color.strip():
        return [color.strip(), 1.0]
    if isinstance(color, (tuple, list)) and len(color) == 2 and isinstance(color[0], str) \
            and isinstance(color[1], (int, float)) and not isinstance(color[1], bool) \
            and 0 <= color[1] <= 1:
        return [color[0].strip(), float(color[1])]
    raise ValueError(f"{owner} colours are CSS colour strings or (colour, opacity) pairs with "
                     f"an opacity from 0 to 1; got {color!r}.")


@dataclasses.dataclass
class Eraser:
    """The eraser of ``gr.ImageEditor``.

    Args:
        default_size: its radius in pixels, or ``"auto"`` (a fiftieth of the image's
            smaller side).
    """

    default_size: int | Literal["auto"] = "auto"

    def to_prop(self) -> dict:
        return {"default_size": _size("Eraser", self.default_size)}


@dataclasses.dataclass
class Brush(Eraser):
    """The brush of ``gr.ImageEditor``.

    Args:
        default_size: its radius in pixels, or ``"auto"``.
        colors: the palette: CSS colours, or ``(colour, opacity)`` pairs.
        default_color: the colour it starts with (the first of ``colors`` by default).
        color_mode: ``"fixed"`` allows only the palette; ``"defaults"`` adds a colour picker.
    """

    colors: list | str | tuple | None = None
    default_color: str | tuple | None = None
    color_mode: Literal["fixed", "defaults"] = "defaults"

    def __post_init__(self):
        if self.colors is None:
            self.colors = list(DEFAULT_COLORS)
        if self.default_color is None:
            self.default_color = self.colors[0] if isinstance(self.colors, list) \
                else self.colors

    def to_prop(self) -> dict:
        colors = self.colors
        if isinstance(colors, str) or (isinstance(colors, tuple) and len(colors) == 2
                                       and isinstance(colors[1], (int, float))):
            colors = [colors]
        palette = [_color("Brush", color) for color in colors]
        if self.color_mode not in ("fixed", "defaults"):
            raise ValueError("Brush.color_mode must be 'fixed' or 'defaults', "
                             f"not {self.color_mode!r}.")
        return {"default_size": _size("Brush", self.default_size), "colors": palette,
                "default_color": _color("Brush", self.default_color),
                "color_mode": self.color_mode}


@dataclasses.dataclass
class LayerOptions:
    """The layers of ``gr.ImageEditor``.

    Args:
        allow_additional_layers: whether the user may add (and remove) layers.
        layers: the names of the layers it starts with (one, "Layer 1", by default).
        disabled: hide the layer controls (one layer only).
    """

    allow_additional_layers: bool = True
    layers: list | None = None
    disabled: bool = False

    def __post_init__(self):
        if not self.layers:
            self.layers = ["Layer 1"]

    def to_prop(self) -> dict:
        names = [self.layers] if isinstance(self.layers, str) else list(self.layers)
        if not all(isinstance(name, str) for name in names):
            raise ValueError(f"LayerOptions.layers are names (strings), not {names!r}.")
        return {"allow_additional_layers": bool(self.allow_additional_layers),
                "layers": names, "disabled": bool(self.disabled)}


@dataclasses.dataclass
class WebcamOptions:
    """The webcam of ``gr.Image``, ``gr.ImageEditor`` and ``gr.Gallery``.

    Args:
        mirror: show the preview (and take the picture) mirrored, as a selfie.
        constraints: the ``getUserMedia`` constraints (``{"video": {"width": 1024}}``).
    """

    mirror: bool = True
    constraints: dict | None = None

    def to_prop(self) -> dict:
        if self.constraints is not None and not isinstance(self.constraints, dict):
            raise ValueError("WebcamOptions.constraints must be a dict of getUserMedia "
                             f"constraints, not {type(self.constraints).__name__}.")
        return {"mirror": bool(self.mirror), "constraints": self.constraints}


@dataclasses.dataclass
class WatermarkOptions:
    """A watermark pasted on the images ``gr.Image`` shows.

    Args:
        watermark: the watermark: a file path, a Pillow image or a numpy array.
        position: ``"top-left"``, ``"top-right"``, ``"bottom-left"``,
            ``"bottom-right"`` (10 pixels from the edges), or an ``(x, y)`` pair.
    """

    watermark: Any = None
    position: tuple | str = "bottom-right"

    def __post_init__(self):
        if isinstance(self.position, str):
            if self.position not in POSITIONS:
                raise ValueError(f"WatermarkOptions.position must be one of {POSITIONS} or "
                                 f"an (x, y) pair, not {self.position!r}.")
        elif not (isinstance(self.position, (tuple, list)) and len(self.position) == 2
                  and all(isinstance(v, int) for v in self.position)):
            raise ValueError("WatermarkOptions.position must be a corner name or an (x, y) "
                             f"pair of integers, not {self.position!r}.")

    def apply(self, image):
        """``image`` (Pillow) with the watermark pasted on it, in ``image``'s mode."""
        from blocks_image.convert import open_image, to_pil
        mark = self.watermark
        mark = open_image(str(mark), None) if isinstance(mark, (str, bytes)) or \
            hasattr(mark, "__fspath__") else to_pil(mark, "WatermarkOptions")
        width, height = image.size
        w, h = mark.size
        pad = 10
        corners = {"top-left": (pad, pad), "top-right": (width - w - pad, pad),
                   "bottom-left": (pad, height - h - pad),
                   "bottom-right": (width - w - pad, height - h - pad)}
        x, y = corners[self.position] if isinstance(self.position, str) else self.position
        if x < 0 or y < 0 or x + w > width or y + h > height:
            x, y = corners["bottom-right"]
        base = image.convert("RGBA")
        mark = mark.convert("RGBA")
        base.paste(mark, (x, y), mask=mark)
        return base.convert(image.mode)


def tool_prop(owner: str, value, cls) -> dict | bool:
    """The prop of a ``brush`` or ``eraser`` argument: an instance, None (defaults), False."""
    if value is False:
        return False
    if value is None or value is True:
        value = cls()
    if not isinstance(value, cls):
        raise TypeError(f"{owner} takes a gr.{cls.__name__}, None or False; "
                        f"got {type(value).__name__}.")
    return value.to_prop()


def layers_prop(value) -> dict:
    if value is True or value is None:
        value = LayerOptions()
    elif value is False:
        value = LayerOptions(disabled=True, allow_additional_layers=False)
    if not isinstance(value, LayerOptions):
        raise TypeError(f"layers takes True, False or a gr.LayerOptions, not "
                        f"{type(value).__name__}.")
    return value.to_prop()


def webcam_prop(value, mirror: bool | None = None) -> dict:
    if value is None:
        value = WebcamOptions()
    if not isinstance(value, WebcamOptions):
        raise TypeError("webcam_options takes a gr.WebcamOptions, not "
                        f"{type(value).__name__}.")
    prop = value.to_prop()
    if mirror is not None:
        prop["mirror"] = bool(mirror)
    return prop
