"""Checks of the constructor arguments the media components share."""

from __future__ import annotations

import warnings

from blocks.exceptions import BlocksWarning

__all__ = ["check_sources", "check_buttons"]


def check_sources(owner: str, sources, allowed: tuple[str, ...]) -> list[str]:
    """The sources the user may take media from: ``None`` means all of ``allowed``."""
    if sources is None:
        return list(allowed)
    if isinstance(sources, str):
        sources = (sources,)
    sources = list(sources)
    unknown = [source for source in sources if source not in allowed]
    if unknown or not sources:
        raise ValueError(f"{owner} sources must be among {', '.join(allowed)}; "
                         f"got {', '.join(map(repr, unknown)) or 'none'}.")
    return sources


def check_buttons(owner: str, buttons, supported: tuple[str, ...],
                  gradio: tuple[str, ...] = ()) -> list[str]:
    """The buttons to show: ``None`` means all of ``supported``; Gradio-only names (and
    ``gr.Button`` instances) warn and are left out; any other name is an error."""
    if buttons is None:
        return list(supported)
    if isinstance(buttons, str):
        buttons = [buttons]
    shown = []
    for button in buttons:
        if button in supported:
            shown.append(button)
        elif not isinstance(button, str) or button in gradio:
            warnings.warn(f"{owner}(buttons=[{button!r}]): Blocks leaves this Gradio button "
                          "out (no share links, no custom toolbar buttons).", BlocksWarning,
                          stacklevel=4)
        else:
            raise ValueError(f"{owner} buttons are among {', '.join(supported + gradio)}; "
                             f"got {button!r}.")
    return shown
