"""``create_app(blocks, **settings)``: the Flask app that serves one Blocks.

The app owns everything that lives while it serves (``AppState``, in
``blocks.server.state``): its plugin manager and registry, theme, session
store, file registry and queue. Two apps in one process share nothing.
"""

from __future__ import annotations

from flask import Flask, jsonify, request

from blocks.plugins import make_plugin_manager
from blocks.queue import Queue
from blocks.registry import Registry
from blocks.server import api, files, gradio_compat, login, openapi, pages, security, ws
from blocks.server.api_sessions import ApiSessions
from blocks.server.auth import build_auth, check_login_buttons
from blocks.server.files import FileRegistry
from blocks.server.maintenance import choose_backends, make_queue_backend, make_session_store
from blocks.server.proxies import TrustedProxies
from blocks.server.runtime import GeventRuntime
from blocks.server.settings import Settings
from blocks.server.state import AppState, app_state

__all__ = ["create_app", "AppState", "app_state", "share_browser_state_keys",
           "MCP_EXTENSION"]

MCP_EXTENSION = "blocks_mcp"  # the app.extensions key the MCP plugin sets when it serves


def create_app(blocks, **kwargs) -> Flask:
    """Build the WSGI app for ``blocks``; keyword arguments are :class:`Settings`."""
    pm = make_plugin_manager(list(kwargs.get("plugins") or []))
    registry = Registry(pm)
    store_class, queue_class = choose_backends(registry, kwargs)
    settings = Settings.from_kwargs(
        backend_options=(*store_class.options, *getattr(queue_class, "options", ())), **kwargs)
    for startup in blocks.startup_fns:  # e.g. gr.Examples(cache_examples=True) fills its cache
        startup()
    theme = registry.resolve_theme(settings.theme if settings.theme is not None
                                   else blocks.theme)
    if settings.secret:
        share_browser_state_keys(blocks, settings.secret)
    runtime = GeventRuntime(settings.max_threads, blocking=store_class.blocking or
                            getattr(queue_class, "blocking", False))
    state = AppState(blocks=blocks, settings=settings, pm=pm, registry=registry, theme=theme,
                     files=FileRegistry(settings, blocks.delete_cache), runtime=runtime)
    state.store = make_session_store(state, store_class)
    state.files.store = state.store
    backend = make_queue_backend(state, queue_class)
    state.queue = Queue(blocks, runtime, show_error=settings.show_error, sessions=state.store,
                        file_rule=state.files.rule, backend=backend)
    messenger = backend.messenger() if backend is not None else None
    if messenger is not None:  # API event streams are read from any process
        from blocks.server.api_relay import Relay
        state.relay = Relay(state, messenger)
    state.auth = build_auth(state)
    check_login_buttons(state)
    state.api = ApiSessions(state)

    app = security.BlocksFlask("blocks", static_folder=None)
    app.json.sort_keys = False  # a value's keys keep their order (gr.JSON, gr.ParamViewer)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_upload_size  # one request, framing included
    app.config["MAX_FORM_PARTS"] = settings.max_upload_files + 16
    app.extensions["blocks"] = state
    if settings.trusted_proxies:  # their X-Forwarded-* / Forwarded say what the browser asked
        app.wsgi_app = TrustedProxies(app.wsgi_app, settings.trusted_proxies)
    security.init_app(app, settings)
    if state.auth is not None:
        # every request, whatever registered its route, passes this one check (docs/auth.md)
        app.before_request(state.auth.check)
        if state.auth.has_login_page:
            app.register_blueprint(login.blueprint)
    app.register_blueprint(pages.blueprint)
    app.register_blueprint(files.blueprint)
    app.register_blueprint(api.blueprint)
    app.register_blueprint(gradio_compat.blueprint)
    app.register_blueprint(openapi.blueprint)
    ws.init_app(app)
    for blueprints in pm.hook.blocks_register_routes(app=app, settings=settings):
        for blueprint in blueprints or []:
            app.register_blueprint(blueprint)
    if settings.mcp_server and MCP_EXTENSION not in app.extensions:
        raise RuntimeError("mcp_server=True (or BLOCKS_MCP_SERVER) needs the blocks-mcp "
                           "plugin: pip install blocks-mcp (docs/mcp.md).")
    pages.register_error_handlers(app)
    app.before_request(_refuse_cross_origin_writes)
    return app


def share_browser_state_keys(blocks, secret: str) -> None:
    """``gr.BrowserState``s made without ``storage_key``/``secret`` get ones derived from
    the app's ``secret``, so that every process serving the app agrees on them."""
    for block in blocks.blocks.values():
        derive = getattr(block, "derive_keys", None)
        if derive is not None:
            derive(secret)


def _refuse_cross_origin_writes():
    """A page of another site may not post to this app (uploads, future API calls)."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    refusal = security.cross_origin_refusal()
    if refusal:
        return jsonify(error=refusal, status=403), 403
    return None
