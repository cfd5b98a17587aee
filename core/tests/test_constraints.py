"""Component constraints hold on the server: a value outside them never reaches the function.

Frames are sent over the real websocket, as a hostile client would send them,
bypassing whatever the page's inputs allow.
"""

import json

import pytest
import websocket

import blocks as gr
from blocks.processing import ValidationFailed, check_constraints

CALLS = []


def record(*values):
    CALLS.append(values)
    return "ran"


def constrained_app():
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name", max_length=5)
        age = gr.Number(label="Age", minimum=0, maximum=120)
        level = gr.Slider(0, 10, step=2, label="Level")
        size = gr.Radio(["S", "M", "L"], label="Size")
        flavour = gr.Dropdown(["vanilla", "mint"], label="Flavour")
        free = gr.Dropdown(["red", "blue"], allow_custom_value=True, label="Colour")
        tags = gr.Dropdown(["a", "b", "c"], multiselect=True, max_choices=2, label="Tags")
        out = gr.Textbox(label="Out")
        inputs = [name, age, level, size, flavour, free, tags]
        gr.Button("Go").click(record, inputs, out)
    return demo, inputs


GOOD = ["Ann", 30, 4, "M", "mint", "green", ["a", "c"]]


@pytest.fixture(scope="module")
def app_url():
    demo, inputs = constrained_app()
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    yield demo.local_url, [component._id for component in inputs]
    demo.close()


def run(url, data):
    ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws", timeout=10)
    try:
        assert json.loads(ws.recv())["type"] == "session"
        ws.send(json.dumps({"type": "event", "id": "job", "fn": 0, "data": data}))
        frames = []
        while True:
            frame = json.loads(ws.recv())
            frames.append(frame)
            if frame["type"] in ("done", "error"):
                return frames
    finally:
        ws.close()


def test_values_inside_the_constraints_run_the_function(app_url):
    url, _ = app_url
    CALLS.clear()
    frames = run(url, GOOD)
    assert frames[-1]["state"] == "completed"
    assert CALLS == [("Ann", 30, 4, "M", "mint", "green", ["a", "c"])]


@pytest.mark.parametrize("index, value, message", [
    (0, "Annabelle", "At most 5 characters are allowed; this text has 9."),
    (1, -1, "-1 is less than the minimum, 0."),
    (1, 121.5, "121.5 is more than the maximum, 120."),
    (2, 11, "11 is outside the range 0 to 10."),
    (2, 3, "3 is not a multiple of the step 2 from 0."),
    (3, "XL", "'XL' is not one of the choices ('S', 'M', 'L')."),
    (4, "chocolate", "'chocolate' is not one of the choices ('vanilla', 'mint')."),
    (6, ["a", "b", "c"], "At most 2 choices may be selected."),
    (6, ["a", "z"], "'z' is not one of the choices ('a', 'b', 'c')."),
])
def test_a_value_outside_is_refused_before_the_function_runs(app_url, index, value, message):
    url, ids = app_url
    CALLS.clear()
    data = list(GOOD)
    data[index] = value
    frames = run(url, data)
    done = frames[-1]
    assert [frame["type"] for frame in frames] == ["done"]  # never started
    assert done["state"] == "failed"
    assert done["error"]["title"] == "Invalid input"
    expected = [None] * len(ids)
    expected[index] = {"id": ids[index], "message": message}
    assert done["error"]["validation"] == expected
    assert CALLS == []


def test_every_input_outside_gets_its_own_message(app_url):
    url, ids = app_url
    frames = run(url, ["toolong", 500, 4, "M", "mint", "green", []])
    validation = frames[-1]["error"]["validation"]
    assert [entry and entry["id"] for entry in validation] == [ids[0], ids[1], None, None,
                                                                None, None, None]


def test_the_apps_own_values_and_empty_values_pass():
    slider = gr.Slider(0, 10, value=3.5, step=2)  # the app may start off the steps
    check_constraints([slider], [3.5])
    check_constraints([gr.Number(minimum=0), gr.Textbox(max_length=1)], [None, None])
    with pytest.raises(ValidationFailed):
        check_constraints([slider], [5.0])


def test_a_state_input_is_not_checked():
    state = gr.State([1, 2, 3])
    check_constraints([state], [["anything"]])
