"""Calling a ``gr.ChatInterface``'s function: sync or async, returning or yielding."""

from __future__ import annotations

import asyncio
import functools
import inspect

__all__ = ["iterate", "special_names", "wrap"]


def wrap(fn, body, streams: bool, name: str | None = None):
    """``body`` with ``fn``'s signature (its request and progress parameters) and name.

    The endpoint for programs is named after ``fn``; the page's own listeners
    get ``name`` so that they do not take that name.
    """
    if streams and body.__name__ == "_stream":
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            yield from body(*args, **kwargs)
    else:
        @functools.wraps(fn)
        def wrapped(*args, **kwargs):
            return body(*args, **kwargs)
    if name is not None:
        wrapped.__name__ = name
    return wrapped


def iterate(result):
    """A generator over what a (sync or async) generator function returned."""
    if inspect.isasyncgen(result):
        return drive(result)
    if inspect.iscoroutine(result):
        result = asyncio.run(result)
    if inspect.isgenerator(result):
        return result
    return iter([result])


def drive(agen):
    loop = asyncio.new_event_loop()
    try:
        while True:
            try:
                yield loop.run_until_complete(agen.__anext__())
            except StopAsyncIteration:
                return
    finally:
        loop.run_until_complete(agen.aclose())
        loop.close()


def special_names(fn) -> list[str]:
    from blocks.params import special_params
    return [name for name, kind in special_params(fn).items() if kind != "progress"]
