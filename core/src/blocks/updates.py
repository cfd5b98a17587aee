"""Values a function returns to change props, or to leave an output alone."""

from __future__ import annotations

__all__ = ["update", "skip", "validate", "is_update", "is_skip", "is_validation"]


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


def validate(is_valid: bool, message: str = "") -> dict:
    """What a validator returns for each input: valid, or not with a message."""
    return {"__type__": "validate", "is_valid": bool(is_valid), "message": message}


def is_validation(value) -> bool:
    return isinstance(value, dict) and value.get("__type__") == "validate"
