"""The constructor options of ``gr.ChatInterface``: checked, and turned into what it builds."""

from __future__ import annotations

import os
import warnings

from blocks.components.base import Component
from blocks.exceptions import BlocksWarning
from blocks.layouts import Accordion

__all__ = ["accordion", "as_list", "cache_settings", "check_type", "component", "flagging_mode",
           "storage_key"]


def check_type(kind) -> None:
    if kind is None:
        return
    if kind == "tuples":
        raise ValueError("ChatInterface(type='tuples') is not supported: Gradio 6 uses "
                         "messages only.")
    if kind != "messages":
        raise ValueError(f"ChatInterface type must be 'messages'; got {kind!r}.")
    warnings.warn("ChatInterface(type='messages'): messages are the only format (Gradio 6 "
                  "removed the argument); it can be left out.", BlocksWarning, stacklevel=3)


def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def component(item):
    """An additional input: a component, or the name of one ("textbox", "slider")."""
    if isinstance(item, Component):
        return item
    if isinstance(item, str):
        from blocks.registry import catalog
        registry = catalog()
        cls = registry.components.get(item.lower()) or registry.component_by_class_name(item)
        if cls is None:
            raise ValueError(f"No component named {item!r} for additional_inputs.")
        return cls(render=False)
    raise TypeError(f"additional_inputs takes components or their names; got {item!r}.")


def accordion(accordion) -> dict:
    if accordion is None:
        return {"label": "Additional Inputs", "open": False}
    if isinstance(accordion, str):
        return {"label": accordion}
    if isinstance(accordion, Accordion):
        return {"label": accordion.label, "open": accordion.open}
    raise ValueError("additional_inputs_accordion takes a label or a gr.Accordion; got "
                     f"{accordion!r}.")


def cache_settings(cache_examples, cache_mode) -> tuple[bool, str]:
    if cache_examples == "lazy":
        return True, "lazy"
    if cache_mode not in (None, "eager", "lazy"):
        raise ValueError(f"cache_mode must be 'eager' or 'lazy'; got {cache_mode!r}.")
    return bool(cache_examples), cache_mode or "eager"


def flagging_mode(mode) -> str:
    mode = mode or os.environ.get("BLOCKS_CHAT_FLAGGING_MODE") or \
        os.environ.get("GRADIO_CHAT_FLAGGING_MODE") or "never"
    if mode not in ("never", "manual"):
        raise ValueError(f"flagging_mode must be 'manual' or 'never'; got {mode!r}.")
    return mode


def storage_key(fn) -> str:
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', 'chat')}"
