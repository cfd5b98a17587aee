"""``gr.Progress``: progress of a running function, shown on its outputs.

Declare it as a default argument, ``def fn(x, progress=gr.Progress())``;
the queue gives each call its own tracker.
"""

from __future__ import annotations

from typing import Iterable

from blocks.messages import current_notifier

__all__ = ["Progress"]


class Progress:
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
