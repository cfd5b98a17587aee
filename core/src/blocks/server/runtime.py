"""The queue's runtime on gevent: greenlets for jobs, a real thread pool for user code."""

from __future__ import annotations

import gevent
import gevent.lock
from gevent.threadpool import ThreadPool

from blocks.queue import Runtime

__all__ = ["GeventRuntime"]


class GeventRuntime(Runtime):
    """Jobs are greenlets on the server's hub; user functions run in OS threads.

    The pool is created on first use so that it belongs to the hub of the
    thread that serves (``launch`` serves from its own thread).
    """

    def __init__(self, max_threads: int = 40):
        self.max_threads = max_threads
        self._pool: ThreadPool | None = None
        self._hub = None

    @property
    def pool(self) -> ThreadPool:
        if self._pool is None:
            self._hub = gevent.get_hub()
            self._pool = ThreadPool(self.max_threads)
        return self._pool

    def call_from_thread(self, fn, *args):
        self._hub.loop.run_callback_threadsafe(fn, *args)

    def spawn(self, fn, *args):
        return gevent.spawn(fn, *args)

    def run_in_thread(self, fn, *args):
        ok, value = self.pool.spawn(_capture, fn, args).get()
        if not ok:
            raise value
        return value

    def lock(self):
        return gevent.lock.RLock()

    def close(self):
        if self._pool is not None:
            self._pool.kill()
            self._pool = None


def _capture(fn, args):
    # Hand exceptions back to the calling greenlet instead of letting the
    # pool print them: the queue reports them to the page and the log once.
    try:
        return True, fn(*args)
    except BaseException as error:  # noqa: BLE001 - re-raised by the caller
        return False, error
