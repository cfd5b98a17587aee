"""The one place where an app decides who a request comes from, and refuses strangers.

:func:`build_auth` makes an app's :class:`Auth` from its settings (``auth``,
``auth_dependency``, ``auth_backend`` + ``auth_config`` or the environment).
:meth:`Auth.check` runs before every request of the app (an app-level
``before_request``), so every route is covered, the websocket handshake and
any route a plugin adds included; only the endpoints of :data:`PUBLIC` (the
login pages and what they show: the theme, static modules, the favicon) answer
strangers. A refused request gets:

- a websocket handshake: accepted and closed at once with code 4401, so that
  the page knows to sign in again;
- a page a browser navigates to, or any ``GET`` of one of the app's pages: a
  redirect to the login page (``/login?next=``), or a 401 page when the backend
  has none;
- anything else (``/config``, files, uploads, API calls): ``401`` and JSON.

The findings go into the WSGI environ (``blocks.request.LOGIN_KEY``), where
``gr.Request.from_environ`` finds them: ``request.username`` in every function.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import os
import secrets
import time
import warnings
from urllib.parse import quote, urlsplit

import gevent
from flask import Response, jsonify, redirect, request
from itsdangerous import BadData, URLSafeTimedSerializer

from blocks.auth import PROVIDED_BY, AuthBackend, PasswordAuth, address_in
from blocks.auth_store import Login, Throttle
from blocks.components.login_button import LoginButton
from blocks.exceptions import BlocksWarning
from blocks.request import LOGIN_COOKIE_KEY, LOGIN_KEY, Request
from blocks.server.websocket import is_upgrade, refuse

__all__ = ["Auth", "CLOSE_CODE", "PUBLIC", "build_auth", "check_login_buttons", "safe_next"]

logger = logging.getLogger("blocks.server")

CLOSE_CODE = 4401  # the websocket close code that sends a page back to the login page
FLOW_MAX_AGE = 600  # seconds a redirect sign-in may take
# Endpoints that answer without a login. Nothing else does, whoever registered it.
PUBLIC = frozenset({
    "blocks_pages.theme_css", "blocks_pages.asset", "blocks_pages.favicon",
    "blocks_login.login_page", "blocks_login.login_submit", "blocks_login.callback",
    "blocks_login.logout",
})
# The app's pages: whoever asks for one (a browser, a health check, a script) is sent to the
# login page, as a page is never data; the other routes answer scripts with JSON.
PAGE_ENDPOINTS = frozenset({"blocks_pages.page", "blocks_pages.sub_page"})
_LOGIN_ENDPOINTS = frozenset(name for name in PUBLIC if name.startswith("blocks_login."))
_NEVER = float("inf")


def build_auth(state) -> Auth | None:
    """The app's authentication, or ``None`` when it has none (see the module docstring)."""
    settings, registry = state.settings, state.registry
    if settings.auth_dependency is not None:
        if settings.auth is not None or settings.auth_backend:
            raise ValueError("auth_dependency cannot be used with auth or auth_backend: "
                             "choose one way to sign visitors in.")
        if not callable(settings.auth_dependency):
            raise TypeError("auth_dependency must be a function(request) -> username or None.")
        return Auth(state, None)
    if settings.auth is None and not settings.auth_backend:
        return None
    name = settings.auth_backend or "password"
    cls = registry.auth_backends.get(name)
    if cls is None:
        hint = f" {name!r} comes with {PROVIDED_BY[name]}: pip install {PROVIDED_BY[name]}." \
            if name in PROVIDED_BY else ""
        raise ValueError(f"No auth backend named {name!r}; installed: "
                         f"{', '.join(sorted(registry.auth_backends))}.{hint}")
    options = backend_options(cls, settings.auth_config)
    if settings.auth is not None:
        if not issubclass(cls, PasswordAuth):
            raise ValueError(f"auth=... is for the password backend; the {name!r} backend "
                             "takes its settings from auth_config.")
        options["users"] = settings.auth
    backend = cls(**options)
    backend.configure(settings)
    return Auth(state, backend)


def check_login_buttons(state) -> None:
    """A ``gr.LoginButton`` in an app nobody can sign in to warns (it shows disabled)."""
    auth = state.auth
    if auth is not None and auth.has_login_page:
        return
    if any(isinstance(block, LoginButton) for block in state.blocks.blocks.values()):
        warnings.warn("gr.LoginButton needs a sign-in: launch the app with an auth backend "
                      "(auth_backend=\"oidc\", or auth=...; see docs/auth.md). Until then "
                      "it shows disabled.", BlocksWarning, stacklevel=4)


def backend_options(cls, given: dict) -> dict:
    """``auth_config``, completed from ``BLOCKS_AUTH_<OPTION>`` (and ``..._FILE`` for secrets)."""
    options = dict(given)
    for key, option in getattr(cls, "OPTIONS", {}).items():
        if key in options or option.kind == "none":
            continue
        variable = f"BLOCKS_AUTH_{key.upper()}"
        value = os.environ.get(variable) or None
        if value is None and option.secret and os.environ.get(variable + "_FILE"):
            path = os.environ[variable + "_FILE"]
            try:
                with open(path, encoding="utf-8") as file:
                    value = file.read().strip() or None
            except OSError as error:
                raise ValueError(f"{variable}_FILE: cannot read {path!r}: "
                                 f"{error.strerror}.") from None
        if value is None:
            continue
        if option.kind == "list":
            value = [part.strip() for part in value.replace(",", " ").split() if part.strip()]
        elif option.kind == "bool":
            value = value.strip().lower() in ("1", "true", "yes", "on")
        elif option.kind == "float":
            value = float(value)
        options[key] = value
    return options


def safe_next(value: str | None, root: str) -> str:
    """Where to go after signing in: a path of this app, never another site."""
    home = root + "/"
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value \
            or any(ord(char) < 32 for char in value) or urlsplit(value).netloc:
        return home
    if root and value != root and not value.startswith(home):
        return home
    return value


class Auth:
    """One app's authentication: its backend, login store, cookie and live connections.

    ``backend`` is ``None`` for ``auth_dependency``. ``kind`` is the
    backend's (``"form"``, ``"redirect"``, ``"request"``) or ``"dependency"``.
    """

    def __init__(self, state, backend: AuthBackend | None):
        settings = state.settings
        self.state = state
        self.backend = backend
        self.dependency = settings.auth_dependency
        self.kind = backend.KIND if backend is not None else "dependency"
        self.required = bool(getattr(backend, "required", True))
        self.message = settings.auth_message
        self.max_age = float(settings.auth_max_age)
        self.throttle = Throttle.of(settings.auth_throttle)
        store_cls = state.registry.login_stores.get(settings.login_store)
        if store_cls is None:
            raise ValueError(f"No login store named {settings.login_store!r}; installed: "
                             f"{', '.join(sorted(state.registry.login_stores))}.")
        self.store = store_cls()
        key = settings.secret_key or secrets.token_hex(32)
        self._cookies = URLSafeTimedSerializer(key, salt="blocks.login")
        self._flows = URLSafeTimedSerializer(key, salt="blocks.login.flow")
        self.live: dict[str, set] = {}  # login id -> its pages' live sessions here

    @property
    def has_login_page(self) -> bool:
        return self.kind in ("form", "redirect")

    @property
    def title(self) -> str:
        return getattr(self.backend, "title", "") or "Blocks"

    # -- who is asking ------------------------------------------------------------------
    def check(self):
        """The app's ``before_request``: identify, then let through or refuse."""
        environ = request.environ
        environ[LOGIN_COOKIE_KEY] = self.cookie_name()
        endpoint = request.endpoint
        if endpoint in PUBLIC and endpoint not in _LOGIN_ENDPOINTS:
            return None  # the theme, static modules, the favicon: nothing to look up
        login = self.identify()
        if login is not None:
            environ[LOGIN_KEY] = login
            return None
        if endpoint in PUBLIC or not self.required:
            return None
        return self.refuse()

    def identify(self) -> Login | None:
        if self.kind == "dependency":
            username = self.state.runtime.run_in_thread(
                self.dependency, Request.from_environ(request.environ))
            return _passing(username, "auth_dependency")
        if self.kind == "request":
            username = self.backend.identify(Request.from_environ(request.environ))
            return _passing(username, self.backend.name)
        return self.login_from_cookie()

    def login_from_cookie(self) -> Login | None:
        raw = request.cookies.get(self.cookie_name())
        if not raw:
            return None
        try:
            login_id = self._cookies.loads(raw, max_age=math.ceil(self.max_age))
        except BadData:
            return None
        if not isinstance(login_id, str):
            return None
        login = self.store.get(login_id)
        if login is None or login.expired():
            return None
        return login

    def refuse(self):
        if is_upgrade(request.environ):
            return refuse(request.environ, CLOSE_CODE, "Not signed in")
        if _navigation() or (request.method in ("GET", "HEAD")
                             and request.endpoint in PAGE_ENDPOINTS):
            if self.has_login_page:
                return redirect(self.login_url(self.here()), code=302)
            return Response("<!doctype html><title>Not signed in</title><p>You are not signed "
                            "in to this app.</p>", status=401, mimetype="text/html",
                            headers={"WWW-Authenticate": 'Cookie realm="blocks"'})
        response = jsonify(error="Not signed in: sign in at /login first." if
                           self.has_login_page else "Not signed in.", status=401)
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Cookie realm="blocks"'
        return response

    # -- URLs, the client, the cookie ---------------------------------------------------
    def root(self) -> str:
        return self.state.settings.root_path or request.script_root.rstrip("/")

    def here(self) -> str:
        query = request.query_string.decode("latin-1")
        return self.root() + request.path + (f"?{query}" if query else "")

    def login_url(self, next_url: str | None = None) -> str:
        url = f"{self.root()}/login"
        return f"{url}?next={quote(next_url, safe='/')}" if next_url else url

    def external_root(self) -> str:
        """The app's URL as the visitor reached it (scheme as a trusted proxy says)."""
        return f"{'https' if self.secure() else request.scheme}://{request.host}{self.root()}"

    def from_trusted_proxy(self) -> bool:
        return address_in(request.remote_addr, self.state.settings.trusted_proxies)

    def secure(self) -> bool:
        if request.scheme == "https":
            return True
        forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
        return forwarded == "https" and self.from_trusted_proxy()

    def client_address(self) -> str:
        """The visitor's address: past trusted proxies, as their ``X-Forwarded-For`` says."""
        address = request.remote_addr or ""
        if not self.from_trusted_proxy():
            return address
        proxies = self.state.settings.trusted_proxies
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",")]
        for hop in reversed([hop for hop in hops if hop]):
            if not address_in(hop, proxies):
                return _normal(hop)
        return address

    def cookie_name(self) -> str:
        # apps on one host share cookies across ports: the port keeps them apart
        host = request.host or ""
        port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else ""
        return f"blocks-login-{port}" if port.isdigit() else "blocks-login"

    def set_cookie(self, response, login: Login) -> None:
        response.set_cookie(self.cookie_name(), self._cookies.dumps(login.id),
                            max_age=max(1, int(login.expires - time.time())),
                            path=self.root() or "/", secure=self.secure(), httponly=True,
                            samesite="Lax")

    def clear_cookie(self, response) -> None:
        response.delete_cookie(self.cookie_name(), path=self.root() or "/",
                               secure=self.secure(), httponly=True, samesite="Lax")

    # -- redirect sign-ins: what travels to the provider and back ---------------------
    def flow_cookie_name(self) -> str:
        return self.cookie_name() + "-flow"

    def save_flow(self, response, flow: dict) -> None:
        response.set_cookie(self.flow_cookie_name(), self._flows.dumps(flow),
                            max_age=FLOW_MAX_AGE, path=self.root() or "/",
                            secure=self.secure(), httponly=True, samesite="Lax")

    def read_flow(self) -> dict | None:
        raw = request.cookies.get(self.flow_cookie_name())
        if not raw:
            return None
        try:
            flow = self._flows.loads(raw, max_age=FLOW_MAX_AGE)
        except BadData:
            return None
        return flow if isinstance(flow, dict) else None

    def clear_flow(self, response) -> None:
        response.delete_cookie(self.flow_cookie_name(), path=self.root() or "/",
                               secure=self.secure(), httponly=True, samesite="Lax")

    # -- the pages a login holds open --------------------------------------------------
    def attach(self, session, environ) -> None:
        """A page's websocket opened under a login: logging out closes it."""
        login = environ.get(LOGIN_KEY)
        if login is not None and login.id:
            session.login_id = login.id
            self.live.setdefault(login.id, set()).add(session)

    def detach(self, session) -> None:
        login_id = getattr(session, "login_id", None)
        sessions = self.live.get(login_id)
        if sessions is not None:
            sessions.discard(session)
            if not sessions:
                del self.live[login_id]

    def close_logins(self, ids) -> None:
        """Close the pages of these logins (code 4401: they show the login page)."""
        for login_id in ids:
            for session in self.live.pop(login_id, set()):
                session.page_closed = True  # the session ends: the page will not come back
                gevent.spawn(session.release, CLOSE_CODE, "Signed out")

    def sweep(self) -> None:
        """Close pages whose login ended elsewhere or expired; forget old records."""
        self.store.sweep(time.time(), self.throttle.forget)
        ended = [login_id for login_id in self.live if self.store.get(login_id) is None]
        self.close_logins(ended)

    def resumable(self, requested: str | None, environ) -> str | None:
        """A page may take back only a session of the same user."""
        if not requested:
            return requested
        record = self.state.store.get(requested)
        if record is None or record.request is None:
            return requested
        login = environ.get(LOGIN_KEY)
        username = login.username if login is not None else None
        return requested if record.request.username == username else None

    def config_info(self) -> dict:
        """What the page's runtime and ``gr.LoginButton`` need to know (in ``/config``)."""
        login = request.environ.get(LOGIN_KEY)
        return {"username": login.username if login is not None else None,
                "auth": {"provider": self.title, "kind": self.kind,
                         "login": self.login_url() if self.has_login_page else None,
                         "logout": f"{self.root()}/logout" if self.has_login_page else None}}


def _passing(username, source: str) -> Login | None:
    if username is None:
        return None
    if not isinstance(username, str) or not username:
        raise TypeError(f"{source} must return a username (a non-empty str) or None, "
                        f"not {username!r}.")
    return Login(id="", username=username, backend=source, created=0.0, expires=_NEVER)


def _navigation() -> bool:
    """A browser loading a page (rather than a script fetching data)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.headers.get("Sec-Fetch-Mode") == "navigate":
        return True
    return any(value == "text/html" for value, _ in request.accept_mimetypes)


def _normal(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address.strip("[]")))
    except ValueError:
        return address
