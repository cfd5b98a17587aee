"""``create_app(blocks, **settings)``: the Flask app that serves one Blocks.

The app owns everything that lives while it serves: its plugin manager and
registry, theme, session store, file registry and queue. Two apps in one
process share nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask

from blocks.plugins import make_plugin_manager
from blocks.queue import Queue
from blocks.registry import Registry
from blocks.server.files import FileRegistry
from blocks.server.runtime import GeventRuntime
from blocks.server.settings import Settings
from blocks.session import MemorySessionStore

__all__ = ["create_app", "AppState", "app_state"]


@dataclass
class AppState:
    blocks: object
    settings: Settings
    pm: object
    registry: Registry
    theme: object
    sessions: MemorySessionStore
    files: FileRegistry
    runtime: GeventRuntime
    queue: Queue
    sweeper: object = None
    renders: object = None      # RenderRegistry: what @gr.render made for each session
    unload_pending: dict = None  # session hash -> request, for pages that dropped

    def __post_init__(self):
        from blocks.render import RenderRegistry
        self.unload_pending = {}
        self.renders = RenderRegistry()


def app_state(app: Flask) -> AppState:
    return app.extensions["blocks"]


def _state_store(registry, settings, runtime):
    import gevent

    from blocks.state import run_delete_callbacks
    backend = registry.state_backends.get(settings.state_backend)
    if backend is None:
        raise ValueError(f"No state backend named {settings.state_backend!r}; installed: "
                         f"{', '.join(sorted(registry.state_backends))}.")

    def on_drop(entries):  # delete callbacks may be slow: run them in worker threads
        gevent.spawn(runtime.run_in_thread, run_delete_callbacks, entries)

    return backend(capacity=settings.state_session_capacity,
                   grace_period=settings.state_grace_period, on_drop=on_drop)


def create_app(blocks, **kwargs) -> Flask:
    """Build the WSGI app for ``blocks``; keyword arguments are :class:`Settings`."""
    settings = Settings.from_kwargs(**kwargs)
    pm = make_plugin_manager(settings.plugins)
    registry = Registry(pm)
    theme = registry.resolve_theme(settings.theme if settings.theme is not None
                                   else blocks.theme)
    runtime = GeventRuntime(settings.max_threads)
    store = _state_store(registry, settings, runtime)
    state = AppState(
        blocks=blocks, settings=settings, pm=pm, registry=registry, theme=theme,
        sessions=MemorySessionStore(), files=FileRegistry(settings, blocks.delete_cache),
        runtime=runtime, queue=Queue(blocks, runtime, show_error=settings.show_error,
                                     state_store=store))

    app = Flask("blocks", static_folder=None)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_file_size
    app.extensions["blocks"] = state

    from blocks.server import files, pages, ws
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(files.blueprint)
    ws.init_app(app)
    for blueprints in pm.hook.blocks_register_routes(app=app, settings=settings):
        for blueprint in blueprints or []:
            app.register_blueprint(blueprint)
    pages.register_error_handlers(app)
    app.before_request(_refuse_cross_origin_writes)
    return app


def _refuse_cross_origin_writes():
    """A page of another site may not post to this app (uploads, future API calls)."""
    from urllib.parse import urlsplit

    from flask import jsonify, request
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    origin = request.headers.get("Origin")
    if origin and urlsplit(origin).netloc != request.host:
        return jsonify(error="Cross-origin requests are refused.", status=403), 403
    return None
