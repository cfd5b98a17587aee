"""``Client``: call a Blocks app's endpoints from Python, over its websocket."""

from __future__ import annotations

import itertools
import os
import secrets
import tempfile
import threading
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal, overload

from blocks_client.connection import Connection
from blocks_client.endpoints import Endpoint, FileInput, describe, file_value, find, read_endpoints
from blocks_client.errors import ClientError, ClientWarning
from blocks_client.http import Http
from blocks_client.job import Job

__all__ = ["Client"]

Auth = tuple[str, str] | Callable[[], Mapping[str, str]] | None


class Client:
    """A connection to one app, holding one session (its ``gr.State`` values) for its life.

    ``url`` is the app's address (``http://127.0.0.1:7860/``, or its prefix
    when mounted: ``https://example.org/app/``).

    ``auth`` signs in: ``(username, password)`` for an app's login form, or a
    callable that returns headers to send (a token from a proxy in front of the
    app), asked again at every (re)connection. ``headers`` are sent with every
    request. ``download_files`` is the folder file outputs are downloaded to
    (a temporary folder by default; ``False`` keeps them as FileData dicts with
    their URL). A connection that drops is opened again, for up to
    ``reconnect_timeout`` seconds, and keeps the session.

    ``hf_token`` is Gradio's and means nothing here: it is ignored, with a warning.
    """

    def __init__(self, url: str, auth: Auth = None, *, headers: Mapping[str, str] | None = None,
                 download_files: str | os.PathLike | bool = True, timeout: float = 30.0,
                 reconnect_timeout: float = 30.0, hf_token: str | None = None,
                 verbose: bool = False):
        if hf_token is not None:
            warnings.warn("blocks_client.Client ignores hf_token: Blocks apps do not use "
                          "Hugging Face tokens (pass auth= for an app's login).",
                          ClientWarning, stacklevel=2)
        extra = dict(headers or {})
        if callable(auth):
            source = auth
            self._http = Http(url, lambda: {**extra, **dict(source())}, timeout=timeout)
        else:
            self._http = Http(url, extra, timeout=timeout)
        self.url = self._http.url + "/"
        if isinstance(auth, (tuple, list)):
            if len(auth) != 2:
                raise ValueError("auth must be (username, password) or a callable that "
                                 "returns headers.")
            self._http.login(str(auth[0]), str(auth[1]))
        elif auth is not None and not callable(auth):
            raise TypeError("auth must be (username, password) or a callable that returns "
                            "headers.")
        if download_files is True:
            self.download_dir: Path | None = Path(tempfile.gettempdir()) / "blocks_client"
        elif download_files is False:
            self.download_dir = None
        else:
            self.download_dir = Path(download_files)
        self.config = self._http.get_json("/config")
        self.info = self._http.get_json("/info?all_endpoints=true")
        self._endpoints = read_endpoints(self.config, self.info)
        self._jobs: dict[str, Job] = {}
        self._jobs_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._prefix = secrets.token_hex(3)
        self._connection = Connection(self._http, self._frame, self._lost,
                                      reconnect_timeout=reconnect_timeout)
        self._connection.start()
        if verbose:
            print(f"Loaded as API: {self.url} ✔")

    # -- session ---------------------------------------------------------------------------
    @property
    def session_hash(self) -> str | None:
        """The server's name for this client's session."""
        return self._connection.session_hash

    @property
    def reconnects(self) -> int:
        """How many times the connection was opened again after it dropped."""
        return self._connection.reconnects

    def close(self) -> None:
        """End the session (its ``unload`` functions run) and close the connection."""
        self._connection.close()
        self._lost(ClientError("The client was closed."))

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- calls -----------------------------------------------------------------------------
    def submit(self, *args: Any, api_name: str | None = None, fn_index: int | None = None,
               result_callbacks: Callable[..., Any] | list[Callable[..., Any]] | None = None,
               **kwargs: Any) -> Job:
        """Start a call and return its :class:`Job` at once.

        Values go by position or by parameter name (``view_api()`` lists
        them); parameters with a default may be left out. ``api_name`` names the
        endpoint (``"/greet"``); an app with a single public endpoint needs
        none. Local files (``handle_file(path)``, or a path for a file
        parameter) are uploaded first. ``result_callbacks`` are called with
        each output.
        """
        endpoint = find(self._endpoints, api_name, fn_index)
        data = self._upload(endpoint.wire_values(args, kwargs))
        callbacks = result_callbacks if isinstance(result_callbacks, list) else \
            [result_callbacks] if result_callbacks else []
        job = Job(self, endpoint, f"c{self._prefix}-{next(self._ids)}", callbacks)
        with self._jobs_lock:
            self._jobs[job.id] = job
        try:
            self._send({"type": "event", "id": job.id, "fn": endpoint.fn_index, "data": data})
        except ClientError as error:
            job._lost(error)
        return job

    def predict(self, *args: Any, api_name: str | None = None, fn_index: int | None = None,
                **kwargs: Any) -> Any:
        """Call an endpoint and wait for its value (the last one, for a generator).

        Same arguments as :meth:`submit`. One output gives its value, several a
        tuple; a file output is a local path (see ``download_files``). Raises
        :class:`AppError` with the app's message when the function fails.
        """
        return self.submit(*args, api_name=api_name, fn_index=fn_index, **kwargs).result()

    # -- describing ------------------------------------------------------------------------
    def endpoints(self, all_endpoints: bool = False) -> list[Endpoint]:
        """The endpoints programs may call: public ones, and undocumented ones with
        ``all_endpoints``."""
        shown = ("public", "undocumented") if all_endpoints else ("public",)
        return [e for e in self._endpoints.values() if e.name and e.visibility in shown]

    @overload
    def view_api(self, all_endpoints: bool = ..., print_info: bool = ...,
                 return_format: Literal["dict"] = ...) -> dict: ...

    @overload
    def view_api(self, all_endpoints: bool = ..., print_info: bool = ...,
                 return_format: Literal["str"] = ...) -> str: ...

    @overload
    def view_api(self, all_endpoints: bool = ..., print_info: bool = ...,
                 return_format: None = ...) -> None: ...

    def view_api(self, all_endpoints: bool = False, print_info: bool = True,
                 return_format: Literal["dict", "str"] | None = None) -> dict | str | None:
        """Describe the endpoints: for each, its parameters (name, Python type,
        default, component) and return values, as the app's ``/info`` says.

        Prints the description unless ``print_info`` is false; returns it as
        ``/info``'s dict (``return_format="dict"``), as text (``"str"``) or not.
        """
        listed = self.endpoints(all_endpoints)
        text = describe(self.url, listed)
        if print_info:
            print(text)
        if return_format == "dict":
            return {"named_endpoints": {e.name: self.info["named_endpoints"][e.name]
                                        for e in listed}, "unnamed_endpoints": {}}
        if return_format == "str":
            return text
        return None

    # -- plumbing --------------------------------------------------------------------------
    def _send(self, frame: dict) -> None:
        self._connection.send(frame)

    def _send_quietly(self, frame: dict) -> None:
        """Send from the reader thread, which must not wait for a reconnect."""
        threading.Thread(target=self._send_or_drop, args=(frame,), daemon=True).start()

    def _send_or_drop(self, frame: dict) -> None:
        try:
            self._send(frame)
        except ClientError:
            pass

    def _frame(self, frame: dict) -> None:
        with self._jobs_lock:
            job = self._jobs.get(frame.get("id"))
        if job is not None:
            job._frame(frame)

    def _lost(self, error: ClientError) -> None:
        with self._jobs_lock:
            jobs, self._jobs = list(self._jobs.values()), {}
        for job in jobs:
            job._lost(error)

    def _forget(self, job_id: str) -> None:
        with self._jobs_lock:
            self._jobs.pop(job_id, None)

    def _upload(self, value: Any) -> Any:
        if isinstance(value, FileInput):
            return self._http.upload(value.path)
        if isinstance(value, list):
            return [self._upload(item) for item in value]
        if isinstance(value, tuple):
            return [self._upload(item) for item in value]
        if isinstance(value, dict):
            return {key: self._upload(item) for key, item in value.items()}
        return value

    def _finish_values(self, values: list) -> list:
        """File outputs downloaded (their local paths) when ``download_files`` is on, else
        FileData dicts with an absolute ``url``."""
        return [self._file_outputs(value) for value in values]

    def _file_outputs(self, value: Any) -> Any:
        if file_value(value) and value.get("url"):
            if self.download_dir is None:
                return {**value, "url": self._http.absolute(str(value["url"]))}
            return self._http.download(value, self.download_dir)
        if isinstance(value, list):
            return [self._file_outputs(item) for item in value]
        if isinstance(value, dict) and value.get("__type__") != "update":
            return {key: self._file_outputs(item) for key, item in value.items()}
        return value

    def __repr__(self) -> str:
        return f"<blocks_client.Client {self.url} session={self.session_hash}>"
