"""Edits between two wire values: what a streaming output sends after its first value.

A generator that yields a growing value (a chat history, a text) would
otherwise send the whole value on every yield. Instead, the first output of
a job carries the value and each later one an edit list that turns the
previous value into the new one (``docs/protocol.md``, "Streaming edits").

An edit is ``[op, path, arg]``; ``path`` is the keys and list indices from
the root of the value (``[]``: the root itself):

- ``"replace"``: the value at ``path`` becomes ``arg``;
- ``"append"``: ``arg`` is added to the end of the string or list at ``path``;
- ``"add"``: insert ``arg`` into a list at index ``path[-1]``, or set a new dict key;
- ``"delete"``: remove the list item or dict key at ``path`` (``arg`` is ``None``);
- ``"splice"``: ``arg`` is ``[cut, text]``: remove ``cut`` characters from the end of
  the string at ``path``, then append ``text``. ``cut`` counts UTF-16 code units,
  as JavaScript strings do. Rendered HTML that grows inside its closing tags
  (``<p>Hel</p>`` to ``<p>Hello</p>``) changes by a splice of a few characters.

A file (a ``FileData`` dict) is replaced whole when its path changes and left
alone otherwise: the server fills in its ``url`` as it sends it, and a page
must get any new file whole to be given its URL. The first four operations
are the edits of Gradio's streaming protocol; :func:`as_gradio`
rewrites ``splice`` for clients that only know those. Diffing is pure Python
and never copies: parts of the new value that are the very objects of the
old one (a chat message a component reused) are skipped at once.
"""

from __future__ import annotations

import copy
from typing import Any

from blocks.files import FILE_TYPE

__all__ = ["diff", "apply_edits", "as_gradio", "worth_sending", "WholeValues", "OPS"]

OPS = ("replace", "append", "add", "delete", "splice")

# A string that changes in the middle is spliced when at least this much of it is kept;
# shorter ones are replaced (the edit would not be much smaller).
_SPLICE_MIN_KEPT = 16


def diff(old: Any, new: Any) -> list[list]:
    """The edits that turn the JSON value ``old`` into ``new`` (``[]`` if they are equal)."""
    edits: list[list] = []
    _walk(old, new, [], edits)
    return edits


def _walk(a, b, path: list, edits: list) -> None:
    if a is b:
        return
    kind = type(a)
    if kind is not type(b):
        edits.append(["replace", path, b])
    elif kind is str:
        if a != b:
            edits.append(_string_edit(a, b, path))
    elif kind is list:
        common = min(len(a), len(b))
        start = 0
        if common > 8 and a[:common - 1] == b[:common - 1]:
            start = common - 1  # a list that grew or changed at its end: compared in C
        for index in range(start, common):
            x, y = a[index], b[index]
            if x is not y:
                _walk(x, y, [*path, index], edits)
        for _ in range(common, len(a)):  # each delete shifts the rest down
            edits.append(["delete", [*path, common], None])
        if len(b) > common:
            if common == len(a) and common:  # new items at the end
                edits.append(["append", path, b[common:]])
            else:
                for index in range(common, len(b)):
                    edits.append(["add", [*path, index], b[index]])
    elif kind is dict:
        if _is_file(a) or _is_file(b):  # a file is one thing: the server fills in its url
            if not (_is_file(a) and _is_file(b) and a.get("path") == b.get("path")):
                edits.append(["replace", path, b])
            return
        for key, x in a.items():
            if key in b:
                y = b[key]
                if x is not y:
                    _walk(x, y, [*path, key], edits)
            else:
                edits.append(["delete", [*path, key], None])
        for key, y in b.items():
            if key not in a:
                edits.append(["add", [*path, key], y])
    elif a != b:
        edits.append(["replace", path, b])


def worth_sending(edits: list, value: Any) -> bool:
    """Whether ``edits`` are smaller than ``value`` (roughly, as JSON; never costly).

    The size of the edits is estimated first; ``value`` is then measured only
    until it is known to be larger, so a long history costs nothing to measure.
    """
    if not edits:
        return True
    cost = 0
    for op, path, arg in edits:
        cost += 16 + len(op) + 6 * len(path)
        cost += _size(arg, 1 << 30)
    return _size(value, cost) > cost


def _size(value, limit: int) -> int:
    """The JSON size of ``value``, roughly; the count stops once it passes ``limit``."""
    kind = type(value)
    if kind is str:
        return len(value) + 2
    if value is None or kind is bool or kind is int or kind is float:
        return 5
    total = 2
    if kind is dict:
        for key, item in value.items():
            total += len(key) + 4 + _size(item, limit - total)
            if total > limit:
                break
    elif kind is list or kind is tuple:
        for item in value:
            total += 1 + _size(item, limit - total)
            if total > limit:
                break
    else:
        total += 16
    return total


def _is_file(value: dict) -> bool:
    meta = value.get("meta")
    return type(meta) is dict and meta.get("_type") == FILE_TYPE


def _string_edit(a: str, b: str, path: list) -> list:
    if b.startswith(a):
        return ["append", path, b[len(a):]]
    kept = _common_prefix(a, b)
    if kept < _SPLICE_MIN_KEPT:
        return ["replace", path, b]
    return ["splice", path, [_utf16_len(a[kept:]), b[kept:]]]


def _common_prefix(a: str, b: str) -> int:
    """The length of the longest common prefix (binary search over C comparisons)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _utf16_len(text: str) -> int:
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def _cut_utf16(text: str, units: int) -> str:
    """``text`` without its last ``units`` UTF-16 code units."""
    end = len(text)
    while units > 0 and end > 0:
        end -= 1
        units -= 2 if ord(text[end]) > 0xFFFF else 1
    return text[:end]


def apply_edits(value: Any, edits: list) -> Any:
    """Apply ``edits`` to ``value``, changing its lists and dicts in place; return the result.

    Strings are immutable, so an edit of a string (or of the root) stores a new
    object; take a deep copy first to keep the old value. An edit that does not
    fit the value raises ``ValueError``.
    """
    for edit in edits:
        try:
            op, path, arg = edit
            value = _apply_one(value, op, list(path), arg)
        except (KeyError, IndexError, TypeError, ValueError) as error:
            raise ValueError(f"Cannot apply the edit {edit!r}: {error}") from error
    return value


def _changed(current, op: str, arg):
    if op == "replace":
        return arg
    if op == "append":
        if isinstance(current, list):
            current.extend(arg)
            return current
        if isinstance(current, str) and isinstance(arg, str):
            return current + arg
        raise TypeError("append needs a string or a list")
    if op == "splice":
        cut, text = arg
        if not isinstance(current, str) or not isinstance(text, str):
            raise TypeError("splice needs a string")
        return _cut_utf16(current, int(cut)) + text
    raise ValueError(f"unknown edit {op!r}")


def _apply_one(value, op: str, path: list, arg):
    if op not in OPS:
        raise ValueError(f"unknown edit {op!r}")
    if not path:
        if op in ("add", "delete"):
            raise ValueError(f"{op} needs a path")
        return _changed(value, op, arg)
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    if op == "add":
        if isinstance(parent, list):
            parent.insert(int(key), arg)
        else:
            parent[key] = arg
    elif op == "delete":
        del parent[key]
    else:
        parent[key] = _changed(parent[key], op, arg)
    return value


def as_gradio(edits: list, value: Any) -> list:
    """``edits`` in Gradio's four operations: each ``splice`` becomes a ``replace``.

    ``value`` is the value after the edits, where the new strings are read.
    """
    if not any(edit[0] == "splice" for edit in edits):
        return edits
    converted = []
    for op, path, arg in edits:
        if op == "splice":
            target = value
            for key in path:
                target = target[key]
            converted.append(["replace", path, target])
        else:
            converted.append([op, path, arg])
    return converted


class WholeValues:
    """A job's output updates with their edits applied: whole values again.

    For clients that take whole values (the HTTP call API, Gradio's clients):
    ``whole(updates)`` gives the updates with each ``{"edits": ...}`` replaced
    by ``{"value": ...}``. It keeps its own copy of each output's last value
    (copied when a value comes whole, then changed in place by the edits), so
    the objects the job keeps for its own diffs are never touched; a value it
    gives is changed by the next call (send or copy it before).
    """

    __slots__ = ("_last",)

    def __init__(self):
        self._last: dict[int, Any] = {}

    def __call__(self, updates: list) -> list:
        whole = []
        for index, update in enumerate(updates):
            if isinstance(update, dict) and "edits" in update:
                if index not in self._last:
                    raise ValueError("Edits came for an output that had no value before.")
                value = apply_edits(self._last[index], copy.deepcopy(update["edits"]))
                self._last[index] = value
                update = {**{key: item for key, item in update.items() if key != "edits"},
                          "value": value}
            elif isinstance(update, dict) and "value" in update:
                self._last[index] = copy.deepcopy(update["value"])
            whole.append(update)
        return whole
