"""Authentication backends: who may open an app, and how they sign in.

A backend is a class with a unique ``name`` registered through the
``blocks_register_auth_backends`` hook; an app chooses one by name
(``launch(auth_backend="oidc", auth_config={...})``, or ``BLOCKS_AUTH_BACKEND``),
and ``launch(auth=...)`` is the built-in ``password`` backend. A backend is
one of three kinds (``KIND``), by how a visitor proves who they are:

- ``"form"``: the login page of Blocks asks for a username and a password,
  and :meth:`AuthBackend.check_password` answers (``password``);
- ``"redirect"``: the visitor signs in elsewhere and comes back
  (:meth:`AuthBackend.begin_login`, :meth:`AuthBackend.finish_login`; OpenID
  Connect in ``blocks-auth-oidc``);
- ``"request"``: every request says who it comes from
  (:meth:`AuthBackend.identify`; ``header``, a reverse proxy's header).

Form and redirect logins end in a signed session cookie that the server
checks on every request (``blocks.server.auth``). Backends are pure Python:
they never see Flask. Their options are declared in ``OPTIONS``, so that
the environment can give them (``BLOCKS_AUTH_<OPTION>``) and documentation
and errors can list them.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import stat
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, ClassVar

from blocks.exceptions import BlocksWarning

__all__ = ["PROVIDED_BY", "AuthBackend", "HeaderAuth", "Identity", "LoginError", "Option",
           "PasswordAuth", "parse_networks"]

# Backends that distributions of the project provide: an error or a scaffold names them.
PROVIDED_BY = {"oidc": "blocks-auth-oidc"}


class LoginError(Exception):
    """A sign-in that failed; the message is shown to the visitor (never a secret)."""


@dataclass(frozen=True)
class Option:
    """One setting of a backend: ``auth_config={name: ...}`` or ``BLOCKS_AUTH_<NAME>``.

    ``secret`` options may also come from a file named by
    ``BLOCKS_AUTH_<NAME>_FILE`` (a password never needs to be on a command line).
    ``kind`` says how a value from the environment is read: ``"str"``,
    ``"list"`` (comma-separated), ``"bool"``, ``"float"``, or ``"none"`` (not
    from the environment: a Python value such as a function).
    """

    help: str
    default: Any = None
    kind: str = "str"
    secret: bool = False
    required: bool = False


@dataclass
class Identity:
    """Who signed in: a username, and for OpenID Connect their claims and token."""

    username: str
    profile: dict | None = None
    token: dict | None = None
    extra: dict = field(default_factory=dict)  # what the backend keeps (e.g. the ID token)


class AuthBackend:
    """The base class of authentication backends (see the module docstring).

    Built with the app's options (``auth_config`` and the environment,
    checked against ``OPTIONS``). ``title`` names the provider on the login
    page and on ``gr.LoginButton`` ("Sign in with <title>").
    """

    name: ClassVar[str] = "auth"
    KIND: ClassVar[str] = "form"
    OPTIONS: ClassVar[dict[str, Option]] = {}
    title: str = "Blocks"

    def __init__(self, **options):
        unknown = set(options) - set(self.OPTIONS)
        if unknown:
            accepted = ", ".join(sorted(self.OPTIONS)) or "none"
            raise TypeError(f"The {self.name!r} auth backend has no option(s) "
                            f"{', '.join(sorted(unknown))}; it accepts: {accepted}.")
        self.options = {key: options.get(key, option.default)
                        for key, option in self.OPTIONS.items()}
        missing = [key for key, option in self.OPTIONS.items()
                   if option.required and self.options[key] in (None, "", [], ())]
        if missing:
            raise ValueError(f"The {self.name!r} auth backend needs "
                             f"{', '.join(missing)} (auth_config={{...}}, or "
                             f"{', '.join('BLOCKS_AUTH_' + key.upper() for key in missing)}).")

    def configure(self, settings) -> None:
        """Called once with the app's settings (``trusted_proxies``, ...), before serving."""

    # -- "form" backends ----------------------------------------------------------------
    def check_password(self, username: str, password: str) -> bool:
        """Whether ``username`` and ``password`` match (run in a worker thread)."""
        raise NotImplementedError

    # -- "redirect" backends ------------------------------------------------------------
    def begin_login(self, redirect_uri: str) -> tuple[str, dict]:
        """Where to send the visitor, and what to keep until they come back.

        Return ``(url, flow)``: ``flow`` (JSON data: state, nonce, PKCE verifier)
        travels in a signed, short-lived, HttpOnly cookie and comes back to
        :meth:`finish_login`. Runs in a worker thread (it may fetch metadata).
        """
        raise NotImplementedError

    def finish_login(self, params: dict, flow: dict, redirect_uri: str) -> Identity:
        """The visitor came back to ``redirect_uri`` with ``params`` (the query).

        Check everything (state, code, tokens) and return the :class:`Identity`,
        or raise :class:`LoginError`. Runs in a worker thread.
        """
        raise NotImplementedError

    def logout_url(self, identity_extra: dict, return_to: str) -> str | None:
        """Where to send the visitor after Blocks ended their login (``None``: nowhere)."""
        return None

    # -- "request" backends -------------------------------------------------------------
    def identify(self, request) -> str | None:
        """The username a request (a ``gr.Request``) comes from, or ``None`` to refuse it."""
        raise NotImplementedError


def _pairs(credentials) -> list[tuple[str, str]]:
    if isinstance(credentials, tuple) and len(credentials) == 2 and \
            all(isinstance(part, str) for part in credentials):
        credentials = [credentials]
    pairs = []
    for item in credentials:
        if not (isinstance(item, (tuple, list)) and len(item) == 2):
            raise TypeError("auth must be a (username, password) tuple, a list of them, or "
                            f"a function(username, password) -> bool; got {item!r} in it.")
        pairs.append((str(item[0]), str(item[1])))
    return pairs


def read_users_file(path) -> list[tuple[str, str]]:
    """``username:password`` lines (``#`` comments and blank lines skipped)."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ValueError(f"Cannot read the users file {str(path)!r}: {error.strerror}.") from None
    if os.name == "posix" and mode & (stat.S_IRGRP | stat.S_IROTH):
        warnings.warn(f"The users file {str(path)!r} can be read by other users of this "
                      "machine; make it private (chmod 600).", BlocksWarning, stacklevel=2)
    pairs = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        username, colon, password = line.partition(":")
        if not colon or not username or not password:
            raise ValueError(f"{path}, line {number}: expected 'username:password'.")
        pairs.append((username, password))
    return pairs


class PasswordAuth(AuthBackend):
    """Username and password pairs, a users file, or a function that checks them.

    ``launch(auth=("admin", "pw"))``, ``auth=[("a", "1"), ("b", "2")]``,
    ``auth=check`` (``check(username, password) -> bool``), or the option
    ``users_file`` (``BLOCKS_AUTH_USERS_FILE``): a file of ``username:password``
    lines. Pairs are compared in constant time, every pair every time.
    """

    name = "password"
    KIND = "form"
    title = "password"
    OPTIONS: ClassVar[dict[str, Option]] = {
        "users": Option("(username, password) pairs, or a function(username, password) -> "
                        "bool (launch(auth=...))", kind="none"),
        "users_file": Option("a file of 'username:password' lines, readable only by the "
                             "app's user"),
    }

    def __init__(self, credentials=None, **options):
        if credentials is not None:
            options["users"] = credentials
        super().__init__(**options)
        users, users_file = self.options["users"], self.options["users_file"]
        if users is None and not users_file:
            raise ValueError("The password backend needs users: launch(auth=(username, "
                             "password)), a list of pairs, a function, or a users file "
                             "(BLOCKS_AUTH_USERS_FILE).")
        self._check: Callable | None = users if callable(users) else None
        self._pairs = [] if users is None or callable(users) else _pairs(users)
        if users_file:
            self._pairs += read_users_file(users_file)

    def check_password(self, username: str, password: str) -> bool:
        if self._check is not None:
            return bool(self._check(username, password))
        ok = False
        given_user, given_pass = username.encode(), password.encode()
        for user, secret in self._pairs:
            # every pair, in constant time: timing reveals neither users nor passwords
            same_user = hmac.compare_digest(user.encode(), given_user)
            same_pass = hmac.compare_digest(secret.encode(), given_pass)
            ok |= same_user & same_pass
        return ok

    # the name Blocks used before backends had kinds
    authenticate = check_password


def parse_networks(value) -> list:
    """Addresses or networks (``"10.0.0.1"``, ``"10.0.0.0/8"``, ``"::1"``), a list or a
    comma-separated string, as ``ipaddress`` networks."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    networks = []
    for item in items:
        text = str(item).strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ValueError(f"{text!r} is not an IP address or network (e.g. 127.0.0.1 or "
                             "10.0.0.0/8).") from None
    return networks


def address_in(address: str | None, networks) -> bool:
    if not address or not networks:
        return False
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    return any(ip in network for network in networks)


class HeaderAuth(AuthBackend):
    """A reverse proxy signs visitors in and names them in a header.

    The header (``X-Forwarded-User`` by default) is believed only on requests
    that come straight from one of ``trusted_proxies``; a request from any
    other address, or without the header, is refused (401).
    """

    name = "header"
    KIND = "request"
    title = "your organisation"
    OPTIONS: ClassVar[dict[str, Option]] = {
        "header": Option("the request header holding the username", "X-Forwarded-User"),
    }

    def configure(self, settings) -> None:
        self.proxies = settings.trusted_proxies
        if not self.proxies:
            raise ValueError("The header auth backend believes its header only from your "
                             "reverse proxy: set trusted_proxies=[...] (or "
                             "BLOCKS_TRUSTED_PROXIES) to the proxy's address.")

    def identify(self, request) -> str | None:
        if not address_in(request.client.host, self.proxies):
            return None
        name = (request.headers.get(self.options["header"]) or "").strip()
        return name or None
