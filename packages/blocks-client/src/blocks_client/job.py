"""A call in progress: :class:`Job` follows one job's frames (docs/protocol.md)."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from blocks_client.edits import apply_edits
from blocks_client.errors import AppError, ClientError, JobCancelled

if TYPE_CHECKING:
    from blocks_client.client import Client
    from blocks_client.endpoints import Endpoint

__all__ = ["Job", "Status", "Message"]

PENDING, QUEUED, RUNNING = "pending", "queued", "running"
COMPLETED, FAILED, CANCELLED = "completed", "failed", "cancelled"
ENDED = (COMPLETED, FAILED, CANCELLED)


@dataclass(frozen=True)
class Message:
    """A ``gr.Info`` or ``gr.Warning`` the function showed while it ran."""

    level: str
    message: str
    title: str | None = None


@dataclass(frozen=True)
class Status:
    """Where a job is.

    ``code`` is ``pending`` (sent), ``queued``, ``running``, ``completed``,
    ``failed`` or ``cancelled``; ``position`` (0 = next) and ``eta`` (seconds)
    while queued; ``progress`` the last ``gr.Progress`` levels (dicts with
    ``index``, ``length``, ``progress``, ``desc``, ``unit``); ``outputs`` how
    many outputs arrived; ``error`` the failure, when it failed.
    """

    code: str
    position: int | None = None
    eta: float | None = None
    progress: list[dict] = field(default_factory=list)
    outputs: int = 0
    error: ClientError | None = None

    @property
    def done(self) -> bool:
        return self.code in ENDED


class Job:
    """One call: its status, outputs as they come (generators), result and cancel.

    Made by :meth:`Client.submit`. Iterating gives each output as it arrives
    (each ``yield`` of a generator, or the one result) and ends when the job
    does, raising its error if it failed. ``result()`` waits for the end.
    """

    def __init__(self, client: Client, endpoint: Endpoint, job_id: str,
                 callbacks: list[Callable[..., Any]] | None = None):
        self._client = client
        self.endpoint = endpoint
        self.id = job_id
        self._changed = threading.Condition()
        self._code = PENDING
        self._position: int | None = None
        self._eta: float | None = None
        self._progress: list[dict] = []
        self._last: list = []           # the last value of each output (edits apply to it)
        self._outputs: list[Any] = []   # every output, as the caller sees it
        self._error: ClientError | None = None
        self._callbacks = list(callbacks or [])
        self.messages: list[Message] = []

    # -- what the reader thread tells it ---------------------------------------------------
    def _frame(self, frame: dict) -> None:
        kind = frame.get("type")
        with self._changed:
            if self._code in ENDED:
                return
            if kind == "queued":
                self._code, self._position, self._eta = QUEUED, frame.get("position"), \
                    frame.get("eta")
            elif kind == "started":
                self._code, self._position, self._eta = RUNNING, None, None
            elif kind == "progress":
                self._progress = list(frame.get("progress") or [])
            elif kind == "message":
                self.messages.append(Message(str(frame.get("level")),
                                             str(frame.get("message")), frame.get("title")))
            elif kind == "output":
                try:
                    value = self._output(frame.get("data") or [])
                except (ClientError, OSError, ValueError) as error:  # an edit, a download
                    self._end(FAILED, error if isinstance(error, ClientError) else
                              ClientError(f"Could not read an output of the job: {error}"))
                    self._client._send_quietly({"type": "cancel", "id": self.id})
                    self._changed.notify_all()
                    return
                self._outputs.append(value)
                for callback in self._callbacks:
                    callback(*value) if isinstance(value, tuple) else callback(value)
            elif kind == "done":
                self._done(frame)
            elif kind == "error":  # the server refused the event frame itself
                self._end(FAILED, AppError(str(frame.get("message")),
                                           fields=frame.get("fields") or {}))
            self._changed.notify_all()

    def _output(self, updates: list) -> Any:
        if len(self._last) < len(updates):
            self._last += [None] * (len(updates) - len(self._last))
        values = []
        for index, update in enumerate(updates):
            if not isinstance(update, dict):
                values.append(update)
                continue
            if "edits" in update:
                self._last[index] = apply_edits(self._last[index], update["edits"])
            elif "value" in update:
                self._last[index] = update["value"]
            props = update.get("props")
            value = copy.deepcopy(self._last[index])
            values.append({"__type__": "update", **props, "value": value} if props else value)
        values = self._client._finish_values(self.endpoint.api_values(values))
        return values[0] if len(values) == 1 else tuple(values)

    def _done(self, frame: dict) -> None:
        state, error = frame.get("state"), frame.get("error") or {}
        if state == COMPLETED:
            self._end(COMPLETED, None)
        elif state == CANCELLED:
            self._end(CANCELLED, JobCancelled(error.get("message") or "The job was cancelled."))
        else:
            self._end(FAILED, AppError(str(error.get("message") or "The job failed."),
                                       error.get("title"), validation=error.get("validation")))

    def _end(self, code: str, error: ClientError | None) -> None:
        self._code, self._error, self._position, self._eta = code, error, None, None
        self._client._forget(self.id)

    def _lost(self, error: ClientError) -> None:
        with self._changed:
            if self._code not in ENDED:
                self._end(FAILED, error)
                self._changed.notify_all()

    # -- the caller's side -----------------------------------------------------------------
    def status(self) -> Status:
        """Where the job is now (see :class:`Status`)."""
        with self._changed:
            return Status(self._code, self._position, self._eta, list(self._progress),
                          len(self._outputs), self._error)

    def done(self) -> bool:
        """Whether the job ended (completed, failed or cancelled)."""
        with self._changed:
            return self._code in ENDED

    def outputs(self) -> list[Any]:
        """Every output so far: one per ``yield`` of a generator, else the result."""
        with self._changed:
            return list(self._outputs)

    def result(self, timeout: float | None = None) -> Any:
        """Wait for the end and give the last output (the function's value).

        Raises :class:`AppError` when the function failed (``gr.Error``'s
        message), :class:`JobCancelled`, :class:`ConnectionLost`, or
        ``TimeoutError`` after ``timeout`` seconds (the job goes on).
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while self._code not in ENDED:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise TimeoutError(f"The job {self.endpoint.name or self.id} did not end "
                                       f"within {timeout:g} s.")
                self._changed.wait(remaining)
            if self._error is not None:
                raise self._error
            return self._outputs[-1] if self._outputs else None

    def __iter__(self) -> Iterator[Any]:
        seen = 0
        while True:
            with self._changed:
                while seen == len(self._outputs) and self._code not in ENDED:
                    self._changed.wait()
                if seen < len(self._outputs):
                    seen += 1
                    output = self._outputs[seen - 1]
                elif self._error is not None and self._code != CANCELLED:
                    raise self._error
                else:
                    return
            yield output

    def cancel(self) -> bool:
        """Ask the server to cancel the job; ``False`` when it had already ended.

        A waiting job leaves the queue, a generator stops at its next ``yield``,
        a plain function finishes in the background and its result is dropped.
        """
        with self._changed:
            if self._code in ENDED:
                return False
        self._client._send({"type": "cancel", "id": self.id})
        return True

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.endpoint.name or self.endpoint.fn_index} {self._code}>"
