"""Chat components for Blocks: ``gr.Chatbot``, ``gr.MultimodalTextbox``, ``gr.ChatInterface``.

Installing this distribution makes them, ``gr.ChatMessage`` and the message
typed dicts available to ``import blocks as gr`` through the ``blocks``
entry point (see :mod:`blocks_chat.plugin`). Importing this package loads
nothing else: each name is imported when first used.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

__all__ = ["Chatbot", "MultimodalTextbox", "ChatInterface", "ChatMessage", "MessageDict",
           "MetadataDict", "OptionDict"]

_MODULES = {"Chatbot": "chatbot", "MultimodalTextbox": "multimodal_textbox",
            "ChatInterface": "chat_interface", "ChatMessage": "messages",
            "MessageDict": "messages", "MetadataDict": "messages", "OptionDict": "messages"}


def __getattr__(name: str):
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module 'blocks_chat' has no attribute {name!r}")
    return getattr(importlib.import_module(f"blocks_chat.{module}"), name)
