"""Tables in and out: every value ``gr.Dataframe`` accepts, as one pandas frame.

A :class:`Tabular` is what the component works with between a function and
the wire: a pandas ``DataFrame`` whose columns are positions (``0..n-1``, so
that duplicate or non-string headers cause no trouble), the headers as
strings, and the pandas ``Styler``'s display strings and CSS per cell when
the value was a ``Styler``. pandas and numpy are imported here, never by
``import blocks_dataframe``.
"""

from __future__ import annotations

import datetime
import math
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Tabular", "from_value", "from_wire", "jsonable_columns", "to_type",
           "polars_available"]


@dataclass
class Tabular:
    """A table: ``frame`` (columns ``0..n-1``, rows ``0..m-1``), ``headers``, and the
    Styler's per-cell ``display`` strings and ``styling`` CSS (numpy object arrays of
    shape ``(m, n)``, or ``None``)."""

    frame: pd.DataFrame
    headers: list[str]
    display: np.ndarray | None = None
    styling: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, int]:
        return self.frame.shape


def polars_available() -> bool:
    import importlib.util
    return importlib.util.find_spec("polars") is not None


def _is_polars(value) -> bool:
    module = type(value).__module__ or ""
    return module.startswith("polars") and type(value).__name__ == "DataFrame"


def _positional(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    headers = [str(column) for column in frame.columns]
    frame = frame.reset_index(drop=True)
    frame.columns = range(frame.shape[1])
    return frame, headers


def _fit_headers(headers: list[str], count: int) -> list[str]:
    """Headers for ``count`` columns: cut, or completed with ``"n"`` names as Gradio does."""
    headers = [str(header) for header in headers][:count]
    return headers + [str(i) for i in range(len(headers) + 1, count + 1)]


def _rows_frame(rows: list, headers: list[str] | None) -> tuple[pd.DataFrame, list[str]]:
    if rows and not isinstance(rows[0], (list, tuple)):
        rows = [[item] for item in rows]  # a flat list is one column
    width = max((len(row) for row in rows), default=len(headers or []))
    padded = [list(row) + [None] * (width - len(row)) for row in rows]
    frame = pd.DataFrame(padded, columns=range(width), dtype=object) if padded else \
        pd.DataFrame(columns=range(width), dtype=object)
    frame = frame.infer_objects()
    return frame, _fit_headers(headers or [], width)


def from_value(value: Any, default_headers: list[str]) -> Tabular:
    """Any value a function may return (or give as ``value=``) as a :class:`Tabular`.

    pandas ``DataFrame`` and ``Styler``, polars ``DataFrame``, numpy arrays, lists
    of lists (or a flat list: one column), ``{"headers", "data"[, "metadata"]}``
    dicts and the path of a CSV file.
    """
    from pandas.io.formats.style import Styler

    if isinstance(value, Styler):
        return _from_styler(value)
    if isinstance(value, pd.DataFrame):
        frame, headers = _positional(value)
        return Tabular(frame, headers)
    if isinstance(value, (str, os.PathLike)):
        frame, headers = _positional(pd.read_csv(os.fspath(value)))
        return Tabular(frame, headers)
    if _is_polars(value):
        frame = pd.DataFrame({i: value.get_column(name).to_list()
                              for i, name in enumerate(value.columns)},
                             columns=range(len(value.columns)))
        return Tabular(frame, [str(name) for name in value.columns])
    if isinstance(value, np.ndarray):
        if value.ndim == 1:
            value = value.reshape(-1, 1)
        if value.ndim != 2:
            raise ValueError(f"Dataframe shows 1- or 2-dimensional arrays, not {value.ndim}-"
                             "dimensional ones.")
        frame = pd.DataFrame(value, columns=range(value.shape[1]))
        return Tabular(frame, _fit_headers(default_headers, value.shape[1]))
    if isinstance(value, dict):
        if "data" not in value and value:
            # a dict of columns, as pandas takes it
            frame, headers = _positional(pd.DataFrame(value))
            return Tabular(frame, headers)
        rows = list(value.get("data") or [])
        frame, headers = _rows_frame(rows, value.get("headers") or default_headers)
        table = Tabular(frame, headers)
        _attach_metadata(table, value.get("metadata"))
        return table
    if isinstance(value, (list, tuple)):
        frame, headers = _rows_frame(list(value), default_headers)
        return Tabular(frame, headers)
    raise TypeError("Dataframe shows a pandas or polars DataFrame, a Styler, a numpy array, a "
                    "list of lists, a {'headers', 'data'} dict or a CSV path; got "
                    f"{type(value).__name__}.")


def _attach_metadata(table: Tabular, metadata) -> None:
    if not isinstance(metadata, dict):
        return
    rows, columns = table.shape
    for key, attribute in (("display_value", "display"), ("styling", "styling")):
        grid = metadata.get(key)
        if isinstance(grid, list) and len(grid) == rows and \
                all(isinstance(row, list) and len(row) == columns for row in grid):
            array = np.empty((rows, columns), dtype=object)
            for r, row in enumerate(grid):
                array[r, :] = [None if cell is None else str(cell) for cell in row]
            setattr(table, attribute, array)


def _from_styler(styler) -> Tabular:
    """The Styler's data, with its formatted strings and its CSS per cell."""
    data = styler.data
    hidden = {int(c) for c in getattr(styler, "hidden_columns", []) or []}
    keep = [i for i in range(data.shape[1]) if i not in hidden]
    styler._compute()  # runs the .apply/.map functions into styler.ctx
    rows, columns = data.shape
    styling = np.full((rows, columns), "", dtype=object)
    for (r, c), props in styler.ctx.items():
        if r < rows and c < columns:
            styling[r, c] = "; ".join(f"{prop}: {value}" for prop, value in props)
    display = np.empty((rows, columns), dtype=object)
    formatters = styler._display_funcs
    for c in range(columns):
        column = data.iloc[:, c].tolist()
        display[:, c] = [str(formatters[(r, c)](v)) for r, v in enumerate(column)]
    frame, headers = _positional(data.iloc[:, keep])
    return Tabular(frame, headers, display=display[:, keep], styling=styling[:, keep])


# -- to JSON -----------------------------------------------------------------------------------
def _cell(value):
    """One value as JSON: numbers, strings, booleans, null; dates as ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return None if math.isnan(number) or math.isinf(number) else number
    if isinstance(value, str):
        return value
    if isinstance(value, (pd.Timestamp, datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else str(pd.Timestamp(value).isoformat())
    if isinstance(value, (pd.Timedelta, datetime.timedelta, np.timedelta64)):
        return str(pd.Timedelta(value))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _column(series: pd.Series) -> list:
    kind = series.dtype.kind
    if kind in "iub" and not series.hasnans:
        return series.tolist()
    if kind == "f":
        array = series.to_numpy(dtype=float, na_value=np.nan)
        finite = np.isfinite(array)
        values = array.tolist()
        if finite.all():
            return values
        return [v if ok else None for v, ok in zip(values, finite.tolist())]
    return [_cell(value) for value in series.tolist()]


def jsonable_columns(frame: pd.DataFrame, rows=None) -> list[list]:
    """The rows of ``frame`` (all, or the positions ``rows``) as JSON-ready lists."""
    part = frame if rows is None else frame.iloc[rows]
    columns = [_column(part.iloc[:, c]) for c in range(part.shape[1])]
    if not columns:
        return [[] for _ in range(len(part))]
    return [list(row) for row in zip(*columns)]


# -- from the wire ----------------------------------------------------------------------------
def from_wire(payload: dict) -> Tabular:
    """A checked wire value ``{"headers", "data"}`` as a :class:`Tabular`."""
    headers = [str(h) for h in payload.get("headers") or []]
    data = payload.get("data") or []
    frame, headers = _rows_frame(data, headers)
    return Tabular(frame, headers)


def to_type(table: Tabular, kind: str):
    """The table as the function's argument: ``pandas``, ``numpy``, ``array`` or ``polars``."""
    frame = table.frame.copy()
    frame.columns = table.headers
    if kind == "pandas":
        return frame
    if kind == "numpy":
        return frame.to_numpy()
    if kind == "array":
        return jsonable_columns(table.frame)
    if kind == "polars":
        import polars as pl
        rows = jsonable_columns(table.frame)
        return pl.DataFrame(rows, schema=list(table.headers), orient="row") if rows else \
            pl.DataFrame(schema=list(table.headers))
    raise ValueError(f"Unknown Dataframe type {kind!r}.")
