"""BLOCKS_* and Gradio's GRADIO_* environment variables."""

import warnings

import pytest

import blocks as gr
from blocks.environment import env, settings_from_environment
from blocks.exceptions import BlocksWarning
from blocks.server.settings import Settings


def test_the_blocks_name_wins_over_gradios_and_empty_counts_as_unset():
    assert env("SERVER_PORT", {"GRADIO_SERVER_PORT": "7000"}) == "7000"
    assert env("SERVER_PORT", {"GRADIO_SERVER_PORT": "7000", "BLOCKS_SERVER_PORT": "8000"}) \
        == "8000"
    assert env("SERVER_PORT", {"BLOCKS_SERVER_PORT": "", "GRADIO_SERVER_PORT": "7000"}) == "7000"
    assert env("SERVER_PORT", {}) is None


def test_settings_from_the_environment(tmp_path):
    found = settings_from_environment({"GRADIO_ROOT_PATH": "/demo",
                                       "GRADIO_ALLOWED_PATHS": f"{tmp_path}, /srv/data",
                                       "BLOCKS_BLOCKED_PATHS": str(tmp_path / "secret"),
                                       "GRADIO_MAX_FILE_SIZE": "5mb"})
    assert found == {"root_path": "/demo", "allowed_paths": [str(tmp_path), "/srv/data"],
                     "blocked_paths": [str(tmp_path / "secret")], "max_file_size": "5mb"}


def test_an_app_takes_unset_settings_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("GRADIO_ALLOWED_PATHS", str(tmp_path))
    monkeypatch.setenv("GRADIO_ROOT_PATH", "/from-env")
    settings = Settings.from_kwargs(root_path="/from-code")
    assert settings.allowed_paths == [tmp_path] and settings.root_path == "/from-code"


def test_the_temp_dir_and_server_settings(monkeypatch, tmp_path):
    from blocks.files import temp_dir
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "t"))
    assert temp_dir() == tmp_path / "t" and temp_dir().is_dir()
    with gr.Blocks() as demo:
        gr.Textbox()
    monkeypatch.setenv("GRADIO_SERVER_NAME", "127.0.0.1")
    monkeypatch.setenv("GRADIO_SERVER_PORT", "0")
    demo.launch(prevent_thread_lock=True, quiet=True)
    try:
        assert demo.local_url.startswith("http://127.0.0.1:")
    finally:
        demo.close()


def test_variables_blocks_has_nothing_to_do_for():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        settings_from_environment({"GRADIO_ANALYTICS_ENABLED": "True"})  # no telemetry
        settings_from_environment({"GRADIO_SSR_MODE": "false"})
    with pytest.warns(BlocksWarning, match="SSR_MODE"):
        settings_from_environment({"GRADIO_SSR_MODE": "true"})


def test_gradio_module_paths_and_small_names():
    import blocks.themes.utils.colors as colors_module

    from blocks.themes.base import Base
    from blocks.themes.utils import colors, fonts, sizes

    assert colors is gr.themes.colors and colors_module is colors
    assert fonts.GoogleFont is gr.themes.GoogleFont and sizes is gr.themes.sizes
    assert Base is gr.themes.Base
    assert gr.NO_RELOAD is True
    assert callable(gr.cache) and gr.Cache().get("missing") is None
