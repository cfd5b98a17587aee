"""``gr.ChatInterface``: a whole chat app around one function, ``fn(message, history)``.

The function receives the user's message (text, or ``{"text", "files"}`` with
``multimodal=True``) and the history before it (normalised messages), plus
one value per additional input, and returns or yields its reply: text, a
``gr.ChatMessage``, a message dict, a file, a component, or a list of these
(followed by one value per additional output). Yielding streams the reply.

The layout and listeners follow Gradio's: a Chatbot, a message box with its
submit and stop buttons, examples in the empty Chatbot, additional inputs in
an accordion, retry/undo/edit/options/clear wired to the function, saved
conversations in a side panel, feedback logged to a CSV file.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
import warnings
from typing import Callable, Literal

from blocks import context
from blocks.blocks import Blocks
from blocks.components.button import Button
from blocks.components.markdown import Markdown
from blocks.components.state import BrowserState, State
from blocks.components.textbox import Textbox
from blocks.events import EditData, SelectData, on
from blocks.exceptions import BlocksWarning
from blocks.layouts import Accordion, Column, Group, Row
from blocks.updates import skip, update
from blocks_chat import chat_calls as calls
from blocks_chat import chat_options as options
from blocks_chat import conversation
from blocks_chat.chat_examples import ExamplesAndSavedConversations
from blocks_chat.chatbot import Chatbot
from blocks_chat.conversations import ConversationList
from blocks_chat.multimodal_textbox import MultimodalTextbox
from blocks_chat.response import ChatResponse

__all__ = ["ChatInterface"]

PLACEHOLDER = "Type a message..."


class ChatInterface(ExamplesAndSavedConversations, Blocks):
    """A chat app around ``fn(message, history, *additional_inputs)``.

    Made inside ``with gr.Blocks()`` it is placed where it is created; made
    outside, ``.launch()`` serves it alone and ``.render()`` places it in a
    Blocks being built. ``chatbot``, ``textbox``, ``chatbot_value`` (a State
    whose changes are shown in the Chatbot) are attributes for other listeners.

    Args:
        fn: the chat function: returns or yields the reply.
        multimodal: use a ``gr.MultimodalTextbox``: ``message`` is ``{"text", "files"}``.
        chatbot: a ``gr.Chatbot`` to use (its examples are replaced by ``examples``).
        textbox: a ``gr.Textbox`` or ``gr.MultimodalTextbox`` to use.
        additional_inputs: components (or their names, "textbox", "slider", ...) whose
            values follow ``history`` in the call; shown in an accordion unless placed.
        additional_inputs_accordion: the accordion's label, or a ``gr.Accordion``.
        additional_outputs: components placed elsewhere that receive the values the
            function returns after its reply.
        editable: let users edit their messages, which answers them again.
        examples: example messages (strings, ``{"text", "files"}`` dicts, or lists
            starting with the message followed by additional input values).
        examples_label: the label of examples that set additional inputs.
        example_labels: text shown for each example instead of the example itself.
        example_icons: an image (path or URL) shown above each example.
        run_examples_on_click: clicking an example sends it (else it fills the box).
        cache_examples: ``True`` answers every example once, when the app is built, and
            shows the stored answers; ``"lazy"`` stores each answer when first asked.
        cache_mode: ``"eager"`` or ``"lazy"`` (``cache_examples="lazy"`` says the same).
        title: shown above the chat, and the browser tab's title.
        description: Markdown shown under the title.
        flagging_mode: ``"manual"`` lets users give feedback on answers, logged to
            ``flagging_dir/log.csv``; ``"never"`` (the default) does not.
        flagging_options: the feedback offered ("Like" and "Dislike" are thumbs).
        flagging_dir: the folder of the feedback log.
        autofocus: put the cursor in the message box when the page loads.
        autoscroll: follow new messages in the Chatbot.
        submit_btn: show a submit button (``True``), with this text, or none.
        stop_btn: show a stop button while a reply streams (``True``), with this
            text, or none; it stops the function.
        concurrency_limit: how many replies may be written at once (``"default"``:
            the queue's default; ``None``: no limit).
        show_progress: ``"minimal"``, ``"full"`` or ``"hidden"``.
        api_name: the name of the chat endpoint for programs (default: the
            function's name).
        api_description: the description of that endpoint.
        api_visibility: ``"public"``, ``"undocumented"`` or ``"private"``.
        save_history: keep conversations in the browser and list them in a side panel.
        validator: a function of the inputs returning ``gr.validate(...)``, run before ``fn``.
    """

    def __init__(self, fn: Callable, *, multimodal: bool = False, chatbot: Chatbot | None = None,
                 textbox: Textbox | MultimodalTextbox | None = None, additional_inputs=None,
                 additional_inputs_accordion: str | Accordion | None = None,
                 additional_outputs=None, editable: bool = False, examples: list | None = None,
                 examples_label: str | None = "Examples", example_labels: list | None = None,
                 example_icons: list | None = None, run_examples_on_click: bool = True,
                 cache_examples: bool | str | None = None, cache_mode: str | None = None,
                 title: str | None = None, description: str | None = None,
                 flagging_mode: Literal["never", "manual"] | None = None,
                 flagging_options: list[str] | tuple[str, ...] | None = ("Like", "Dislike"),
                 flagging_dir: str = ".gradio/flagged", analytics_enabled: bool | None = None,
                 autofocus: bool = True, autoscroll: bool = True,
                 submit_btn: str | bool | None = True, stop_btn: str | bool | None = True,
                 concurrency_limit: int | Literal["default"] | None = "default",
                 delete_cache: tuple[int, int] | None = None,
                 show_progress: Literal["full", "minimal", "hidden"] = "minimal",
                 fill_height: bool = True, fill_width: bool = False, api_name: str | None = None,
                 api_description: str | Literal[False] | None = None,
                 api_visibility: Literal["public", "private", "undocumented"] = "public",
                 save_history: bool = False, validator: Callable | None = None,
                 type: str | None = None, theme=None, css: str | None = None, css_paths=None,
                 js: str | None = None, head: str | None = None, head_paths=None):
        options.check_type(type)
        parent = context.root_blocks.get()
        super().__init__(theme=theme, analytics_enabled=analytics_enabled,
                         mode="chat_interface", title=str(title or "Blocks"),
                         fill_height=fill_height, fill_width=fill_width,
                         delete_cache=delete_cache, css=css, css_paths=css_paths, js=js,
                         head=head, head_paths=head_paths)
        self.fn = fn.fn if isinstance(fn, ChatInterface) else fn
        self.multimodal = multimodal
        self.is_generator = inspect.isgeneratorfunction(self.fn) or \
            inspect.isasyncgenfunction(self.fn)
        self.editable = editable
        self.autofocus = autofocus
        self.autoscroll = autoscroll
        self.description = description
        self.show_progress = show_progress
        self.concurrency_limit = concurrency_limit
        self.api_name, self.api_description = api_name, api_description
        self.api_visibility = api_visibility
        self.save_history = save_history
        self.validator = validator
        self.additional_inputs = [options.component(item)
                                  for item in options.as_list(additional_inputs)]
        self.additional_outputs = options.as_list(additional_outputs)
        self.accordion = options.accordion(additional_inputs_accordion)
        self.examples = examples
        self.examples_label = examples_label
        self.example_labels = example_labels
        self.example_icons = example_icons
        self.run_examples_on_click = run_examples_on_click
        self.cache_examples, self.cache_mode = options.cache_settings(cache_examples, cache_mode)
        self.flagging_mode = options.flagging_mode(flagging_mode)
        self.flagging_options = list(flagging_options or [])
        self.flagging_dir = flagging_dir
        self._cache: dict[int, list] = {}
        self._cache_lock = threading.Lock()
        self._examples_set_inputs = bool(self.additional_inputs) and any(
            isinstance(example, list) and any(value is not None for value in example[1:])
            for example in examples or [])
        if examples and self.additional_inputs and not all(isinstance(e, list)
                                                             for e in examples):
            raise ValueError("Examples must be a list of lists when additional inputs are "
                             "given: the message first, then one value per input.")
        for given in (chatbot, textbox):
            if given is not None:
                given.unrender()
        self._title = title
        self.root = parent or self  # where listeners and the load event live
        if parent is None:
            with self:
                self._build(chatbot, textbox, submit_btn, stop_btn)
        else:  # inside an app being built: its components and listeners are the app's
            self._build(chatbot, textbox, submit_btn, stop_btn)
        if self.cache_examples and self.cache_mode == "eager":
            self._cache_all_examples()

    # -- layout ------------------------------------------------------------------------
    def _build(self, chatbot, textbox, submit_btn, stop_btn) -> None:
        self.saved_conversations = BrowserState(
            [], storage_key=f"blocks-chat-conversations-{options.storage_key(self.fn)}")
        self.conversation_id = State(None)
        self.saved_input = State()
        self.null_component = State()
        with Column():
            self._render_header()
            if self.save_history:
                with Row(scale=1):
                    with Column(scale=1, min_width=100):
                        self.new_chat_button = Button("New chat", variant="primary", size="md")
                        self.chat_history_list = ConversationList(label="Saved conversations",
                                                                  interactive=True)
                    with Column(scale=6):
                        self._render_chat(chatbot, textbox, submit_btn, stop_btn)
                        self._render_footer()
            else:
                self._render_chat(chatbot, textbox, submit_btn, stop_btn)
                self._render_footer()
        self._listen()

    def _render_header(self) -> None:
        if self._title:
            Markdown(f"<h1 style='text-align: center; margin-bottom: 1rem'>{self._title}</h1>")
        if self.description:
            Markdown(self.description)

    def _render_chat(self, chatbot, textbox, submit_btn, stop_btn) -> None:
        examples = None if not self.examples else [
            conversation.example_message(example, _nth(self.example_labels, index),
                                         _nth(self.example_icons, index), self.multimodal)
            for index, example in enumerate(self.examples)]
        if chatbot is not None:
            self.chatbot = chatbot
            chatbot.render()
            if examples is not None:
                if chatbot.examples:
                    warnings.warn("The ChatInterface's examples replace those of its Chatbot.",
                                  BlocksWarning, stacklevel=4)
                chatbot.examples = Chatbot(examples=examples, render=False).examples
        else:
            self.chatbot = Chatbot(label="Chatbot", scale=1, height="100%" if self.fill_height
                                   else 400, autoscroll=self.autoscroll, examples=examples)
        self.submit_button = self.stop_button = None
        with Group(), Row():
            if textbox is not None:
                textbox.show_label = False
                textbox.render()
                self.textbox = textbox
            elif self.multimodal:
                self.textbox = MultimodalTextbox(
                    show_label=False, label="Message", placeholder=PLACEHOLDER, scale=7,
                    autofocus=self.autofocus, submit_btn=submit_btn, stop_btn=stop_btn)
            else:
                self.textbox = Textbox(show_label=False, label="Message", scale=7,
                                       placeholder=PLACEHOLDER, autofocus=self.autofocus)
            if isinstance(self.textbox, Textbox):
                if submit_btn:
                    # interactive: outputs of the listeners that swap them, yet clickable
                    self.submit_button = Button(submit_btn if isinstance(submit_btn, str)
                                                else "Submit", variant="primary", scale=1,
                                                min_width=80, interactive=True)
                if stop_btn:
                    self.stop_button = Button(stop_btn if isinstance(stop_btn, str) else "Stop",
                                              variant="stop", scale=1, min_width=80,
                                              visible=False, interactive=True)
        self.placeholder = getattr(self.textbox, "placeholder", None)
        self.original_submit_btn = getattr(self.textbox, "submit_btn", submit_btn)
        self.original_stop_btn = getattr(self.textbox, "stop_btn", stop_btn)
        if isinstance(self.textbox, MultimodalTextbox):
            self.textbox.stop_btn = False  # shown while a reply streams
        self.fake_api_btn = Button("Fake API", visible=False)
        self.api_response = ChatResponse(label="Response")
        history = self.chatbot.value or []
        self.chatbot_state = State(list(history))
        self.chatbot_value = State(list(history))

    def _render_footer(self) -> None:
        unplaced = [item for item in self.additional_inputs if item._parent is None]
        if unplaced:
            with Accordion(**self.accordion):
                for item in unplaced:
                    item.render()

    # -- listeners ------------------------------------------------------------------------
    def _listen(self) -> None:
        undocumented = {"api_visibility": "undocumented"}
        quick = {**undocumented, "queue": False}
        sync = {"fn": _same_twice, "inputs": [self.chatbot],
                "outputs": [self.chatbot_state, self.chatbot_value], **quick}
        reply = {"fn": calls.wrap(self.fn, self._stream if self.is_generator else self._submit,
                             self.is_generator, "_submit_fn"),
                 "inputs": [self.saved_input, self.chatbot_state, *self.additional_inputs],
                 "outputs": [self.null_component, self.chatbot, *self.additional_outputs],
                 "concurrency_limit": self.concurrency_limit,
                 "show_progress": self.show_progress, **undocumented}
        save = {"fn": self._save_conversation,
                "inputs": [self.conversation_id, self.chatbot_state, self.saved_conversations],
                "outputs": [self.conversation_id, self.saved_conversations], **quick}
        box = [self.textbox]

        triggers = [self.textbox.submit]
        if self.submit_button is not None:
            triggers.append(self.submit_button.click)
        user_submit = on(triggers, self._clear_and_save, box, [self.textbox, self.saved_input],
                         validator=self.validator, queue=self.validator is not None,
                         **undocumented)
        submit_event = user_submit.then(self._append_user, [self.saved_input, self.chatbot],
                                        [self.chatbot], **quick).then(**reply)
        submit_event.then(**sync).then(self._restore_box, None, box, **quick).then(**save)

        # the endpoint for programs: message and history in, reply and history out (streamed
        # when the function streams)
        self.fake_api_btn.click(
            calls.wrap(self.fn, self._stream if self.is_generator else self._submit,
                  self.is_generator),
            [self.textbox, self.chatbot_state, *self.additional_inputs],
            [self.api_response, self.chatbot_state, *self.additional_outputs],
            api_name=self.api_name, api_description=self.api_description,
            api_visibility=self.api_visibility, concurrency_limit=self.concurrency_limit)

        running = [submit_event]
        if self.examples:
            running += self._listen_examples(reply, sync, quick)

        retry_event = self.chatbot.retry(
            self._pop_last_turn, [self.chatbot_state], [self.chatbot_state, self.saved_input],
            **quick).then(self._append_user, [self.saved_input, self.chatbot_state],
                          [self.chatbot], **quick).then(
            _box_update(interactive=False), None, box, **quick).then(**reply)
        retry_event.then(**sync).then(_box_update(interactive=True), None, box,
                                      **quick).then(**save)
        running.append(retry_event)
        self._listen_stop(user_submit, running, quick)

        self.chatbot.undo(self._pop_last_turn, [self.chatbot], [self.chatbot, self.textbox],
                          **quick).then(**sync).then(**save)
        self.chatbot.option_select(self._option_clicked, [self.chatbot],
                                   [self.chatbot, self.saved_input], **undocumented).then(
            **reply).then(**sync).then(**save)
        self.chatbot.clear(**sync).then(self._delete_conversation,
                                        [self.conversation_id, self.saved_conversations],
                                        [self.conversation_id, self.saved_conversations],
                                        **quick)
        if self.editable:
            self.chatbot.edit(self._edit, [self.chatbot],
                              [self.chatbot, self.chatbot_state, self.saved_input],
                              **undocumented).then(
                self._append_user, [self.saved_input, self.chatbot_state], [self.chatbot],
                **quick).success(_box_update(interactive=False), None, box, **quick).success(
                **reply).success(**sync).then(_box_update(interactive=True), None, box,
                                              **quick).then(**save)
        if self.save_history:
            self._listen_history(sync, quick)
        if self.flagging_mode == "manual":
            self.chatbot.feedback_options = self.flagging_options
            self.chatbot.like(conversation.FeedbackLog(self.flagging_dir).flag, self.chatbot,
                              **undocumented)
        self.chatbot_value.change(_same, [self.chatbot_value], [self.chatbot],
                                  **undocumented).then(**sync)

    def _listen_stop(self, user_submit, running: list, quick: dict) -> None:
        """While a reply is written, the stop button replaces the submit button."""
        if isinstance(self.textbox, MultimodalTextbox):
            streaming = functools.partial(MultimodalTextbox, submit_btn=False,
                                          stop_btn=self.original_stop_btn)
            idle = functools.partial(MultimodalTextbox, submit_btn=self.original_submit_btn,
                                     stop_btn=False)
            buttons, stop_trigger = [self.textbox], self.textbox.stop
        else:
            buttons = [button for button in (self.submit_button, self.stop_button) if button]
            if self.stop_button is None:
                return
            streaming = functools.partial(_buttons, self.submit_button, stop=True)
            idle = functools.partial(_buttons, self.submit_button, stop=False)
            stop_trigger = self.stop_button.click
        user_submit.success(streaming, None, buttons, **quick)
        self.chatbot.retry(streaming, None, buttons, **quick)
        for event in running:
            event.then(idle, None, buttons, **quick)
        stop_trigger(None, None, None, cancels=running, api_visibility="undocumented")

    def _listen_examples(self, reply: dict, sync: dict, quick: dict) -> list:
        undocumented = {"api_visibility": "undocumented"}
        if self._examples_set_inputs:
            outputs = [self.textbox, *self.additional_inputs]
            if self.cache_examples:
                outputs.append(self.chatbot)
            event = self.chatbot.example_select(self._example_filled, None, outputs,
                                                **undocumented)
            if self.cache_examples:
                event.then(**sync)
            return []
        if not (self.cache_examples or self.run_examples_on_click):
            self.chatbot.example_select(self._example_populated, None, [self.textbox],
                                        **undocumented)
            return []
        event = self.chatbot.example_select(self._example_clicked, None,
                                            [self.chatbot, self.saved_input], **undocumented)
        if not self.cache_examples:
            event = event.then(**reply)
        event.then(**sync)
        return [event]

    def _listen_history(self, sync: dict, quick: dict) -> None:
        self.new_chat_button.click(_new_chat, None, [self.conversation_id, self.chatbot],
                                   **quick).then(_same, [self.chatbot], [self.chatbot_state],
                                                 **quick)
        on([self.root.load, self.saved_conversations.change], self._history_list,
           [self.saved_conversations, self.conversation_id], [self.chat_history_list], **quick)
        self.chat_history_list.select(
            self._load_conversation, [self.saved_conversations],
            [self.conversation_id, self.chatbot], **quick).then(**sync)

    # -- what the listeners run -----------------------------------------------------------
    def _clear_and_save(self, message):
        return type(self.textbox)("", interactive=False, placeholder=""), message

    def _restore_box(self):
        return update(value=None, interactive=True, placeholder=self.placeholder)

    def _append_user(self, message, history):
        return conversation.append(message, history, "user")

    def _pop_last_turn(self, history):
        return conversation.pop_last_turn(history, self.multimodal)

    def _call(self, message, history, args, kwargs):
        """Call ``fn``; returns ``(reply, additional outputs or None)``."""
        result = self.fn(message, list(history or []), *args, **kwargs)
        if inspect.iscoroutine(result):
            result = asyncio.run(result)
        return self._split(result)

    def _split(self, result):
        if self.additional_outputs:
            reply, *extra = result
            return reply, extra
        return result, None

    def _submit(self, message, history, *args, **kwargs):
        reply, extra = self._call(message, history, args, kwargs)
        history = conversation.append(message, history, "user")
        history = conversation.append(reply, history, "assistant")
        return (reply, history, *(extra or []))

    def _stream(self, message, history, *args, **kwargs):
        replies = calls.iterate(self.fn(message, list(history or []), *args, **kwargs))
        history = conversation.append(message, history, "user")
        sent = False
        try:
            for result in replies:
                reply, extra = self._split(result)
                sent = True
                yield (reply, conversation.append(reply, history, "assistant"), *(extra or []))
        finally:
            replies.close()
        if not sent:
            yield (None, history, *[skip() for _ in self.additional_outputs])

    def _option_clicked(self, history, option: SelectData):
        history = list(history or [])
        history.append({"role": "user", "content": option.value})
        return history, option.value

    def _edit(self, history, edit_data: EditData):
        index = edit_data.index[0] if isinstance(edit_data.index, (list, tuple)) \
            else edit_data.index
        kept = list(history or [])[:index]
        return kept, kept, edit_data.value


# -- helpers -----------------------------------------------------------------------------------
def _same(value):
    return value


def _same_twice(value):
    return value, value


def _new_chat():
    return None, []


def _box_update(**props):
    def change():
        return update(**props)
    return change


def _buttons(submit_button, *, stop: bool):
    """The submit and stop buttons while a reply streams (``stop``) or not."""
    updates = [Button(visible=not stop)] if submit_button is not None else []
    return (*updates, Button(visible=stop))


def _nth(items, index):
    return items[index] if items and index < len(items) else None
