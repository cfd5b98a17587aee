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
from blocks.server.settings import Settings
from blocks.state import run_delete_callbacks

__all__ = ["TAKEN_OVER", "TAKEN_OVER_CODE", "choose_backends", "ensure_sweeper",
           "make_queue_backend", "make_session_store"]

logger = logging.getLogger("blocks.server")

# backends that distributions of the project provide, for the hint when one is missing
BACKEND_PROVIDERS = {"redis": "blocks-redis"}

TAKEN_OVER_CODE = 4001  # the close code of a connection whose session another one took
TAKEN_OVER = ("This session was opened on another connection, which continues it; this "
              "connection is closed.")


def choose_backends(registry, kwargs: dict) -> tuple[type, type | None]:
    """The session store class and queue backend class (or ``None``) the settings name.

    ``queue_backend`` defaults to the queue backend named like the state
    backend, when a plugin registers one; else the queue counts in-process.
    """
    state_name, queue_name = Settings.backend_names(kwargs)
    store = registry.state_backends.get(state_name)
    if store is None:
        provider = BACKEND_PROVIDERS.get(state_name)
        hint = f" {state_name!r} comes with {provider}: pip install {provider}." \
            if provider else ""
        raise ValueError(f"No state backend named {state_name!r}; installed: "
                         f"{', '.join(sorted(registry.state_backends))}.{hint}")
    if queue_name is None:
        return store, registry.queue_backends.get(state_name)
    if queue_name == "memory":
        return store, None
    queue = registry.queue_backends.get(queue_name)
    if queue is None:
        raise ValueError(f"No queue backend named {queue_name!r}; installed: "
                         f"{', '.join(sorted(registry.queue_backends)) or 'none'} "
                         "(and 'memory', the queue's own).")
    return store, queue


def make_session_store(state, store_class: type):
    """The app's session store, wired to ``state``."""
    settings = state.settings

    def on_drop(entries):  # delete callbacks may be slow: run them in worker threads
        gevent.spawn(state.runtime.run_in_thread, run_delete_callbacks, entries)

    def on_end(record):
        for fn in state.blocks.unload_fns:
            gevent.spawn(_call_unload, state, fn, record.request)
        try:
            state.pm.hook.blocks_session_ended(session_hash=record.hash)
        except Exception:
            logger.exception("a plugin failed at the end of a session")

    def on_takeover(session_hash, connection):
        _take_over(state, session_hash, connection)

    callbacks = {block._id: block.delete_callback for block in state.blocks.blocks.values()
                 if getattr(block, "SERVER_SIDE", False) and
                 getattr(block, "delete_callback", None) is not None}
    return store_class(capacity=settings.state_session_capacity,
                       grace_period=settings.state_grace_period,
                       on_drop=on_drop, on_end=on_end, on_takeover=on_takeover,
                       delete_callbacks=callbacks, secret=settings.secret,
                       options=_options_of(store_class, settings))


def make_queue_backend(state, backend_class: type | None):
    """The app's queue backend (``None``: the queue counts slots in this process)."""
    if backend_class is None:
        return None
    return backend_class(store=state.store, options=_options_of(backend_class, state.settings))


def _options_of(cls, settings) -> dict:
    return {name: settings.backend_options.get(name) for name in getattr(cls, "options", ())}


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
