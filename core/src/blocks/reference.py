"""The reference of a block class, read from the class itself.

The generated component reference (``tools/component_docs.py``) and the
contract test use it: a class documents its constructor arguments in the
``Args:`` section of its docstring (a parent's entries serve its subclasses),
its events as :class:`~blocks.events.EventSpec` docs, and its Gradio-only
arguments in ``GRADIO_ONLY``.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

__all__ = ["Argument", "arguments", "documented_args", "summary"]

_NAMED = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)


@dataclass
class Argument:
    name: str
    default: str          # as Python source, "" when required
    doc: str
    prop: bool            # sent to the browser
    owner: type           # the class whose __init__ declares it (the nearest one)


def documented_args(cls) -> dict[str, str]:
    """``name -> text`` of the ``Args:`` entries of ``cls`` and its parents (nearest wins)."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        doc = inspect.cleandoc(klass.__dict__.get("__doc__") or "")
        if "\nArgs:\n" not in doc:
            continue
        current = None
        for line in doc.split("\nArgs:\n", 1)[1].splitlines():
            if line.startswith("        ") and current:
                found[current] += " " + line.strip()
            elif line.startswith("    ") and ":" in line:
                current, text = line.strip().split(":", 1)
                found[current] = text.strip()
            elif line.strip():
                break
    return found


def summary(cls) -> str:
    """The docstring of ``cls`` without its ``Args:`` section."""
    doc = inspect.cleandoc(cls.__dict__.get("__doc__") or "")
    return doc.split("\nArgs:\n", 1)[0].strip()


def arguments(cls) -> list[Argument]:
    """The named constructor arguments ``cls`` accepts, in the order of its signatures."""
    docs = documented_args(cls)
    found: dict[str, Argument] = {}
    for klass in cls.__mro__:
        init = klass.__dict__.get("__init__")
        if init is None:
            continue
        params = list(inspect.signature(init).parameters.values())[1:]
        for param in params:
            if param.kind in _NAMED and param.name in cls._accepted and \
                    param.name not in found:
                default = "" if param.default is param.empty else repr(param.default)
                found[param.name] = Argument(param.name, default, docs.get(param.name, ""),
                                             param.name in cls.PROPS, klass)
        if not any(p.kind is p.VAR_KEYWORD and p.name != "gradio_only" for p in params):
            break  # the chain of constructors ends here
    return list(found.values())
