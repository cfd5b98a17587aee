"""The component contract: a block with a value that crosses the wire.

A component class declares (``docs/components.md`` has the whole contract):

- ``name``: unique across installed plugins; the browser element is ``blocks-<name>``;
- ``EVENTS``: the events it emits (data, see :class:`blocks.events.EventSpec`);
- its props, as the parameters of ``__init__`` (``PROPS`` is derived from them,
  see :class:`blocks.tree.Block`), with ``SERVER_PARAMS`` for those that stay
  on the server and ``GRADIO_ONLY`` for Gradio arguments it does not implement;
- ``value_field()``: a marshmallow field that validates the value on the wire;
- ``validate(value)``: the constraints a value must meet (bounds, choices, length);
- ``preprocess(wire) -> python`` and ``postprocess(python) -> wire``;
- ``example_value()`` and ``api_info()`` for the API page (``API_SKIP = True``
  leaves the component out of the API: ``gr.State``);
- ``JS_MODULE``: its ES module, inside the ``static`` folder of its package.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, ClassVar

from marshmallow import fields

from blocks.arguments import check_gradio_only
from blocks.diff import diff as json_diff
from blocks.tree import Block

__all__ = ["Component", "is_api_component", "json_schema"]


class Component(Block):
    """A block that shows or takes a value.

    Args:
        value: the value shown first; a function is called on every page load
            (and when ``inputs`` change, or every ``every`` seconds) to compute it.
        label: the name shown above it (and read by screen readers).
        info: a line of help shown under the label.
        show_label: ``False`` hides the label visually (screen readers still read it).
        interactive: whether the user may change it; by default, editable when it
            is an input of some event or an output of none.
        visible: ``False`` hides it (a function can show it again).
        elem_id: the HTML id of its element, for CSS and JavaScript.
        elem_classes: extra HTML classes of its element.
        render: ``False`` creates it outside the layout; place it later with ``.render()``.
        key: its identity across runs of a ``@gr.render`` function.
        scale: its share of the width in a Row (``None``: its natural width).
        min_width: the width in pixels below which a Row wraps it to the next line.
        inputs: the components whose values a function ``value`` receives.
        every: recompute a function ``value`` this often (seconds, or a ``gr.Timer``).
        preserved_by_key: the props a keyed component keeps across re-renders.
    """

    # Hidden parts of the contract, declared here so that every component has them:
    SERVER_SIDE: ClassVar[bool] = False
    """The value lives on the server only (``gr.State``): inputs read it from the
    session, outputs store it there, the page never sees it."""
    API_SKIP: ClassVar[bool] = False
    """The value is not part of the API (``gr.State``, ``gr.BrowserState``): no
    parameter or return value of an endpoint (see :mod:`blocks.api_info`)."""
    EDITABLE_WHEN_UNUSED: ClassVar[bool] = True
    """With ``interactive`` unset, a component that is neither an input nor an output of
    any event is editable. ``False`` for components mostly used to show a value
    (``gr.HighlightedText``): they are editable only as an event input."""
    DEEP_LINK: ClassVar[bool] = True
    """Whether the links of ``gr.DeepLinkButton`` carry this component's value. ``False``
    for what a link must not restore: values that are the app author's own markup
    (``gr.HTML``), button texts, timers, values kept on the server or in the browser."""
    SERVER_PARAMS = frozenset({"inputs", "every", "preserved_by_key"})
    GRADIO_ONLY: ClassVar = {
        "container": "components are not boxed in a container frame",
        "buttons": "components show no extra corner buttons (copy, download, ...) yet",
        "streaming": "streaming inputs are not built yet",
    }

    preserved_by_key: list[str]
    """Props a keyed component keeps across re-renders of a ``@gr.render`` function
    (what the user or a function changed stays): ``["value"]`` by default."""
    load_fn: Callable | None
    """A function given as ``value``: the app runs it on load (see ``Blocks``)."""

    def __init__(self, value: Any = None, *, label: str | None = None,
                 info: str | None = None, show_label: bool | None = None,
                 interactive: bool | None = None, visible: bool = True,
                 elem_id: str | None = None, elem_classes=None, render: bool = True,
                 key: Any = None, scale: int | None = None, min_width: int = 160,
                 inputs=None, every=None, preserved_by_key: list[str] | str | None = "value",
                 **gradio_only):
        check_gradio_only(type(self).__name__, gradio_only, type(self).gradio_only())
        self.preserved_by_key = [preserved_by_key] if isinstance(preserved_by_key, str) \
            else list(preserved_by_key or [])
        self.load_fn = None
        self.load_inputs = inputs
        self.every = every
        if callable(value):
            self.load_fn, self.value = value, None
        super().__init__(visible=visible, elem_id=elem_id, elem_classes=elem_classes,
                         render=render, key=key)

    # -- the value on the wire ------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        """The marshmallow field that validates this component's wire value.

        Events check their inputs with one field made per class and kept, so the
        field depends on the class alone (its class attributes as defined).
        """
        return fields.Raw(allow_none=True)

    def validate(self, value: Any) -> None:
        """Check a wire value against this component's constraints before any function runs.

        Raise ``ValueError`` with a message for the user (shown on this input)
        when ``value`` is outside them: too long, out of bounds, not a choice.
        ``value`` has passed :meth:`value_field` and is not ``None``.
        """

    def preprocess(self, payload: Any) -> Any:
        """Turn the wire value sent by the browser into the function's argument."""
        return payload

    def postprocess(self, value: Any) -> Any:
        """Turn a function's return value into the wire value for the browser."""
        return value

    def postprocess_stream(self, value: Any, memo: dict) -> Any:
        """``postprocess`` for the successive values a generator yields to this output.

        ``memo`` is a dict kept for one job and one output: a component whose
        values grow by parts (a chat history, a gallery) may keep there what it
        made for earlier values, and return the very same objects for the parts
        that did not change, so that converting and diffing them costs nothing.
        By default it is :meth:`postprocess`.
        """
        return self.postprocess(value)

    def finish_stream(self, memo: dict) -> Any:
        """The wire value this output shows once a generator has yielded its last value.

        Called after the last yield with the ``memo`` of :meth:`postprocess_stream`.
        A component that streams by parts (``gr.Audio(streaming=True)`` plays chunks)
        returns here the whole (every chunk joined), sent as one more output before
        the job ends. ``None`` (the default) sends nothing more.
        """
        return None

    def diff(self, previous: Any, current: Any) -> list | None:
        """The edits (``blocks.diff``) that turn the wire value ``previous`` into ``current``.

        Used for the second and later values a generator yields: the page gets
        the edits instead of the value. Return ``None`` to send ``current`` whole.
        """
        return json_diff(previous, current)

    def update_props(self, props: dict) -> dict:
        """Convert the props of an update a function returned for this component.

        ``gr.Dataset(samples=...)`` returned by a function is built without
        the output's own settings (its ``components``); the output converts
        the props here before they go to the page. The props as given by default.
        """
        return props

    def cleared_value(self) -> Any:
        """The wire value a Clear button (``gr.ClearButton``, Interface's Clear) gives it:
        what Gradio's Clear gives (its ``postprocess(None)``). ``None``, empty, by default;
        a Slider goes to its minimum, a Checkbox to unticked, a CheckboxGroup to none."""
        return None

    def initial_value(self) -> Any:
        """The value a new session starts with (read for ``SERVER_SIDE`` components)."""
        return copy.deepcopy(self.value)

    # -- the API page ---------------------------------------------------------
    def example_value(self) -> Any:
        """A value the function could receive, for the API page and the contract test."""
        return self.value

    def api_info(self) -> dict:
        """The JSON schema of the wire value, derived from :meth:`value_field`."""
        return {"type": json_schema(type(self).value_field()),
                "description": f"the value of a {type(self).__name__}"}

    # -- config -----------------------------------------------------------------
    def get_props(self) -> dict:
        props = super().get_props()
        props["value"] = None if self.value is None else self.postprocess(self.value)
        if props.get("interactive") is None:
            props.pop("interactive", None)
        return props


_SCHEMAS = [(fields.Boolean, "boolean"), (fields.Integer, "integer"), (fields.Number, "number"),
            (fields.String, "string"), (fields.Dict, "object"), (fields.List, "array"),
            (fields.Tuple, "array")]


def json_schema(field: fields.Field) -> dict:
    """The JSON schema of a marshmallow field (``{}`` for ``Raw``: any JSON value)."""
    for cls, kind in _SCHEMAS:
        if isinstance(field, cls):
            schema: dict = {"type": kind}
            if isinstance(field, fields.List):
                schema["items"] = json_schema(field.inner)
            return schema
    return {}


def is_api_component(block) -> bool:
    """Whether a program sends or receives this block's value through the API.

    Layouts carry no value; components that set ``API_SKIP`` (``gr.State``,
    whose value stays on the server, ``gr.BrowserState``, kept by the
    browser) are left out of the API's parameters and return values.
    """
    return isinstance(block, Component) and not block.API_SKIP
