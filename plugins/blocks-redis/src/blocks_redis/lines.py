"""``RedisQueueBackend``: the lines and concurrency slots of every process, in Redis.

Each limited concurrency group has one line and one set of slots in Redis,
shared by every process serving the app (:mod:`blocks_redis.scripts`). A job
joins the line; a script grants free slots to the first live jobs of the
line, whichever process they belong to; the process that owns a granted job
hears it (at once for its own, by a message for others') and runs it. When
the function returns, its process releases the slot, which goes to the next
job in line at once.

Slots are leases on their process's heartbeat: a process killed mid-job
stops beating, and ``redis_lease`` seconds later (10 by default) the next
script that looks at its group drops its slots and places; the processes
with waiting jobs look every ``redis_lease / 4`` seconds. Its pages lost
their connections with it, and failed the jobs they were waiting for.
"""

from __future__ import annotations

import itertools
import logging
import time

from blocks.queue_shared import Enqueued, QueueBackend
from blocks_redis.store import RedisSessionStore

__all__ = ["RedisQueueBackend"]

logger = logging.getLogger("blocks.redis")

MOVED_INTERVAL = 0.25  # a process tells the others a line moved at most this often
LINES_FRESH = 0.25  # how long lines_empty() believes what Redis last told it


class RedisQueueBackend(QueueBackend):
    """Global slots and lines (``queue_backend="redis"``, the default with the Redis store)."""

    name = "redis"
    blocking = True

    def __init__(self, *, store, options=None):
        super().__init__(store=store, options=options)
        if not isinstance(store, RedisSessionStore):
            raise ValueError("queue_backend='redis' needs state_backend='redis' (the queue "
                             "shares the session store's Redis and process heartbeat).")
        self._numbers = itertools.count(1)
        self._limits: dict[str, int] = {}
        self._moved_at: dict[str, float] = {}
        self._moved_pending: set[str] = set()
        self._node = None
        self._messenger = None
        self._empty = False  # what lines_empty() last learnt from Redis, and until when
        self._empty_until = 0.0

    @property
    def node(self):
        node = self.store.node()
        if node is not self._node:  # first use, or a new process after a fork
            self._node = node
            node.handlers["grant"] = self._grant_message
            node.handlers["moved"] = self._moved_message
            if self._messenger is not None:
                node.handlers.update(self._messenger.handlers)
            node.ticks.append(self._tick)
        return node

    def new_token(self) -> str:
        return f"{self.node.id}|{next(self._numbers)}"

    def enqueue(self, group, token, *, limit, max_size):
        node = self.node
        if limit is not None:
            self._limits[group] = int(limit)
        answer = node.scripts.enqueue(args=[
            node.prefix, group, token, -1 if limit is None else int(limit),
            -1 if max_size is None else int(max_size), node.lease])
        if answer[0] == b"full":
            return Enqueued("full")
        if answer[0] == b"run":
            return Enqueued("run")
        self._deliver(group, answer[2])
        return Enqueued("wait", max(0, int(answer[1])))

    def release(self, group, token):
        limit = self._limits.get(group)
        if limit is None:
            return
        node = self.node
        granted, waiting = node.scripts.release(args=[node.prefix, group, token, limit,
                                                      node.lease])
        self._deliver(group, granted)
        if waiting:
            self._moved(group)

    def positions(self, group, tokens):
        node = self.node
        line = node.key("q", group, "wait")
        with node.redis.pipeline(transaction=False) as pipe:
            for token in tokens:
                pipe.zrank(line, token)
            return pipe.execute()

    def lines_empty(self):
        """No job waits in any line: asked of Redis at most every ``LINES_FRESH`` seconds
        (one ``ZCARD``, instead of a script for each job of a group without a limit)."""
        now = time.monotonic()
        if now >= self._empty_until:
            # one question at a time: jobs arriving meanwhile take the last answer
            self._empty_until = now + LINES_FRESH
            try:
                node = self.node
                self._empty = not node.redis.zcard(node.key("q", "waiting"))
            except Exception:
                self._empty = False  # unsure: every job goes through enqueue
                raise
        return self._empty

    def messenger(self):
        """The HTTP API's event streams are read from any process (relayed over pub/sub)."""
        if self._messenger is None:
            from blocks_redis.relay import RedisMessenger
            self._messenger = RedisMessenger(self)
        return self._messenger

    def close(self):
        if self._node is not None:
            self._node.close()

    # -- granting ------------------------------------------------------------------------
    def _deliver(self, group: str, tokens) -> None:
        node = self.node
        for raw in tokens:
            token = raw.decode() if isinstance(raw, bytes) else raw
            owner = token.split("|", 1)[0]
            if owner != node.id:
                node.send(owner, "grant", g=group, t=token)
            elif not self.lines.granted(token):
                self.release(group, token)  # it was cancelled meanwhile

    def _grant_message(self, data: dict) -> None:
        group, token = data.get("g"), data.get("t")
        if isinstance(group, str) and isinstance(token, str) and \
                not self.lines.granted(token):
            self.release(group, token)

    def _moved(self, group: str) -> None:
        now = time.monotonic()
        if now - self._moved_at.get(group, 0.0) < MOVED_INTERVAL:
            self._moved_pending.add(group)
            return
        self._moved_at[group] = now
        self._moved_pending.discard(group)
        self.node.send(None, "moved", g=group)

    def _moved_message(self, data: dict) -> None:
        if isinstance(data.get("g"), str):
            self.lines.moved(data["g"])

    def _tick(self) -> None:
        import redis
        """Every ``lease / 4`` s: repair what a lost message or a dead process left.

        For each group where jobs of this process wait: drop dead processes'
        slots and grant what is free; start waiting jobs already granted (a
        ``grant`` message that never arrived); tell the others about lines that
        moved lately.
        """
        if self.lines is None:
            return
        for group in list(self._moved_pending):
            self._moved_at.pop(group, None)
            self._moved(group)
        waiting: dict[str, list[str]] = {}
        for token, (job, group) in list(self.lines.jobs.items()):
            if job.state == "queued" and group.limit is not None:
                waiting.setdefault(group.key, []).append(token)
        node = self.node
        for group, tokens in waiting.items():
            try:
                self.release(group, "")
                slots = node.key("q", group, "slots")
                with node.redis.pipeline(transaction=False) as pipe:
                    for token in tokens:
                        pipe.zscore(slots, token)
                    held = pipe.execute()
            except redis.RedisError as error:
                logger.warning("checking the line of %s in Redis failed: %s", group, error)
                continue
            for token, score in zip(tokens, held):
                if score is not None and not self.lines.granted(token):
                    self.release(group, token)
