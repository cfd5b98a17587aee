"""``gr.Request``: the HTTP request behind a session, injected by type hint."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Request", "Client"]


class _Headers(dict):
    """Header names compare without case: ``request.headers["user-agent"]``."""

    def __init__(self, items=()):
        super().__init__((key.lower(), value) for key, value in dict(items).items())

    def __getitem__(self, key):
        return super().__getitem__(key.lower())

    def get(self, key, default=None):
        return super().get(key.lower(), default)

    def __contains__(self, key):
        return super().__contains__(str(key).lower())


@dataclass
class Client:
    host: str | None
    port: int | None = None


class Request:
    """What a function may know about the page that called it.

    ``headers``, ``client.host``, ``query_params``, ``cookies``, ``username``
    (when logged in) and ``session_hash``. Functions called directly
    (``demo(...)``) receive ``None`` instead.
    """

    def __init__(self, *, headers=None, client: Client | None = None, query_params=None,
                 cookies=None, username: str | None = None, session_hash: str | None = None,
                 path: str = "/"):
        self.headers = _Headers(headers or {})
        self.client = client or Client(None)
        self.query_params = dict(query_params or {})
        self.cookies = dict(cookies or {})
        self.username = username
        self.session_hash = session_hash
        self.path = path

    @classmethod
    def from_environ(cls, environ: dict, *, session_hash: str | None = None,
                     username: str | None = None, query: str | None = None) -> Request:
        # only the server builds requests: `import blocks` does without these two
        from http.cookies import SimpleCookie
        from urllib.parse import parse_qsl
        headers = {key[5:].replace("_", "-"): value for key, value in environ.items()
                   if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        cookie = SimpleCookie()
        try:
            cookie.load(environ.get("HTTP_COOKIE", ""))
        except Exception:  # a malformed cookie header: no cookies
            cookie = SimpleCookie()
        port = environ.get("REMOTE_PORT")
        return cls(
            headers=headers,
            client=Client(environ.get("REMOTE_ADDR"), int(port) if str(port).isdigit() else None),
            query_params=dict(parse_qsl(query if query is not None
                                        else environ.get("QUERY_STRING", ""))),
            cookies={key: morsel.value for key, morsel in cookie.items()},
            username=username, session_hash=session_hash, path=environ.get("PATH_INFO", "/"))

    def __getattr__(self, name):
        # request.<header> as a shortcut, like the seeds' examples use
        headers = self.__dict__.get("headers", {})
        if name.replace("_", "-") in headers:
            return headers[name.replace("_", "-")]
        raise AttributeError(name)

    def __repr__(self):
        return f"<Request {self.client.host} session={self.session_hash}>"
