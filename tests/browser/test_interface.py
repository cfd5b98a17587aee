"""gr.Interface in Chromium: submit and clear, live mode, flagging, cached examples,
clicking an example, Stop, tqdm progress; all in one gr.TabbedInterface served once."""

from __future__ import annotations

import csv
import threading
import time

import pytest
from playwright.sync_api import expect
from testkit import free_port

import blocks as gr

CALLS: list[str] = []
RELEASE = threading.Event()


def greet(name, times):
    CALLS.append(name)
    return " ".join([f"Hello {name}!"] * int(times or 1))


def shout(word):
    CALLS.append(word)
    return word.upper()


def count(n):
    for i in range(int(n)):
        yield i
        time.sleep(0.05)  # paces the stream; nothing is timed


def slow_sum(n, progress=gr.Progress(track_tqdm=True)):
    import tqdm
    total = 0
    for i in tqdm.tqdm(range(int(n)), desc="Summing"):
        RELEASE.wait(30)
        total += i
    return total


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("interface")
    mp = pytest.MonkeyPatch()
    mp.setenv("BLOCKS_TEMP_DIR", str(folder / "cache"))
    greeter = gr.Interface(
        greet, [gr.Textbox(label="Name"), gr.Slider(1, 3, step=1, value=1, label="Times")],
        gr.Textbox(label="Greeting"), examples=[["Ann", 1], ["Bo", 2]], cache_examples=True,
        flagging_options=["good", "bad"], flagging_dir=str(folder / "flags"),
        title="Greeter", description="Say *hello*.", article="Made with Blocks.")
    adder = gr.Interface(lambda a, b: (a or 0) + (b or 0),
                         [gr.Number(label="A"), gr.Number(label="B")], gr.Number(label="Sum"),
                         live=True, flagging_mode="never")
    counter = gr.Interface(count, gr.Number(1000, label="Up to"), gr.Number(label="Count"),
                           flagging_mode="never")
    summer = gr.Interface(slow_sum, gr.Number(3, label="Terms"), gr.Number(label="Total"),
                          flagging_mode="never")
    with gr.Blocks() as words:
        word = gr.Textbox(label="Word")
        loud = gr.Textbox(label="Loud")
        backwards = gr.Textbox(label="Backwards")
        gr.Examples([["quiet"], ["calm"]], word, loud, fn=shout, cache_examples="lazy",
                    label="Lazy examples")
        gr.Examples(["stressed"], word, backwards, fn=lambda w: w[::-1], run_on_click=True,
                    label="Run on click", api_name="reverse_example")
    demo = gr.TabbedInterface([greeter, adder, counter, summer, words],
                              ["Greet", "Add", "Counter", "Progress", "Words"], title="Tools")
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                quiet=True)
    yield demo.local_url, folder / "flags"
    RELEASE.set()
    demo.close()
    mp.undo()


def open_app(page, url):
    page.goto(url)
    page.wait_for_function("() => window.blocksApp?.loaded === true", timeout=60_000)


def open_tab(page, url, name):
    """The app opened on the tab ``name``; returns the tab's panel."""
    open_app(page, url)
    page.get_by_role("tab", name=name).click()
    return page.get_by_role("tabpanel", name=name)


def test_submit_and_clear(app, page):
    open_app(page, app[0])
    expect(page.get_by_role("heading", name="Greeter")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Eve")
    page.get_by_role("button", name="Submit").first.click()
    expect(page.get_by_label("Greeting", exact=True)).to_have_value("Hello Eve!")
    times = page.get_by_role("slider", name="Times")
    times.press("End")  # 3 times
    expect(page.get_by_role("spinbutton", name="Times")).to_have_value("3")
    page.get_by_role("button", name="Clear").first.click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("")
    expect(page.get_by_label("Greeting", exact=True)).to_have_value("")
    expect(times).to_have_value("1")  # a Slider goes back to its minimum, as in Gradio
    expect(page.get_by_role("spinbutton", name="Times")).to_have_value("1")
    page.get_by_label("Name", exact=True).fill("Kim")
    page.get_by_label("Name", exact=True).press("Enter")  # a textbox's submit runs it too
    expect(page.get_by_label("Greeting", exact=True)).to_have_value("Hello Kim!")


def test_clicking_a_cached_example_shows_its_outputs_without_running(app, page):
    open_app(page, app[0])
    calls = len(CALLS)
    examples = page.get_by_role("table", name="Examples")
    examples.get_by_role("button", name="Bo").click()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Bo")
    expect(page.get_by_label("Greeting", exact=True)).to_have_value("Hello Bo! Hello Bo!")
    assert len(CALLS) == calls  # the cached output, computed when the app was made


def test_flagging_writes_a_row(app, page):
    open_app(page, app[0])
    page.get_by_label("Name", exact=True).fill("Flo")
    page.get_by_role("button", name="Submit").first.click()
    expect(page.get_by_label("Greeting", exact=True)).to_have_value("Hello Flo!")
    page.get_by_role("button", name="Flag as bad").click()
    expect(page.get_by_text("Flagged: sample")).to_be_visible()
    with open(app[1] / "dataset1.csv", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0][:3] == ["Name", "Times", "Greeting"]
    assert ["Flo", "1.0", "Hello Flo!", "bad"] in [row[:4] for row in rows]


def test_live_mode_runs_on_change(app, page):
    panel = open_tab(page, app[0], "Add")
    expect(panel.get_by_role("button", name="Clear")).to_be_visible()
    expect(panel.get_by_role("button", name="Submit")).to_have_count(0)
    page.get_by_label("A", exact=True).fill("2")
    page.get_by_label("B", exact=True).fill("3")
    expect(page.get_by_label("Sum", exact=True)).to_have_value("5")


def test_stop_ends_a_generator(app, page):
    panel = open_tab(page, app[0], "Counter")
    panel.get_by_role("button", name="Submit").click()
    stop = panel.get_by_role("button", name="Stop")
    expect(stop).to_be_visible()
    expect(page.get_by_label("Count", exact=True)).not_to_have_value("")
    stop.click()
    expect(panel.get_by_role("button", name="Submit")).to_be_visible()
    expect(stop).to_be_hidden()
    shown = page.get_by_label("Count", exact=True).input_value()
    assert int(float(shown)) < 999


def test_tqdm_loops_show_as_progress(app, page):
    RELEASE.clear()
    open_tab(page, app[0], "Progress").get_by_role("button", name="Submit").click()
    expect(page.get_by_role("progressbar", name="Summing")).to_be_visible()
    RELEASE.set()
    expect(page.get_by_label("Total", exact=True)).to_have_value("3")


def test_lazy_examples_and_run_on_click_in_blocks(app, page):
    open_tab(page, app[0], "Words")
    lazy = page.get_by_role("list", name="Lazy examples")
    lazy.get_by_role("button", name="calm").click()
    expect(page.get_by_label("Loud", exact=True)).to_have_value("CALM")
    assert CALLS.count("calm") == 1
    page.get_by_role("list", name="Lazy examples").get_by_role("button", name="quiet").click()
    expect(page.get_by_label("Loud", exact=True)).to_have_value("QUIET")
    lazy.get_by_role("button", name="calm").click()
    expect(page.get_by_label("Word", exact=True)).to_have_value("calm")
    expect(page.get_by_label("Loud", exact=True)).to_have_value("CALM")
    assert CALLS.count("calm") == 1  # computed once, then read from the cache
    page.get_by_role("list", name="Run on click").get_by_role("button",
                                                              name="stressed").click()
    expect(page.get_by_label("Backwards", exact=True)).to_have_value("desserts")


def test_a_cached_image_example_is_served(serve, page, tmp_path, monkeypatch):
    from PIL import Image
    monkeypatch.setenv("BLOCKS_TEMP_DIR", str(tmp_path / "cache"))
    picture = tmp_path / "wide.png"
    Image.new("RGB", (6, 2), "blue").save(picture)
    demo = gr.Interface(lambda image: image[:, ::-1], gr.Image(label="Photo"),
                        gr.Image(label="Mirrored"), examples=[[str(picture)]],
                        cache_examples=True, flagging_mode="never",
                        delete_cache=(3600, 3600))  # which never takes the examples' cache
    open_app(page, serve(demo))
    page.get_by_role("list", name="Examples").get_by_role("button").first.click()
    mirrored = page.get_by_role("img", name="Mirrored")
    expect(mirrored).to_be_visible()
    page.wait_for_function("(img) => img.complete && img.naturalWidth === 6",
                           arg=mirrored.element_handle())
    assert "/examples/" in mirrored.get_attribute("src")
