"""Programs as sessions: an API client is a session without a websocket.

A page holds its session with its websocket; a program holds it with HTTP
requests. :class:`ApiClient` is that session's live side: a
:class:`blocks.session.Session` in the app's session store and in
``state.sessions``, like a page's, whose messages go into one
:class:`JobStream` per job instead of a websocket. The jobs are the queue's
own (limits, cancels, errors), submitted by :func:`submit`; only the way
their messages travel differs.

- A job's messages are turned into bytes as they arrive, by the stream's
  ``translate`` function (Blocks' call events, or Gradio's ``queue/data``
  messages), and wait in the stream until a request reads them: a program
  may ask for a job's events after the job ended. A result that cannot be
  sent fails its job, as on the websocket.
- A client is held while a request streams for it (an event stream, a
  heartbeat), while a job of its is unfinished, and while a finished job's
  events wait to be read (at most ``UNREAD_TTL`` seconds). When nothing
  holds it, its session is let go like a page that dropped its connection:
  kept for the grace period when it has ``gr.State`` values to come back to
  (the client sends the session hash again), ended at once otherwise
  (``unload`` functions run).
- Session hashes are the server's. Gradio's clients choose theirs: such a
  *client key* only names the server session it was given (``by_key``).
"""

from __future__ import annotations

import collections
import logging
import secrets
import time

import gevent
import gevent.event

from blocks.events import EventData
from blocks.queue import Job
from blocks.session import MAX_HASH_LENGTH, Session

__all__ = ["ApiClient", "ApiSessions", "JobStream", "SessionBusy", "UNREAD_TTL", "submit"]

logger = logging.getLogger("blocks.server")

UNREAD_TTL = 300.0  # seconds a finished job's events wait for a reader
MAX_UNREAD = 10_000  # events a job may pile up unread before it is cancelled
KEY_PRUNE_INTERVAL = 60.0


class SessionBusy(Exception):
    """The session asked for is held by a page's websocket."""


class JobStream:
    """One job's events, as bytes, waiting for the request that reads them.

    ``translate(message) -> (chunks, final)`` turns one queue message into
    zero or more chunks; ``final`` marks the job's last message.
    """

    __slots__ = (
        "chunks",
        "client",
        "ended",
        "ended_at",
        "endpoint",
        "event_id",
        "fn_index",
        "job",
        "outcome",
        "reader",
        "root",
        "translate",
    )

    def __init__(self, client: ApiClient, event_id: str, endpoint, translate, root: str):
        self.client = client
        self.event_id = event_id
        self.endpoint = endpoint
        self.fn_index = endpoint.fn_index
        self.translate = translate
        self.root = root
        self.job: Job | None = None
        self.chunks: collections.deque[bytes] = collections.deque()
        self.ended = False
        self.ended_at: float | None = None
        self.reader: object | None = None  # the request reading it, if any
        self.outcome: tuple | None = None  # (state, error) once the job ended

    def push(self, message: dict) -> None:
        """A queue message for this job (on the loop): translate and keep it."""
        if self.ended:
            return
        chunks, final = self.translate(message)
        self.chunks.extend(chunks)
        if final:
            self.ended = True
            self.ended_at = time.monotonic()
        elif len(self.chunks) > MAX_UNREAD and self.job is not None and \
                not self.job.cancel_requested:
            # a program that does not read: stop the job (once this message is handled)
            self.job.cancel_requested = True  # a generator stops at its next yield
            gevent.spawn(self.client.api.state.queue.cancel, self.job,
                         "Nobody read this job's events; it was cancelled.")
        self.client.wake.set()

    def take(self) -> list[bytes]:
        chunks = list(self.chunks)
        self.chunks.clear()
        return chunks

    @property
    def drained(self) -> bool:
        """Ended, and every event read."""
        return self.ended and not self.chunks

    def __repr__(self):
        return f"<JobStream {self.event_id[:8]} ended={self.ended} unread={len(self.chunks)}>"


class ApiClient:
    """One program's live session (see the module docstring)."""

    def __init__(self, api: ApiSessions, record, connection: str):
        self.api = api
        self.connection = connection
        self.streams: dict[str, JobStream] = {}  # event id -> stream, in submit order
        self.holds = 0
        self.wake = gevent.event.Event()  # set on every message of its jobs
        self.gone = gevent.event.Event()  # set once, when the session is let go or closed
        self.closed = False
        self.key: str | None = None  # Gradio's client key naming this session
        self.reader_token: object | None = None  # the queue/data request reading now
        self.session = Session(record.hash, self._deliver, record=record,
                               connection=connection, release=self._released)

    @property
    def hash(self) -> str:
        return self.session.hash

    def _deliver(self, message: dict) -> None:
        """The queue's messages for this session (on the loop)."""
        stream = self.streams.get(message.get("id"))
        if stream is not None:
            kind = message.get("type")
            if kind == "output":  # outputs carry URLs, as on the websocket
                self.api.state.files.expose(message["data"], stream.root)
            elif kind == "done":
                stream.outcome = (message["state"], message.get("error"))
            stream.push(message)
            if stream.ended and stream.job is not None:
                self.api.jobs_ended(stream)
        elif message.get("id") is None and message.get("type") == "error":
            logger.info("API session %s: %s", self.hash[:8], message.get("message"))

    def _released(self, code: int = 1001, message: str = "") -> None:
        """The server closes the session (shutdown, take-over): streams end."""
        self.closed = True
        self.wake.set()
        self.gone.set()

    # -- holding ------------------------------------------------------------------------
    def hold(self) -> None:
        self.holds += 1

    def release(self) -> None:
        self.holds -= 1
        if self.holds <= 0:
            self.api.let_go(self)

    def pending(self, kind=None) -> list[JobStream]:
        return [s for s in self.streams.values() if kind is None or s.translate.kind == kind]

    def __repr__(self):
        return f"<ApiClient {self.hash[:8]} holds={self.holds} jobs={len(self.streams)}>"


class ApiSessions:
    """The API clients of one app: live ones by hash, streams by event id, client keys."""

    def __init__(self, state):
        self.state = state
        self.by_hash: dict[str, ApiClient] = {}
        self.by_key: dict[str, str] = {}  # Gradio client key -> server session hash
        self.streams: dict[str, JobStream] = {}  # event id -> stream
        self.finished: collections.OrderedDict[str, None] = collections.OrderedDict()
        self.last_prune = time.monotonic()
        self.info: dict[bool, dict] = {}  # the /info documents, made when first asked for

    # -- sessions -----------------------------------------------------------------------
    def client(self, requested: str | None, request) -> ApiClient:
        """The live client of session ``requested``, resumed or new (a fresh hash if unknown).

        Raises :class:`SessionBusy` for a session a page's websocket holds.
        """
        if isinstance(requested, str):
            live = self.by_hash.get(requested)
            if live is not None and not live.closed:
                return live
            record = self.state.store.get(requested) if len(requested) <= MAX_HASH_LENGTH \
                else None
            if record is not None and record.connection is not None:
                raise SessionBusy(requested)
        connection = secrets.token_hex(8)
        opened = self.state.store.open(requested, connection=connection, request=request)
        client = ApiClient(self, opened.record, connection)
        self.by_hash[client.hash] = client
        self.state.sessions.add(client.session)
        return client

    def client_for_key(self, key: str, request) -> ApiClient:
        """The client a Gradio client key names (Gradio's clients choose their hashes)."""
        client = self.client(self.by_key.get(key), request)
        client.key = key
        self.by_key[key] = client.hash
        return client

    def live_for_key(self, key: str) -> ApiClient | None:
        client = self.by_hash.get(self.by_key.get(key, ""))
        return client if client is not None and not client.closed else None

    def let_go(self, client: ApiClient) -> None:
        """Nothing holds ``client``: its session goes as a dropped page's does."""
        if self.by_hash.get(client.hash) is not client:
            return
        del self.by_hash[client.hash]
        self.state.sessions.remove(client.session)
        client.session.connected = False
        client._released()
        store = self.state.store
        if store.has_values(client.hash):  # State to come back to
            store.disconnect(client.hash, connection=client.connection)
        else:
            store.end(client.hash, connection=client.connection)
            if client.key is not None and self.by_key.get(client.key) == client.hash:
                del self.by_key[client.key]

    # -- jobs -----------------------------------------------------------------------------
    def add_stream(self, stream: JobStream) -> None:
        self.streams[stream.event_id] = stream
        stream.client.streams[stream.event_id] = stream
        stream.client.hold()  # until the job ends and its events are read

    def jobs_ended(self, stream: JobStream) -> None:
        """A job ended; its events now wait at most ``UNREAD_TTL`` for a reader."""
        stream.job = None
        self.finished[stream.event_id] = None
        if stream.drained:
            self.consumed(stream)

    def consumed(self, stream: JobStream) -> None:
        """Every event of a finished job was read: forget it."""
        if self.streams.pop(stream.event_id, None) is None:
            return
        self.finished.pop(stream.event_id, None)
        stream.client.streams.pop(stream.event_id, None)
        if self.state.relay is not None and stream.translate.kind == "gradio":
            self.state.relay.gradio_consumed(stream)
        stream.client.release()

    def find(self, event_id) -> JobStream | None:
        return self.streams.get(event_id) if isinstance(event_id, str) else None

    def sweep(self, now: float | None = None) -> None:
        """Forget finished jobs nobody read in time, and client keys of ended sessions."""
        now = time.monotonic() if now is None else now
        while self.finished:
            event_id = next(iter(self.finished))
            stream = self.streams.get(event_id)
            if stream is not None and stream.ended_at is not None and \
                    now - stream.ended_at <= UNREAD_TTL:
                break
            self.finished.pop(event_id)
            if stream is not None:
                stream.chunks.clear()
                self.consumed(stream)
        if now - self.last_prune > KEY_PRUNE_INTERVAL:
            self.last_prune = now
            store = self.state.store
            for key, session_hash in list(self.by_key.items()):
                if session_hash not in self.by_hash and session_hash not in store:
                    del self.by_key[key]


def submit(state, client: ApiClient, endpoint, values: list, *, translate, request,
           root: str, event_data=None) -> JobStream:
    """Queue a job of ``endpoint`` for ``client``; its events go to a new :class:`JobStream`.

    ``values`` are checked wire values, one per input of the listener. The
    job may end at once (a full queue, a server shutting down): the stream
    then holds its end already.
    """
    relay = state.relay  # several processes: the id names this one
    event_id = secrets.token_urlsafe(16) if relay is None else relay.new_event_id()
    stream = JobStream(client, event_id, endpoint, translate, root)
    state.api.add_stream(stream)
    job = Job(event_id, client.session, endpoint.dependency, values,
              EventData(None, event_data), request=request)
    stream.job = job
    state.queue.submit(job)
    return stream
