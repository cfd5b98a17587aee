"""gr.File, gr.UploadButton and gr.DownloadButton in Chromium, found by role and label.

One app holds them all, served once for the module; each test opens its own page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from testkit import free_port

import blocks as gr


def build(folder: Path):
    report = folder / "report.txt"
    report.write_text("quarterly figures\n")
    with gr.Blocks() as demo:
        single = gr.File(label="Document", file_types=[".txt"])
        single_out = gr.Textbox(label="Document read")
        single.upload(lambda path: Path(path).read_text().strip() + f" ({Path(path).name})",
                      single, single_out)
        cleared = gr.Textbox(label="Cleared")
        single.clear(lambda: "cleared", None, cleared)

        many = gr.File(label="Attachments", file_count="multiple", type="binary")
        many_out = gr.Textbox(label="Attachment sizes")
        many.change(lambda blobs: ",".join(str(len(b)) for b in blobs or []), many, many_out)
        deleted = gr.Textbox(label="Deleted")

        def on_delete(event: gr.DeletedFileData):
            return Path(event.file.path).name

        many.delete(on_delete, None, deleted)

        shown = gr.File(label="Report", value=str(report))
        downloaded = gr.Textbox(label="Downloaded")

        def on_download(event: gr.DownloadData):
            return event.file.orig_name

        shown.download(on_download, None, downloaded)

        button = gr.UploadButton("Upload pictures", file_count="multiple", file_types=["image"])
        button_out = gr.File(label="Uploaded pictures", file_count="multiple")
        button.upload(lambda paths: paths, button, button_out)

        gr.DownloadButton("Download the report", value=str(report))
        make = gr.Button("Make a file")
        made = gr.DownloadButton("Download the made file")

        def make_file():
            path = folder / "made.csv"
            path.write_text("a,b\n1,2\n")
            return gr.DownloadButton(value=str(path), label="Download made.csv")

        make.click(make_file, None, made)
    return demo


@pytest.fixture(scope="module")
def url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("files")
    demo = build(folder)
    demo.launch(server_name="127.0.0.1", server_port=free_port(), prevent_thread_lock=True,
                quiet=True, allowed_paths=[str(folder)])
    yield demo.local_url
    demo.close()


def open_app(page, url):
    page.goto(url)
    page.wait_for_function("() => window.blocksApp?.loaded === true", timeout=60_000)


def test_upload_one_file_then_clear(url, page, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("hello file\n")
    open_app(page, url)
    page.get_by_label("Document", exact=True).set_input_files(str(note))
    expect(page.get_by_label("Document read")).to_have_value("hello file (note.txt)")
    expect(page.get_by_role("link", name="note.txt")).to_be_visible()
    page.get_by_role("button", name="Clear").first.click()
    expect(page.get_by_label("Cleared")).to_have_value("cleared")
    expect(page.get_by_role("link", name="note.txt")).to_have_count(0)


def test_a_file_of_another_type_is_refused(url, page, tmp_path):
    picture = tmp_path / "picture.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    open_app(page, url)
    page.get_by_label("Document", exact=True).set_input_files(str(picture))
    expect(page.get_by_role("alert").filter(
        has_text="picture.png is not an accepted file type (.txt)").first).to_be_visible()
    expect(page.get_by_label("Document read")).to_have_value("")


def test_multiple_files_as_bytes_and_delete_one(url, page, tmp_path):
    first, second = tmp_path / "a.bin", tmp_path / "b.bin"
    first.write_bytes(b"123")
    second.write_bytes(b"12345")
    open_app(page, url)
    page.get_by_label("Attachments", exact=True).set_input_files([str(first), str(second)])
    expect(page.get_by_label("Attachment sizes")).to_have_value("3,5")
    page.get_by_role("button", name="Remove a.bin").click()
    expect(page.get_by_label("Deleted")).to_have_value("a.bin")
    expect(page.get_by_label("Attachment sizes")).to_have_value("5")


def test_download_a_shown_file(url, page):
    open_app(page, url)
    with page.expect_download() as info:
        page.get_by_role("link", name="report.txt").click()
    assert Path(info.value.path()).read_text() == "quarterly figures\n"
    expect(page.get_by_label("Downloaded")).to_have_value("report.txt")


def test_upload_button(url, page, tmp_path):
    picture = tmp_path / "dot.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    open_app(page, url)
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Upload pictures").click()
    assert chooser.value.is_multiple()
    chooser.value.set_files(str(picture))
    expect(page.get_by_role("link", name="dot.png")).to_be_visible()


def test_download_button_from_a_path_and_from_a_function(url, page):
    open_app(page, url)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the report").click()
    assert info.value.suggested_filename == "report.txt"
    assert Path(info.value.path()).read_text() == "quarterly figures\n"
    page.get_by_role("button", name="Make a file").click()
    made = page.get_by_role("button", name="Download made.csv")
    with page.expect_download() as info:
        made.click()
    assert Path(info.value.path()).read_text() == "a,b\n1,2\n"
