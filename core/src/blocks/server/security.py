"""What every HTTP response of an app gets: security headers, the Host check, error logs.

- **Headers** on every response: ``X-Content-Type-Options: nosniff``,
  ``Referrer-Policy: same-origin`` and ``Content-Security-Policy:
  frame-ancestors ...`` from the ``frame_ancestors`` setting (``'self'`` by
  default: only pages of the app's own origin may frame it). Files of
  ``/file=`` carry a stricter policy of their own (``blocks.server.files``).
- **Host check** (DNS rebinding): an app that listens on a loopback address,
  or that has ``allowed_hosts``, answers 400 to a request whose ``Host`` is
  not one it serves: the address it listens on, ``localhost``,
  ``127.0.0.1``, ``::1`` and ``allowed_hosts``.
- **Errors**: an unhandled exception of a request is logged once, with its
  traceback, on the ``blocks.server`` logger, and answered with a 500.
"""

from __future__ import annotations

import ipaddress
import logging
import re
from urllib.parse import urlsplit

from flask import Flask, Response, request

__all__ = ["BlocksFlask", "cross_origin_refusal", "frame_ancestors", "host_names", "init_app",
           "is_loopback"]

logger = logging.getLogger("blocks.server")

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
REFERRER_POLICY = "same-origin"
_KEYWORDS = {"self": "'self'", "'self'": "'self'", "none": "'none'", "'none'": "'none'"}
# a CSP host source: scheme, host (maybe *.), port; nothing that could end the header
_SOURCE = re.compile(r"^(\*|[a-z][a-z0-9+.-]*:|([a-z][a-z0-9+.-]*://)?(\*\.)?[a-z0-9.-]+"
                     r"(:(\d{1,5}|\*))?(/[^\s;,'\"]*)?)$", re.IGNORECASE)


class BlocksFlask(Flask):
    """Flask, with errors logged once on ``blocks.server``.

    Flask logs an unhandled error on a logger named after the app and, when
    that logger has no handler, adds one that writes to the WSGI server's
    ``wsgi.errors``. gevent feeds ``wsgi.errors`` into our own loggers, so
    an app logger named ``blocks`` (their parent) looped: every error was
    written again and again until Python's recursion limit. Our app logger is
    ``blocks.flask``, which no server logger propagates to, and errors go
    straight to ``blocks.server``.
    """

    name = "blocks.flask"

    def log_exception(self, exc_info) -> None:
        logger.error("Error while answering %s %r", request.method, request.path,
                     exc_info=exc_info)


def frame_ancestors(value) -> str:
    """The ``frame_ancestors`` setting as a CSP source list, refusing what is not one.

    ``"'self'"`` (the default), ``"'none'"``, ``"*"`` (any site may frame the
    app), or origins such as ``"https://example.com"``, one string or a list.
    """
    items = value.split() if isinstance(value, str) else list(value or [])
    if not items:
        raise ValueError("frame_ancestors needs at least one source, e.g. \"'self'\", "
                         "\"'none'\", \"*\" or \"https://example.com\".")
    sources = []
    for item in items:
        text = str(item).strip()
        keyword = _KEYWORDS.get(text.lower())
        if keyword is None and not _SOURCE.match(text):
            raise ValueError(f"frame_ancestors: {item!r} is not a CSP source; use \"'self'\", "
                             "\"'none'\", \"*\" or an origin such as https://example.com.")
        sources.append(keyword or text)
    if "'none'" in sources and len(sources) > 1:
        raise ValueError("frame_ancestors: \"'none'\" cannot be combined with other sources.")
    return " ".join(sources)


def host_names(value) -> list[str]:
    """``allowed_hosts`` as lower-case names (``".example.com"`` matches its subdomains)."""
    items = [value] if isinstance(value, str) else list(value or [])
    names = []
    for item in items:
        name = str(item).strip().lower().rstrip(".")
        if not name or any(char.isspace() or char in "/@?#" for char in name):
            raise ValueError(f"allowed_hosts: {item!r} is not a host name (give names like "
                             "'example.com', '.example.com' for its subdomains, or '*').")
        names.append(_split_host(name))
    return names


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _split_host(host: str) -> str:
    """``"Example.com:7860"`` -> ``"example.com"``; ``"[::1]:80"`` -> ``"::1"``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def served_hosts(settings) -> set[str] | None:
    """The host names the app answers to, or ``None`` when any Host is accepted."""
    listening_locally = is_loopback(settings.server_name)
    if not listening_locally and not settings.allowed_hosts:
        return None
    if "*" in settings.allowed_hosts:
        return None
    names = set(LOCAL_NAMES) | set(settings.allowed_hosts)
    if settings.server_name:
        names.add(settings.server_name.strip("[]").lower())
    return names


def cross_origin_refusal() -> str | None:
    """Why this request is refused as cross-origin, or ``None`` when it is not.

    A browser names the page's origin in ``Origin``; its host must be the one the
    request was sent to (``Host``, or a trusted proxy's ``X-Forwarded-Host``). The
    refusal names both, and what to do behind a reverse proxy.
    """
    origin = request.headers.get("Origin")
    if not origin:
        return None  # not a browser: programs may call
    seen = urlsplit(origin).netloc
    if seen == request.host:
        return None
    return (f"Cross-origin request refused: the page's Origin is {origin[:200]!r} but the "
            f"request came to Host {request.host[:200]!r}. Behind a reverse proxy, pass the "
            "browser's host on (nginx: proxy_set_header Host $http_host; or send "
            "X-Forwarded-Host and list the proxy in launch(trusted_proxies=[...])); "
            "see docs/deployment.md.")


def init_app(app: Flask, settings) -> None:
    hosts = served_hosts(settings)
    suffixes = tuple(name for name in (hosts or ()) if name.startswith("."))
    policy = f"frame-ancestors {settings.frame_ancestors}"

    def check_host():
        name = _split_host(request.host or "")
        if name in hosts or (suffixes and ("." + name).endswith(suffixes)):
            return None
        return Response(f"Host {name[:100]!r} is not served here. A Blocks app that "
                        "listens on a local address answers only to its own names; add "
                        "this one to launch(allowed_hosts=[...]) to serve it.\n",
                        status=400, mimetype="text/plain")

    def add_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", REFERRER_POLICY)
        headers.setdefault("Content-Security-Policy", policy)
        return response

    if hosts is not None:
        app.before_request(check_host)
    app.after_request(add_headers)
