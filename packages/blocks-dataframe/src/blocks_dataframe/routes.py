"""The routes through which a page reads and edits the large tables the server keeps for it.

Every request names its page's session in the ``X-Blocks-Session`` header (the
hash the websocket gave the page) and a table by the handle the server sent
(``value["window"]["id"]``). A table is found only among that session's, and
only while the session is alive in this app: a page cannot read another
session's table, nor name one the server did not make. Each route checks
every parameter and answers a bad one with a 4xx and a JSON ``error``;
cross-origin posts are refused by the core (``create_app``).

- ``POST /dataframe/window`` ``{"id", "start", "count", "sort", "search",
  "filters"}`` -> ``{"data", "index", "total", "metadata"}``: rows
  ``start .. start+count`` (at most 1,000) of the table as sorted and filtered;
  ``index`` is each row's position in the table.
- ``POST /dataframe/edit`` ``{"id", "op", ...}`` -> the change made:
  ``op`` is ``"set"`` (``row``, ``column``, ``value``), ``"add_row"``,
  ``"delete_row"`` (``row``), ``"add_column"`` (``header``) or
  ``"delete_column"`` (``column``); rows and columns are positions in the table.
- ``POST /dataframe/export`` ``{"id", "sort", "search", "filters"}`` -> the
  rows of the view as tab-separated text (the copy button).
- ``POST /dataframe/render`` ``{"kind": "markdown"|"html", "texts", "line_breaks"}``
  -> ``{"html": [...]}``: cells' text as sanitised HTML, for the markdown and
  html cells of tables the page holds whole (a pure function of its input:
  no session needed; at most 500 texts and 1 MB a request).

Sorting, search and exports of large tables run in a worker thread, so that
the server's loop keeps serving every other page meanwhile. pandas is imported
by the first request, not when the app is built.
"""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, current_app, jsonify, request

from blocks.file_access import checking
from blocks.server.pages import root_url
from blocks.server.state import app_state
from blocks.session import MAX_HASH_LENGTH
from blocks_dataframe.cells import EMPTY, column_types

__all__ = ["blueprint"]

blueprint = Blueprint("blocks_dataframe", __name__)
SESSION_HEADER = "X-Blocks-Session"
MAX_HANDLE = 64
EDITS = ("set", "add_row", "delete_row", "add_column", "delete_column")
MAX_WINDOW = 1000  # rows one request may ask for
MAX_CELL_TEXT = 100_000  # characters an edited cell may hold


class Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@blueprint.errorhandler(Refused)
def _refused(error: Refused):
    return jsonify(error=error.message, status=error.status), error.status


def _body() -> dict:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise Refused(400, "Send a JSON object.")
    return data


def _integer(data: dict, name: str, low: int, high: int | None = None) -> int:
    value = data.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < low or \
            (high is not None and value > high):
        bound = f" and {high}" if high is not None else ""
        raise Refused(400, f"'{name}' must be a whole number between {low}{bound}.")
    return value


def _table(data: dict):
    """The table the request names, among its session's; 404 when there is none."""
    session = request.headers.get(SESSION_HEADER, "")
    handle = data.get("id")
    if not session or len(session) > MAX_HASH_LENGTH:
        raise Refused(400, f"Name the page's session in the {SESSION_HEADER} header.")
    if not isinstance(handle, str) or not handle or len(handle) > MAX_HANDLE:
        raise Refused(400, "'id' must be the table handle the server sent.")
    from blocks_dataframe.tables import store
    state = app_state(current_app)
    table = store.get(session, handle) if state.store.get(session) is not None else None
    if table is None:
        raise Refused(404, "No such table for this page: the server no longer holds it. "
                           "Run the event that showed it again.")
    return state, session, handle, table


def _view(data: dict, table):
    from blocks_dataframe.view import check_view
    try:
        return check_view(data, table.frame.shape[1])
    except ValueError as error:
        raise Refused(400, str(error)) from error


@blueprint.post("/dataframe/window")
def window():
    from blocks_dataframe.tables import store
    data = _body()
    state, _, _, table = _table(data)
    start = _integer(data, "start", 0)
    count = _integer(data, "count", 1, MAX_WINDOW)
    view = _view(data, table)
    rule = state.files.rule  # image cells: only files the app may hand out

    def read():
        with checking(rule):
            return table.window(start, count, view)
    if view:
        cached = len(table._texts)
        part = state.runtime.run_in_thread(read)
        if len(table._texts) != cached:
            store.resize(table)  # the search text it keeps counts toward the budget
    else:
        part = read()
    state.files.expose(part["metadata"], root_url())  # image cells that are files
    return jsonify(part)


MAX_RENDER = 500
MAX_RENDER_CHARS = 1_000_000


@blueprint.post("/dataframe/render")
def render():
    from blocks_dataframe.cells import render_html
    data = _body()
    kind, texts = data.get("kind"), data.get("texts")
    if kind not in ("markdown", "html"):
        raise Refused(400, "'kind' must be 'markdown' or 'html'.")
    if not isinstance(texts, list) or len(texts) > MAX_RENDER or \
            not all(isinstance(t, str) for t in texts):
        raise Refused(400, f"'texts' must be a list of at most {MAX_RENDER} strings.")
    if sum(len(t) for t in texts) > MAX_RENDER_CHARS:
        raise Refused(413, f"At most {MAX_RENDER_CHARS} characters a request.")
    breaks = data.get("line_breaks", True)
    if not isinstance(breaks, bool):
        raise Refused(400, "'line_breaks' must be true or false.")
    state = app_state(current_app)
    html = state.runtime.run_in_thread(lambda: render_html(kind, texts, line_breaks=breaks))
    return jsonify(html=html)


@blueprint.post("/dataframe/export")
def export():
    data = _body()
    state, _, _, table = _table(data)
    view = _view(data, table)
    text = state.runtime.run_in_thread(_tsv, table, view)
    return Response(text, mimetype="text/tab-separated-values")


def _tsv(table, view) -> str:
    from blocks_dataframe.convert import jsonable_columns
    with table.lock:
        rows = table.rows_of(view)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="\t", lineterminator="\n")
        writer.writerow(table.headers)
        for start in range(0, len(rows), 10_000):
            writer.writerows(["" if v is None else v for v in row]
                             for row in jsonable_columns(table.frame, rows[start:start + 10_000]))
        return buffer.getvalue()


@blueprint.post("/dataframe/edit")
def edit():
    data = _body()
    from blocks_dataframe.tables import store
    state, session, handle, table = _table(data)
    component = store.owner(session, handle)
    op = data.get("op")
    if op not in EDITS:
        raise Refused(400, f"'op' must be one of {', '.join(EDITS)}.")
    _check_editable(state, component)
    rows, columns = table.frame.shape
    static = set(getattr(component, "static_columns", None) or [])
    if op == "set":
        row = _integer(data, "row", 0, rows - 1)
        column = _integer(data, "column", 0, columns - 1)
        if column in static:
            raise Refused(403, f"Column {column} may not be edited.")
        kind = column_types(table.types, columns)[column]
        if kind == "str" and table.frame.dtypes.iloc[column].kind in "iuf" and \
                isinstance(data.get("value"), str) and _numeric(data["value"]):
            kind = "number"  # a number typed into a column of numbers stays a number
        value = _cell_value(data.get("value"), kind)
        previous = table.set_cell(row, column, value)
        result = {"op": op, "row": row, "column": column, "value": value,
                  "previous_value": previous}
    elif op == "add_row":
        _check_limit(component, "row_limits", rows + 1, "rows")
        types = column_types(table.types, columns)
        row = table.add_row([EMPTY.get(kind, "") for kind in types])
        result = {"op": op, "row": row}
    elif op == "delete_row":
        row = _integer(data, "row", 0, rows - 1)
        _check_limit(component, "row_limits", rows - 1, "rows")
        table.delete_row(row)
        result = {"op": op, "row": row}
    elif op == "add_column":
        if static:
            raise Refused(403, "This table's columns are fixed.")
        header = data.get("header", str(columns + 1))
        if not isinstance(header, str) or len(header) > 200:
            raise Refused(400, "'header' must be text of at most 200 characters.")
        _check_limit(component, "column_limits", columns + 1, "columns")
        column = table.add_column(header, "")
        result = {"op": op, "column": column, "header": header}
    else:
        if static:
            raise Refused(403, "This table's columns are fixed.")
        column = _integer(data, "column", 0, columns - 1)
        _check_limit(component, "column_limits", columns - 1, "columns")
        table.delete_column(column)
        result = {"op": op, "column": column}
    store.resize(table)
    rows, columns = table.frame.shape
    result.update(rows=rows, columns=columns)
    return jsonify(result)


def _check_editable(state, component) -> None:
    interactive = getattr(component, "interactive", None)
    if interactive is None:
        inputs, outputs = state.blocks.interactive_ids()
        component_id = getattr(component, "_id", None)
        interactive = component_id in inputs or component_id not in outputs
    if not interactive:
        raise Refused(403, "This table is read-only.")


def _check_limit(component, name: str, count: int, what: str) -> None:
    low, high = getattr(component, name, None) or (None, None)
    if low is not None and count < low:
        raise Refused(403, f"The table needs at least {low} {what}.")
    if high is not None and count > high:
        raise Refused(403, f"The table takes at most {high} {what}.")


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _cell_value(value, kind: str):
    """An edited cell's value, as its column's datatype wants it."""
    if value is not None and not isinstance(value, (str, int, float, bool)):
        raise Refused(400, "'value' must be text, a number, true/false or null.")
    if isinstance(value, str) and len(value) > MAX_CELL_TEXT:
        raise Refused(400, f"'value' is longer than {MAX_CELL_TEXT} characters.")
    if kind == "number":
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise Refused(400, "This column holds numbers.")
        try:
            number = float(value)
        except ValueError as error:
            raise Refused(400, f"{value!r} is not a number.") from error
        return int(number) if number.is_integer() and not isinstance(value, float) and \
            "." not in str(value) else number
    if kind == "bool":
        if not isinstance(value, bool):
            raise Refused(400, "This column holds true or false.")
        return value
    return value
