"""Calling another running app's endpoints, for :func:`blocks.load`.

- :class:`BlocksRemote` calls a Blocks app through ``blocks_client`` (its
  websocket), with one client, so one remote session, per local session:
  the remote app's ``gr.State`` values belong to one user here too.
- :class:`GradioRemote` calls any other app that serves Gradio's HTTP call
  API (``POST <api_prefix>/call/<name>``, then its Server-Sent Events), with
  the standard library alone.

Both upload the local files a call sends and download the files a call
returns into Blocks' temporary folder, so the local app serves its own copies.
A remote ``gr.Error`` (or other failure) is raised here as ``gr.Error`` with
the remote message. Each yields every output (a remote generator streams here).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from blocks.exceptions import Error
from blocks.files import temp_dir

__all__ = ["BlocksRemote", "GradioRemote", "RemoteError", "fetch_json", "local_path"]

TIMEOUT = 30.0
USER_AGENT = "blocks-load/0.1"


class RemoteError(ValueError):
    """The remote app could not be reached or described (raised by ``gr.load``)."""


def fetch_json(url: str) -> Any:
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as error:
        if error.code == 401:
            raise RemoteError(f"{url} needs a login; gr.load cannot sign in to it.") from None
        raise RemoteError(f"{url} answered {error.code} {error.reason}.") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise RemoteError(f"Could not reach {url}: {reason}.") from None
    except ValueError:
        raise RemoteError(f"{url} did not answer JSON: is it a Blocks or Gradio app?") from None


def local_path(value: Any) -> str | None:
    """The local file a value names: a path string or a FileData dict, else ``None``."""
    if isinstance(value, dict) and isinstance(value.get("path"), str) and \
            isinstance(value.get("meta"), dict):
        return value["path"]
    return None


class BlocksRemote:
    """A Blocks app, called with ``blocks_client`` (one client per local session)."""

    def __init__(self, url: str):
        try:
            import blocks_client
        except ImportError:
            raise RemoteError(f"{url} is a Blocks app: loading it needs blocks-client "
                              "(pip install blocks-client).") from None
        self.url = url
        self._module = blocks_client
        self._clients: dict[str | None, Any] = {}
        self._lock = threading.Lock()
        self._folder = temp_dir() / "loaded"

    def _client(self, session: str | None):
        with self._lock:
            client = self._clients.get(session)
            if client is None:
                client = self._module.Client(self.url, download_files=self._folder)
                self._clients[session] = client
            return client

    def call(self, name: str, values: list, files: list[bool], session: str | None
             ) -> Iterator[Any]:
        args = [self._module.handle_file(local_path(v) or v) if is_file and v is not None
                else v for v, is_file in zip(values, files)]
        job = self._client(session).submit(*args, api_name=name)
        try:
            yield from job
        except self._module.AppError as error:
            raise Error(error.message, title=error.title) from None
        except self._module.ClientError as error:
            raise Error(f"The app at {self.url} could not run {name}: {error}") from None

    def end(self, session: str | None) -> None:
        """The local session ended: so does its remote one."""
        with self._lock:
            client = self._clients.pop(session, None)
        if client is not None:
            client.close()


class GradioRemote:
    """Any app with Gradio's HTTP call API (a Gradio app, or a Blocks one)."""

    def __init__(self, url: str, api_prefix: str):
        self.base = url.rstrip("/") + "/" + api_prefix.strip("/")
        self.base = self.base.rstrip("/")
        self.netloc = urllib.parse.urlsplit(url).netloc
        self._folder = temp_dir() / "loaded"

    def _open(self, path: str, body: bytes | None = None, headers: dict | None = None):
        url = path if path.startswith(("http://", "https://")) else self.base + path
        request = urllib.request.Request(
            url, data=body, method="POST" if body is not None else "GET",
            headers={"User-Agent": USER_AGENT, **(headers or {})})
        try:
            return urllib.request.urlopen(request, timeout=TIMEOUT)
        except urllib.error.HTTPError as error:
            try:
                detail = json.loads(error.read()).get("error")
            except (ValueError, AttributeError):
                detail = None
            raise Error(str(detail or f"{url} answered {error.code}.")) from None
        except (urllib.error.URLError, OSError) as error:
            raise Error(f"Could not reach {url}: "
                        f"{getattr(error, 'reason', error)}.") from None

    def _upload(self, path: str) -> dict:
        boundary = "blocks-" + secrets.token_hex(12)
        name = re.sub(r'[\x00-\x1f"\\/]', "_", Path(path).name) or "file"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; "
                f"filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                ).encode() + Path(path).read_bytes() + f"\r\n--{boundary}--\r\n".encode()
        with self._open("/upload", body, {"Content-Type":
                                          f"multipart/form-data; boundary={boundary}"}) as r:
            [uploaded] = json.loads(r.read())
        server_path = uploaded["path"] if isinstance(uploaded, dict) else uploaded
        return {"path": server_path, "orig_name": Path(path).name,
                "meta": {"_type": "gradio.FileData"}}

    def _download(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self._download(v) for v in value]
        if not (isinstance(value, dict) and isinstance(value.get("url"), str)
                and isinstance(value.get("meta"), dict)):
            return value
        url = urllib.parse.urljoin(self.base + "/", value["url"])
        if urllib.parse.urlsplit(url).netloc != self.netloc:
            raise Error(f"The loaded app returned a file at another host ({url[:200]}).")
        name = Path(str(value.get("orig_name") or "file")).name.lstrip(".") or "file"
        target = self._folder / hashlib.sha256(url.encode()).hexdigest()[:20] / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with self._open(url) as response:
                target.write_bytes(response.read())
        return str(target)

    def call(self, name: str, values: list, files: list[bool], session: str | None
             ) -> Iterator[Any]:
        data = [self._upload(local_path(v) or v) if is_file and v is not None else v
                for v, is_file in zip(values, files)]
        body = json.dumps({"data": data}).encode()
        with self._open(f"/call/{name.lstrip('/')}", body,
                        {"Content-Type": "application/json"}) as response:
            event_id = json.loads(response.read())["event_id"]
        with self._open(f"/call/{name.lstrip('/')}/{event_id}") as stream:
            event = None
            for raw in stream:
                line = raw.decode("utf-8").rstrip("\r\n")
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event in ("generating", "complete"):
                    values = [self._download(v) for v in json.loads(line[5:])]
                    yield values[0] if len(values) == 1 else tuple(values)
                    if event == "complete":
                        return
                elif line.startswith("data:") and event == "error":
                    detail = json.loads(line[5:] or "null")
                    message = detail.get("message") or detail.get("error") \
                        if isinstance(detail, dict) else detail
                    title = detail.get("title") if isinstance(detail, dict) else None
                    raise Error(str(message or f"{name} failed in the loaded app."),
                                title=title or "Error")

    def end(self, session: str | None) -> None:
        """Nothing is held per session over HTTP."""
