"""What one served app owns while it serves (``app.extensions["blocks"]``).

Its own module, below ``blocks.server.app`` and the blueprints, so that every
server module can import it at the top.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from blocks.session import LiveSessions, SessionStore

if TYPE_CHECKING:  # annotations only: these modules import this one
    from flask import Flask

    from blocks.queue import Queue
    from blocks.registry import Registry
    from blocks.server.files import FileRegistry
    from blocks.server.runtime import GeventRuntime
    from blocks.server.settings import Settings

__all__ = ["AppState", "app_state"]


@dataclass(eq=False)
class AppState:
    """One app's parts; two apps in one process share none of them.

    ``store`` keeps the session records (the pluggable part); ``sessions`` are
    the connections this process holds; ``sweeper`` is the greenlet that ends
    expired sessions and deletes old cached files; ``auth`` who may come in.
    """

    blocks: object
    settings: Settings
    pm: object
    registry: Registry
    theme: object
    files: FileRegistry
    runtime: GeventRuntime
    store: SessionStore | None = None
    queue: Queue | None = None
    sessions: LiveSessions | None = None
    sweeper: object = None
    auth: object = None  # blocks.server.auth.Auth, when the app has authentication

    def __post_init__(self):
        if self.sessions is None:
            self.sessions = LiveSessions()


def app_state(app: Flask) -> AppState:
    return app.extensions["blocks"]
