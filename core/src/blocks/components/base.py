"""The component contract: a block with a value that crosses the wire.

A component class declares:

- ``name``: unique across installed plugins; the type the browser knows;
- ``EVENTS``: the events it emits (data, see :class:`blocks.events.EventSpec`);
- ``PROPS``: the constructor arguments sent to the browser, and
  ``BROWSER_PROPS``: the ones the browser may change (``value`` by default);
- ``value_field()``: a marshmallow field that validates the value on the wire;
- ``preprocess(wire) -> python`` and ``postprocess(python) -> wire``;
- ``example_value()`` and ``api_info()`` for the API page;
- ``JS_MODULE``: its ES module, inside the ``static`` folder of its package.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar

from marshmallow import fields

from blocks.tree import Block

__all__ = ["Component", "FormComponent"]

_NOT_SET = object()


class Component(Block):
    """A block that shows or takes a value."""

    PROPS = Block.PROPS + ("value", "label", "info", "show_label", "interactive",
                           "scale", "min_width")
    BROWSER_PROPS: ClassVar[tuple[str, ...]] = ("value",)

    def __init__(self, value: Any = None, *, label: str | None = None,
                 info: str | None = None, show_label: bool | None = None,
                 interactive: bool | None = None, visible: bool = True,
                 elem_id: str | None = None, elem_classes=None, render: bool = True,
                 key: Any = None, scale: int | None = None, min_width: int = 160,
                 inputs=None, every=None, preserved_by_key: list[str] | str | None = "value",
                 **_ignored):
        self.label = label
        self.info = info
        self.show_label = show_label
        self.interactive = interactive
        self.scale = scale
        self.min_width = min_width
        # props a keyed component keeps across re-renders of a @gr.render function
        self.preserved_by_key = [preserved_by_key] if isinstance(preserved_by_key, str) \
            else list(preserved_by_key or [])
        self.load_fn: Callable | None = None
        self.load_inputs = inputs
        self.every = every
        if callable(value):
            self.load_fn, value = value, None
        self.value = value
        super().__init__(visible=visible, elem_id=elem_id, elem_classes=elem_classes,
                         render=render, key=key)

    # -- the value on the wire ------------------------------------------------
    @classmethod
    def value_field(cls) -> fields.Field:
        """The marshmallow field that validates this component's wire value."""
        return fields.Raw(allow_none=True)

    def preprocess(self, payload: Any) -> Any:
        """Turn the wire value sent by the browser into the function's argument."""
        return payload

    def postprocess(self, value: Any) -> Any:
        """Turn a function's return value into the wire value for the browser."""
        return value

    def example_value(self) -> Any:
        return self.value

    def api_info(self) -> dict:
        return {"type": {}, "description": type(self).__name__}

    # -- config -----------------------------------------------------------------
    def get_props(self) -> dict:
        props = super().get_props()
        props["value"] = None if self.value is None else self.postprocess(self.value)
        if props.get("interactive") is None:
            props.pop("interactive", None)
        return props

    @property
    def interactive_default(self) -> bool:
        return True


class FormComponent(Component):
    """A component that takes user input (sits in a form row)."""
