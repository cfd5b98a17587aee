"""The page shell, the config, the theme stylesheet and component modules."""

from __future__ import annotations

from pathlib import Path

from flask import (Blueprint, Response, abort, current_app, jsonify, render_template_string,
                   request, send_file, send_from_directory)
from werkzeug.exceptions import HTTPException

__all__ = ["blueprint", "register_error_handlers", "root_url"]

blueprint = Blueprint("blocks_pages", __name__)
_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "page.html"


def _state():
    from blocks.server.app import app_state
    return app_state(current_app)


def root_url() -> str:
    """The URL prefix of the app as the browser sees it (behind proxies too)."""
    state = _state()
    return state.settings.root_path or request.script_root.rstrip("/")


@blueprint.get("/")
def page():
    state = _state()
    blocks = state.blocks
    head = [blocks.head or "", state.settings.head or ""]
    head += [str(h) for h in state.pm.hook.blocks_extra_head(settings=state.settings) if h]
    css = "\n".join(c for c in (blocks.css, state.settings.css) if c)
    html = render_template_string(
        _TEMPLATE.read_text(encoding="utf-8"), title=str(blocks.title), root=root_url(),
        favicon=f"{root_url()}/favicon.ico" if state.settings.favicon_path else "data:,",
        css=css, head="\n".join(head), js=blocks.js or state.settings.js)
    return Response(html, mimetype="text/html")


@blueprint.get("/config")
def config():
    state = _state()
    data = state.blocks.config()
    for component in data["components"]:
        state.files.expose(component["props"].get("value"), root_url())
    return jsonify(data)


@blueprint.get("/favicon.ico")
def favicon():
    path = _state().settings.favicon_path
    if not path:
        abort(404)
    return send_file(path, max_age=3600)


@blueprint.get("/theme.css")
def theme_css():
    return Response(_state().theme.css(), mimetype="text/css")


@blueprint.get("/assets/<package>/<path:filename>")
def asset(package, filename):
    folder = _state().registry.static_dirs().get(package)
    if folder is None:
        abort(404)
    response = send_from_directory(folder, filename, max_age=0)
    if filename.endswith(".js"):
        response.mimetype = "text/javascript"
    return response


def register_error_handlers(app):
    @app.errorhandler(HTTPException)
    def http_error(error):
        if request.path == "/" or request.accept_mimetypes.best == "text/html" and \
                not request.path.startswith(("/config", "/upload", "/file=")):
            return error
        return jsonify(error=error.description, status=error.code), error.code
