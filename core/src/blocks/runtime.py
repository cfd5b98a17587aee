"""Where the queue runs: a small interface, a pool of worker threads, a plain-thread runtime.

The queue (``blocks.queue``) only asks a :class:`Runtime` to spawn tasks on
its loop, run user functions in worker threads and pass results back. The
server provides one on gevent (``blocks.server.runtime``); :class:`ThreadRuntime`
runs everything on plain threads (tests, scripts).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

__all__ = ["Runtime", "ThreadRuntime", "WorkerPool"]

logger = logging.getLogger("blocks.queue")


class WorkerPool:
    """Up to ``size`` threads running submitted tasks in order; started as needed.

    ``start_thread``, ``make_queue`` and ``make_lock`` default to the standard
    library's; the gevent runtime passes the originals that monkey-patching
    leaves alone, so that these are real OS threads in every case.
    """

    def __init__(self, size: int, *, start_thread: Callable | None = None,
                 make_queue: Callable | None = None, make_lock: Callable | None = None,
                 name: str = "blocks-worker"):
        import _queue
        import _thread
        if int(size) < 1:
            raise ValueError("max_threads must be at least 1.")
        self.size = int(size)
        self.name = name
        self._start_thread = start_thread or _thread.start_new_thread
        self._tasks = (make_queue or _queue.SimpleQueue)()
        self._lock = (make_lock or _thread.allocate_lock)()
        self.threads = 0
        self.idle = 0
        self.pending = 0  # tasks not yet taken by a thread
        self.closed = False

    def submit(self, fn: Callable, *args) -> None:
        with self._lock:
            if self.closed:
                raise RuntimeError("the worker pool is closed")
            self.pending += 1
            grow = self.pending > self.idle and self.threads < self.size
            if grow:
                self.threads += 1
        self._tasks.put((fn, args))
        if grow:
            self._start_thread(self._work, ())

    def backlog(self) -> bool:
        """Whether tasks wait for a thread (a long-running task should make way)."""
        return self.pending > self.idle

    def _work(self) -> None:
        while True:
            with self._lock:
                self.idle += 1
            task = self._tasks.get()
            with self._lock:
                self.idle -= 1
                self.pending -= 1
            if task is None:
                with self._lock:
                    self.threads -= 1
                return
            fn, args = task
            try:
                fn(*args)
            except BaseException:
                logger.exception("a task of the worker pool failed")
            task = fn = args = None

    def close(self) -> None:
        """Let idle threads end; busy ones end after their task (threads cannot be killed)."""
        with self._lock:
            self.closed = True
            count = self.threads
            self.pending += count
        for _ in range(count):
            self._tasks.put(None)


class Runtime:
    """Where the queue runs: a loop for bookkeeping and messages, threads for user code."""

    #: the worker threads (``submit``, ``backlog``)
    pool: WorkerPool

    def spawn(self, fn: Callable, *args) -> Any:
        """Run ``fn`` soon on the loop."""
        raise NotImplementedError

    def spawn_later(self, seconds: float, fn: Callable, *args) -> Any:
        raise NotImplementedError

    def sleep(self, seconds: float) -> None:
        raise NotImplementedError

    def run_in_thread(self, fn: Callable, *args) -> Any:
        """From the loop: run ``fn`` in a worker thread and wait for its result."""
        raise NotImplementedError

    def submit(self, fn: Callable, *args) -> None:
        """Run ``fn`` in a worker thread; do not wait."""
        self.pool.submit(fn, *args)

    def lock(self):
        """A lock both the loop and worker threads may take (never held across a switch)."""
        raise NotImplementedError

    def call_from_thread(self, fn: Callable, *args) -> None:
        """From a worker thread: run ``fn`` on the loop, in the order of the calls.

        ``fn`` runs in the loop's own context: it must not block (sessions'
        ``send`` queues its frames and returns).
        """
        raise NotImplementedError

    def call_and_wait(self, fn: Callable, *args) -> Any:
        """From a worker thread: run ``fn`` on the loop (after what was called before) and
        wait for its result."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class ThreadRuntime(Runtime):
    """A runtime made of plain threads (for tests and non-gevent use).

    There is no loop: ``spawn`` starts a thread, and ``call_from_thread`` runs
    the function at once in the calling thread.
    """

    def __init__(self, max_threads: int = 40):
        self.max_threads = max_threads
        self.pool = WorkerPool(max_threads)

    def spawn(self, fn, *args):
        thread = threading.Thread(target=fn, args=args, daemon=True)
        thread.start()
        return thread

    def spawn_later(self, seconds, fn, *args):
        timer = threading.Timer(seconds, fn, args)
        timer.daemon = True
        timer.start()
        return timer

    def sleep(self, seconds):
        time.sleep(seconds)

    def run_in_thread(self, fn, *args):
        done = threading.Event()
        box = []

        def task():
            try:
                box.append((True, fn(*args)))
            except BaseException as error:  # re-raised below
                box.append((False, error))
            done.set()

        self.pool.submit(task)
        done.wait()
        ok, value = box[0]
        if not ok:
            raise value
        return value

    def lock(self):
        return threading.RLock()

    def call_from_thread(self, fn, *args):
        fn(*args)

    def call_and_wait(self, fn, *args):
        return fn(*args)

    def close(self):
        self.pool.close()
