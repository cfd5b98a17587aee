"""``demo.launch()``: serve an app with gevent's WSGI server from its own thread."""

from __future__ import annotations

import errno
import logging
import threading

import gevent
from gevent import socket
from gevent.pool import Pool

from blocks import context
from blocks.arguments import check_launch_arguments
from blocks.environment import env
from blocks.server.gevent_server import BlocksWSGIServer, default_max_connections, raise_fd_limit
from blocks.server.runtime import freeze_startup_heap
from blocks.server.settings import Settings

__all__ = ["address", "launch", "local_url", "Server"]

logger = logging.getLogger("blocks.server")

INITIAL_PORT = 7860
PORT_TRIES = 100

_SETTING_NAMES = ("root_path", "show_error", "max_threads", "max_file_size", "allowed_paths",
                  "blocked_paths", "favicon_path", "css", "js", "head", "theme", "plugins",
                  "css_paths", "head_paths", "i18n",
                  "state_session_capacity", "state_grace_period", "state_backend",
                  "queue_backend", "secret",
                  "sweep_interval", "max_message_size", "allowed_hosts", "frame_ancestors",
                  "inline_paths", "max_upload_files", "max_upload_size", "max_session_jobs",
                  "header_timeout", "max_connections", "auth", "auth_message",
                  "auth_dependency", "auth_backend", "auth_config", "auth_max_age",
                  "auth_throttle", "login_store", "secret_key", "trusted_proxies",
                  "show_api", "mcp_server", "footer_links")


def _is_setting(name: str, kwargs: dict) -> bool:
    """A setting of the app; a backend's own are named after it (``redis_url``)."""
    if name in _SETTING_NAMES:
        return True
    return any(backend and name.startswith(f"{backend}_")
               for backend in Settings.backend_names(kwargs))


class Server:
    """A gevent WSGIServer running in a thread with its own hub."""

    def __init__(self, app, host: str, port: int | None, state=None):
        """``app`` is a Blocks' Flask app, or another WSGI app serving the Blocks whose
        ``AppState`` is ``state`` (``mount_gradio_app``): its settings and its jobs."""
        self.app = app
        self.state = state
        self.host = host
        self.requested_port = port
        self.port: int | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None
        self._hub = None
        self._wsgi = None
        self._thread = threading.Thread(target=self._serve, name="blocks-server", daemon=True)
        self.fd_limit = raise_fd_limit()
        logger.info("open file limit: %s", self.fd_limit or "unlimited")

    def start(self) -> Server:
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self

    def _bind(self):
        ports = [self.requested_port] if self.requested_port else \
            range(INITIAL_PORT, INITIAL_PORT + PORT_TRIES)
        last = None
        for port in ports:
            family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind((self.host, port))
            except OSError as error:
                sock.close()
                last = error
                if error.errno not in (errno.EADDRINUSE, errno.EACCES):
                    raise
                continue
            # accepted connections inherit it: a response written in parts (headers,
            # then body; each event of a stream) leaves at once instead of waiting
            # for the client's delayed acknowledgement (40 ms per request otherwise)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            sock.listen(1024)
            return sock
        if self.requested_port:
            raise OSError(f"Cannot serve on {self.host}:{self.requested_port}: {last}. "
                          "Choose another server_port or stop what uses it.")
        raise OSError(f"No free port in {INITIAL_PORT}-{INITIAL_PORT + PORT_TRIES - 1}; "
                      "set server_port (or BLOCKS_SERVER_PORT).")

    def _serve(self):
        settings = (self.state or self.app.extensions["blocks"]).settings
        try:
            self._hub = gevent.get_hub()
            listener = self._bind()
            self.port = listener.getsockname()[1]
            # a pool, so that stop() ends every open connection (keep-alive, websockets)
            self._wsgi = BlocksWSGIServer(
                listener, self.app, spawn=Pool(), header_timeout=settings.header_timeout,
                max_connections=settings.max_connections or
                default_max_connections(self.fd_limit))
            self._wsgi.start()
        except BaseException as error:
            self._error = error
            self._ready.set()
            return
        self._ready.set()
        self._wsgi.serve_forever()

    def _shutdown(self):
        state = self.state or self.app.extensions["blocks"]

        def stop():
            _end_jobs_and_pages(state)
            self._wsgi.stop(timeout=0.5)  # then idle keep-alive connections are closed
            _release(state)

        gevent.spawn(stop)

    def retire(self, state, delay: float = 0.0) -> None:
        """Close an app this server no longer routes to (``blocks run`` swapped it for a
        rebuilt one): its jobs end, its pages are told, its files and store are released.
        The server itself keeps serving."""
        def stop():
            gevent.sleep(delay)
            _end_jobs_and_pages(state)
            _release(state)

        if self._hub is not None and self._thread.is_alive():
            self._hub.loop.run_callback_threadsafe(gevent.spawn, stop)

    def stop(self) -> None:
        if self._hub is None or not self._thread.is_alive():
            return
        self._hub.loop.run_callback_threadsafe(self._shutdown)
        self._thread.join(timeout=10)

    def wait(self) -> None:
        while self._thread.is_alive():
            self._thread.join(timeout=0.5)


def _end_jobs_and_pages(state) -> None:
    # every job ends (running ones get 5 s) and its page is told, then pages go
    state.queue.shutdown(timeout=5)
    for session in list(state.sessions):
        release = getattr(session, "release", None)
        if release is not None:
            release()  # the page is told the server is going away (1001)


def _release(state) -> None:
    state.files.clear()
    state.store.close()
    state.runtime.close()


def address(server_name: str | None, server_port: int | None) -> tuple[str, int | None]:
    """``(host, port)`` to serve on: the arguments, else ``BLOCKS_SERVER_NAME`` /
    ``BLOCKS_SERVER_PORT`` (or ``GRADIO_``), else 127.0.0.1 and the first free port."""
    return (server_name or env("SERVER_NAME") or "127.0.0.1",
            server_port or int(env("SERVER_PORT") or 0) or None)


def local_url(host: str, port: int, root: str) -> str:
    """The URL to print for an app served on ``host:port`` under ``root``."""
    shown_host = "127.0.0.1" if host in ("0.0.0.0", "") else host
    if ":" in shown_host:
        shown_host = f"[{shown_host}]"
    return f"http://{shown_host}:{port}{root}/"


def launch(blocks, *, server_name: str | None = None, server_port: int | None = None,
           prevent_thread_lock: bool = False, quiet: bool = False, inbrowser: bool = False,
           debug: bool = False, **kwargs):
    """Serve ``blocks``; print the URL; block unless ``prevent_thread_lock``.

    ``server_name`` / ``server_port`` default to ``BLOCKS_SERVER_NAME`` /
    ``BLOCKS_SERVER_PORT`` (or Gradio's ``GRADIO_`` names), then to 127.0.0.1 and
    the first free port from 7860.
    ``debug=True`` blocks even with ``prevent_thread_lock``. Other keyword
    arguments are app settings (:class:`blocks.server.settings.Settings`);
    Gradio arguments Blocks does not implement warn, security ones it lacks
    (``ssl_*``) refuse to start (see :mod:`blocks.arguments`).
    Returns ``(app, local_url, None)``.
    """
    check_launch_arguments({k: v for k, v in kwargs.items() if not _is_setting(k, kwargs)})
    settings = {k: v for k, v in kwargs.items() if _is_setting(k, kwargs) and v is not None}
    if context.loading_for_wsgi.get():
        blocks.launch_settings = settings  # theme, css, i18n...: blocks.wsgi applies them
        blocks.launch_address = (server_name, server_port)  # what `blocks run` serves on
        return None, None, None  # a WSGI server is importing the script: it serves
    host, port = address(server_name, server_port)
    if blocks.server is not None:
        blocks.close()
    app = blocks.create_app(server_name=host, **settings)
    if debug or not prevent_thread_lock:  # this process serves from now on
        freeze_startup_heap()
    server = Server(app, host, port).start()
    blocks.server = server
    root = app.extensions["blocks"].settings.root_path  # the path of a full URL too
    blocks.local_url = local_url(host, server.port, root)
    blocks.server_port = server.port
    blocks.app = app
    if not quiet:
        print(f"* Running on local URL:  {blocks.local_url}", flush=True)
    if inbrowser:
        import webbrowser
        webbrowser.open(blocks.local_url)
    if debug or not prevent_thread_lock:
        try:
            server.wait()
        except KeyboardInterrupt:
            print("Keyboard interruption; closing the server.", flush=True)
            blocks.close()
    return app, blocks.local_url, None
