"""Where the app is, as the request in hand reached it (behind proxies and ``root_path`` too)."""

from __future__ import annotations

from flask import current_app, request

from blocks.server.state import app_state

__all__ = ["absolute_root", "root_url"]


def root_url() -> str:
    """The URL path prefix of the app as the browser sees it (``""`` or ``"/demo"``)."""
    return app_state(current_app).settings.root_path or request.script_root.rstrip("/")


def absolute_root() -> str:
    """The app's whole URL as this request reached it (for programs: file URLs, clients);
    with ``root_path`` given as a full URL, that URL."""
    origin = app_state(current_app).settings.root_origin
    return f"{origin or f'{request.scheme}://{request.host}'}{root_url()}"
