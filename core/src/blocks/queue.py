"""The queue: every event becomes a job that ends in exactly one terminal state.

Lifecycle: queued -> started -> (output)* -> done(completed | failed | cancelled).
Each concurrency group (a listener, or all listeners sharing a
``concurrency_id``) runs at most ``limit`` jobs at once; the others wait in
order and are told their position. Jobs run on a :class:`Runtime`: the
server provides one on gevent, :class:`ThreadRuntime` uses plain threads.
User functions always run in worker threads (``run_in_thread``).
"""

from __future__ import annotations

import collections
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from blocks.processing import DONE, Execution, InputError, error_payload

__all__ = ["Job", "Queue", "Runtime", "ThreadRuntime"]

logger = logging.getLogger("blocks.queue")

TERMINAL = ("completed", "failed", "cancelled")


class Runtime:
    """Where the queue runs: spawn tasks, run functions in worker threads."""

    def spawn(self, fn: Callable, *args) -> Any:
        raise NotImplementedError

    def run_in_thread(self, fn: Callable, *args) -> Any:
        raise NotImplementedError

    def lock(self):
        raise NotImplementedError

    def call_from_thread(self, fn: Callable, *args) -> None:
        """Run ``fn`` on the queue's side from a worker thread (progress, toasts)."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class ThreadRuntime(Runtime):
    """A runtime made of plain threads (for tests and non-gevent use)."""

    def __init__(self, max_threads: int = 40):
        self.pool = ThreadPoolExecutor(max_workers=max_threads,
                                       thread_name_prefix="blocks-worker")

    def spawn(self, fn, *args):
        thread = threading.Thread(target=fn, args=args, daemon=True)
        thread.start()
        return thread

    def run_in_thread(self, fn, *args):
        return self.pool.submit(fn, *args).result()

    def lock(self):
        return threading.RLock()

    def call_from_thread(self, fn, *args):
        fn(*args)

    def close(self):
        self.pool.shutdown(wait=False, cancel_futures=True)


class Job:
    def __init__(self, job_id: str, session, dep, data: list, event_data=None,
                 request=None):
        self.id = job_id
        self.session = session
        self.dep = dep
        self.data = data
        self.event_data = event_data
        self.request = request
        self.state = "pending"
        self.cancel_requested = False
        self.execution: Execution | None = None
        self.created = time.monotonic()

    def send(self, message: dict) -> None:
        message = {**message, "id": self.id}
        try:
            self.session.send(message)
        except Exception:  # the page is gone; the job still ends properly
            logger.debug("could not send %s to %s", message.get("type"), self.session)


def job_dep(jobs: list[Job]):
    return jobs[0].dep


class _Group:
    def __init__(self, limit):
        self.limit = limit
        self.active = 0
        self.waiting: collections.deque[Job] = collections.deque()

    def has_room(self) -> bool:
        return self.limit is None or self.active < self.limit


class Queue:
    def __init__(self, blocks, runtime: Runtime, *, show_error: bool = False,
                 state_store=None):
        from blocks.state import MemoryStateStore
        self.blocks = blocks
        self.runtime = runtime
        self.show_error = show_error
        self.state_store = state_store if state_store is not None else MemoryStateStore()
        settings = blocks.queue_settings
        self.max_size = settings.get("max_size")
        self.default_limit = settings.get("default_concurrency_limit", 1)
        self.groups: dict[str, _Group] = {}
        self.durations: dict[int, float] = {}
        self._lock = runtime.lock()
        self.closed = False
        for dep in blocks.dependencies:
            self._group_for(dep)

    # -- groups ------------------------------------------------------------------------
    def _limit(self, dep):
        limit = dep.concurrency_limit
        if limit == "default":
            limit = self.default_limit
        return None if limit is None else int(limit)

    def _group_for(self, dep) -> _Group:
        key = dep.concurrency_id or f"fn-{dep.id}"
        group = self.groups.get(key)
        limit = self._limit(dep)
        if group is None:
            group = self.groups[key] = _Group(limit)
        elif limit is not None and (group.limit is None or limit < group.limit):
            group.limit = limit  # a shared group is limited by its lowest limit
        return group

    def waiting_count(self) -> int:
        return sum(len(group.waiting) for group in self.groups.values())

    # -- submitting ----------------------------------------------------------------------
    def submit(self, job: Job) -> None:
        """Accept a job or end it at once with a clear reason."""
        dep = job.dep
        if self.closed:
            return self._end(job, "failed", {"message": "The server is shutting down."})
        if dep.fn is None:
            return self._end(job, "failed", {"message": "This event has no Python function."})
        try:
            job.execution = Execution(
                dep, job.data, event_data=job.event_data, request=job.request,
                notify=lambda message: self.runtime.call_from_thread(job.send, message),
                session=job.session)
        except InputError as error:
            return self._end(job, "failed", {"message": str(error)})
        job.session.jobs[job.id] = job
        if not dep.queue:
            job.state = "started"
            self.runtime.spawn(self._run, job, None)
            return
        with self._lock:
            if self.max_size is not None and self.waiting_count() >= self.max_size:
                job.session.jobs.pop(job.id, None)
                return self._end(job, "failed", {
                    "message": f"The queue is full ({self.max_size} waiting); try again soon."})
            group = self._group_for(dep)
            group.waiting.append(job)
            job.state = "queued"
        self._dispatch(group)

    def _dispatch(self, group: _Group) -> None:
        started = []
        with self._lock:
            while group.waiting and group.has_room():
                job = group.waiting.popleft()
                group.active += 1
                batch = [job]
                if job.dep.batch:
                    for other in list(group.waiting):
                        if len(batch) >= job.dep.max_batch_size:
                            break
                        if other.dep is job.dep:
                            group.waiting.remove(other)
                            batch.append(other)
                for member in batch:
                    member.state = "started"
                started.append(batch)
            waiting = list(group.waiting)
            limit = group.limit
        for batch in started:
            if len(batch) == 1 and not batch[0].dep.batch:
                self.runtime.spawn(self._run, batch[0], group)
            else:
                self.runtime.spawn(self._run_batch, batch, group)
        for position, job in enumerate(waiting):
            job.send({"type": "queued", "position": position,
                      "eta": self._eta(job.dep, position, limit)})

    def _eta(self, dep, position: int, limit) -> float | None:
        duration = self.durations.get(dep.id)
        if duration is None:
            return None
        return duration * (position // (limit or 1) + 1)

    # -- running ---------------------------------------------------------------------------
    def _run(self, job: Job, group: _Group | None) -> None:
        start = time.monotonic()
        try:
            state, error = self._execute(job)
        except BaseException as exc:  # never leave a job without an end
            logger.exception("job %s crashed", job.id)
            state, error = "failed", error_payload(exc, show_error=self.show_error)
        finally:
            if group is not None:
                with self._lock:
                    group.active -= 1
        if state == "completed":
            elapsed = time.monotonic() - start
            old = self.durations.get(job.dep.id)
            self.durations[job.dep.id] = elapsed if old is None else 0.8 * old + 0.2 * elapsed
        self._end(job, state, error)
        if group is not None:
            self._dispatch(group)

    def _session_state(self, job: Job):
        from blocks.state import SessionState
        return SessionState(self.state_store, job.session.hash)

    def _run_batch(self, jobs: list[Job], group: _Group) -> None:
        """Run several jobs of a ``batch=True`` listener as one call."""
        from blocks.processing import run_batch
        live = [job for job in jobs if not job.cancel_requested]
        for job in jobs:
            if job.cancel_requested:
                self._end(job, "cancelled")
        try:
            for job in live:
                job.send({"type": "started"})
                job.execution.load_state(self._session_state(job))
            results = self.runtime.run_in_thread(
                run_batch, job_dep(live), [job.execution for job in live]) if live else []
            outcome = [("completed", None, updates) for updates in results]
        except Exception as error:
            logger.error("error in batch of %s: %s", getattr(jobs[0].dep.fn, "__name__", "fn"),
                         error)
            outcome = [("failed", error_payload(error, show_error=self.show_error), None)
                       for _ in live]
        finally:
            with self._lock:
                group.active -= 1
        for job, (state, error, updates) in zip(live, outcome):
            if updates is not None:
                updates = job.execution.commit_state(updates)
                job.send({"type": "output", "data": updates, "final": True})
            self._end(job, state, error)
        self._dispatch(group)

    def _execute(self, job: Job) -> tuple[str, dict | None]:
        execution = job.execution
        if job.cancel_requested:
            return "cancelled", None
        job.send({"type": "started"})
        try:
            execution.load_state(self._session_state(job))
            self.runtime.run_in_thread(execution.start)
            while True:
                if job.cancel_requested:
                    self.runtime.run_in_thread(execution.close)
                    return "cancelled", None
                updates = self.runtime.run_in_thread(execution.step)
                if updates is DONE:
                    return "completed", None
                updates = execution.commit_state(updates)
                job.send({"type": "output", "data": updates, "final": not execution.streams})
        except Exception as error:
            logger.error("error in %s: %s", getattr(job.dep.fn, "__name__", "fn"), error,
                         exc_info=not hasattr(error, "message"))
            return "failed", error_payload(error, show_error=self.show_error)

    def _end(self, job: Job, state: str, error: dict | None = None) -> None:
        if job.state in TERMINAL:
            return
        job.state = state
        job.session.jobs.pop(job.id, None)
        message = {"type": "done", "state": state}
        if error is not None:
            message["error"] = error
        job.send(message)

    # -- cancelling ---------------------------------------------------------------------------
    def cancel(self, job: Job) -> None:
        """Remove a waiting job, or ask a running generator to stop."""
        job.cancel_requested = True
        removed = False
        with self._lock:
            for group in self.groups.values():
                if job in group.waiting:
                    group.waiting.remove(job)
                    removed = True
                    break
        if removed:
            self._end(job, "cancelled")

    def cancel_session(self, session) -> None:
        for job in list(session.jobs.values()):
            self.cancel(job)

    def close(self) -> None:
        """Stop accepting jobs and cancel every waiting one."""
        self.closed = True
        for group in self.groups.values():
            for job in list(group.waiting):
                self.cancel(job)
