"""Streaming edits (docs/protocol.md, "Streaming edits"): turn the last value of an
output into the new one. Strings are immutable: the result is returned."""

from __future__ import annotations

from typing import Any

__all__ = ["apply_edits"]


def _drop_utf16(text: str, units: int) -> str:
    """``text`` without its last ``units`` UTF-16 code units (JavaScript's string length)."""
    end = len(text)
    while units > 0 and end > 0:
        end -= 1
        units -= 2 if ord(text[end]) > 0xFFFF else 1
    return text[:end]


def _edited(current: Any, op: str, arg: Any) -> Any:
    if op == "replace":
        return arg
    if op == "append" and isinstance(current, list) and isinstance(arg, list):
        return current + arg
    if op == "append" and isinstance(current, str) and isinstance(arg, str):
        return current + arg
    if op == "splice" and isinstance(current, str) and isinstance(arg, list) and len(arg) == 2:
        return _drop_utf16(current, int(arg[0])) + str(arg[1])
    raise ValueError(f"cannot {op} {type(current).__name__} with {type(arg).__name__}")


def apply_edits(value: Any, edits: list) -> Any:
    """``value`` after ``edits`` (``[[op, path, arg], ...]``); lists and dicts change in place.

    Raises ``ValueError`` for an edit that does not fit the value.
    """
    for edit in edits:
        try:
            op, path, arg = edit
            path = list(path)
            if not path:
                if op in ("add", "delete"):
                    raise ValueError(f"{op} needs a path")
                value = _edited(value, op, arg)
                continue
            parent = value
            for key in path[:-1]:
                parent = parent[key]
            key = path[-1]
            if op == "add" and isinstance(parent, list):
                parent.insert(int(key), arg)
            elif op == "add":
                parent[key] = arg
            elif op == "delete":
                del parent[key]
            else:
                parent[key] = _edited(parent[key], op, arg)
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise ValueError(f"Cannot apply the edit {edit!r}: {error}") from error
    return value
