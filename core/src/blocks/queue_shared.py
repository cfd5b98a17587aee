"""Waiting lines and concurrency slots shared by several processes: the queue's backend seam.

Without a queue backend (the default) :class:`blocks.queue.Queue` counts the
slots of each concurrency group in its own process, and nothing here runs.
A plugin that serves one app from several processes (``blocks-redis``)
registers a :class:`QueueBackend` with the ``blocks_register_queue_backends``
hook; the queue then hands the lines of its limited groups to
:class:`SharedLines`, which asks the backend:

- ``enqueue``: a job joins its group's line, which every process shares;
  refused when ``max_size`` jobs already wait (all processes together);
- the backend grants slots in the line's order, to jobs of any process, and
  tells the process that owns a job (``SharedLines.granted``): its job starts;
- ``release``: a job's function returned, or it left the line (cancelled);
- ``positions``: where jobs stand in their group's line, for the pages;
- ``lines_empty``: whether no job waits in any line (as of a moment ago). A
  job of a group without a limit never waits, and ``max_size`` can refuse it
  only while jobs wait, so while every line is empty (here and as the backend
  last saw them) it runs at once, without asking the backend: the common fast
  event costs no round trip.

A job always runs in the process holding its page's connection, so results
and ``gr.State`` go straight to the page; only the counting is shared. A slot
is a lease: a process that dies without releasing its slots loses them after
the backend's lease time, and its pages, whose connections dropped with it,
have already failed their jobs.

Every method of both classes runs on the server's loop.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

__all__ = ["Enqueued", "QueueBackend", "SharedLines"]

logger = logging.getLogger("blocks.queue")

UNREACHABLE = "The queue is unreachable (its shared backend did not answer); try again soon."


class Enqueued(NamedTuple):
    """What :meth:`QueueBackend.enqueue` answers.

    ``state``: ``"wait"`` (the job is in the line at ``position``; it starts
    when the backend grants it a slot), ``"run"`` (a group without a limit: it
    starts now, holding no slot) or ``"full"`` (``max_size`` jobs wait already).
    """

    state: str
    position: int | None = None


class QueueBackend:
    """Global concurrency slots and lines; the interface a plugin implements.

    Built with the app's session store (``store``, so that a backend can share
    its connection) and ``options`` (the values of the settings named in
    ``options``, as for session stores). :meth:`attach` gives it the
    :class:`SharedLines` to call back, on the loop: ``granted(token)`` when a
    job of this process got a slot, ``moved(group)`` when a line moved.
    """

    name = "queue_backend"
    options: tuple[str, ...] = ()
    blocking = False  # as for session stores: its methods wait for I/O

    def __init__(self, *, store, options: dict | None = None):
        self.store = store
        self.options = dict(options or {})
        self.lines: SharedLines | None = None

    def attach(self, lines: SharedLines) -> None:
        self.lines = lines

    def new_token(self) -> str:
        """A token for one job, unique among every process sharing the lines."""
        raise NotImplementedError

    def enqueue(self, group: str, token: str, *, limit: int | None,
                max_size: int | None) -> Enqueued:
        """Put ``token`` at the end of ``group``'s line (or refuse it when full).

        Slots free in the group go to the first jobs of the line at once: those
        of this process through ``lines.granted`` (possibly ``token`` itself,
        before this returns), the others' through their processes.
        """
        raise NotImplementedError

    def release(self, group: str, token: str) -> None:
        """``token`` gave its slot back, or left the line; the next jobs get slots."""
        raise NotImplementedError

    def positions(self, group: str, tokens: list[str]) -> list[int | None]:
        """Where each token stands in ``group``'s line (0 = next; ``None``: not in it)."""
        raise NotImplementedError

    def lines_empty(self) -> bool:
        """Whether no job waits in any group's line, in any process, as of at most a
        moment ago (the backend says how long). ``False`` when unsure: a job of a
        group without a limit then asks :meth:`enqueue`, which checks ``max_size``."""
        return False

    def messenger(self):
        """Messages between the processes, for the HTTP API's event streams
        (a :class:`blocks.server.api_relay.Messenger`), or ``None``: each stream is
        then read in the process that runs its job."""
        return None

    def close(self) -> None:
        """This process stops: what it held (slots, places) goes to the others."""


class SharedLines:
    """The queue's side of a :class:`QueueBackend`: jobs by token, started when granted."""

    def __init__(self, queue, backend: QueueBackend):
        self.queue = queue
        self.backend = backend
        self.jobs: dict[str, tuple] = {}  # token -> (job, group), while it waits or runs
        backend.attach(self)

    def needed(self, group) -> bool:
        """Whether a job of ``group`` goes through the shared lines: always with a
        limit; without one, only while ``max_size`` could refuse it (jobs wait)."""
        queue = self.queue
        if group.limit is not None:
            return True
        if queue.max_size is None:
            return False
        if queue.waiting:  # jobs of this process wait: the line is not empty
            return True
        try:
            return not self.backend.lines_empty()
        except Exception:
            logger.exception("the queue backend failed to tell whether jobs wait")
            return True

    def submit(self, job, group) -> None:
        """A job of a limited group (or of any group, with ``max_size``) joins its line."""
        queue = self.queue
        job.token = self.backend.new_token()
        with queue._lock:
            group.waiting.append(job)
            queue.waiting += 1
            job.state = "queued"
        self.jobs[job.token] = (job, group)
        try:
            answer = self.backend.enqueue(group.key, job.token, limit=group.limit,
                                          max_size=queue.max_size)
        except Exception:
            logger.exception("the queue backend failed to take a job")
            answer = None
        if answer is None or answer.state == "full":
            self._forget(group, job)
            job.session.jobs.pop(job.id, None)
            if answer is None:
                return queue._end(job, "failed", {"message": UNREACHABLE, "title": "Error"})
            return queue._end(job, "failed", {
                "message": f"The queue is full ({queue.max_size} waiting); try again soon.",
                "title": "Queue full"})
        if answer.state == "run":
            self.granted(job.token)
        elif job.state == "queued" and job.position is None:  # not told a newer place yet
            queue._tell_position(job, answer.position or 0, group)

    def granted(self, token: str) -> bool:
        """The backend gave ``token`` a slot: start its job (and its batch).

        ``False`` when the job is gone (it left the line meanwhile): the backend
        takes the slot back. A job that already runs keeps it (a repeated grant).
        """
        found = self.jobs.get(token)
        if found is None:
            return False
        job, group = found
        if job.state != "queued":
            return job.group is not None
        queue = self.queue
        with queue._lock:
            group.waiting.remove(job)
            queue.waiting -= 1
            batch = queue._batch_from(group, job)
            queue._begin(group, batch)
        for other in batch[1:]:  # they waited in the line too: their places go
            self.jobs.pop(other.token, None)
            self._release(group, other.token)
            other.token = job.token
        queue.runtime.submit(queue._work, batch, group)
        if group.waiting:
            queue._status_soon(group)
        return True

    def finished(self, group, batch) -> None:
        """The function of ``batch`` returned (from a worker, via the loop): free its slot."""
        token = batch[0].token
        self.jobs.pop(token, None)
        self._release(group, token)

    def left(self, group, job) -> None:
        """A waiting job was cancelled: its place in the line goes."""
        self._forget(group, job, removed=True)

    def moved(self, group_key: str) -> None:
        """A line moved (in any process): this process's waiting pages hear their place."""
        group = self.queue.groups.get(group_key)
        if group is not None and group.waiting:
            self.queue._status_soon(group)

    def positions(self, group, jobs: list) -> list[int | None]:
        """Each job's place in the shared line; ``None`` for one not in it (yet, or any more)."""
        try:
            return list(self.backend.positions(group.key, [job.token for job in jobs]))
        except Exception:
            logger.exception("the queue backend failed to tell positions")
            return [None] * len(jobs)

    def close(self) -> None:
        self.backend.close()

    def _forget(self, group, job, removed: bool = False) -> None:
        if not removed:
            with self.queue._lock:
                if job in group.waiting:
                    group.waiting.remove(job)
                    self.queue.waiting -= 1
        self.jobs.pop(job.token, None)
        self._release(group, job.token)

    def _release(self, group, token: str) -> None:
        if group.limit is None:  # no slot, no line: nothing to give back
            return
        try:
            self.backend.release(group.key, token)
        except Exception:  # the lease runs out instead
            logger.exception("the queue backend failed to release a slot")
