"""The default session store: every record in this process's memory.

Finding what to end costs nothing per idle record: disconnected records wait
in the order they dropped (so the grace period and capacity take the oldest
first), and only records holding a value with ``time_to_live`` are looked at
for expired values.
"""

from __future__ import annotations

import collections
import logging
import threading

from blocks.session import MAX_HASH_LENGTH, Opened, SessionRecord, SessionStore, new_session_hash
from blocks.state import Entry, differ, fingerprint

__all__ = ["MemorySessionStore"]

logger = logging.getLogger("blocks.session")


class MemorySessionStore(SessionStore):
    """Records in a dict; the rules of :class:`blocks.session.SessionStore`."""

    name = "memory"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._records: dict[str, SessionRecord] = {}
        self._idle: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._expiring: set[str] = set()  # records holding a value with time_to_live
        self._over_capacity = False       # warned that connected records exceed capacity
        self._lock = threading.RLock()

    # -- sessions ------------------------------------------------------------------------
    def open(self, requested, *, connection, request=None):
        with self._lock:
            record = None
            if isinstance(requested, str) and 0 < len(requested) <= MAX_HASH_LENGTH:
                record = self._records.get(requested)
            resumed = record is not None
            replaced = record.connection if resumed else None
            if record is None:
                session_hash = new_session_hash()
                while session_hash in self._records:
                    session_hash = new_session_hash()
                record = self._records[session_hash] = SessionRecord(session_hash,
                                                                      created=self.clock())
            self._idle.pop(record.hash, None)
            record.connection = connection
            record.disconnected_at = None
            if request is not None:
                request.session_hash = record.hash
                record.request = request
            ended = self._evict_over_capacity()
        self._finish(ended)
        if replaced is not None:
            self.on_takeover(record.hash, replaced)
        return Opened(record, resumed)

    def get(self, session_hash):
        return self._records.get(session_hash)

    def disconnect(self, session_hash, *, connection):
        with self._lock:
            record = self._records.get(session_hash)
            if record is None or record.connection != connection:
                return
            record.connection = None
            record.disconnected_at = self.clock()
            self._idle[session_hash] = None  # the last to drop goes last

    def end(self, session_hash, *, connection=None):
        with self._lock:
            record = self._records.get(session_hash)
            if record is None or (connection is not None and record.connection != connection):
                return False
            self._remove(record)
        self._finish([record])
        return True

    def sweep(self):
        now = self.clock()
        ended, dropped = [], []
        with self._lock:
            while self._idle:
                record = self._records[next(iter(self._idle))]
                if now - record.disconnected_at <= self.grace_period:
                    break
                ended.append(self._remove(record))
            for session_hash in list(self._expiring):
                record = self._records[session_hash]
                for key in [k for k, entry in record.values.items() if entry.expired(now)]:
                    dropped.append(record.values.pop(key))
                if not any(entry.ttl is not None for entry in record.values.values()):
                    self._expiring.discard(session_hash)
            ended += self._evict_over_capacity()
        self._finish(ended, dropped)

    def _remove(self, record: SessionRecord) -> SessionRecord:
        """Under the lock: take a record out (its callbacks run after, outside the lock)."""
        del self._records[record.hash]
        self._idle.pop(record.hash, None)
        self._expiring.discard(record.hash)
        record.ended = True
        return record

    def _evict_over_capacity(self) -> list[SessionRecord]:
        """Under the lock: end the longest-disconnected records while over capacity."""
        ended = []
        while len(self._records) > self.capacity and self._idle:
            session_hash, _ = self._idle.popitem(last=False)
            ended.append(self._remove(self._records[session_hash]))
        over = len(self._records) > self.capacity
        if over and not self._over_capacity:
            logger.warning("%d sessions are connected, more than state_session_capacity (%d): "
                           "none is evicted while connected, so the store grows past it. "
                           "Raise state_session_capacity, or limit connections.",
                           len(self._records), self.capacity)
        self._over_capacity = over
        return ended

    def _finish(self, ended: list, dropped: list = ()) -> None:
        """Outside the lock: hand dropped values, then ended records, to the callbacks."""
        dropped = list(dropped)
        for record in ended:
            dropped.extend(record.values.values())
        self.hand_over(dropped, ended)

    # -- State values --------------------------------------------------------------------
    def get_value(self, session_hash, key, *, default):
        expired = None
        with self._lock:
            record = self._records.get(session_hash)
            entry = record.values.get(key) if record is not None else None
            if entry is not None and entry.expired(self.clock()):
                expired, entry = record.values.pop(key), None
        if expired is not None:
            self.on_drop([expired])
        return entry.value if entry is not None else default()

    def put_value(self, session_hash, key, value, *, ttl=None, delete_callback=None):
        entry = Entry(value, fingerprint(value), self.clock(), ttl, delete_callback)
        with self._lock:
            record = self._records.get(session_hash)
            if record is not None:
                old = record.values.get(key)
                record.values[key] = entry
                if ttl is not None:
                    self._expiring.add(session_hash)
                return old is None or differ(old.mark, entry.mark)
        self.on_drop([entry])  # the session ended: the value has nowhere to live
        return False

    def __len__(self):
        return len(self._records)

    def __contains__(self, session_hash):
        return session_hash in self._records
