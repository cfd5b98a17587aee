"""The queue's runtime on gevent: the hub for bookkeeping and messages, OS threads for user code."""

from __future__ import annotations

import collections
import gc
import logging
import sys

import gevent
from gevent.hub import Waiter
from gevent.monkey import get_original

from blocks.runtime import Runtime, WorkerPool

__all__ = ["GeventRuntime", "freeze_startup_heap"]

logger = logging.getLogger("blocks.queue")

# Real OS threads and locks even in a monkey-patched process (gunicorn's gevent worker).
_start_new_thread, _allocate_lock, _get_ident = get_original(
    "_thread", ["start_new_thread", "allocate_lock", "get_ident"])


DEFAULT_SWITCH_INTERVAL = 0.005  # CPython's
SERVING_SWITCH_INTERVAL = 0.001


def _shorten_switch_interval() -> None:
    """Let the hub take the GIL back from a CPU-bound function within 1 ms, not 5.

    Every system call of the hub gives the GIL away; while a user function
    computes in a worker thread, getting it back waits for the interpreter's
    switch interval. At CPython's 5 ms, a ping took 25 ms to answer during such a
    function; at 1 ms, 5 ms, with no cost to throughput. A program that chose its
    own interval keeps it.
    """
    if sys.getswitchinterval() == DEFAULT_SWITCH_INTERVAL:
        sys.setswitchinterval(SERVING_SWITCH_INTERVAL)


_frozen = False


def freeze_startup_heap() -> bool:
    """Leave what exists once the app is built out of every later garbage collection.

    A serving process holds tens of thousands of long-lived objects (modules,
    the app's tree, Flask's routes) that never become garbage. CPython's full
    collection walks them all: on the echo benchmark each took 30 to 60 ms, the
    loop standing still, several times a minute, which was most of the p99 latency.
    ``gc.freeze()`` (after one collection, so that startup's garbage goes first)
    moves them to a generation the collector skips; the objects of sessions and
    jobs are collected as before. Done once per process, and not when the program
    turned the collector off. Returns whether it froze.
    """
    global _frozen
    if _frozen or not gc.isenabled():
        return False
    _frozen = True
    gc.collect()
    gc.freeze()
    return True


class GeventRuntime(Runtime):
    """Jobs are bookkept on the server's hub; user functions run in OS threads.

    At most ``max_threads`` user functions run at once, whatever the
    listeners' concurrency limits say; more wait for a free thread. The hub is
    the one of the thread that first submits work (``launch`` serves from its
    own thread), so results find their way back to the serving loop.
    """

    def __init__(self, max_threads: int = 40, *, blocking: bool = False):
        self.max_threads = int(max_threads)
        # True when the session store or queue backend waits for I/O (Redis): calls from
        # threads then run one after another in a greenlet of their own, which may wait,
        # instead of in the loop's callbacks, which must not
        self.blocking = blocking
        self._pool: WorkerPool | None = None
        self._hub = None
        self._calls: collections.deque = collections.deque()
        self._caller = None
        self._outbox: collections.deque = collections.deque()  # calls from worker threads
        self._drain_scheduled = False
        self._loop_thread = None
        self._handoffs: collections.deque = collections.deque()  # tasks for worker threads
        self._handoff_scheduled = False

    @property
    def pool(self) -> WorkerPool:
        if self._pool is None:
            self._hub = gevent.get_hub()
            self._loop_thread = _get_ident()
            self._pool = WorkerPool(self.max_threads, start_thread=_start_new_thread,
                                    make_lock=_allocate_lock)
            _shorten_switch_interval()
        return self._pool

    def call_from_thread(self, fn, *args):
        """Queue ``fn(*args)`` for the loop; the loop is woken once for all queued so far.

        A worker posts several calls per job (started, output, done): they go into
        one line (a deque: appending is atomic) that one loop callback empties,
        so a fast job costs the loop one wake-up, not one per call. The flag is
        cleared before the line is read, so a call appended meanwhile is either
        run by this pass or schedules the next one.
        """
        self._outbox.append((fn, args))
        if not self._drain_scheduled:
            self._drain_scheduled = True
            try:
                self._hub.loop.run_callback_threadsafe(self._drain)
            except Exception:  # the server stopped: nobody is left to tell
                self._drain_scheduled = False
                logger.debug("dropped a callback after the loop stopped: %s", fn)

    def _drain(self) -> None:
        """On the loop: run (or line up, when they may wait) the calls queued by workers."""
        self._drain_scheduled = False
        outbox = self._outbox
        if self.blocking:
            while outbox:
                self._calls.append(outbox.popleft())
            if self._calls and self._caller is None:
                self._caller = gevent.spawn(self._call_in_order)
            return
        while outbox:
            fn, args = outbox.popleft()
            try:
                fn(*args)
            except Exception:
                logger.exception("a call from a worker thread failed")

    def _call_in_order(self) -> None:
        try:
            while self._calls:
                fn, args = self._calls.popleft()
                try:
                    fn(*args)
                except Exception:
                    logger.exception("a call from a worker thread failed")
        finally:
            self._caller = None

    def call_and_wait(self, fn, *args):
        done = _allocate_lock()
        done.acquire()
        box = []

        def call():
            try:
                box.append((True, fn(*args)))
            except BaseException as error:  # re-raised in the worker
                box.append((False, error))
            finally:
                done.release()

        self.call_from_thread(call)
        while not done.acquire(timeout=0.5):  # the worker waits; the GIL is free meanwhile
            if self._pool is None or self._pool.closed:
                raise RuntimeError("The server stopped.")
        ok, value = box[0]
        if not ok:
            raise value
        return value

    def spawn(self, fn, *args):
        return gevent.spawn(fn, *args)

    def spawn_later(self, seconds, fn, *args):
        return gevent.spawn_later(seconds, fn, *args)

    def sleep(self, seconds):
        gevent.sleep(seconds)

    def run_in_thread(self, fn, *args):
        """Run ``fn(*args)`` in a worker thread; the calling greenlet waits for its result.

        An async watcher wakes the waiting greenlet, and keeps the loop alive while it
        waits, also where no server runs the loop (a Flask test client).
        """
        pool = self.pool
        watcher = gevent.get_hub().loop.async_()
        waiter = Waiter()
        box = []
        watcher.start(waiter.switch, None)

        def task():
            try:
                box.append((True, fn(*args)))
            except BaseException as error:  # re-raised in the greenlet
                box.append((False, error))
            watcher.send()

        pool.submit(task)
        try:
            waiter.get()  # the task appends its result before it wakes us
        finally:
            watcher.stop()
            watcher.close()
        ok, value = box[0]
        if not ok:
            raise value
        return value

    def submit(self, fn, *args):
        """Hand ``fn(*args)`` to a worker thread.

        From the loop, tasks are handed over once the loop has done what is
        ready now (a callback at the end of its turn): waking a thread takes the
        CPU and the interpreter away from the loop mid-turn, and a worker woken
        once then finds every job that arrived meanwhile in its group's line.
        """
        pool = self.pool
        if _get_ident() != self._loop_thread:
            pool.submit(fn, *args)
            return
        self._handoffs.append((fn, args))
        if not self._handoff_scheduled:
            self._handoff_scheduled = True
            self._hub.loop.run_callback(self._hand_off)

    def _hand_off(self) -> None:
        self._handoff_scheduled = False
        handoffs = self._handoffs
        while handoffs:
            fn, args = handoffs.popleft()
            try:
                self.pool.submit(fn, *args)
            except RuntimeError:  # the pool closed meanwhile (the server stops)
                logger.debug("dropped a task after the worker pool closed: %s", fn)

    def lock(self):
        # Taken by the hub and by worker threads, only around bookkeeping (never across a
        # switch), so an OS lock is right: a greenlet lock would not exclude threads.
        return _allocate_lock()

    def close(self):
        if self._pool is not None:
            self._pool.close()
            self._pool = None
