"""Events of the image components that the core does not define."""

from __future__ import annotations

from blocks.events import EventSpec

__all__ = ["APPLY", "DELETE", "PREVIEW_OPEN", "PREVIEW_CLOSE"]

APPLY = EventSpec("apply", "Triggered when the user applies the edits with the Apply button.")
DELETE = EventSpec("delete", "Triggered when the user deletes an item; the event data's "
                   "_data holds the deleted 'file' (FileData) and its 'index'.")
PREVIEW_OPEN = EventSpec("preview_open", "Triggered when the user opens the large preview.")
PREVIEW_CLOSE = EventSpec("preview_close", "Triggered when the user closes the large "
                          "preview.")
