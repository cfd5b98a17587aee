"""Reverse proxies: what the browser asked for, told by proxies the app trusts.

Behind nginx (or any reverse proxy) a request reaches the app from the proxy,
often with the proxy's idea of the host (``proxy_set_header Host $host`` drops
the port). A proxy says what the browser asked for in ``Forwarded``
(RFC 7239) or ``X-Forwarded-Proto``, ``-Host``, ``-Port`` and ``-Prefix``.
Anyone can send those headers, so the app honours them only when the request
comes from an address in ``trusted_proxies`` (IP addresses or networks, e.g.
``["127.0.0.1", "10.0.0.0/8"]``, the setting authentication uses too); from
any other peer they are ignored. Of a list of values the last one counts: the
one the trusted proxy itself added. ``Forwarded`` wins over the ``X-Forwarded-*`` headers.

:class:`TrustedProxies` is WSGI middleware that rewrites the environ
(``wsgi.url_scheme``, ``HTTP_HOST``, ``SCRIPT_NAME``), so every part of the
app (the Origin check, file URLs, ``root``) sees the browser's view.
``REMOTE_ADDR`` stays the proxy's: authentication decides from it whether to
believe a proxy (``X-Forwarded-For``, a proxy's user header) itself.
"""

from __future__ import annotations

import ipaddress
import re

__all__ = ["TrustedProxies"]

_PAIR = re.compile(r'\s*([a-zA-Z]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;,\s]*)\s*')
_HOST = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$")
_PREFIX = re.compile(r"^(/[A-Za-z0-9._~!$&'()*+,;=:@%-]+)+/?$")


def _last(value: str | None) -> str | None:
    if not value:
        return None
    last = value.split(",")[-1].strip()
    return last or None


def _forwarded(value: str | None) -> dict[str, str]:
    """The last element of a ``Forwarded`` header: ``{"proto": ..., "host": ...}``."""
    if not value:
        return {}
    element = value.split(",")[-1]
    found = {}
    for match in _PAIR.finditer(element):
        key, text = match[1].lower(), match[2]
        if text.startswith('"'):
            text = re.sub(r"\\(.)", r"\1", text[1:-1])
        found[key] = text
    return found


class TrustedProxies:
    """WSGI middleware applying a trusted proxy's forwarded headers (module docstring)."""

    def __init__(self, app, networks):
        self.app = app
        self.networks = list(networks)

    def trusted(self, address: str | None) -> bool:
        try:
            ip = ipaddress.ip_address((address or "").strip("[]"))
        except ValueError:
            return False
        return any(ip in network for network in self.networks)

    def __call__(self, environ, start_response):
        if self.networks and self.trusted(environ.get("REMOTE_ADDR")):
            self.apply(environ)
        return self.app(environ, start_response)

    @staticmethod
    def apply(environ) -> None:
        forwarded = _forwarded(environ.get("HTTP_FORWARDED"))
        proto = forwarded.get("proto") or _last(environ.get("HTTP_X_FORWARDED_PROTO"))
        host = forwarded.get("host") or _last(environ.get("HTTP_X_FORWARDED_HOST"))
        port = _last(environ.get("HTTP_X_FORWARDED_PORT"))
        prefix = _last(environ.get("HTTP_X_FORWARDED_PREFIX"))
        if proto and proto.lower() in ("http", "https"):
            environ["wsgi.url_scheme"] = proto.lower()
        if host and _HOST.match(host):
            if port and port.isdigit() and ":" not in host.rsplit("]", 1)[-1]:
                host = f"{host}:{port}"
            environ["HTTP_HOST"] = host
        elif port and port.isdigit() and environ.get("HTTP_HOST"):
            name = environ["HTTP_HOST"]
            bare = name.rsplit(":", 1)[0] if not name.endswith("]") else name
            environ["HTTP_HOST"] = f"{bare}:{port}"
        if prefix and _PREFIX.match(prefix):
            environ["SCRIPT_NAME"] = prefix.rstrip("/") + environ.get("SCRIPT_NAME", "")
