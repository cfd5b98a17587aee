"""gr.File, gr.Files, gr.UploadButton and gr.DownloadButton: their values and checks."""

from __future__ import annotations

from pathlib import Path

import pytest

import blocks as gr
from blocks import files
from blocks.components.file import NamedString, type_allowed
from blocks.file_access import FileAccessError, FileRule, checking


def upload(tmp_path, name: str, data: bytes = b"data", mime_type=None) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    return files.file_data(path, mime_type=mime_type)


def test_single_file_is_a_path_whose_name_is_the_path(tmp_path):
    wire = upload(tmp_path, "a.txt")
    value = gr.File().preprocess(wire)
    assert isinstance(value, NamedString)
    assert value == wire["path"] and value.name == wire["path"]


def test_multiple_and_directory_give_lists_and_binary_gives_bytes(tmp_path):
    wires = [upload(tmp_path, "a.txt", b"one"), upload(tmp_path, "b.txt", b"three")]
    assert gr.File(file_count="multiple").preprocess(wires) == [w["path"] for w in wires]
    assert gr.File(file_count="directory", type="binary").preprocess(wires) == \
        [b"one", b"three"]
    assert gr.Files().preprocess(wires) == [w["path"] for w in wires]
    assert gr.File().preprocess(None) is None


def test_postprocess_paths_lists_urls(tmp_path):
    path = tmp_path / "report.csv"
    path.write_text("a,b\n")
    one = gr.File().postprocess(str(path))
    assert files.is_file_data(one) and one["orig_name"] == "report.csv" and one["size"] == 4
    assert one["mime_type"] == "text/csv"
    many = gr.File(file_count="multiple").postprocess([path, str(path)])
    assert [item["orig_name"] for item in many] == ["report.csv", "report.csv"]
    url = gr.DownloadButton().postprocess("https://example.org/files/a.pdf")
    assert url["url"] == "https://example.org/files/a.pdf" and url["path"] is None
    assert url["orig_name"] == "a.pdf"
    assert gr.File().postprocess(None) is None
    with pytest.raises(FileNotFoundError):
        gr.File().postprocess(str(tmp_path / "missing.txt"))
    with pytest.raises(TypeError):
        gr.File().postprocess(3)


def test_a_returned_path_must_pass_the_file_rule(tmp_path, monkeypatch):
    secret = tmp_path / ".env"
    secret.write_text("KEY=1")
    rule = FileRule(blocked_paths=[str(tmp_path)])
    with checking(rule), pytest.raises(FileAccessError, match="blocked_paths"):
        gr.File().postprocess(str(tmp_path / "x.txt"))
    monkeypatch.chdir(tmp_path)
    with checking(FileRule()), pytest.raises(FileAccessError, match=r"starts with '\.'"):
        gr.DownloadButton().postprocess(str(secret))


@pytest.mark.parametrize(("name", "mime", "kinds", "ok"), [
    ("a.PDF", None, [".pdf"], True),
    ("scan.nii.gz", None, [".nii.gz"], True),
    ("a.png", None, ["image", "video"], True),
    ("clip.mp4", None, ["image", "video"], True),
    ("a.txt", None, ["image"], False),
    ("anything.bin", None, ["file"], True),
    ("notes", "text/plain", ["text"], True),
    ("a.txt", None, ["invalid file_type"], False),
])
def test_file_types(name, mime, kinds, ok):
    assert type_allowed(name, mime, kinds) is ok


def test_validate_refuses_other_types_and_extra_files(tmp_path):
    txt, png = upload(tmp_path, "a.txt"), upload(tmp_path, "b.png")
    gr.File(file_types=[".txt"]).validate(txt)
    with pytest.raises(ValueError, match=r"b\.png is not an accepted file type"):
        gr.File(file_types=[".txt"]).validate(png)
    with pytest.raises(ValueError, match="one file"):
        gr.File().validate([txt, png])
    with pytest.raises(ValueError, match="not an accepted"):
        gr.UploadButton(file_count="multiple", file_types=["image"]).validate([png, txt])


def test_wire_shape_is_checked(tmp_path):
    field = gr.File.value_field()
    field.deserialize(upload(tmp_path, "a.txt"))
    for bad in [{"path": "/x"}, {"meta": {"_type": files.FILE_TYPE}}, "a.txt",
                {"path": None, "url": "file:///etc/passwd", "meta": {"_type": files.FILE_TYPE}}]:
        with pytest.raises(Exception, match=r"FileData|path"):
            field.deserialize(bad)


def test_arguments():
    with pytest.raises(ValueError, match="file_count"):
        gr.File(file_count="all")
    with pytest.raises(ValueError, match="type"):
        gr.UploadButton(type="numpy")
    with pytest.raises(ValueError, match="variant"):
        gr.DownloadButton(variant="loud")
    with pytest.warns(gr.BlocksWarning, match="allow_reordering"):
        gr.File(allow_reordering=True)
    assert gr.File(file_types="image").file_types == ["image"]
    assert gr.Files().file_count == "multiple"
    button = gr.UploadButton("Pick", file_count="multiple")
    assert button.get_props()["label"] == "Pick" and button.interactive is True
    assert gr.DownloadButton("Get").get_props()["label"] == "Get"


def test_download_button_value_may_be_a_function(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("x")
    button = gr.DownloadButton(value=lambda: str(path))
    assert button.load_fn() == str(path)
    assert gr.DownloadButton().preprocess(files.file_data(path)) == str(path)


def test_event_data_of_delete_and_download(tmp_path):
    data = upload(tmp_path, "gone.txt")
    deleted = gr.DeletedFileData(None, {"file": data})
    assert deleted.file.path == data["path"] and deleted.file.orig_name == "gone.txt"
    assert gr.DownloadData(None, {"file": data}).file.size == 4
    assert gr.DownloadData(None, None).file.path is None


def test_a_page_cannot_send_a_path_it_was_not_given(serve, tmp_path):
    import json
    import urllib.request
    with gr.Blocks() as demo:
        box = gr.File()
        out = gr.Textbox()
        box.upload(lambda p: Path(p).read_text(), box, out, api_name="read")
    url = serve(demo)
    body = json.dumps({"data": [{"path": "/etc/passwd", "meta": {"_type": files.FILE_TYPE}}]})
    request = urllib.request.Request(f"{url}gradio_api/call/read", body.encode(),
                                     {"Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 422
    assert "/etc/passwd" in refused.value.read().decode()
