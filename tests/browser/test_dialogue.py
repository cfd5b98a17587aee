"""gr.Dialogue in Chromium: edit lines, pick speakers, insert tags, submit, switch to text,
and show a function's lines read-only. Found by role and label."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from testkit import free_port

import blocks as gr

SPEAKERS = ["Speaker 1", "Speaker 2"]


def build():
    with gr.Blocks() as demo:
        dialogue = gr.Dialogue(
            speakers=SPEAKERS, tags=["(laughs)", "(sighs)", "(clears throat)"],
            value=[{"speaker": "Speaker 1", "text": "Hello, how are you?"},
                   {"speaker": "Speaker 2", "text": "I'm fine, thank you!"}],
            separator="\n", interactive=True, submit_btn="Send", max_lines=4)
        output = gr.Textbox(label="Output", lines=3)
        dialogue.submit(lambda text: text, dialogue, output)
        as_list = gr.Dialogue(type="list", speakers=SPEAKERS, label="Script",
                              interactive=True)
        count = gr.Textbox(label="Lines")
        as_list.change(lambda lines: f"{len(lines)} lines, last {lines[-1]}", as_list, count)
        shown = gr.Dialogue(speakers=SPEAKERS, label="Transcript",
                            color_map={"Speaker 2": "#059669"})
        gr.Button("Transcribe").click(
            lambda: [{"speaker": "Speaker 1", "text": "What's your name?"},
                     {"speaker": "Speaker 2", "text": "John."}], None, shown)
    return demo


@pytest.fixture(scope="module")
def url():
    demo = build()
    demo.launch(server_port=free_port(), prevent_thread_lock=True, quiet=True)
    yield demo.local_url
    demo.close()


def test_lines_speakers_tags_and_submit(url, page):
    page.goto(url)
    page.get_by_role("combobox", name="Text, line 2").fill("I'm fine")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_label("Output")).to_have_value(
        "[Speaker 1] Hello, how are you?\n[Speaker 2] I'm fine")

    page.get_by_role("button", name="Add a line").first.click()
    third = page.get_by_role("combobox", name="Text, line 3")
    expect(third).to_be_focused()  # the new line, for the next speaker in turn
    expect(page.get_by_label("Speaker, line 3").first).to_have_value("Speaker 1")
    page.get_by_label("Speaker, line 3").first.select_option("Speaker 2")
    third.press_sequentially("Well :")
    expect(third).to_have_attribute("aria-expanded", "true")
    tags = page.get_by_role("listbox", name="Tags")
    expect(tags.get_by_role("option")).to_have_count(3)
    third.press("ArrowDown")
    expect(tags.get_by_role("option", name="(sighs)")).to_have_attribute("aria-selected", "true")
    third.press("Enter")  # picks the tag, does not submit
    expect(tags).to_be_hidden()
    expect(third).to_have_value("Well (sighs)")
    third.press_sequentially(" ok")
    third.press("Enter")
    expect(page.get_by_label("Output")).to_have_value(
        "[Speaker 1] Hello, how are you?\n[Speaker 2] I'm fine\n[Speaker 2] Well (sighs) ok")

    page.get_by_role("button", name="Remove line 1").first.click()
    page.get_by_role("combobox", name="Text, line 1").press("Enter")
    expect(page.get_by_label("Output")).to_have_value(
        "[Speaker 2] I'm fine\n[Speaker 2] Well (sighs) ok")


def test_edit_as_text_and_back(url, page):
    page.goto(url)
    page.get_by_role("checkbox", name="Edit as text").first.check()
    text = page.get_by_role("combobox", name="Dialogue")
    expect(text).to_have_value("[Speaker 1] Hello, how are you?\n[Speaker 2] I'm fine, thank you!")
    text.fill("[Speaker 2] First\nno speaker here")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_label("Output")).to_have_value("[Speaker 2] First\nno speaker here")
    page.get_by_role("checkbox", name="Edit as text").first.uncheck()
    expect(page.get_by_role("combobox", name="Text, line 2")).to_have_value(
        "no speaker here")
    expect(page.get_by_label("Speaker, line 1").first).to_have_value("Speaker 2")


def test_a_list_reaches_the_function_and_an_output_is_read_only(url, page):
    page.goto(url)
    script = page.get_by_role("group", name="Script")
    script.get_by_role("textbox", name="Text, line 1").fill("Hi")
    expect(page.get_by_label("Lines")).to_have_value(
        "1 lines, last {'speaker': 'Speaker 1', 'text': 'Hi'}")

    page.get_by_role("button", name="Transcribe").click()
    transcript = page.get_by_role("group", name="Transcript")
    expect(transcript.get_by_role("listitem")).to_have_count(2)
    expect(transcript.get_by_role("listitem").nth(1)).to_have_text("Speaker 2John.")
    expect(transcript.get_by_role("textbox")).to_have_count(0)
    expect(transcript.get_by_role("button")).to_have_count(0)
