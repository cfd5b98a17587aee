"""The background work of a served app: expiring state, sessions and cached files."""

from __future__ import annotations

import logging

import gevent

from blocks.processing import _injected

__all__ = ["ensure_sweeper", "run_unload", "session_closed"]

logger = logging.getLogger("blocks.server")


def ensure_sweeper(state) -> None:
    """Start the app's sweeper greenlet once, on the serving hub."""
    if getattr(state, "sweeper", None) is None:
        state.sweeper = gevent.spawn(_sweep_forever, state)


def _sweep_forever(state) -> None:
    while True:
        gevent.sleep(state.settings.sweep_interval)
        try:
            sweep_once(state)
        except Exception:
            logger.exception("sweeping expired state and files failed")


def sweep_once(state) -> None:
    store = state.queue.state_store
    store.sweep()
    for session_hash in state.renders:
        if session_hash not in store:  # the session is gone: so are its renders
            state.renders.drop(session_hash)
    for session_hash, request in list(state.unload_pending.items()):
        if session_hash not in store:  # the grace period ran out: the session ended
            state.unload_pending.pop(session_hash, None)
            run_unload(state, request)
    state.files.sweep()


def run_unload(state, request) -> None:
    for fn in state.blocks.unload_fns:
        gevent.spawn(_call_unload, state, fn, request)


def _call_unload(state, fn, request) -> None:
    try:
        state.runtime.run_in_thread(lambda: fn(**_injected(fn, None, request, None)))
    except Exception:
        logger.exception("unload function %s failed", getattr(fn, "__name__", fn))


def session_closed(state, session, *, page_closed: bool) -> None:
    """A connection ended: the page closed (unload now) or dropped (keep, maybe resume)."""
    store = state.queue.state_store
    store.disconnect(session.hash)
    if page_closed:
        state.unload_pending.pop(session.hash, None)
        run_unload(state, session.request)
    else:
        state.unload_pending[session.hash] = session.request
