"""A job's HTTP event stream read from another process: the relay.

A job runs in the process that took its call (``POST /call/<name>``,
Gradio's ``queue/join``), and its events wait there (``JobStream``). When
several processes serve one app (a queue backend such as blocks-redis that
offers a :class:`Messenger`), the request that reads them (``GET
/call/<name>/<event_id>``, Gradio's ``queue/data``) may land on another
process. The relay carries them over:

- an event id names the process that holds its job (``<process id>-<random>``);
- the reading process asks that one to *follow* the stream for it; the owner
  reads the stream as a local request would (taking its reader slot, holding
  its client) and sends its chunks, several per message, to the reader, which
  writes them to its response as they come; heartbeats are the reader's own;
- a reader that goes away tells the owner, which stops following; an owner
  that stops answering (a killed process: no one listens on its channel any
  more) ends the stream with an error event;
- a cancel (``/call/.../cancel``, Gradio's ``/cancel``) is forwarded the same
  way and answered with the owner's result;
- Gradio's clients read every job of their session from one ``queue/data``
  stream, wherever the jobs run: the messenger keeps the session's unread
  jobs and the process reading them (``gradio_joined``, ``gradio_reading``);
  a job that joins while another process reads is announced to it.

Without a messenger (one process: the default) nothing here runs: event ids
stay random tokens and every stream is read where it is.
"""

from __future__ import annotations

import collections
import logging
import re
import secrets

import gevent
import gevent.event

from blocks.server.sse import HEARTBEAT_INTERVAL

__all__ = ["ANSWER_TIMEOUT", "GradioReading", "Inbox", "Messenger", "Relay", "Source"]

logger = logging.getLogger("blocks.server")

ANSWER_TIMEOUT = 5.0  # seconds the owner of a job has to answer a request
_PROCESS_ID = re.compile(r"[0-9a-f]{6,32}\Z")


class Messenger:
    """What a queue backend gives the relay (``QueueBackend.messenger()``).

    ``id`` names this process among the others; ``handlers[kind]`` is called on
    the server's loop (in a greenlet that may wait) with each message of that
    kind sent to this process; ``send`` answers how many processes received a
    message (0: ``to`` is gone). The ``gradio_*`` methods keep, per Gradio
    client key, the event ids of its unread jobs and the process reading them.
    """

    id: str
    handlers: dict

    def send(self, to: str, kind: str, **fields) -> int:
        raise NotImplementedError

    def gradio_joined(self, key: str, event_id: str) -> str | None:
        """A job of ``key`` was queued here: note it; the process reading ``key`` now."""
        raise NotImplementedError

    def gradio_consumed(self, key: str, event_id: str) -> None:
        """Every event of that job was read (or given up on)."""
        raise NotImplementedError

    def gradio_reading(self, key: str) -> list[str]:
        """This process reads ``key``'s jobs now (a lease to renew): their event ids."""
        raise NotImplementedError

    def gradio_done(self, key: str) -> list[str]:
        """This process stops reading ``key``: the event ids left (read on when any)."""
        raise NotImplementedError


class Inbox:
    """Chunks for one request here, from any number of followed streams."""

    def __init__(self):
        self.items: collections.deque = collections.deque()  # (source, chunks, ended)
        self.wake = gevent.event.Event()

    def put(self, item) -> None:
        self.items.append(item)
        self.wake.set()

    def get(self, timeout: float):
        """The next item, or ``None`` after ``timeout`` seconds without one."""
        while not self.items:
            self.wake.clear()
            if self.items:
                break
            if not self.wake.wait(timeout):
                return None
        return self.items.popleft()


class Source:
    """One stream followed for a request here (by its owner, or by this process)."""

    def __init__(self, event_id: str, owner: str | None, inbox: Inbox):
        self.event_id = event_id
        self.owner = owner  # None: followed here
        self.inbox = inbox
        self.rid = secrets.token_hex(8)
        self.ended = False
        self.first: gevent.event.AsyncResult | None = None


class Relay:
    """The app's relay (``state.relay``), made when the queue backend offers a messenger."""

    def __init__(self, state, messenger: Messenger):
        self.state = state
        self.messenger = messenger
        self.sources: dict[str, Source] = {}  # request id -> a stream read here
        self.following: dict[str, object] = {}  # request id -> its follower's token
        self.answers: dict[str, gevent.event.AsyncResult] = {}
        self.gradio_readers: dict[str, GradioReading] = {}  # client key -> its reader here
        messenger.handlers.update({
            "api-follow": self._follow_here, "api-chunks": self._arrived,
            "api-stop": self._stop_here, "api-cancel": self._cancel_here,
            "api-answer": self._answered, "api-joined": self._joined_here,
            "api-ping": _ignore,
        })

    # -- event ids ----------------------------------------------------------------------
    def new_event_id(self) -> str:
        return f"{self.messenger.id}-{secrets.token_urlsafe(16)}"

    def owner(self, event_id) -> str | None:
        """The other process an event id names (``None``: this one, or not an id of ours)."""
        if not isinstance(event_id, str):
            return None
        process = event_id.partition("-")[0]
        if process == self.messenger.id or not _PROCESS_ID.match(process):
            return None
        return process

    # -- reading a stream ---------------------------------------------------------------------
    def open(self, event_id: str, inbox: Inbox, *, kind: str, name: str | None = None,
             key: str | None = None) -> tuple[Source, int | None]:
        """Follow ``event_id``'s stream into ``inbox`` (its owner does, or this process).

        Answers the :class:`Source` and ``None`` when it is followed, else an
        HTTP status: 404 (no such job, or its process is gone), 409 (another
        request reads it).
        """
        owner = self.owner(event_id)
        source = Source(event_id, owner, inbox)
        if owner is None:
            stream = self._stream({"e": event_id, "of": kind, "name": name, "key": key})
            if stream is None:
                return source, 404
            if stream.reader is not None:
                return source, 409
            self.sources[source.rid] = source
            token = stream.reader = object()
            self.following[source.rid] = token
            gevent.spawn(self._follow, stream, source.rid, token,
                         lambda chunks, end: self._deliver(source, chunks, end))
            return source, None
        self.sources[source.rid] = source
        source.first = gevent.event.AsyncResult()
        status = 404
        if self._send(owner, "api-follow", r=source.rid, e=event_id, back=self.messenger.id,
                      of=kind, name=name, key=key):
            try:
                status = source.first.get(timeout=ANSWER_TIMEOUT)
            except gevent.Timeout:
                status = 404
        source.first = None
        if status is not None:
            self.sources.pop(source.rid, None)
            source.ended = True
        return source, status

    def close(self, source: Source) -> None:
        """The request here stops reading: whoever follows the stream stops."""
        if self.sources.pop(source.rid, None) is None or source.ended:
            return
        if source.owner is None:
            self._stop_here({"r": source.rid})
        else:
            self._send(source.owner, "api-stop", r=source.rid)

    def alive(self, source: Source) -> bool:
        """Whether the owner of a silent stream still listens (a killed process does not)."""
        return source.owner is None or source.ended or bool(self._send(source.owner, "api-ping"))

    def read(self, source: Source, heartbeat: bytes, lost: bytes):
        """One followed stream's chunks as they come (``heartbeat`` when silent, ``lost``
        when its process is gone), until it ends; then the follower is let go."""
        try:
            while not source.ended or source.inbox.items:
                item = source.inbox.get(HEARTBEAT_INTERVAL)
                if item is None:
                    if not self.alive(source):
                        yield lost
                        return
                    yield heartbeat
                    continue
                yield from item[1]
        finally:
            self.close(source)

    def _deliver(self, source: Source, chunks: list[bytes], ended: bool) -> bool:
        if ended:
            source.ended = True
            self.sources.pop(source.rid, None)
        source.inbox.put((source, chunks, ended))
        return True

    def _arrived(self, data: dict) -> None:
        source = self.sources.get(data.get("r"))
        if source is None:
            return
        if "status" in data:  # the owner's first answer
            if source.first is not None:
                source.first.set(data["status"])
            return
        chunks = [chunk.encode() for chunk in data.get("c") or ()]
        self._deliver(source, chunks, bool(data.get("end")))

    # -- following a stream here (for another process, or for a request here) ---------------
    def _follow_here(self, data: dict) -> None:
        rid, to = data.get("r"), data.get("back")
        if not (isinstance(rid, str) and isinstance(to, str) and _PROCESS_ID.match(to)):
            return
        stream = self._stream(data)
        if stream is None or stream.reader is not None:
            self._send(to, "api-chunks", r=rid, status=404 if stream is None else 409)
            return
        token = stream.reader = object()
        self.following[rid] = token
        self._send(to, "api-chunks", r=rid, status=None)

        def send(chunks: list[bytes], end: bool) -> bool:
            return bool(self._send(to, "api-chunks", r=rid, end=end,
                                   c=[chunk.decode() for chunk in chunks]))

        self._follow(stream, rid, token, send)

    def _stream(self, data: dict):
        stream = self.state.api.find(data.get("e"))
        if stream is None or stream.translate.kind != data.get("of"):
            return None
        if stream.translate.kind == "call" and stream.endpoint.name != data.get("name"):
            return None
        if stream.translate.kind == "gradio" and stream.client.key != data.get("key"):
            return None
        return stream

    def _follow(self, stream, rid: str, token: object, sink) -> None:
        """Hand ``stream``'s chunks to ``sink(chunks, ended) -> delivered`` until the job
        ended and every chunk went (or the reader stopped, or went away)."""
        client = stream.client
        client.hold()
        api = self.state.api
        try:
            while self.following.get(rid) is token:
                chunks = stream.take()
                drained = stream.drained
                gone = client.closed and not drained
                if chunks or drained or gone:
                    if drained:
                        api.consumed(stream)
                    if not sink(chunks, drained or gone) or drained or gone:
                        return
                client.wake.clear()
                if stream.chunks or stream.drained or client.closed:
                    continue
                client.wake.wait(HEARTBEAT_INTERVAL)
        finally:
            if stream.reader is token:
                stream.reader = None
            self.following.pop(rid, None)
            client.release()

    def _stop_here(self, data: dict) -> None:
        token = self.following.pop(data.get("r"), None)
        if token is not None:
            for stream in self.state.api.streams.values():
                if stream.reader is token:
                    stream.client.wake.set()
                    break

    # -- cancelling a job that is elsewhere -------------------------------------------------
    def cancel(self, event_id: str, *, kind: str, name: str | None = None,
               key: str | None = None) -> bool | None:
        """Cancel a job of another process: ``None`` when it has no such job (or is gone),
        else whether a running job was cancelled."""
        owner = self.owner(event_id)
        if owner is None:
            return None
        rid = secrets.token_hex(8)
        answer = self.answers[rid] = gevent.event.AsyncResult()
        try:
            if not self._send(owner, "api-cancel", r=rid, e=event_id, back=self.messenger.id,
                              of=kind, name=name, key=key):
                return None
            return answer.get(timeout=ANSWER_TIMEOUT)
        except gevent.Timeout:
            return None
        finally:
            self.answers.pop(rid, None)

    def _cancel_here(self, data: dict) -> None:
        to = data.get("back")
        if not (isinstance(to, str) and _PROCESS_ID.match(to)):
            return
        stream = self._stream(data)
        result = None
        if stream is not None:
            job = stream.job
            result = job is not None and not job.ended
            if result:
                self.state.queue.cancel(job)
        self._send(to, "api-answer", r=data.get("r"), result=result)

    def _answered(self, data: dict) -> None:
        answer = self.answers.get(data.get("r"))
        if answer is not None:
            answer.set(data.get("result"))

    # -- Gradio's clients: one session's jobs, wherever they run ------------------------------
    def gradio_joined(self, stream) -> None:
        """A Gradio job was queued here: noted, and announced to its key's reader."""
        key = stream.client.key
        reader = self._quietly(self.messenger.gradio_joined, key, stream.event_id)
        if reader == self.messenger.id:
            self._joined_here({"key": key, "e": stream.event_id})
        elif reader:
            self._send(reader, "api-joined", key=key, e=stream.event_id)

    def gradio_consumed(self, stream) -> None:
        self._quietly(self.messenger.gradio_consumed, stream.client.key, stream.event_id)

    def gradio_reading(self, key: str) -> GradioReading:
        return GradioReading(self, key)

    def _joined_here(self, data: dict) -> None:
        reader = self.gradio_readers.get(data.get("key"))
        if reader is not None and isinstance(data.get("e"), str):
            reader.announce(data["e"])

    # -- plumbing -------------------------------------------------------------------------
    def _send(self, to: str, kind: str, **fields) -> int:
        try:
            return self.messenger.send(to, kind, **fields)
        except Exception:
            logger.exception("sending %s to process %s failed", kind, to)
            return 0

    def _quietly(self, fn, *args):
        try:
            return fn(*args)
        except Exception:
            logger.exception("the relay's shared records failed (%s)", fn.__name__)
            return None


def _ignore(data: dict) -> None:
    """``api-ping``: only its delivery counts (the sender learns this process listens)."""


class GradioReading:
    """One ``queue/data`` request's view of its client key's jobs in every process."""

    def __init__(self, relay: Relay, key: str):
        self.relay = relay
        self.key = key
        self.inbox = Inbox()
        self.sources: dict[str, Source] = {}  # event id -> its open stream
        self.seen: set[str] = set()
        self.announced: list[str] = []
        previous = relay.gradio_readers.get(key)
        relay.gradio_readers[key] = self  # a newer reader replaces an older one
        if previous is not None:
            previous.replaced = True
            previous.inbox.wake.set()
        self.replaced = False
        self.done = False
        self._add(relay._quietly(relay.messenger.gradio_reading, key) or [])

    @property
    def pending(self) -> bool:
        return bool(self.sources) or bool(self.inbox.items) or bool(self.announced)

    def close(self) -> None:
        """Stop reading (nothing was pending)."""
        relay = self.relay
        if relay.gradio_readers.get(self.key) is self:
            del relay.gradio_readers[self.key]
            relay._quietly(relay.messenger.gradio_done, self.key)
        for source in self.sources.values():
            relay.close(source)

    def announce(self, event_id: str) -> None:
        self.announced.append(event_id)
        self.inbox.wake.set()

    def _add(self, event_ids) -> None:
        for raw in event_ids:
            event_id = raw.decode() if isinstance(raw, bytes) else raw
            if event_id in self.seen:
                continue
            self.seen.add(event_id)
            source, status = self.relay.open(event_id, self.inbox, kind="gradio", key=self.key)
            if status is None:
                self.sources[event_id] = source
            elif status == 404:  # read already, or its process is gone
                self.relay._quietly(self.relay.messenger.gradio_consumed, self.key, event_id)

    def chunks(self, close: bytes, heartbeat: bytes, lost):
        """Every job's chunks as they come; ``close`` once none is left.

        ``lost(event_id)`` is the chunk that fails a job whose process is gone.
        """
        relay = self.relay
        try:
            while not self.replaced:
                if self.announced:
                    announced, self.announced = self.announced, []
                    self._add(announced)
                while self.inbox.items:
                    source, chunks, ended = self.inbox.items.popleft()
                    yield from chunks
                    if ended:
                        self.sources.pop(source.event_id, None)
                if not self.pending:
                    left = relay._quietly(relay.messenger.gradio_done, self.key) or []
                    if not [e for e in left if (e.decode() if isinstance(e, bytes) else e)
                            not in self.seen]:
                        self.done = True
                        yield close
                        return
                    self._add(relay._quietly(relay.messenger.gradio_reading, self.key) or [])
                    continue
                self.inbox.wake.clear()
                if self.inbox.items or self.announced:
                    continue
                if not self.inbox.wake.wait(HEARTBEAT_INTERVAL):
                    for event_id, source in list(self.sources.items()):
                        if not relay.alive(source):
                            self.sources.pop(event_id)
                            relay.close(source)
                            relay._quietly(relay.messenger.gradio_consumed, self.key, event_id)
                            yield lost(event_id)
                    # renew the lease on the key; jobs an announcement missed show up
                    self._add(relay._quietly(relay.messenger.gradio_reading, self.key) or [])
                    yield heartbeat
        finally:
            if relay.gradio_readers.get(self.key) is self:
                del relay.gradio_readers[self.key]
                if not self.done:
                    relay._quietly(relay.messenger.gradio_done, self.key)
            for source in self.sources.values():
                relay.close(source)
