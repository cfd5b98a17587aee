"""Blocks: build interactive web apps from Python functions.

``import blocks as gr``, then lay out components inside ``with gr.Blocks()``,
connect their events to functions and ``demo.launch()``. Components come
from plugins: ``gr.Textbox`` is built in, ``gr.Image`` comes with
blocks-image. Importing this package has no side effects and loads no
server code.
"""

from __future__ import annotations

from blocks import mcp, themes
from blocks.api_fn import api
from blocks.blocks import Blocks
from blocks.events import (
    CopyData,
    DeletedFileData,
    DownloadData,
    EditData,
    EventData,
    KeyUpData,
    LikeData,
    RetryData,
    SelectData,
    UndoData,
    on,
)
from blocks.exceptions import BlocksWarning, Error
from blocks.hookspecs import hookimpl
from blocks.i18n import I18n
from blocks.layouts import (
    Accordion,
    Column,
    Group,
    Row,
    Sidebar,
    Step,
    Tab,
    TabItem,
    Tabs,
    Walkthrough,
    WalkthroughStep,
)
from blocks.messages import Info, Success, Warning
from blocks.oauth import OAuthProfile, OAuthToken
from blocks.progress import Progress
from blocks.render import render
from blocks.request import Request
from blocks.updates import skip, update, validate
from blocks.version import __version__ as __version__

__all__ = ["render", "Blocks", "Row", "Column", "Group", "Tabs", "Tab", "TabItem", "Accordion",
           "Sidebar", "Walkthrough", "Step", "WalkthroughStep", "I18n", "EventData", "SelectData",
           "KeyUpData", "LikeData", "RetryData", "UndoData", "EditData", "CopyData",
           "DeletedFileData", "DownloadData",
           "Error", "BlocksWarning", "Info", "Warning", "Progress", "Request", "OAuthProfile",
           "OAuthToken", "on", "update",
           "skip", "validate", "hookimpl", "themes", "mcp", "api", "create_app",
           "mount_gradio_app", "set_static_paths", "load",
           "Interface", "TabbedInterface", "Examples", "CSVLogger", "FlaggingCallback",
           "cache", "Cache", "NO_RELOAD", "Success", "Component", "Theme", "get_file",
           "get_image", "get_audio", "get_video", "get_model3d"]

# True when the script runs to build the app the first time; `blocks run` (reload mode)
# sets it False before running the edited script again: code under `if gr.NO_RELOAD:`
# (loading a model, filling a cache) runs once.
NO_RELOAD = True


def create_app(blocks, **settings):
    """The Flask app that serves ``blocks`` (see ``blocks.server.app``)."""
    from blocks.server.app import create_app as _create_app
    return _create_app(blocks, **settings)


def mount_gradio_app(app, blocks, path, **kwargs):
    """Serve ``blocks`` at ``path`` of a Flask (or any WSGI) app (see ``blocks.server.mount``)."""
    from blocks.server.mount import mount_gradio_app as _mount
    return _mount(app, blocks, path, **kwargs)


def set_static_paths(paths) -> None:
    """Serve the files under ``paths`` directly from disk, to every visitor (Gradio's API).

    They are not copied into the cache and are fetched at ``/file=<absolute path>``;
    functions may return them. Applies to every app of this process until called again.
    See ``blocks.file_access``.
    """
    from blocks.file_access import set_static_paths as _set
    _set(paths)


# The high-level classes and caching, imported when first used (``import blocks`` stays cheap).
_LAZY = {"Interface": "blocks.interface", "TabbedInterface": "blocks.tabbed_interface",
         "Examples": "blocks.examples", "CSVLogger": "blocks.flagging",
         "FlaggingCallback": "blocks.flagging", "cache": "blocks.caching",
         "Cache": "blocks.caching", "load": "blocks.loading",
         "Component": "blocks.components.base",
         "get_file": "blocks.media", "get_image": "blocks.media", "get_audio": "blocks.media",
         "get_video": "blocks.media", "get_model3d": "blocks.media"}
# gr.Theme is Gradio's name of the base theme class
_RENAMED = {"Theme": ("blocks.themes.base", "Base")}


def __getattr__(name: str):
    if name in _LAZY or name in _RENAMED:
        import importlib
        module, attr = _RENAMED.get(name, (_LAZY.get(name), name))
        return getattr(importlib.import_module(module), attr)
    from blocks.left_out import LEFT_OUT, left_out_error
    # Components resolve through the plugin registry: gr.Textbox, gr.Image, ...
    if name.startswith("_") or not name[:1].isupper():
        if name in LEFT_OUT:  # gr.load, gr.deploy, ...: what to do instead
            raise left_out_error(name)
        # submodules (`from blocks import server`) are not components
        raise AttributeError(f"module 'blocks' has no attribute {name!r}")
    from blocks.registry import catalog
    registry = catalog()
    cls = registry.component_by_class_name(name)
    if cls is None:
        if name in LEFT_OUT:
            raise left_out_error(name)
        raise registry.missing_component_error(name)
    return cls


def __dir__():
    from blocks.registry import catalog
    return sorted(set(globals()) | set(_LAZY) | set(_RENAMED) | set(catalog()._by_class_name))
