"""The HTTP side of a client: JSON requests, the login, uploads and downloads (stdlib only).

Every request carries the client's headers and the cookies the app set (the
login's session cookie), which the websocket shows too.
"""

from __future__ import annotations

import hashlib
import http.cookiejar
import json
import mimetypes
import os
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from blocks_client.errors import AppError, AuthenticationError, ClientError

__all__ = ["Http", "safe_file_name"]

USER_AGENT = "blocks-client/0.1"


def safe_file_name(name: str | None) -> str:
    """A file name that stays inside its folder: no path, no leading dots, no controls."""
    base = re.split(r"[\\/]", str(name or ""))[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:200] or "file"


class Http:
    """Requests to one app, with its cookies and the caller's extra headers."""

    def __init__(self, url: str, headers: Mapping[str, str] | Callable[[], Mapping[str, str]]
                 | None = None, timeout: float = 30.0):
        self.url = url.rstrip("/")
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"Not an http(s) URL of an app: {url!r}.")
        self.netloc = parts.netloc
        self.cookies = http.cookiejar.CookieJar()
        self._opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self._headers = headers
        self.timeout = timeout

    # -- headers ---------------------------------------------------------------------------
    def headers(self) -> dict[str, str]:
        """The caller's headers (a callable is asked each time) and the User-Agent."""
        extra = self._headers() if callable(self._headers) else (self._headers or {})
        return {"User-Agent": USER_AGENT, **dict(extra)}

    def cookie_header(self) -> str:
        return "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.cookies)

    # -- requests --------------------------------------------------------------------------
    def request(self, method: str, path: str, body: bytes | None = None,
                headers: Mapping[str, str] | None = None):
        url = path if path.startswith(("http://", "https://")) else self.url + path
        request = urllib.request.Request(url, data=body, method=method,
                                         headers={**self.headers(), **(headers or {})})
        try:
            return self._opener.open(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            raise self._refusal(error, url) from None
        except urllib.error.URLError as error:
            raise ClientError(f"Could not reach {url}: {error.reason}.") from None

    @staticmethod
    def _refusal(error: urllib.error.HTTPError, url: str) -> ClientError:
        try:
            body = json.loads(error.read() or b"null")
        except ValueError:
            body = None
        message = body.get("error") if isinstance(body, dict) else None
        message = str(message or f"{url} answered {error.code} {error.reason}.")
        if error.code == 401:
            return AuthenticationError(message)
        fields = body.get("fields") if isinstance(body, dict) else None
        return AppError(message, fields=fields if isinstance(fields, dict) else None)

    def get_json(self, path: str) -> Any:
        with self.request("GET", path, headers={"Accept": "application/json"}) as response:
            return json.loads(response.read())

    def login(self, username: str, password: str) -> None:
        """Sign in with the app's login form (``POST /login``); the cookie is kept."""
        body = urllib.parse.urlencode({"username": username, "password": password}).encode()
        try:
            with self.request("POST", "/login", body, {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json"}) as response:
                answer = json.loads(response.read() or b"{}")
        except AuthenticationError as error:
            raise AuthenticationError(f"The app refused the login: {error}") from None
        except AppError as error:
            raise AuthenticationError(f"The app refused the login: {error}") from None
        if not answer.get("success"):
            raise AuthenticationError("The app refused the login.")

    # -- files -----------------------------------------------------------------------------
    def upload(self, path: str | os.PathLike) -> dict:
        """Upload one local file (``POST /upload``); answers its FileData."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"No file at {str(path)!r} to upload.")
        boundary = "blocks-client-" + secrets.token_hex(12)
        name = safe_file_name(path.name).replace('"', "_")
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                f"filename=\"{name}\"\r\nContent-Type: {kind}\r\n\r\n").encode()
        body = head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        with self.request("POST", "/upload", body, {
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Accept": "application/json"}) as response:
            files = json.loads(response.read())
        if not isinstance(files, list) or len(files) != 1 or not isinstance(files[0], dict):
            raise ClientError(f"The app's /upload answered {files!r}, not one FileData.")
        return files[0]

    def absolute(self, url: str) -> str:
        """A URL the app gave (the websocket gives ``/file=...``), made absolute."""
        return urllib.parse.urljoin(self.url + "/", url)

    def download(self, file: dict, folder: Path) -> str:
        """Download a FileData's ``url`` into its own folder under ``folder``; its local path.

        Only URLs of this app are fetched (the websocket gives them relative to its host).
        """
        url = self.absolute(str(file.get("url") or ""))
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != self.netloc:
            raise ClientError(f"Refusing to download {url[:200]!r}: not a URL of this app "
                              f"({self.url}).")
        name = safe_file_name(file.get("orig_name") or Path(parts.path).name)
        target = folder / hashlib.sha256(url.encode()).hexdigest()[:20] / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".part")
            with self.request("GET", url) as response, open(partial, "wb") as out:
                while chunk := response.read(1 << 16):
                    out.write(chunk)
            partial.replace(target)
        return str(target)
