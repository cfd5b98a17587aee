"""The page shell (one per page of the app), the config, the theme stylesheet and
the static modules of plugin packages.

The shell carries what the page needs to show itself at once: its config (the same
JSON as ``/config``, which stays for programs and for pages that must ask again), the
theme's CSS, and the URLs of every module and stylesheet its components load, for
the browser to fetch in parallel (``blocks.server.page_assets``).
"""

from __future__ import annotations

import functools
import logging
import mimetypes
from pathlib import Path
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    jsonify,
    request,
    send_file,
)
from werkzeug.exceptions import HTTPException

from blocks.i18n import translate_value
from blocks.multipage import find_page, pages_of
from blocks.server import api_page
from blocks.server.gradio_compat import add_api_components, config_keys
from blocks.server.page_assets import BUNDLE_FOLDER, VERSION_PREFIX, PageAssets, compressed
from blocks.server.state import app_state
from blocks.server.urls import root_url

__all__ = ["blueprint", "register_error_handlers", "root_url"]

logger = logging.getLogger("blocks.server")
blueprint = Blueprint("blocks_pages", __name__)
_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "page.html"


def _state():
    return app_state(current_app)


@functools.lru_cache(maxsize=16)
def _template(env):
    """The page shell, compiled once per Jinja environment (compiling costs more than
    rendering it)."""
    return env.from_string(_TEMPLATE.read_text(encoding="utf-8"))


def _assets() -> PageAssets:
    state = _state()
    if state.assets is None:
        state.assets = PageAssets(state.registry.static_dirs())
    return state.assets


def _preferred_locales() -> list[str]:
    """The browser's languages, best first; ``?__lang=fr`` goes before them."""
    forced = request.args.get("__lang")
    return ([forced] if forced else []) + [lang for lang, _ in request.accept_languages]


def _i18n():
    """``(translate, lang)`` for this request: ``(None, "en")`` without ``i18n``."""
    i18n = _state().settings.i18n
    if i18n is None:
        return None, "en"
    preferred = _preferred_locales()
    return i18n.translator(preferred), i18n.language(preferred)


def _read_all(paths) -> str:
    return "\n".join(Path(path).read_text(encoding="utf-8") for path in paths or [])


def _join(*parts) -> str:
    return "\n".join(part for part in parts if part)


def _footer(settings) -> list[dict]:
    """The footer's links: ``footer_links`` without "api" when ``show_api`` is off."""
    return [link for link in settings.footer_links
            if link["kind"] != "api" or settings.show_api]


def _api_href() -> str:
    """The API page's address; ``?__lang=`` and ``?__theme=`` carry over, as between pages."""
    carried = {k: request.args[k] for k in ("__lang", "__theme") if request.args.get(k)}
    return f"{root_url()}/?{urlencode({'view': 'api', **carried})}"


def _page(path: str):
    state = _state()
    blocks, settings = state.blocks, state.settings
    translate, lang = _i18n()
    title = translate_value(blocks.title, translate) if translate else blocks.title
    theme = request.args.get("__theme")
    mode = theme if theme in ("dark", "light") else None
    if request.args.get("view") == "api":  # Gradio's URL of its API page
        return api_page.render(str(title), lang, mode)
    css = _join(blocks.css, _read_all(blocks.css_paths), settings.css,
                _read_all(settings.css_paths))
    head = _join(blocks.head, _read_all(blocks.head_paths), settings.head,
                 _read_all(settings.head_paths),
                 *(str(h) for h in state.pm.hook.blocks_extra_head(settings=settings) if h))
    scripts = [code for code in (blocks.js, settings.js) if isinstance(code, str) and code]
    favicon, favicon_type = "data:,", None
    if settings.favicon_path:
        favicon = f"{root_url()}/favicon.ico"
        favicon_type = mimetypes.guess_type(str(settings.favicon_path))[0]
    config = _inline_config(path, translate)
    assets = _assets()
    modules, stylesheets = assets.needs(_page_modules(config))
    assets_url = f"{root_url()}/assets/{assets.version()}"
    bundle = assets.bundle(modules)
    bundled = bundle.exports if bundle is not None else {}
    context = {
        "title": str(title), "root": root_url(), "page": path, "lang": lang, "mode": mode,
        "favicon": favicon, "favicon_type": favicon_type, "css": css, "head": head,
        "scripts": scripts, "page_token": state.page_token, "footer": _footer(settings),
        "api_href": _api_href(), "theme_script": api_page.theme_script(),
        "theme_css": _theme_css(state, assets),
        "assets": assets_url, "modules": [module for module in modules if module not in bundled],
        "bundle": bundle and f"{assets_url}/{BUNDLE_FOLDER}/{bundle.key}.js",
        "import_map": bundle and _script_json(bundle.import_map(assets_url)),
        "runtime_bundled": "blocks/runtime.js" in bundled,
        "stylesheets": [(sheet, assets.inline_text(sheet)) for sheet in stylesheets],
        "config": config and _script_json(config)}
    current_app.update_template_context(context)
    html = _template(current_app.jinja_env).render(context)
    response = Response(mimetype="text/html")
    # the config in it may name who is signed in: for this browser only, asked again each time
    response.headers["Cache-Control"] = "private, no-cache"
    return compressed(response, html.encode("utf-8"))


def _theme_css(state, assets: PageAssets) -> str:
    """The theme's stylesheet for the page's head, made once (nothing in it may end the
    ``<style>`` element)."""
    if assets.theme_css is None:
        assets.theme_css = state.theme.css().replace("</", "<\\/")
    return assets.theme_css


def _page_modules(config: dict | None) -> list[str]:
    """The modules of the components in the page's layout (the config lists every page's)."""
    if config is None:
        return []
    modules = {component["id"]: component["module"] for component in config["components"]}
    found, todo = [], list(config["layout"].get("children", ()))
    while todo:
        node = todo.pop(0)
        found.append(modules.get(node["id"]))
        todo.extend(node.get("children", ()))
    return found


def _config(page: str, translate) -> dict:
    """What ``/config`` answers for ``page`` (its files exposed to this app's browsers)."""
    state = _state()
    data = state.blocks.config(page=page, translate=translate)
    for component in data["components"]:  # files in any prop: values, samples, ...
        state.files.expose(component["props"], root_url())
    data["blocks_version"] = data["version"]
    data.update(config_keys(state))  # what Gradio's clients read
    add_api_components(state.blocks, data)  # gr.api endpoints, as Gradio's clients map them
    data["show_api"] = state.settings.show_api
    data["username"] = None  # Gradio's key: who is signed in
    if state.auth is not None:
        data.update(state.auth.config_info())
    return data


def _inline_config(page: str, translate) -> dict | None:
    """The config for the page shell; ``None`` when it cannot be made, and then the
    page asks ``/config``, whose error answer it shows."""
    try:
        return _config(page, translate)
    except Exception:  # logged; /config fails the same way, and the page shows that
        logger.exception("The config of page '/%s' could not be made", page)
        return None


# In <script type="application/json"> nothing may end the element or open a comment:
# every <, > and & is written as a JSON escape (the same string once parsed).
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _script_json(data) -> str:
    return current_app.json.dumps(data, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


@blueprint.get("/")
def page():
    return _page("")


@blueprint.get("/<path:page_path>")
def sub_page(page_path):
    found = find_page(_state().blocks, page_path)
    if found is None:
        abort(404)
    return _page(found.path)


@blueprint.get("/config")
def config():
    state = _state()
    page = request.args.get("page", "")
    if page:
        found = find_page(state.blocks, page)
        if found is None:
            abort(404, description=f"No page at '/{page}'.")
        page = found.path
    translate, _ = _i18n()
    return jsonify(_config(page, translate))


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
    """A static file of a package; ``/assets/v-<version>/<package>/<file>`` is the same
    file under the page's versioned URL (see ``blocks.server.page_assets``)."""
    version = None
    if package.startswith(VERSION_PREFIX):
        version, (package, _, filename) = package, filename.partition("/")
    if package == BUNDLE_FOLDER:
        return _bundle_asset(filename, version)
    response = _assets().response(package, filename, version)
    if response.status_code == 404:
        abort(404)
    return response


def _bundle_asset(filename: str, version: str | None):
    """A page bundle, or the facade of a module in it (``blocks.server.bundle``)."""
    key, _, module = filename.partition("/")
    if not module:
        if not key.endswith(".js"):
            abort(404)
        key = key[:-3]
    assets = _assets()
    bundle = assets.known_bundle(key)
    if bundle is None and _make_every_bundle(assets):
        bundle = assets.known_bundle(key)  # a page another process served
    if bundle is None:
        abort(404)
    response = assets.bundle_response(bundle, module, version)
    if response.status_code == 404:
        abort(404)
    return response


def _make_every_bundle(assets: PageAssets) -> bool:
    """Make the bundle of each page of the app, once per version of the static files
    (a page shell served by another process names one this process has not made);
    ``False`` when that was done already."""
    version = assets.version()
    if assets.every_bundle_made == version:
        return False
    assets.every_bundle_made = version
    for path in ["", *(page.path for page in pages_of(_state().blocks))]:
        config = _inline_config(path, None)
        if config is not None:
            assets.bundle(assets.needs(_page_modules(config))[0])
    return True


# routes whose errors are JSON whatever the client accepts (programs read them)
_JSON_PATHS = ("/config", "/upload", "/file=", "/call/", "/info", "/openapi.json",
               "/gradio_api/")


def register_error_handlers(app):
    @app.errorhandler(HTTPException)
    def http_error(error):
        if request.path == "/" or (request.accept_mimetypes.best == "text/html" and
                not request.path.startswith(_JSON_PATHS)):
            return error
        response = jsonify(error=error.description, status=error.code)
        response.status_code = error.code
        for name, value in error.get_headers():  # Allow (405), Content-Range (416), ...
            if name.lower() != "content-type":
                response.headers[name] = value
        return response
