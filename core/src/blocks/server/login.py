"""The login page, the sign-in itself, and ``/logout`` (registered when an app has a login).

- ``GET /login``: the form of a "form" backend (username, password; no
  script), or the redirect to the provider of a "redirect" backend.
  ``?next=`` is where to go afterwards (a path of this app only).
- ``POST /login``: form fields ``username`` and ``password``. A browser gets
  a redirect (303) and the session cookie, or the page again with a message
  that does not say whether the user exists (401); a program (no
  ``text/html`` in ``Accept``, e.g. ``gradio_client``) gets ``{"success":
  true}`` and the cookie, or 401 JSON. Refused when another site sends it
  (``Origin`` or ``Sec-Fetch-Site``: 403) and while failures throttle the
  client's address or the username (429 and ``Retry-After``).
- ``GET /login/callback``: where a redirect backend's provider sends the visitor back.
- ``GET|POST /logout``: ends every login of the user (all browsers and
  devices), or only this browser's with ``?all_session=false``; their pages'
  websockets close with 4401 and show the login page. Refused (403) when another
  site sent the visitor there (``Sec-Fetch-Site`` or ``Origin``): a forced logout.
"""

from __future__ import annotations

import logging
import math
import time
from pathlib import Path
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    jsonify,
    redirect,
    render_template_string,
    request,
)

from blocks.auth import Identity, LoginError
from blocks.auth_store import new_login
from blocks.request import LOGIN_KEY
from blocks.sanitize import render_markdown
from blocks.server.auth import safe_next
from blocks.server.state import app_state

__all__ = ["blueprint"]

logger = logging.getLogger("blocks.server")
blueprint = Blueprint("blocks_login", __name__)
_TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "login.html"
MAX_FIELD = 1024  # characters of a username or password
WRONG = "Incorrect username or password."


def _auth():
    return app_state(current_app).auth


def _wants_html() -> bool:
    return any(value == "text/html" for value, _ in request.accept_mimetypes)


def _cross_site() -> bool:
    """Another site's page sent this request (a forged form post)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site and site not in ("same-origin", "none"):
        return True
    origin = request.headers.get("Origin")
    return origin is not None and (origin == "null" or urlsplit(origin).netloc != request.host)


def _page(auth, next_url: str, *, error: str | None = None, username: str = "",
          status: int = 200, retry_after: int | None = None) -> Response:
    state = app_state(current_app)
    theme = request.args.get("__theme")
    html = render_template_string(
        _TEMPLATE.read_text(encoding="utf-8"), title=str(state.blocks.title or "Blocks"),
        root=auth.root(), next=next_url, error=error, username=username,
        message=render_markdown(auth.message) if auth.message else None,
        form=auth.kind == "form", provider=auth.title, lang="en",
        mode=theme if theme in ("dark", "light") else None,
        retry_url=auth.login_url(next_url))
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _refusal(auth, status: int, message: str, next_url: str, username: str = "",
             retry_after: int | None = None):
    if _wants_html():
        return _page(auth, next_url, error=message, username=username, status=status,
                     retry_after=retry_after)
    response = jsonify(error=message, status=status)
    response.status_code = status
    if retry_after is not None:
        response.headers["Retry-After"] = str(retry_after)
    return response


def _signed_in(auth, identity: Identity, next_url: str, *, program: bool):
    login = new_login(identity, auth.backend.name, auth.max_age)
    auth.store.add(login)
    response = jsonify(success=True) if program else redirect(next_url, code=303)
    auth.set_cookie(response, login)
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/login")
def login_page():
    auth = _auth()
    next_url = safe_next(request.args.get("next"), auth.root())
    if request.environ.get(LOGIN_KEY) is not None:
        return redirect(next_url)
    if auth.kind == "redirect":
        redirect_uri = _callback_url(auth)
        try:
            url, flow = app_state(current_app).runtime.run_in_thread(
                auth.backend.begin_login, redirect_uri)
        except LoginError as error:
            return _refusal(auth, 502, str(error), next_url)
        response = redirect(url, code=302)
        auth.save_flow(response, {**flow, "next": next_url})
        return response
    return _page(auth, next_url)


@blueprint.post("/login")
def login_submit():
    auth = _auth()
    next_url = safe_next(request.form.get("next") or request.args.get("next"), auth.root())
    if _cross_site():
        return _refusal(auth, 403, "Sign-in forms may be sent only from this app's own "
                                   "pages.", next_url)
    if auth.kind != "form":
        return _refusal(auth, 405, f"Sign in with {auth.title}.", next_url)
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    if not username or not password or len(username) > MAX_FIELD or len(password) > MAX_FIELD:
        return _refusal(auth, 400, "Enter a username and a password.", next_url,
                        username[:MAX_FIELD])
    keys = (f"address:{auth.client_address()}", f"user:{username.casefold()}")
    now = time.time()
    wait = max(auth.throttle.wait(*auth.store.failures(key, now, auth.throttle.forget), now)
               for key in keys)
    if wait > 0:
        seconds = math.ceil(wait)
        return _refusal(auth, 429, f"Too many failed sign-ins. Try again in {seconds} "
                                   f"second{'s' if seconds != 1 else ''}.", next_url,
                        username, retry_after=seconds)
    try:
        ok = app_state(current_app).runtime.run_in_thread(auth.backend.check_password,
                                                          username, password)
    except Exception:
        logger.exception("the auth backend %r failed while checking a sign-in",
                         auth.backend.name)
        return _refusal(auth, 500, "The server could not check this sign-in.", next_url,
                        username)
    if not ok:
        for key in keys:
            auth.store.record_failure(key, time.time(), auth.throttle.forget)
        return _refusal(auth, 401, WRONG, next_url, username)
    auth.store.clear_failures(keys[1])
    return _signed_in(auth, Identity(username), next_url, program=not _wants_html())


def _callback_url(auth) -> str:
    configured = getattr(auth.backend, "options", {}).get("redirect_uri")
    return configured or f"{auth.external_root()}/login/callback"


@blueprint.get("/login/callback")
def callback():
    auth = _auth()
    home = auth.root() + "/"
    if auth.kind != "redirect":
        return _refusal(auth, 404, "This app has no sign-in provider.", home)
    flow = auth.read_flow()
    if flow is None:
        return _refusal(auth, 400, "This sign-in expired or did not start here; try again.",
                        home)
    next_url = safe_next(flow.get("next"), auth.root())
    try:
        identity = app_state(current_app).runtime.run_in_thread(
            auth.backend.finish_login, request.args.to_dict(), flow, _callback_url(auth))
    except LoginError as error:
        response = _refusal(auth, 401, f"Sign-in failed: {error}", next_url)
        auth.clear_flow(response)
        return response
    response = _signed_in(auth, identity, next_url, program=False)
    auth.clear_flow(response)
    return response


@blueprint.route("/logout", methods=["GET", "POST"])
def logout():
    auth = _auth()
    login = request.environ.get(LOGIN_KEY)
    target = auth.root() + "/"
    if _cross_site():  # a link or form of another site must not end the visitor's logins
        return _refusal(auth, 403, "Log out from this app's own pages.", target)
    if login is not None:
        if request.args.get("all_session", "true").strip().lower() == "false":
            auth.store.remove(login.id)
            ended = [login.id]
        else:
            ended = auth.store.remove_user(login.username)
        auth.close_logins(ended)
        elsewhere = auth.backend.logout_url(login.extra, auth.external_root() + "/")
        target = elsewhere or target
    response = redirect(target, code=303 if request.method == "POST" else 302)
    auth.clear_cookie(response)
    response.headers["Cache-Control"] = "no-store"
    return response
