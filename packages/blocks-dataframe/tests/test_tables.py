"""The table store, windows and server-side views, without a server."""

import numpy as np
import pandas as pd
import pytest

from blocks_dataframe.convert import Tabular, from_value, jsonable_columns
from blocks_dataframe.tables import Table, TableStore
from blocks_dataframe.view import View, check_view


class Owner:
    def __init__(self, number):
        self._id = number


def table_of(frame, types=None):
    tab = from_value(frame, [])
    return Table(tab, types or ["str"] * frame.shape[1])


@pytest.fixture
def people():
    return table_of(pd.DataFrame({"name": ["bob", "Ann", "cy", None, "dan"],
                                  "age": [30, 25, np.nan, 41, 25]}), ["str", "number"])


def test_window_gives_rows_positions_and_total(people):
    part = people.window(1, 2)
    assert part == {"data": [["Ann", 25.0], ["cy", None]], "index": [1, 2], "total": 5,
                    "metadata": None}


def test_sort_puts_empty_cells_last_and_is_stable(people):
    view = check_view({"sort": [[1, "asc"]]}, 2)
    assert people.rows_of(view).tolist() == [1, 4, 0, 3, 2]
    view = check_view({"sort": [[1, "desc"], [0, "asc"]]}, 2)
    assert people.rows_of(view).tolist() == [3, 0, 1, 4, 2]
    view = check_view({"sort": [[0, "asc"]]}, 2)
    assert people.rows_of(view).tolist() == [1, 0, 2, 4, 3]  # text ignores case


def test_search_and_filters(people):
    assert people.rows_of(View(search="AN")).tolist() == [1, 4]
    assert people.rows_of(View(search="ann 25")).tolist() == [1]
    older = View(filters=[{"column": 1, "op": ">", "value": "26"}])
    assert people.rows_of(older).tolist() == [0, 3]
    assert people.rows_of(View(filters=[{"column": 0, "op": "is empty"}])).tolist() == [3]
    assert people.rows_of(View(filters=[{"column": 0, "op": "starts with", "value": "d"}])
                          ).tolist() == [4]


@pytest.mark.parametrize("data", [
    {"sort": [[5, "asc"]]}, {"sort": [[0, "up"]]}, {"sort": "name"}, {"search": "x" * 201},
    {"filters": [{"column": 0, "op": "like", "value": "a"}]},
    {"filters": [{"column": True, "op": "is", "value": "a"}]},
])
def test_bad_views_are_refused(data):
    with pytest.raises(ValueError):
        check_view(data, 2)


def test_edits_change_the_table_and_forget_the_view(people):
    view = View(sort=[[1, "asc"]])
    people.rows_of(view)
    assert people.set_cell(2, 1, 20) is None
    assert people.rows_of(view).tolist()[0] == 2
    assert people.add_row(["eve", 50]) == 5
    people.delete_row(0)
    assert [row[0] for row in jsonable_columns(people.frame)] == ["Ann", "cy", None, "dan", "eve"]
    people.add_column("city", "")
    assert people.headers == ["name", "age", "city"]
    people.delete_column(0)
    assert people.headers == ["age", "city"] and people.frame.shape == (5, 2)
    with pytest.raises(IndexError):
        people.set_cell(9, 0, 1)


def test_styler_strings_follow_the_rows():
    pytest.importorskip("jinja2")
    df = pd.DataFrame({"x": [3.14159, 2.71828]})
    table = Table(from_value(df.style.format("{:.2f}"), []), ["number"])
    assert table.window(0, 2, View(sort=[[0, "asc"]]))["metadata"]["display_value"] == \
        [["2.72"], ["3.14"]]
    assert table.rows_of(View(search="3.14")).tolist() == [0]  # search sees the shown text


def test_store_keeps_within_the_budget_and_per_session_share():
    frame = pd.DataFrame({"a": np.arange(10_000)})
    size = table_of(frame).nbytes
    store = TableStore(budget=size * 8)  # a session may hold 2
    tables = []
    for n in range(3):
        table = table_of(frame)
        assert store.put("s1", Owner(n), table)
        tables.append(table)
    assert store.get("s1", tables[0].handle) is None  # over the session's share: oldest goes
    assert store.get("s1", tables[2].handle) is tables[2]
    for n in range(4):
        assert store.put(f"other{n}", Owner(0), table_of(frame))
    assert store.used <= store.budget
    assert not store.put("s2", Owner(1), table_of(pd.DataFrame({"a": np.arange(100_000)})))


def test_store_handles_are_per_session():
    store = TableStore(budget=1 << 30)
    table = table_of(pd.DataFrame({"a": [1]}))
    store.put("alice", Owner(1), table)
    assert store.get("mallory", table.handle) is None
    assert store.drop_session("alice") == 1 and len(store) == 0


def test_tabular_positions_even_with_duplicate_headers():
    tab = from_value(pd.DataFrame([[1, 2]], columns=["a", "a"]), [])
    assert isinstance(tab, Tabular) and tab.headers == ["a", "a"]
    assert list(tab.frame.columns) == [0, 1]
