"""Events as data, listener methods, and the dependencies listeners create.

A component class lists the events it supports in ``EVENTS``; the base class
turns each :class:`EventSpec` into a listener method (``btn.click(...)``).
Calling a listener creates a :class:`Dependency` in the open ``gr.Blocks``:
which triggers run which function on which inputs and outputs. The
dependencies go to the browser in the config; the browser fires them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from blocks import context

__all__ = ["EventSpec", "Dependency", "EventData", "SelectData", "KeyUpData", "LikeData",
           "RetryData", "UndoData", "EditData", "CopyData", "DeletedFileData",
           "DownloadData", "on"]

TRIGGER_MODES = ("once", "multiple", "always_last")
SHOW_PROGRESS = ("full", "minimal", "hidden")


@dataclass(frozen=True)
class EventSpec:
    """One event a component can emit: ``click``, ``change``, ``submit``..."""

    name: str
    doc: str = ""
    trigger_mode: str = "once"


class EventData:
    """Data about the event that triggered a function (inject it by type hint).

    ``target`` is the component whose event fired; the browser's event data
    is in ``_data`` and, for the subclasses, in named attributes. Every key of
    the data is an attribute too: ``trigger('keypress', {key: 'a'})`` in a
    ``gr.HTML`` script gives ``evt.key == "a"``.
    """

    FIELDS: tuple[tuple[str, Any], ...] = ()

    def __init__(self, target: Any, data: Any):
        self.target = target
        self._data = data
        source = data if isinstance(data, dict) else {}
        for name, default in self.FIELDS:
            setattr(self, name, source.get(name, default))

    def __getattr__(self, name: str):
        # the data a script sent with its event: trigger('keypress', {key: 'a'}) -> evt.key
        data = self.__dict__.get("_data")
        if not name.startswith("_") and isinstance(data, dict) and name in data:
            return data[name]
        raise AttributeError(f"This event's data has no {name!r}.")

    def __repr__(self):
        fields_ = ", ".join(f"{name}={getattr(self, name)!r}" for name, _ in self.FIELDS)
        return f"{type(self).__name__}({fields_})"


class SelectData(EventData):
    """``.select``: ``index`` (a tuple for 2-D components), ``value``, ``selected``."""

    FIELDS = (("index", None), ("value", None), ("selected", True), ("row_value", None),
              ("col_value", None))


class EditData(EventData):
    """``.edit``: the ``index`` edited (``[row, column]`` in a table, a message's index in
    a chat), its new ``value`` and its ``previous_value``."""

    FIELDS = (("index", None), ("value", None), ("previous_value", None))


class KeyUpData(EventData):
    """``.key_up``: the ``key`` released and the ``input_value`` at that moment."""

    FIELDS = (("key", None), ("input_value", None))


class LikeData(EventData):
    """``.like``: the message ``index`` and ``value``, and ``liked``.

    ``liked`` is ``True`` (like), ``False`` (dislike), or the text of another
    feedback option the user chose.
    """

    FIELDS = (("index", None), ("value", None), ("liked", True))


class RetryData(EventData):
    """``.retry``: the ``index`` and ``value`` of the user message to answer again."""

    FIELDS = (("index", None), ("value", None))


class UndoData(EventData):
    """``.undo``: the ``index`` and ``value`` of the user message to take back."""

    FIELDS = (("index", None), ("value", None))


class CopyData(EventData):
    """``.copy``: the ``value`` the user copied."""

    FIELDS = (("value", None),)


class FileInfo:
    """A file named by event data: ``path``, ``url``, ``orig_name``, ``mime_type``, ``size``."""

    def __init__(self, data: dict | None):
        data = data if isinstance(data, dict) else {}
        for name in ("path", "url", "orig_name", "mime_type", "size"):
            setattr(self, name, data.get(name))

    def __repr__(self):
        return f"FileInfo(path={self.path!r}, orig_name={self.orig_name!r})"


class DeletedFileData(EventData):
    """``.delete`` of ``gr.File``: ``file``, the removed file (``file.path``, ...)."""

    def __init__(self, target: Any, data: Any):
        super().__init__(target, data)
        self.file = FileInfo(data.get("file") if isinstance(data, dict) else None)


class DownloadData(DeletedFileData):
    """``.download`` of ``gr.File``: ``file``, the downloaded file (``file.path``, ...)."""


def _as_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, set):
        return list(value)
    return [value]


@dataclass
class Dependency:
    """What runs when triggers fire: the unit the queue turns into jobs."""

    id: int
    targets: list  # [(block, event_name)]
    fn: Callable | None
    inputs: list
    outputs: list
    inputs_as_dict: bool = False
    api_name: str | None = None
    api_description: str | None = None
    api_visibility: str = "public"
    queue: bool = True
    concurrency_limit: Any = "default"
    concurrency_id: str | None = None
    trigger_mode: str = "once"
    show_progress: str = "full"
    scroll_to_output: bool = False
    preprocess: bool = True
    postprocess: bool = True
    batch: bool = False
    max_batch_size: int = 4
    cancels: list = field(default_factory=list)
    js: str | None = None
    trigger_after: int | None = None
    trigger_only_on_success: bool = False
    trigger_only_on_failure: bool = False
    key: Any = None
    validator: Callable | None = None
    show_progress_on: list = field(default_factory=list)
    stream_every: float = 0.5  # a stream listener: how often the page sends a chunk
    time_limit: float | None = None  # a stream listener: seconds before its stream ends
    client_updates: list | None = None
    render: Any = None  # the placeholder of a @gr.render function
    render_app: Any = None
    shapes_interactivity: bool = True  # False: its inputs and outputs do not make
    # components editable or read-only (gr.ClearButton, gr.DeepLinkButton)
    extra: dict = field(default_factory=dict)

    def config(self) -> dict:
        config = {
            "id": self.id,
            "targets": [[block._id, event] for block, event in self.targets],
            "inputs": [block._id for block in self.inputs],
            "outputs": [block._id for block in self.outputs],
            "has_fn": self.fn is not None,
            "backend_fn": self.fn is not None,
            "api_name": self.api_name,
            "queue": self.queue,
            "trigger_mode": self.trigger_mode,
            "show_progress": self.show_progress,
            "scroll_to_output": self.scroll_to_output,
            "js": self.js,
            "trigger_after": self.trigger_after,
            "trigger_only_on_success": self.trigger_only_on_success,
            "trigger_only_on_failure": self.trigger_only_on_failure,
            "cancels": list(self.cancels),
            "show_progress_on": [block._id for block in self.show_progress_on],
            "client_updates": self.client_updates,
            "api_visibility": self.api_visibility,
            "render": self.render._id if self.render is not None else None,
        }
        if any(event == "stream" for _, event in self.targets):
            config["stream_every"] = self.stream_every
            config["time_limit"] = self.time_limit
        return config


class Listener:
    """What a listener call returns: the dependency, chainable with ``then``."""

    def __init__(self, blocks, dependency: Dependency):
        self._blocks = blocks
        self.dependency = dependency
        self.fn_index = dependency.id

    def _chain(self, how: str, fn, inputs, outputs, kwargs) -> Listener:
        dep = self._blocks.add_dependency(
            targets=[], fn=fn, inputs=inputs, outputs=outputs, **kwargs)
        dep.trigger_after = self.dependency.id
        dep.trigger_only_on_success = how == "success"
        dep.trigger_only_on_failure = how == "failure"
        return Listener(self._blocks, dep)

    def then(self, fn=None, inputs=None, outputs=None, **kwargs) -> Listener:
        """Run ``fn`` after this event finishes, whether it succeeded or not."""
        return self._chain("then", fn, inputs, outputs, kwargs)

    def success(self, fn=None, inputs=None, outputs=None, **kwargs) -> Listener:
        """Run ``fn`` only after this event finished without an error."""
        return self._chain("success", fn, inputs, outputs, kwargs)

    def failure(self, fn=None, inputs=None, outputs=None, **kwargs) -> Listener:
        """Run ``fn`` only after this event raised an error."""
        return self._chain("failure", fn, inputs, outputs, kwargs)


def _open_blocks():
    blocks = context.root_blocks.get()
    if blocks is None:
        raise AttributeError(
            "Cannot call an event listener outside a `with gr.Blocks():` block.")
    return blocks


DECORATOR = "decorator"


def make_listener(spec: EventSpec) -> Callable:
    def listener(self, fn: Callable | str | None = DECORATOR, inputs=None, outputs=None,
                 **kwargs):
        kwargs.setdefault("trigger_mode", spec.trigger_mode)
        blocks = _open_blocks()

        def attach(func):
            dep = blocks.add_dependency(targets=[(self, spec.name)], fn=func,
                                        inputs=inputs, outputs=outputs, **kwargs)
            return Listener(blocks, dep)

        if fn == DECORATOR:  # @btn.click(inputs=..., outputs=...)
            def decorator(func):
                attach(func)
                return func
            return decorator
        return attach(fn)

    listener.__name__ = spec.name
    listener.__doc__ = (spec.doc or f"Run a function on the `{spec.name}` event.") + (
        "\n\nArguments: fn, inputs, outputs, and the listener options of "
        "`gr.Blocks` events (api_name, queue, trigger_mode, js, ...).")
    return listener


def trigger_targets(triggers) -> list[tuple]:
    """``[btn.click, demo.load]`` -> ``[(btn, "click"), (demo, "load")]``."""
    targets = []
    for trigger in _as_list(triggers):
        owner = getattr(trigger, "__self__", None)
        if owner is None:
            raise TypeError("Each trigger must be a listener of a component or of the app, "
                            "such as `btn.click` or `demo.load`.")
        targets.append((owner, trigger.__name__))
    return targets


def change_targets(inputs) -> list[tuple]:
    """The ``change`` events of the inputs that have one (a "live" listener)."""
    return [(block, "change") for block in _as_list(inputs) if "change" in block.event_names()]


def on(triggers=None, fn: Callable | str | None = DECORATOR, inputs=None, outputs=None,
       **kwargs):
    """Attach one function to several triggers (``[btn.click, txt.submit]``).

    With no triggers, it runs on every ``change`` of its inputs ("live").
    One dependency (and one API endpoint) serves all the triggers.
    """

    def attach(func):
        blocks = _open_blocks()
        if triggers is None:
            targets = change_targets(inputs)
            kwargs.setdefault("trigger_mode", "always_last")
        else:
            targets = trigger_targets(triggers)
        dep = blocks.add_dependency(targets=targets, fn=func, inputs=inputs,
                                    outputs=outputs, **kwargs)
        return Listener(blocks, dep)

    if fn == DECORATOR:  # @gr.on(triggers=[...], inputs=..., outputs=...)
        def decorator(func):
            attach(func)
            return func
        return decorator
    return attach(fn)


# The events most components share, as data.
CHANGE = EventSpec("change", "Triggered when the value changes, by the user or by a "
                   "function's output.", trigger_mode="always_last")
INPUT = EventSpec("input", "Triggered when the user changes the value.")
SUBMIT = EventSpec("submit", "Triggered when the user presses Enter.")
FOCUS = EventSpec("focus", "Triggered when the component gets focus.")
BLUR = EventSpec("blur", "Triggered when the component loses focus.")
SELECT = EventSpec("select", "Triggered when the user selects or deselects something; "
                   "use gr.SelectData to know what.")
CLICK = EventSpec("click", "Triggered when the component is clicked.")
RELEASE = EventSpec("release", "Triggered when the user releases the mouse on it.")
KEY_UP = EventSpec("key_up", "Triggered on every key the user releases inside it.",
                   trigger_mode="always_last")
UPLOAD = EventSpec("upload", "Triggered when the user uploads a file into it.")
CLEAR = EventSpec("clear", "Triggered when the user clears its value (a Clear button).")
DELETE = EventSpec("delete", "Triggered when the user removes one file; use "
                   "gr.DeletedFileData to know which.")
DOWNLOAD = EventSpec("download", "Triggered when the user downloads a file; use "
                     "gr.DownloadData to know which.")
