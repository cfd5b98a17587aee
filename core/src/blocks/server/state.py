"""What one served app owns while it serves (``app.extensions["blocks"]``).

Its own module, below ``blocks.server.app`` and the blueprints, so that every
server module can import it at the top.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
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
    the connections this process holds (pages and programs); ``api`` the
    programs' sessions and their jobs' events; ``sweeper`` is the greenlet that
    ends expired sessions and deletes old cached files; ``auth`` who may come in.
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
    api: object = None  # blocks.server.api_sessions.ApiSessions: programs' sessions and jobs
    relay: object = None  # blocks.server.api_relay.Relay: API streams across processes, or None
    openapi: dict | None = None  # the OpenAPI document, built when first asked for
    auth: object = None  # blocks.server.auth.Auth, when the app has authentication
    assets: object = None  # blocks.server.page_assets.PageAssets, made on first use

    def __post_init__(self):
        if self.sessions is None:
            self.sessions = LiveSessions()
        # processes serving one app agree on it through a key they share: secret_key, or
        # the ``secret`` a shared session store (blocks-redis) already requires
        key = self.settings.secret_key or os.environ.get("BLOCKS_SECRET_KEY") or \
            self.settings.secret or secrets.token_hex(32)
        self.page_token = hmac.new(key.encode(), b"blocks page shell",
                                   hashlib.sha256).hexdigest()[:32]

    def is_page_token(self, token) -> bool:
        """Whether ``token`` is the one the page shell gives the app's own page.

        It tells the app's page from a program on the websocket (private
        listeners run only for the page). It is no secret from anyone who can
        load the page: access control is authentication's job.
        """
        return isinstance(token, str) and hmac.compare_digest(token.encode(),
                                                              self.page_token.encode())


def app_state(app: Flask) -> AppState:
    return app.extensions["blocks"]
