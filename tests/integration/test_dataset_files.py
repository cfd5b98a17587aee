"""gr.Dataset's files through the real server: the file-access rule holds for its samples.

A Dataset shows files (a picture per sample) and the page sends back the
sample it shows, so both directions are attack surface: samples a function
returns must pass the rule like any returned path, and a sample the page sends
may only name files the server handed out (docs/decisions.md, a Dataset's value).
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest
import websocket

import blocks as gr
from blocks.server.launch import Server

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR42mP838AAB0wMDMRwAEzRAYc7k6kdAA"
    "AAAElFTkSuQmCC")
FILE_DATA = {"_type": "blocks.FileData"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("samples")
    cat, dog = folder / "cat.png", folder / "dog.png"
    cat.write_bytes(PNG)
    dog.write_bytes(PNG)
    outside = Path(os.path.realpath(os.__file__))  # not in the working or temp directory

    with gr.Blocks() as demo:
        picture = gr.Image(type="filepath", label="Picture")
        name = gr.Textbox(label="Name")
        samples = gr.Dataset(components=[picture, name], samples=[[str(cat), "cat"]])
        chosen = gr.Textbox(label="Chosen")
        samples.click(lambda sample: json.dumps(sample), samples, chosen)           # fn 0
        gr.Button("Dogs").click(lambda: gr.Dataset(samples=[[str(dog), "dog"]]),
                                None, samples)                                      # fn 1
        gr.Button("Secrets").click(lambda: gr.Dataset(samples=[[str(outside), "x"]]),
                                   None, samples)                                   # fn 2
    server = Server(demo.create_app(), "127.0.0.1", None).start()
    yield {"url": f"http://127.0.0.1:{server.port}/", "cat": cat, "dog": dog,
           "outside": outside}
    server.stop()


@pytest.fixture
def page(site):
    ws = websocket.create_connection(site["url"].replace("http", "ws", 1) + "ws", timeout=30)
    assert json.loads(ws.recv())["type"] == "session"
    count = 0

    def send(fn, data) -> list[dict]:
        nonlocal count
        count += 1
        ws.send(json.dumps({"type": "event", "id": f"j{count}", "fn": fn, "data": data}))
        frames = []
        while not frames or frames[-1]["type"] not in ("done", "error"):
            frames.append(json.loads(ws.recv()))
        return frames

    yield send
    ws.close()


def completed(frames) -> list:
    assert frames[-1]["type"] == "done" and frames[-1]["state"] == "completed", frames
    return frames[-2]["data"]


def test_samples_a_function_returns_pass_the_file_access_rule(site, page):
    [update] = completed(page(1, []))
    [[shown, name]] = update["props"]["samples"]
    assert name == "dog" and "/file=" in shown["url"]
    refusal = page(2, [])
    assert refusal[-1]["type"] == "done" and refusal[-1]["state"] == "failed", refusal
    message = refusal[-1]["error"]["message"]
    assert str(site["outside"]) in message and "allowed_paths" in message
    completed(page(1, []))  # the session goes on


def test_the_page_may_send_back_samples_it_was_given_but_no_other_file(site, page):
    [update] = completed(page(1, []))
    [sample] = update["props"]["samples"]  # a sample the server handed out, sent back
    [chosen] = completed(page(0, [{"index": 0, "sample": sample}]))
    path, name = json.loads(chosen["value"])  # the copy the server handed out (its cache)
    assert name == "dog" and Path(path).name == "dog.png" and Path(path).read_bytes() == PNG
    [chosen] = completed(page(0, [0]))  # an index, as programs send: the app's own sample
    assert json.loads(chosen["value"]) == [str(site["cat"]), "cat"]

    forged = [{"path": str(site["outside"]), "meta": FILE_DATA}, "x"]
    refusal = page(0, [{"index": 0, "sample": forged}])
    assert refusal[-1]["type"] == "error", refusal
    assert str(site["outside"]) not in json.dumps(completed(page(0, [0])))
