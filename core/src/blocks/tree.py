"""The tree a script builds: blocks, layouts and the props they carry.

Every element of a page is a :class:`Block`. Layouts (rows, columns) are
:class:`BlockContext` blocks that collect the blocks created inside their
``with`` statement. Components (``blocks.components``) are blocks with a value.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from typing import Any, ClassVar

from blocks import context
from blocks.events import EventSpec, make_listener
from blocks.exceptions import DuplicateBlockError

__all__ = ["Block", "BlockContext"]


class Block:
    """Base of everything placed on a page.

    A subclass sets ``name`` (the type the browser knows), ``EVENTS`` (what it
    emits) and ``JS_MODULE`` (its browser module, a path inside the ``static``
    folder of the Python package that defines the class), and declares its
    props as parameters of ``__init__``; the rest is derived here:

    - ``PROPS``, the props sent to the browser: the named parameters of
      ``__init__`` (except those in ``SERVER_PARAMS``), plus the parent's
      when ``__init__`` passes ``**kwargs`` on to it. A prop is written once,
      as a parameter; the base stores each one as an attribute of the same
      name before ``__init__`` runs, so ``__init__`` only checks or converts.
    - ``SERVER_PARAMS``: parameters that configure the server side and never
      go to the browser (``render``, ``every``, a secret, ...); a subclass
      lists its own, the parents' are added.
    - ``GRADIO_ONLY``: Gradio arguments of this class that Blocks accepts
      without implementing them (name -> why, or a tuple of names). Given,
      each one warns (:class:`blocks.exceptions.BlocksWarning`); any other
      unknown keyword is a ``TypeError``. Inherited through ``**kwargs`` like
      ``PROPS``; :meth:`gradio_only` gives the full table. The constructor at
      the end of the chain takes ``**gradio_only`` and passes it to
      :func:`blocks.arguments.check_gradio_only`.
    """

    name: ClassVar[str] = "block"
    PROPS: ClassVar[tuple[str, ...]] = ()  # derived from __init__, never written by hand
    SERVER_PARAMS: ClassVar[frozenset[str]] = frozenset({"render"})
    GRADIO_ONLY: ClassVar[Mapping[str, str] | tuple[str, ...]] = {}
    EVENTS: ClassVar[tuple[EventSpec, ...]] = ()
    JS_MODULE: ClassVar[str | None] = None
    ALIASES: ClassVar[tuple[str, ...]] = ()  # more gr.<Name> names of a registered class

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for spec in cls.EVENTS:
            if spec.name not in cls.__dict__:
                setattr(cls, spec.name, make_listener(spec))
        _declare(cls)

    def __init__(self, *, visible: bool = True, elem_id: str | None = None,
                 elem_classes: list[str] | str | None = None, render: bool = True,
                 key: Any = None):
        self._id: int | None = None
        self._parent: BlockContext | None = None
        if isinstance(elem_classes, str):
            elem_classes = [elem_classes]
        self.elem_classes = list(elem_classes or [])
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

    @classmethod
    def gradio_only(cls) -> dict[str, str]:
        """Gradio arguments this class accepts with a warning: name -> why (or "")."""
        return dict(cls._gradio_only)

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


_NAMED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


def _declare(cls) -> None:
    """Derive ``PROPS``, ``SERVER_PARAMS`` and the Gradio-only table of ``cls``."""
    if "PROPS" in cls.__dict__ and cls is not Block:
        raise TypeError(f"{cls.__name__} sets PROPS, which Blocks derives from the parameters "
                        "of __init__: remove it (list server-only parameters in "
                        "SERVER_PARAMS).")
    parents = [base for base in cls.__mro__[1:] if isinstance(base, type)
               and issubclass(base, Block)]
    parent = parents[0] if parents else None
    cls.SERVER_PARAMS = frozenset(cls.__dict__.get("SERVER_PARAMS", ())).union(
        *(base.SERVER_PARAMS for base in parents))
    own_gradio = cls.__dict__.get("GRADIO_ONLY", {})
    if not isinstance(own_gradio, Mapping):
        own_gradio = dict.fromkeys(own_gradio, "")
    init = cls.__dict__.get("__init__")
    if init is None or getattr(init, "_blocks_init", False):
        # the parent's constructor: its props and arguments
        cls.PROPS = tuple(name for name in (parent.PROPS if parent is not None else ())
                          if name not in cls.SERVER_PARAMS)
        accepted = getattr(parent, "_accepted", frozenset()) if parent else frozenset()
        gradio = {**(parent._gradio_only if parent else {}), **own_gradio}
    else:
        params = list(inspect.signature(init).parameters.values())[1:]
        named = [p.name for p in params if p.kind in _NAMED]
        # ``**kwargs`` passes the parent's parameters on; ``**gradio_only`` ends the
        # chain: it receives what no constructor took (see blocks.arguments)
        forwards = any(p.kind is p.VAR_KEYWORD and p.name != "gradio_only" for p in params)
        own = [name for name in named if name not in cls.SERVER_PARAMS]
        inherited = parent.PROPS if forwards and parent is not None else \
            (_ROOT_PROPS if parent is not None else ())
        cls.PROPS = tuple(dict.fromkeys([*inherited, *own]))
        accepted = frozenset(named)
        gradio = dict(own_gradio)
        if forwards and parent is not None:
            accepted |= parent._accepted
            gradio = {**parent._gradio_only, **own_gradio}
        for name in own:
            member = inspect.getattr_static(cls, name, None)
            if callable(member) or isinstance(member, property):
                raise TypeError(f"{cls.__name__}.__init__ has a parameter {name!r}, which "
                                f"would hide {cls.__name__}.{name}; rename one of them.")
        cls.__init__ = _storing_init(init, own)
    cls._accepted = accepted
    cls._gradio_only = {name: why for name, why in gradio.items() if name not in accepted}


def _storing_init(init, props: list[str]):
    """Wrap ``init``: store the declared ``props`` and record the arguments given.

    Binding is done by hand (``inspect.Signature.bind`` costs more than the
    rest of building a component); a call that does not fit the signature is
    passed to ``init`` as it is, for Python's own ``TypeError``.
    """
    sig = inspect.signature(init)
    params = list(sig.parameters.values())[1:]
    positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    defaults = {p.name: p.default for p in params if p.name in props}
    simple = not any(p.kind in (p.POSITIONAL_ONLY, p.VAR_POSITIONAL) for p in params)

    def bind(args, kwargs) -> dict | None:
        """The arguments by name (``**kwargs`` ones included), or None for a bad call."""
        if simple:
            if len(args) > len(positional) or \
                    any(name in kwargs for name in positional[:len(args)]):
                return None
            arguments = dict(zip(positional, args))
            arguments.update(kwargs)
            return arguments
        try:  # `def __init__(self, *args, **kwargs)` of a subclass: the slow, general way
            bound = sig.bind(None, *args, **kwargs).arguments
        except TypeError:
            return None
        arguments = {name: value for name, value in bound.items()
                     if sig.parameters[name].kind in _NAMED}
        arguments.update(kwargs)
        return arguments

    @functools.wraps(init)
    def __init__(self, *args, **kwargs):
        arguments = bind(args, kwargs)
        if arguments is None:
            return init(self, *args, **kwargs)  # Python's own message for a bad call
        if "_given" not in self.__dict__ and (simple or not args):
            self._given = frozenset(arguments)  # the outermost constructor: what was given
        for name in props:
            setattr(self, name, arguments.get(name, defaults[name]))
        init(self, *args, **kwargs)

    __init__._blocks_init = True
    return __init__


Block._accepted = frozenset()
Block._gradio_only = {}
_declare(Block)
_ROOT_PROPS = Block.PROPS  # visible, elem_id, elem_classes, key: every block has them


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

