"""Where ``gr.State`` values live: a store keyed by session, behind an interface.

:class:`StateStore` is what the server needs; :class:`MemoryStateStore` is the
default. Another backend (Redis) registers a class through the
``blocks_register_state_backends`` hook and is chosen with the
``state_backend`` setting; nothing else changes.

Lifetime rules (all times in seconds, from an injectable clock):

- a value with ``time_to_live`` is dropped that long after it was created or
  last updated;
- a session whose page went away is kept for ``grace_period`` (60 minutes by
  default), so a page that reconnects finds its state, then dropped;
- past ``capacity`` sessions, the oldest sessions are dropped first;
- every dropped value is passed once to its State's ``delete_callback``.
"""

from __future__ import annotations

import copy
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

__all__ = ["StateStore", "MemoryStateStore", "SessionState", "fingerprint", "Entry"]

logger = logging.getLogger("blocks.state")


def fingerprint(value: Any) -> Any:
    """What a change of a State value is judged by.

    Lists, tuples, sets and dicts by their elements (a snapshot, so in-place
    edits count); other objects by their hash (or identity when unhashable).
    """
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        try:
            return ("items", copy.deepcopy(value))
        except Exception:
            return ("id", id(value))
    try:
        return ("hash", type(value), hash(value))
    except TypeError:
        return ("id", id(value))


@dataclass
class Entry:
    value: Any
    mark: Any
    updated: float
    ttl: float | None = None
    delete_callback: Callable | None = None


@dataclass
class _SessionRecord:
    created: float
    entries: dict = field(default_factory=dict)
    disconnected_at: float | None = None


def run_delete_callbacks(entries) -> None:
    """Pass each dropped value to its State's ``delete_callback`` (once)."""
    for entry in entries:
        if entry.delete_callback is not None:
            try:
                entry.delete_callback(entry.value)
            except Exception:
                logger.exception("delete_callback of a State failed")


class StateStore:
    """The interface of a state backend (see the module docstring)."""

    name = "state_store"

    def __init__(self, *, capacity: int = 10_000, grace_period: float = 3600,
                 clock: Callable[[], float] = time.monotonic,
                 on_drop: Callable[[list], None] | None = None):
        self.capacity = capacity
        self.grace_period = grace_period
        self.clock = clock
        # what happens to dropped entries: by default their delete callbacks run
        # at once; the server hands them to its worker threads instead
        self.on_drop = on_drop or run_delete_callbacks

    def get(self, session_hash: str, key, *, default: Callable[[], Any]) -> Any:
        """The value of State ``key`` in a session (``default()`` when it has none)."""
        raise NotImplementedError

    def put(self, session_hash: str, key, value, *, ttl: float | None = None,
            delete_callback: Callable | None = None) -> bool:
        """Store a value; return whether it changed (see :func:`fingerprint`)."""
        raise NotImplementedError

    def connect(self, session_hash: str, *, resume: bool = False) -> bool:
        """A page (re)connects; with ``resume``, whether its state was still kept."""
        raise NotImplementedError

    def disconnect(self, session_hash: str) -> None:
        """The page went away: keep its state for the grace period."""
        raise NotImplementedError

    def end(self, session_hash: str) -> list:
        """Drop a session now; return its dropped entries (for delete callbacks)."""
        raise NotImplementedError

    def sweep(self) -> list:
        """Drop what expired; return the dropped entries."""
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError


class MemoryStateStore(StateStore):
    name = "memory"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._sessions: dict[str, _SessionRecord] = {}
        self._lock = threading.RLock()

    def _record(self, session_hash: str) -> _SessionRecord:
        record = self._sessions.get(session_hash)
        if record is None:
            record = self._sessions[session_hash] = _SessionRecord(created=self.clock())
        return record

    def get(self, session_hash, key, *, default):
        with self._lock:
            record = self._record(session_hash)
            entry = record.entries.get(key)
            if entry is not None and entry.ttl is not None and \
                    self.clock() - entry.updated > entry.ttl:
                expired = record.entries.pop(key)
                self._run_callbacks([expired])
                entry = None
            if entry is not None:
                return entry.value
        return default()

    def put(self, session_hash, key, value, *, ttl=None, delete_callback=None):
        with self._lock:
            record = self._record(session_hash)
            old = record.entries.get(key)
            mark = fingerprint(value)
            changed = old is None or old.mark != mark
            record.entries[key] = Entry(value, mark, self.clock(), ttl, delete_callback)
            return changed

    def connect(self, session_hash, *, resume=False):
        with self._lock:
            known = session_hash in self._sessions
            record = self._record(session_hash)
            record.disconnected_at = None
            dropped = self._evict_over_capacity(keep=session_hash)
        self._run_callbacks(dropped)
        return known if resume else True

    def disconnect(self, session_hash):
        with self._lock:
            record = self._sessions.get(session_hash)
            if record is not None:
                record.disconnected_at = self.clock()

    def end(self, session_hash):
        with self._lock:
            record = self._sessions.pop(session_hash, None)
        dropped = list(record.entries.values()) if record else []
        self._run_callbacks(dropped)
        return dropped

    def sweep(self):
        now = self.clock()
        dropped = []
        with self._lock:
            for session_hash, record in list(self._sessions.items()):
                if record.disconnected_at is not None and \
                        now - record.disconnected_at > self.grace_period:
                    dropped.extend(self._sessions.pop(session_hash).entries.values())
                    continue
                for key, entry in list(record.entries.items()):
                    if entry.ttl is not None and now - entry.updated > entry.ttl:
                        dropped.append(record.entries.pop(key))
            dropped.extend(self._evict_over_capacity())
        self._run_callbacks(dropped)
        return dropped

    def _evict_over_capacity(self, keep: str | None = None) -> list:
        dropped = []
        while len(self._sessions) > self.capacity:
            oldest = next((h for h in self._sessions if h != keep), None)
            if oldest is None:
                break
            dropped.extend(self._sessions.pop(oldest).entries.values())
        return dropped

    def _run_callbacks(self, entries) -> None:
        if entries:
            self.on_drop(list(entries))

    def __len__(self):
        return len(self._sessions)

    def __contains__(self, session_hash):
        return session_hash in self._sessions


class SessionState:
    """One session's view of a store: read and write State components' values."""

    def __init__(self, store: StateStore, session_hash: str):
        self.store = store
        self.session_hash = session_hash

    def get(self, component) -> Any:
        return self.store.get(self.session_hash, component._id,
                              default=component.initial_value)

    def put(self, component, value) -> bool:
        return self.store.put(self.session_hash, component._id, value,
                              ttl=component.time_to_live,
                              delete_callback=component.delete_callback)
