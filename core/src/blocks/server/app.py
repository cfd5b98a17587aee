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


def app_state(app: Flask) -> AppState:
    return app.extensions["blocks"]


def create_app(blocks, **kwargs) -> Flask:
    """Build the WSGI app for ``blocks``; keyword arguments are :class:`Settings`."""
    settings = Settings.from_kwargs(**kwargs)
    pm = make_plugin_manager(settings.plugins)
    registry = Registry(pm)
    theme = registry.resolve_theme(settings.theme if settings.theme is not None
                                   else blocks.theme)
    runtime = GeventRuntime(settings.max_threads)
    state = AppState(
        blocks=blocks, settings=settings, pm=pm, registry=registry, theme=theme,
        sessions=MemorySessionStore(), files=FileRegistry(settings),
        runtime=runtime, queue=Queue(blocks, runtime, show_error=settings.show_error))

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
    return app
