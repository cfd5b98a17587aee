"""Checks of the constructor arguments the image components share."""

from __future__ import annotations

import warnings

from blocks.exceptions import BlocksWarning
from blocks_image.convert import FORMATS

__all__ = ["TYPES", "SOURCES", "check_type", "check_format", "check_sources",
           "check_buttons"]

TYPES = ("numpy", "pil", "filepath")
SOURCES = ("upload", "webcam", "clipboard")


def check_type(owner: str, type: str) -> str:
    if type not in TYPES:
        raise ValueError(f"{owner} type must be one of {', '.join(map(repr, TYPES))}, "
                         f"not {type!r}.")
    return type


def check_format(owner: str, format: str | None) -> str:
    fmt = (format or "png").lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(f"{owner} format must be one of {', '.join(sorted(FORMATS))}, "
                         f"not {format!r}.")
    return fmt


def check_sources(owner: str, sources, default) -> list[str]:
    if sources is None:
        sources = default
    elif isinstance(sources, str):
        sources = (sources,)
    sources = list(sources)
    unknown = [source for source in sources if source not in SOURCES]
    if unknown:
        raise ValueError(f"{owner} sources must be among {', '.join(SOURCES)}; "
                         f"got {', '.join(map(repr, unknown))}.")
    return sources


def check_buttons(owner: str, buttons, supported: tuple[str, ...],
                  gradio: tuple[str, ...] = ()) -> list[str]:
    """The corner buttons to show: ``None`` means all of ``supported``.

    Names in ``gradio`` (``"share"``) are Gradio's but not Blocks': they warn and
    are left out, as are ``gr.Button`` instances (Gradio puts them in the toolbar).
    Any other name is an error.
    """
    if buttons is None:
        return list(supported)
    if isinstance(buttons, str):
        buttons = [buttons]
    shown = []
    for button in buttons:
        if not isinstance(button, str):
            warnings.warn(f"{owner}(buttons=[...]): Blocks does not put custom buttons in a "
                          "component's toolbar; place the button beside it instead.",
                          BlocksWarning, stacklevel=4)
        elif button in supported:
            shown.append(button)
        elif button in gradio:
            reason = "Blocks has no share links" if button == "share" else \
                "Blocks does not implement it"
            warnings.warn(f"{owner}(buttons=[{button!r}]) is a Gradio button that Blocks "
                          f"leaves out: {reason}.", BlocksWarning, stacklevel=4)
        else:
            raise ValueError(f"{owner} buttons are among {', '.join(supported + gradio)}; "
                             f"got {button!r}.")
    return shown
