"""A DataFrame to the wire value of the native plots, and back.

The wire value is Gradio's ``PlotData``: ``{"columns": [...], "data": [[...], ...],
"datatypes": {column: "quantitative" | "nominal" | "temporal"}, "mark": ...}``,
with every column of the frame, one list per row. Times travel as milliseconds
since the epoch. A naive datetime is taken as the server's local time, as
Python's ``datetime.timestamp()`` takes it, so ``datetime.now()`` in a frame,
``time.time()`` and a ``gr.DateTime`` timestamp all name the same instant; the
browser shows times in its own time zone.

pandas is imported when a value is converted, never when this module is.
"""

from __future__ import annotations

import math
import os
from datetime import date, datetime
from typing import Any

__all__ = ["DATATYPES", "MARKS", "check_wire", "from_wire", "local_timezone", "time_limit",
           "to_frame", "to_wire"]

DATATYPES = ("quantitative", "nominal", "temporal")
MARKS = ("line", "point", "bar")


def local_timezone():
    """The server's time zone: ``TZ``, else ``/etc/localtime``, else the current offset."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    names = [os.environ.get("TZ", "").lstrip(":")]
    try:
        link = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in link:
            names.append(link.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for name in names:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return datetime.now().astimezone().tzinfo


def to_frame(value: Any, owner: str):
    """A pandas DataFrame from ``value`` (pandas, or anything with ``to_pandas()``)."""
    import pandas as pd
    if isinstance(value, pd.DataFrame):
        return value
    if hasattr(value, "to_pandas"):  # polars, pyarrow tables
        converted = value.to_pandas()
        if isinstance(converted, pd.DataFrame):
            return converted
    raise TypeError(f"{owner} shows a pandas DataFrame (or a polars/pyarrow table); got "
                    f"{type(value).__name__}.")


def to_wire(frame, mark: str, *, needed: list[str], owner: str) -> dict:
    """The ``PlotData`` of ``frame``; ``needed`` columns must exist (x, y, color)."""
    frame = _with_index_columns(frame, needed)
    columns = [str(name) for name in frame.columns]
    if len(set(columns)) != len(columns):
        raise ValueError(f"{owner}: the DataFrame has duplicate column names: {columns}.")
    missing = [name for name in needed if name not in columns]
    if missing:
        raise ValueError(f"{owner}: no column {missing[0]!r} in the DataFrame; its columns are "
                         f"{', '.join(map(repr, columns)) or 'none'}.")
    datatypes: dict[str, str] = {}
    values: list[list] = []
    for name, (_, series) in zip(columns, frame.items()):
        datatypes[name], converted = _column(series)
        values.append(converted)
    data = [list(row) for row in zip(*values)] if values else []
    return {"columns": columns, "data": data, "datatypes": datatypes, "mark": mark}


def _with_index_columns(frame, needed: list[str]):
    """Columns named only by the index (``df.set_index("time")``) become columns."""
    names = [name for name in frame.index.names if name is not None]
    present = {str(name) for name in frame.columns}
    if any(str(name) in needed and str(name) not in present for name in names):
        return frame.reset_index()
    return frame


def _column(series) -> tuple[str, list]:
    import pandas as pd
    from pandas.api import types
    if isinstance(series.dtype, pd.PeriodDtype):
        series = series.dt.to_timestamp()
    if types.is_datetime64_any_dtype(series.dtype):
        return "temporal", _milliseconds(series)
    if types.is_timedelta64_dtype(series.dtype):
        return "quantitative", _numbers(series.dt.total_seconds())
    if types.is_bool_dtype(series.dtype):
        return "nominal", [None if pd.isna(v) else str(bool(v)) for v in series.tolist()]
    if types.is_numeric_dtype(series.dtype):
        return "quantitative", _numbers(series)
    if series.dtype == object and _all_dates(series):
        return "temporal", _milliseconds(pd.to_datetime(series))
    return "nominal", [None if _missing(v) else str(v) for v in series.tolist()]


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas as pd
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _all_dates(series) -> bool:
    present = series.dropna()
    return len(present) > 0 and all(isinstance(v, (date, datetime)) for v in present.tolist())


def _numbers(series) -> list:
    out = series.tolist()
    for index, value in enumerate(out):
        if value is None:
            continue
        if isinstance(value, float) and not math.isfinite(value):
            out[index] = None
        elif not isinstance(value, (int, float)):
            try:
                number = float(value)
            except (TypeError, ValueError):
                out[index] = None
            else:
                out[index] = number if math.isfinite(number) else None
    return out


def _milliseconds(series) -> list:
    import numpy as np
    if series.dt.tz is None:
        series = series.dt.tz_localize(local_timezone(), nonexistent="shift_forward",
                                       ambiguous=np.zeros(len(series), dtype=bool))
    utc = series.dt.tz_convert("UTC").dt.tz_localize(None)
    gaps = utc.isna().to_numpy()
    stamps = utc.to_numpy(dtype="datetime64[ms]").astype("int64").tolist()
    if gaps.any():
        return [None if gap else stamp for stamp, gap in zip(stamps, gaps)]
    return stamps


def from_wire(payload: dict):
    """A DataFrame from a ``PlotData``: temporal columns as UTC datetimes."""
    import pandas as pd
    frame = pd.DataFrame(payload.get("data") or [], columns=payload["columns"])
    for name, kind in (payload.get("datatypes") or {}).items():
        if kind == "temporal" and name in frame.columns:
            frame[name] = pd.to_datetime(frame[name], unit="ms", utc=True)
    return frame


def check_wire(value: Any, owner: str) -> None:
    """Raise ``ValueError`` unless ``value`` has the shape of a ``PlotData``."""
    if not isinstance(value, dict):
        raise ValueError(f"{owner} data must be an object with columns, data and datatypes.")
    columns, data = value.get("columns"), value.get("data")
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise ValueError(f"{owner} data: 'columns' must be a list of column names.")
    if not isinstance(data, list) or not all(isinstance(row, list) and len(row) == len(columns)
                                             for row in data):
        raise ValueError(f"{owner} data: 'data' must be a list of rows of "
                         f"{len(columns)} values each.")
    datatypes = value.get("datatypes")
    if not isinstance(datatypes, dict) or any(
            key not in columns or kind not in DATATYPES for key, kind in datatypes.items()):
        raise ValueError(f"{owner} data: 'datatypes' must map columns to one of "
                         f"{', '.join(DATATYPES)}.")
    if value.get("mark", "line") not in MARKS:
        raise ValueError(f"{owner} data: 'mark' must be one of {', '.join(MARKS)}.")


def time_limit(value: Any, owner: str, name: str) -> float | None:
    """An axis limit as a number; times become seconds since the epoch."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{owner} {name} must hold numbers or times, not {value!r}.")
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            try:
                value = datetime.fromisoformat(value.strip())
            except ValueError:
                raise ValueError(f"{owner} {name}: cannot read {value!r} as a number or an "
                                 "ISO time.") from None
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    elif type(value).__name__ == "datetime64":
        import pandas as pd
        value = pd.Timestamp(value).to_pydatetime()
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day).timestamp()
    try:
        return float(value)  # numpy numbers
    except (TypeError, ValueError):
        raise ValueError(f"{owner} {name} must hold numbers or times, not "
                         f"{type(value).__name__}.") from None
