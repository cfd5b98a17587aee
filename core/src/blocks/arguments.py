"""No argument is silently ignored: Gradio arguments Blocks does not implement.

A Gradio script must run on Blocks, so a keyword argument that Gradio accepts
is accepted here too. When Blocks does not implement it, it has no effect and
a :class:`~blocks.exceptions.BlocksWarning` names it (once per process); a few
say why Blocks leaves them out on purpose (share links, server-side
rendering, ...). A security-relevant argument that is not implemented
(``ssl_*``) refuses to start instead: serving without
the protection asked for would be worse than not serving. Any other keyword
is a ``TypeError``, as in any Python function, so a typo cannot go unnoticed.

Components and layouts declare their Gradio-only arguments in
``GRADIO_ONLY`` (see :class:`blocks.tree.Block`); ``Blocks.launch()`` uses
the tables of this module.
"""

from __future__ import annotations

import os
import sys
import threading
import warnings
from collections.abc import Mapping

from blocks.exceptions import BlocksWarning

__all__ = ["check_gradio_only", "check_launch_arguments", "warn_unsupported",
           "LAUNCH_GRADIO_ONLY", "LAUNCH_REFUSED"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_warned: set[tuple[str, str]] = set()
_lock = threading.Lock()

_SHARE = ("share links go through Gradio's relay servers, which Blocks does not use; serve "
          "the app on a reachable address (server_name=\"0.0.0.0\") or behind your own "
          "reverse proxy (docs/deployment.md)")
_SSR = "Blocks renders pages in the browser and needs no Node.js server"

# launch() arguments of Gradio that Blocks accepts without implementing them:
# name -> (Gradio's default, why). Given with another value, they warn.
LAUNCH_GRADIO_ONLY: dict[str, tuple[object, str]] = {
    "share": (None, _SHARE),
    "share_server_address": (None, _SHARE),
    "share_server_protocol": (None, _SHARE),
    "share_server_tls_certificate": (None, _SHARE),
    "ssr_mode": (None, _SSR),
    "node_server_name": (None, _SSR),
    "node_port": (None, _SSR),
    "pwa": (None, "installable Progressive Web Apps are not built yet"),
    "inline": (None, "Blocks does not display apps inside notebooks"),
    "height": (500, "it sizes the notebook iframe of inline=True, which Blocks does not make"),
    "width": ("100%", "it sizes the notebook iframe of inline=True, which Blocks does not make"),
    "app_kwargs": (None, ("Blocks' app is a Flask app, not FastAPI: configure the app that "
                          "demo.create_app() returns")),
    "enable_monitoring": (None, "Blocks has no /monitoring page"),
    "strict_cors": (True, "Blocks always refuses cross-origin writes to the app"),
    "run_history": (True, "Blocks keeps no history of runs"),
    "num_workers": (None, ("Blocks serves one app per process; run more processes with "
                           "gunicorn (docs/deployment.md)")),
    "_app": (None, "it is internal to Gradio"),
    "_frontend": (True, "it is internal to Gradio"),
}

_NO_TLS = ("Blocks does not serve HTTPS itself: terminate TLS in a reverse proxy in front of "
           "the app (docs/deployment.md) and remove this argument")

# Security-relevant launch() arguments that Blocks does not implement: given
# with another value than Gradio's default, launch() refuses to start.
LAUNCH_REFUSED: dict[str, tuple[object, str]] = {
    "ssl_keyfile": (None, _NO_TLS),
    "ssl_certfile": (None, _NO_TLS),
    "ssl_keyfile_password": (None, _NO_TLS),
    "ssl_verify": (True, _NO_TLS),
}


def _stacklevel() -> int:
    """The stack level of the first frame outside Blocks and outside constructors."""
    frame, level = sys._getframe(1), 1
    while frame is not None and (frame.f_code.co_filename.startswith(_PACKAGE_DIR)
                                 or frame.f_code.co_name == "__init__"):
        frame, level = frame.f_back, level + 1
    return level


def warn_unsupported(owner: str, name: str, reason: str = "") -> None:
    """Warn once per process that ``owner`` ignores the Gradio argument ``name``."""
    with _lock:
        if (owner, name) in _warned:
            return
        _warned.add((owner, name))
    why = f": {reason}" if reason else ""
    warnings.warn(f"{owner}({name}=...) is a Gradio argument that Blocks does not implement; "
                  f"it has no effect{why}.", BlocksWarning, stacklevel=_stacklevel())


def check_gradio_only(owner: str, given: Mapping[str, object],
                      gradio_only: Mapping[str, str]) -> None:
    """Keyword arguments nobody took: warn for Gradio's, ``TypeError`` for others.

    ``gradio_only`` maps each Gradio argument to why Blocks leaves it out (or
    ``""``); the key ``"**"`` stands for any keyword (Gradio's ``gr.HTML``
    takes any keyword as a prop of its template).
    """
    for name in given:
        if name not in gradio_only and "**" not in gradio_only:
            raise TypeError(f"{owner}() got an unexpected keyword argument {name!r}")
    for name in given:
        warn_unsupported(owner, name, gradio_only.get(name, gradio_only.get("**", "")))


def _asks_for_something(value, default) -> bool:
    """Whether ``value`` asks for more than Gradio's default (``False`` asks for nothing)."""
    if default is None:
        return value is not None and value is not False
    return value != default


def check_launch_arguments(given: Mapping[str, object]) -> None:
    """Refuse security arguments Blocks lacks, warn for the others (see the tables)."""
    for name, value in given.items():
        if name in LAUNCH_REFUSED:
            default, reason = LAUNCH_REFUSED[name]
            if _asks_for_something(value, default):
                raise ValueError(f"launch({name}=...) is not supported, so the app does not "
                                 f"start: {reason}.")
        elif name not in LAUNCH_GRADIO_ONLY:
            raise TypeError(f"launch() got an unexpected keyword argument {name!r}")
    for name, value in given.items():
        if name in LAUNCH_GRADIO_ONLY:
            default, reason = LAUNCH_GRADIO_ONLY[name]
            if _asks_for_something(value, default):
                warn_unsupported("launch", name, reason)
