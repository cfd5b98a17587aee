"""Streaming inputs: the ``stream`` event of the webcam and microphone components.

A page that streams sends its first chunk in an ``event`` frame marked
``"stream": true``; the job that frame starts stays open, and each later
``chunk`` frame gives it new input values (the source's new chunk and the
other inputs as they are now). The job's worker calls the function once per
chunk, in order, and sends each result as a non-final ``output``. The job
ends ``completed`` when the page says its source stopped (``end``) or when
the listener's ``time_limit`` has passed since it started; like any job it
can be cancelled, and a page that leaves cancels it.

A source's chunk on the wire is ``{"data": <base64>, "mime_type": <type>}``:
components that stream say which types they take (``STREAM_TYPES``), how
large one chunk may be (``STREAM_MAX_BYTES``), whether frames the function
had no time for are skipped (``STREAM_KEEP_LATEST``: video frames) or kept in
order (sound), and turn a :class:`Chunk` into the function's argument
(``preprocess_chunk``). Pure Python: the queue and the websocket use it.
See ``docs/protocol.md`` ("Streaming inputs").
"""

from __future__ import annotations

import base64
import binascii
import collections
import threading
import time
from typing import Any

from blocks.events import EventSpec

__all__ = ["STREAM", "Chunk", "ChunkError", "ChunkFeed", "END", "STREAM_BACKLOG",
           "check_stream_options", "idle_limit", "is_stream", "load_chunk", "stream_sources"]

STREAM = EventSpec("stream", "Triggered every `stream_every` seconds while the user streams "
                   "from the webcam or microphone: the function gets each new chunk.")

# Chunks of one stream that may wait for its function (kept in order: sound); beyond, the
# oldest are dropped. Sources that keep only the latest frame hold one.
STREAM_BACKLOG = 16
# A page may send a burst of this many chunks; beyond, at most two per stream_every.
STREAM_BURST = 10
# A stream whose page sends no chunk for this long (or 20 x stream_every, if longer) ends:
# a page that goes quiet without saying so must not hold a concurrency slot for ever.
STREAM_IDLE = 30.0


class ChunkError(ValueError):
    """A chunk that does not fit its source (not base64, too large, a type it does not take)."""


class Chunk:
    """One chunk of a streaming source: its bytes and MIME type."""

    __slots__ = ("data", "mime_type")

    def __init__(self, data: bytes, mime_type: str):
        self.data = data
        self.mime_type = mime_type

    def __repr__(self):
        return f"<Chunk {self.mime_type} {len(self.data)} bytes>"


class _End:
    def __repr__(self):
        return "END"


END = _End()


def is_stream(dep) -> bool:
    """Whether a dependency is a ``stream`` listener."""
    return any(event == "stream" for _, event in dep.targets)


def stream_sources(dep) -> set[int]:
    """The positions among ``dep.inputs`` of the components whose ``stream`` fires it."""
    sources = {id(block) for block, event in dep.targets if event == "stream"}
    return {index for index, block in enumerate(dep.inputs) if id(block) in sources}


def check_stream_options(options: dict) -> None:
    """Refuse a bad ``stream_every`` or ``time_limit`` when the listener is made."""
    every = options.get("stream_every", 0.5)
    if isinstance(every, bool) or not isinstance(every, (int, float)) or not every > 0:
        raise ValueError(f"stream_every must be a number of seconds above 0, not {every!r}.")
    limit = options.get("time_limit")
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, (int, float))
                              or not limit > 0):
        raise ValueError(f"time_limit must be a number of seconds above 0 or None, "
                         f"not {limit!r}.")


def idle_limit(every: float) -> float:
    """Seconds without a chunk after which a stream ends (see ``STREAM_IDLE``)."""
    return max(STREAM_IDLE, 20 * every)


def load_chunk(component, wire: Any) -> Chunk:
    """Check a chunk sent for ``component`` and decode it; :class:`ChunkError` if bad."""
    name = getattr(component, "label", None) or type(component).__name__
    if not isinstance(wire, dict) or not isinstance(wire.get("data"), str) or \
            not isinstance(wire.get("mime_type"), str):
        raise ChunkError(f"A chunk of {name!r} must be an object with 'data' (base64) and "
                         "'mime_type'.")
    mime = wire["mime_type"].split(";")[0].strip().lower()
    types = getattr(component, "STREAM_TYPES", ())
    if mime not in types:
        raise ChunkError(f"{name!r} streams {', '.join(types) or 'nothing'}, not {mime!r}.")
    limit = getattr(component, "STREAM_MAX_BYTES", 1 << 20)
    text = wire["data"]
    too_large = f"A chunk of {name!r} may hold at most {limit:,} bytes; this one holds "
    if len(text) > (limit + 2) // 3 * 4:  # refused before decoding anything
        raise ChunkError(f"{too_large}about {len(text) * 3 // 4:,}.")
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ChunkError(f"A chunk of {name!r} is not valid base64.") from None
    if len(data) > limit:
        raise ChunkError(f"{too_large}{len(data):,}.")
    if not data:
        raise ChunkError(f"A chunk of {name!r} is empty.")
    return Chunk(data, mime)


class ChunkFeed:
    """The chunks of one stream job, handed from the loop to the job's worker thread.

    ``admit()`` is the rate check (a token bucket: a burst of ``STREAM_BURST``
    chunks, then two per ``every`` seconds); ``put()`` adds a chunk's input
    values; ``get()`` waits for the next one in the worker; ``end()`` says no
    more will come (the source stopped, or the job ends).
    """

    def __init__(self, every: float, keep_latest: bool, backlog: int = STREAM_BACKLOG):
        self.every = float(every)
        self.keep_latest = keep_latest
        self.backlog = 1 if keep_latest else backlog
        self.dropped = 0  # chunks left out: skipped frames, or sound beyond the backlog
        self.received = 0
        self._items: collections.deque = collections.deque()
        self._ended = False
        self._ready = threading.Condition(threading.Lock())
        self._tokens = float(STREAM_BURST)
        self._refilled = time.monotonic()

    @property
    def ended(self) -> bool:
        return self._ended

    def admit(self) -> bool:
        """Whether one more chunk may come now (on the loop, when a chunk arrives)."""
        now = time.monotonic()
        rate = 2.0 / self.every
        self._tokens = min(float(STREAM_BURST), self._tokens + (now - self._refilled) * rate)
        self._refilled = now
        if self._tokens < 1.0:
            return False
        self._tokens -= 1.0
        return True

    def put(self, values: list) -> None:
        with self._ready:
            if self._ended:
                return
            self.received += 1
            while len(self._items) >= self.backlog:
                self._items.popleft()
                self.dropped += 1
            self._items.append(values)
            self._ready.notify()

    def end(self) -> None:
        with self._ready:
            self._ended = True
            self._ready.notify_all()

    def get(self, timeout: float):
        """The next chunk's input values; ``END`` after ``end()``; ``None`` after ``timeout``."""
        with self._ready:
            if not self._items and not self._ended:
                self._ready.wait(timeout)
            if self._items:
                return self._items.popleft()
            return END if self._ended else None
