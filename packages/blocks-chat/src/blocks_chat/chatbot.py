"""``gr.Chatbot``: a conversation of messages (the messages format of OpenAI's API).

The value is a list of messages (dicts or :class:`~blocks_chat.messages.ChatMessage`);
on the wire each message is ``{"role", "metadata", "content": [parts], "options"}``,
Gradio 6's shape, where a text part also carries the HTML the server rendered
(``{"type": "text", "text": ..., "html": ...}``). A function that takes the
Chatbot as input receives that list without the HTML.

While a generator streams a growing history, :meth:`Chatbot.postprocess_stream`
reuses what it made for the messages that did not change, so each yield costs
the new text only, and the page receives only edits (``blocks.diff``).
"""

from __future__ import annotations

import inspect
import mimetypes
import os
import re
import threading
import warnings
from pathlib import Path
from typing import Any, ClassVar, Sequence

from marshmallow import fields

from blocks import files
from blocks.components import Component
from blocks.events import CHANGE, CLEAR, SELECT, EventSpec
from blocks.exceptions import BlocksWarning
from blocks.file_access import active_rule
from blocks_chat.messages import (
    ROLES,
    ChatMessage,
    check_metadata,
    check_options,
    check_role,
    message_fields,
)
from blocks_chat.render import Renderer

__all__ = ["Chatbot"]

LIKE = EventSpec("like", "Triggered when the user likes, dislikes or flags a message; "
                 "gr.LikeData gives its index, value and the feedback (liked).")
RETRY = EventSpec("retry", "Triggered when the user asks for another answer to their last "
                  "message; gr.RetryData gives its index and value.")
UNDO = EventSpec("undo", "Triggered when the user takes back their last message; "
                 "gr.UndoData gives its index and value.")
EDIT = EventSpec("edit", "Triggered when the user edits a message; gr.EditData gives its "
                 "index, new value and previous value.")
EXAMPLE_SELECT = EventSpec("example_select", "Triggered when the user clicks an example "
                           "shown in the empty Chatbot; gr.SelectData gives its index and "
                           "value.")
OPTION_SELECT = EventSpec("option_select", "Triggered when the user clicks a preset reply "
                          "(a message's options); gr.SelectData gives its index and value.")
COPY = EventSpec("copy", "Triggered when the user copies a message or the conversation; "
                 "gr.CopyData gives the text copied.")
CHAT_CLEAR = EventSpec(CLEAR.name, "Triggered when the user clears the conversation with "
                       "its Clear button.")
CHAT_SELECT = EventSpec(SELECT.name, "Triggered when the user clicks a message; "
                        "gr.SelectData gives its index and value.")

BUTTONS = ("share", "copy", "copy_all")
URL = re.compile(r"^https?://", re.IGNORECASE)
URL_TYPE = "blocks.URL"  # a file the page loads from another site (never from the server)


class Chatbot(Component):
    """A conversation: messages of a user and an assistant, streamed as they are written.

    Its value is a list of messages: dicts ``{"role": "user" | "assistant" |
    "system", "content": ...}`` or ``gr.ChatMessage``. ``content`` is Markdown
    (rendered on the server, with highlighted code and LaTeX as MathML), a file
    (``{"path": "cat.png"}``, shown as an image, audio or video player, or a
    link), a component (``gr.Image(...)``), or a list of these. ``metadata``
    with a ``title`` shows a message as a collapsible step (nested with ``id``
    and ``parent_id``); ``options`` are preset replies the user can click.

    Args:
        value: the messages shown first.
        height: its height (pixels, or any CSS length); longer conversations scroll.
        min_height: its smallest height.
        max_height: its largest height.
        resizable: let the user drag its bottom edge to resize it.
        autoscroll: follow new messages, unless the user scrolled up.
        editable: ``"user"`` lets the user edit their messages, ``"all"`` any message.
        latex_delimiters: the delimiters of formulas, each ``{"left", "right",
            "display"}``; by default ``$$...$$`` on a line of its own. ``[]`` turns math off.
        rtl: lay the messages out right to left.
        buttons: the buttons shown: ``"copy"`` (on each message) and ``"copy_all"``
            (the whole conversation); ``"share"`` is accepted and shows nothing.
        show_copy_button: add ``"copy"`` to ``buttons`` (the Gradio 5 name).
        show_copy_all_button: add ``"copy_all"`` to ``buttons`` (the Gradio 5 name).
        watermark: text added after a blank line to every message the user copies.
        avatar_images: two images (paths or URLs) shown next to the user's and the
            assistant's messages; ``None`` for either leaves it out.
        sanitize_html: remove scripts and other active content from messages.
        render_markdown: render messages as Markdown (else shown as plain text).
        feedback_options: the feedback a user may give an answer: ``"Like"`` and
            ``"Dislike"`` are thumbs, other strings are listed under a flag.
        feedback_value: the feedback already given, one entry (or ``None``) per
            assistant message.
        line_breaks: a single newline breaks the line (as on GitHub).
        layout: ``"bubble"`` (messages on alternate sides) or ``"panel"`` (full width).
        placeholder: Markdown shown while the conversation is empty.
        examples: examples shown in the empty Chatbot, each ``{"text", "files",
            "display_text", "icon"}``; clicking one fires ``example_select``.
        allow_file_downloads: show a download link under files.
        group_consecutive_messages: show consecutive messages of one role in one bubble.
        allow_tags: tags kept when sanitising: a list of names, or ``True`` for any
            tag that is not HTML (``<thinking>``).
        reasoning_tags: ``(open, close)`` pairs: text between them is moved into a
            collapsible "Reasoning" step.
        like_user_message: offer feedback on the user's messages too.
        type: ``"messages"``, the only format (Gradio 6 removed the argument).
    """

    name = "chatbot"
    JS_MODULE = "chatbot.js"
    EVENTS = (CHANGE, CHAT_SELECT, LIKE, RETRY, UNDO, EXAMPLE_SELECT, OPTION_SELECT,
              CHAT_CLEAR, COPY, EDIT)
    SERVER_PARAMS = frozenset({"latex_delimiters", "sanitize_html", "render_markdown",
                               "line_breaks", "allow_tags", "reasoning_tags", "type",
                               "show_copy_button", "show_copy_all_button"})
    GRADIO_ONLY: ClassVar = {
        "show_share_button": "there is no share button (it shares to Hugging Face)",
        "bubble_full_width": "removed in Gradio 6; bubbles fit their messages",
        "likeable": "removed in Gradio 6; attaching a .like listener shows the buttons",
    }

    def __init__(self, value: Any = None, *, height: int | str | None = 400,
                 min_height: int | str | None = None, max_height: int | str | None = None,
                 resizable: bool = False, autoscroll: bool = True, editable: str | None = None,
                 latex_delimiters: list[dict] | None = None, rtl: bool = False,
                 buttons: Sequence | None = None, show_copy_button: bool = False,
                 show_copy_all_button: bool = False, watermark: str | None = None,
                 avatar_images: Sequence | None = None, sanitize_html: bool = True,
                 render_markdown: bool = True,
                 feedback_options: Sequence[str] | None = ("Like", "Dislike"),
                 feedback_value: Sequence[str | None] | None = None, line_breaks: bool = True,
                 layout: str | None = None, placeholder: str | None = None,
                 examples: list[dict] | None = None, allow_file_downloads: bool = True,
                 group_consecutive_messages: bool = True,
                 allow_tags: list[str] | bool = True,
                 reasoning_tags: list[tuple[str, str]] | None = None,
                 like_user_message: bool = False, type: str | None = None, **kwargs):
        if type is not None:
            if type == "tuples":
                raise ValueError("Chatbot(type='tuples') is not supported: Gradio 6 shows "
                                 "messages only. Write each message as {'role': ..., "
                                 "'content': ...}.")
            if type != "messages":
                raise ValueError(f"Chatbot type must be 'messages'; got {type!r}.")
            warnings.warn("Chatbot(type='messages'): messages are the only format (Gradio 6 "
                          "removed the argument); it can be left out.", BlocksWarning,
                          stacklevel=2)
        if editable not in (None, "user", "all"):
            raise ValueError(f"Chatbot editable must be None, 'user' or 'all'; got {editable!r}.")
        if layout not in (None, "bubble", "panel"):
            raise ValueError(f"Chatbot layout must be 'bubble' or 'panel'; got {layout!r}.")
        self.buttons = _buttons(buttons, show_copy_button, show_copy_all_button)
        self.feedback_options = list(feedback_options) if feedback_options else []
        self.feedback_value = list(feedback_value) if feedback_value is not None else None
        self.avatar_images = [_static_file(image) for image in
                              _pair(avatar_images, "avatar_images")]
        self.placeholder = _placeholder(placeholder, sanitize_html)
        self.reasoning_tags = [tuple(pair) for pair in reasoning_tags or []]
        self.renderer = Renderer(render_markdown=render_markdown, sanitize_html=sanitize_html,
                                 line_breaks=line_breaks, latex_delimiters=latex_delimiters,
                                 allow_tags=allow_tags)
        self._file_cache: dict = {}
        self._lock = threading.Lock()
        self.examples = _examples(examples)
        super().__init__(value, **kwargs)

    # -- the value on the wire ----------------------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        return fields.List(fields.Dict(keys=fields.String()), allow_none=True)

    def validate(self, value) -> None:
        for index, message in enumerate(value):
            where = f"message {index}"
            if message.get("role") not in ROLES:
                raise ValueError(f"The role of {where} must be one of {', '.join(ROLES)}.")
            content = message.get("content")
            if not isinstance(content, list):
                raise ValueError(f"The content of {where} must be a list of parts.")
            for part in content:
                _check_part(part, where)

    def preprocess(self, payload: list | None) -> list[dict]:
        """The messages as Gradio 6 gives them: ``content`` a list of parts (no HTML)."""
        if payload is None:
            return []
        return [{"role": message["role"], "metadata": message.get("metadata"),
                 "content": [_strip_html(part) for part in message["content"]],
                 "options": message.get("options")} for message in payload]

    def postprocess(self, value: Any) -> list[dict]:
        if value is None:
            return []
        if not isinstance(value, (list, tuple)):
            raise ValueError("Chatbot takes a list of messages; got "
                             f"{type(value).__name__}.")
        wire: list[dict] = []
        for message in value:
            wire.extend(self._message(message, None))
        return wire

    def postprocess_stream(self, value: Any, memo: dict) -> list[dict]:
        """Like :meth:`postprocess`, reusing the wire messages of unchanged messages.

        The memo keeps, for each message of the previous value, a snapshot (a
        copy of it, so that changes made in place are seen), the wire messages
        made from it and the memo of its text. A message equal to its snapshot
        gives back the very same wire dicts. The leading messages are compared
        all at once, as lists (in C): a growing history costs little per yield.
        """
        if value is None:
            memo.clear()
            return []
        if not isinstance(value, (list, tuple)):
            return self.postprocess(value)
        entries = memo.get("entries", [])
        snapshots = memo.get("snapshots", [])
        offsets = memo.get("offsets", [0])
        kept = 0
        common = min(len(value), len(entries)) - 1
        if common > 0 and list(value[:common]) == snapshots[:common]:
            kept = common  # only the last messages can have changed: the usual yield
        current, snaps = entries[:kept], snapshots[:kept]
        wire: list[dict] = memo["wire"][:offsets[kept]] if kept else []
        starts = offsets[:kept + 1]
        for index in range(kept, len(value)):
            message = value[index]
            entry = entries[index] if index < len(entries) else None
            if entry is None or not _unchanged(message, entry[0]):
                texts = entry[2] if entry is not None else {}
                entry = (_snapshot(message), self._message(message, texts), texts)
            current.append(entry)
            snaps.append(entry[0])
            wire.extend(entry[1])
            starts.append(len(wire))
        memo.update(entries=current, snapshots=snaps, offsets=starts, wire=wire)
        return list(wire)

    # -- one message -----------------------------------------------------------------------------
    def _message(self, message, texts: dict | None) -> list[dict]:
        role, content, metadata, options = message_fields(message)
        check_role(role)
        metadata = check_metadata(metadata)
        options = check_options(options)
        if content is None:
            return []
        items = content if isinstance(content, list) else [content]
        if self.reasoning_tags:
            return self._reasoning(role, items, metadata, options, texts)
        parts = [self._part(item, texts, position) for position, item in enumerate(items)]
        parts = [part for part in parts if part is not None]
        if not parts:
            return []
        return [{"role": role, "metadata": metadata, "content": parts, "options": options}]

    def _reasoning(self, role, items, metadata, options, texts) -> list[dict]:
        """Text between ``reasoning_tags`` becomes a collapsible "Reasoning" message."""
        messages, others = [], []
        for position, item in enumerate(items):
            text = _text_of(item)
            if text is None:
                part = self._part(item, texts, position)
                if part is not None:
                    others.append(part)
                continue
            for number, (segment, thinking, status) in enumerate(
                    _thinking_blocks(_cleandoc(text), self.reasoning_tags)):
                part = self._text(segment, texts, (position, number))
                if thinking:
                    messages.append({"role": role, "metadata": {"title": "Reasoning",
                                                                "status": status},
                                     "content": [part], "options": None})
                else:
                    messages.append({"role": role, "metadata": metadata, "content": [part],
                                     "options": options})
        if others:
            messages.append({"role": role, "metadata": metadata, "content": others,
                             "options": options})
        return messages

    def _text(self, text: str, texts: dict | None, position) -> dict:
        memo = texts.setdefault(position, {}) if texts is not None else None
        return {"type": "text", "text": text, "html": self.renderer.html(text, memo)}

    def _part(self, item, texts: dict | None, position) -> dict | None:
        if isinstance(item, str):
            return self._text(_cleandoc(item), texts, position)
        if isinstance(item, Component):
            return _component_part(item)
        if isinstance(item, (tuple, Path)):  # ("cat.png",), ("cat.png", "a cat"), Path
            pair = (item,) if isinstance(item, Path) else item
            if not pair:
                return None
            return self._file_part(pair[0], pair[1] if len(pair) > 1 else None)
        if isinstance(item, dict):
            kind = item.get("type")
            if kind == "text" and isinstance(item.get("text"), str):
                return self._text(item["text"], texts, position)
            if kind == "component":
                return _component_part_from_dict(item)
            if "file" in item:
                return self._file_part(item["file"], item.get("alt_text"))
            if "path" in item:
                return self._file_part(item, item.get("alt_text"))
        if item is None:
            return None
        raise ValueError(f"A message's content must be text, a file ({{'path': ...}}), a "
                         f"component or a list of these; got {type(item).__name__}.")

    # -- files ---------------------------------------------------------------------------------
    def _file_part(self, file, alt_text=None) -> dict:
        return {"type": "file", "file": self._file(file), "alt_text":
                None if alt_text is None else str(alt_text)}

    def _file(self, file) -> dict:
        if files.is_file_data(file) or _is_url_file(file):
            return file
        path = file.get("path") if isinstance(file, dict) else file
        if not isinstance(path, (str, os.PathLike)):
            raise ValueError(f"A file in a message needs a path or URL; got {file!r}.")
        path = os.fspath(path)
        if URL.match(path):
            return _url_file(path)
        rule = active_rule()  # a path a function returned passes the app's file rule
        if rule is not None:
            rule.check_returned(path)
        source = Path(path)
        try:
            stat = source.stat()
        except OSError as error:
            raise ValueError(f"File not found for a chat message: {path}") from error
        cache_key = (os.path.realpath(source), stat.st_mtime_ns, stat.st_size)
        with self._lock:
            cached = self._file_cache.get(cache_key)
        if cached is None:
            saved = files.save_file(source)
            cached = files.file_data(saved, orig_name=source.name,
                                     mime_type=mimetypes.guess_type(source.name)[0])
            with self._lock:
                if len(self._file_cache) > 1024:
                    self._file_cache.clear()
                self._file_cache[cache_key] = cached
        return dict(cached, meta=dict(cached["meta"]))

    # -- the API page ------------------------------------------------------------------------
    def example_value(self) -> list:
        return [{"role": "user", "metadata": None,
                 "content": [{"type": "text", "text": "Hello!"}], "options": None},
                {"role": "assistant", "metadata": None,
                 "content": [{"type": "text", "text": "How can I help you?"}],
                 "options": None}]

    def api_info(self) -> dict:
        return {"type": {"type": "array", "items": {"type": "object", "properties": {
            "role": {"enum": list(ROLES)},
            "content": {"type": "array", "items": {"type": "object"}},
            "metadata": {"type": ["object", "null"]},
            "options": {"type": ["array", "null"]}}, "required": ["role", "content"]}},
            "description": "the messages: each {'role', 'content': [parts], 'metadata', "
                           "'options'}; a part is {'type': 'text', 'text'}, {'type': 'file', "
                           "'file': FileData} or {'type': 'component', ...}"}


# -- helpers -----------------------------------------------------------------------------------
def _buttons(buttons, copy: bool, copy_all: bool) -> list[str]:
    if buttons is None:
        chosen = list(BUTTONS)
    else:
        chosen = []
        for button in buttons:
            if isinstance(button, str):
                if button not in BUTTONS:
                    raise ValueError(f"Chatbot buttons are among {', '.join(BUTTONS)}; got "
                                     f"{button!r}.")
                chosen.append(button)
            else:
                warnings.warn("Chatbot(buttons=[gr.Button(...)]): buttons of your own in the "
                              "Chatbot's toolbar are not shown; place the button next to it.",
                              BlocksWarning, stacklevel=3)
    if copy and "copy" not in chosen:
        chosen.append("copy")
    if copy_all and "copy_all" not in chosen:
        chosen.append("copy_all")
    return chosen


def _pair(value, what: str) -> list:
    if value is None:
        return [None, None]
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        raise ValueError(f"{what} must be a pair (user, assistant); got {value!r}.")
    return list(value)


def _cleandoc(text: str) -> str:
    """``inspect.cleandoc(text)`` (as Gradio cleans message text), at once when it changes nothing.

    With no tab, no indented line and no white space at either end, cleandoc
    gives the text back; checking that is a few searches in C, where cleandoc
    itself handles every line in Python (a long reply is cleaned at every token).
    """
    if text and "\t" not in text and "\n " not in text and not text[0].isspace() \
            and not text[-1].isspace():
        return text
    return inspect.cleandoc(text)


def _static_file(source) -> dict | None:
    """An image the app gives by path or URL (avatars, example icons), as FileData."""
    if source is None:
        return None
    if files.is_file_data(source) or _is_url_file(source):
        return source
    if isinstance(source, dict):
        source = source.get("path")
    text = os.fspath(source)
    if URL.match(text):
        return _url_file(text)
    if not os.path.isfile(text):
        raise ValueError(f"File not found: {text}")
    return files.file_data(files.save_file(text), orig_name=os.path.basename(text))


def _url_file(url: str) -> dict:
    name = url.rstrip("/").rsplit("/", 1)[-1].split("?")[0] or url
    return {"path": url, "url": url, "orig_name": name,
            "mime_type": mimetypes.guess_type(name)[0], "size": None,
            "meta": {"_type": URL_TYPE}}


def _is_url_file(value) -> bool:
    return isinstance(value, dict) and isinstance(value.get("meta"), dict) and \
        value["meta"].get("_type") == URL_TYPE


def _placeholder(text, sanitize: bool):
    if text is None:
        return None
    source = str(text)
    return {"markdown": source, "html": Renderer(sanitize_html=sanitize,
                                                 latex_delimiters=[]).html(source)}


def _examples(examples) -> list[dict] | None:
    if examples is None:
        return None
    checked = []
    for example in examples:
        if not isinstance(example, dict):
            raise ValueError(f"Each example is a dict with 'text', 'files', 'display_text' or "
                             f"'icon'; got {example!r}.")
        item: dict = {}
        if example.get("text") is not None:
            item["text"] = str(example["text"])
        if example.get("display_text") is not None:
            item["display_text"] = str(example["display_text"])
        if example.get("icon"):
            item["icon"] = _static_file(example["icon"])
        example_files = example.get("files")
        if example_files:
            if not isinstance(example_files, list):
                raise ValueError("An example's 'files' must be a list of paths or URLs.")
            item["files"] = [_static_file(file) for file in example_files]
        checked.append(item)
    return checked


def _strip_html(part: dict) -> dict:
    if part.get("type") == "text":
        return {"text": part.get("text", ""), "type": "text"}
    return part


def _check_part(part, where: str) -> None:
    if not isinstance(part, dict):
        raise ValueError(f"Each part of {where} must be an object.")
    kind = part.get("type")
    if kind == "text":
        if not isinstance(part.get("text"), str):
            raise ValueError(f"A text part of {where} needs a string 'text'.")
    elif kind == "file":
        file = part.get("file")
        if _is_url_file(file):
            if not URL.match(str(file.get("path", ""))):
                raise ValueError(f"A file of {where} that is not on this server must be an "
                                 "http(s) URL.")
        elif not files.is_file_data(file):
            raise ValueError(f"A file part of {where} needs a FileData 'file'.")
    elif kind == "component":
        if not isinstance(part.get("component"), str):
            raise ValueError(f"A component part of {where} needs a 'component' name.")
    else:
        raise ValueError(f"A part of {where} has an unknown type {kind!r}.")


def _component_part(component: Component) -> dict:
    """A component shown in a message: its element, props and value."""
    from blocks.config import module_url
    props = component.get_props()
    props.pop("interactive", None)
    return {"type": "component", "component": component.name,
            "module": module_url(type(component)), "value": props.get("value"),
            "props": props}


def _component_part_from_dict(part: dict) -> dict | None:
    """A component part sent back by a page: only a registered component, with its value."""
    from blocks.config import module_url
    from blocks.registry import catalog
    registry = catalog()
    cls = next((c for c in registry.components.values() if c.name == part.get("component")),
               None)
    if cls is None or not issubclass(cls, Component):
        return None
    props = dict(part.get("props") or {})
    props["value"] = part.get("value")
    return {"type": "component", "component": cls.name, "module": module_url(cls),
            "value": part.get("value"), "props": props}


def _text_of(item) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict) and item.get("type") == "text" and isinstance(item.get("text"),
                                                                                str):
        return item["text"]
    return None


def _thinking_blocks(content: str, tags) -> list[tuple[str, bool, str]]:
    """``(text, is_thinking, status)`` in order; an unclosed block is still ``pending``."""
    patterns = [f"({re.escape(open_)})(.*?)(?:{re.escape(close)}|$)" for open_, close in tags]
    found, last = [], 0
    for match in re.finditer("|".join(patterns), content, re.DOTALL):
        if match.start() > last:
            prose = content[last:match.start()].strip()
            if prose:
                found.append((prose, False, "done"))
        thinking = next((match.group(i + 1) for i in range(1, len(match.groups()), 2)
                         if match.group(i + 1) is not None), None)
        if thinking and thinking.strip():
            closed = any(match.group(0).endswith(close) for _, close in tags)
            found.append((thinking.strip(), True, "done" if closed else "pending"))
        last = match.end()
    if last < len(content):
        prose = content[last:].strip()
        if prose:
            found.append((prose, False, "done"))
    return found


class _NotPlain(Exception):
    pass


class _Keyed(tuple):
    """The snapshot of a message holding objects (components): compared by identity."""


def _snapshot(message):
    """A copy of what a message's wire form depends on, to compare it with later."""
    try:
        if type(message) is dict:
            return _plain(message)
        if isinstance(message, ChatMessage):
            return ChatMessage(role=message.role, content=_plain(message.content),
                               metadata=_plain(message.metadata),
                               options=_plain(message.options))
    except _NotPlain:
        pass
    return _Keyed(_key(message))


def _unchanged(message, snapshot) -> bool:
    """Whether ``message`` still equals its snapshot (compared in C for plain data)."""
    if type(snapshot) is _Keyed:
        return snapshot == _key(message)
    return message == snapshot  # dicts, and ChatMessage dataclasses, compare by value


def _plain(value):
    """A deep copy of JSON-like data; anything else (a component) raises ``_NotPlain``."""
    kind = type(value)
    if kind is str or value is None or kind is int or kind is float or kind is bool:
        return value
    if kind is dict:
        return {key: _plain(item) for key, item in value.items()}
    if kind is list:
        return [_plain(item) for item in value]
    if kind is tuple:
        return tuple(_plain(item) for item in value)
    raise _NotPlain


def _key(message):
    """What a message's wire form depends on; objects (components) by identity."""
    if type(message) is dict:
        return (message.get("role"), _freeze(message.get("content")),
                _freeze(message.get("metadata")), _freeze(message.get("options")))
    if isinstance(message, ChatMessage):
        return (message.role, _freeze(message.content), _freeze(message.metadata),
                _freeze(message.options))
    return ("?", id(message))


def _freeze(value):
    kind = type(value)
    if kind is str or value is None or kind is int or kind is float or kind is bool:
        return value
    if kind is dict:
        return tuple((key, _freeze(item)) for key, item in value.items())
    if kind is list or kind is tuple:
        return (kind, *map(_freeze, value))
    return (id(value), kind)  # a component or another object: by identity
