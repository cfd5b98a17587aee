"""LinePlot, ScatterPlot, BarPlot: their arguments, and DataFrames to the wire and back."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

import blocks as gr
from blocks.exceptions import BlocksWarning
from blocks.processing import postprocess_one
from blocks_plots.frames import time_limit, to_wire

# Gradio 6.31's keyword arguments of its native plots (gradio/components/native_plot.py)
GRADIO_NATIVE_PLOT = [
    "value", "x", "y", "color", "title", "x_title", "y_title", "color_title", "x_bin",
    "y_aggregate", "color_map", "colors_in_legend", "x_lim", "y_lim", "x_label_angle",
    "y_label_angle", "x_axis_format", "y_axis_format", "x_axis_labels_visible", "caption",
    "sort", "tooltip", "height", "label", "show_label", "container", "scale", "min_width",
    "every", "inputs", "visible", "elem_id", "elem_classes", "render", "buttons", "key",
    "preserved_by_key"]

PLOTS = [gr.LinePlot, gr.ScatterPlot, gr.BarPlot]


@pytest.fixture
def frame():
    return pd.DataFrame({
        "weight": [120, 150, 180],
        "height": [52.5, float("nan"), 61.0],
        "ethnicity": ["white", "asian", None],
        "flag": [True, False, True],
    })


@pytest.mark.parametrize("cls", PLOTS)
def test_every_gradio_argument_is_implemented(cls):
    assert set(GRADIO_NATIVE_PLOT) <= cls._accepted
    assert not cls.gradio_only().keys() & set(GRADIO_NATIVE_PLOT)


@pytest.mark.parametrize(("cls", "mark", "name"), [(gr.LinePlot, "line", "lineplot"),
                                                    (gr.ScatterPlot, "point", "scatterplot"),
                                                    (gr.BarPlot, "bar", "barplot")])
def test_the_wire_value_is_gradios_plot_data(cls, mark, name, frame):
    plot = cls(frame, x="weight", y="height", render=False)
    assert plot.name == name
    assert plot.value == {
        "columns": ["weight", "height", "ethnicity", "flag"],
        "data": [[120, 52.5, "white", "True"], [150, None, "asian", "False"],
                 [180, 61.0, None, "True"]],
        "datatypes": {"weight": "quantitative", "height": "quantitative",
                      "ethnicity": "nominal", "flag": "nominal"},
        "mark": mark,
    }
    json.dumps(plot.get_props())  # the config is JSON


def test_times_travel_as_milliseconds_naive_ones_in_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "Europe/Paris")
    frame = pd.DataFrame({
        "naive": [datetime(2024, 1, 1, 12, 0), None],
        "aware": [datetime(2024, 1, 1, 12, 0, tzinfo=UTC), None],
        "day": [date(2024, 7, 1), date(2024, 7, 2)],
        "period": pd.period_range("2024-01", periods=2, freq="M"),
        "delay": [timedelta(minutes=1), timedelta(seconds=30)],
        "y": [1, 2],
    })
    wire = to_wire(frame, "line", needed=["naive", "y"], owner="LinePlot")
    types = wire["datatypes"]
    assert types == {"naive": "temporal", "aware": "temporal", "day": "temporal",
                     "period": "temporal", "delay": "quantitative", "y": "quantitative"}
    noon_utc = int(datetime(2024, 1, 1, 12, tzinfo=UTC).timestamp() * 1000)
    naive, aware, day, _, delay, _ = zip(*wire["data"])
    assert aware == (noon_utc, None)
    assert naive == (noon_utc - 3600_000, None)  # Paris is UTC+1 in January
    assert day[0] == int(datetime(2024, 6, 30, 22, tzinfo=UTC).timestamp() * 1000)
    assert delay == (60.0, 30.0)


def test_numbers_are_json_numbers_and_gaps_are_null():
    frame = pd.DataFrame({"x": np.arange(3, dtype=np.int64),
                          "y": np.array([1.5, np.inf, np.nan]),
                          "n": pd.array([1, None, 3], dtype="Int64")})
    wire = to_wire(frame, "point", needed=["x", "y"], owner="ScatterPlot")
    assert wire["data"] == [[0, 1.5, 1], [1, None, None], [2, None, 3]]
    assert all(type(row[0]) is int for row in wire["data"])


def test_a_column_in_the_index_is_found_and_a_missing_one_is_named():
    frame = pd.DataFrame({"price": [3, 4]}, index=pd.Index([1, 2], name="day"))
    wire = gr.LinePlot(x="day", y="price", render=False).postprocess(frame)
    assert wire["columns"] == ["day", "price"]
    with pytest.raises(ValueError, match=r"LinePlot: no column 'cost'.*'day', 'price'"):
        gr.LinePlot(frame.reset_index(), x="day", y="cost", render=False)
    with pytest.raises(TypeError, match="LinePlot shows a pandas DataFrame"):
        gr.LinePlot([[1, 2]], render=False)


def test_preprocess_gives_back_a_dataframe_with_utc_times():
    frame = pd.DataFrame({"t": pd.to_datetime(["2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"]),
                          "v": [1.0, 2.0], "c": ["a", "b"]})
    plot = gr.LinePlot(frame, x="t", y="v", render=False)
    back = plot.preprocess(json.loads(json.dumps(plot.value)))
    assert list(back.columns) == ["t", "v", "c"]
    assert str(back["t"].dt.tz) == "UTC"
    assert back["t"].iloc[1] == pd.Timestamp("2024-01-02", tz="UTC")
    assert plot.postprocess(back) == plot.value
    assert plot.preprocess(None) is None


@pytest.mark.parametrize("wire", [
    {"columns": "x", "data": [], "datatypes": {}},
    {"columns": ["x"], "data": [[1, 2]], "datatypes": {}},
    {"columns": ["x"], "data": [[1]], "datatypes": {"x": "colour"}},
    {"columns": ["x"], "data": [[1]], "datatypes": {"y": "nominal"}},
    {"columns": ["x"], "data": [[1]], "datatypes": {}, "mark": "pie"},
    [1, 2],
])
def test_validate_refuses_what_is_not_plot_data(wire):
    with pytest.raises(ValueError, match="LinePlot data"):
        gr.LinePlot(render=False).validate(wire)


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="x_bin"):
        gr.BarPlot(x_bin="10 minutes", render=False)
    with pytest.raises(ValueError, match="x_bin must be positive"):
        gr.BarPlot(x_bin=0, render=False)
    with pytest.raises(ValueError, match="y_aggregate must be one of"):
        gr.BarPlot(y_aggregate="average", render=False)
    with pytest.raises(ValueError, match="sort must be one of"):
        gr.BarPlot(sort="z", render=False)
    with pytest.raises(ValueError, match="tooltip must be one of"):
        gr.BarPlot(tooltip="some", render=False)
    with pytest.raises(ValueError, match=r"x_lim must be \[min, max\]"):
        gr.LinePlot(x_lim=5, render=False)
    with pytest.raises(ValueError, match=r"min 5\.0 is above max 1\.0"):
        gr.LinePlot(y_lim=[5, 1], render=False)
    with pytest.raises(ValueError, match="y_lim must hold numbers"):
        gr.LinePlot(y_lim=["a", 1], render=False)
    assert gr.BarPlot(x_bin=" 1h", render=False).x_bin == "1h"
    assert gr.BarPlot(sort=("b", "a"), render=False).sort == ["b", "a"]


def test_x_lim_takes_numbers_datetimes_and_iso_strings(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    noon = datetime(2024, 1, 1, 12, tzinfo=UTC)
    plot = gr.LinePlot(x_lim=[noon, "2024-01-01T13:00:00+00:00"], render=False)
    assert plot.x_lim == [noon.timestamp(), noon.timestamp() + 3600]
    assert gr.LinePlot(x_lim=(1, None), render=False).x_lim == [1.0, None]
    assert time_limit(pd.Timestamp(noon), "LinePlot", "x_lim") == noon.timestamp()
    assert time_limit(np.float32(2.5), "LinePlot", "x_lim") == 2.5
    with pytest.raises(ValueError, match="cannot read 'soon'"):
        time_limit("soon", "LinePlot", "x_lim")


def test_label_is_hidden_unless_given_like_gradio():
    assert gr.LinePlot(render=False).show_label is False
    assert gr.LinePlot(label="Prices", render=False).show_label is None
    assert gr.LinePlot(show_label=True, render=False).show_label is True


def test_buttons_keep_the_supported_ones_and_warn_about_others():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plot = gr.ScatterPlot(buttons=["export", "actions", "fullscreen"], render=False)
    assert plot.buttons == ["export", "fullscreen"]
    assert any(issubclass(w.category, BlocksWarning) and "actions" in str(w.message)
               for w in caught)


def test_an_update_carries_only_what_it_names(frame):
    plot = gr.LinePlot(frame, x="weight", y="height", render=False)
    assert postprocess_one(plot, gr.LinePlot(x_lim=(130, 170))) == \
        {"props": {"x_lim": [130.0, 170.0]}}
    update = postprocess_one(plot, gr.LinePlot(value=frame.head(1), x="weight", y="height"))
    assert update["value"]["data"] == [[120, 52.5, "white", "True"]]
    assert update["props"] == {"x": "weight", "y": "height"}
    assert postprocess_one(plot, frame.head(2))["value"]["data"][1][0] == 150


def test_a_function_value_is_computed_on_load(frame):
    plot = gr.BarPlot(lambda: frame, x="weight", y="height", render=False)
    assert plot.value is None and plot.load_fn is not None


def test_api_info_and_example():
    plot = gr.BarPlot(x="a", y="b", color="c", render=False)
    assert list(plot.example_value().columns) == ["a", "b", "c"]
    info = plot.api_info()
    assert info["type"]["title"] == "PlotData"
    assert info["type"]["required"] == ["columns", "data", "datatypes"]
