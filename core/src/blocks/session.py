"""Sessions: one page load (or API client) each, kept in a store.

The store is an interface so that a multi-process backend (Redis) can
replace the in-memory default through a plugin later.
"""

from __future__ import annotations

import secrets
import time
from typing import Callable

__all__ = ["Session", "SessionStore", "MemorySessionStore"]


class Session:
    """One connected page: its hash, how to reach it, its jobs and state."""

    def __init__(self, session_hash: str, send: Callable[[dict], None]):
        self.hash = session_hash
        self.send = send
        self.jobs: dict[str, object] = {}
        self.state: dict = {}
        self.created = time.monotonic()
        self.connected = True
        from blocks.render import SessionRenders
        self.renders = SessionRenders()  # the server shares one per session hash

    def __repr__(self):
        return f"<Session {self.hash[:8]} jobs={len(self.jobs)}>"


class SessionStore:
    """What the server needs from a session store."""

    def open(self, send: Callable[[dict], None], session_hash: str | None = None) -> Session:
        raise NotImplementedError

    def get(self, session_hash: str) -> Session | None:
        raise NotImplementedError

    def close(self, session_hash: str) -> None:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError


class MemorySessionStore(SessionStore):
    def __init__(self):
        self._sessions: dict[str, Session] = {}

    def open(self, send, session_hash=None) -> Session:
        session_hash = session_hash or secrets.token_urlsafe(16)
        session = Session(session_hash, send)
        self._sessions[session_hash] = session
        return session

    def get(self, session_hash):
        return self._sessions.get(session_hash)

    def close(self, session_hash):
        session = self._sessions.pop(session_hash, None)
        if session is not None:
            session.connected = False

    def __len__(self):
        return len(self._sessions)

    def __iter__(self):
        return iter(list(self._sessions.values()))
