"""Gradio's names on Blocks: each works, or says what Blocks leaves out and what to use.

Also the sample files of ``gr.get_file`` (``blocks.media``) and ``gr.Success``.
"""

from __future__ import annotations

import csv

import pytest

import blocks as gr
from blocks import media
from blocks.exceptions import ComponentNotInstalledError, NotInBlocksError
from blocks.left_out import LEFT_OUT
from blocks.messages import notifying
from blocks.protocol import ToastMessage
from blocks.registry import provider_of

# The public names of Gradio 6's top level (gradio/__init__.py of gradio 6.31).
GRADIO_NAMES = [
    "Accordion", "AnnotatedImage", "Annotatedimage", "Audio", "BarPlot", "Blocks", "BrowserState",
    "Brush", "Button", "CSVLogger", "Cache", "ChatInterface", "ChatMessage", "Chatbot", "Checkbox",
    "CheckboxGroup", "Checkboxgroup", "ClearButton", "Code", "ColorPicker", "Column", "Component",
    "CopyData", "DataFrame", "Dataframe", "Dataset", "DateTime", "DeepLinkButton",
    "DeletedFileData", "Dialogue", "DownloadButton", "DownloadData", "Draggable", "Dropdown",
    "DuplicateButton", "EditData", "Eraser", "Error", "EventData", "Examples", "File", "FileData",
    "FileExplorer", "FileSize", "Files", "FlaggingCallback", "Gallery", "Group", "HTML", "Header",
    "Highlight", "HighlightedText", "Highlightedtext", "I18n", "Image", "ImageEditor", "ImageMask",
    "ImageSlider", "Info", "InputHTMLAttributes", "Interface", "JSON", "Json", "KeyUpData",
    "Label", "LayerOptions", "LikeData", "LinePlot", "List", "LoginButton", "Markdown", "Matrix",
    "MessageDict", "Mic", "Microphone", "Model3D", "MultimodalTextbox", "NO_RELOAD", "Navbar",
    "Number", "Numpy", "OAuthProfile", "OAuthToken", "Paint", "ParamViewer", "PlayableVideo",
    "Plot", "Progress", "Radio", "Request", "RetryData", "Row", "ScatterPlot", "SelectData",
    "Server", "Sidebar", "SimpleCSVLogger", "Sketchpad", "Slider", "State", "Step", "Success",
    "Tab", "TabItem", "TabbedInterface", "Tabs", "Text", "TextArea", "Textbox", "Theme", "Timer",
    "UndoData", "UploadButton", "Video", "Walkthrough", "Warning", "WatermarkOptions",
    "WaveformOptions", "WebcamOptions", "Workflow", "WorkflowCanvas", "api", "cache", "close_all",
    "component", "components", "deploy", "get_audio", "get_file", "get_image", "get_model3d",
    "get_package_version", "get_video", "layouts", "load", "load_chat", "load_ipython_extension",
    "load_openapi", "mcp", "mount_gradio_app", "on", "render", "set_static_paths", "skip",
    "themes", "update", "validate", "validators"
]
SUBMODULES = {"components", "layouts"}  # `import blocks.components`: modules, not gr.<name>


@pytest.mark.parametrize("name", [n for n in GRADIO_NAMES if n not in SUBMODULES])
def test_every_gradio_name_works_or_says_why_not(name):
    planned = provider_of(name)
    if name in LEFT_OUT:
        with pytest.raises(NotInBlocksError, match=r"Blocks does not have it.*docs/gradio\.md"):
            getattr(gr, name)
    elif planned is not None and planned[1]:  # a component planned for a distribution
        with pytest.raises(ComponentNotInstalledError, match="planned for"):
            getattr(gr, name)
    else:
        assert getattr(gr, name) is not None


def test_left_out_names_are_attribute_errors_with_the_alternative():
    with pytest.raises(AttributeError, match=r"gr\.load_chat\(\) makes a ChatInterface"):
        gr.load_chat("http://localhost:11434/v1/", model="llama")
    with pytest.raises(NotInBlocksError, match=r"use gr\.Audio\(sources=\['microphone'\]\)"):
        gr.Mic()
    assert not hasattr(gr, "deploy")
    with pytest.raises(AttributeError, match="no attribute 'no_such_thing'"):
        gr.no_such_thing
    assert gr.Theme is gr.themes.Base and gr.Component is gr.components.Component


def test_methods_blocks_leaves_out_say_so():
    with gr.Blocks() as demo:
        gr.Textbox()
    with pytest.raises(NotInBlocksError, match="Comet, W&B or MLflow"):
        demo.integrate(wandb=None)
    with pytest.raises(NotInBlocksError, match="from_config"):
        gr.Blocks.from_config({}, [], "")
    assert not hasattr(demo, "transpile_to_js")
    with pytest.raises(NotInBlocksError, match="transformers pipeline"):
        gr.Interface.from_pipeline(None)


def test_get_file_gives_the_sample_data_files():
    path = gr.get_file("titanic.csv")
    with open(path, newline="", encoding="utf-8") as file:
        header = next(csv.reader(file))
    assert "Survived" in header and "Name" in header
    assert gr.get_file() in {str(p) for p in (media.MEDIA_ROOT / "data").iterdir()}
    assert gr.get_file("https://example.com/a.csv") == "https://example.com/a.csv"
    with pytest.raises(ValueError, match="by its file name"):
        gr.get_file("../../etc/passwd")
    # one of Gradio's samples that is not here: the URL of Gradio's own, loaded by the page
    assert gr.get_image("tower.jpg").endswith("/media_assets/images/tower.jpg")
    with pytest.raises(FileNotFoundError, match="BLOCKS_MEDIA_DIR"):
        gr.get_image("no-such-sample.jpg")


def test_blocks_media_dir_adds_gradios_other_media(tmp_path, monkeypatch):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "tower.jpg").write_bytes(b"\xff\xd8")
    monkeypatch.setenv("BLOCKS_MEDIA_DIR", str(tmp_path))
    assert gr.get_image("tower.jpg") == str(tmp_path / "images" / "tower.jpg")
    assert gr.get_image() == str(tmp_path / "images" / "tower.jpg")
    assert gr.get_file("sample.txt").startswith(str(media.MEDIA_ROOT))  # still shipped


def test_success_shows_a_toast_of_its_own_level():
    sent = []
    with notifying(sent.append):
        gr.Success("Saved.", duration=3)
    assert sent == [{"type": "message", "level": "success", "message": "Saved.",
                     "title": "Success", "duration": 3}]
    assert not ToastMessage().validate({**sent[0], "id": "x"})
