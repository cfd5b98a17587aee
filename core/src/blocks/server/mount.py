"""``gr.mount_gradio_app(app, demo, path)``: serve a Blocks at a path of another web app.

The Blocks gets its own Flask app (``create_app``), reached through Werkzeug's
``DispatcherMiddleware`` under ``path``: the page, the websocket, files, uploads
and the HTTP API all live under the prefix (the dispatcher sets ``SCRIPT_NAME``,
from which every URL the app makes starts). The outer app keeps its routes.

- A Flask app is changed in place (its ``wsgi_app`` is wrapped) and returned,
  so ``app.run()``, gunicorn's ``module:app`` and ``app.test_client()`` serve both.
- Any other WSGI callable is wrapped: the combined WSGI app is returned.
- ``auth_dependency(request: gr.Request) -> str | None`` is the app's setting of
  that name (docs/auth.md): asked on every request to the mounted app, the
  websocket's included; ``None`` refuses it.
"""

from __future__ import annotations

from werkzeug.middleware.dispatcher import DispatcherMiddleware

from blocks.arguments import check_launch_arguments, warn_unsupported
from blocks.server.settings import Settings

__all__ = ["mount_gradio_app"]

_SETTING_NAMES = {name for name in Settings.__dataclass_fields__ if name != "root_origin"}
# launch() arguments that only name the server launch() starts: the outer app's server serves
_SERVER_ONLY = {"server_name": None, "server_port": 7860}


def mount_gradio_app(app, blocks, path: str, *, auth_dependency=None, **kwargs):
    """Serve ``blocks`` at ``path`` (``"/demo"``) inside ``app``; see the module docstring.

    Keyword arguments are app settings (``show_error``, ``allowed_paths``,
    ``max_file_size``, ``theme``, ``css``, ``trusted_proxies``...), as for
    ``launch()``; Gradio's other ``mount_gradio_app`` arguments warn or refuse
    as ``launch()`` does. Returns the Flask ``app`` (changed in place) or, for
    another WSGI app, the combined WSGI app.
    """
    prefix = "/" + str(path or "").strip("/")
    if prefix == "/":
        raise ValueError("mount_gradio_app needs a path other than '/', e.g. '/demo'.")
    settings = {k: v for k, v in kwargs.items() if k in _SETTING_NAMES and v is not None}
    others = {k: v for k, v in kwargs.items() if k not in _SETTING_NAMES}
    for name, default in _SERVER_ONLY.items():
        if name in others and others.pop(name) not in (None, default):
            warn_unsupported("mount_gradio_app", name,
                             "the server of the app it is mounted in decides where it listens")
    check_launch_arguments(others)
    if auth_dependency is not None:
        settings["auth_dependency"] = auth_dependency  # docs/auth.md: on every request
    inner = blocks.create_app(**settings)
    blocks.app = inner
    mounted = inner
    if hasattr(app, "wsgi_app"):  # Flask: in place, as Gradio changes a FastAPI app
        app.wsgi_app = DispatcherMiddleware(app.wsgi_app, {prefix: mounted})
        return app
    if not callable(app):
        raise TypeError(f"mount_gradio_app needs a Flask app or a WSGI callable, not {app!r}.")
    return DispatcherMiddleware(app, {prefix: mounted})
