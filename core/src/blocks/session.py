"""Sessions: one record per page load, in one store that a backend replaces as a whole.

- :class:`SessionRecord` is everything kept about one session: its hash, the
  request behind it, its ``gr.State`` values, what its ``@gr.render``
  functions made, which connection holds it, since when it has none, and
  whether it ended.
- :class:`Session` is one live connection of a session, in the process that
  holds its websocket: how to reach the page, its running jobs, how to close
  it. It is never stored.
- :class:`SessionStore` is what the server needs from a store of records;
  :class:`MemorySessionStore` (``blocks.session_memory``) is the default.
  Another backend registers a class through the
  ``blocks_register_state_backends`` hook and is chosen with the
  ``state_backend`` setting.

The rules every store keeps (times in seconds, from the store's clock):

- hashes are the server's: :meth:`SessionStore.open` resumes a record only
  when the hash asked for names one it holds; any other hash gets a fresh
  record with a new hash;
- a record whose connection dropped is kept ``grace_period`` seconds (60
  minutes by default) for the page to come back, then ends;
- a page that goes away (``close`` frame, close code 1001) ends its record at
  once: it cannot be resumed;
- past ``capacity`` records, the longest-disconnected ends first; a record
  that a connection holds is never evicted (the store grows past
  ``capacity`` instead, with a warning);
- a value with ``time_to_live`` is dropped that long after it was written;
- every dropped value goes once to ``on_drop`` (its ``delete_callback``), and
  every ended record once to ``on_end`` (the app's ``unload`` functions);
- a second connection that presents the hash of a connected session takes it
  over: ``on_takeover(hash, connection)`` tells the process holding the
  previous connection to close it.

A store that lives out of process (Redis) keeps the records' data there:
hash, times, the connection token, the request's fields and the values,
serialised. What cannot leave the process stays in it: ``renders`` (they hold
the functions of render-made listeners) in a table by hash that the store
drops when the record ends, ``delete_callback`` functions by State key, and
the :class:`Session` objects, which the server keeps (:class:`LiveSessions`).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

from blocks.render import SessionRenders
from blocks.request import Request
from blocks.state import run_delete_callbacks

__all__ = ["LiveSessions", "Opened", "Session", "SessionRecord", "SessionStore",
           "new_session_hash", "MAX_HASH_LENGTH"]

MAX_HASH_LENGTH = 64  # a requested hash longer than this is not looked up


def new_session_hash() -> str:
    """A hash no client can guess (128 random bits)."""
    return secrets.token_urlsafe(16)


@dataclass(eq=False, slots=True)
class SessionRecord:
    """Everything kept about one session (see the module docstring).

    ``connection`` is the token of the live connection holding the session
    (``None`` while it has none, since ``disconnected_at``); ``ended`` turns
    true once, when the store lets the record go.
    """

    hash: str
    created: float
    request: Request | None = None
    values: dict = field(default_factory=dict)  # State key -> blocks.state.Entry
    renders: SessionRenders = field(default_factory=SessionRenders)
    connection: str | None = None
    disconnected_at: float | None = None
    ended: bool = False

    def __repr__(self):
        status = "ended" if self.ended else "connected" if self.connection else "disconnected"
        return f"<SessionRecord {self.hash[:8]} {status} values={len(self.values)}>"


class Opened(NamedTuple):
    """What :meth:`SessionStore.open` gives: the record, and whether it was resumed."""

    record: SessionRecord
    resumed: bool


class Session:
    """One live connection of a session: how to reach its page, and its running jobs.

    ``release(code, message)`` closes the connection (a no-op without a
    transport); ``page_closed`` is set when the page says it is going away;
    ``taken_over`` when another connection took the session over. ``page``
    is true for a connection of the app's own page (it showed the page token
    of the page shell): only such a connection may run private listeners.
    """

    __slots__ = (
        "__dict__",
        "_release",
        "connected",
        "connection",
        "created",
        "hash",
        "jobs",
        "page",
        "page_closed",
        "record",
        "send",
        "taken_over",
    )

    def __init__(self, session_hash: str, send: Callable[[dict], None], *,
                 record: SessionRecord | None = None, connection: str | None = None,
                 release: Callable[..., None] | None = None, page: bool = False):
        self.hash = session_hash
        self.send = send
        self.record = record if record is not None else \
            SessionRecord(session_hash, created=time.monotonic())
        self.connection = connection or secrets.token_hex(8)
        self.jobs: dict[str, Any] = {}
        self.created = time.monotonic()
        self.connected = True
        self.page = page
        self.page_closed = False
        self.taken_over = False
        self._release = release

    @property
    def renders(self) -> SessionRenders:
        return self.record.renders

    @property
    def request(self) -> Request | None:
        return self.record.request

    def release(self, code: int = 1001, message: str = "Server closing") -> None:
        """Close the connection (the page is told ``code``)."""
        if self._release is not None:
            self._release(code, message)

    def __repr__(self):
        return f"<Session {self.hash[:8]} jobs={len(self.jobs)}>"


class LiveSessions:
    """The sessions connected to this process, one live connection per hash."""

    def __init__(self):
        self._by_hash: dict[str, Session] = {}

    def add(self, session: Session) -> None:
        self._by_hash[session.hash] = session

    def remove(self, session: Session) -> bool:
        """Forget ``session`` unless another connection holds its hash now."""
        if self._by_hash.get(session.hash) is session:
            del self._by_hash[session.hash]
            return True
        return False

    def get(self, session_hash: str) -> Session | None:
        return self._by_hash.get(session_hash)

    def __iter__(self):
        return iter(list(self._by_hash.values()))

    def __len__(self) -> int:
        return len(self._by_hash)


class SessionStore:
    """The interface of a session store (see the module docstring for its rules).

    Every method is called on the server's loop. The callbacks run in the
    process that made the change, once per dropped value or ended record:
    ``on_drop(entries)`` with dropped :class:`blocks.state.Entry` objects,
    ``on_end(record)`` with a record that ended (after its values went to
    ``on_drop``), ``on_takeover(session_hash, connection)`` when a new
    connection took a session from ``connection``.
    """

    name = "session_store"

    def __init__(self, *, capacity: int = 10_000, grace_period: float = 3600.0,
                 clock: Callable[[], float] = time.monotonic,
                 on_drop: Callable[[list], None] | None = None,
                 on_end: Callable[[SessionRecord], None] | None = None,
                 on_takeover: Callable[[str, str], None] | None = None):
        self.capacity = int(capacity)
        self.grace_period = float(grace_period)
        self.clock = clock
        self.on_drop = on_drop or run_delete_callbacks
        self.on_end = on_end or (lambda record: None)
        self.on_takeover = on_takeover or (lambda session_hash, connection: None)

    # -- sessions ------------------------------------------------------------------------
    def open(self, requested: str | None, *, connection: str,
             request: Request | None = None) -> Opened:
        """A connection starts: resume the record ``requested`` names, or make a fresh one.

        Only a hash the store holds is resumed (connected or not: a connected
        one is taken over); anything else gets a new record with a new hash.
        ``connection`` becomes the record's holder; ``request`` its request
        (with ``session_hash`` filled in).
        """
        raise NotImplementedError

    def get(self, session_hash: str) -> SessionRecord | None:
        """The record of a session that has not ended."""
        raise NotImplementedError

    def disconnect(self, session_hash: str, *, connection: str) -> None:
        """``connection`` dropped: keep the record for the grace period.

        Nothing happens when another connection holds the record now.
        """
        raise NotImplementedError

    def end(self, session_hash: str, *, connection: str | None = None) -> bool:
        """End a session now (its page went away); whether it was still there.

        With ``connection``, only while that connection holds it.
        """
        raise NotImplementedError

    def sweep(self) -> None:
        """End what outlived the grace period, drop expired values, keep to capacity."""
        raise NotImplementedError

    # -- State values --------------------------------------------------------------------
    def get_value(self, session_hash: str, key, *, default: Callable[[], Any]) -> Any:
        """The value of State ``key`` in a session (``default()`` when it has none)."""
        raise NotImplementedError

    def put_value(self, session_hash: str, key, value, *, ttl: float | None = None,
                  delete_callback: Callable | None = None) -> bool:
        """Store a value; whether it changed (:func:`blocks.state.fingerprint`).

        A session that ended keeps nothing: the value goes to ``on_drop``.
        """
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def __contains__(self, session_hash) -> bool:
        return self.get(session_hash) is not None
