"""``gr.Progress``: progress of a running function, shown on its outputs.

Declare it as a default argument, ``def fn(x, progress=gr.Progress())``;
the queue gives each call its own tracker.
"""

from __future__ import annotations

import threading
from typing import Iterable

from blocks.messages import current_notifier

__all__ = ["Progress", "tracking_tqdm"]


class Progress:
    """Progress of a function, shown as bars over its outputs.

    Call it (``progress(0.5, desc="Half way")``, ``progress((3, 10))``), wrap an
    iterable (``for x in progress.tqdm(items)``), or give ``track_tqdm=True``:
    the ``tqdm`` loops the function runs (its own or a library's) are shown too.
    """

    def __init__(self, track_tqdm: bool = False):
        self.track_tqdm = track_tqdm
        self._notify = None
        self._levels: list[dict] = []

    def _bind(self, notify) -> Progress:
        tracker = Progress(self.track_tqdm)
        tracker._notify = notify
        return tracker

    def _send(self) -> None:
        notify = self._notify or current_notifier()
        if notify is not None:
            notify({"type": "progress", "progress": [dict(level) for level in self._levels]})

    def __call__(self, progress, desc: str | None = None, total: int | None = None,
                 unit: str = "steps", _tqdm=None):
        """``progress(0.3, desc="Loading")`` or ``progress((3, 10))``."""
        if isinstance(progress, tuple):
            index, length = progress
            level = {"index": index, "length": length, "progress": None}
        elif progress is None:
            level = {"index": None, "length": total, "progress": None}
        else:
            level = {"index": None, "length": None, "progress": float(progress)}
        level.update(desc=desc, unit=unit)
        self._levels = [level]
        self._send()
        return progress

    def tqdm(self, iterable: Iterable | None = None, desc: str | None = None,
             total: int | None = None, unit: str = "steps", *args, **kwargs):
        """Iterate ``iterable`` while showing how far along it is."""
        if iterable is None:
            iterable = range(total or 0)
        if total is None:
            try:
                total = len(iterable)  # type: ignore[arg-type]
            except TypeError:
                total = None
        level = {"index": 0, "length": total, "progress": None, "desc": desc, "unit": unit}
        self._levels.append(level)
        self._send()
        try:
            for index, item in enumerate(iterable):
                level["index"] = index
                self._send()
                yield item
            level["index"] = total if total is not None else level["index"] + 1
            self._send()
        finally:
            if level in self._levels:
                self._levels.remove(level)

    # -- tqdm bars of the function, shown as levels of this tracker (track_tqdm=True) -----
    def _tqdm_open(self, bar) -> None:
        level = {"index": bar.n, "length": bar.total, "progress": None,
                 "desc": bar.desc or None, "unit": getattr(bar, "unit", "steps") or "steps"}
        bar._blocks_level = level
        self._levels.append(level)
        self._send()

    def _tqdm_update(self, bar) -> None:
        level = getattr(bar, "_blocks_level", None)
        if level is not None:
            level.update(index=bar.n, length=bar.total, desc=bar.desc or None)
            self._send()

    def _tqdm_close(self, bar) -> None:
        level = getattr(bar, "_blocks_level", None)
        if level is not None and level in self._levels:
            self._levels.remove(level)
            self._send()


_tracking = threading.local()
_patch_lock = threading.Lock()
_patched = False


class tracking_tqdm:
    """While a job's function runs in this thread, the ``tqdm`` bars it opens report to
    ``tracker`` (a ``gr.Progress(track_tqdm=True)`` bound to that job; None: no tracking).

    tqdm is patched the first time a function asks for it (never on import), and the
    patched methods do nothing more than tqdm's own in threads no tracker is set for.
    """

    def __init__(self, tracker: Progress | None):
        self.tracker = tracker

    def __enter__(self):
        self.previous = getattr(_tracking, "tracker", None)
        if self.tracker is not None:
            _patch_tqdm()
        _tracking.tracker = self.tracker

    def __exit__(self, *exc):
        _tracking.tracker = self.previous
        return False


def _patch_tqdm() -> None:
    global _patched
    if _patched:
        return
    with _patch_lock:
        if _patched:
            return
        try:
            from tqdm import std
        except ImportError:  # no tqdm: nothing to track
            _patched = True
            return
        bar_class = std.tqdm
        original_init, original_update = bar_class.__init__, bar_class.update
        original_close, original_iter = bar_class.close, bar_class.__iter__

        def __init__(self, *args, **kwargs):
            original_init(self, *args, **kwargs)
            tracker = getattr(_tracking, "tracker", None)
            self._blocks_tracker = None if getattr(self, "disable", False) else tracker
            if self._blocks_tracker is not None:
                self._blocks_tracker._tqdm_open(self)

        def update(self, n=1):
            result = original_update(self, n)
            tracker = getattr(self, "_blocks_tracker", None)
            if tracker is not None:
                tracker._tqdm_update(self)
            return result

        def close(self):
            tracker = getattr(self, "_blocks_tracker", None)
            if tracker is not None:
                self._blocks_tracker = None
                tracker._tqdm_close(self)
            return original_close(self)

        def __iter__(self):
            tracker = getattr(self, "_blocks_tracker", None)
            if tracker is None:
                yield from original_iter(self)
                return
            done = self.n
            for item in original_iter(self):
                level = getattr(self, "_blocks_level", None)
                if level is not None:  # tqdm counts an item after it is used
                    level["index"] = done
                    tracker._send()
                done += 1
                yield item

        bar_class.__init__, bar_class.update = __init__, update
        bar_class.close, bar_class.__iter__ = close, __iter__
        _patched = True
