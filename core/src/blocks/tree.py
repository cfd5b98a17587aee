"""The tree a script builds: blocks, layouts and the props they carry.

Every element of a page is a :class:`Block`. Layouts (rows, columns) are
:class:`BlockContext` blocks that collect the blocks created inside their
``with`` statement. Components (``blocks.components``) are blocks with a value.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, ClassVar

from blocks import context
from blocks.events import EventSpec, make_listener
from blocks.exceptions import DuplicateBlockError

__all__ = ["Block", "BlockContext"]


class Block:
    """Base of everything placed on a page.

    Subclasses set ``name`` (the type the browser knows), ``PROPS`` (the
    constructor arguments sent to the browser), ``EVENTS`` (what it emits) and
    ``JS_MODULE`` (its browser module, a path inside the ``static`` folder of
    the Python package that defines the class).
    """

    name: ClassVar[str] = "block"
    PROPS: ClassVar[tuple[str, ...]] = ("visible", "elem_id", "elem_classes", "key")
    EVENTS: ClassVar[tuple[EventSpec, ...]] = ()
    JS_MODULE: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for spec in cls.EVENTS:
            if spec.name not in cls.__dict__:
                setattr(cls, spec.name, make_listener(spec))
        init = cls.__dict__.get("__init__")
        if init is not None and not getattr(init, "_records_given", False):
            cls.__init__ = _record_given(init)

    def __init__(self, *, visible: bool = True, elem_id: str | None = None,
                 elem_classes: list[str] | str | None = None, render: bool = True,
                 key: Any = None):
        self._id: int | None = None
        self._parent: BlockContext | None = None
        self.visible = visible
        self.elem_id = elem_id
        if isinstance(elem_classes, str):
            elem_classes = [elem_classes]
        self.elem_classes = list(elem_classes or [])
        self.key = key
        if render:
            self.render()

    # -- placing in the tree -------------------------------------------------
    def render(self):
        """Attach this block to the innermost open layout (if any)."""
        blocks = context.root_blocks.get()
        layout = context.current_layout.get()
        if blocks is None or layout is None:
            return self
        if self._id is not None and self._parent is not None:
            raise_duplicate(self)
        blocks.adopt(self)
        layout.add_child(self)
        return self

    def unrender(self):
        """Take this block out of the layout it was placed in."""
        if self._parent is not None:
            self._parent.children.remove(self)
            self._parent = None
        return self

    # -- what the browser receives -------------------------------------------
    @classmethod
    def event_names(cls) -> list[str]:
        return [spec.name for spec in cls.EVENTS]

    def get_props(self) -> dict:
        return {name: getattr(self, name, None) for name in self.PROPS}

    def given_props(self) -> dict:
        """The props passed explicitly to the constructor (for updates)."""
        return {name: getattr(self, name, None) for name in self.PROPS
                if name in getattr(self, "_given", ())}

    def __repr__(self):
        return f"<{type(self).__name__} id={self._id}>"


def raise_duplicate(block):
    raise DuplicateBlockError(
        f"{block!r} is already placed in the page; create a new component "
        "instead of rendering one twice.")


def _record_given(init):
    sig = inspect.signature(init)

    @functools.wraps(init)
    def wrapper(self, *args, **kwargs):
        if "_given" not in self.__dict__:
            try:
                bound = sig.bind(self, *args, **kwargs)
                given = set(bound.arguments) - {"self"}
                for name, param in sig.parameters.items():
                    if param.kind is param.VAR_KEYWORD and name in given:
                        given.discard(name)
                        given.update(bound.arguments[name])
                self._given = frozenset(given)
            except TypeError:
                self._given = frozenset(kwargs)
        init(self, *args, **kwargs)

    wrapper._records_given = True
    return wrapper


class BlockContext(Block):
    """A block that holds other blocks: opened with ``with``."""

    def __init__(self, **kwargs):
        self.children: list[Block] = []
        self._tokens: list = []
        super().__init__(**kwargs)

    def add_child(self, child: Block):
        child._parent = self
        self.children.append(child)

    def __enter__(self):
        self._tokens.append(context.current_layout.set(self))
        return self

    def __exit__(self, *exc):
        context.current_layout.reset(self._tokens.pop())
        return False

    def layout(self) -> dict:
        return {"id": self._id, "children": [
            child.layout() if isinstance(child, BlockContext) else {"id": child._id}
            for child in self.children]}
