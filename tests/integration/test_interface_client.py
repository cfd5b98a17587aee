"""gr.Interface and gr.TabbedInterface through Gradio's own Python client (gradio_client
from PyPI, unchanged): /predict, the renamed endpoint of a second tab, batch functions, and
the examples' load endpoint being hidden from the API page."""

from __future__ import annotations

import pytest

gradio_client = pytest.importorskip("gradio_client")
from gradio_client import Client  # noqa: E402

import blocks as gr  # noqa: E402


@pytest.fixture(scope="module")
def url():
    from testkit import free_port

    def shout(words):
        return [[word.upper() for word in words]]

    greet = gr.Interface(lambda name, n: f"Hello {name}" + "!" * int(n),
                         ["text", gr.Number(1, label="n")], "text", examples=[["Ann", 2]],
                         flagging_mode="never")
    loud = gr.Interface(shout, "text", "text", batch=True, max_batch_size=8,
                        flagging_mode="never")
    demo = gr.TabbedInterface([greet, loud], ["Greet", "Loud"])
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                quiet=True)
    yield demo.local_url
    demo.close()


def test_predict_endpoints(url):
    client = Client(url, verbose=False)
    assert client.predict("Ann", 3, api_name="/predict") == "Hello Ann!!!"
    assert client.predict("hey", api_name="/predict_1") == "HEY"
    jobs = [client.submit(word, api_name="/predict_1") for word in ("a", "b", "c")]
    assert [job.result(timeout=30) for job in jobs] == ["A", "B", "C"]


def test_api_page_lists_the_functions_not_the_examples(url):
    endpoints = Client(url, verbose=False).view_api(print_info=False, return_format="dict")
    names = set(endpoints["named_endpoints"])
    assert {"/predict", "/predict_1"} <= names
    assert "/load_example" not in names
