"""This process as one member of the processes serving an app through Redis.

A :class:`Node` owns what the session store and the queue backend of one
process share: the Redis client, the process's id among the others, its
heartbeat, and the messages processes send each other.

- **Heartbeat.** Every ``lease / 4`` seconds the node writes the Redis clock's
  time beside its id (``<prefix>:workers``). A process whose last beat is older
  than ``lease`` seconds is dead: its concurrency slots and places in line go
  to others, and the sessions its connections held count as disconnected
  since its last beat (their grace period runs from then).
- **Messages.** Each process listens on its own channel and on the channel of
  all (Redis pub/sub), in a thread of its own, and hands what arrives to the
  server's loop. Pub/sub may lose a message when a connection breaks, so
  nothing depends on one alone: the periodic ``tick`` (on the loop) repairs
  what a lost message would have done.

Every time in Redis is the Redis server's clock (``TIME`` inside scripts), so
hosts whose clocks differ agree.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import threading
import time
from typing import Callable

from blocks_redis.scripts import Scripts

__all__ = ["Node", "DEFAULT_LEASE", "DEFAULT_PREFIX"]

logger = logging.getLogger("blocks.redis")

DEFAULT_PREFIX = "blocks"
DEFAULT_LEASE = 10.0


class Node:
    """One process's Redis client, id, heartbeat and messages (start with :meth:`start`)."""

    def __init__(self, url: str, *, prefix: str = DEFAULT_PREFIX, lease: float = DEFAULT_LEASE):
        self.url = url
        self.prefix = prefix
        self.lease = float(lease)
        import redis  # redis-py and gevent load when a store is made, not with the plugin
        self.redis = redis.Redis.from_url(url, health_check_interval=30)
        self.scripts = Scripts(self.redis)
        self.id = secrets.token_hex(6)
        self.pid = os.getpid()
        self.handlers: dict[str, Callable[[dict], None]] = {}
        self.ticks: list[Callable[[], None]] = []
        self.closed = False
        self._hub = None
        self._pubsub = None
        self._started = False

    def key(self, *parts: str) -> str:
        return ":".join((self.prefix, *parts))

    # -- life ---------------------------------------------------------------------------
    def start(self) -> None:
        """Join the others: first heartbeat, then the listener and heartbeat threads.

        Called on the server's loop (its hub receives the messages).
        """
        if self._started:
            return
        self._started = True
        import gevent
        self._hub = gevent.get_hub()
        self.beat(first=True)
        self._pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        self._pubsub.subscribe(self.key("to", self.id), self.key("all"))
        for target, name in ((self._listen, "blocks-redis-listen"),
                             (self._beat_forever, "blocks-redis-beat")):
            threading.Thread(target=target, name=name, daemon=True).start()

    def close(self) -> None:
        """Leave: the others take this process's slots and sessions at once."""
        if self.closed:
            return
        self.closed = True
        if not self._started:
            return
        import redis
        try:
            self.scripts.leave(args=[self.prefix, self.id, self.lease])
        except redis.RedisError:
            pass

    def beat(self, first: bool = False) -> None:
        if not self.scripts.beat(self.prefix, self.id) and not first and not self.closed:
            logger.warning("this process missed its heartbeats for longer than the lease "
                           "(%s s): the others took its slots and its sessions; raise "
                           "redis_lease if the machine is that busy.", self.lease)

    def _beat_forever(self) -> None:
        import redis
        # time.sleep is gevent's in a patched process (this thread is then a greenlet)
        while not self.closed:
            time.sleep(self.lease / 4)
            if self.closed:
                return
            try:
                self.beat()
            except redis.RedisError as error:
                logger.warning("heartbeat to Redis failed: %s", error)
            self.call_soon(self._tick)

    def _tick(self) -> None:
        for tick in list(self.ticks):
            try:
                tick()
            except Exception:
                logger.exception("a periodic task of blocks-redis failed")

    # -- messages -----------------------------------------------------------------------
    def send(self, to: str | None, kind: str, **fields) -> int:
        """Send a message to process ``to`` (``None``: every process, this one too);
        how many processes received it (0: ``to`` is gone)."""
        channel = self.key("all") if to is None else self.key("to", to)
        return self.redis.publish(channel, json.dumps({"k": kind, **fields}))

    def call_soon(self, fn: Callable, *args) -> None:
        """Run ``fn`` in a greenlet of the server's loop (from any thread): it may wait
        for Redis, which a loop callback may not."""
        if self._hub is not None:
            import gevent
            self._hub.loop.run_callback_threadsafe(gevent.spawn, fn, *args)

    def _listen(self) -> None:
        import redis
        while not self.closed:
            try:
                message = self._pubsub.get_message(timeout=1.0)
            except redis.RedisError as error:
                logger.warning("listening to Redis failed (%s); listening again", error)
                time.sleep(1)
                continue
            if message is None or message.get("type") != "message":
                continue
            try:
                data = json.loads(message["data"])
                handler = self.handlers.get(data.get("k"))
            except (ValueError, AttributeError):
                continue
            if handler is not None:
                self.call_soon(_safely, handler, data)


def _safely(handler, data) -> None:
    try:
        handler(data)
    except Exception:
        logger.exception("handling a message from another process failed")
