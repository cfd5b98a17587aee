"""The queue: every event becomes a job that ends in exactly one terminal state.

Lifecycle: queued -> started -> (output)* -> done(completed | failed | cancelled).

- Each concurrency group (a listener, or all listeners sharing a
  ``concurrency_id``, limited by the lowest limit among them) runs at most
  ``limit`` functions at once; the other jobs wait in order and are told
  their position and an estimated time.
- ``queue=False`` listeners skip the waiting line and run at once.
- A job's terminal state and its concurrency slot are separate: a cancelled
  job ends (and its page is told) at once, but its slot stays taken until its
  function has really returned, because a thread cannot be stopped from
  outside. Limits therefore count functions actually running.

Where things run: the queue's bookkeeping and every message to a page run on
the runtime's loop (the server's gevent hub); user functions run in the
runtime's worker threads, never on the loop. A worker that finishes a job
takes the next waiting job of the same group itself, so a busy loop never
slows the line down; it hands results to the loop with ``call_from_thread``.
:class:`ThreadRuntime` runs all of it on plain threads (tests, scripts).

See ``docs/queue.md`` for the behaviour as users see it.
"""

from __future__ import annotations

import collections
import functools
import logging
import threading
import time

from blocks.processing import (
    DONE,
    Execution,
    InputError,
    ValidationFailed,
    error_payload,
    run_batch,
    uses_state,
)
from blocks.queue_settings import status_rate
from blocks.queue_shared import SharedLines
from blocks.runtime import Runtime, ThreadRuntime, WorkerPool
from blocks.session_memory import MemorySessionStore
from blocks.state import SessionState
from blocks.streaming import END, idle_limit

__all__ = ["Job", "Queue", "Runtime", "ThreadRuntime", "WorkerPool", "QUEUE_FULL_TITLE",
           "SHUTTING_DOWN"]

logger = logging.getLogger("blocks.queue")

TERMINAL = ("completed", "failed", "cancelled")

# With status_update_rate="auto", waiting jobs hear about a new position when a job of
# their group starts or ends, at most this often (leading and trailing edge): a fast
# queue would otherwise send every waiting page a message per finished job.
AUTO_STATUS_INTERVAL = 0.5

SHUTTING_DOWN = "The server is shutting down."
QUEUE_FULL_TITLE = "Queue full"  # the title of a job refused because the queue is full

# A streaming job has at most this many outputs on their way to the loop: its generator
# waits for the oldest one to be handed to the page's connection before it runs on. CPU-bound
# generators (a reply made as fast as the CPU allows, in 64 sessions at once) would
# otherwise hold the GIL nearly all the time, and the loop that sends their outputs would
# get it once in tens of milliseconds: outputs would pile up unsent.
STREAM_WINDOW = 4


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
        self.started: float | None = None
        self.position: int | None = None  # last position the page was told
        self.group: _Group | None = None
        self.token: str | None = None  # its place in a shared line (blocks.queue_shared)
        # a streaming job's outputs not yet handed over (made by its first output: most
        # jobs have one output, and a semaphore is among the costlier objects to make)
        self.in_flight: threading.Semaphore | None = None
        self.feed = None  # a stream job's chunks (a blocks.streaming.ChunkFeed)

    @property
    def ended(self) -> bool:
        return self.state in TERMINAL

    def send(self, message: dict) -> None:
        message = {**message, "id": self.id}
        try:
            self.session.send(message)
        except Exception:  # the page is gone; the job still ends properly
            logger.debug("could not send %s to %s", message.get("type"), self.session)

    def __repr__(self):
        return f"<Job {self.id} fn={getattr(self.dep, 'id', None)} {self.state}>"


class _Group:
    def __init__(self, key: str, limit):
        self.key = key
        self.limit = limit
        self.active = 0              # functions running (slots taken)
        self.running: set[Job] = set()
        self.waiting: collections.deque[Job] = collections.deque()
        self.peak = 0                # the most functions that ever ran at once
        self.last_status = 0.0       # when waiting jobs were last told their position
        self.status_pending = False  # a status update is on its way

    def has_room(self) -> bool:
        return self.limit is None or self.active < self.limit


_STARTED = {"type": "started"}


class Queue:
    """The jobs of one served app: concurrency groups, waiting lines, terminal states.

    ``counts`` tallies jobs as they end (``completed``, ``failed``,
    ``cancelled``) and ``submitted`` counts every job given to :meth:`submit`:
    once the queue is idle the two add up, which the fault tests check.
    """

    def __init__(self, blocks, runtime: Runtime, *, show_error: bool = False,
                 sessions=None, file_rule=None, backend=None):
        self.blocks = blocks
        self.runtime = runtime
        self.show_error = show_error
        self.file_rule = file_rule  # what paths functions may return (blocks.file_access)
        # where jobs read and write State values (a blocks.session.SessionStore)
        self.sessions = sessions if sessions is not None else MemorySessionStore()
        settings = blocks.queue_settings
        self.max_size = settings.get("max_size")
        self.default_limit = settings.get("default_concurrency_limit", 1)
        self.status_update_rate = status_rate(settings.get("status_update_rate", "auto"))
        self.api_open = settings.get("api_open", True)
        self.groups: dict[str, _Group] = {}
        self.durations: dict[int, float] = {}
        self.running: set[Job] = set()   # started jobs not yet ended (queue=False ones too)
        self.waiting = 0                 # jobs waiting in any group
        self.submitted = 0
        self.counts: collections.Counter = collections.Counter()
        self._lock = runtime.lock()
        self._ticker = None
        self.closed = False
        for dep in blocks.dependencies:
            self._group_for(dep)
        # lines shared with other processes (a blocks.queue_shared.QueueBackend), or None
        self.shared = SharedLines(self, backend) if backend is not None else None

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
            group = self.groups[key] = _Group(key, limit)
        elif limit is not None and (group.limit is None or limit < group.limit):
            group.limit = limit  # a shared group is limited by its lowest limit
        return group

    def waiting_count(self) -> int:
        return self.waiting

    def idle(self) -> bool:
        """No job waits and no function runs."""
        return not self.running and not self.waiting and \
            not any(group.active for group in self.groups.values())

    # -- submitting (on the loop) ---------------------------------------------------------
    def submit(self, job: Job) -> None:
        """Accept a job or end it at once with a clear reason."""
        dep = job.dep
        self.submitted += 1
        if self.closed:
            return self._end(job, "failed", {"message": SHUTTING_DOWN, "title": "Error"})
        if dep.fn is None:
            return self._end(job, "failed", {"message": "This event has no Python function.",
                                             "title": "Error"})
        try:
            job.execution = Execution(
                dep, job.data, event_data=job.event_data, request=job.request,
                notify=lambda message: self.runtime.call_from_thread(self._emit, job, message),
                session=job.session, file_rule=self.file_rule, stream=job.feed is not None)
        except (InputError, ValidationFailed) as error:  # refused before anything runs
            return self._end(job, "failed", error_payload(error, show_error=False))
        job.session.jobs[job.id] = job
        if not dep.queue:
            with self._lock:
                job.state = "started"
                job.started = time.monotonic()
                self.running.add(job)
            self.runtime.submit(self._work, [job], None)
            return
        group = self._group_for(dep)
        if self.shared is not None and self.shared.needed(group):
            self.shared.submit(job, group)
            self._ensure_ticker()
            return
        with self._lock:
            full = self.max_size is not None and self.waiting >= self.max_size
            if not full:
                group.waiting.append(job)
                self.waiting += 1
                job.state = "queued"
                batches = self._take(group)
        if full:
            job.session.jobs.pop(job.id, None)
            return self._end(job, "failed", {
                "message": f"The queue is full ({self.max_size} waiting); try again soon.",
                "title": QUEUE_FULL_TITLE})
        for batch in batches:
            self.runtime.submit(self._work, batch, group)
        self._ensure_ticker()
        if job.state == "queued":
            # still waiting: the page learns its place now, and later as the line moves
            self._tell_position(job, len(group.waiting) - 1, group)

    def _take(self, group: _Group, limit: int | None = None) -> list[list[Job]]:
        """Under the lock: take the jobs the group has room for, as batches."""
        taken = []
        while group.waiting and group.has_room() and (limit is None or len(taken) < limit):
            job = group.waiting.popleft()
            self.waiting -= 1
            batch = self._batch_from(group, job)
            self._begin(group, batch)
            taken.append(batch)
        return taken

    def _batch_from(self, group: _Group, job: Job) -> list[Job]:
        """Under the lock: ``job`` (out of the line) and, for a batch listener, more of its
        waiting jobs."""
        batch = [job]
        if job.dep.batch:
            for other in list(group.waiting):
                if len(batch) >= job.dep.max_batch_size:
                    break
                if other.dep is job.dep:
                    group.waiting.remove(other)
                    self.waiting -= 1
                    batch.append(other)
        return batch

    def _begin(self, group: _Group, batch: list[Job]) -> None:
        """Under the lock: ``batch`` takes a slot of ``group`` and starts."""
        group.active += 1
        group.peak = max(group.peak, group.active)
        now = time.monotonic()
        for member in batch:
            member.group = group
            member.state = "started"
            member.started = now
            group.running.add(member)
            self.running.add(member)

    # -- running (in a worker thread) ----------------------------------------------------
    def _work(self, batch: list[Job], group: _Group | None) -> None:
        """Run ``batch``, then the group's next waiting jobs while there are any."""
        while batch:
            try:
                if len(batch) == 1 and not batch[0].dep.batch:
                    self._run_one(batch[0], group)
                else:
                    self._run_batch(batch, group)
            except BaseException as exc:  # a bug of ours: the jobs still end
                logger.exception("the queue failed to run %s", batch)
                for job in batch:
                    self.runtime.call_from_thread(self._end, job, "failed",
                                                  error_payload(exc, show_error=False))
            if group is None:
                return
            if batch[0].token is not None:  # a shared slot: the loop gives it back
                with self._lock:
                    group.active -= 1
                self.runtime.call_from_thread(self.shared.finished, group, batch)
                return
            with self._lock:
                group.active -= 1
                following = self._take(group, limit=1)
                moved = bool(following) and bool(group.waiting)
            batch = following[0] if following else None
            if moved:
                self._status_soon(group)
            if batch is not None and self.runtime.pool.backlog():
                # other work waits for a thread: go to the back of the line
                self.runtime.submit(self._work, batch, group)
                return

    def _run_one(self, job: Job, group: _Group | None) -> None:
        post = self.runtime.call_from_thread
        if job.ended or job.cancel_requested:
            post(self._end, job, "cancelled", None)
            return
        if job.feed is not None:
            return self._run_stream(job)
        post(self._emit, job, _STARTED)
        execution = job.execution
        start = time.monotonic()
        state_out = uses_state(job.dep.outputs)
        try:
            self._load_state([job])
            updates = execution.start(step=True)
            while True:
                if job.ended:  # cancelled, or ended by a shutdown, while the function ran
                    execution.close()
                    state, error = "cancelled", None
                    break
                if updates is DONE:
                    state, error = "completed", None
                    break
                if execution.streams:
                    self._wait_for_room(job)
                post(self._output, job, updates, not execution.streams, state_out)
                if not execution.streams:
                    state, error = "completed", None
                    break
                if job.cancel_requested:
                    execution.close()
                    state, error = "cancelled", None
                    break
                updates = execution.step()
        except BaseException as exc:  # sys.exit() in a function fails its job
            if job.ended:
                state, error = "cancelled", None
            elif isinstance(exc, InputError):  # the page sent values its inputs refuse
                logger.info("refused the inputs of %s: %s",
                            getattr(job.dep.fn, "__name__", "fn"), exc)
                state, error = "failed", error_payload(exc, show_error=self.show_error)
            else:
                logger.error("error in %s: %s", getattr(job.dep.fn, "__name__", "fn"), exc,
                             exc_info=not hasattr(exc, "message"))
                state, error = "failed", error_payload(exc, show_error=self.show_error)
        if state == "completed":
            self._record_duration(job.dep, time.monotonic() - start)
        post(self._end, job, state, error)

    def _run_stream(self, job: Job) -> None:
        """Run a stream job: its function once per chunk, until the source stops, the
        listener's ``time_limit`` passes, or the job is cancelled (see blocks.streaming)."""
        post = self.runtime.call_from_thread
        post(self._emit, job, _STARTED)
        execution, feed, dep = job.execution, job.feed, job.dep
        state_out = uses_state(dep.outputs)
        deadline = None if dep.time_limit is None else time.monotonic() + dep.time_limit
        state, error, extra = "completed", None, {}
        try:
            while True:
                self._load_state([job])
                execution.start()
                while True:
                    updates = execution.step()
                    if updates is DONE or job.ended or job.cancel_requested:
                        break
                    self._wait_for_room(job)
                    post(self._output, job, updates, False, state_out)
                    if not execution.streams:
                        break
                values, quiet_since = None, time.monotonic()
                while values is None and not (job.ended or job.cancel_requested):
                    left = None if deadline is None else deadline - time.monotonic()
                    if left is not None and left <= 0:
                        break
                    if time.monotonic() - quiet_since > idle_limit(dep.stream_every):
                        break
                    values = feed.get(0.5 if left is None else min(left, 0.5))
                if job.ended or job.cancel_requested:
                    execution.close()
                    state = "cancelled"
                    break
                if values is None and deadline is not None and time.monotonic() >= deadline:
                    execution.close()
                    extra = {"time_limit": dep.time_limit}
                    break
                if values is None:  # the page went quiet without ending its stream
                    execution.close()
                    state, error = "failed", {
                        "title": "Stream stopped",
                        "message": f"No chunk came for {idle_limit(dep.stream_every):g} s; "
                                   "the stream was stopped."}
                    break
                if values is END:  # the page's source stopped, and every chunk was handled
                    execution.close()
                    break
                execution.rearm(values)
        except BaseException as exc:
            execution.close()
            if job.ended:
                state = "cancelled"
            else:
                logger.error("error in %s: %s", getattr(dep.fn, "__name__", "fn"), exc,
                             exc_info=not hasattr(exc, "message") and
                             not isinstance(exc, InputError))
                state, error = "failed", error_payload(exc, show_error=self.show_error)
        post(functools.partial(self._end, **extra), job, state, error)

    # -- the chunks of a stream job (on the loop) ---------------------------------------------
    def feed(self, job: Job, wire_inputs: list) -> None:
        """Give a stream job the input values of its source's next chunk.

        A chunk that does not fit, or one that comes faster than the listener's
        ``stream_every`` allows (more than a burst of ``STREAM_BURST``, then two
        per ``stream_every``), fails the job with a message saying why: the page
        stops streaming, and every other page goes on being served.
        """
        if job.ended or job.feed is None or job.feed.ended:
            return
        if not job.feed.admit():
            job.cancel_requested = True
            self._end(job, "failed", {
                "title": "Stream stopped",
                "message": "This stream sent chunks faster than its stream_every "
                           f"({job.dep.stream_every:g} s) allows; it was stopped."})
            return
        try:
            values = job.execution.check_chunk(wire_inputs)
        except (InputError, ValidationFailed) as error:
            job.cancel_requested = True
            self._end(job, "failed", error_payload(error, show_error=False))
            return
        job.feed.put(values)

    def end_stream(self, job: Job) -> None:
        """The page's source stopped: the job handles the chunks it has, then completes."""
        if job.feed is not None:
            job.feed.end()

    def _wait_for_room(self, job: Job) -> None:
        """In a worker: wait until fewer than ``STREAM_WINDOW`` outputs of ``job`` are unsent."""
        if job.in_flight is None:  # before its first output: the loop releases only later
            job.in_flight = threading.Semaphore(STREAM_WINDOW)
        while not job.in_flight.acquire(timeout=0.5):
            if job.ended or job.cancel_requested or self.closed:
                return  # the job is ending: its last outputs go, or are dropped

    def _run_batch(self, jobs: list[Job], group: _Group) -> None:
        """Run several jobs of a ``batch=True`` listener as one call."""
        post = self.runtime.call_from_thread
        live = [job for job in jobs if not job.cancel_requested and not job.ended]
        for job in jobs:
            if job not in live:
                post(self._end, job, "cancelled", None)
        if not live:
            return
        start = time.monotonic()
        state_out = uses_state(live[0].dep.outputs)
        try:
            for job in live:
                post(self._emit, job, _STARTED)
            self._load_state(live)
            results = run_batch(live[0].dep, [job.execution for job in live])
            outcome = [("completed", None, updates) for updates in results]
            self._record_duration(live[0].dep, time.monotonic() - start)
        except BaseException as exc:  # sys.exit() in a function fails its job
            logger.error("error in batch of %s: %s", getattr(jobs[0].dep.fn, "__name__", "fn"),
                         exc)
            outcome = [("failed", error_payload(exc, show_error=self.show_error), None)
                       for _ in live]
        for job, (state, error, updates) in zip(live, outcome):
            if updates is not None:
                post(self._output, job, updates, True, state_out)
            post(self._end, job, state, error)

    def _record_duration(self, dep, elapsed: float) -> None:
        old = self.durations.get(dep.id)
        self.durations[dep.id] = elapsed if old is None else 0.8 * old + 0.2 * elapsed

    def _session_state(self, job: Job):
        return SessionState(self.sessions, job.session.hash)

    def _load_state(self, jobs: list[Job]) -> None:
        """Give the jobs their sessions' State values (read on the loop, where State lives)."""
        def load():
            for job in jobs:
                job.execution.load_state(self._session_state(job))
        if uses_state(jobs[0].dep.inputs):
            self.runtime.call_and_wait(load)  # after every earlier job's commit, in order
        else:
            load()  # nothing to read: no trip to the loop

    # -- telling the page (on the loop) ----------------------------------------------------
    @staticmethod
    def _emit(job: Job, message: dict) -> None:
        """Send a frame of a job that has not ended: nothing follows its ``done``."""
        if job.state not in TERMINAL:
            job.send(message)

    def _output(self, job: Job, updates: list, final: bool, state_out: bool) -> None:
        """Store the State outputs of one result, then send it (a cancelled job's is dropped).

        A result that cannot be sent (not JSON, a file the app may not serve) fails
        the job with the reason, instead of vanishing; a page that is gone is no failure.
        """
        if not final and job.in_flight is not None:
            job.in_flight.release()  # a streaming output: its generator may run on
        if job.state in TERMINAL:
            return
        try:
            if state_out:
                updates = job.execution.commit_state(updates)
            job.session.send({"type": "output", "data": updates, "final": final, "id": job.id})
        except ConnectionError:
            pass  # the page is gone: its jobs are being cancelled
        except Exception as exc:
            logger.error("could not send the result of %s: %s",
                         getattr(job.dep.fn, "__name__", "fn"), exc)
            job.cancel_requested = True  # a generator stops at its next yield
            self._end(job, "failed", error_payload(exc, show_error=self.show_error))

    def _end(self, job: Job, state: str, error: dict | None = None, **fields) -> None:
        """The job's one terminal message; later calls for the same job do nothing.

        ``fields`` go into the ``done`` frame (``time_limit`` of a stream that reached it).
        """
        if job.feed is not None:
            job.feed.end()  # a stream job's worker stops waiting for chunks
        with self._lock:
            self.running.discard(job)
            if job.group is not None:
                job.group.running.discard(job)
            if job.state in TERMINAL:
                return
            job.state = state
            self.counts[state] += 1
        if job.session.jobs.get(job.id) is job:
            job.session.jobs.pop(job.id, None)
        message = {"type": "done", "state": state, **fields}
        if error is not None:
            message["error"] = error
        job.send(message)

    # -- telling waiting pages where they are ---------------------------------------------
    def _status_soon(self, group: _Group) -> None:
        """``auto``: the line moved; tell its jobs their place, at most every interval.

        May be called from a worker thread: the telling happens on the loop.
        """
        if self.status_update_rate is not None or group.status_pending:
            return
        group.status_pending = True
        self.runtime.call_from_thread(self._status_on_loop, group)

    def _status_on_loop(self, group: _Group) -> None:
        wait = group.last_status + AUTO_STATUS_INTERVAL - time.monotonic()
        if wait > 0:
            self.runtime.spawn_later(wait, self._trailing_status, group)
        else:
            self._trailing_status(group)

    def _trailing_status(self, group: _Group) -> None:
        group.status_pending = False
        if not self.closed:
            self._broadcast(group, only_changed=True)

    def _broadcast(self, group: _Group, only_changed: bool) -> None:
        group.last_status = time.monotonic()
        with self._lock:
            waiting = list(group.waiting)
        positions = range(len(waiting))
        if waiting and waiting[0].token is not None:  # places in a line other processes share
            positions = self.shared.positions(group, waiting)
        for position, job in zip(positions, waiting):
            if position is None:  # not in the shared line yet: it hears when it joins
                continue
            if not only_changed or job.position != position:
                self._tell_position(job, position, group)

    def _tell_position(self, job: Job, position: int, group: _Group) -> None:
        job.position = position
        self._emit(job, {"type": "queued", "position": position,
                         "eta": self._eta(job, position, group)})

    def _eta(self, job: Job, position: int, group: _Group) -> float | None:
        """Seconds until the job's result: until a slot frees, the jobs ahead, its own run."""
        duration = self.durations.get(job.dep.id)
        if duration is None:
            return None
        limit = group.limit
        if limit is None:
            return duration
        first_free = 0.0
        if len(group.running) >= limit:  # every slot is taken: until the first one frees
            now = time.monotonic()
            with self._lock:
                running = [(r.dep.id, r.started) for r in group.running
                           if r.started is not None]
            if len(running) >= limit:
                first_free = min(max(0.0, self.durations.get(dep_id, duration) -
                                     (now - started)) for dep_id, started in running)
        return first_free + (position // limit) * duration + duration

    def _ensure_ticker(self) -> None:
        """A number for ``status_update_rate``: tell every waiting job its place that often."""
        if self.status_update_rate is not None and self._ticker is None and not self.closed:
            self._ticker = self.runtime.spawn(self._tick_forever)

    def _tick_forever(self) -> None:
        while not self.closed:
            self.runtime.sleep(self.status_update_rate)
            for group in list(self.groups.values()):
                if group.waiting and not self.closed:
                    self._broadcast(group, only_changed=False)

    # -- cancelling (on the loop) ---------------------------------------------------------
    def cancel(self, job: Job, reason: str | None = None) -> None:
        """End a job as ``cancelled`` now.

        A waiting job leaves its line. A running generator stops at its next
        yield; a running plain function cannot be interrupted: it goes on in its
        thread, keeps its concurrency slot until it returns, and its result is
        dropped.
        """
        job.cancel_requested = True
        group = None
        with self._lock:
            if job.state == "queued":
                for candidate in self.groups.values():
                    if job in candidate.waiting:
                        candidate.waiting.remove(job)
                        self.waiting -= 1
                        group = candidate
                        break
        if group is not None and job.token is not None:
            self.shared.left(group, job)
        error = None if reason is None else {"message": reason, "title": "Cancelled"}
        self._end(job, "cancelled", error)
        if group is not None and group.waiting:
            self._status_soon(group)

    def cancel_session(self, session, reason: str | None = None) -> None:
        """A page went away: every job it asked for ends ``cancelled``."""
        for job in list(session.jobs.values()):
            self.cancel(job, reason)

    def close(self) -> None:
        """Stop accepting jobs and cancel every waiting one (running ones go on)."""
        self.closed = True
        for group in list(self.groups.values()):
            with self._lock:
                waiting = list(group.waiting)
            for job in waiting:
                self.cancel(job, SHUTTING_DOWN)

    def shutdown(self, timeout: float = 5.0) -> None:
        """``close()``, give running functions ``timeout`` seconds, then cancel the rest.

        Every job ends, and its page is told which way, before the connections
        close. Functions still running afterwards are abandoned in their threads.
        """
        self.close()
        deadline = time.monotonic() + timeout
        while self.running and time.monotonic() < deadline:
            self.runtime.sleep(0.02)
        for job in list(self.running):
            self.cancel(job, SHUTTING_DOWN)
        if self.shared is not None:
            self.shared.close()
