"""Serve a Blocks script with any WSGI server, e.g. gunicorn's gevent worker::

    gunicorn -k gevent -w 1 -b 127.0.0.1:8000 'blocks.wsgi:app("examples/showcase.py")'

The argument is a script path (its ``demo`` variable, or the first Blocks it
defines) or ``"module:variable"``. Keyword arguments are app settings:
``app("app.py", root_path="/demo", show_error=True)``.
"""

from __future__ import annotations

import importlib
import runpy
import warnings

from blocks import context
from blocks.blocks import Blocks
from blocks.exceptions import BlocksWarning

__all__ = ["app", "find_blocks", "load_blocks"]

# Settings of the server launch() runs; another WSGI server has its own.
LAUNCH_ONLY = {"header_timeout": "--keep-alive and a proxy's header timeout",
               "max_connections": "--worker-connections"}


def load_blocks(target: str):
    token = context.loading_for_wsgi.set(True)
    try:
        return _load(target)
    finally:
        context.loading_for_wsgi.reset(token)


def _load(target: str):
    if target.endswith(".py"):
        return find_blocks(runpy.run_path(target, run_name="__blocks_wsgi__"), "", target)
    module_name, _, attr = target.partition(":")
    return find_blocks(vars(importlib.import_module(module_name)), attr, target)


def find_blocks(namespace: dict, name: str, where: str) -> Blocks:
    """The Blocks a script defined: the variable ``name`` if given (it must be one),
    else ``demo``, else the first Blocks among its variables."""
    if name:
        value = namespace.get(name)
        if not isinstance(value, Blocks):
            raise LookupError(f"{where!r} defines no gr.Blocks named {name!r}.")
        return value
    for value in [namespace.get("demo"), *namespace.values()]:
        if isinstance(value, Blocks):
            return value
    raise LookupError(f"No gr.Blocks found in {where!r}.")


def app(target: str, **settings):
    """The WSGI app for the Blocks defined by ``target``.

    Settings the script passed to ``launch()`` (theme, css, i18n...) apply too;
    keyword arguments given here win.
    """
    blocks = load_blocks(target)
    settings = {**getattr(blocks, "launch_settings", {}), **settings}
    for name in sorted(LAUNCH_ONLY.keys() & settings.keys()):
        warnings.warn(f"{name} applies to the server launch() runs; under gunicorn use "
                      f"{LAUNCH_ONLY[name]} instead.", BlocksWarning, stacklevel=2)
    served = blocks.create_app(**settings)
    from blocks.server.runtime import freeze_startup_heap
    freeze_startup_heap()  # a WSGI server's worker serves from now on
    return served
