"""Chat messages as functions write them: ``gr.ChatMessage`` and the typed dicts.

A chat history is a list of messages in the format of OpenAI's API: dicts
with ``role`` and ``content`` (and optionally ``metadata`` and ``options``),
or :class:`ChatMessage` objects. ``content`` is Markdown text, a file
(``{"path": ...}``), a component (``gr.Image(...)``) or a list of these.

A function that receives a history gets it normalised, as Gradio 6 gives it
(:class:`NormalizedMessageDict`): ``content`` is always a list of parts,
``{"type": "text", "text": ...}``, ``{"type": "file", "file": FileData,
"alt_text": ...}`` or ``{"type": "component", ...}``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

__all__ = ["ChatMessage", "MessageDict", "MetadataDict", "OptionDict", "FileDataDict",
           "TextMessageDict", "FileMessageDict", "ComponentMessageDict",
           "NormalizedMessageDict", "ExampleMessage", "ROLES", "message_fields",
           "check_metadata", "check_options"]

ROLES = ("user", "assistant", "system")
METADATA_KEYS = ("title", "id", "parent_id", "log", "duration", "status")


class MetadataDict(TypedDict, total=False):
    """What a message shows as a collapsible step (a thought, a tool call).

    ``title`` makes the message such a step; ``id`` and ``parent_id`` nest
    steps; ``log`` and ``duration`` (seconds) are shown next to the title;
    ``status`` ``"pending"`` shows a spinner and keeps the step open,
    ``"done"`` closes it.
    """

    title: str
    id: int | str
    parent_id: int | str
    log: str
    duration: float
    status: Literal["pending", "done"]


class _OptionRequired(TypedDict):
    value: str


class OptionDict(_OptionRequired, total=False):
    """A preset reply the user can click: ``value`` is sent, ``label`` is shown."""

    label: str


class _FileRequired(TypedDict):
    path: str


class FileDataDict(_FileRequired, total=False):
    """A file: where the server keeps it (``path``), and what the page shows."""

    url: str | None
    size: int | None
    orig_name: str | None
    mime_type: str | None
    meta: dict


class _MessageRequired(TypedDict):
    content: Any
    role: Literal["user", "assistant", "system"]


class MessageDict(_MessageRequired, total=False):
    """A message as functions write it: ``content`` is text, a file, a component or a list."""

    metadata: MetadataDict
    options: list[OptionDict]


class TextMessageDict(TypedDict):
    text: str
    type: Literal["text"]


class _FileMessageRequired(TypedDict):
    file: FileDataDict
    type: Literal["file"]


class FileMessageDict(_FileMessageRequired, total=False):
    alt_text: str | None


class ComponentMessageDict(TypedDict):
    component: str
    value: Any
    props: dict
    type: Literal["component"]


class _NormalizedRequired(TypedDict):
    content: list
    role: Literal["user", "assistant", "system"]


class NormalizedMessageDict(_NormalizedRequired, total=False):
    """A message as functions receive it: ``content`` is a list of parts."""

    metadata: MetadataDict | None
    options: list[OptionDict] | None


class ExampleMessage(TypedDict, total=False):
    """An example shown in an empty Chatbot: ``text`` and ``files`` are what it sends,
    ``display_text`` what it shows instead of the text, ``icon`` an image above it."""

    icon: str | FileDataDict
    display_text: str
    text: str
    files: list[str | FileDataDict]


@dataclass
class ChatMessage:
    """A message of a chat history (the dataclass form of :class:`MessageDict`).

    Args:
        content: Markdown text, a file (``{"path": ...}``), a component, or a list of these.
        role: ``"assistant"`` (the default), ``"user"`` or ``"system"``.
        metadata: shows the message as a collapsible step: ``title``, ``id``,
            ``parent_id``, ``log``, ``duration``, ``status`` (:class:`MetadataDict`).
        options: preset replies the user can click (:class:`OptionDict`).
    """

    content: Any
    role: Literal["user", "assistant", "system"] = "assistant"
    metadata: MetadataDict = field(default_factory=dict)  # type: ignore[assignment]
    options: list[OptionDict] = field(default_factory=list)


def message_fields(message) -> tuple[str, Any, Any, Any]:
    """``(role, content, metadata, options)`` of a dict or :class:`ChatMessage`.

    Anything else is refused with a message that says what a message is;
    Gradio 6 dropped the ``[user, bot]`` pairs of the old "tuples" format.
    """
    if isinstance(message, ChatMessage):
        return message.role, message.content, message.metadata, message.options
    if isinstance(message, dict) and "role" in message and "content" in message:
        return message["role"], message["content"], message.get("metadata"), \
            message.get("options")
    if isinstance(message, (list, tuple)) and len(message) == 2:
        raise ValueError("Chatbot takes messages, not [user, bot] pairs: the 'tuples' format "
                         "was removed in Gradio 6. Write each message as "
                         "{'role': 'user' or 'assistant', 'content': ...}.")
    raise ValueError("Data incompatible with the messages format: each message must be a "
                     "dict with 'role' and 'content' keys, or a gr.ChatMessage; got "
                     f"{type(message).__name__}.")


def check_role(role) -> str:
    if role not in ROLES:
        raise ValueError(f"A message's role must be one of {', '.join(ROLES)}; got {role!r}.")
    return role


def check_metadata(metadata) -> dict | None:
    """The known keys of ``metadata`` (``None`` when there are none)."""
    if metadata is None:
        return None
    if not isinstance(metadata, dict):
        raise ValueError(f"A message's metadata must be a dict; got {type(metadata).__name__}.")
    checked = {key: metadata[key] for key in METADATA_KEYS if metadata.get(key) is not None}
    status = checked.get("status")
    if status is not None and status not in ("pending", "done"):
        raise ValueError(f"metadata status must be 'pending' or 'done'; got {status!r}.")
    for key in ("title", "log"):
        if key in checked:
            checked[key] = str(checked[key])
    if "duration" in checked:
        checked["duration"] = float(checked["duration"])
    return checked or None


def check_options(options) -> list | None:
    if not options:
        return None
    checked = []
    for option in options:
        if not isinstance(option, dict) or "value" not in option:
            raise ValueError(f"Each option is a dict with a 'value' (and a 'label'); got "
                             f"{option!r}.")
        item = {"value": str(option["value"])}
        if option.get("label") is not None:
            item["label"] = str(option["label"])
        checked.append(item)
    return checked
