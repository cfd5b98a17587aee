"""Sorting, search and filters over a table's rows, on the server.

The same rules as the browser's (``static/view.js``), so that a large table
the server sorts and filters answers like a small one the page handles itself:

- sort keys are ``[column, "asc" | "desc"]``, the first deciding; empty cells
  go last; numbers compare as numbers, everything else as text;
- search keeps the rows where some cell's shown text contains the words,
  ignoring case;
- a filter is ``{"column", "op", "value"}``; text ops: ``contains``,
  ``does not contain``, ``starts with``, ``ends with``, ``is``, ``is not``,
  ``is empty``, ``is not empty``; number ops: ``=``, ``≠``, ``>``, ``<``,
  ``≥``, ``≤``, ``is empty``, ``is not empty``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["TEXT_OPS", "NUMBER_OPS", "View", "check_view", "column_text", "view_rows"]

TEXT_OPS = ("contains", "does not contain", "starts with", "ends with", "is", "is not",
            "is empty", "is not empty")
NUMBER_OPS = ("=", "≠", ">", "<", "≥", "≤", "is empty", "is not empty")
MAX_SEARCH = 200
MAX_FILTERS = 32


class View(tuple):
    """A view of a table, hashable: ``(sort, search, filters)``."""

    __slots__ = ()

    def __new__(cls, sort=(), search="", filters=()):
        return super().__new__(cls, (tuple(tuple(key) for key in sort), search or "",
                                     tuple((f["column"], f["op"], f.get("value", ""))
                                           for f in filters)))

    @property
    def sort(self):
        return self[0]

    @property
    def search(self):
        return self[1]

    @property
    def filters(self):
        return self[2]

    def __bool__(self):
        return bool(self[0] or self[1] or self[2])


def check_view(data: dict, columns: int) -> View:
    """A :class:`View` from request data; ``ValueError`` names what is wrong."""
    sort = data.get("sort") or []
    if not isinstance(sort, list) or len(sort) > columns:
        raise ValueError("'sort' must be a list of [column, 'asc'|'desc'], one per column "
                         "at most.")
    for key in sort:
        if not (isinstance(key, list) and len(key) == 2 and _index(key[0], columns)
                and key[1] in ("asc", "desc")):
            raise ValueError(f"Bad sort key {key!r}: [column, 'asc'|'desc'] with a column "
                             f"between 0 and {columns - 1}.")
    search = data.get("search") or ""
    if not isinstance(search, str) or len(search) > MAX_SEARCH:
        raise ValueError(f"'search' must be text of at most {MAX_SEARCH} characters.")
    filters = data.get("filters") or []
    if not isinstance(filters, list) or len(filters) > MAX_FILTERS:
        raise ValueError(f"'filters' must be a list of at most {MAX_FILTERS} filters.")
    for item in filters:
        if not (isinstance(item, dict) and _index(item.get("column"), columns)
                and item.get("op") in TEXT_OPS + NUMBER_OPS
                and isinstance(item.get("value", ""), (str, int, float))
                and len(str(item.get("value", ""))) <= MAX_SEARCH):
            raise ValueError(f"Bad filter {item!r}: {{'column', 'op', 'value'}} with a known op.")
    return View(sort, search, filters)


def _index(value, columns: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < columns


def column_text(frame: pd.DataFrame, display, column: int) -> np.ndarray:
    """The shown text of every cell of a column, lower case, as a numpy string array
    (searched with vectorised string functions)."""
    if display is not None:
        values = [_shown(v) for v in display[:, column].tolist()]
        return np.char.lower(np.array(values, dtype=str)) if values else np.array([], str)
    series = frame.iloc[:, column]
    kind = series.dtype.kind
    if kind in "iu" and not series.hasnans:
        return _narrow(series.to_numpy().astype(str))
    if kind == "f":
        array = series.to_numpy(dtype=float, na_value=np.nan)
        text = array.astype(str)
        return _narrow(np.where(np.isnan(array), "", np.char.lower(text)))
    values = [_shown(v) for v in series.tolist()]
    return np.char.lower(np.array(values, dtype=str)) if values else np.array([], str)


def _narrow(text: np.ndarray) -> np.ndarray:
    """The same strings in the narrowest fixed width (numbers' text is short)."""
    if not text.size:
        return text
    return text.astype(f"<U{max(1, int(np.char.str_len(text).max()))}")


def _shown(value) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA \
            or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return str(value)


def _empty(values: pd.Series) -> np.ndarray:
    return (values.isna() | (values.astype(str) == "")).to_numpy()


def _filter(frame, texts, rows: np.ndarray, column: int, op: str, value) -> np.ndarray:
    """The positions of ``rows`` that pass one filter."""
    if op in ("is empty", "is not empty"):
        empty = _empty(frame.iloc[rows, column])
        return rows[empty if op == "is empty" else ~empty]
    if op in NUMBER_OPS:
        numbers = pd.to_numeric(frame.iloc[rows, column], errors="coerce").to_numpy(float)
        try:
            target = float(value)
        except (TypeError, ValueError):
            return rows[:0]
        with np.errstate(invalid="ignore"):
            keep = {"=": numbers == target, "≠": numbers != target, ">": numbers > target,
                    "<": numbers < target, "≥": numbers >= target,
                    "≤": numbers <= target}[op]
        return rows[keep & ~np.isnan(numbers) if op != "≠" else keep]
    text = texts(column)[rows]
    needle = str(value).lower()
    if op == "contains":
        keep = np.char.find(text, needle) >= 0
    elif op == "does not contain":
        keep = np.char.find(text, needle) < 0
    elif op == "starts with":
        keep = np.char.startswith(text, needle)
    elif op == "ends with":
        keep = np.char.endswith(text, needle)
    elif op == "is":
        keep = text == needle
    else:  # "is not"
        keep = text != needle
    return rows[np.asarray(keep, dtype=bool)]


def _sort_key(values: pd.Series):
    numbers = pd.to_numeric(values, errors="coerce")
    if numbers.notna().sum() == values.notna().sum() and values.dtype.kind != "b":
        return numbers, False
    if values.dtype.kind == "M":
        return values, False
    return pd.Series([_shown(v).lower() for v in values.tolist()], index=values.index), True


def view_rows(frame: pd.DataFrame, display, view: View, texts=None) -> np.ndarray:
    """The positions of the rows ``view`` shows, in its order.

    ``texts(column)`` gives a column's :func:`column_text` (a table caches them).
    """
    if texts is None:
        def texts(column):
            return column_text(frame, display, column)
    rows = np.arange(len(frame))
    for column, op, value in view.filters:
        if column < frame.shape[1]:
            rows = _filter(frame, texts, rows, column, op, value)
    words = view.search.lower().split()
    if words and len(rows):
        columns = [texts(c)[rows] for c in range(frame.shape[1])]
        keep = np.ones(len(rows), dtype=bool)
        for word in words:
            found = np.zeros(len(rows), dtype=bool)
            for text in columns:
                found |= np.char.find(text, word) >= 0
            keep &= found
        rows = rows[keep]
    for column, direction in reversed(view.sort):
        if column >= frame.shape[1] or not len(rows):
            continue
        values = frame.iloc[rows, column]
        key, textual = _sort_key(values)
        empty = _empty(values) if not textual else (key == "").to_numpy()
        frame_key = pd.DataFrame({"key": key.to_numpy(), "empty": empty})
        order = frame_key.sort_values(["empty", "key"], ascending=[True, direction == "asc"],
                                      kind="stable", na_position="last").index.to_numpy()
        rows = rows[order]
    return rows
