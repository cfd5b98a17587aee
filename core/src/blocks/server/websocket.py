"""The websocket transport under ``/ws``: RFC 6455 frames, one greenlet per connection.

wsproto parses what pages send; this module owns the socket around it:

- **One greenlet, one file descriptor** per connection: the request's own
  greenlet reads (no reader thread, no duplicated socket), and pings the page
  when the line has been quiet for ``ping_interval`` seconds; a page that
  answers nothing for another interval is disconnected.
- **Sending never blocks**: frames go to an outbox. Once per loop turn one
  callback sends every connection's outbox, many frames per system call,
  without waiting (no greenlet made, no switch); only what the socket does not
  take at once is left to a short-lived writer greenlet, which waits for it to
  drain. The queue can therefore send from the loop's callbacks, and one slow
  page never holds up the others. A page that lets more than ``max_pending``
  bytes pile up (it stopped reading) is disconnected.
- **No compression** is negotiated: frames are small JSON, files travel by
  URL, and a deflate context per connection costs hundreds of kilobytes.
- **Oversized messages** (more than ``max_message_size`` bytes) are read and
  dropped as they arrive, never held in memory; :meth:`WebSocket.receive`
  returns an :class:`Oversized` in their place, naming the job id found at
  the start of the frame, so that the page gets a clear error and the
  connection stays open. Every frame of a message costs its data plus
  ``FRAME_COST`` bytes against that limit (a million empty fragments are not
  free), and a message may come in at most ``max_fragments`` frames.
- **Fair share**: a connection handles at most ``WORK_PER_TURN`` frames and
  messages in one turn of the loop (from one poll of the sockets to the
  next), then waits for the loop to poll and let every other greenlet run
  before it goes on, however fast its page sends. Pings that arrive together
  get one pong (RFC 6455 allows answering only the latest).
- **The common frames are read here**: a complete, final, masked text frame
  of at most ``receive_bytes`` that starts a message (what a page's events
  are), and a masked ping or pong, are read by :class:`WebSocket` itself;
  every other frame (close, fragments, binary, large or malformed ones,
  invalid UTF-8) goes to wsproto whole, or byte for byte as it arrives when it
  is large, so that wsproto rules on everything unusual as it always did.
"""

from __future__ import annotations

import base64
import collections
import hashlib
import io
import logging
import re
import socket
import weakref

import gevent
import gevent.lock
import gevent.socket
from flask import Response, request
from wsproto.connection import Connection, ConnectionState, ConnectionType
from wsproto.events import BytesMessage, CloseConnection, Ping, Pong, TextMessage
from wsproto.utilities import LocalProtocolError

from blocks.server import frames

__all__ = ["ConnectionClosed", "HandshakeError", "Oversized", "WebSocket", "add_route",
           "is_upgrade", "refuse"]

logger = logging.getLogger("blocks.server")

_GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
_HEAD = 1024  # bytes of an oversized message kept to find its job id
FRAME_COST = 64  # what one received frame costs beyond its data (objects, list slots)
MAX_FRAGMENTS = 1024  # frames one message may be split into
WORK_PER_TURN = 32  # frames handled and messages delivered before others get the loop
TURN_PAUSE = 1e-6  # seconds (any time > 0: a timer, due at the loop's next poll)
_JOB_ID = re.compile(rb'"id"\s*:\s*"([^"\\]{1,64})"')


class ConnectionClosed(ConnectionError):
    """Sending on a connection that is closed (the page is gone)."""


class HandshakeError(ValueError):
    """The request is not a websocket upgrade this server accepts."""


class Oversized:
    """A message over the limits (size or fragments): dropped unread, reported to the page."""

    __slots__ = ("fragments", "job", "limit", "max_fragments", "size")

    def __init__(self, size: int, limit: int | None, head: bytes, fragments: int = 1,
                 max_fragments: int = MAX_FRAGMENTS):
        self.size = size
        self.limit = limit
        self.fragments = fragments
        self.max_fragments = max_fragments
        found = _JOB_ID.search(head)
        self.job = found.group(1).decode("utf-8", "replace") if found else None

    @property
    def too_many_fragments(self) -> bool:
        return self.fragments > self.max_fragments

    def __repr__(self):
        return f"<Oversized {self.size} > {self.limit} job={self.job}>"


class _Flusher:
    """Sends the outboxes of a loop's connections once per turn, in one loop callback."""

    def __init__(self, loop):
        self.loop = loop
        self.dirty: list[WebSocket] = []
        self.scheduled = False

    def add(self, ws: WebSocket) -> None:
        self.dirty.append(ws)
        if not self.scheduled:
            self.scheduled = True
            self.loop.run_callback(self.flush)

    def flush(self) -> None:
        self.scheduled = False
        dirty, self.dirty = self.dirty, []
        for ws in dirty:
            ws._flush()


_FLUSHERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # hub -> _Flusher


def _flusher() -> _Flusher:
    """The flusher of this thread's loop (each server thread runs its own hub)."""
    hub = gevent.get_hub()
    flusher = _FLUSHERS.get(hub)
    if flusher is None:
        flusher = _FLUSHERS[hub] = _Flusher(hub.loop)
    return flusher


def _socket_of(environ) -> tuple[socket.socket, str]:
    """The client's socket, as the WSGI server that runs us exposes it."""
    if "gunicorn.socket" in environ:
        return environ["gunicorn.socket"], "gunicorn"
    if "werkzeug.socket" in environ:
        return environ["werkzeug.socket"], "werkzeug"
    if environ.get("SERVER_SOFTWARE", "").startswith("gevent"):
        wsgi_input = environ["wsgi.input"]
        if not hasattr(wsgi_input, "raw") and hasattr(wsgi_input, "rfile"):
            wsgi_input = wsgi_input.rfile
        if hasattr(wsgi_input, "raw"):
            _shrink_buffer(wsgi_input)
            return wsgi_input.raw._sock, "gevent"
    raise HandshakeError("Cannot find the connection's socket in this WSGI server's "
                         "environment (gevent's pywsgi and gunicorn are supported).")


def _shrink_buffer(rfile) -> None:
    """Give back the 8 KB read buffer pywsgi keeps for the connection's HTTP requests.

    After the upgrade the websocket reads the socket itself, and a page must not
    send frames before the handshake's answer, so the buffer is empty; it would
    otherwise stay allocated as long as the page is open (a quarter of an idle
    session's memory). Re-initialising a ``BufferedReader`` replaces its buffer.
    """
    if isinstance(rfile, io.BufferedReader) and rfile.raw is not None:
        try:
            rfile.__init__(rfile.raw, 1)
        except (ValueError, OSError):
            pass


class WebSocket:
    """One accepted websocket connection (created by :func:`add_route`'s view)."""

    def __init__(self, environ, *, max_message_size: int | None = 16 * 1024 * 1024,
                 ping_interval: float | None = 20.0, max_pending: int | None = None,
                 receive_bytes: int = 65536, max_fragments: int = MAX_FRAGMENTS):
        key = environ.get("HTTP_SEC_WEBSOCKET_KEY", "")
        if "websocket" not in environ.get("HTTP_UPGRADE", "").lower() or not key:
            raise HandshakeError("Not a websocket upgrade request.")
        if environ.get("HTTP_SEC_WEBSOCKET_VERSION", "13") != "13":
            raise HandshakeError("Only websocket version 13 is supported.")
        self.sock, self.mode = _socket_of(environ)
        self.max_message_size = max_message_size
        self.ping_interval = ping_interval
        self.max_pending = max_pending if max_pending is not None else \
            max(4 * (max_message_size or 0), 64 * 1024 * 1024)
        self.receive_bytes = receive_bytes
        self.max_fragments = max_fragments
        self.connected = True
        self.close_reason: int | None = None
        self.close_message: str | None = None
        self._conn = Connection(ConnectionType.SERVER)
        self._inbox: collections.deque = collections.deque()
        self._parts: list = []           # the message being received
        self._size = 0                   # its cost so far: data and FRAME_COST per frame
        self._frames = 0                 # its frames so far
        self._head = b""                 # its first bytes, once it is known to be too big
        self._work = 0                   # frames and messages handled this turn
        self._loop = gevent.get_hub().loop
        self._iteration = -1             # the loop's iteration when this turn began
        self._more = False               # frames received but not handled yet
        self._queued = False             # ... of which wsproto holds some, parsed on demand
        self._buffer = b""               # received bytes, handled up to _offset
        self._offset = 0
        self._through = 0                # bytes of a large frame still to pass to wsproto
        self._fragmented = False         # wsproto is in a message of several frames
        self._ping = None                # the payload of the latest ping read here
        self._outbox: list[bytes] = []
        self._pending = 0
        self._writer = None
        # a gevent socket can be written without waiting from the loop's flush callback;
        # another (a plain socket in a thread) is written by a writer greenlet
        self._flusher = _flusher() if isinstance(self.sock, gevent.socket.socket) else None
        self._flushing = False  # in the flusher's list for this turn
        self._write_lock = gevent.lock.Semaphore()
        self._awaiting_pong = False
        # one timer for every wait on the socket (started and stopped, never made again)
        self._timer = gevent.Timeout(self.ping_interval) if self.ping_interval else None
        try:
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except (OSError, AttributeError):
            pass  # not TCP (a Unix socket behind a proxy)
        self.sock.settimeout(None)  # the HTTP server's read timeouts end here: pings keep time
        accept = base64.b64encode(hashlib.sha1(key.encode("latin-1") + _GUID,
                                               usedforsecurity=False).digest())
        self.sock.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                          b"Connection: Upgrade\r\nSec-WebSocket-Accept: " + accept +
                          b"\r\n\r\n")

    # -- receiving (the connection's own greenlet) -------------------------------------
    def receive(self):
        """The next message (``str``, ``bytes`` or :class:`Oversized`); ``None`` once closed."""
        while not self._inbox:
            if not self.connected:
                return None
            if self._more:  # frames already read wait: handle them after the others' turn
                self._next_turn()
                self._process()
                continue
            timer = self._timer
            if timer is not None:
                timer.start()
            try:
                data = self.sock.recv(self.receive_bytes)
            except gevent.Timeout as expired:
                if expired is not timer:
                    raise
                # a timer that fired is not started again: its expiry is still being
                # handled by the loop, which would stop it afterwards
                timer = self._timer = gevent.Timeout(self.ping_interval)
                if self._awaiting_pong:  # a whole interval without a word: the page is gone
                    self._abort()
                    return None
                self._awaiting_pong = True
                self._send_raw(self._conn.send(Ping()))
                continue
            except OSError:
                data = b""
            finally:
                if timer is not None:
                    timer.cancel()
            if not data:
                self._lost()
                return None
            self._awaiting_pong = False  # any traffic shows the page is there
            iteration = self._loop.iteration
            if iteration != self._iteration:  # the loop polled since: a new turn begins
                self._iteration, self._work = iteration, 0
            # what is left is the start of a frame (more waits for a turn, not for data)
            self._buffer = self._buffer[self._offset:] + data if self._buffer else data
            self._offset = 0
            self._process()
        self._work += 1
        if self._work >= WORK_PER_TURN:
            self._next_turn()
        return self._inbox.popleft()

    def _next_turn(self) -> None:
        """Let every other greenlet that is ready run, and the loop poll, then go on.

        ``sleep(0)`` alone would only queue this greenlet behind the loop's other
        callbacks: a connection whose page floods it would take turn after turn (gevent
        runs at least 50 callbacks before it looks at the sockets again) while the other
        pages' frames wait unread. A timer fires only once the loop has polled.
        """
        self._work = 0
        gevent.sleep(TURN_PAUSE)
        self._iteration = self._loop.iteration

    def _process(self) -> None:
        """Handle what was received, in order, up to this turn's share of work.

        Frames are taken from ``_buffer`` one by one: a plain text frame is
        read here, runs of other frames go to wsproto together (pings among
        them get one pong), and a large frame goes to wsproto as its bytes come.
        """
        self._more = False
        if self._queued:  # wsproto's frames come first
            self._handle_events()
            if self._queued or not self.connected:
                return
        buffer, end = self._buffer, len(self._buffer)
        at = run = self._offset  # where the frames not handled yet begin; for wsproto: run
        count = 0  # whole frames for wsproto from run
        while at < end and self.connected and not self._more:
            if self._through:  # the rest of a large frame, as it comes
                size = min(self._through, end - at)
                self._through -= size
                at += size
                continue
            frame = frames.frame_at(buffer, at, end)
            if frame is None:  # its header is not all here yet
                break
            head, size = frame
            whole = at + head + size <= end
            first = buffer[at]
            text = None
            if whole and first == 0x81 and not self._fragmented \
                    and size <= self.receive_bytes and frames.plain(head, size):
                text = frames.text(frames.unmasked(buffer, at, head, size))
            control = whole and first in (0x89, 0x8A) and head == 6  # a masked ping or pong
            if text is not None or control:  # a frame read here
                if run < at:  # wsproto's frames before it go first
                    fed, run, count = self._feed(buffer[run:at]), at, 0
                    if not fed:
                        break
                if text is not None:  # a plain text frame
                    self._message_part(text, True, True)
                elif first == 0x89:
                    self._ping = frames.unmasked(buffer, at, head, size)  # answered once, below
                else:
                    self._awaiting_pong = False
                at = run = at + head + size
                self._work += 1
                self._more = self._work >= WORK_PER_TURN
                continue
            if not whole and size <= self.receive_bytes:
                break  # a small frame: wait for the rest of it
            opcode, final = buffer[at] & 0x0F, buffer[at] & 0x80
            if opcode in (0x1, 0x2) and not final:
                self._fragmented = True
            elif opcode == 0x0 and final:
                self._fragmented = False
            if whole:
                at += head + size
                count += 1  # one event of wsproto's: a turn's share at most
                self._more = self._work + count >= WORK_PER_TURN
            else:  # a large frame: wsproto reads it as it comes
                self._through = at + head + size - end
                at = end
        if run < at and self.connected:
            self._feed(buffer[run:at])
        if self._ping is not None:  # the latest ping read here gets the pong
            if self.connected:
                self._send_raw(frames.frame(0xA, self._ping))
            self._ping = None
        if self._queued:
            self._more = True
        if at < end and self.connected:  # kept whole: a flood's rest is not copied each turn
            self._offset = at
        else:
            self._buffer, self._offset = b"", 0

    def _feed(self, data: bytes) -> bool:
        """Give wsproto ``data`` and handle its events; whether to go on this turn."""
        try:
            self._conn.receive_data(data)
        except LocalProtocolError:
            self._lost()
            return False
        self._handle_events()
        return self.connected and not self._queued

    def _handle_events(self) -> None:
        """Handle the frames wsproto has parsed, up to this turn's share of work."""
        self._queued = False
        ping = None
        try:
            for event in self._conn.events():
                self._work += 1
                if isinstance(event, (TextMessage, BytesMessage)):
                    self._message_part(event.data, event.frame_finished,
                                       event.message_finished)
                elif isinstance(event, Ping):
                    ping = event  # answered once, below: the latest ping of the batch
                elif isinstance(event, Pong):
                    self._awaiting_pong = False
                elif isinstance(event, CloseConnection):
                    self._closing(event)
                    return
                if self._work >= WORK_PER_TURN:
                    self._queued = True  # the rest stays parsed-on-demand in wsproto's buffer
                    self._more = True
                    return
        finally:
            if ping is not None and self.connected:
                self._send_raw(self._conn.send(ping.response()))

    def _message_part(self, data, frame_finished: bool, message_finished: bool) -> None:
        if isinstance(data, str):
            size = len(data) if data.isascii() else len(data.encode())
        else:
            size = len(data)
        self._size += size + FRAME_COST
        if frame_finished:
            self._frames += 1
        limit = self.max_message_size
        if self._head or (limit and self._size > limit) or self._frames > self.max_fragments:
            if not self._head:  # it just went over: keep its start, drop the rest
                self._head = self._joined(self._parts)[:_HEAD] or b" "
                self._parts = []
            if len(self._head) < _HEAD:
                self._head += (data.encode() if isinstance(data, str) else data)[:_HEAD]
        else:
            self._parts.append(data)
        if message_finished:
            if self._head:
                self._inbox.append(Oversized(self._size, limit, self._head, self._frames,
                                             self.max_fragments))
            elif len(self._parts) == 1:
                self._inbox.append(self._parts[0])
            else:
                first = self._parts[0]
                self._inbox.append(("" if isinstance(first, str) else b"").join(self._parts))
            self._parts, self._size, self._frames, self._head = [], 0, 0, b""

    def _closing(self, event) -> None:
        self.close_reason = event.code
        self.close_message = event.reason
        if self._conn.state is ConnectionState.REMOTE_CLOSING:
            self._send_raw(self._conn.send(event.response()))
        else:  # a frame wsproto could not parse: say why, then go
            self._send_raw(self._conn.send(CloseConnection(event.code, event.reason)))
        self.connected = False
        self._flush_and_close()

    @staticmethod
    def _joined(parts: list) -> bytes:
        return b"".join(part.encode() if isinstance(part, str) else bytes(part)
                        for part in parts)

    # -- sending (any greenlet, or a loop callback: never blocks) -------------------------
    def send(self, data) -> None:
        """Queue a text (``str``) or binary (``bytes``) message for the page."""
        if not self.connected:
            raise ConnectionClosed(self.close_reason, self.close_message)
        if isinstance(data, str):
            frame = frames.frame(0x1, data.encode())
        else:
            frame = frames.frame(0x2, bytes(data))
        self._send_raw(frame)
        if self._pending > self.max_pending:
            logger.warning("dropping a websocket whose page stopped reading "
                           "(%d bytes waiting)", self._pending)
            self._abort()

    def _send_raw(self, data: bytes) -> None:
        if not data:
            return
        self._outbox.append(data)
        self._pending += len(data)
        if self._writer is not None or self._flushing:
            return  # already on its way
        if self._flusher is not None:
            self._flushing = True
            self._flusher.add(self)
        else:
            self._writer = gevent.spawn(self._write)

    def _flush(self) -> None:
        """In the loop's callback: send the outbox without waiting; a writer sends the rest.

        Skipped while a writer (or :meth:`close`) holds the socket: it sends what
        is queued, in order, before it lets go.
        """
        self._flushing = False
        if not self._outbox or self._writer is not None or self._write_lock.locked():
            return
        outbox = self._outbox
        chunk = outbox[0] if len(outbox) == 1 else b"".join(outbox)
        try:
            sent = self.sock.send(chunk, 0, 0.0)  # gevent's: timeout 0 never waits
        except BlockingIOError:
            sent = 0
        except OSError:  # the page is gone
            self._abort()
            return
        if sent == len(chunk):
            outbox.clear()
            self._pending = 0
            return
        outbox[:] = [chunk[sent:]]  # the socket is full: a writer waits for room
        self._pending = len(chunk) - sent
        if self.connected:
            self._writer = gevent.spawn(self._write)

    def _write(self) -> None:
        try:
            with self._write_lock:
                self._drain()
        finally:
            self._writer = None
            if self._outbox and self.connected:  # queued while the last chunk went out
                self._writer = gevent.spawn(self._write)

    def _drain(self) -> None:
        """Send the outbox (in the calling greenlet, holding the write lock)."""
        try:
            while self._outbox:
                chunk = self._outbox[0] if len(self._outbox) == 1 else b"".join(self._outbox)
                self._outbox.clear()
                self._pending = 0
                self.sock.sendall(chunk)
        except OSError:  # the page is gone (or stopped reading for a whole ping interval)
            self._outbox.clear()
            self._pending = 0
            self._lost()

    # -- closing ------------------------------------------------------------------------
    def close(self, reason: int = 1000, message: str = "", timeout: float = 2.0) -> None:
        """Say goodbye with ``reason``, send what is still queued, and close the socket.

        Blocks the calling greenlet (at most ``timeout`` seconds, then the
        socket is closed anyway): call it from a greenlet, not a loop callback.
        """
        if self.connected:
            self.connected = False
            try:
                self._send_raw(self._conn.send(CloseConnection(reason, message or None)))
            except LocalProtocolError:
                pass
        self._flush_then_close(timeout)

    def _flush_then_close(self, timeout: float = 2.0) -> None:
        with gevent.Timeout(timeout, False), self._write_lock:
            self._drain()
        self._close_socket()

    def _flush_and_close(self) -> None:
        gevent.spawn(self._flush_then_close)

    def _abort(self) -> None:
        """Drop the connection without a goodbye (the page is gone or stopped reading)."""
        self._outbox.clear()
        self._pending = 0
        self._lost()

    def _lost(self) -> None:
        if self.close_reason is None:
            self.close_reason = 1006  # no close frame: the connection just went away
        self.connected = False
        self._close_socket()

    def _close_socket(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass


class _Handled(Response):
    """What the view returns once the websocket is over: nothing more to send."""

    def __init__(self, mode: str):
        super().__init__()
        self.mode = mode

    def __call__(self, environ, start_response):
        if self.mode == "gunicorn":
            raise StopIteration()  # gunicorn's workers take this as "already answered"
        if self.mode == "werkzeug":
            return super().__call__(environ, start_response)
        return []


def is_upgrade(environ) -> bool:
    """Whether a request asks to become a websocket."""
    return "websocket" in environ.get("HTTP_UPGRADE", "").lower()


def refuse(environ, code: int, reason: str) -> Response:
    """Accept a websocket only to close it at once with ``code`` and ``reason``.

    A browser's ``WebSocket`` learns nothing from an HTTP error answer to its
    handshake (it sees code 1006, as for a network failure); a close frame
    tells the page why, e.g. 4401 when it must sign in again.
    """
    try:
        ws = WebSocket(environ, ping_interval=None)
    except HandshakeError as error:
        return Response(str(error), status=400, mimetype="text/plain")
    try:
        ws.close(reason=code, message=reason)
    except Exception:  # the page is already gone
        pass
    return _Handled(ws.mode)


def add_route(app, rule: str, handler, **options) -> None:
    """Serve ``handler(ws)`` at ``rule`` for websocket upgrade requests."""

    def view(*args, **kwargs):
        try:
            ws = WebSocket(request.environ, **options)
        except HandshakeError as error:
            return Response(str(error), status=400, mimetype="text/plain")
        try:
            handler(ws, *args, **kwargs)
        except ConnectionClosed:
            pass
        except Exception:  # a bug of ours: logged once; no HTTP answer on an upgraded socket
            logger.exception("the websocket handler %s failed", handler.__name__)
        finally:
            try:
                ws.close()
            except Exception:  # the socket may already be gone
                pass
        return _Handled(ws.mode)

    view.__name__ = handler.__name__
    app.add_url_rule(rule, endpoint=f"websocket_{handler.__name__}", view_func=view,
                     websocket=True)
