"""Values a function returns to change props, or to leave an output alone."""

from __future__ import annotations

__all__ = ["update", "skip", "is_update", "is_skip"]


def update(**props) -> dict:
    """Change props of an output: ``gr.update(visible=False, value="x")``."""
    return {"__type__": "update", **props}


def skip() -> dict:
    """Leave an output exactly as it is."""
    return {"__type__": "update"}


def is_update(value) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "update"


def is_skip(value) -> bool:
    return is_update(value) and len(value) == 1
