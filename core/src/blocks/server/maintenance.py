"""Sessions' lifetime in a served app: the store, its callbacks, and the sweeper.

The session store decides when a value is dropped, a session ends or a
connection is taken over; the callbacks here do the work in this process:
delete callbacks and ``unload`` functions run in worker threads, a
taken-over connection is told why and closed. The sweeper greenlet asks the
store to end what expired, and deletes old cached files.
"""

from __future__ import annotations

import logging

import gevent

from blocks.processing import call_without_inputs
from blocks.state import run_delete_callbacks

__all__ = ["TAKEN_OVER", "TAKEN_OVER_CODE", "ensure_sweeper", "make_session_store"]

logger = logging.getLogger("blocks.server")

TAKEN_OVER_CODE = 4001  # the close code of a connection whose session another one took
TAKEN_OVER = ("This session was opened on another connection, which continues it; this "
              "connection is closed.")


def make_session_store(state):
    """The app's session store: the backend ``state_backend`` names, wired to ``state``."""
    settings = state.settings
    backend = state.registry.state_backends.get(settings.state_backend)
    if backend is None:
        raise ValueError(f"No state backend named {settings.state_backend!r}; installed: "
                         f"{', '.join(sorted(state.registry.state_backends))}.")

    def on_drop(entries):  # delete callbacks may be slow: run them in worker threads
        gevent.spawn(state.runtime.run_in_thread, run_delete_callbacks, entries)

    def on_end(record):
        for fn in state.blocks.unload_fns:
            gevent.spawn(_call_unload, state, fn, record.request)

    def on_takeover(session_hash, connection):
        _take_over(state, session_hash, connection)

    return backend(capacity=settings.state_session_capacity,
                   grace_period=settings.state_grace_period,
                   on_drop=on_drop, on_end=on_end, on_takeover=on_takeover)


def _call_unload(state, fn, request) -> None:
    try:
        state.runtime.run_in_thread(call_without_inputs, fn, request)
    except Exception:
        logger.exception("unload function %s failed", getattr(fn, "__name__", fn))


def _take_over(state, session_hash: str, connection: str) -> None:
    """Another connection took this session: its old connection, if here, is told and closed."""
    old = state.sessions.get(session_hash)
    if old is None or old.connection != connection:
        return
    old.taken_over = True
    state.sessions.remove(old)
    state.queue.cancel_session(old, TAKEN_OVER)
    try:
        old.send({"type": "error", "id": None, "message": TAKEN_OVER})
    except Exception:  # the connection is already gone
        pass
    gevent.spawn(old.release, TAKEN_OVER_CODE, "Session taken over")


def ensure_sweeper(state) -> None:
    """Start the app's sweeper greenlet once, on the serving hub."""
    if state.sweeper is None:
        state.sweeper = gevent.spawn(_sweep_forever, state)


def _sweep_forever(state) -> None:
    while True:
        gevent.sleep(state.settings.sweep_interval)
        try:
            sweep_once(state)
        except Exception:
            logger.exception("sweeping expired sessions and files failed")


def sweep_once(state) -> None:
    state.store.sweep()
    state.files.sweep()
    if state.api is not None:
        state.api.sweep()
    if state.auth is not None:
        state.auth.sweep()  # pages of logins that ended or expired are closed
