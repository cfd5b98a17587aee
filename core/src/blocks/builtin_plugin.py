"""The plugin that registers what blocks-core provides to apps, like any other plugin.

Components, themes, the password and header auth backends, the in-memory
session and login stores. The core's commands (``blocks plugins``, ``blocks new``) are
registered by the command line itself (``blocks.cli``), the layer above.
"""

from __future__ import annotations

from blocks.hookspecs import hookimpl


@hookimpl
def blocks_register_components():
    from blocks.components.button import Button
    from blocks.components.checkbox import Checkbox
    from blocks.components.choices import Dropdown, Radio
    from blocks.components.html import HTML
    from blocks.components.login_button import LoginButton
    from blocks.components.markdown import Markdown
    from blocks.components.number import Number
    from blocks.components.slider import Slider
    from blocks.components.state import BrowserState, State
    from blocks.components.textbox import Textbox
    from blocks.components.timer import Timer
    from blocks.layouts import Accordion, Column, Group, Row, Sidebar, Step, Tab, Tabs, Walkthrough
    from blocks.multipage import Navbar
    return [Textbox, Number, Button, Markdown, HTML, Slider, Checkbox, Dropdown, Radio,
            Timer, State, BrowserState, LoginButton, Row, Column,
            Group, Tabs, Tab, Accordion, Sidebar, Walkthrough, Step, Navbar,
            *_value_components()]


def _value_components() -> list:
    """Components for values of their own kinds: choices, JSON, classes, code, colours,
    dates, samples, files; and the buttons that clear a page, link to it, upload and
    download."""
    from blocks.components.checkboxgroup import CheckboxGroup
    from blocks.components.clear_button import ClearButton
    from blocks.components.code import Code
    from blocks.components.color_picker import ColorPicker
    from blocks.components.dataset import Dataset
    from blocks.components.date_time import DateTime
    from blocks.components.deep_link_button import DeepLinkButton
    from blocks.components.dialogue import Dialogue
    from blocks.components.download_button import DownloadButton
    from blocks.components.duplicate_button import DuplicateButton
    from blocks.components.file import File, Files
    from blocks.components.highlighted_text import HighlightedText
    from blocks.components.json_component import JSON
    from blocks.components.label import Label
    from blocks.components.paramviewer import ParamViewer
    from blocks.components.textarea import TextArea
    from blocks.components.upload_button import UploadButton
    return [TextArea, CheckboxGroup, JSON, Label, HighlightedText, Code, ColorPicker,
            DateTime, Dataset, ClearButton, DeepLinkButton, DuplicateButton, ParamViewer,
            File, Files, UploadButton, DownloadButton, Dialogue]


@hookimpl
def blocks_register_themes():
    from blocks.themes.base import Base, Default
    return [Default, Base]


@hookimpl
def blocks_register_auth_backends():
    from blocks.auth import HeaderAuth, PasswordAuth
    return [PasswordAuth, HeaderAuth]


@hookimpl
def blocks_register_login_stores():
    from blocks.auth_store import MemoryLoginStore
    return [MemoryLoginStore]


@hookimpl
def blocks_register_state_backends():
    from blocks.session_memory import MemorySessionStore
    return [MemorySessionStore]

