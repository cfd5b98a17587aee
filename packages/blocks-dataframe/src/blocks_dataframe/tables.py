"""Large tables kept on the server, per session, for the page to read in windows.

When a function sends a page a table of more than ``WINDOW_ROWS`` rows, the
page gets its first rows and a handle; the table itself stays here, in the
process's :class:`TableStore`, under the page's session:

- a handle is 96 random bits made by the server, and is looked up only among
  the tables of the session that asks (the session hash is itself a 128-bit
  secret of the page), so a page can read no other session's table and can
  choose no identifier;
- one table per component and session: a new value replaces the old one;
- the store holds at most ``BLOCKS_DATAFRAME_MEMORY`` megabytes (512 by
  default) in all, and one session at most a quarter of it; past that the
  least recently used tables go (the page is told the table is gone and asks
  for the event again);
- a session's tables go when the session ends (the
  ``blocks_session_ended`` hook, see :mod:`blocks_dataframe.plugin`).
"""

from __future__ import annotations

import logging
import os
import secrets
import threading
from collections import OrderedDict

import numpy as np
import pandas as pd

from blocks_dataframe.cells import rich_metadata
from blocks_dataframe.convert import Tabular, jsonable_columns
from blocks_dataframe.view import View, column_text, view_rows

__all__ = ["WINDOW_ROWS", "FIRST_WINDOW", "Table", "TableStore", "store"]

logger = logging.getLogger("blocks.dataframe")

NO_VIEW = View()
WINDOW_ROWS = 1000   # tables with more rows than this travel in windows
FIRST_WINDOW = 100   # rows sent with the value itself


class Table:
    """One table a page reads in windows: its data, its Styler strings, its last view."""

    def __init__(self, tabular: Tabular, types: list[str], *, line_breaks: bool = True):
        self.tabular = tabular
        self.types = types
        self.line_breaks = line_breaks
        self.handle = secrets.token_urlsafe(12)
        self.lock = threading.RLock()
        self._view: tuple[View, np.ndarray] | None = None
        self._texts: dict[int, np.ndarray] = {}  # column -> its shown text, for search
        self.nbytes = self._measure()

    @property
    def frame(self) -> pd.DataFrame:
        return self.tabular.frame

    @property
    def headers(self) -> list[str]:
        return self.tabular.headers

    def _measure(self) -> int:
        size = int(self.frame.memory_usage(index=True, deep=True).sum())
        for grid in (self.tabular.display, self.tabular.styling):
            if grid is not None and grid.size:
                sample = grid.ravel()[:1000]
                average = sum(len(str(v)) + 49 for v in sample) / len(sample)
                size += int(grid.size * (8 + average))
        return size + sum(text.nbytes for text in self._texts.values())

    # -- reading ------------------------------------------------------------------------
    def rows_of(self, view: View) -> np.ndarray:
        with self.lock:
            if not view:
                return np.arange(len(self.frame))
            if self._view is not None and self._view[0] == view:
                return self._view[1]
            rows = view_rows(self.frame, self.tabular.display, view, self.texts)
            self._view = (view, rows)
            return rows

    def texts(self, column: int) -> np.ndarray:
        """A column's shown text, lower case, kept until the column changes."""
        text = self._texts.get(column)
        if text is None:
            text = self._texts[column] = column_text(self.frame, self.tabular.display, column)
        return text

    def window(self, start: int, count: int, view: View = NO_VIEW) -> dict:
        """Rows ``start .. start + count`` of ``view``: their data, positions and styling."""
        with self.lock:
            rows = self.rows_of(view)
            chosen = rows[start:start + count]
            data = jsonable_columns(self.frame, chosen)
            return {"data": data, "index": chosen.tolist(), "total": len(rows),
                    "metadata": self.metadata(chosen, data)}

    def metadata(self, positions: np.ndarray, data: list[list]) -> dict | None:
        found = {}
        for key, grid in (("display_value", self.tabular.display),
                          ("styling", self.tabular.styling)):
            if grid is not None:
                found[key] = [[None if v is None else str(v) for v in row]
                              for row in grid[positions].tolist()]
        columns = [list(column) for column in zip(*data)] if data else []
        found.update(rich_metadata(columns, self.types, line_breaks=self.line_breaks))
        return found or None

    def first_value(self) -> dict:
        """The wire value of this table: headers, the first rows and the handle."""
        part = self.window(0, FIRST_WINDOW)
        return {"headers": list(self.headers), "data": part["data"],
                "metadata": part["metadata"],
                "window": {"id": self.handle, "rows": len(self.frame),
                           "columns": self.frame.shape[1]}}

    def snapshot(self) -> Tabular:
        """A copy of the table as it is now (edits included), for a function."""
        with self.lock:
            return Tabular(self.frame.copy(), list(self.headers))

    # -- editing --------------------------------------------------------------------------
    def set_cell(self, row: int, column: int, value):
        """Store an edit; returns the previous value (JSON)."""
        with self.lock:
            self._check(row, column)
            frame = self.frame
            previous = jsonable_columns(frame.iloc[[row], [column]])[0][0]
            try:
                frame.iat[row, column] = value
            except (TypeError, ValueError):
                frame[column] = frame[column].astype(object)
                frame.iat[row, column] = value
            for grid in (self.tabular.display, self.tabular.styling):
                if grid is not None:
                    grid[row, column] = None if grid is self.tabular.display else ""
            self._view = None
            self._texts.pop(column, None)
            return previous

    def add_row(self, values: list) -> int:
        with self.lock:
            frame = self.frame
            row = pd.DataFrame([values], columns=frame.columns)
            self.tabular.frame = pd.concat([frame, row.astype(object) if frame.empty else row],
                                           ignore_index=True)
            self._grow_grids()
            self._view = None
            self._texts.clear()
            return len(self.tabular.frame) - 1

    def delete_row(self, row: int) -> None:
        with self.lock:
            self._check(row, 0 if self.frame.shape[1] else None)
            self.tabular.frame = self.frame.drop(index=row).reset_index(drop=True)
            for name in ("display", "styling"):
                grid = getattr(self.tabular, name)
                if grid is not None:
                    setattr(self.tabular, name, np.delete(grid, row, axis=0))
            self._view = None
            self._texts.clear()

    def add_column(self, header: str, empty) -> int:
        with self.lock:
            column = self.frame.shape[1]
            self.frame[column] = empty
            self.tabular.headers.append(header)
            self.types.append("str")
            for name in ("display", "styling"):
                grid = getattr(self.tabular, name)
                if grid is not None:
                    setattr(self.tabular, name, np.concatenate(
                        [grid, np.full((grid.shape[0], 1), None, dtype=object)], axis=1))
            self._view = None
            self._texts.clear()
            return column

    def delete_column(self, column: int) -> None:
        with self.lock:
            self._check(0 if len(self.frame) else None, column)
            frame = self.frame.drop(columns=column)
            frame.columns = range(frame.shape[1])
            self.tabular.frame = frame
            del self.tabular.headers[column]
            if column < len(self.types):
                del self.types[column]
            for name in ("display", "styling"):
                grid = getattr(self.tabular, name)
                if grid is not None:
                    setattr(self.tabular, name, np.delete(grid, column, axis=1))
            self._view = None
            self._texts.clear()

    def _grow_grids(self) -> None:
        for name in ("display", "styling"):
            grid = getattr(self.tabular, name)
            if grid is not None:
                extra = np.full((1, grid.shape[1]), None, dtype=object)
                setattr(self.tabular, name, np.concatenate([grid, extra], axis=0))

    def _check(self, row, column) -> None:
        rows, columns = self.frame.shape
        if row is not None and not 0 <= row < rows:
            raise IndexError(f"Row {row} is outside the table (0 to {rows - 1}).")
        if column is not None and not 0 <= column < columns:
            raise IndexError(f"Column {column} is outside the table (0 to {columns - 1}).")


def _budget() -> int:
    text = os.environ.get("BLOCKS_DATAFRAME_MEMORY", "512")
    try:
        megabytes = float(text)
    except ValueError:
        logger.warning("BLOCKS_DATAFRAME_MEMORY=%r is not a number of megabytes; using 512",
                       text)
        megabytes = 512
    return int(megabytes * 1024 * 1024)


class TableStore:
    """The tables of every session of this process, within a memory budget (bytes)."""

    def __init__(self, budget: int | None = None):
        self.budget = _budget() if budget is None else int(budget)
        self._lock = threading.Lock()
        self._tables: OrderedDict[tuple[str, str], Table] = OrderedDict()  # LRU first
        self._current: dict[tuple[str, int], str] = {}  # (session, component id) -> handle
        self._owner: dict[tuple[str, str], object] = {}  # (session, handle) -> component
        self.used = 0

    def put(self, session: str, component, table: Table) -> bool:
        """Keep ``table`` for ``component`` of ``session`` (replacing its previous one).

        ``False`` when it alone is over a session's share of the budget: then
        it is not kept and the value must travel whole.
        """
        if table.nbytes > self.budget // 4:
            return False
        with self._lock:
            old = self._current.pop((session, component._id), None)
            if old is not None:
                self._remove((session, old))
            key = (session, table.handle)
            self._tables[key] = table
            self._current[(session, component._id)] = table.handle
            self._owner[key] = component
            self.used += table.nbytes
            self._evict(session)
        return True

    def get(self, session: str, handle: str) -> Table | None:
        with self._lock:
            table = self._tables.get((session, handle))
            if table is not None:
                self._tables.move_to_end((session, handle))
            return table

    def owner(self, session: str, handle: str):
        """The component a table was sent to."""
        return self._owner.get((session, handle))

    def current(self, session: str, component) -> Table | None:
        """The table ``component`` shows in ``session`` now, if the store holds it."""
        handle = self._current.get((session, component._id))
        return None if handle is None else self.get(session, handle)

    def resize(self, table: Table) -> None:
        """Count a table's new size after edits."""
        with self._lock:
            size = table._measure()
            self.used += size - table.nbytes
            table.nbytes = size

    def drop_session(self, session: str) -> int:
        """Forget every table of ``session``; how many there were."""
        with self._lock:
            keys = [key for key in self._tables if key[0] == session]
            for key in keys:
                self._remove(key)
            return len(keys)

    def sessions(self) -> set[str]:
        return {key[0] for key in self._tables}

    def __len__(self) -> int:
        return len(self._tables)

    def _remove(self, key) -> None:
        table = self._tables.pop(key, None)
        if table is None:
            return
        self.used -= table.nbytes
        component = self._owner.pop(key, None)
        current = (key[0], getattr(component, "_id", None))
        if self._current.get(current) == key[1]:
            del self._current[current]

    def _evict(self, session: str) -> None:
        share = self.budget // 4
        mine = sum(t.nbytes for (s, _), t in self._tables.items() if s == session)
        for key in [k for k in self._tables if k[0] == session]:
            if mine <= share:
                break
            mine -= self._tables[key].nbytes
            self._remove(key)
        while self.used > self.budget and self._tables:
            self._remove(next(iter(self._tables)))


store = TableStore()
