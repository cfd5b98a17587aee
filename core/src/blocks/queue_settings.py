"""Checking the arguments of ``Blocks.queue()`` before any queue exists."""

from __future__ import annotations

__all__ = ["check_queue_settings", "status_rate"]


def check_queue_settings(status_update_rate="auto", max_size="not_set",
                         default_concurrency_limit="not_set") -> None:
    """Refuse ``Blocks.queue()`` arguments the queue could not use, saying why."""
    status_rate(status_update_rate)
    if max_size not in ("not_set", None) and (isinstance(max_size, bool) or
                                              not isinstance(max_size, int) or max_size < 0):
        raise ValueError(f"max_size must be a number of jobs (0 or more) or None, "
                         f"not {max_size!r}.")
    limit = default_concurrency_limit
    if limit not in ("not_set", None) and (isinstance(limit, bool) or
                                           not isinstance(limit, int) or limit < 1):
        raise ValueError(f"default_concurrency_limit must be a number (1 or more) or None, "
                         f"not {limit!r}.")


def status_rate(value) -> float | None:
    """``"auto"`` -> ``None`` (on each start and end); a number of seconds -> that period."""
    if value is None or value == "auto":
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"status_update_rate must be 'auto' or a number of seconds, "
                         f"not {value!r}.") from None
    if seconds <= 0:
        raise ValueError("status_update_rate must be a positive number of seconds.")
    return seconds
