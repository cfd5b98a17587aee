"""What ``gr.ChatInterface`` does to a conversation, as plain functions.

Appending a message or a reply, taking back the last user turn, titling and
saving conversations, logging feedback: each takes and returns histories in
the normalised form a Chatbot gives functions (``blocks_chat.messages``).
"""

from __future__ import annotations

import csv
import datetime
import json
import os
import threading
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any

from blocks.components import Component
from blocks.events import LikeData
from blocks_chat.messages import ChatMessage

__all__ = ["as_messages", "append", "pop_last_turn", "title_of", "serializable",
           "FeedbackLog", "example_message"]

TITLE_LENGTH = 40


def as_messages(message: Any, role: str) -> list[dict]:
    """A user message, an example, or a function's reply as message dicts of ``role``.

    A reply may be text, a component, a file dict, a ``ChatMessage``, a message
    dict, a multimodal ``{"text", "files"}`` dict, or a list of these.
    """
    items = message if isinstance(message, list) else [message]
    made = []
    for item in items:
        if isinstance(item, ChatMessage):
            item.role = role
            made.append({field.name: getattr(item, field.name)
                         for field in dataclass_fields(item)})  # shallow, like the object
        elif isinstance(item, (str, Component)):
            made.append({"role": role, "content": item})
        elif isinstance(item, dict) and "content" in item:
            item["role"] = role
            made.append(item)
        elif isinstance(item, dict) and ("text" in item or "files" in item):
            content: list = [{"path": file.get("path") if isinstance(file, dict) else file}
                             for file in item.get("files") or []]
            if item.get("text"):
                content.append(item["text"])
            made.append({"role": role, "content": content})
        elif isinstance(item, dict) and "path" in item:
            made.append({"role": role, "content": item})
        elif item is not None:
            raise ValueError("A chat function returns text, a component, a file "
                             "({'path': ...}), a gr.ChatMessage or a message dict; got "
                             f"{type(item).__name__}.")
    return made


def append(message: Any, history: list | None, role: str = "user") -> list:
    """A new history: ``history`` (shallow-copied) and ``message`` as ``role``."""
    extended = list(history or [])
    extended.extend(as_messages(message, role))
    return extended


def pop_last_turn(history: list, multimodal: bool) -> tuple[list, Any]:
    """``history`` without its last user turn and the replies after it, and that turn.

    The turn comes back as the text (or ``{"text", "files"}`` when
    ``multimodal``), ready to be put back into the message box.
    """
    if not history:
        return history, {"text": "", "files": []} if multimodal else ""
    index = len(history) - 1
    while index >= 0 and history[index]["role"] == "assistant":
        index -= 1
    while index >= 0 and history[index]["role"] == "user":
        index -= 1
    text, found = "", []
    for message in history[index + 1:]:
        if message["role"] != "user":
            continue
        for part in _parts(message["content"]):
            if isinstance(part, dict) and part.get("type") == "file":
                found.append(part["file"])
            elif isinstance(part, dict) and part.get("type") == "text":
                text += part["text"]
            elif isinstance(part, str):
                text += part
    return history[:index + 1], {"text": text, "files": found} if multimodal else text


def _parts(content) -> list:
    return content if isinstance(content, list) else [content]


def title_of(conversation: list) -> str:
    """The first user text, cut to 40 characters; a paperclip for each file before it."""
    title = ""
    for message in conversation:
        if not isinstance(message, dict) or message.get("role") != "user":
            continue
        for part in _parts(message.get("content")):
            if isinstance(part, dict) and part.get("type") == "text":
                title += part.get("text", "")
                break
            if isinstance(part, str):
                title += part
                break
            title += "\N{PAPERCLIP} "
        else:
            continue
        break
    if len(title) > TITLE_LENGTH:
        title = title[:TITLE_LENGTH] + "..."
    return title or "Conversation"


def serializable(conversation: list) -> list:
    """A conversation with components replaced by their values (it is kept as JSON)."""
    def inner(value):
        if isinstance(value, list):
            return [inner(item) for item in value]
        if isinstance(value, dict):
            return {key: inner(item) for key, item in value.items()}
        if isinstance(value, Component):
            return value.value
        return value
    return inner(conversation)


def example_message(example: Any, label: str | None, icon: Any, multimodal: bool) -> dict:
    """How an example shows in the empty Chatbot (``ExampleMessage``)."""
    if isinstance(example, list):
        example = example[0] if example else ""
    item: dict = {}
    if isinstance(example, dict):
        item["text"] = example.get("text", "")
        item["files"] = list(example.get("files") or [])
    else:
        item["text"] = "" if example is None else str(example)
    if label is not None:
        item["display_text"] = label
    if icon is not None:
        item["icon"] = icon
    if not multimodal:
        item.pop("files", None)
    return item


class FeedbackLog:
    """``flagging_mode="manual"``: each like, dislike or flag goes into ``log.csv``."""

    HEADER = ("conversation", "index", "value", "flag", "timestamp")

    def __init__(self, folder: str | os.PathLike):
        self.path = Path(folder) / "log.csv"
        self._lock = threading.Lock()

    def flag(self, like_data: LikeData, messages: list) -> None:
        liked = like_data.liked
        feedback = "Like" if liked is True else "Dislike" if liked is False else str(liked)
        row = [json.dumps(messages, default=str), like_data.index,
               json.dumps(like_data.value, default=str), feedback,
               datetime.datetime.now().isoformat(sep=" ")]
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            new = not self.path.exists()
            with open(self.path, "a", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                if new:
                    writer.writerow(self.HEADER)
                writer.writerow([_csv_safe(cell) for cell in row])


def _csv_safe(cell) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
