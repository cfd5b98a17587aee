"""gevent's WSGI server with the limits a server on the open internet needs.

- **Header timeout**: a request's line and headers must arrive within
  ``header_timeout`` seconds of the connection starting to wait for them (an
  idle keep-alive connection waits at most that long too); a client that
  trickles its headers is answered 400 and dropped.
- **Idle reads**: once the headers are in, any read or write that makes no
  progress for ``IDLE_TIMEOUT`` seconds ends the request (a body trickled a
  byte at a time). Websockets manage their own timing.
- **Connection cap**: beyond ``max_connections`` open connections, a new one
  is answered 503 and closed, so that the process never runs out of file
  descriptors.
- **Descriptor limit**: :func:`raise_fd_limit` lifts the soft limit on open
  files to the hard one, once, when ``launch()`` starts serving.

Client mistakes (garbage request lines, timeouts) are logged at INFO on the
``blocks.server.http`` logger; nothing a client sends logs an error.
"""

from __future__ import annotations

import logging
import socket
import time

import gevent
from gevent.pywsgi import LoggingLogAdapter, WSGIHandler, WSGIServer

__all__ = ["BlocksWSGIServer", "raise_fd_limit", "default_max_connections"]

logger = logging.getLogger("blocks.server")
http_logger = logging.getLogger("blocks.server.http")

IDLE_TIMEOUT = 60.0
FD_RESERVE = 128  # descriptors kept for files, threads, logs and the listener
_BUSY = b"Too many connections; try again in a moment.\n"
_BUSY_RESPONSE = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                  b"Content-Length: %d\r\nRetry-After: 5\r\nConnection: close\r\n"
                  b"X-Content-Type-Options: nosniff\r\n\r\n" % len(_BUSY)) + _BUSY


class HeaderTimeout(socket.timeout):
    """The request line and headers did not arrive in time."""


def raise_fd_limit() -> int | None:
    """Lift the soft limit on open files to the hard one; return the limit (None: unknown)."""
    try:
        import resource
    except ImportError:  # not a Unix
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and (hard == resource.RLIM_INFINITY or soft < hard):
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            soft = hard
        except (ValueError, OSError):
            pass
    return None if soft == resource.RLIM_INFINITY else soft


def default_max_connections(fd_limit: int | None) -> int:
    """What ``max_connections`` is when not set: the descriptor limit, less a reserve."""
    if fd_limit is None:
        return 10_000
    return max(16, fd_limit - FD_RESERVE)


class _Handler(WSGIHandler):
    def handle_one_request(self):
        self._header_timer = gevent.Timeout.start_new(self.server.header_timeout,
                                                      HeaderTimeout("headers took too long"))
        try:
            return super().handle_one_request()
        finally:
            self._header_timer.close()

    def read_request(self, raw_requestline):
        try:
            return super().read_request(raw_requestline)
        except HeaderTimeout:
            raise ValueError(f"the request's headers did not arrive within "
                             f"{self.server.header_timeout:g} seconds") from None
        finally:
            self._header_timer.close()
            self.socket.settimeout(IDLE_TIMEOUT)  # the body: no progress for a minute ends it


class BlocksWSGIServer(WSGIServer):
    """``WSGIServer`` with a header timeout and a cap on open connections."""

    handler_class = _Handler

    def __init__(self, listener, application, *, header_timeout: float,
                 max_connections: int, spawn):
        super().__init__(listener, application, log=None, spawn=spawn,
                         error_log=LoggingLogAdapter(http_logger, logging.INFO))
        self.header_timeout = float(header_timeout)
        self.max_connections = int(max_connections)
        self.open_connections = 0
        self._last_warning = 0.0

    def handle(self, sock, address):
        if self.open_connections >= self.max_connections:
            self._refuse(sock)
            return
        self.open_connections += 1
        try:
            super().handle(sock, address)
        finally:
            self.open_connections -= 1

    def _refuse(self, sock) -> None:
        now = time.monotonic()
        if now - self._last_warning > 10:
            self._last_warning = now
            logger.warning("refusing connections with 503: %d are open (max_connections)",
                           self.open_connections)
        try:
            sock.settimeout(1.0)
            sock.sendall(_BUSY_RESPONSE)
        except OSError:
            pass
        finally:
            try:
                sock.close()
            except OSError:
                pass
