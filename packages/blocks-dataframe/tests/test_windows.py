"""Large tables through the real server: windows, server-side views, edits, and the
checks of every route (sessions, handles, parameters)."""

import json
import re
import time

import numpy as np
import pandas as pd
import pytest
import requests
import websocket

import blocks as gr
from blocks_dataframe.tables import FIRST_WINDOW, store

ROWS = 5_000


def frame():
    return pd.DataFrame({"n": np.arange(ROWS), "word": [f"w{i % 10}" for i in range(ROWS)],
                         "x": np.arange(ROWS) * 0.5})


@pytest.fixture(scope="module")
def app():
    received = {}
    with gr.Blocks() as demo:
        editable = gr.Dataframe(label="Editable", interactive=True, datatype=["number", "str",
                                                                             "number"],
                                static_columns=[2], row_limits=(None, ROWS + 1))
        shown = gr.Dataframe(label="Shown", interactive=False)
        out = gr.Textbox(label="Out")
        gr.Button("Load").click(lambda: (frame(), frame()), None, [editable, shown])

        def read(df):
            received["df"] = df
            return f"{len(df)} rows"
        gr.Button("Read").click(read, editable, out)
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    yield demo, received
    demo.close()


def page_token(url: str) -> str:
    """The token the page shell gives the app's own page."""
    shell = requests.get(url, timeout=10).text
    return re.search(r'pageToken: "([0-9a-f]+)"', shell).group(1)


class Page:
    """A page's websocket (with the page shell's token): its session hash, and events run
    through it. ``token=False`` connects without the token, as a program would."""

    def __init__(self, url, token=True):
        self.url = url
        query = f"?__page={page_token(url)}" if token else ""
        self.ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws" + query,
                                              timeout=20)
        hello = json.loads(self.ws.recv())
        self.session = hello["session_hash"]
        self.jobs = 0

    def run(self, fn, data):
        self.jobs += 1
        self.ws.send(json.dumps({"type": "event", "id": f"j{self.jobs}", "fn": fn, "data": data}))
        outputs, done = [], None
        while done is None:
            message = json.loads(self.ws.recv())
            if message["type"] == "output":
                outputs.append(message["data"])
            if message["type"] in ("done", "error"):
                done = message
        return outputs, done

    def post(self, path, body, session=None, **kwargs):
        headers = {"X-Blocks-Session": self.session if session is None else session}
        headers.update(kwargs.pop("headers", {}))
        return requests.post(f"{self.url}dataframe/{path}", json=body, headers=headers,
                             timeout=20, **kwargs)

    def close(self):
        self.ws.send(json.dumps({"type": "close"}))
        self.ws.close()


@pytest.fixture
def page(app):
    demo, _ = app
    page = Page(demo.local_url)
    yield page
    page.ws.close()


def load(page):
    outputs, done = page.run(0, [])
    assert done["state"] == "completed", done
    editable, shown = outputs[-1]
    return editable["value"], shown["value"]


def test_a_large_output_arrives_as_a_first_window(page):
    editable, shown = load(page)
    assert len(editable["data"]) == FIRST_WINDOW and editable["window"]["rows"] == ROWS
    assert editable["data"][0] == [0, "w0", 0.0]
    assert editable["window"]["id"] != shown["window"]["id"]


def test_a_connection_without_the_page_token_gets_whole_tables(app):
    demo, _ = app
    other = Page(demo.local_url, token=False)
    try:
        editable, _ = load(other)
        assert len(editable["data"]) == ROWS and "window" not in editable
    finally:
        other.ws.close()


def test_windows_sorted_searched_and_filtered_on_the_server(page):
    editable, _ = load(page)
    handle = editable["window"]["id"]
    part = page.post("window", {"id": handle, "start": 4990, "count": 20}).json()
    assert part["total"] == ROWS and part["index"] == list(range(4990, 5000))
    part = page.post("window", {"id": handle, "start": 0, "count": 3,
                                "sort": [[0, "desc"]]}).json()
    assert [row[0] for row in part["data"]] == [4999, 4998, 4997]
    part = page.post("window", {"id": handle, "start": 0, "count": 1000,
                                "search": "w3", "filters": [{"column": 0, "op": "<",
                                                             "value": "100"}]}).json()
    assert part["total"] == 10 and all(row[1] == "w3" for row in part["data"])


def test_an_edit_sends_one_cell_and_the_function_sees_it(app, page):
    _, received = app
    editable, _ = load(page)
    handle = editable["window"]["id"]
    answer = page.post("edit", {"id": handle, "op": "set", "row": 4321, "column": 1,
                                "value": "edited"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["previous_value"] == "w1"
    assert page.post("edit", {"id": handle, "op": "add_row"}).json()["rows"] == ROWS + 1
    outputs, done = page.run(1, [{"headers": editable["headers"], "data": [],
                                  "window": {"id": handle}}])
    assert done["state"] == "completed", done
    assert outputs[-1][0]["value"] == f"{ROWS + 1} rows"
    assert received["df"].loc[4321, "word"] == "edited"
    assert list(received["df"].columns) == ["n", "word", "x"]


@pytest.mark.parametrize("body, status", [
    ({"id": None, "start": 0, "count": 10}, 400),             # no id
    ({"id": "x" * 65, "start": 0, "count": 10}, 400),         # oversized id
    ({"id": "made-up", "start": 0, "count": 10}, 404),        # a handle the server never made
    ({"start": -1, "count": 10}, 400),
    ({"start": 0, "count": 0}, 400),
    ({"start": 0, "count": 1001}, 400),
    ({"start": "0", "count": 10}, 400),
    ({"start": 0, "count": 10, "sort": [[9, "asc"]]}, 400),
    ({"start": 0, "count": 10, "filters": [{"column": 0, "op": "eval", "value": "1"}]}, 400),
])
def test_bad_window_requests_get_4xx(page, body, status):
    editable, _ = load(page)
    body = {"id": editable["window"]["id"], **body} if "id" not in body else body
    answer = page.post("window", body)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"]


def test_not_json_and_no_session_are_refused(page):
    editable, _ = load(page)
    handle = editable["window"]["id"]
    url = f"{page.url}dataframe/window"
    assert requests.post(url, data="start=0", timeout=10,
                         headers={"X-Blocks-Session": page.session}).status_code == 400
    assert requests.post(url, json={"id": handle, "start": 0, "count": 5},
                         timeout=10).status_code == 400
    assert page.post("window", {"id": handle, "start": 0, "count": 5},
                     session="s" * 65).status_code == 400


def test_another_session_cannot_read_or_edit_the_table(app, page):
    demo, _ = app
    editable, _ = load(page)
    handle = editable["window"]["id"]
    other = Page(demo.local_url)
    try:
        assert other.post("window", {"id": handle, "start": 0, "count": 5}).status_code == 404
        assert other.post("edit", {"id": handle, "op": "set", "row": 0, "column": 1,
                                   "value": "x"}).status_code == 404
        # nor use it as an input of its own events
        _, done = other.run(1, [{"headers": ["n", "word", "x"], "data": [],
                                 "window": {"id": handle}}])
        assert done["state"] == "failed" and "no longer held" in json.dumps(done)
    finally:
        other.ws.close()


def test_cross_origin_posts_are_refused(page):
    editable, _ = load(page)
    answer = page.post("window", {"id": editable["window"]["id"], "start": 0, "count": 5},
                       headers={"Origin": "http://evil.example"})
    assert answer.status_code == 403


@pytest.mark.parametrize("body, status", [
    ({"op": "set", "row": 0, "column": 2, "value": 1}, 403),       # a static column
    ({"op": "set", "row": 0, "column": 0, "value": "ten"}, 400),   # not a number
    ({"op": "set", "row": ROWS, "column": 0, "value": 1}, 400),    # no such row
    ({"op": "set", "row": 0, "column": 1, "value": {"a": 1}}, 400),
    ({"op": "set", "row": 0, "column": 1, "value": "x" * 100_001}, 400),
    ({"op": "drop_table"}, 400),
    ({"op": "add_column", "header": "new"}, 403),                  # columns are fixed
])
def test_bad_edits_are_refused(page, body, status):
    editable, _ = load(page)
    answer = page.post("edit", {"id": editable["window"]["id"], **body})
    assert answer.status_code == status, answer.text


def test_a_read_only_table_cannot_be_edited_and_row_limits_hold(page):
    editable, shown = load(page)
    answer = page.post("edit", {"id": shown["window"]["id"], "op": "set", "row": 0,
                                "column": 1, "value": "x"})
    assert answer.status_code == 403
    handle = editable["window"]["id"]
    assert page.post("edit", {"id": handle, "op": "add_row"}).status_code == 200
    assert page.post("edit", {"id": handle, "op": "add_row"}).status_code == 403  # max rows


def test_export_is_the_view_as_tab_separated_text(page):
    editable, _ = load(page)
    answer = page.post("export", {"id": editable["window"]["id"], "search": "w7",
                                  "sort": [[0, "desc"]]})
    lines = answer.text.splitlines()
    assert lines[0] == "n\tword\tx" and lines[1] == "4997\tw7\t2498.5" and len(lines) == 501


def test_the_tables_go_when_the_session_ends(app):
    demo, _ = app
    page = Page(demo.local_url)
    editable, _ = load(page)
    assert store.get(page.session, editable["window"]["id"]) is not None
    page.close()
    deadline = time.monotonic() + 10
    while store.get(page.session, editable["window"]["id"]) is not None:
        assert time.monotonic() < deadline, "the session's tables were not dropped"
        time.sleep(0.05)


def test_render_makes_sanitised_html_and_checks_its_input(page):
    url = f"{page.url}dataframe/render"
    texts = ["**a**", "<img src=x onerror=alert(1)>"]
    answer = requests.post(url, json={"kind": "markdown", "texts": texts}, timeout=10)
    assert answer.status_code == 200
    first, second = answer.json()["html"]
    assert "<strong>a</strong>" in first and "onerror" not in second
    for body, status in [({"kind": "js", "texts": []}, 400),
                         ({"kind": "html", "texts": [1]}, 400),
                         ({"kind": "html", "texts": ["a"] * 501}, 400),
                         ({"kind": "html", "texts": ["a" * 600_000] * 2}, 413),
                         ({"kind": "html", "texts": [], "line_breaks": "yes"}, 400)]:
        assert requests.post(url, json=body, timeout=10).status_code == status
    assert requests.post(url, json={"kind": "html", "texts": []}, timeout=10,
                         headers={"Origin": "http://evil.example"}).status_code == 403
