"""``gr.Request``: the HTTP request behind a session, injected by type hint."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Request", "Client", "LOGIN_KEY", "LOGIN_COOKIE_KEY"]

# Where the server's auth check leaves its findings in the WSGI environ: the
# blocks.auth_store.Login (or an Identity) of the request, and the name of the
# session cookie, which functions never see.
LOGIN_KEY = "blocks.login"
LOGIN_COOKIE_KEY = "blocks.login_cookie"


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
    (the signed-in user; ``None`` when the app has no authentication) and
    ``session_hash``. Functions called directly (``demo(...)``) receive
    ``None`` instead. ``login`` is what the auth backend knows of the user
    (``gr.OAuthProfile`` and ``gr.OAuthToken`` parameters are made from it).
    """

    def __init__(self, *, headers=None, client: Client | None = None, query_params=None,
                 cookies=None, username: str | None = None, session_hash: str | None = None,
                 path: str = "/", login=None):
        self.headers = _Headers(headers or {})
        self.client = client or Client(None)
        self.query_params = dict(query_params or {})
        self.cookies = dict(cookies or {})
        self.username = username
        self.session_hash = session_hash
        self.path = path
        self.login = login

    @classmethod
    def from_environ(cls, environ: dict, *, session_hash: str | None = None,
                     username: str | None = None, query: str | None = None) -> Request:
        # only the server builds requests: `import blocks` does without these two
        from http.cookies import SimpleCookie
        from urllib.parse import parse_qsl
        headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items()
                   if key.startswith("HTTP_")}
        if environ.get("CONTENT_TYPE"):
            headers["content-type"] = environ["CONTENT_TYPE"]
        cookie = SimpleCookie()
        try:
            cookie.load(environ.get("HTTP_COOKIE", ""))
        except Exception:  # a malformed cookie header: no cookies
            cookie = SimpleCookie()
        hidden = environ.get(LOGIN_COOKIE_KEY)
        if hidden and "cookie" in headers:  # the session cookie is a credential: kept back
            cookie.pop(hidden, None)
            parts = (part.strip() for part in headers["cookie"].split(";"))
            headers["cookie"] = "; ".join(part for part in parts
                                          if part and part.split("=", 1)[0] != hidden)
        login = environ.get(LOGIN_KEY)
        if username is None and login is not None:
            username = login.username
        port = environ.get("REMOTE_PORT")
        return cls(
            headers=headers,
            client=Client(environ.get("REMOTE_ADDR"), int(port) if str(port).isdigit() else None),
            query_params=dict(parse_qsl(query if query is not None
                                        else environ.get("QUERY_STRING", ""))),
            cookies={key: morsel.value for key, morsel in cookie.items()},
            username=username, session_hash=session_hash, path=environ.get("PATH_INFO", "/"),
            login=login)

    def __getattr__(self, name):
        # request.<header> as a shortcut, like the seeds' examples use
        headers = self.__dict__.get("headers", {})
        if name.replace("_", "-") in headers:
            return headers[name.replace("_", "-")]
        raise AttributeError(name)

    def __repr__(self):
        return f"<Request {self.client.host} session={self.session_hash}>"
