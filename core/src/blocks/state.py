"""``gr.State`` values of one session: what counts as a change, and a job's view of them.

The values live in their session's record, in the app's session store
(:mod:`blocks.session`); this module holds what every store shares: the
:class:`Entry` of one value, :func:`fingerprint` (how a change is judged),
:func:`run_delete_callbacks`, and :class:`SessionState`, through which a job
reads and writes the values of its session.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["Entry", "SessionState", "differ", "fingerprint", "run_delete_callbacks"]

logger = logging.getLogger("blocks.state")


def fingerprint(value: Any) -> Any:
    """What a change of a State value is judged by.

    Lists, tuples, sets and dicts by their elements (a snapshot, so in-place
    edits count); other objects by their hash (or identity when unhashable).
    """
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        try:
            return ("items", copy.deepcopy(value))
        except Exception:
            return ("id", id(value))
    try:
        return ("hash", type(value), hash(value))
    except TypeError:
        return ("id", id(value))


def differ(old_mark: Any, new_mark: Any) -> bool:
    """Whether two :func:`fingerprint` marks differ. Values whose comparison fails or is
    not a plain truth (numpy arrays in a tuple, as a sound's ``(rate, samples)``) count
    as changed."""
    try:
        return bool(old_mark != new_mark)
    except Exception:
        return True


@dataclass(slots=True)
class Entry:
    """One State value of one session.

    ``updated`` is when it was last written (the store's clock); ``ttl`` the
    State's ``time_to_live``. ``delete_callback`` is a function of this process:
    a store that keeps values elsewhere keeps callbacks here, by State key.
    """

    value: Any
    mark: Any
    updated: float
    ttl: float | None = None
    delete_callback: Callable | None = None

    def expired(self, now: float) -> bool:
        return self.ttl is not None and now - self.updated > self.ttl


def run_delete_callbacks(entries) -> None:
    """Pass each dropped value to its State's ``delete_callback`` (once)."""
    for entry in entries:
        if entry.delete_callback is not None:
            try:
                entry.delete_callback(entry.value)
            except Exception:
                logger.exception("delete_callback of a State failed")


class SessionState:
    """One session's view of a store: read and write State components' values."""

    def __init__(self, store, session_hash: str):
        self.store = store
        self.session_hash = session_hash

    def get(self, component) -> Any:
        return self.store.get_value(self.session_hash, component._id,
                                    default=component.initial_value)

    def put(self, component, value) -> bool:
        return self.store.put_value(self.session_hash, component._id, value,
                                    ttl=component.time_to_live,
                                    delete_callback=component.delete_callback)
