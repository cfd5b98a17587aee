"""Messages a running function sends to its page: gr.Info, gr.Success, gr.Warning, progress.

While a job's function runs, its worker thread knows the job's ``notify``
callable; these helpers use it. Outside an event they only log.
"""

from __future__ import annotations

import logging
import threading
from typing import Callable

__all__ = ["Info", "Success", "Warning", "current_notifier", "notifying"]

logger = logging.getLogger("blocks")
_local = threading.local()


def current_notifier() -> Callable[[dict], None] | None:
    return getattr(_local, "notify", None)


class notifying:
    """Context manager: make ``notify`` the current job's channel in this thread."""

    def __init__(self, notify):
        self.notify = notify

    def __enter__(self):
        self.previous = current_notifier()
        _local.notify = self.notify

    def __exit__(self, *exc):
        _local.notify = self.previous
        return False


def _toast(level: str, message: str, duration, title: str | None, visible: bool) -> None:
    notify = current_notifier()
    if notify is None:
        logger.log(logging.WARNING if level == "warning" else logging.INFO, "%s", message)
        return
    if visible:
        notify({"type": "message", "level": level, "message": str(message),
                "title": title or level.capitalize(), "duration": duration})


def Info(message: str = "Info issued.", duration: float | None = 10, visible: bool = True,
         title: str = "Info") -> None:
    """Show an info toast on the page of the event that is running."""
    _toast("info", message, duration, title, visible)


# Named like the builtin on purpose: gr.Warning is Gradio's API.
def Warning(message: str = "Warning issued.", duration: float | None = 10,
            visible: bool = True, title: str = "Warning") -> None:
    """Show a warning toast on the page of the event that is running."""
    _toast("warning", message, duration, title, visible)


def Success(message: str = "Success.", duration: float | None = 10, visible: bool = True,
            title: str = "Success") -> None:
    """Show a success toast on the page of the event that is running."""
    _toast("success", message, duration, title, visible)
