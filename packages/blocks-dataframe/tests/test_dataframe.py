"""gr.Dataframe without a server: values in and out, constraints, arguments."""

import warnings

import numpy as np
import pandas as pd
import pytest
from marshmallow import ValidationError

import blocks as gr
from blocks import files
from blocks.context import serving_page
from blocks.exceptions import BlocksWarning
from blocks.file_access import FileRule, checking
from blocks_dataframe.cells import render_html, rich_metadata
from blocks_dataframe.dataframe import Dataframe
from blocks_dataframe.tables import FIRST_WINDOW, WINDOW_ROWS, store


def wire(component, value):
    return component.postprocess(value)


def test_alias_and_registration():
    assert gr.Dataframe is Dataframe
    assert gr.DataFrame is Dataframe


def test_pandas_round_trip_keeps_headers_and_values():
    df = pd.DataFrame({"name": ["Ada", "Linus"], "score": [91.5, 78.0], "ok": [True, False]})
    table = gr.Dataframe()
    value = wire(table, df)
    assert value["headers"] == ["name", "score", "ok"]
    assert value["data"] == [["Ada", 91.5, True], ["Linus", 78.0, False]]
    assert value["metadata"] is None
    back = table.preprocess(value)
    assert isinstance(back, pd.DataFrame)
    assert list(back.columns) == ["name", "score", "ok"]
    assert back["score"].tolist() == [91.5, 78.0]


@pytest.mark.parametrize("kind, check", [
    ("numpy", lambda v: isinstance(v, np.ndarray) and v.shape == (2, 2)),
    ("array", lambda v: v == [[1, 2], [3, 4]]),
    ("pandas", lambda v: v.values.tolist() == [[1, 2], [3, 4]]),
])
def test_type_decides_what_the_function_receives(kind, check):
    table = gr.Dataframe(type=kind, headers=["a", "b"])
    assert check(table.preprocess({"headers": ["a", "b"], "data": [[1, 2], [3, 4]]}))


def test_polars_in_and_out():
    pl = pytest.importorskip("polars")
    table = gr.Dataframe(type="polars")
    value = wire(table, pl.DataFrame({"x": [1, 2], "y": ["a", "b"]}))
    assert value["headers"] == ["x", "y"] and value["data"] == [[1, "a"], [2, "b"]]
    back = table.preprocess(value)
    assert isinstance(back, pl.DataFrame) and back["y"].to_list() == ["a", "b"]


def test_numpy_lists_dicts_and_csv(tmp_path):
    table = gr.Dataframe(headers=["a", "b", "c"])
    assert wire(table, np.arange(6).reshape(2, 3))["data"] == [[0, 1, 2], [3, 4, 5]]
    assert wire(table, [[1, "x"]])["headers"] == ["a", "b"]
    assert wire(table, [1, 2])["data"] == [[1], [2]]
    assert wire(table, {"headers": ["p", "q"], "data": [[1, 2]]})["headers"] == ["p", "q"]
    path = tmp_path / "t.csv"
    path.write_text("u,v\n1,2\n")
    assert wire(table, str(path)) == {"headers": ["u", "v"], "data": [[1, 2]], "metadata": None}


def test_missing_values_dates_and_numpy_scalars_become_json():
    df = pd.DataFrame({"n": [1.0, np.nan, np.inf], "d": pd.to_datetime(["2024-01-02", None,
                                                                       "2024-03-04"]),
                       "o": [np.int64(3), None, "x"]})
    value = wire(gr.Dataframe(), df)
    assert value["data"] == [[1.0, "2024-01-02T00:00:00", 3], [None, None, None],
                             [None, "2024-03-04T00:00:00", "x"]]


def test_empty_value_uses_headers_row_count_and_datatypes():
    table = gr.Dataframe(headers=["a", "b"], datatype=["number", "bool"], row_count=2)
    assert wire(table, None) == {"headers": ["a", "b"], "data": [[None, False], [None, False]],
                                 "metadata": None}
    assert gr.Dataframe().postprocess(None)["headers"] == ["1", "2", "3"]


def test_styler_colours_and_formats_travel_as_metadata():
    pytest.importorskip("jinja2")
    df = pd.DataFrame({"a": [1.23456, 2.5], "b": [10, 20]})
    styler = df.style.format("{:.1f}", subset=["a"]).highlight_max(color="yellow")
    value = wire(gr.Dataframe(), styler)
    assert value["data"][0][0] == 1.23456  # the value itself is kept
    assert value["metadata"]["display_value"][0][0] == "1.2"
    assert "background-color: yellow" in value["metadata"]["styling"][1][0]
    assert value["metadata"]["styling"][0][0] == ""


def test_markdown_and_html_cells_are_rendered_and_sanitised():
    rows = [["**bold**", "<b>x</b><script>alert(1)</script>", "<i>plain</i>"]]
    html = rich_metadata([list(c) for c in zip(*rows)], ["markdown", "html", "str"])["html"]
    assert "<strong>bold</strong>" in html["0"][0]
    assert "<b>x</b>" in html["1"][0] and "script" not in html["1"][0]
    assert "2" not in html  # a str column is shown as text
    assert render_html("markdown", ["a\nb"], line_breaks=True)[0] == "<p>a<br>\nb</p>\n"
    # a table the page holds whole gets them rendered as they show (/dataframe/render)
    value = wire(gr.Dataframe(datatype=["markdown", "html", "str"]), rows)
    assert value["metadata"] is None


def test_image_cells_accept_urls_and_files(tmp_path):
    picture = tmp_path / "p.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    table = gr.Dataframe(datatype=["image"])
    value = wire(table, [["https://example.org/a.png"], [str(picture)], ["javascript:alert(1)"],
                         ["/etc/passwd"], [str(tmp_path / "missing.png")]])
    images = value["metadata"]["images"]["0"]
    assert images[0] == "https://example.org/a.png"
    assert files.is_file_data(images[1]) and images[1]["path"] != str(picture)
    assert images[2:] == [None, None, None]  # not a URL, not an image file: shown as text


def test_image_cells_follow_the_file_access_rule(tmp_path):
    hidden = tmp_path / ".private"
    hidden.mkdir()
    (hidden / "key.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "ok.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    table = gr.Dataframe(datatype=["image"])
    with checking(FileRule()):  # as while a job runs
        images = wire(table, [[str(hidden / "key.png")], [str(tmp_path / "ok.png")]])
    images = images["metadata"]["images"]["0"]
    assert images[0] is None and files.is_file_data(images[1])


def test_value_field_refuses_bad_shapes():
    field = Dataframe.value_field()
    for bad in ({"data": [[1]]}, {"headers": ["a"], "data": [[1, 2]]},
                {"headers": ["a"], "data": [[{"x": 1}]]}, {"headers": ["a"], "data": "rows"},
                {"headers": ["a"], "window": {"id": 3}}):
        with pytest.raises(ValidationError):
            field.deserialize(bad)
    assert field.deserialize({"headers": ["a"], "data": [[1]]})


def test_validate_checks_datatypes_and_limits():
    table = gr.Dataframe(headers=["n", "b"], datatype=["number", "bool"], row_limits=(1, 2))
    table.validate({"headers": ["n", "b"], "data": [[1, True], ["2.5", None]]})
    with pytest.raises(ValueError, match="not a number"):
        table.validate({"headers": ["n", "b"], "data": [["many", True]]})
    with pytest.raises(ValueError, match="not true or false"):
        table.validate({"headers": ["n", "b"], "data": [[1, "yes"]]})
    with pytest.raises(ValueError, match="at most 2 rows"):
        table.validate({"headers": ["n", "b"], "data": [[1, True]] * 3})
    with pytest.raises(ValueError, match="at least 1 rows"):
        table.validate({"headers": ["n", "b"], "data": []})


def test_gradio_5_counts_and_buttons_are_understood():
    table = gr.Dataframe(row_count=(3, "fixed"), col_count=(2, "fixed"), show_copy_button=True)
    assert table.row_limits == [3, 3] and table.column_limits == [2, 2]
    assert table.column_count == 2 and table.buttons == ["copy"]
    props = table.get_props()
    assert "show_copy_button" not in props and "type" not in props


@pytest.mark.parametrize("kwargs", [
    {"type": "excel"}, {"show_search": "always"}, {"buttons": ["download"]},
    {"datatype": ["str", "money"]}, {"row_limits": (3, 1)}, {"headers": ["a"], "column_count": 2},
    {"max_chars": 0}, {"pinned_columns": -1},
])
def test_bad_arguments_are_refused(kwargs):
    with pytest.raises(ValueError):
        gr.Dataframe(**kwargs)


def test_auto_datatype_follows_dtypes():
    df = pd.DataFrame({"s": ["a"], "i": [1], "f": [1.5], "b": [True],
                       "d": pd.to_datetime(["2024-01-01"])})
    assert gr.Dataframe(df, datatype="auto").datatype == ["str", "number", "number", "bool",
                                                         "date"]


def test_latex_delimiters_warns_once_named():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gr.Dataframe(latex_delimiters=[])
    assert any(issubclass(w.category, BlocksWarning) and "latex_delimiters" in str(w.message)
               for w in caught)


# -- large tables: windows kept for the page's session ---------------------------------------
def big(rows=WINDOW_ROWS + 500):
    return pd.DataFrame({"i": np.arange(rows), "word": [f"w{i % 7}" for i in range(rows)]})


def test_a_large_table_for_a_page_travels_in_windows():
    with gr.Blocks():
        table = gr.Dataframe()
    with serving_page("page-1"):
        value = table.postprocess(big())
        assert len(value["data"]) == FIRST_WINDOW
        assert value["window"]["rows"] == WINDOW_ROWS + 500
        held = store.get("page-1", value["window"]["id"])
        assert held is not None and store.owner("page-1", value["window"]["id"]) is table
        ref = {"headers": value["headers"], "data": [], "window": {"id": value["window"]["id"]}}
        table.validate(ref)
        received = table.preprocess(ref)
        assert len(received) == WINDOW_ROWS + 500 and received["i"].iloc[-1] == WINDOW_ROWS + 499
        received.iloc[0, 0] = -1  # the function's copy, not the held table
        assert held.frame.iat[0, 0] == 0
    with serving_page("page-2"), pytest.raises(ValueError, match="no longer held"):
        table.validate(ref)  # another session cannot use the handle
    with pytest.raises(ValueError, match="no longer held"):
        table.preprocess(ref)  # nor a program without a page session
    store.drop_session("page-1")
    assert store.get("page-1", value["window"]["id"]) is None


def test_without_a_page_session_a_large_table_is_sent_whole():
    value = gr.Dataframe().postprocess(big())
    assert len(value["data"]) == WINDOW_ROWS + 500 and "window" not in value


def test_a_new_value_replaces_the_components_previous_table():
    with gr.Blocks():
        table = gr.Dataframe()
    with serving_page("page-3"):
        first = table.postprocess(big())["window"]["id"]
        second = table.postprocess(big())["window"]["id"]
    assert store.get("page-3", first) is None and store.get("page-3", second) is not None
    store.drop_session("page-3")


def test_small_plain_tables_need_no_pandas():
    import subprocess
    import sys
    code = ("import sys, blocks as gr\n"
            "t = gr.Dataframe([[1, 'a', None], [2.5, 'b', True]], headers=['n', 's', 'x'])\n"
            "assert t.get_props()['value']['data'] == [[1, 'a', None], [2.5, 'b', True]]\n"
            "print('pandas' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
