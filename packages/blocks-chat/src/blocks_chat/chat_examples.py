"""The examples and the saved conversations of ``gr.ChatInterface`` (a mixin of it)."""

from __future__ import annotations

from typing import Any

from blocks.events import SelectData
from blocks.updates import skip
from blocks_chat import chat_calls as calls
from blocks_chat import conversation
from blocks_chat.chatbot import Chatbot
from blocks_chat.conversations import ConversationList

__all__ = ["ExamplesAndSavedConversations", "kept_conversations"]


class ExamplesAndSavedConversations:
    """What ``ChatInterface`` does when an example is clicked or a conversation saved.

    It uses the interface's ``fn``, ``examples``, ``multimodal``, ``chatbot``,
    ``additional_inputs``, ``cache_examples``, ``save_history``, the example
    cache (``_cache`` under ``_cache_lock``) and its ``_submit``/``_stream``.
    """

    # -- examples -----------------------------------------------------------------------------
    def _example(self, index) -> tuple[Any, list]:
        """The message of example ``index`` (taken from the app, never from the page)."""
        if not isinstance(index, int) or not 0 <= index < len(self.examples or []):
            raise ValueError("There is no such example.")
        example = self.examples[index]
        values = list(example[1:]) if isinstance(example, list) else []
        message = example[0] if isinstance(example, list) else example
        if self.multimodal:
            if isinstance(message, str):
                message = {"text": message, "files": []}
            message = {"text": message.get("text", ""), "files": list(message.get("files")
                                                                        or [])}
        elif isinstance(message, dict):
            message = message.get("text", "")
        return message, values

    def _example_history(self, index: int) -> list:
        """The conversation an example makes: from the cache, or by asking ``fn``."""
        with self._cache_lock:
            cached = self._cache.get(index)
        if cached is not None:
            return cached
        message, values = self._example(index)
        defaults = [item.value for item in self.additional_inputs]
        args = values + defaults[len(values):]
        kwargs = dict.fromkeys(calls.special_names(self.fn))
        if self.is_generator:
            last = None
            for last in self._stream(message, [], *args, **kwargs):  # noqa: B007
                pass
            history = last[1] if last is not None else conversation.append(message, [])
        else:
            history = self._submit(message, [], *args, **kwargs)[1]
        history = Chatbot().preprocess(self.chatbot.postprocess(history))
        with self._cache_lock:
            self._cache[index] = history
        return history

    def _cache_all_examples(self) -> None:
        for index in range(len(self.examples or [])):
            self._example_history(index)

    def _example_clicked(self, example: SelectData):
        message, _ = self._example(example.index)
        history = conversation.append(message, [], "user")
        yield history, message
        if self.cache_examples:
            yield self._example_history(example.index), message

    def _example_populated(self, example: SelectData):
        message, _ = self._example(example.index)
        return message

    def _example_filled(self, example: SelectData):
        message, values = self._example(example.index)
        filled = [message, *[value if value is not None else skip()
                             for value in values[:len(self.additional_inputs)]]]
        filled += [skip()] * (1 + len(self.additional_inputs) - len(filled))
        if self.cache_examples:
            filled.append(self._example_history(example.index))
        return tuple(filled)

    # -- saved conversations -------------------------------------------------------------------
    def _save_conversation(self, index, history, saved):
        if not self.save_history:
            return index, saved
        saved = kept_conversations(saved)
        kept = conversation.serializable(history or [])
        if index is not None and 0 <= index < len(saved):
            saved[index] = kept
        else:
            saved.insert(0, kept)
            index = 0
        return index, saved

    def _delete_conversation(self, index, saved):
        saved = kept_conversations(saved)
        if index is not None and 0 <= index < len(saved):
            saved.pop(index)
        return None, saved

    def _history_list(self, saved, index):
        titles = [conversation.title_of(item) for item in kept_conversations(saved)]
        return ConversationList(titles=titles, value=index)

    def _load_conversation(self, saved, chosen: SelectData):
        saved = kept_conversations(saved)
        index = chosen.index
        if not isinstance(index, int) or not 0 <= index < len(saved):
            return None, []  # the page names a conversation this browser does not keep
        return index, saved[index]


def kept_conversations(value) -> list:
    """The conversations a browser keeps: a list of lists (the page's storage is its own to
    change; anything else in it is left out)."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, list)]
