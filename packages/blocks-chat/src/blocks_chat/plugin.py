"""The hook implementations of blocks-chat (loaded through the ``blocks`` entry point)."""

from __future__ import annotations

import blocks


@blocks.hookimpl
def blocks_register_components():
    from blocks_chat.chatbot import Chatbot
    from blocks_chat.multimodal_textbox import MultimodalTextbox
    return [Chatbot, MultimodalTextbox]


@blocks.hookimpl
def blocks_register_exports():
    from blocks_chat.chat_interface import ChatInterface
    from blocks_chat.messages import ChatMessage, MessageDict, MetadataDict, OptionDict
    return [ChatInterface, ChatMessage, MessageDict, MetadataDict, OptionDict]
