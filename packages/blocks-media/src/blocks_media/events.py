"""Events of the media components that the core does not define."""

from __future__ import annotations

from blocks.events import EventSpec

__all__ = ["PLAY", "PAUSE", "STOP", "END", "START_RECORDING", "PAUSE_RECORDING",
           "STOP_RECORDING"]

PLAY = EventSpec("play", "Triggered when the user starts playing the media.")
PAUSE = EventSpec("pause", "Triggered when the user pauses the media.")
STOP = EventSpec("stop", "Triggered when the media reaches its end.")
END = EventSpec("end", "Triggered when the media reaches its end (and does not loop).")
START_RECORDING = EventSpec("start_recording", "Triggered when the user starts recording.")
PAUSE_RECORDING = EventSpec("pause_recording", "Triggered when the user pauses recording.")
STOP_RECORDING = EventSpec("stop_recording", "Triggered when the user stops recording.")
