"""Reload mode: ``blocks run app.py`` serves a script and rebuilds it when it changes.

A real ``blocks run`` process serves a script written to a temporary folder;
Chromium keeps its page open while the test edits the files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from testkit import free_port

import blocks as gr
from blocks.server.reload import Watcher, run_command

APP = '''\
import blocks as gr
import helper

if gr.NO_RELOAD:
    with open("runs.txt", "a") as log:  # once, whatever the reloads
        log.write("loaded\\n")

with gr.Blocks() as demo:
    name = gr.Textbox(label="{label}")
    out = gr.Textbox(label=helper.OUT_LABEL)
    name.submit(helper.greet, name, out)

if __name__ == "__main__":
    demo.launch()
'''
# generous waits (not timings): a loaded machine may take long to start and rebuild
START_WAIT = 120.0
RELOAD_WAIT = 60_000  # ms, for Playwright

HELPER = 'OUT_LABEL = "{label}"\n\ndef greet(name):\n    return "{greeting}, " + name\n'


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def wait_for(predicate, what: str, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reload_app")
    write(folder / "app.py", APP.format(label="Name"))
    write(folder / "helper.py", HELPER.format(label="Greeting", greeting="Hello"))
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    env = dict(os.environ, BLOCKS_SERVER_PORT=str(free_port()))
    with open(out, "wb") as stdout, open(err, "wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "blocks", "run", "app.py", "--interval", "0.1"],
            cwd=folder, env=env, stdout=stdout, stderr=stderr)
    try:
        url = wait_for(lambda: re.search(r"local URL:\s+(\S+)", out.read_text()),
                       "the server's URL", START_WAIT).group(1)
        yield folder, url, err
    finally:
        process.terminate()
        process.wait(timeout=15)


def labels(url: str) -> list[str]:
    with urllib.request.urlopen(f"{url}config") as response:
        config = json.load(response)
    return [c["props"].get("label") for c in config["components"]]


def test_edits_rebuild_the_app_and_reload_open_pages(served, page):
    folder, url, err = served
    page.goto(url)
    name = page.get_by_label("Name")
    expect(name).to_be_visible()
    name.fill("Ada")
    name.press("Enter")
    expect(page.get_by_label("Greeting")).to_have_value("Hello, Ada")

    # the script itself: the open page shows the new label by itself
    write(folder / "app.py", APP.format(label="Your name"))
    expect(page.get_by_label("Your name")).to_be_visible(timeout=RELOAD_WAIT)
    # a module it imports from its folder: imported afresh
    write(folder / "helper.py", HELPER.format(label="Reply", greeting="Welcome"))
    expect(page.get_by_label("Reply")).to_be_visible(timeout=RELOAD_WAIT)
    page.get_by_label("Your name").fill("Grace")
    page.get_by_label("Your name").press("Enter")
    expect(page.get_by_label("Reply")).to_have_value("Welcome, Grace")
    # `if gr.NO_RELOAD:` ran on the first run only
    assert (folder / "runs.txt").read_text().splitlines() == ["loaded"]

    # a broken edit: the terminal and the page say why; the last good app keeps serving
    write(folder / "app.py", APP.format(label="Broken") + "\nx = (\n")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("SyntaxError", timeout=RELOAD_WAIT)
    expect(alert).to_contain_text("was never closed")
    wait_for(lambda: "SyntaxError" in err.read_text(), "the error in the terminal", 60.0)
    assert labels(url) == ["Your name", "Reply"]
    page.get_by_label("Your name").fill("Alan")
    page.get_by_label("Your name").press("Enter")
    expect(page.get_by_label("Reply")).to_have_value("Welcome, Alan")
    # a page opened meanwhile is told too
    other = page.context.new_page()
    other.goto(url)
    expect(other.get_by_role("alert")).to_contain_text("SyntaxError")
    expect(other.get_by_label("Your name")).to_be_visible()

    # fixed: both pages reload into the new app, without the error
    write(folder / "app.py", APP.format(label="Full name"))
    for shown in (page, other):
        expect(shown.get_by_label("Full name")).to_be_visible(timeout=RELOAD_WAIT)
        expect(shown.get_by_role("alert")).to_have_count(0)
    other.close()
    assert (folder / "runs.txt").read_text().splitlines() == ["loaded"]


def test_the_reload_stream_answers_a_page_of_another_build_at_once(served):
    _, url, _ = served
    with urllib.request.urlopen(f"{url}dev/reload?generation=stale", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        body = response.read().decode()
    assert "event: reload\n" in body
    assert re.search(r'data: \{"generation":"[0-9a-f]+-\d+"\}', body)


def test_the_watcher_sees_changes_additions_and_removals(tmp_path):
    write(tmp_path / "a.py", "A = 1\n")
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / "__pycache__").mkdir()
    watcher = Watcher([tmp_path])
    assert watcher.changed() == []
    write(tmp_path / "a.py", "A = 22\n")
    write(tmp_path / "b.css", "p {}\n")
    write(tmp_path / "notes.txt", "not watched\n")
    write(tmp_path / ".venv" / "lib" / "c.py", "hidden folders are not walked\n")
    write(tmp_path / "__pycache__" / "d.py", "nor caches\n")
    assert [p.name for p in watcher.changed()] == ["a.py", "b.css"]
    (tmp_path / "a.py").unlink()
    assert [p.name for p in watcher.changed()] == ["a.py"]
    assert watcher.changed() == []


def test_the_command_refuses_bad_arguments(tmp_path, capsys):
    assert run_command([str(tmp_path / "missing.py")]) == 2
    assert "no file" in capsys.readouterr().err
    write(tmp_path / "app.py", "x = 1\n")
    assert run_command([str(tmp_path / "app.py"), "--watch-dirs", str(tmp_path / "no")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert run_command([str(tmp_path / "app.py"), "--interval", "0"]) == 2


def test_a_script_without_the_named_app_does_not_start(tmp_path):
    write(tmp_path / "app.py", "import blocks as gr\nwith gr.Blocks() as demo:\n"
                               "    gr.Markdown('hi')\n")
    result = subprocess.run(
        [sys.executable, "-m", "blocks", "run", "app.py", "--demo-name", "app"],
        cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "defines no gr.Blocks named 'app'" in result.stderr


def test_a_run_reads_the_encoding_the_app_name_and_the_scripts_arguments(tmp_path, monkeypatch):
    from blocks.server.reload import Reloader
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    monkeypatch.setattr(gr, "NO_RELOAD", True)
    script = tmp_path / "app.py"
    script.write_bytes("import sys\nimport blocks as gr\nother = gr.Blocks()\n"
                       "with gr.Blocks() as mine:\n    gr.Textbox(label='Café ' + sys.argv[1])\n"
                       "rerun = not gr.NO_RELOAD\n".encode("cp1252"))
    reloader = Reloader(script, demo_name="mine", encoding="cp1252", argv=["--name", "x"])
    found, settings = reloader.execute(first=False)
    assert [c.label for c in found.children] == ["Café --name"] and settings == {}
    assert sys.modules["__main__"].rerun is True  # gr.NO_RELOAD was False on this run
    with pytest.raises(UnicodeDecodeError):
        Reloader(script).execute(first=True)  # read as UTF-8, which it is not
