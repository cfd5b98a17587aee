"""The websocket to an app (docs/protocol.md), with a reader thread and reconnects.

One connection per client, as a page has. Frames go to ``on_frame`` from the
reader thread. When the connection drops (not closed by the client), the
reader opens it again with ``?__session=<hash>``, which gives the same session
back while the server holds it: its ``gr.State`` values stay. The server
cancels the jobs a dropped connection was running, so ``on_lost`` is told
first and their callers get :class:`ConnectionLost`.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.parse
import warnings
from collections.abc import Callable

import websocket

from blocks_client.errors import AuthenticationError, ClientError, ClientWarning, ConnectionLost
from blocks_client.http import Http

__all__ = ["Connection"]

logger = logging.getLogger("blocks_client")

SIGNED_OUT = 4401  # the login ended or is missing
TAKEN_OVER = 4001  # another connection took the session over
FINAL_CODES = {SIGNED_OUT: "the app's login ended (close code 4401)",
               TAKEN_OVER: "another connection took this session over (close code 4001)"}


class Connection:
    """The client's websocket. ``send`` waits while a reconnect is under way."""

    def __init__(self, http: Http, on_frame: Callable[[dict], None],
                 on_lost: Callable[[ClientError], None], *, reconnect_timeout: float = 30.0):
        base = urllib.parse.urlsplit(http.url)
        scheme = "wss" if base.scheme == "https" else "ws"
        self.ws_url = urllib.parse.urlunsplit((scheme, base.netloc, base.path + "/ws", "", ""))
        self.http = http
        self.on_frame = on_frame
        self.on_lost = on_lost
        self.reconnect_timeout = reconnect_timeout
        self.session_hash: str | None = None
        self.reconnects = 0
        self._ws: websocket.WebSocket | None = None
        self._ready = threading.Condition()
        self._send_lock = threading.Lock()
        self._closing = False
        self._failure: ClientError | None = None
        self._thread: threading.Thread | None = None

    # -- opening ---------------------------------------------------------------------------
    def _open(self) -> websocket.WebSocket:
        url = self.ws_url
        if self.session_hash:
            url += "?" + urllib.parse.urlencode({"__session": self.session_hash})
        headers = [f"{key}: {value}" for key, value in self.http.headers().items()]
        cookie = self.http.cookie_header()
        ws = websocket.create_connection(url, timeout=self.http.timeout, header=headers,
                                         cookie=cookie or None, suppress_origin=True,
                                         enable_multithread=True)
        first = self._hello(ws)
        previous, self.session_hash = self.session_hash, first["session_hash"]
        if previous and not first.get("resumed"):
            warnings.warn("The app no longer held this client's session (it expired or the "
                          "server restarted): a new one started, without its State values.",
                          ClientWarning, stacklevel=2)
        ws.settimeout(None)  # the reader waits as long as it takes; the server pings
        return ws

    @staticmethod
    def _hello(ws: websocket.WebSocket) -> dict:
        opcode, data = ws.recv_data(control_frame=True)
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            code = int.from_bytes(data[:2], "big") if len(data) >= 2 else None
            ws.close()
            if code == SIGNED_OUT:
                raise AuthenticationError("The app needs a login: pass auth=(username, "
                                          "password) to Client.")
            raise ClientError(f"The app closed the websocket at once (code {code}).")
        frame = json.loads(data)
        if frame.get("type") != "session":
            ws.close()
            raise ClientError(f"The app refused the websocket: {frame.get('message', frame)}")
        return frame

    def start(self) -> None:
        """Open the connection and start the reader thread."""
        self._ws = self._open()
        self._thread = threading.Thread(target=self._read, name="blocks-client-reader",
                                        daemon=True)
        self._thread.start()

    # -- sending ---------------------------------------------------------------------------
    def send(self, frame: dict) -> None:
        """Send a frame; waits for a reconnect in progress, raises when there is none."""
        deadline = time.monotonic() + self.reconnect_timeout
        with self._ready:
            while self._ws is None and self._failure is None and not self._closing:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise ConnectionLost("The connection to the app is down.")
                self._ready.wait(remaining)
            if self._failure is not None:
                raise self._failure
            if self._closing:
                raise ClientError("The client is closed.")
            ws = self._ws
        text = json.dumps(frame)
        try:
            with self._send_lock:
                ws.send(text)
        except (OSError, websocket.WebSocketException) as error:
            raise ConnectionLost(f"The connection to the app dropped: {error}") from None

    # -- reading ---------------------------------------------------------------------------
    def _read(self) -> None:
        while True:
            ws = self._ws
            code = None
            try:
                while True:
                    opcode, data = ws.recv_data(control_frame=True)
                    if opcode == websocket.ABNF.OPCODE_CLOSE:
                        code = int.from_bytes(data[:2], "big") if len(data) >= 2 else None
                        break
                    if opcode in (websocket.ABNF.OPCODE_TEXT, websocket.ABNF.OPCODE_BINARY):
                        self._dispatch(data)
            except (OSError, websocket.WebSocketException, ValueError):
                pass  # dropped without a close frame
            if self._closing:
                return
            with self._ready:
                self._ws = None
            try:
                ws.shutdown()
            except (OSError, websocket.WebSocketException):
                pass
            if code in FINAL_CODES:
                self._fail(AuthenticationError if code == SIGNED_OUT else ConnectionLost,
                           f"The connection ended: {FINAL_CODES[code]}.")
                return
            self.on_lost(ConnectionLost(
                "The connection to the app dropped while this job ran; the server cancelled "
                "it. The client reconnected to the same session: submit it again."))
            if not self._reconnect():
                return

    def _dispatch(self, data: bytes | str) -> None:
        try:
            frame = json.loads(data)
        except ValueError:
            logger.warning("The app sent a frame that is not JSON: %r", data[:200])
            return
        if isinstance(frame, dict):
            try:
                self.on_frame(frame)
            except Exception:  # a result callback's error must not stop the reader
                logger.exception("Handling a frame of the app failed: %r", frame)

    def _reconnect(self) -> bool:
        deadline = time.monotonic() + self.reconnect_timeout
        delay = 0.05
        while not self._closing:
            try:
                ws = self._open()
            except AuthenticationError as error:
                self._fail(AuthenticationError, str(error))
                return False
            except (OSError, ClientError, websocket.WebSocketException, ValueError) as error:
                if time.monotonic() + delay > deadline:
                    self._fail(ConnectionLost, f"Could not reconnect to the app within "
                               f"{self.reconnect_timeout:g} s: {error}")
                    return False
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            self.reconnects += 1
            with self._ready:
                self._ws = ws
                self._ready.notify_all()
            logger.info("reconnected to %s (session %s)", self.ws_url, self.session_hash)
            return True
        return False

    def _fail(self, kind: type[ClientError], message: str) -> None:
        error = kind(message)
        with self._ready:
            self._failure = error
            self._ready.notify_all()
        self.on_lost(error)

    # -- closing ---------------------------------------------------------------------------
    def close(self) -> None:
        """Say goodbye (the server ends the session at once) and close the socket."""
        with self._ready:
            self._closing = True
            ws, self._ws = self._ws, None
            self._ready.notify_all()
        if ws is not None:
            try:
                with self._send_lock:
                    ws.send(json.dumps({"type": "close"}))
                ws.shutdown()  # the reader, waiting in recv, sees the socket end
            except (OSError, websocket.WebSocketException):
                pass
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
