"""``gr.Dataframe`` (also ``gr.DataFrame``): a table the user reads, sorts, searches and edits.

The wire value is Gradio's: ``{"headers": [...], "data": [[...], ...],
"metadata": {...} | None}``; ``metadata`` carries a pandas ``Styler``'s
``display_value`` and ``styling`` per cell, and the server-rendered HTML of
markdown/html cells and the images of image cells.

A table of more than :data:`~blocks_dataframe.tables.WINDOW_ROWS` rows that a
function sends to a page travels in windows: the value holds the first rows
and ``"window": {"id", "rows", "columns"}``; the table stays on the server
(:mod:`blocks_dataframe.tables`) and the page reads the rest, sorted and
filtered there, through :mod:`blocks_dataframe.routes`. Sent back as an input,
such a value is ``{"headers", "data": [], "window": {"id"}}`` and the function
receives the server's table with the page's edits.
"""

from __future__ import annotations

import warnings
from typing import Any, ClassVar, Sequence

from marshmallow import ValidationError, fields

from blocks.components import Component
from blocks.context import page_session
from blocks.events import CHANGE, INPUT, SELECT, EventSpec
from blocks.exceptions import BlocksWarning
from blocks_dataframe.cells import DATATYPES, EMPTY, column_types

__all__ = ["Dataframe", "EDIT"]

TYPES = ("pandas", "numpy", "array", "polars")
SEARCH = ("none", "search", "filter")
BUTTONS = ("fullscreen", "copy")
EDIT = EventSpec("edit", "Triggered when the user edits a cell (gr.EditData: index [row, "
                         "column], value, previous_value).")
MAX_CELL_TEXT = 100_000  # characters a cell sent by the page may hold
PLAIN_ROWS = 1000  # lists of lists up to this many rows are sent as they are (no pandas)


def _limits(name: str, limits) -> list | None:
    if limits is None:
        return None
    if not (isinstance(limits, (list, tuple)) and len(limits) == 2 and
            all(x is None or (isinstance(x, int) and x >= 0) for x in limits)):
        raise ValueError(f"Dataframe {name} must be (minimum, maximum), each a count or None; "
                         f"got {limits!r}.")
    low, high = limits
    if low is not None and high is not None and low > high:
        raise ValueError(f"Dataframe {name}: the minimum {low} is above the maximum {high}.")
    return list(limits)


def _count(name: str, count, limits_name: str):
    """Gradio 5's ``(n, "fixed" | "dynamic")`` as a count and limits."""
    if isinstance(count, (tuple, list)):
        if len(count) != 2 or count[1] not in ("fixed", "dynamic") or \
                not isinstance(count[0], int):
            raise ValueError(f"Dataframe {name} must be a count or (count, 'fixed'|'dynamic'); "
                             f"got {count!r}.")
        return count[0], ([count[0], count[0]] if count[1] == "fixed" else None)
    if count is not None and (not isinstance(count, int) or count < 0):
        raise ValueError(f"Dataframe {name} must be a count of at least 0; got {count!r}.")
    return count, None


def _cell_is_scalar(value) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


class Dataframe(Component):
    """A table: shown, sorted, searched and filtered; edited by the user when interactive.

    The function receives it as ``type`` says: a pandas ``DataFrame`` (default), a numpy
    array, a list of lists (``"array"``) or a polars ``DataFrame``. It may return any of
    these, a pandas ``Styler`` (its colours and number formats are shown), a
    ``{"headers", "data"}`` dict or a CSV path. Tables of more than 1,000 rows that a
    function sends to a page travel in windows: the server keeps them for the page, which
    fetches the rows it scrolls to; sorting, search and filters run on the server.

    Args:
        value: the table shown first.
        headers: the column names, for values that have none (lists, arrays).
        type: what the function receives: ``"pandas"``, ``"numpy"``, ``"array"`` (a list of
            lists) or ``"polars"``.
        row_count: how many empty rows to show when there is no value; Gradio 5's
            ``(count, "fixed")`` also sets ``row_limits`` to ``(count, count)``.
        row_limits: ``(minimum, maximum)`` rows the user may leave by adding and deleting
            rows; ``None`` for no bound.
        column_count: how many columns to show when there is no value (and no headers);
            ``(count, "fixed")`` as for ``row_count``.
        col_count: Gradio 5's name of ``column_count``.
        column_limits: ``(minimum, maximum)`` columns the user may leave.
        datatype: the kind of each column (one string for all): ``"str"``, ``"number"``,
            ``"bool"`` (a checkbox), ``"date"``, ``"markdown"``, ``"html"`` (rendered and
            sanitised), ``"image"`` (a URL or file path shown as an image) or ``"auto"``
            (from the value's dtypes).
        max_height: the height past which the table scrolls (pixels or any CSS length).
        wrap: wrap long cell text instead of cutting it.
        line_breaks: a single newline breaks the line in markdown cells.
        column_widths: the width of each column (``"120px"``, ``"20%"``, a number of pixels,
            ``"auto"``).
        buttons: corner buttons to show: ``"copy"`` (the table as tab-separated text) and
            ``"fullscreen"``; ``None`` shows both.
        show_row_numbers: show each row's number in a first column.
        max_chars: cut cell text longer than this (the whole text shows while editing).
        show_search: ``"search"`` shows a search box, ``"filter"`` adds column filters,
            ``"none"`` neither.
        pinned_columns: how many columns, from the left, stay in place while the table
            scrolls sideways.
        static_columns: the positions of columns the user may not edit; columns can then
            be neither added nor deleted.
        show_copy_button: Gradio 5's way to ask for the ``"copy"`` button.
        show_fullscreen_button: Gradio 5's way to ask for the ``"fullscreen"`` button.
    """

    name = "dataframe"
    JS_MODULE = "dataframe.js"
    ALIASES = ("DataFrame",)
    EVENTS = (CHANGE, INPUT, SELECT, EDIT)
    SERVER_PARAMS = frozenset({"type", "col_count", "show_copy_button",
                               "show_fullscreen_button"})
    GRADIO_ONLY: ClassVar = {"latex_delimiters": "LaTeX in markdown cells is shown as typed"}

    def __init__(self, value: Any = None, *, headers: Sequence[str] | None = None,
                 row_count: int | None = None, row_limits: Sequence | None = None,
                 col_count=None, column_count: int | None = None,
                 column_limits: Sequence | None = None, datatype: str | Sequence[str] = "str",
                 type: str = "pandas", max_height: int | str = 500, wrap: bool = False,
                 line_breaks: bool = True, column_widths: Sequence[str | int] | None = None,
                 buttons: Sequence[str] | None = None, show_row_numbers: bool = False,
                 max_chars: int | None = None, show_search: str = "none",
                 pinned_columns: int | None = None, static_columns: Sequence[int] | None = None,
                 show_copy_button: bool | None = None, show_fullscreen_button: bool | None = None,
                 **kwargs):
        if type not in TYPES:
            raise ValueError(f"Dataframe type must be one of {', '.join(map(repr, TYPES))}, "
                             f"not {type!r}.")
        if type == "polars":
            from blocks_dataframe.convert import polars_available
            if not polars_available():
                raise ImportError("Dataframe(type='polars') needs polars: pip install polars "
                                  "(or blocks-dataframe[polars]).")
        self.type = type
        if col_count is not None:  # Gradio 5's name
            if column_count is not None:
                raise ValueError("Give column_count, not both column_count and col_count.")
            column_count = col_count
        self.row_count, fixed_rows = _count("row_count", row_count, "row_limits")
        self.column_count, fixed_columns = _count("column_count", column_count,
                                                  "column_limits")
        self.row_limits = _limits("row_limits", row_limits) or fixed_rows
        self.column_limits = _limits("column_limits", column_limits) or fixed_columns
        if headers is not None:
            self.headers = [str(h) for h in headers]
            if self.column_count is not None and len(self.headers) != self.column_count:
                raise ValueError(f"Dataframe has {len(self.headers)} headers but column_count "
                                 f"is {self.column_count}.")
        if show_search not in SEARCH:
            raise ValueError(f"Dataframe show_search must be one of {', '.join(SEARCH)}; "
                             f"got {show_search!r}.")
        if buttons is not None:
            unknown = [b for b in buttons if b not in BUTTONS]
            if unknown:
                raise ValueError(f"Dataframe buttons are among {', '.join(BUTTONS)}; got "
                                 f"{', '.join(map(repr, unknown))}.")
            self.buttons = list(buttons)
        if show_copy_button is not None or show_fullscreen_button is not None:  # Gradio 5
            chosen = set(self.buttons if buttons is not None else ())
            if show_copy_button:
                chosen.add("copy")
            if show_fullscreen_button:
                chosen.add("fullscreen")
            self.buttons = [b for b in BUTTONS if b in chosen]
        if max_chars is not None and (not isinstance(max_chars, int) or max_chars < 1):
            raise ValueError(f"Dataframe max_chars must be a positive count; got {max_chars!r}.")
        if pinned_columns is not None and (not isinstance(pinned_columns, int)
                                           or pinned_columns < 0):
            raise ValueError("Dataframe pinned_columns must be a count of columns.")
        self.static_columns = [int(c) for c in static_columns or []]
        self.column_widths = [w if isinstance(w, str) else f"{w}px" for w in column_widths] \
            if column_widths else None
        if datatype == "auto":
            self.datatype = _auto_datatype(value)
        else:
            self._check_datatype(datatype)
        super().__init__(value, **kwargs)

    @staticmethod
    def _check_datatype(datatype) -> None:
        kinds = [datatype] if isinstance(datatype, str) else list(datatype)
        unknown = [kind for kind in kinds if kind not in DATATYPES]
        if unknown:
            raise ValueError(f"Dataframe datatypes are among {', '.join(DATATYPES)} (or "
                             f"'auto'); got {', '.join(map(repr, unknown))}.")

    # -- the value on the wire ------------------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.Dict(keys=fields.String(), allow_none=True, validate=_check_shape)

    def _default_headers(self) -> list[str]:
        if getattr(self, "headers", None):
            return list(self.headers)
        return [str(i) for i in range(1, (self.column_count or 3) + 1)]

    def validate(self, value: dict) -> None:
        if "window" in value:
            if self._held_table(value) is None:
                raise ValueError("This table is no longer held by the server; run the event "
                                 "that showed it again.")
            return
        data = value.get("data") or []
        headers = value.get("headers") or []
        rows, columns = len(data), len(headers)
        for low, high, count, what in ((*(self.row_limits or (None, None)), rows, "rows"),
                                       (*(self.column_limits or (None, None)), columns,
                                        "columns")):
            if low is not None and count < low:
                raise ValueError(f"The table needs at least {low} {what}; it has {count}.")
            if high is not None and count > high:
                raise ValueError(f"The table takes at most {high} {what}; it has {count}.")
        types = column_types(self.datatype, columns)
        for r, row in enumerate(data):
            for c, cell in enumerate(row):
                if isinstance(cell, str) and len(cell) > MAX_CELL_TEXT:
                    raise ValueError(f"Cell ({r}, {c}) holds more than {MAX_CELL_TEXT} "
                                     "characters.")
                if types[c] == "number" and not _is_number(cell):
                    raise ValueError(f"Cell ({r}, {c}) of the number column {headers[c]!r} "
                                     f"holds {cell!r}, which is not a number.")
                if types[c] == "bool" and cell is not None and not isinstance(cell, bool):
                    raise ValueError(f"Cell ({r}, {c}) of the bool column {headers[c]!r} "
                                     f"holds {cell!r}, which is not true or false.")

    def _held_table(self, payload: dict):
        from blocks_dataframe.tables import store
        session = page_session.get()
        handle = payload["window"].get("id") if isinstance(payload.get("window"), dict) \
            else None
        if session is None or not isinstance(handle, str):
            return None
        table = store.get(session, handle)
        owner = store.owner(session, handle)
        if table is None or getattr(owner, "_id", None) != self._id:
            return None
        return table

    def preprocess(self, payload: dict | None):
        """The table as ``type`` says (a pandas DataFrame by default)."""
        from blocks_dataframe.convert import from_wire, to_type
        if payload is None:
            return None
        if "window" in payload:
            table = self._held_table(payload)
            if table is None:
                raise ValueError("This table is no longer held by the server; run the event "
                                 "that showed it again.")
            return to_type(table.snapshot(), self.type)
        return to_type(from_wire(payload), self.type)

    def postprocess(self, value: Any) -> dict | None:
        """Any table value as ``{"headers", "data", "metadata"}`` (or a window of it)."""
        if value is None:
            headers = self._default_headers()
            types = column_types(self.datatype, len(headers))
            rows = self.row_count if self.row_count is not None else 1
            return {"headers": headers, "data": [[EMPTY.get(t, "") for t in types]
                                                 for _ in range(rows)], "metadata": None}
        if self._is_wire(value):
            return value
        plain = self._plain(value)
        if plain is not None:
            return plain
        from blocks_dataframe.cells import rich_metadata  # pandas from here on
        from blocks_dataframe.convert import from_value, jsonable_columns
        from blocks_dataframe.tables import WINDOW_ROWS, Table, store
        table = from_value(value, self._default_headers())
        types = column_types(self.datatype, table.frame.shape[1])
        session = page_session.get()
        if session is not None and len(table.frame) > WINDOW_ROWS:
            held = Table(table, types, line_breaks=self.line_breaks)
            if store.put(session, self, held):
                return held.first_value()
            warnings.warn(f"A table of {held.nbytes >> 20} MB is over the share of one "
                          "session (BLOCKS_DATAFRAME_MEMORY); it is sent whole.",
                          BlocksWarning, stacklevel=2)
        data = jsonable_columns(table.frame)
        metadata = {}
        if table.display is not None:
            metadata["display_value"] = table.display.tolist()
        if table.styling is not None:
            metadata["styling"] = table.styling.tolist()
        columns = [_column_of(data, c) for c in range(table.frame.shape[1])]
        metadata.update(rich_metadata(columns, types, line_breaks=self.line_breaks,
                                      html_cells=False))
        return {"headers": table.headers, "data": data, "metadata": metadata or None}

    def _plain(self, value) -> dict | None:
        """A small list of lists (or ``{"headers", "data"}``) of JSON scalars, as it is:
        no pandas needed (a page's first config stays quick). ``None`` otherwise."""
        from blocks_dataframe.cells import rich_metadata
        if isinstance(value, dict):
            if set(value) - {"headers", "data", "metadata"} or value.get("metadata"):
                return None
            headers, rows = value.get("headers"), value.get("data")
        else:
            headers, rows = None, value
        if not isinstance(rows, list) or len(rows) > PLAIN_ROWS or \
                not all(isinstance(row, list) for row in rows):
            return None
        width = max((len(row) for row in rows), default=0)
        if not all(len(row) == width and all(_json_scalar(cell) for cell in row)
                   for row in rows):
            return None
        headers = [str(h) for h in headers] if isinstance(headers, list) else \
            self._default_headers()
        headers = (headers[:width] + [str(i) for i in range(len(headers) + 1, width + 1)]) \
            if rows else headers
        types = column_types(self.datatype, width)
        columns = [[row[c] for row in rows] for c in range(width)]
        metadata = rich_metadata(columns, types, line_breaks=self.line_breaks, html_cells=False)
        return {"headers": headers, "data": [list(row) for row in rows],
                "metadata": metadata or None}

    def get_props(self) -> dict:
        props = super().get_props()
        if props.get("value") is None and self.load_fn is None:
            props["value"] = self.postprocess(None)  # empty cells to type into, as in Gradio
        return props

    @staticmethod
    def _is_wire(value) -> bool:
        return isinstance(value, dict) and "window" in value and "headers" in value

    # -- API page ---------------------------------------------------------------------
    def example_value(self) -> dict:
        return {"headers": ["a", "b"], "data": [["foo", "bar"]]}

    def api_info(self) -> dict:
        return {"type": {"type": "object", "title": "DataframeData",
                         "properties": {"headers": {"type": "array",
                                                    "items": {"type": "string"}},
                                        "data": {"type": "array",
                                                 "items": {"type": "array"}},
                                        "metadata": {"type": ["object", "null"]}},
                         "required": ["headers", "data"]},
                "description": "a table: column headers and rows of cells"}


def _column_of(data: list[list], column: int) -> list:
    return [row[column] for row in data]


def _json_scalar(cell) -> bool:
    if isinstance(cell, float):
        return cell == cell and cell not in (float("inf"), float("-inf"))
    return cell is None or isinstance(cell, (str, int, bool))


def _is_number(cell) -> bool:
    if cell is None or cell == "":
        return True
    if isinstance(cell, bool):
        return False
    if isinstance(cell, (int, float)):
        return True
    if isinstance(cell, str):
        try:
            float(cell)
        except ValueError:
            return False
        return True
    return False


def _check_shape(value) -> None:
    """The wire value's shape: headers of text, rows of scalars as wide as the headers."""
    if value is None:
        return
    headers = value.get("headers")
    if headers is None or not isinstance(headers, list) or \
            not all(isinstance(h, (str, int, float)) for h in headers):
        raise ValidationError("A Dataframe value needs 'headers', a list of column names.")
    if "window" in value:
        if not isinstance(value["window"], dict) or not isinstance(value["window"].get("id"),
                                                                   str):
            raise ValidationError("'window' must be {'id': <the handle the server sent>}.")
        return
    data = value.get("data")
    if not isinstance(data, list):
        raise ValidationError("A Dataframe value needs 'data', a list of rows.")
    for index, row in enumerate(data):
        if not isinstance(row, list) or len(row) != len(headers):
            raise ValidationError(f"Row {index} must be a list of {len(headers)} cells.")
        if not all(_cell_is_scalar(cell) for cell in row):
            raise ValidationError(f"Row {index} holds something other than text, numbers, "
                                  "true/false or null.")
    metadata = value.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise ValidationError("'metadata' must be an object or null.")


def _auto_datatype(value) -> list[str] | str:
    """Column datatypes from a value's dtypes (``datatype="auto"``)."""
    if value is None or callable(value):
        return "str"
    from blocks_dataframe.convert import from_value
    try:
        frame = from_value(value, []).frame
    except (TypeError, ValueError):
        return "str"
    kinds = []
    for column in range(frame.shape[1]):
        kind = frame.dtypes.iloc[column].kind
        kinds.append({"i": "number", "u": "number", "f": "number", "b": "bool",
                      "M": "date", "m": "date"}.get(kind, "str"))
    return kinds
