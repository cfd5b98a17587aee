"""The corner buttons some components show (copy, download), as Gradio's ``buttons``."""

from __future__ import annotations

__all__ = ["corner_buttons"]


def corner_buttons(buttons, offered: tuple[str, ...], kind: str) -> list[str]:
    """The buttons asked for: ``None`` means all of ``offered``; each must be one of them."""
    if buttons is None:
        return list(offered)
    chosen = [buttons] if isinstance(buttons, str) else list(buttons)
    unknown = [button for button in chosen if button not in offered]
    if unknown:
        raise ValueError(f"{kind} buttons may be {', '.join(map(repr, offered))}, not "
                         f"{', '.join(map(repr, unknown))} (buttons of your own, as "
                         "gr.Button instances, are not supported yet).")
    return chosen
