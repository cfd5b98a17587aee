"""gr.MultimodalTextbox on the server: text and files in and out, checks."""

from __future__ import annotations

import pytest

import blocks as gr
from blocks import files
from blocks.exceptions import BlocksWarning
from blocks_chat.multimodal_textbox import MultimodalTextbox, file_type_matches


def uploaded(tmp_path, name="cat.png", mime="image/png"):
    path = tmp_path / name
    path.write_bytes(b"data")
    return files.file_data(path, orig_name=name, mime_type=mime)


def test_functions_receive_text_and_file_paths(tmp_path):
    box = MultimodalTextbox(file_count="multiple")
    file = uploaded(tmp_path)
    assert box.preprocess({"text": "Look", "files": [file]}) == \
        {"text": "Look", "files": [file["path"]]}
    assert box.preprocess(None) is None


def test_functions_return_strings_dicts_or_none(tmp_path):
    box = MultimodalTextbox()
    assert box.postprocess(None) == {"text": "", "files": []}
    assert box.postprocess("hi") == {"text": "hi", "files": []}
    picture = tmp_path / "dog.jpg"
    picture.write_bytes(b"jpeg")
    wire = box.postprocess({"text": "x", "files": [str(picture)]})
    assert wire["files"][0]["orig_name"] == "dog.jpg"
    assert wire["files"][0]["mime_type"] == "image/jpeg"
    with pytest.raises(ValueError, match="not found"):
        box.postprocess({"files": [str(tmp_path / "missing")]})
    with pytest.raises(ValueError, match="string or a dict"):
        box.postprocess(3)


def test_file_types_and_counts_are_checked_on_the_server(tmp_path):
    box = MultimodalTextbox(file_types=["image", ".pdf"])
    box.validate({"text": "", "files": [uploaded(tmp_path)]})
    with pytest.raises(ValueError, match="one file"):
        box.validate({"text": "", "files": [uploaded(tmp_path), uploaded(tmp_path)]})
    with pytest.raises(ValueError, match="accepted file type"):
        box.validate({"text": "", "files": [uploaded(tmp_path, "notes.txt", "text/plain")]})
    with pytest.raises(ValueError, match="FileData"):
        box.validate({"text": "", "files": [{"path": "/etc/passwd"}]})
    with pytest.raises(ValueError, match="string"):
        box.validate({"text": 5, "files": []})


@pytest.mark.parametrize(("name", "mime", "types", "ok"), [
    ("a.png", "image/png", ["image"], True),
    ("a.PDF", None, [".pdf"], True),
    ("a.txt", "text/plain", ["image", "audio"], False),
    ("a.bin", None, ["file"], True),
    ("a.mp4", "video/mp4", ["video/*"], True),
])
def test_file_type_words(name, mime, types, ok):
    assert file_type_matches(name, mime, types) is ok


def test_the_microphone_needs_blocks_media(monkeypatch):
    import warnings

    from blocks_chat import multimodal_textbox
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # installed: no warning, the source stays
        assert MultimodalTextbox(sources=["upload", "microphone"]).sources == [
            "upload", "microphone"]
    monkeypatch.setattr(multimodal_textbox, "media_installed", lambda: False)
    with pytest.warns(BlocksWarning, match="pip install blocks-media"):
        box = MultimodalTextbox(sources=["upload", "microphone"])
    assert box.sources == ["upload"]
    with pytest.raises(ValueError, match="sources"):
        MultimodalTextbox(sources=["webcam"])


def test_props_for_the_browser():
    props = gr.MultimodalTextbox(submit_btn="Send", stop_btn=True, lines=2, max_lines=1,
                                 placeholder="Ask").get_props()
    assert props["submit_btn"] == "Send" and props["stop_btn"] is True
    assert props["max_lines"] == 2 and props["placeholder"] == "Ask"
    assert props["value"] is None
